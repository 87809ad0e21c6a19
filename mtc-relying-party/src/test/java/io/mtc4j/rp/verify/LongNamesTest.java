package io.mtc4j.rp.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.policy.CosignerPolicy;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Review item 2: names that go into a CosignedMessage must fit {@code cosigner_name<1..2^8-1>} and
 * {@code log_origin<1..2^8-1>} (draft §"Signature Format"). A CA ID whose longest log ID does not fit is refused
 * when the configuration is built, so verification never meets it; one that just fits verifies at log 65535.
 */
class LongNamesTest {
    /** {@code 1.1.....1} with {@code arcs} arcs: 2*arcs-1 ASCII bytes, arcs binary bytes. */
    static TrustAnchorId ones(int arcs) {
        return TrustAnchorId.parse("1" + ".1".repeat(arcs - 1));
    }

    @Test
    void caIdWhoseLongestLogOriginIsOver255BytesIsRejected() {
        // 117 arcs: tlog name 16 + 233 = 249 bytes, but C.0.65535 is 257 bytes
        TrustAnchorId tooLong = ones(117);
        assertEquals(257, tooLong.tlogNameBytes().length + ".0.65535".length());
        TestCa ok = new TestCa(ones(116), 65535, 5);
        MtcParseException e = assertThrows(MtcParseException.class, () -> CaConfig.requireLogOriginsFit(
                "CaConfig.caId", tooLong));
        assertEquals("CaConfig.caId", e.field());
        assertTrue(e.rule().contains("257") && e.rule().contains("log_origin"), e.rule());
        // the CaConfig constructor applies it (the CA cosigner's own name, 249 bytes, would fit)
        TestCa bad = new TestCa(tooLong, 1, 5);
        MtcParseException c = assertThrows(MtcParseException.class, bad::config);
        assertEquals("CaConfig.caId", c.field());
        assertEquals(255, ok.caId.logId(65535).tlogNameBytes().length);
    }

    @Test
    void caIdWhoseLongestLogOriginIsExactly255BytesVerifies() {
        TestCa ca = new TestCa(ones(116), 65535, 5);
        for (int i = 0; i < 4; i++) {
            ca.addEntry();
        }
        assertEquals(255, ca.logId().tlogNameBytes().length);
        Subtree s = new Subtree(0, 4);
        byte[] cert = ca.certificate(2, s, List.of(ca.ca));
        VerificationResult r = ca.verifier(ca.config()).verify(cert, TestCa.NOW);
        assertTrue(r.isValid(), r.verdict());
        // and a witness policy that is not met fails at its step rather than throwing
        CaConfig strict = ca.config(CosignerPolicy.caPlus(ca.caId, 1, ca.witnessIds()));
        assertEquals(Optional.of(Step.COSIGNATURES),
                ca.verifier(strict).verify(cert, TestCa.NOW).failedStep());
    }
}
