package io.mtc4j.spec.cosign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.tai.TrustAnchorId;
import io.mtc4j.spec.testing.Interop;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The generator's cosigner keys load, and each raw checkpoint signature verifies over the CosignedMessage
 * (start 0, end = size, timestamp 0) with the key from config.json. Lines are split by hand here; the note
 * package's own parser and demo-compatibility verifier are tested in io.mtc4j.spec.note.
 */
class GeneratorConfigTest {
    @ParameterizedTest
    @ValueSource(strings = {"draft-demo-plants05", "draft-demo-plants02"})
    void checkpointSignaturesVerifyWithConfigKeys(String corpus) throws Exception {
        Path dir = Interop.corpus(corpus);
        GeneratorConfig config = GeneratorConfig.parse(Files.readAllBytes(dir.resolve("config.json")), SigningMode.RANDOMIZED);
        assertEquals(TrustAnchorId.parse("32473.1"), config.caId());
        assertEquals(4, config.cosigners().size());
        assertEquals(SignatureAlgorithm.MLDSA44, config.cosigners().get(0).signer().algorithm());
        List<String> lines = Files.readAllLines(dir.resolve("checkpoint"), StandardCharsets.UTF_8);
        String origin = lines.get(0);
        assertEquals(config.logId().tlogName(), origin);
        long size = Long.parseLong(lines.get(1));
        byte[] root = Base64.getDecoder().decode(lines.get(2));
        int verified = 0;
        for (String line : lines.subList(4, lines.size())) {
            String[] parts = line.split(" ");
            TrustAnchorId id = TrustAnchorId.fromTlogName(parts[1]);
            byte[] sig = Base64.getDecoder().decode(parts[2]);
            byte[] raw = Arrays.copyOfRange(sig, 4, sig.length); // key ID, then the signature with no timestamp
            Cosigner c = config.cosigner(id).orElseThrow().cosigner();
            assertTrue(c.verifySubtreeSignature(config.profile(), config.logId(), 0, size, root, raw), line);
            raw[raw.length / 2] ^= 1;
            assertFalse(c.verifySubtreeSignature(config.profile(), config.logId(), 0, size, root, raw), line);
            verified++;
        }
        assertEquals(4, verified);
        assertEquals(4, config.trustedCosigners().size());
    }

    @Test
    void rejectsBadConfig() {
        for (String bad : new String[] {"[]", "{", "{\"Version\":\"plants-05\"}",
                "{\"Version\":\"plants-05\",\"ID\":\"32473.1\"}",
                "{\"Version\":\"plants-05\",\"ID\":\"32473.1\",\"Cosigners\":[1]}",
                "{\"Version\":\"plants-05\",\"ID\":\"32473.1\",\"LogNumber\":70000,\"Cosigners\":[]}",
                "{\"Version\":\"plants-05\",\"ID\":\"32473.1\",\"Cosigners\":[{\"CosignerID\":\"1\","
                        + "\"SignatureAlgorithm\":\"mldsa44\",\"PrivateKey\":\"!!\"}]}",
                "{\"Version\":\"plants-99\",\"ID\":\"32473.1\",\"Cosigners\":[]}"}) {
            assertThrows(MtcParseException.class,
                    () -> GeneratorConfig.parse(bad.getBytes(StandardCharsets.UTF_8), SigningMode.RANDOMIZED), bad);
        }
        GeneratorConfig c = GeneratorConfig.parse("{\"Version\":\"plants-02\",\"ID\":\"32473.1\",\"Cosigners\":[]}"
                .getBytes(StandardCharsets.UTF_8), SigningMode.DETERMINISTIC);
        assertEquals(Profile.PLANTS_02, c.profile());
        assertEquals(TrustAnchorId.parse("32473.1"), c.logId());
    }
}
