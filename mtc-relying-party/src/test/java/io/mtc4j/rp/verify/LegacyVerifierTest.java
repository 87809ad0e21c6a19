package io.mtc4j.rp.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.config.SerialRange;
import io.mtc4j.rp.config.TrustedSubtree;
import io.mtc4j.rp.policy.CosignerPolicy;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.codec.TlsWriter;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.cosign.SubtreeSigner;
import io.mtc4j.spec.cert.MtcProof;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Verification of certificates in every profile before plants-04 (MTC-NOTES §6): serial = bare index, issuer =
 * log ID = configured CA ID, unordered cosignatures over the legacy {@code mtc-subtree/v1} input, non-empty
 * subtrees, trusted subtrees matched on {@code [start, end)} alone. Valid certificates and one negative case per
 * rule, for each legacy profile.
 */
class LegacyVerifierTest {
    private static final Map<Profile, LegacyCa> LOGS = new ConcurrentHashMap<>();
    private static final Subtree S = new Subtree(16, 32);
    private static final Subtree LANDMARK = new Subtree(0, 32);
    private static final long INDEX = 21;
    private static final SubtreeSigner STRANGER = new SubtreeSigner(TrustAnchorId.parse("44.1"),
            Keys.generate(SignatureAlgorithm.ED25519, TestCa.seeded(98), SigningMode.DETERMINISTIC));

    static LegacyCa log(Profile p) {
        return LOGS.computeIfAbsent(p, x -> LegacyCa.withEntries(x, 20 + x.ordinal(), 40));
    }

    static VerificationResult verify(CaConfig c, byte[] cert) {
        return LegacyCa.verifier(c).verify(cert, TestCa.NOW);
    }

    static void assertStep(Step step, VerificationResult r) {
        assertEquals(Optional.of(step), r.failedStep(), r.verdict());
    }

    /** CA plus at least one witness. */
    static CosignerPolicy caPlusOne(LegacyCa ca) {
        return CosignerPolicy.caPlus(LegacyCa.LOG_ID, 1, ca.witnessIds());
    }

    @ParameterizedTest
    @EnumSource(value = Profile.class, names = {"DAVIDBEN_09", "DAVIDBEN_10", "PLANTS_01", "PLANTS_02"})
    void standaloneWithUnorderedCosignatures(Profile p) {
        LegacyCa ca = log(p);
        // witness first: the legacy wire format does not sort cosignatures (sorted from plants-04)
        byte[] cert = ca.certificate(INDEX, S, List.of(ca.witnesses.get(0), ca.ca));
        VerificationResult r = verify(ca.config(caPlusOne(ca)), cert);
        assertTrue(r.isValid(), r.verdict());
        assertEquals(Optional.of(VerificationResult.TrustPath.SIGNATURES), r.path());
        assertEquals(List.of(LegacyCa.LOG_ID, ca.witnesses.get(0).id()), r.satisfiedBy());
        assertEquals(Optional.of(BigInteger.valueOf(INDEX)), r.details().serial(), "serial = index");
        assertEquals(Optional.of(INDEX), r.details().index());
        assertEquals(Optional.empty(), r.details().logNumber(), "no log number before plants-04");
        assertEquals(Optional.of(LegacyCa.LOG_ID), r.details().caId());
        assertTrue(r.message().contains("log 32473.1 [16, 32)"), r.message());
        VerificationResult caOnly = verify(ca.config(), cert);
        assertTrue(caOnly.isValid(), caOnly.verdict());
        assertEquals(List.of(LegacyCa.LOG_ID), caOnly.satisfiedBy());
        assertEquals(List.of("32473.2.1:ignored", "32473.1:valid"), caOnly.details().cosignerNotes());
        // the full checks (validity, host) run after the legacy signature procedure as for any profile
        assertTrue(LegacyCa.verifier(ca.config()).verify(cert, TestCa.NOW,
                io.mtc4j.rp.host.HostMatcher.parseReference("a.example")).isValid());
    }

    @ParameterizedTest
    @EnumSource(value = Profile.class, names = {"DAVIDBEN_09", "DAVIDBEN_10", "PLANTS_01", "PLANTS_02"})
    void landmarkRelativeMatchesTrustedSubtreeOnStartAndEndAlone(Profile p) {
        LegacyCa ca = log(p);
        byte[] cert = ca.certificate(5, LANDMARK, List.of());
        assertStep(Step.COSIGNATURES, verify(ca.config(), cert));
        for (int logNumber : new int[] {1, 9, 65535}) {
            VerificationResult r = verify(ca.config().withTrustedSubtrees(List.of(ca.trusted(logNumber, LANDMARK))),
                    cert);
            assertTrue(r.isValid(), logNumber + ": " + r.verdict());
            assertEquals(Optional.of(VerificationResult.TrustPath.TRUSTED_SUBTREE), r.path());
            assertEquals(List.of(), r.satisfiedBy());
        }
        TrustedSubtree wrongHash = new TrustedSubtree(1, 0, 32, ca.subtreeHash(new Subtree(0, 16)));
        assertStep(Step.TRUSTED_SUBTREE, verify(ca.config().withTrustedSubtrees(List.of(wrongHash)), cert));
        // another [start, end) is not a match
        assertStep(Step.COSIGNATURES, verify(ca.config().withTrustedSubtrees(List.of(ca.trusted(1,
                new Subtree(0, 16)))), cert));
        // a standalone certificate whose subtree is trusted: the hash decides
        byte[] standalone = ca.certificate(INDEX, S, List.of(ca.ca));
        VerificationResult t = verify(ca.config().withTrustedSubtrees(List.of(ca.trusted(3, S))), standalone);
        assertEquals(Optional.of(VerificationResult.TrustPath.TRUSTED_SUBTREE), t.path(), t.verdict());
    }

    @ParameterizedTest
    @EnumSource(value = Profile.class, names = {"DAVIDBEN_09", "DAVIDBEN_10", "PLANTS_01", "PLANTS_02"})
    void oneLogPerCaSoTrustedSubtreesMayNotRepeatAnInterval(Profile p) {
        LegacyCa ca = log(p);
        List<TrustedSubtree> twoLogs = List.of(ca.trusted(1, LANDMARK), ca.trusted(2, LANDMARK));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ca.config().withTrustedSubtrees(twoLogs));
        assertTrue(e.getMessage().contains("listed twice"), e.getMessage());
        // from plants-04 on they are two different logs' subtrees
        assertEquals(2, ca.config().withProfile(Profile.PLANTS_05).withTrustedSubtrees(twoLogs).trustedSubtrees()
                .size());
    }

    @ParameterizedTest
    @EnumSource(value = Profile.class, names = {"DAVIDBEN_09", "DAVIDBEN_10", "PLANTS_01", "PLANTS_02"})
    void wrongSerials(Profile p) {
        LegacyCa ca = log(p);
        CaConfig config = ca.config();
        Surgery s = new Surgery(ca.certificate(INDEX, S, List.of(ca.ca)));
        // another index in the same subtree: the proof evaluates to another hash, which the CA did not sign
        VerificationResult next = verify(config, s.withSerial(BigInteger.valueOf(INDEX + 1)));
        assertStep(Step.COSIGNATURES, next);
        assertEquals(Optional.of(INDEX + 1), next.details().index());
        // an index outside [start, end)
        assertStep(Step.INCLUSION_PROOF, verify(config, s.withSerial(BigInteger.valueOf(40))));
        // a plants-04 style serial (log 1 << 48 | index) is index 2^48 + 21 here
        VerificationResult current = verify(config, s.withSerial(BigInteger.ONE.shiftLeft(48).or(
                BigInteger.valueOf(INDEX))));
        assertStep(Step.INCLUSION_PROOF, current);
        assertEquals(Optional.of((1L << 48) | INDEX), current.details().index());
        assertEquals(Optional.empty(), current.details().logNumber());
        // index 0 is the log's null_entry
        Surgery zero = new Surgery(ca.certificate(1, LANDMARK, List.of(ca.ca)));
        VerificationResult z = verify(config, zero.withSerial(BigInteger.ZERO));
        assertStep(Step.LOG_ENTRY, z);
        assertTrue(z.message().contains("null_entry"), z.message());
        // 0 <= serial <= 2^64-1 still holds; the largest serial is an unsigned 64-bit index
        assertStep(Step.SERIAL_RANGE, verify(config, s.withSerial(BigInteger.ONE.shiftLeft(64))));
        VerificationResult max = verify(config, s.withSerial(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)));
        assertStep(Step.INCLUSION_PROOF, max);
        assertEquals(Optional.of(-1L), max.details().index());
        // revoked ranges are ranges of indices
        VerificationResult revoked = verify(config.withRevokedRanges(List.of(new SerialRange(BigInteger.valueOf(
                INDEX), BigInteger.valueOf(INDEX + 1)))), s.withSerial(BigInteger.valueOf(INDEX)));
        assertStep(Step.REVOKED_RANGE, revoked);
        assertTrue(revoked.message().contains("index 21"), revoked.message());
    }

    @ParameterizedTest
    @EnumSource(value = Profile.class, names = {"DAVIDBEN_09", "DAVIDBEN_10", "PLANTS_01", "PLANTS_02"})
    void flippedProofAndSignatureBits(Profile p) {
        LegacyCa ca = log(p);
        byte[] standalone = ca.certificate(INDEX, S, List.of(ca.ca));
        // legacy MTCProof: u64 start | u64 end | u16 proof length | hashes | signatures
        int firstHash = Surgery.proofOffset(standalone) + 18;
        assertStep(Step.COSIGNATURES, verify(ca.config(), Surgery.flip(standalone, firstHash, 0)));
        VerificationResult sig = verify(ca.config(), Surgery.flip(standalone, standalone.length - 1, 3));
        assertStep(Step.COSIGNATURES, sig);
        assertEquals(List.of("32473.1:invalid"), sig.details().cosignerNotes());
        byte[] relative = ca.certificate(5, LANDMARK, List.of());
        CaConfig trusted = ca.config().withTrustedSubtrees(List.of(ca.trusted(1, LANDMARK)));
        assertTrue(verify(trusted, relative).isValid());
        int h = Surgery.proofOffset(relative) + 18;
        assertStep(Step.TRUSTED_SUBTREE, verify(trusted, Surgery.flip(relative, h + 31, 7)));
        // start and end: u64 each
        int start = Surgery.proofOffset(standalone);
        assertStep(Step.INCLUSION_PROOF, verify(ca.config(), Surgery.flip(standalone, start + 7, 4)));
        assertStep(Step.INCLUSION_PROOF, verify(ca.config(), Surgery.flip(standalone, start, 0)));
    }

    @ParameterizedTest
    @EnumSource(value = Profile.class, names = {"DAVIDBEN_09", "DAVIDBEN_10", "PLANTS_01", "PLANTS_02"})
    void wrongIssuerOrLog(Profile p) {
        LegacyCa ca = log(p);
        byte[] cert = ca.certificate(INDEX, S, List.of(ca.ca));
        // the relying party knows another CA
        CaConfig other = new CaConfig(TrustAnchorId.parse("32473.9"), TestCa.HASH, p,
                new io.mtc4j.spec.cosign.Cosigner(TrustAnchorId.parse("32473.9"), ca.ca.cosigner().verifier()),
                List.of(), CosignerPolicy.require(TrustAnchorId.parse("32473.9")), List.of(), List.of());
        assertStep(Step.ISSUER, verify(other, cert));
        // the CA signed over the plants-04 log ID 32473.1.0.1 rather than its log ID (the issuer) 32473.1
        byte[] overCurrentLogId = ca.certificate(INDEX, S, List.of(ca.ca), LegacyCa.LOG_ID.logId(1));
        VerificationResult r = verify(ca.config(), overCurrentLogId);
        assertStep(Step.COSIGNATURES, r);
        assertEquals(List.of("32473.1:invalid"), r.details().cosignerNotes());
    }

    @ParameterizedTest
    @EnumSource(value = Profile.class, names = {"DAVIDBEN_09", "DAVIDBEN_10", "PLANTS_01", "PLANTS_02"})
    void emptySubtreeIsInvalid(Profile p) {
        LegacyCa ca = log(p);
        Surgery s = new Surgery(ca.certificate(INDEX, new Subtree(INDEX, INDEX + 1), List.of(ca.ca)));
        assertTrue(verify(ca.config(), s.withProof(s.proofBytes())).isValid(), "the surgery itself is neutral");
        MtcProof real = MtcProof.parse(p, 32, s.proofBytes());
        byte[] empty = TlsWriter.encode(w -> {
            w.u64(INDEX).u64(INDEX);
            w.u16Vector("inclusion_proof", 0, 0xffff, v -> { });
            w.u16Vector("signatures", 0, 0xffff, v -> {
                v.u8Bytes("cosigner_id", 1, 255, LegacyCa.LOG_ID.binary());
                v.u16Bytes("signature", 0, 0xffff, real.signatures().get(0).signature());
            });
        });
        VerificationResult r = verify(ca.config(), s.withProof(empty));
        assertStep(Step.INCLUSION_PROOF, r);
        assertTrue(r.message().contains("empty"), r.message());
        // a trusted [21, 21) changes nothing: no entry is in an empty subtree
        CaConfig trusted = ca.config().withTrustedSubtrees(List.of(new TrustedSubtree(1, INDEX, INDEX,
                TestCa.HASH.digest(new byte[0]))));
        assertStep(Step.INCLUSION_PROOF, verify(trusted, s.withProof(empty)));
    }

    @ParameterizedTest
    @EnumSource(value = Profile.class, names = {"DAVIDBEN_09", "DAVIDBEN_10", "PLANTS_01", "PLANTS_02"})
    void unknownCosignerOnly(Profile p) {
        LegacyCa ca = log(p);
        VerificationResult r = verify(ca.config(), ca.certificate(INDEX, S, List.of(STRANGER)));
        assertStep(Step.COSIGNATURES, r);
        assertEquals(List.of("44.1:ignored"), r.details().cosignerNotes());
        // a stranger beside the CA is ignored, whatever the order
        assertTrue(verify(ca.config(), ca.certificate(INDEX, S, List.of(STRANGER, ca.ca))).isValid());
    }

    @ParameterizedTest
    @EnumSource(value = Profile.class, names = {"DAVIDBEN_09", "DAVIDBEN_10", "PLANTS_01", "PLANTS_02"})
    void theProfileIsPinnedPerIssuer(Profile p) {
        LegacyCa ca = log(p);
        byte[] cert = ca.certificate(INDEX, S, List.of(ca.ca));
        VerificationResult current = verify(ca.config().withProfile(Profile.PLANTS_05), cert);
        assertFalse(current.isValid(), current.verdict());
        for (Profile other : List.of(Profile.DAVIDBEN_09, Profile.DAVIDBEN_10, Profile.PLANTS_02)) {
            boolean sameEntry = other == p || (other.entryIsSequence() == p.entryIsSequence()
                    && other.hasSubjectPublicKeyAlgorithm() == p.hasSubjectPublicKeyAlgorithm());
            assertEquals(sameEntry, verify(ca.config().withProfile(other), cert).isValid(), p + " under " + other);
        }
    }
}
