package io.mtc4j.log.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.note.NoteVerifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TrustedLogs}: log keys by origin, MTC CA cosigner keys for the CA's issuance logs, bad keys named. */
class TrustedLogsTest {
    private static final String CA = "oid/1.3.6.1.4.1.32473.99";

    private static String caCosignerKey(String name) {
        byte[] seed = new byte[32];
        seed[0] = 7;
        return NoteVerifier.mlDsa44Cosignature(name, Keys.signer(SignatureAlgorithm.MLDSA44,
                Keys.mlDsaSeedPkcs8(SignatureAlgorithm.MLDSA44, seed)).verifier()).vkey().orElseThrow();
    }

    @Test
    void aLogKeyIsTrustedForTheOriginItNames() {
        TrustedLogs logs = TrustedLogs.of(List.of(SimulatedLog.vkey("example.com/log")));
        assertEquals(1, logs.verifiers("example.com/log").size());
        assertTrue(logs.verifiers("example.com/log2").isEmpty());
        assertFalse(logs.knows("example.com/log.0.1"));
        assertEquals(1, logs.size());
    }

    @Test
    void aCaCosignerKeyCoversTheCasIssuanceLogsOnly() {
        TrustedLogs logs = TrustedLogs.of(List.of(caCosignerKey(CA)));
        for (String n : List.of("1", "7", "65535")) {
            assertEquals(1, logs.verifiers(CA + ".0." + n).size(), n);
        }
        for (String o : List.of(CA, CA + ".0.0", CA + ".0.65536", CA + ".0.01", CA + ".1.7", CA + "9.0.7")) {
            assertTrue(logs.verifiers(o).isEmpty(), o);
        }
    }

    @Test
    void anOidKeyThatIsNotAnMtcCosignerNameIsALogKey() {
        String other = "oid/1.2.3";
        TrustedLogs logs = TrustedLogs.of(List.of(caCosignerKey(other)));
        assertEquals(1, logs.verifiers(other).size());
        assertTrue(logs.verifiers(other + ".0.1").isEmpty());
    }

    @Test
    void aBadKeyIsNamedWholeByTheExceptionAndCutInItsMessage() {
        String bad = "example.com/some-rather-long-log-origin-name+01234567+" + "A".repeat(52);
        TrustedLogs.BadLogKeyException e = assertThrows(TrustedLogs.BadLogKeyException.class,
                () -> TrustedLogs.of(List.of(SimulatedLog.vkey("example.com/ok"), bad)));
        assertInstanceOf(IllegalArgumentException.class, e);
        assertEquals(bad, e.key());
        assertEquals("log key '" + bad.substring(0, 60) + "...': " + e.reason(), e.getMessage());
        assertTrue(e.reason().contains("vkey"), e.reason());
    }
}
