package io.mtc4j.conformance.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.cli.Main;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mtc simulate} through the CLI dispatcher: JSON fields, Markdown, sweeps and their chart, bad parameters. */
class SimulateCommandTest {
    /** Short runs: the draft's CA, one simulated day, 20k handshakes. */
    static final List<String> SHORT = List.of("--duration", "1d", "--handshakes", "20000");

    record Run(int status, String out, String err) {}

    static Run mtc(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>();
        all.add("simulate");
        all.addAll(args);
        int status = Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static List<String> args(String... extra) {
        List<String> a = new ArrayList<>(SHORT);
        a.addAll(List.of(extra));
        return a;
    }

    @Test
    void jsonHoldsTheFieldsScriptsReadAndTheDraftFigures() throws Exception {
        Run r = mtc(args("--json", "--rp-delay", "mix:70%:1h,25%:1d,5%:never"));
        assertEquals(0, r.status(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.isObject());
        assertEquals(169, j.get("max_active_landmarks").asLong());
        assertEquals(10_816, j.get("rp_state_bytes").asLong());
        assertEquals(11, j.get("standalone_proof_hashes").asInt());
        assertEquals(22, j.get("landmark_proof_hashes").asInt());
        double share = j.get("landmark_relative_share").asDouble();
        assertTrue(share > 0.5 && share < 1, "share " + share);
        assertTrue(j.get("mean_auth_bytes").asDouble() > 0);
        assertEquals(1.0, share + j.get("standalone_share").asDouble() + j.get("none_share").asDouble(), 1e-9);
        assertEquals("mix:70%:1h,25%:1d,5%:never", j.get("parameters").get("rp_delay").asText());
        // same seed, same output
        assertEquals(r.out(), mtc(args("--json", "--rp-delay", "mix:70%:1h,25%:1d,5%:never")).out());
    }

    @Test
    void outWritesTheResultAndItsChart(@TempDir Path dir) throws Exception {
        Run r = mtc(args("--out", dir.toString(), "--rp-delay", "exp:2d"));
        assertEquals(0, r.status(), r.err());
        JsonNode j = new ObjectMapper().readTree(Files.readString(dir.resolve("simulate.json")));
        assertEquals("exp:2d", j.get("parameters").get("rp_delay").asText());
        assertEquals(r.out().strip(), Files.readString(dir.resolve("simulate.md")).strip());
        assertEquals(SweepChart.WIDTH, ImageIO.read(dir.resolve("simulate.png").toFile()).getWidth());
    }

    @Test
    void markdownTableByDefault() {
        Run r = mtc(args());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("| figure | value |"), r.out());
        assertTrue(r.out().contains("| max_active_landmarks | 169 |"), r.out());
        assertTrue(r.out().contains("| rp_state_bytes | 10816 |"), r.out());
        assertTrue(r.out().contains("| landmark_relative_share | 1.0000 |"), r.out());
        // not a terminal: progress as plain lines on stderr
        assertTrue(r.err().contains("simulate: 100%"), r.err());
    }

    @Test
    void sweepPrintsOneObjectPerStepAndDrawsAPng(@TempDir Path dir) throws Exception {
        Run r = mtc(args("--json", "--sweep", "rp-delay=0..2d:3", "--rp-delay", "exp:6h", "--out", dir.toString()));
        assertEquals(0, r.status(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(3, j.size());
        assertEquals("exp:1d", j.get(1).get("parameters").get("rp_delay").asText());
        assertEquals("1d", j.get(1).get("sweep").get("value").asText());
        // fixed:0 is the limit of exp:0 (instant updates)
        assertEquals("fixed:0", j.get(0).get("parameters").get("rp_delay").asText());
        assertTrue(j.get(0).get("landmark_relative_share").asDouble() > j.get(1).get("landmark_relative_share").asDouble());
        assertTrue(j.get(1).get("landmark_relative_share").asDouble() > j.get(2).get("landmark_relative_share").asDouble());
        BufferedImage png = ImageIO.read(dir.resolve("sweep-rp-delay.png").toFile());
        assertEquals(SweepChart.WIDTH, png.getWidth());
        assertEquals(SweepChart.HEIGHT, png.getHeight());
        assertTrue(Files.readString(dir.resolve("sweep-rp-delay.md")).contains("| rp-delay | landmark_relative_share"));
    }

    @Test
    void landmarkIntervalSweepChangesMaxActiveLandmarks(@TempDir Path dir) throws Exception {
        Run r = mtc(args("--sweep", "landmark-interval=30m..2h:4", "--out", dir.toString(), "--duration", "12h"));
        assertEquals(0, r.status(), r.err());
        String[] rows = r.out().lines().filter(l -> l.startsWith("| ") && !l.startsWith("| landmark-interval"))
                .toArray(String[]::new);
        assertEquals(4, rows.length, r.out());
        assertTrue(rows[0].startsWith("| 30m |") && rows[3].startsWith("| 2h |"), r.out());
        assertTrue(rows[0].contains("| 337 |"), rows[0]); // ceil(7d / 30m) + 1
        assertTrue(rows[3].contains("| 85 |"), rows[3]); // ceil(7d / 2h) + 1
        assertTrue(Files.exists(dir.resolve("sweep-landmark-interval.png")));
    }

    @Test
    void badParametersExit2NamingTheParameter() {
        String[][] cases = {
            {"--rate", "-1/h", "--rate"},
            {"--rate", "4.4M", "--rate"},
            {"--rp-delay", "mix:70%:1h,25%:1d", "--rp-delay"},
            {"--rp-delay", "weibull:2h", "--rp-delay"},
            {"--lifetime", "0", "--lifetime"},
            {"--checkpoint-interval", "2", "--checkpoint-interval"},
            {"--renew-at", "1.5", "--renew-at"},
            {"--no-trust-anchors-share", "x", "--no-trust-anchors-share"},
            {"--cosigners", "0", "--cosigners"},
            {"--subject-key", "rsa", "--subject-key"},
            {"--sweep", "colour=1..2", "--sweep"},
            {"--sweep", "lifetime=1d..2d:1", "--sweep"},
            {"--seed", "one", "--seed"},
        };
        for (String[] c : cases) {
            Run r = mtc(List.of(c[0], c[1]));
            assertEquals(2, r.status(), String.join(" ", c) + ": " + r.err());
            assertTrue(r.err().contains(c[2] + ":") || r.err().contains(c[2] + " "), String.join(" ", c) + ": " + r.err());
        }
        Run mixSweep = mtc(List.of("--rp-delay", "mix:50%:1h,50%:never", "--sweep", "rp-delay=1h..2h"));
        assertEquals(2, mixSweep.status());
        assertTrue(mixSweep.err().contains("--sweep"), mixSweep.err());
        assertEquals(2, mtc(List.of("--colour", "red")).status());
    }

    @Test
    void sweepValuesAreEvenlySpacedAndIncludeBothEnds() {
        assertEquals(List.of("10m", "210m", "410m", "610m", "810m", "1010m", "1210m", "1410m"),
                SweepSpec.parse("landmark-interval=10m..1410m").values());
        assertEquals(List.of("1", "2", "3"), SweepSpec.parse("cosigners=1..3:3").values());
        assertEquals(List.of("1M/h", "2.5M/h", "4M/h"), SweepSpec.parse("rate=1M/h..4M/h:3").values());
        MtcParseException e = assertThrows(MtcParseException.class, () -> SweepSpec.parse("lifetime=1d"));
        assertEquals("--sweep", e.field());
    }
}
