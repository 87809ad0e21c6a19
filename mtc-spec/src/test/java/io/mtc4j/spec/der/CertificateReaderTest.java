package io.mtc4j.spec.der;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mtc4j.spec.MtcParseException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateReaderTest {
    static final byte[] A = {0x30, 0x03, 0x02, 0x01, 0x01};
    static final byte[] B = {0x30, 0x03, 0x02, 0x01, 0x02};

    static byte[] pem(String... blocks) {
        return String.join("", blocks).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void pemAndDerGiveTheSameBytes(@TempDir Path tmp) throws Exception {
        byte[] one = pem(Pem.encode("CERTIFICATE", A));
        assertArrayEquals(A, CertificateReader.der(one));
        assertArrayEquals(A, CertificateReader.der(A));
        Path f = tmp.resolve("c.pem");
        Files.write(f, one);
        assertArrayEquals(A, CertificateReader.read(f));
        assertEquals(1, CertificateReader.readAll(f).size());
    }

    @Test
    void otherBlocksAreSkippedAndCountsChecked() {
        byte[] two = pem(Pem.encode("PRIVATE KEY", B), Pem.encode("CERTIFICATE", A), Pem.encode("CERTIFICATE", B));
        List<byte[]> all = CertificateReader.allDer(two);
        assertEquals(2, all.size());
        assertArrayEquals(B, all.get(1));
        MtcParseException e = assertThrows(MtcParseException.class, () -> CertificateReader.der(two));
        assertEquals("PEM", e.field());
        assertThrows(MtcParseException.class, () -> CertificateReader.allDer(pem(Pem.encode("PRIVATE KEY", B))));
    }

    @Property(tries = 50)
    void returnsCopies(@ForAll @Size(min = 1, max = 64) byte[] der) {
        byte[] out = CertificateReader.der(der);
        assertArrayEquals(der, out);
        out[0] ^= 1;
        assertArrayEquals(der, CertificateReader.der(der));
        assertArrayEquals(der, CertificateReader.der(pem(Pem.encode("CERTIFICATE", der))));
    }
}
