package io.mtc4j.rp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SigningMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Review item 2 at the configuration file: a CA ID whose longest log ID, or a cosigner ID, has a tlog name over the
 * 255 bytes of draft §"Signature Format" is a parse error naming the JSON field.
 */
class LongNamesConfigTest {
    static final String KEY = Base64.getEncoder().encodeToString(
            Keys.generate(SignatureAlgorithm.ED25519, new SecureRandom(), SigningMode.DETERMINISTIC).publicKeySpki());

    static String ones(int arcs) {
        return "1" + ".1".repeat(arcs - 1);
    }

    static RelyingPartyConfig parse(String caId, String cosignerId) {
        String json = """
            {"cas": [{"ca_id": "%s", "ca_cosigner": {"algorithm": "ed25519", "public_key": "%s"},
              "cosigners": [{"id": "%s", "algorithm": "ed25519", "public_key": "%s"}]}]}"""
                .formatted(caId, KEY, cosignerId, KEY);
        try {
            return ConfigLoader.parse(json.getBytes(StandardCharsets.UTF_8), Path.of("."), CaCertificates::read);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void namesAtTheLimitLoad() {
        // CA: 116 arcs -> C.0.65535 is 16 + 231 + 8 = 255 bytes; cosigner: 120 arcs -> 16 + 239 = 255 bytes
        RelyingPartyConfig c = parse(ones(116), ones(120));
        assertEquals(2, c.cas().get(0).cosigners().size());
    }

    @Test
    void caIdOverTheLimitNamesCaId() {
        MtcParseException e = assertThrows(MtcParseException.class, () -> parse(ones(117), "32473.2.1"));
        assertEquals("config.cas[0].ca_id", e.field());
    }

    @Test
    void cosignerIdOverTheLimitNamesTheId() {
        MtcParseException e = assertThrows(MtcParseException.class, () -> parse("32473.1", ones(121)));
        assertEquals("config.cas[0].cosigners[0].id", e.field());
    }
}
