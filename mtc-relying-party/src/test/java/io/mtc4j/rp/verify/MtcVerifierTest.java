package io.mtc4j.rp.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.config.RelyingPartyConfig;
import io.mtc4j.rp.config.SerialRange;
import io.mtc4j.rp.config.TrustedSubtree;
import io.mtc4j.rp.host.HostMatcher;
import io.mtc4j.rp.policy.CosignerPolicy;
import io.mtc4j.spec.cert.MtcOids;
import io.mtc4j.spec.cert.MtcProof;
import io.mtc4j.spec.cert.SubtreeSignature;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.cosign.SubtreeSigner;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.entry.EntryExtension;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Named positive and negative cases, each checked against the step the draft (or path validation) says must reject
 * it. The bit-flip sweeps are in {@link NegativeCasesTest}.
 */
class MtcVerifierTest {
    static TestCa ca;
    static final Subtree S = new Subtree(8, 16);
    static long idx;
    static byte[] standalone;
    static byte[] landmark;

    @BeforeAll
    static void build() {
        ca = new TestCa(1, 42);
        for (int i = 0; i < 20; i++) {
            ca.addEntry();
        }
        idx = 10;
        standalone = ca.certificate(idx, S, List.of(ca.ca, ca.witnesses.get(0)));
        landmark = ca.certificate(idx, S, List.of());
    }

    static VerificationResult verify(CaConfig c, byte[] cert) {
        return ca.verifier(c).verify(cert, TestCa.NOW);
    }

    static void assertStep(Step expected, VerificationResult r) {
        assertEquals(Optional.of(expected), r.failedStep(), r.verdict());
    }

    @Test
    void standaloneIsValidByItsSignatures() {
        VerificationResult r = verify(ca.config(), standalone);
        assertTrue(r.isValid(), r.verdict());
        assertEquals(Optional.of(VerificationResult.TrustPath.SIGNATURES), r.path());
        assertEquals(List.of(TestCa.CA_ID), r.satisfiedBy());
        assertEquals("valid path=signatures cosigners=32473.1", r.verdict());
        assertEquals(Optional.of(1), r.details().logNumber());
        assertEquals(Optional.of(10L), r.details().index());
        // CA plus any one other
        r = verify(ca.config(CosignerPolicy.caPlus(TestCa.CA_ID, 1, ca.witnessIds())), standalone);
        assertEquals(List.of(TestCa.CA_ID, ca.witnesses.get(0).id()), r.satisfiedBy());
        // CA plus two others: only one witness signed
        assertStep(Step.COSIGNATURES, verify(ca.config(CosignerPolicy.caPlus(TestCa.CA_ID, 2, ca.witnessIds())),
                standalone));
    }

    @Test
    void landmarkRelativeNeedsItsTrustedSubtree() {
        VerificationResult none = verify(ca.config(), landmark);
        assertStep(Step.COSIGNATURES, none);
        assertEquals("landmark-relative certificate (no cosignatures) in log 1 [8, 16): no trusted subtrees are"
                + " loaded for CA 32473.1, and it can only verify against one (draft step 11)", none.message());
        VerificationResult r = verify(ca.config().withTrustedSubtrees(List.of(ca.trusted(S))), landmark);
        assertTrue(r.isValid(), r.verdict());
        assertEquals(Optional.of(VerificationResult.TrustPath.TRUSTED_SUBTREE), r.path());
        assertEquals(List.of(), r.satisfiedBy());
        // a trusted subtree decides alone, even with valid signatures present (draft step 11)
        byte[] wrong = ca.subtreeHash(S).clone();
        wrong[0] ^= 1;
        CaConfig bad = ca.config().withTrustedSubtrees(List.of(new TrustedSubtree(1, 8, 16, wrong)));
        assertStep(Step.TRUSTED_SUBTREE, verify(bad, landmark));
        assertStep(Step.TRUSTED_SUBTREE, verify(bad, standalone));
        // same range in another log does not match
        CaConfig otherLog = ca.config().withTrustedSubtrees(List.of(new TrustedSubtree(2, 8, 16, ca.subtreeHash(S))));
        VerificationResult unmatched = verify(otherLog, landmark);
        assertStep(Step.COSIGNATURES, unmatched);
        assertEquals("landmark-relative certificate (no cosignatures) in log 1 [8, 16): none of the 1 trusted subtrees"
                + " loaded for CA 32473.1 is this subtree (draft step 11); load the landmarks that cover it",
                unmatched.message());
        // with cosignatures present the policy message lists them, as before
        assertTrue(verify(ca.config(CosignerPolicy.caPlus(TestCa.CA_ID, 2, ca.witnessIds())), standalone).message()
                .startsWith("cosigner policy "));
    }

    @Test
    void issuerMustBeConfigured() {
        TestCa other = new TestCa(1, 7);
        CaConfig c = other.config();
        CaConfig renamed = new CaConfig(TrustAnchorId.parse("32473.9"), c.hash(), c.profile(),
                new io.mtc4j.spec.cosign.Cosigner(TrustAnchorId.parse("32473.9"), c.caCosigner().verifier()),
                List.of(), CosignerPolicy.require(TrustAnchorId.parse("32473.9")), List.of(), List.of());
        assertStep(Step.ISSUER, verify(renamed, standalone));
    }

    @Test
    void signatureAlgorithmMustBeMtcProofWithoutParameters() {
        Surgery s = new Surgery(standalone);
        byte[] mlDsa = Der.algorithmIdentifier("2.16.840.1.101.3.4.3.17");
        byte[] withNull = Der.tlv(Der.SEQUENCE, Der.oid(MtcOids.ID_ALG_MTC_PROOF), new byte[] {5, 0});
        assertStep(Step.SIGNATURE_ALGORITHM, verify(ca.config(), s.withTbsSignature(mlDsa)));
        assertStep(Step.SIGNATURE_ALGORITHM, verify(ca.config(), s.withOuterAlgorithm(mlDsa)));
        assertStep(Step.SIGNATURE_ALGORITHM, verify(ca.config(), s.withTbsSignature(withNull)));
        assertStep(Step.SIGNATURE_ALGORITHM, verify(ca.config(), s.withOuterAlgorithm(withNull)));
        assertStep(Step.SIGNATURE_ALGORITHM, verify(ca.config(),
                Surgery.cert(s.tbsWithField(2, withNull), withNull, s.bitString)));
    }

    @Test
    void proofDecodingFailures() {
        Surgery s = new Surgery(standalone);
        byte[] unused = s.bitString.clone();
        unused[0] = 1;
        assertStep(Step.PROOF_DECODING, verify(ca.config(), s.withBitString(unused)));
        assertStep(Step.PROOF_DECODING, verify(ca.config(), s.withProof(Der.concat(s.proofBytes(), new byte[] {0}))));
        assertStep(Step.PROOF_DECODING, verify(ca.config(), s.withProof(new byte[0])));
        MtcProof p = s.proof();
        List<SubtreeSignature> reversed = new ArrayList<>(p.signatures());
        java.util.Collections.reverse(reversed);
        assertStep(Step.PROOF_DECODING, verify(ca.config(), s.withProof(new MtcProof(p.extensions(), p.start(),
                p.end(), p.inclusionProof(), reversed))));
        List<SubtreeSignature> dup = List.of(p.signatures().get(0), p.signatures().get(0));
        assertStep(Step.PROOF_DECODING, verify(ca.config(), s.withProof(new MtcProof(p.extensions(), p.start(),
                p.end(), p.inclusionProof(), dup))));
        // a proof hash cut short: length not a multiple of HASH_SIZE
        byte[] proof = s.proofBytes();
        assertStep(Step.PROOF_DECODING, verify(ca.config(), s.withProof(java.util.Arrays.copyOf(proof, proof.length - 1))));
    }

    @Test
    void serialChecks() {
        Surgery s = new Surgery(standalone);
        CaConfig noRevocation = ca.config().withRevokedRanges(List.of());
        assertStep(Step.SERIAL_RANGE, verify(noRevocation, s.withSerial(BigInteger.ONE.shiftLeft(64))));
        assertStep(Step.SERIAL_RANGE, verify(noRevocation, s.withSerial(BigInteger.ONE.shiftLeft(70))));
        assertStep(Step.SERIAL_RANGE, verify(noRevocation, s.withSerial(BigInteger.valueOf(-1))));
        assertStep(Step.REVOKED_RANGE, verify(ca.config(), s.withSerial(SerialRange.LIMIT.subtract(BigInteger.ONE))));
        // log number 0: revoked by [0, minSerial) first; without revocation, rejected at LOG_NUMBER
        assertStep(Step.REVOKED_RANGE, verify(ca.config(), s.withSerial(BigInteger.valueOf(idx))));
        assertStep(Step.LOG_NUMBER, verify(noRevocation, s.withSerial(BigInteger.valueOf(idx))));
        // wrong serial: another index inside the subtree (proof evaluates elsewhere), outside it, another log
        assertStep(Step.COSIGNATURES, verify(ca.config(), s.withSerial(SerialRange.serial(1, idx + 1))));
        assertStep(Step.INCLUSION_PROOF, verify(ca.config(), s.withSerial(SerialRange.serial(1, 3))));
        assertStep(Step.COSIGNATURES, verify(noRevocation, s.withSerial(SerialRange.serial(2, idx))));
        assertStep(Step.REVOKED_RANGE, verify(ca.config(), s.withSerial(SerialRange.serial(2, idx))));
    }

    /** Both edges of every revoked range: [0,minSerial), an out-of-band range, [maxSerial+1, 2^64). */
    @Test
    void revokedRangeEdges() {
        List<SerialRange> ranges = List.of(new SerialRange(BigInteger.ZERO, SerialRange.serial(1, 3)),
                new SerialRange(SerialRange.serial(1, 12), SerialRange.serial(1, 14)),
                new SerialRange(SerialRange.serial(1, 17), SerialRange.LIMIT));
        CaConfig c = ca.config().withRevokedRanges(ranges);
        Subtree all = new Subtree(0, 16);
        for (long i = 0; i < 20; i++) {
            Subtree s = i < 16 ? all : new Subtree(16, 20);
            byte[] cert = ca.certificate(i, s, List.of(ca.ca));
            boolean revoked = i < 3 || (i >= 12 && i < 14) || i >= 17;
            VerificationResult r = verify(c, cert);
            if (revoked) {
                assertStep(Step.REVOKED_RANGE, r);
            } else {
                assertTrue(r.isValid(), i + ": " + r.verdict());
            }
        }
        // the top edge: 2^64-1 revoked, 2^64 out of range
        Surgery s = new Surgery(standalone);
        assertStep(Step.REVOKED_RANGE, verify(c, s.withSerial(SerialRange.LIMIT.subtract(BigInteger.ONE))));
        assertStep(Step.SERIAL_RANGE, verify(c, s.withSerial(SerialRange.LIMIT)));
    }

    @Test
    void berAndTrailingBytesInTheCertificate() {
        Surgery s = new Surgery(standalone);
        assertStep(Step.CERTIFICATE_DECODING, verify(ca.config(), Surgery.longFormLength(standalone)));
        assertStep(Step.CERTIFICATE_DECODING, verify(ca.config(), s.withTbs(Surgery.longFormLength(s.tbs))));
        assertStep(Step.CERTIFICATE_DECODING, verify(ca.config(), Der.concat(standalone, new byte[] {0})));
        assertStep(Step.CERTIFICATE_DECODING, verify(ca.config(), java.util.Arrays.copyOf(standalone, 10)));
        assertStep(Step.CERTIFICATE_DECODING, verify(ca.config(), new byte[0]));
        // BER inside a TBS field (the serial INTEGER with a long-form length)
        assertStep(Step.CERTIFICATE_DECODING, verify(ca.config(),
                s.withTbs(s.tbsWithField(1, Surgery.longFormLength(s.tbsFields().get(1))))));
        // a non-minimal INTEGER serial (leading zero byte)
        byte[] serial = s.tbsFields().get(1);
        byte[] padded = Der.tlv(Der.INTEGER, Der.concat(new byte[] {0}, java.util.Arrays.copyOfRange(serial, 2,
                serial.length)));
        assertStep(Step.CERTIFICATE_DECODING, verify(ca.config(), s.withTbs(s.tbsWithField(1, padded))));
    }

    @Test
    void cosignatureChecks() throws Exception {
        Surgery s = new Surgery(standalone);
        MtcProof p = s.proof();
        // a signature from an unknown cosigner only
        SubtreeSigner stranger = new SubtreeSigner(TrustAnchorId.parse("1.2.3"),
                Keys.generate(SignatureAlgorithm.ED25519, TestCa.seeded(9), SigningMode.DETERMINISTIC));
        byte[] unknownOnly = ca.certificate(idx, S, List.of(stranger));
        VerificationResult r = verify(ca.config(), unknownOnly);
        assertStep(Step.COSIGNATURES, r);
        assertEquals(List.of("1.2.3:ignored"), r.details().cosignerNotes());
        // an unknown cosigner next to the CA is ignored
        r = verify(ca.config(), ca.certificate(idx, S, List.of(ca.ca, stranger)));
        assertTrue(r.isValid(), r.verdict());
        // the CA's signature over a different subtree
        byte[] otherSig = ca.ca.signSubtree(TestCa.PROFILE, ca.logId(), 0, 16, ca.subtreeHash(new Subtree(0, 16)));
        List<SubtreeSignature> sigs = new ArrayList<>(p.signatures());
        sigs.set(0, new SubtreeSignature(TestCa.CA_ID, otherSig));
        r = verify(ca.config(), s.withProof(new MtcProof(p.extensions(), p.start(), p.end(), p.inclusionProof(), sigs)));
        assertStep(Step.COSIGNATURES, r);
        assertTrue(r.message().contains("32473.1:invalid"), r.message());
        // a witness's signature filed under the CA's ID
        sigs = List.of(new SubtreeSignature(TestCa.CA_ID, p.signatures().get(1).signature()));
        assertStep(Step.COSIGNATURES, verify(ca.config(), s.withProof(new MtcProof(p.extensions(), p.start(),
                p.end(), p.inclusionProof(), sigs))));
        // a signature made for another log
        byte[] crossLog = ca.ca.signSubtree(TestCa.PROFILE, TestCa.CA_ID.logId(2), 8, 16, ca.subtreeHash(S));
        assertStep(Step.COSIGNATURES, verify(ca.config(), s.withProof(new MtcProof(p.extensions(), p.start(),
                p.end(), p.inclusionProof(), List.of(new SubtreeSignature(TestCa.CA_ID, crossLog))))));
    }

    /**
     * draft step 12: a valid signature from a cosigner whose key is configured but which the policy does not name
     * is ignored; it neither counts toward the policy nor appears among the cosigners that satisfied it.
     */
    @Test
    void configuredCosignerNotNamedByThePolicyDoesNotCount() {
        SubtreeSigner w1 = ca.witnesses.get(0);
        SubtreeSigner w2 = ca.witnesses.get(1);
        CaConfig c = ca.config(CosignerPolicy.require(w2.id()));
        assertTrue(c.cosigners().containsKey(w1.id()) && c.cosigners().containsKey(TestCa.CA_ID));
        // w1's signature is valid (it meets a policy naming w1) ...
        assertTrue(verify(ca.config(CosignerPolicy.require(w1.id())), ca.certificate(idx, S, List.of(w1))).isValid());
        // ... but under a policy naming only w2 it does not count, nor does the CA's
        VerificationResult r = verify(c, ca.certificate(idx, S, List.of(ca.ca, w1)));
        assertStep(Step.COSIGNATURES, r);
        assertEquals(List.of("32473.1:ignored", "32473.2.1:ignored"), r.details().cosignerNotes());
        // with w2 the policy is met by w2 alone
        r = verify(c, ca.certificate(idx, S, List.of(ca.ca, w1, w2)));
        assertTrue(r.isValid(), r.verdict());
        assertEquals(List.of(w2.id()), r.satisfiedBy());
        // a threshold over the named witnesses: w1 is configured, signed validly, and is not named
        CaConfig two = ca.config(CosignerPolicy.threshold(2, List.of(w2.id(), ca.witnesses.get(2).id())));
        assertStep(Step.COSIGNATURES, verify(two, ca.certificate(idx, S, List.of(w1, w2))));
    }

    @Test
    void logEntryIsRebuiltWithTheProofsExtensions() {
        Surgery s = new Surgery(landmark);
        MtcProof p = s.proof();
        byte[] withExt = s.withProof(new MtcProof(List.of(new EntryExtension(7, new byte[] {1})), p.start(), p.end(),
                p.inclusionProof(), p.signatures()));
        CaConfig trusted = ca.config().withTrustedSubtrees(List.of(ca.trusted(S)));
        assertStep(Step.TRUSTED_SUBTREE, verify(trusted, withExt));
    }

    @Test
    void inclusionProofFailures() {
        Surgery s = new Surgery(landmark);
        MtcProof p = s.proof();
        List<byte[]> longer = new ArrayList<>(p.inclusionProof());
        longer.add(new byte[32]);
        assertStep(Step.INCLUSION_PROOF, verify(ca.config(), s.withProof(new MtcProof(p.start(), p.end(), longer,
                List.of()))));
        assertStep(Step.INCLUSION_PROOF, verify(ca.config(), s.withProof(new MtcProof(p.start(), p.end(),
                p.inclusionProof().subList(1, p.inclusionProof().size()), List.of()))));
        assertStep(Step.INCLUSION_PROOF, verify(ca.config(), s.withProof(new MtcProof(9, 16, p.inclusionProof(),
                List.of()))));
        assertStep(Step.INCLUSION_PROOF, verify(ca.config(), s.withProof(new MtcProof(16, 8, p.inclusionProof(),
                List.of()))));
        assertStep(Step.INCLUSION_PROOF, verify(ca.config(), s.withProof(new MtcProof(10, 10, List.of(), List.of()))));
    }

    @Test
    void leafChecksAfterTheSignature() throws Exception {
        CaConfig c = ca.config();
        MtcVerifier v = ca.verifier(c);
        assertStep(Step.VALIDITY, v.verify(standalone, TestCa.NOT_AFTER.plusSeconds(1)));
        assertStep(Step.VALIDITY, v.verify(standalone, TestCa.NOT_BEFORE.minusSeconds(1)));
        assertTrue(v.verify(standalone, TestCa.NOT_AFTER).isValid());
        assertTrue(v.verify(standalone, TestCa.NOW, HostMatcher.parseReference("A.EXAMPLE.")).isValid());
        assertTrue(v.verify(standalone, TestCa.NOW, HostMatcher.parseReference("::ffff:192.0.2.1"))
                .isValid());
        assertStep(Step.HOST, v.verify(standalone, TestCa.NOW, HostMatcher.parseReference("b.example")));
        assertStep(Step.HOST, v.verify(standalone, TestCa.NOW, HostMatcher.parseReference("192.0.2.2")));
        // the signature-only entry point skips them
        assertTrue(v.verifySignature(standalone).isValid());

        TestCa leafCa = new TestCa(1, 5);
        long caLeaf = leafCa.addEntry(g -> g.addExtension(Extension.basicConstraints, true, new BasicConstraints(0)),
                TestCa.NOT_BEFORE, TestCa.NOT_AFTER);
        long kuLeaf = leafCa.addEntry(g -> g.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign)),
                TestCa.NOT_BEFORE, TestCa.NOT_AFTER);
        long ekuLeaf = leafCa.addEntry(g -> g.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning)), TestCa.NOT_BEFORE, TestCa.NOT_AFTER);
        long critLeaf = leafCa.addEntry(g -> g.addExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"), true,
                new DEROctetString(new byte[] {0})), TestCa.NOT_BEFORE, TestCa.NOT_AFTER);
        Subtree all = new Subtree(0, 4);
        MtcVerifier lv = leafCa.verifier(leafCa.config());
        assertStep(Step.BASIC_CONSTRAINTS, lv.verify(leafCa.certificate(caLeaf, all, List.of(leafCa.ca)),
                TestCa.NOW));
        assertStep(Step.KEY_USAGE, lv.verify(leafCa.certificate(kuLeaf, all, List.of(leafCa.ca)), TestCa.NOW));
        assertStep(Step.EXTENDED_KEY_USAGE, lv.verify(leafCa.certificate(ekuLeaf, all, List.of(leafCa.ca)),
                TestCa.NOW));
        assertStep(Step.CRITICAL_EXTENSIONS, lv.verify(leafCa.certificate(critLeaf, all, List.of(leafCa.ca)),
                TestCa.NOW));
        // with the validity-only options they pass
        MtcVerifier lenient = new MtcVerifier(RelyingPartyConfig.of(leafCa.config()),
                LeafChecks.Options.validityOnly());
        assertTrue(lenient.verify(leafCa.certificate(caLeaf, all, List.of(leafCa.ca)), TestCa.NOW)
                .isValid());
    }

    @Test
    void resultInvariants() {
        VerificationResult r = verify(ca.config(), new byte[] {1});
        assertFalse(r.isValid());
        assertTrue(r.verdict().startsWith("invalid step=certificate_decoding: "), r.verdict());
        assertEquals(Optional.empty(), r.details().serial());
    }
}
