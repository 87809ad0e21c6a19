package io.mtc4j.rp.verify;

import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.config.RelyingPartyConfig;
import io.mtc4j.rp.config.SerialRange;
import io.mtc4j.rp.config.TrustedSubtree;
import io.mtc4j.rp.host.HostMatcher;
import io.mtc4j.rp.policy.CosignerPolicy;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.cert.MtcOids;
import io.mtc4j.spec.cert.MtcProof;
import io.mtc4j.spec.cert.SubtreeSignature;
import io.mtc4j.spec.cert.TbsCertificate;
import io.mtc4j.spec.cosign.Cosigner;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.DerElement;
import io.mtc4j.spec.der.DerReader;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.entry.TbsCertificateLogEntry;
import io.mtc4j.spec.merkle.MerkleProofException;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A relying party's verifier for Merkle Tree Certificates: draft §"Verifying Certificate Signatures" step by step
 * (each step a {@link Step}), followed by the checks the draft leaves to ordinary path validation
 * ({@link LeafChecks}). Thread-safe and immutable; build one per configuration.
 *
 * <p><b>Legacy profiles.</b> For a CA configured with a profile before plants-04 ({@link Profile#DAVIDBEN_09},
 * {@link Profile#DAVIDBEN_10}, {@link Profile#PLANTS_01}, {@link Profile#PLANTS_02}) the same steps run with the
 * rules of those drafts (MTC-NOTES §6; draft change log "Since draft-ietf-plants-merkle-tree-certs-03"), all
 * confined to {@code legacyPosition} and the checks that ask {@code LogPosition.isLegacy()}: the serial is the bare index (there is no
 * log number; {@link VerificationResult.Details#logNumber()} stays empty), the issuer is the log ID, which is the
 * configured CA ID (each CA had exactly one log), index 0 is reserved for {@code null_entry}, subtrees are
 * non-empty, trusted subtrees match on {@code [start, end)} alone, and cosigners sign the legacy
 * {@code "mtc-subtree/v1\n\0"} input ({@link Cosigner#verifySubtreeSignature} with the profile). The entry layout
 * and the unordered signature list come from mtc-spec's profile-aware parsers.
 */
public final class MtcVerifier {
    /** AlgorithmIdentifier { id-alg-mtcProof } with parameters omitted. */
    private static final byte[] MTC_PROOF_ALGORITHM = Der.algorithmIdentifier(MtcOids.ID_ALG_MTC_PROOF);
    private static final BigInteger MAX_SERIAL = SerialRange.LIMIT.subtract(BigInteger.ONE);
    private static final long INDEX_MASK = (1L << 48) - 1;

    private final RelyingPartyConfig config;
    private final LeafChecks.Options options;
    /** Per CA, lookups built once: the verifier is used for many certificates. */
    private final Map<TrustAnchorId, Prepared> prepared;

    /** Trusted-subtree lookup key; legacy profiles use {@link #LEGACY_LOG} (they match on [start, end) alone). */
    private record SubtreeKey(int logNumber, long start, long end) {}

    /** The log-number slot of a legacy profile's {@link SubtreeKey}: 0, which no current log number takes. */
    private static final int LEGACY_LOG = 0;

    private record Prepared(CaConfig ca, Map<TrustAnchorId, Cosigner> cosigners, Set<TrustAnchorId> wanted,
            Map<SubtreeKey, TrustedSubtree> trusted) {
        static Prepared of(CaConfig ca) {
            Map<SubtreeKey, TrustedSubtree> t = new HashMap<>();
            boolean legacy = !ca.profile().serialHasLogNumber();
            for (TrustedSubtree s : ca.trustedSubtrees()) {
                t.put(new SubtreeKey(legacy ? LEGACY_LOG : s.logNumber(), s.start(), s.end()), s);
            }
            return new Prepared(ca, Map.copyOf(ca.cosigners()), Set.copyOf(ca.policy().cosigners()), Map.copyOf(t));
        }
    }

    /** A verifier with the full TLS server checks. */
    public MtcVerifier(RelyingPartyConfig config) {
        this(config, LeafChecks.Options.tlsServer());
    }

    public MtcVerifier(RelyingPartyConfig config, LeafChecks.Options options) {
        this.config = Objects.requireNonNull(config, "config");
        this.options = Objects.requireNonNull(options, "options");
        Map<TrustAnchorId, Prepared> p = new HashMap<>();
        for (CaConfig ca : config.cas()) {
            p.put(ca.caId(), Prepared.of(ca));
        }
        this.prepared = Map.copyOf(p);
    }

    public RelyingPartyConfig config() {
        return config;
    }

    /** Verifies a DER certificate at {@code time}, optionally for {@code host}. */
    public VerificationResult verify(byte[] certificateDer, Instant time, Optional<HostMatcher.Reference> host) {
        Run run = new Run();
        VerificationResult r = verifySignature(certificateDer, run);
        if (!r.isValid()) {
            return r;
        }
        LeafChecks.LeafFacts facts;
        try {
            facts = LeafChecks.facts(run.tbs);
        } catch (MtcException e) {
            return run.fail(Step.CERTIFICATE_DECODING, e.getMessage());
        }
        Optional<LeafChecks.Failure> f = LeafChecks.check(facts, time, host, options);
        if (f.isPresent()) {
            return run.fail(f.get().step(), f.get().message());
        }
        return r;
    }

    /**
     * Only the draft's signature procedure (RFC 5280 §6.1.3 (a)(1) replacement): no validity, usage or host checks.
     */
    public VerificationResult verifySignature(byte[] certificateDer) {
        return verifySignature(certificateDer, new Run());
    }

    /** Mutable state of one verification; never shared. */
    private static final class Run {
        TbsCertificate tbs;
        Optional<TrustAnchorId> caId = Optional.empty();
        Optional<BigInteger> serial = Optional.empty();
        Optional<Integer> logNumber = Optional.empty();
        Optional<Long> index = Optional.empty();
        Optional<Long> start = Optional.empty();
        Optional<Long> end = Optional.empty();
        List<String> notes = new ArrayList<>();

        VerificationResult.Details details() {
            return new VerificationResult.Details(caId, serial, logNumber, index, start, end, notes);
        }

        VerificationResult fail(Step step, String message) {
            return VerificationResult.failure(step, message, details());
        }
    }

    private VerificationResult verifySignature(byte[] der, Run run) {
        // RFC 5280 §4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }, in DER.
        DerElement sigAlg;
        DerElement sigValue;
        try {
            DerElement cert = DerReader.single(der, "Certificate");
            if (cert.tag() != Der.SEQUENCE) {
                return run.fail(Step.CERTIFICATE_DECODING, "Certificate: must be a SEQUENCE");
            }
            DerReader r = cert.reader();
            DerElement tbsElement = r.read("Certificate.tbsCertificate", Der.SEQUENCE);
            sigAlg = r.read("Certificate.signatureAlgorithm", Der.SEQUENCE);
            sigValue = r.read("Certificate.signatureValue", Der.BIT_STRING);
            r.finish();
            run.tbs = TbsCertificate.parse(tbsElement.encoded());
        } catch (MtcException e) {
            return run.fail(Step.CERTIFICATE_DECODING, e.getMessage());
        }
        TbsCertificate tbs = run.tbs;

        // Precondition of the procedure: the issuer is a Merkle Tree CA the relying party is configured for.
        Prepared prep;
        try {
            TrustAnchorId caId = CaIdName.parse(tbs.issuer()).id();
            run.caId = Optional.of(caId);
            prep = prepared.get(caId);
            if (prep == null) {
                return run.fail(Step.ISSUER, "issuer CA ID " + caId + " is not a configured Merkle Tree CA");
            }
        } catch (MtcException e) {
            return run.fail(Step.ISSUER, "issuer is not a CA ID Name: " + e.getMessage());
        }
        CaConfig ca = prep.ca();
        Profile profile = ca.profile();

        // draft step 1: signature is id-alg-mtcProof with omitted parameters (and RFC 5280 §4.1.1.2: the outer
        // signatureAlgorithm is the same).
        if (!Arrays.equals(tbs.signature(), MTC_PROOF_ALGORITHM)) {
            return run.fail(Step.SIGNATURE_ALGORITHM, "TBSCertificate.signature is " + describeAlgorithm(tbs.signature())
                    + ", not id-alg-mtcProof (" + MtcOids.ID_ALG_MTC_PROOF + ") with omitted parameters");
        }
        if (!Arrays.equals(sigAlg.encoded(), tbs.signature())) {
            return run.fail(Step.SIGNATURE_ALGORITHM, "Certificate.signatureAlgorithm is "
                    + describeAlgorithm(sigAlg.encoded()) + ", which differs from TBSCertificate.signature");
        }

        // draft step 2: decode signatureValue as an MTCProof (whole octets, no trailing data).
        MtcProof proof;
        try {
            byte[] octets = sigValue.bitStringOctets();
            proof = MtcProof.parse(profile, ca.hash().size(), octets);
        } catch (MtcException e) {
            return run.fail(Step.PROOF_DECODING, e.getMessage());
        }
        run.start = Optional.of(proof.start());
        run.end = Optional.of(proof.end());

        // draft step 3: 0 <= serial <= 2^64-1.
        BigInteger serial = tbs.serialNumber();
        run.serial = Optional.of(serial);
        if (serial.signum() < 0 || serial.compareTo(MAX_SERIAL) > 0) {
            return run.fail(Step.SERIAL_RANGE, "serial " + serial + " is outside 0..2^64-1");
        }

        // draft step 4: revoked ranges.
        Optional<SerialRange> revoked = ca.revokedRangeOf(serial);
        if (revoked.isPresent()) {
            String where = profile.serialHasLogNumber()
                    ? "log " + serial.shiftRight(48) + ", index " + (serial.longValue() & INDEX_MASK)
                    : "index " + serial + ", " + profile + " serials are bare indices";
            return run.fail(Step.REVOKED_RANGE, "serial " + serial + " (" + where + ") is in revoked range "
                    + revoked.get());
        }

        // draft step 5: index and log_number; log_number 0 is invalid.
        LogPosition pos;
        if (profile.serialHasLogNumber()) {
            long index = serial.longValue() & INDEX_MASK;
            int logNumber = serial.shiftRight(48).intValueExact();
            run.logNumber = Optional.of(logNumber);
            run.index = Optional.of(index);
            if (logNumber == 0) {
                return run.fail(Step.LOG_NUMBER, "log_number (serial >> 48) is 0");
            }
            // draft step 6: log_id = CA ID . 0 . log_number
            pos = new LogPosition(logNumber, ca.caId().logId(logNumber), index);
        } else {
            pos = legacyPosition(ca, serial);
            run.index = Optional.of(pos.index());
            if (pos.index() == 0) {
                return run.fail(Step.LOG_ENTRY, "index 0: in " + profile + " \"the entry at index zero of every"
                        + " issuance log MUST be of type null_entry\" (draft-ietf-plants-02 §\"Log Entries\", likewise in"
                        + " every draft before plants-04), so no certificate has serial 0");
            }
        }
        long index = pos.index();
        TrustAnchorId logId = pos.logId();

        // draft steps 6-9: log_id, TBSCertificateLogEntry, MTCLogEntry with the proof's extensions, entry_hash.
        byte[] entryHash;
        try {
            TbsCertificateLogEntry tbsEntry = TbsCertificateLogEntry.fromTbsCertificate(tbs, ca.hash(), profile);
            MtcLogEntry entry = MtcLogEntry.tbsCertEntry(profile, proof.extensions(), tbsEntry);
            entryHash = entry.entryHash(ca.hash());
        } catch (MtcException | IllegalArgumentException e) {
            return run.fail(Step.LOG_ENTRY, "cannot build the log entry: " + e.getMessage());
        }

        // draft step 10: evaluate the inclusion proof to expected_subtree_hash.
        if (pos.isLegacy() && proof.start() == proof.end()) {
            // before the editor's copy after plants-05 a valid subtree had 0 <= start < end (MTC-NOTES §3.2, §6)
            return run.fail(Step.INCLUSION_PROOF, "[" + Long.toUnsignedString(proof.start()) + ", "
                    + Long.toUnsignedString(proof.end()) + ") is empty; subtrees are non-empty in " + profile);
        }
        byte[] expected;
        try {
            expected = SubtreeProofs.evaluateInclusionProof(ca.hash(), new Subtree(proof.start(), proof.end()), index,
                    entryHash, proof.inclusionProof());
        } catch (MerkleProofException e) {
            return run.fail(Step.INCLUSION_PROOF, e.getMessage());
        }
        String range = "[" + Long.toUnsignedString(proof.start()) + ", " + Long.toUnsignedString(proof.end()) + ")";

        // draft step 11: a trusted subtree decides by hash equality alone.
        Optional<TrustedSubtree> trusted = Optional.ofNullable(
                prep.trusted().get(new SubtreeKey(pos.logNumber(), proof.start(), proof.end())));
        String log = pos.describe();
        if (trusted.isPresent()) {
            if (trusted.get().hashEquals(expected)) {
                return VerificationResult.success(VerificationResult.TrustPath.TRUSTED_SUBTREE, List.of(),
                        "trusted subtree " + log + " " + range, run.details());
            }
            return run.fail(Step.TRUSTED_SUBTREE, log + " " + range + " is a trusted subtree but the"
                    + " proof evaluates to " + HexFormat.of().formatHex(expected));
        }

        // draft step 12: valid signatures of known cosigners must satisfy the policy; unknown ones are ignored.
        CosignerPolicy policy = ca.policy();
        Set<TrustAnchorId> wanted = prep.wanted();
        Map<TrustAnchorId, Cosigner> known = prep.cosigners();
        Set<TrustAnchorId> valid = new HashSet<>();
        for (SubtreeSignature s : proof.signatures()) {
            Cosigner c = known.get(s.cosignerId());
            if (c == null || !wanted.contains(s.cosignerId())) {
                run.notes.add(s.cosignerId() + ":ignored");
                continue;
            }
            boolean ok = c.verifySubtreeSignature(profile, logId, proof.start(), proof.end(), expected,
                    s.signature());
            run.notes.add(s.cosignerId() + (ok ? ":valid" : ":invalid"));
            if (ok) {
                valid.add(s.cosignerId());
            }
        }
        CosignerPolicy.PolicyOutcome outcome = policy.evaluate(valid);
        if (!outcome.satisfied()) {
            return run.fail(Step.COSIGNATURES, "cosigner policy " + policy + " is not met for " + log + " "
                    + range + " (signatures: " + (run.notes.isEmpty() ? "none" : String.join(", ", run.notes)) + ")");
        }
        return VerificationResult.success(VerificationResult.TrustPath.SIGNATURES, outcome.satisfiedBy(),
                log + " " + range + " cosigned", run.details());
    }

    /**
     * The log an entry is in and its index there.
     *
     * @param logNumber the log number, or {@link #LEGACY_LOG} before plants-04 (serials carry none)
     * @param logId     the log ID that goes into the cosigners' signed input
     * @param index     the entry's index (unsigned)
     */
    private record LogPosition(int logNumber, TrustAnchorId logId, long index) {
        boolean isLegacy() {
            return logNumber == LEGACY_LOG;
        }

        /** "log 1" (current) or "log 32473.1" (legacy: the log is named by its ID). */
        String describe() {
            return isLegacy() ? "log " + logId : "log " + logNumber;
        }
    }

    /**
     * Steps 5-6 for profiles before plants-04 (davidben-09, davidben-10, plants-01, plants-02; MTC-NOTES §6 and the
     * draft's change log "Since draft-ietf-plants-merkle-tree-certs-03": "A single CA now operates a series of
     * issuance logs, instead of a one-to-one correspondence"). draft-ietf-plants-02 §"Verifying Certificate
     * Signatures" step 3: "Let {@code index} be the certificate's serial number"; §"Certificate Format": the
     * issuer "MUST be the issuance log's log ID". The issuer already selected this CA configuration, so the log ID
     * is the configured CA ID. Never fails: the serial was checked to be 0..2^64-1.
     */
    private static LogPosition legacyPosition(CaConfig ca, BigInteger serial) {
        return new LogPosition(LEGACY_LOG, ca.caId(), serial.longValue());
    }

    private static String describeAlgorithm(byte[] algorithmIdentifier) {
        try {
            DerReader r = DerReader.single(algorithmIdentifier, "AlgorithmIdentifier").reader();
            String oid = r.read("AlgorithmIdentifier.algorithm", Der.OBJECT_IDENTIFIER).oid();
            return r.isEmpty() ? oid : oid + " with parameters";
        } catch (MtcException e) {
            return "a malformed AlgorithmIdentifier";
        }
    }
}
