package io.mtc4j.rp.config;

import io.mtc4j.rp.policy.CosignerPolicy;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cosign.Cosigner;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a relying party knows about one Merkle Tree CA (draft §"Relying Party Configuration"): the CA ID, the
 * log hash, the CA cosigner and any other supported cosigners (ID and public key), the cosigner policy, trusted
 * subtrees and revoked serial ranges; plus the wire profile its certificates follow (nothing in the bytes says
 * which). Immutable; checked on construction: the CA cosigner's ID is the CA ID, cosigner IDs are unique, the
 * policy names only configured cosigners, and every name that goes into a CosignedMessage fits its field (draft
 * §"Signature Format": {@code cosigner_name<1..2^8-1>} and {@code log_origin<1..2^8-1>}): the longest log ID
 * {@code caId.logId(65535)} and, through {@link Cosigner}'s own check, every cosigner ID. A violation is an
 * {@link MtcParseException} naming the field ({@code CaConfig.caId}), so that {@code MtcVerifier.verify} never
 * meets a name it cannot encode.
 *
 * @param caId            the CA ID (also the CA cosigner's ID)
 * @param hash            the CA's log hash (HASH)
 * @param profile         the wire profile of this CA's certificates
 * @param caCosigner      the CA cosigner
 * @param otherCosigners  further supported cosigners (witnesses, mirrors, ...)
 * @param policy          which combinations of cosigners must have signed (draft §"Trusted Cosigners")
 * @param trustedSubtrees subtrees already known to be consistent with the policy (draft §"Trusted Subtrees")
 * @param revokedRanges   revoked serial ranges (draft §"Revoked Ranges")
 */
public record CaConfig(TrustAnchorId caId, HashFunction hash, Profile profile, Cosigner caCosigner,
        List<Cosigner> otherCosigners, CosignerPolicy policy, List<TrustedSubtree> trustedSubtrees,
        List<SerialRange> revokedRanges) {

    /**
     * Checks the components against the rules above and copies byte arrays.
     *
     * @param caId the CA ID (also the CA cosigner's ID)
     * @param hash the CA's log hash (HASH)
     * @param profile the wire profile of this CA's certificates
     * @param caCosigner the CA cosigner
     * @param otherCosigners further supported cosigners (witnesses, mirrors, ...)
     * @param policy which combinations of cosigners must have signed (draft §"Trusted Cosigners")
     * @param trustedSubtrees subtrees already known to be consistent with the policy (draft §"Trusted Subtrees")
     * @param revokedRanges revoked serial ranges (draft §"Revoked Ranges")
     */
    public CaConfig {
        Objects.requireNonNull(caId, "caId");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(caCosigner, "caCosigner");
        Objects.requireNonNull(policy, "policy");
        otherCosigners = List.copyOf(otherCosigners);
        trustedSubtrees = List.copyOf(trustedSubtrees);
        revokedRanges = List.copyOf(revokedRanges);
        requireLogOriginsFit("CaConfig.caId", caId);
        if (!caCosigner.id().equals(caId)) {
            throw new IllegalArgumentException("the CA cosigner's ID " + caCosigner.id() + " must be the CA ID " + caId
                    + " (draft §\"Certification Authority Cosigners\")");
        }
        Set<TrustAnchorId> ids = new HashSet<>();
        ids.add(caId);
        for (Cosigner c : otherCosigners) {
            if (!ids.add(c.id())) {
                throw new IllegalArgumentException("cosigner " + c.id() + " is configured twice");
            }
        }
        for (TrustAnchorId id : policy.cosigners()) {
            if (!ids.contains(id)) {
                throw new IllegalArgumentException("the policy names cosigner " + id + ", which has no key configured");
            }
        }
        Set<String> seen = new HashSet<>();
        for (TrustedSubtree t : trustedSubtrees) {
            // before plants-04 a CA had one log and trusted subtrees matched on [start, end) alone (MTC-NOTES §6)
            int log = profile.serialHasLogNumber() ? t.logNumber() : 0;
            if (!seen.add(log + ":" + t.start() + ":" + t.end())) {
                throw new IllegalArgumentException("trusted subtree " + t + " is listed twice");
            }
            if (t.hash().length != hash.size()) {
                throw new IllegalArgumentException("trusted subtree " + t + " hash is not " + hash.size() + " bytes");
            }
        }
    }

    /** The longest log number, whose log ID {@code C.0.65535} has the longest tlog name. */
    private static final int MAX_LOG_NUMBER = 0xffff;
    private static final int MAX_NAME_BYTES = 255;

    /**
     * draft §"Signature Format": every {@code log_origin} of this CA, the tlog name of {@code caId.logId(N)} for
     * N in 1..65535, must fit {@code opaque log_origin<1..2^8-1>}; the longest is N = 65535.
     *
     * @param field the field to name in the error
     * @throws MtcParseException if {@code caId.logId(65535)}'s tlog name is longer than 255 bytes
     * @param caId the CA ID (also the CA cosigner's ID)
     */
    public static void requireLogOriginsFit(String field, TrustAnchorId caId) {
        // the tlog name of C.0.65535 is C's tlog name plus ".0.65535" (the binary form may not even fit 255 bytes,
        // so this is computed rather than built)
        int n = caId.tlogNameBytes().length + (".0." + MAX_LOG_NUMBER).length();
        if (n > MAX_NAME_BYTES) {
            throw new MtcParseException(field, "the log ID " + caId + ".0." + MAX_LOG_NUMBER + " has a " + n
                    + "-byte tlog name, over the 255 bytes of log_origin<1..2^8-1> (draft §\"Signature Format\")");
        }
    }

    /**
     * The draft's minimal configuration from a CA certificate's facts: policy "CA cosigner required", no trusted
     * subtrees, revoked {@code [0, minSerial)} and {@code [maxSerial+1, 2^64)}.
     *
     * @param caId the CA ID (also the CA cosigner's ID)
     * @param hash the CA's log hash (HASH)
     * @param profile the wire profile of this CA's certificates
     * @param caCosigner the CA cosigner
     * @param minSerial the smallest serial the CA issues
     * @param maxSerial the largest serial the CA issues
     * @return the draft's minimal configuration from a CA certificate's facts: policy "CA cosigner required", no trusted subtrees, revoked {@code [0, minSerial)} and {@code [maxSerial+1, 2^64)}
     */
    public static CaConfig of(TrustAnchorId caId, HashFunction hash, Profile profile, Cosigner caCosigner,
            BigInteger minSerial, BigInteger maxSerial) {
        return new CaConfig(caId, hash, profile, caCosigner, List.of(), CosignerPolicy.require(caId), List.of(),
                revokedOutside(minSerial, maxSerial));
    }

    /**
     * draft §"Relying Party Configuration": {@code [0, minSerial)} and {@code [maxSerial+1, 2^64)}.
     *
     * @param minSerial the smallest serial the CA issues
     * @param maxSerial the largest serial the CA issues
     * @return the {@code List<SerialRange>}
     */
    public static List<SerialRange> revokedOutside(BigInteger minSerial, BigInteger maxSerial) {
        List<SerialRange> out = new ArrayList<>();
        out.add(new SerialRange(BigInteger.ZERO, minSerial.min(SerialRange.LIMIT)));
        BigInteger above = maxSerial.add(BigInteger.ONE).min(SerialRange.LIMIT);
        out.add(new SerialRange(above, SerialRange.LIMIT));
        return out;
    }

    /**
     * Every configured cosigner, the CA cosigner first, by ID.
     *
     * @return every configured cosigner, the CA cosigner first, by ID
     */
    public Map<TrustAnchorId, Cosigner> cosigners() {
        Map<TrustAnchorId, Cosigner> m = new LinkedHashMap<>();
        m.put(caId, caCosigner);
        otherCosigners.forEach(c -> m.put(c.id(), c));
        return m;
    }

    /**
     * The first revoked range containing {@code serial}.
     *
     * @param serial the serial number
     * @return the first revoked range containing {@code serial}
     */
    public Optional<SerialRange> revokedRangeOf(BigInteger serial) {
        return revokedRanges.stream().filter(r -> r.contains(serial)).findFirst();
    }

    /**
     * The trusted subtree with exactly this log number, start and end.
     *
     * @param logNumber the log number (1..65535)
     * @param start the subtree's start (inclusive)
     * @param end the subtree's end (exclusive)
     * @return the trusted subtree with exactly this log number, start and end
     */
    public Optional<TrustedSubtree> trustedSubtree(int logNumber, long start, long end) {
        return trustedSubtrees.stream().filter(t -> t.matches(logNumber, start, end)).findFirst();
    }

    /**
     * A copy with another policy.
     *
     * @param p the new value
     * @return a copy with another policy
     */
    public CaConfig withPolicy(CosignerPolicy p) {
        return new CaConfig(caId, hash, profile, caCosigner, otherCosigners, p, trustedSubtrees, revokedRanges);
    }

    /**
     * A copy with another other cosigners.
     *
     * @param cs the other cosigners
     * @return a copy with another other cosigners
     */
    public CaConfig withOtherCosigners(List<Cosigner> cs) {
        return new CaConfig(caId, hash, profile, caCosigner, cs, policy, trustedSubtrees, revokedRanges);
    }

    /**
     * A copy with another trusted subtrees.
     *
     * @param ts the trusted subtrees
     * @return a copy with another trusted subtrees
     */
    public CaConfig withTrustedSubtrees(List<TrustedSubtree> ts) {
        return new CaConfig(caId, hash, profile, caCosigner, otherCosigners, policy, ts, revokedRanges);
    }

    /**
     * A copy with another revoked ranges.
     *
     * @param rs the revoked ranges
     * @return a copy with another revoked ranges
     */
    public CaConfig withRevokedRanges(List<SerialRange> rs) {
        return new CaConfig(caId, hash, profile, caCosigner, otherCosigners, policy, trustedSubtrees, rs);
    }

    /**
     * A copy with another profile.
     *
     * @param p the new value
     * @return a copy with another profile
     */
    public CaConfig withProfile(Profile p) {
        return new CaConfig(caId, hash, p, caCosigner, otherCosigners, policy, trustedSubtrees, revokedRanges);
    }

    @Override
    public String toString() {
        return "CaConfig[" + caId + ", " + hash.name() + ", " + profile + ", cosigners=" + cosigners().keySet()
                + ", policy=" + policy + ", trustedSubtrees=" + trustedSubtrees.size() + ", revoked=" + revokedRanges
                + "]";
    }
}
