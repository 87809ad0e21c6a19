package io.mtc4j.conformance.tlscmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mtc tls sizes}: real handshakes, the table, the chart and the draft's estimates. */
class SizesCommandTest {
    @TempDir
    Path tmp;

    @Test
    void measuresEveryCaseAndReproducesTheDraftsEstimates() throws Exception {
        List<SizesCommand.Row> rows = SizesCommand.measure(new PrintStream(new ByteArrayOutputStream()));
        assertEquals(10, rows.size()); // per key: classic, standalone with 1, 2, 3 cosignatures, landmark-relative
        for (String key : List.of("P-256", "ML-DSA-44")) {
            List<SizesCommand.Row> k = rows.stream().filter(r -> r.key().equals(key)).toList();
            // MTC handshakes verify; the classic chain is only measured (this client trusts MTC CAs only)
            k.stream().filter(r -> r.name().startsWith("MTC")).forEach(r -> assertFalse(r.name().contains("not verified"),
                    r.toString()));
            SizesCommand.Row classic = k.get(0);
            SizesCommand.Row s1 = k.get(1);
            SizesCommand.Row s2 = k.get(2);
            SizesCommand.Row s3 = k.get(3);
            SizesCommand.Row lr = k.get(4);
            assertTrue(lr.certificate() < s1.certificate() && s1.certificate() < s2.certificate()
                    && s2.certificate() < s3.certificate(), k.toString());
            // each ML-DSA-44 cosignature adds its 2,420-byte signature and its framing
            assertTrue(s2.certificate() - s1.certificate() > 2420, k.toString());
            assertTrue(lr.flight() < s1.flight() && classic.flight() > lr.flight(), k.toString());
            assertTrue(k.stream().allMatch(r -> r.flight() > r.certificate() + r.certificateVerify()), k.toString());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, SizesCommand.run(List.of("--out", tmp.toString()), new PrintStream(out, true,
                StandardCharsets.UTF_8)));
        String md = Files.readString(tmp.resolve("sizes.md"));
        assertTrue(md.contains("| 2444 | 12 | 384 |"), md);
        assertTrue(md.contains("| 4400000 | 23 | 736 |"), md);
        assertEquals(1000, ImageIO.read(tmp.resolve("sizes.png").toFile()).getWidth());
    }
}
