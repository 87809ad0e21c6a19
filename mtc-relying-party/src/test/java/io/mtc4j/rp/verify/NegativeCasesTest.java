package io.mtc4j.rp.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.policy.CosignerPolicy;
import io.mtc4j.spec.merkle.Subtree;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A flipped bit in every field of the TBSCertificate, the outer Certificate and the MTCProof, for a standalone
 * certificate (policy: CA plus one witness, both present) and a landmark-relative one (trusted subtree): every
 * mutation is rejected, at a step the field can reach. Each (field, byte, bit) is one case.
 */
class NegativeCasesTest {
    static TestCa ca;
    static final Subtree S = new Subtree(16, 32);

    @BeforeAll
    static void build() {
        ca = new TestCa(3, 11);
        for (int i = 0; i < 40; i++) {
            ca.addEntry();
        }
    }

    static final Set<Step> DECODING = EnumSet.of(Step.CERTIFICATE_DECODING);

    /** Region of the certificate, the steps a mutation there may fail at, and whether to flip every byte. */
    record Region(String name, int from, int to, Set<Step> steps, boolean sample) {}

    static List<Region> regions(byte[] cert, boolean landmark) {
        Step trust = landmark ? Step.TRUSTED_SUBTREE : Step.COSIGNATURES;
        List<Region> out = new ArrayList<>();
        List<int[]> tbs = Surgery.tbsFieldRanges(cert);
        int tbsStart = 4; // 30 82 LL LL
        out.add(new Region("Certificate header", 0, tbsStart, DECODING, false));
        out.add(new Region("TBSCertificate header", tbsStart, tbs.get(0)[0], DECODING, false));
        String[] names = {"version", "serialNumber", "signature", "issuer", "validity", "subject",
            "subjectPublicKeyInfo", "extensions"};
        List<Set<Step>> steps = List.of(
                EnumSet.of(Step.CERTIFICATE_DECODING, trust),
                EnumSet.of(Step.CERTIFICATE_DECODING, Step.SERIAL_RANGE, Step.REVOKED_RANGE, Step.LOG_NUMBER,
                        Step.INCLUSION_PROOF, Step.COSIGNATURES, trust),
                EnumSet.of(Step.CERTIFICATE_DECODING, Step.SIGNATURE_ALGORITHM),
                EnumSet.of(Step.CERTIFICATE_DECODING, Step.ISSUER),
                EnumSet.of(Step.CERTIFICATE_DECODING, trust),
                EnumSet.of(Step.CERTIFICATE_DECODING, trust),
                EnumSet.of(Step.CERTIFICATE_DECODING, trust),
                // LOG_ENTRY: kept as an allowed step; the issuerAltName rules are no longer checked when step 7 builds
                // the entry (the extension is cosmetic), so a flipped bit there fails at the signatures
                EnumSet.of(Step.CERTIFICATE_DECODING, Step.LOG_ENTRY, trust));
        for (int i = 0; i < tbs.size(); i++) {
            out.add(new Region("TBSCertificate." + names[i], tbs.get(i)[0], tbs.get(i)[1], steps.get(i), false));
        }
        int afterTbs = tbs.get(tbs.size() - 1)[1];
        int proof = Surgery.proofOffset(cert);
        int sigAlgEnd = afterTbs + 14; // 30 0c 06 0a <10-byte OID>
        out.add(new Region("Certificate.signatureAlgorithm", afterTbs, sigAlgEnd,
                EnumSet.of(Step.CERTIFICATE_DECODING, Step.SIGNATURE_ALGORITHM), false));
        out.add(new Region("signatureValue header", sigAlgEnd, proof - 1,
                EnumSet.of(Step.CERTIFICATE_DECODING, Step.PROOF_DECODING), false));
        out.add(new Region("signatureValue unused bits", proof - 1, proof, EnumSet.of(Step.PROOF_DECODING), false));
        int p = proof;
        out.add(new Region("MTCProof.extensions", p, p + 2, EnumSet.of(Step.PROOF_DECODING), false));
        p += 2;
        out.add(new Region("MTCProof.start", p, p + 6, EnumSet.of(Step.INCLUSION_PROOF, Step.COSIGNATURES), false));
        p += 6;
        out.add(new Region("MTCProof.end", p, p + 6, EnumSet.of(Step.INCLUSION_PROOF, Step.COSIGNATURES), false));
        p += 6;
        int proofLen = ((cert[p] & 0xff) << 8) | (cert[p + 1] & 0xff);
        out.add(new Region("MTCProof.inclusion_proof length", p, p + 2, EnumSet.of(Step.PROOF_DECODING), false));
        p += 2;
        out.add(new Region("MTCProof.inclusion_proof", p, p + proofLen, EnumSet.of(trust), false));
        p += proofLen;
        out.add(new Region("MTCProof.signatures length", p, p + 2, EnumSet.of(Step.PROOF_DECODING), false));
        p += 2;
        int k = 0;
        while (p < cert.length) {
            int idLen = cert[p] & 0xff;
            out.add(new Region("SubtreeSignature[" + k + "].cosigner_id length", p, p + 1,
                    EnumSet.of(Step.PROOF_DECODING), false));
            out.add(new Region("SubtreeSignature[" + k + "].cosigner_id", p + 1, p + 1 + idLen,
                    EnumSet.of(Step.PROOF_DECODING, Step.COSIGNATURES), false));
            p += 1 + idLen;
            int sigLen = ((cert[p] & 0xff) << 8) | (cert[p + 1] & 0xff);
            out.add(new Region("SubtreeSignature[" + k + "].signature length", p, p + 2,
                    EnumSet.of(Step.PROOF_DECODING), false));
            p += 2;
            out.add(new Region("SubtreeSignature[" + k + "].signature", p, p + sigLen,
                    EnumSet.of(Step.COSIGNATURES), true));
            p += sigLen;
            k++;
        }
        return out;
    }

    static int sweep(byte[] cert, CaConfig config, boolean landmark) {
        MtcVerifier v = ca.verifier(config);
        assertTrue(v.verify(cert, TestCa.NOW).isValid(), "unmutated certificate must verify");
        Map<String, Integer> perRegion = new LinkedHashMap<>();
        int cases = 0;
        for (Region r : regions(cert, landmark)) {
            assertTrue(r.from() <= r.to(), r.name());
            for (int i = r.from(); i < r.to(); i++) {
                boolean edge = i - r.from() < 4 || r.to() - i <= 4;
                if (r.sample() && !edge && (i - r.from()) % 29 != 0) {
                    continue;
                }
                for (int bit : new int[] {0, 7}) {
                    byte[] m = Surgery.flip(cert, i, bit);
                    VerificationResult res = v.verify(m, TestCa.NOW);
                    String where = r.name() + " byte " + (i - r.from()) + " bit " + bit;
                    assertFalse(res.isValid(), where + " was accepted");
                    assertTrue(r.steps().contains(res.failedStep().get()), where + " failed at "
                            + res.verdict() + "; expected one of " + r.steps());
                    cases++;
                    perRegion.merge(r.name(), 1, Integer::sum);
                }
            }
        }
        for (Region r : regions(cert, landmark)) {
            assertTrue(r.from() == r.to() || perRegion.getOrDefault(r.name(), 0) > 0, "no case for " + r.name());
        }
        return cases;
    }

    @Test
    void everyFieldOfAStandaloneCertificate() {
        byte[] cert = ca.certificate(20, S, List.of(ca.ca, ca.witnesses.get(0)));
        CaConfig config = ca.config(CosignerPolicy.caPlus(TestCa.CA_ID, 1, List.of(ca.witnesses.get(0).id())));
        int cases = sweep(cert, config, false);
        assertTrue(cases >= 100, "only " + cases + " cases");
    }

    @Test
    void everyFieldOfALandmarkRelativeCertificate() {
        byte[] cert = ca.certificate(20, S, List.of());
        CaConfig config = ca.config().withTrustedSubtrees(List.of(ca.trusted(S)));
        int cases = sweep(cert, config, true);
        assertTrue(cases >= 100, "only " + cases + " cases");
    }
}
