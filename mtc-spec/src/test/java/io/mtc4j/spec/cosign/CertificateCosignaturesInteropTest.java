package io.mtc4j.spec.cosign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.cert.MtcCertificate;
import io.mtc4j.spec.cert.MtcProof;
import io.mtc4j.spec.cert.SubtreeSignature;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.testing.Interop;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interop: every cosignature inside the generator's standalone certificates verifies with the key from its
 * config.json, over the CosignedMessage (timestamp 0) for the certificate's subtree and the subtree hash its
 * inclusion proof evaluates to; a flipped signature byte fails.
 */
class CertificateCosignaturesInteropTest {
    @ParameterizedTest
    @ValueSource(strings = {"draft-demo-plants05", "draft-demo-plants02"})
    void everyCertificateCosignatureVerifies(String corpus) throws Exception {
        Path dir = Interop.corpus(corpus);
        GeneratorConfig config = GeneratorConfig.parse(Files.readAllBytes(dir.resolve("config.json")), SigningMode.RANDOMIZED);
        HashFunction sha256 = HashFunction.sha256();
        List<Path> certs;
        try (Stream<Path> s = Files.list(dir)) {
            certs = s.filter(p -> p.getFileName().toString().matches("cert_\\d+_\\d+\\.pem")).sorted().toList();
        }
        int verified = 0;
        int landmarkRelative = 0;
        for (Path p : certs) {
            MtcCertificate cert = MtcCertificate.parse(config.profile(), pem(p));
            MtcProof proof = cert.proof();
            Subtree subtree = new Subtree(proof.start(), proof.end());
            byte[] hash = SubtreeProofs.evaluateInclusionProof(sha256, subtree, cert.index(), cert.entryHash(sha256),
                    proof.inclusionProof());
            if (proof.signatures().isEmpty()) {
                landmarkRelative++;
            }
            for (SubtreeSignature sig : proof.signatures()) {
                Cosigner c = config.cosigner(sig.cosignerId()).orElseThrow().cosigner();
                byte[] bytes = sig.signature();
                assertTrue(c.verifySubtreeSignature(config.profile(), cert.logId().orElseThrow(), proof.start(), proof.end(),
                        hash, bytes), p + " " + sig.cosignerId());
                bytes[bytes.length / 3] ^= 0x40;
                assertFalse(c.verifySubtreeSignature(config.profile(), cert.logId().orElseThrow(), proof.start(),
                        proof.end(), hash, bytes), p + " " + sig.cosignerId());
                verified++;
            }
        }
        assertTrue(certs.size() >= 10, "certificates found: " + certs.size());
        assertTrue(landmarkRelative >= 1);
        // generation-log.txt lists one "Cosigned by" line per signature
        long expected = Files.readAllLines(dir.resolve("generation-log.txt")).stream()
                .filter(l -> l.trim().startsWith("Cosigned by")).count();
        assertEquals(expected, verified);
    }

    private static byte[] pem(Path p) throws Exception {
        String text = Files.readString(p, StandardCharsets.US_ASCII);
        String body = text.replaceAll("-----(BEGIN|END) CERTIFICATE-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
