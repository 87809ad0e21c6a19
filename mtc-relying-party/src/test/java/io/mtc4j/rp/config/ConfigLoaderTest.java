package io.mtc4j.rp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.rp.policy.CosignerPolicy;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cosign.GeneratorConfig;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.cosign.SubtreeSigner;
import io.mtc4j.spec.tai.TrustAnchorId;
import io.mtc4j.spec.testing.Interop;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    static Path dir;
    static GeneratorConfig gen;

    @BeforeAll
    static void load() throws Exception {
        dir = Interop.corpus("draft-demo-plants05");
        gen = GeneratorConfig.parse(Files.readAllBytes(dir.resolve("config.json")), SigningMode.RANDOMIZED);
    }

    static String key(String id) {
        SubtreeSigner s = gen.cosigner(TrustAnchorId.parse(id)).orElseThrow();
        return Base64.getEncoder().encodeToString(s.signer().publicKeySpki());
    }

    static String full() {
        return """
            {"cas": [{
              "ca_certificate": "ca_cert.pem",
              "profile": "plants-05",
              "cosigners": [
                {"id": "32473.2.1", "algorithm": "ecdsa_p256_sha256", "public_key": "%s"},
                {"id": "32473.2.2", "algorithm": "mldsa65", "public_key": "%s"}],
              "policy": {"all": [{"cosigner": "ca"}, {"threshold": 1, "of": ["32473.2.1", "32473.2.2"]}]},
              "trusted_subtrees": [{"log": 1, "start": 0, "end": 32, "hash": "FuB1S/AVQxq3AkJmS+motlqcwNSi6FOJG3Noa4KaGF4="}],
              "revoked": [{"start": {"log": 1, "index": 100}, "end": "281474976710856"}]
            }, {
              "ca_id": "32473.7",
              "hash": "sha256",
              "ca_cosigner": {"algorithm": "mldsa44", "public_key": "%s"}
            }]}""".formatted(key("32473.2.1"), key("32473.2.2"), key("32473.1"));
    }

    static RelyingPartyConfig parse(String json) throws Exception {
        return ConfigLoader.parse(json.getBytes(StandardCharsets.UTF_8), dir, CaCertificates::read);
    }

    @Test
    void fullConfiguration() throws Exception {
        RelyingPartyConfig c = parse(full());
        assertEquals(2, c.cas().size());
        CaConfig a = c.ca(TrustAnchorId.parse("32473.1")).orElseThrow();
        assertEquals(Profile.PLANTS_05, a.profile());
        assertEquals(List.of("32473.1", "32473.2.1", "32473.2.2"),
                a.cosigners().keySet().stream().map(TrustAnchorId::ascii).toList());
        assertEquals("all(32473.1, 1-of(32473.2.1, 32473.2.2))", a.policy().toString());
        assertEquals(1, a.trustedSubtrees().size());
        // from the CA certificate: [0, (1,0)) and [(5, 2^48-1)+1, 2^64); then the file's range
        assertEquals(List.of("[0, 281474976710656)", "[1688849860263936, 18446744073709551616)",
                "[281474976710756, 281474976710856)"), a.revokedRanges().stream().map(SerialRange::toString).toList());
        assertTrue(a.revokedRangeOf(SerialRange.serial(1, 100)).isPresent());
        assertTrue(a.revokedRangeOf(SerialRange.serial(1, 99)).isEmpty());
        assertTrue(a.revokedRangeOf(SerialRange.serial(1, 200)).isEmpty());
        CaConfig b = c.ca(TrustAnchorId.parse("32473.7")).orElseThrow();
        assertEquals(CosignerPolicy.require(TrustAnchorId.parse("32473.7")), b.policy());
        assertEquals(List.of(), b.revokedRanges());
    }

    @Test
    void fromCaCertificateAlone() throws Exception {
        CaConfig c = CaCertificates.read(dir.resolve("ca_cert.pem"), Profile.PLANTS_05);
        assertEquals(TrustAnchorId.parse("32473.1"), c.caId());
        assertEquals(32, c.hash().size());
        assertEquals(List.of(new SerialRange(BigInteger.ZERO, SerialRange.serial(1, 0)),
                new SerialRange(SerialRange.serial(5, (1L << 48) - 1).add(BigInteger.ONE), SerialRange.LIMIT)),
                c.revokedRanges());
        assertEquals(CosignerPolicy.require(c.caId()), c.policy());
        assertEquals(List.of(), c.trustedSubtrees());
        // both edges of both ranges
        assertTrue(c.revokedRangeOf(SerialRange.serial(0, (1L << 48) - 1)).isPresent());
        assertTrue(c.revokedRangeOf(SerialRange.serial(1, 0)).isEmpty());
        assertTrue(c.revokedRangeOf(SerialRange.serial(5, (1L << 48) - 1)).isEmpty());
        assertTrue(c.revokedRangeOf(SerialRange.serial(6, 0)).isPresent());
        assertTrue(c.revokedRangeOf(SerialRange.LIMIT.subtract(BigInteger.ONE)).isPresent());
    }

    @Test
    void textPolicyInJson() throws Exception {
        String json = full().replace(
                "{\"all\": [{\"cosigner\": \"ca\"}, {\"threshold\": 1, \"of\": [\"32473.2.1\", \"32473.2.2\"]}]}",
                "\"cosigner w1 32473.2.1\\ncosigner w2 32473.2.2\\ngroup w any w1 w2\\ngroup q all ca w\\nquorum q\\n\"");
        CaConfig a = parse(json).ca(TrustAnchorId.parse("32473.1")).orElseThrow();
        assertEquals("all(32473.1, 1-of(32473.2.1, 32473.2.2))", a.policy().toString());
        MtcParseException e = assertThrows(MtcParseException.class, () -> parse(json.replace("quorum q", "quorum z")));
        assertTrue(e.field().startsWith("config.cas[0].policy.policy.line[5]"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{}|config.cas",
        "{\"cas\": []}|config.cas",
        "{\"cas\": [{}]}|config.cas[0]",
        "{\"cas\": [{\"ca_id\": \"1.2\"}]}|config.cas[0]",
        "{\"cas\": [{\"ca_id\": \"1.2\", \"extra\": 1}]}|config.cas[0].extra",
        "{\"cas\": [{\"ca_id\": \"01.2\", \"ca_cosigner\": {}}]}|config.cas[0].ca_id.TrustAnchorID",
        "{\"cas\": [{\"ca_id\": \"1.2\", \"ca_cosigner\": {\"algorithm\": \"rsa\", \"public_key\": \"AA==\"}}]}|config.cas[0].ca_cosigner.algorithm",
        "{\"cas\": [{\"ca_id\": \"1.2\", \"ca_cosigner\": {\"algorithm\": \"ed25519\", \"public_key\": \"%%%\"}}]}|config.cas[0].ca_cosigner.public_key",
        "{\"cas\": [{\"ca_id\": \"1.2\", \"ca_cosigner\": {\"algorithm\": \"ed25519\", \"public_key\": \"AAAA\"}}]}|config.cas[0].ca_cosigner.public_key",
        "{\"cas\": [{\"ca_certificate\": \"ca_cert.pem\", \"ca_id\": \"32473.2\"}]}|config.cas[0].ca_id",
        "{\"cas\": [{\"ca_certificate\": \"ca_cert.pem\", \"policy\": {\"cosigner\": \"9.9\"}}]}|config.cas[0]",
        "{\"cas\": [{\"ca_certificate\": \"ca_cert.pem\", \"policy\": {\"threshold\": 0, \"of\": [\"ca\"]}}]}|config.cas[0].policy",
        "{\"cas\": [{\"ca_certificate\": \"ca_cert.pem\", \"policy\": {\"none\": []}}]}|config.cas[0].policy",
        "{\"cas\": [{\"ca_certificate\": \"ca_cert.pem\", \"policy\": {\"all\": []}}]}|config.cas[0].policy",
        "{\"cas\": [{\"ca_certificate\": \"ca_cert.pem\", \"hash\": \"sha384\"}]}|config.cas[0].hash",
        "{\"cas\": [{\"ca_certificate\": \"ca_cert.pem\", \"profile\": \"plants-99\"}]}|profile",
        "{\"cas\": [{\"ca_certificate\": \"ca_cert.pem\", \"revoked\": [{\"start\": \"5\", \"end\": \"4\"}]}]}|config.cas[0].revoked[0]",
        "{\"cas\": [{\"ca_certificate\": \"ca_cert.pem\", \"revoked\": [{\"start\": \"05\", \"end\": \"6\"}]}]}|config.cas[0].revoked[0].start",
        "{\"cas\": [{\"ca_certificate\": \"ca_cert.pem\", \"revoked\": [{\"start\": \"0\", \"end\": \"18446744073709551617\"}]}]}|config.cas[0].revoked[0].end",
        "{\"cas\": [{\"ca_certificate\": \"ca_cert.pem\", \"trusted_subtrees\": [{\"log\": 1, \"start\": 0, \"end\": 2, \"hash\": \"AA==\"}]}]}|config.cas[0]",
        "{\"cas\": [{\"ca_certificate\": \"ca_cert.pem\"}, {\"ca_certificate\": \"ca_cert.pem\"}]}|config.cas",
        "{\"cas\": [], \"cas\": []}|config",
        "not json|config",
    })
    void badConfigurationsNameTheField(String json, String field) {
        MtcParseException e = assertThrows(MtcParseException.class, () -> parse(json));
        assertTrue(e.field().startsWith(field), e.getMessage() + " (expected field " + field + ")");
    }
}
