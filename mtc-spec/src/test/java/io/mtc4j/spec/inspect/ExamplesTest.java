package io.mtc4j.spec.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.ca.CaCertificate;
import io.mtc4j.spec.cert.MtcCertificate;
import io.mtc4j.spec.cosign.CosignedMessage;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.der.Pem;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The repository's examples/ files are exactly what {@link ExampleCertificates} generates (so they come from
 * mtc4j's own code, deterministically), and they verify. Regenerate with
 * {@code mvn -pl mtc-spec test -Dtest=ExamplesTest -Dmtc4j.writeExamples=true}.
 */
class ExamplesTest {
    static Path examplesDir() {
        Path here = Paths.get("").toAbsolutePath();
        return Files.exists(here.resolve("examples")) || Files.exists(here.resolve("mtc-spec"))
                ? here.resolve("examples") : here.getParent().resolve("examples");
    }

    @Test
    void examplesAreGeneratedByMtc4j() throws Exception {
        Map<String, byte[]> files = ExampleCertificates.generate();
        Path dir = examplesDir();
        if (Boolean.getBoolean("mtc4j.writeExamples")) {
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(dir.resolve(f.getKey()), f.getValue());
            }
        }
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            assertArrayEquals(f.getValue(), Files.readAllBytes(dir.resolve(f.getKey())),
                    f.getKey() + " differs from the generator (run with -Dmtc4j.writeExamples=true)");
        }
        // and it is deterministic
        Map<String, byte[]> again = ExampleCertificates.generate();
        for (String k : files.keySet()) {
            assertArrayEquals(files.get(k), again.get(k), k);
        }
    }

    @Test
    void standaloneVerifiesWithTheCaCertificateKey() throws Exception {
        Map<String, byte[]> files = ExampleCertificates.generate();
        MtcCertificate sa = MtcCertificate.parse(ExampleCertificates.PROFILE,
                Pem.decode(new String(files.get("standalone.pem"), StandardCharsets.US_ASCII)).der());
        MtcCertificate lr = MtcCertificate.parse(ExampleCertificates.PROFILE,
                Pem.decode(new String(files.get("landmark-relative.pem"), StandardCharsets.US_ASCII)).der());
        CaCertificate ca = CaCertificate.parse(ExampleCertificates.PROFILE,
                Pem.decode(new String(files.get("ca.pem"), StandardCharsets.US_ASCII)).der());
        assertTrue(lr.proof().isLandmarkRelative());
        assertEquals(1, sa.proof().signatures().size());
        assertEquals(5, sa.index());
        assertEquals(1, sa.logNumber());
        byte[] expected = SubtreeProofs.evaluateInclusionProof(ExampleCertificates.H,
                new Subtree(sa.proof().start(), sa.proof().end()), sa.index(), sa.entryHash(ExampleCertificates.H),
                sa.proof().inclusionProof());
        CosignedMessage m = CosignedMessage.forCertificate(ca.subject().id(), sa.logId().orElseThrow(),
                sa.proof().start(), sa.proof().end(), expected);
        assertTrue(Keys.verifier(SignatureAlgorithm.MLDSA44, ca.cosignerPublicKey())
                .verify(m.encode(), sa.proof().signatures().get(0).signature()));
        assertArrayEquals(sa.logEntry().encode(), files.get("entry-5.bin"));
        assertArrayEquals(sa.entryHash(ExampleCertificates.H), lr.entryHash(ExampleCertificates.H));
    }
}
