package io.mtc4j.spec.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.der.Pem;
import io.mtc4j.spec.testing.Interop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every certificate of the interop corpora parses under its profile; the deliberately broken ones fail. */
class InteropCertificateTest {
    static byte[] pem(Path p) throws IOException {
        return Pem.decode(Files.readString(p, StandardCharsets.US_ASCII)).der();
    }

    static List<Path> certs(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("mtc-leaf")
                    || p.getFileName().toString().startsWith("cert_")).sorted().toList();
        }
    }

    /** Certificates that must fail parsing (not merely verification), with the field the error must name. */
    static final Map<String, String> MUST_FAIL = Map.of(
            "cert_33_3.pem", "Certificate.signatureValue",
            "cert_33_5.pem", "Certificate.signatureValue.MTCProof.signatures",
            "cert_33_6.pem", "Certificate.signatureValue.MTCProof.signatures",
            "cert_33_7.pem", "Certificate.signatureValue.MTCProof.signatures",
            "cert_33_8.pem", "Certificate.signatureAlgorithm",
            "cert_33_9.pem", "TBSCertificate.signature",
            "mtc-leaf-unused-bit.pem", "Certificate.signatureValue",
            "mtc-leaf-standalone-cosigner_wrong_order.pem", "Certificate.signatureValue.MTCProof.signatures",
            "mtc-leaf-standalone-duplicate_ca_signer.pem", "Certificate.signatureValue.MTCProof.signatures");

    void corpus(String name, Profile profile, int expectedOk) throws IOException {
        int ok = 0;
        for (Path p : certs(Interop.corpus(name))) {
            String file = p.getFileName().toString();
            byte[] der = pem(p);
            if (MUST_FAIL.containsKey(file)) {
                try {
                    MtcCertificate.parse(profile, der);
                    fail(file + " parsed but must not");
                } catch (MtcParseException e) {
                    assertEquals(MUST_FAIL.get(file), e.field(), file + ": " + e.getMessage());
                }
                continue;
            }
            MtcCertificate c = MtcCertificate.parse(profile, der);
            assertEquals("32473.1", c.issuerCaId().ascii(), file);
            int idx = Integer.parseInt(file.startsWith("cert_") ? file.split("_")[1] : String.valueOf(c.index()));
            assertEquals(idx, c.index(), file);
            assertEquals(profile.serialHasLogNumber() ? 1 : 0, c.logNumber(), file);
            assertTrue(Long.compareUnsigned(c.proof().start(), c.index()) <= 0, file);
            ok++;
        }
        assertEquals(expectedOk, ok, name);
    }

    @Test
    void draftDemoPlants05() throws IOException {
        corpus("draft-demo-plants05", Profile.PLANTS_05, 12);
    }

    @Test
    void draftDemoPlants02() throws IOException {
        corpus("draft-demo-plants02", Profile.PLANTS_02, 12);
    }

    @Test
    void boringsslPlants05() throws IOException {
        corpus("boringssl-plants05", Profile.PLANTS_05, 11);
    }

    @Test
    void boringsslPlants04() throws IOException {
        corpus("boringssl-plants04", Profile.PLANTS_04, 8);
    }
}
