package io.mtc4j.rp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtc4j.spec.cli.Main;
import io.mtc4j.spec.testing.Interop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
    record Run(int status, String out, String err) {}

    static Run mtc(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String p(Path dir, String f) {
        return dir.resolve(f).toString();
    }

    @Test
    void boringSslCorpusVerdictLines() {
        Path dir = Interop.corpus("boringssl-plants05");
        List<String> args = new ArrayList<>(List.of("verify", "--ca", p(dir, "ca_cert.pem"), "--time", "1735689600",
                "--signature-only"));
        for (String f : List.of("cert_10_0.pem", "cert_33_1.pem", "cert_2_0.pem", "cert_33_5.pem", "cert_33_8.pem")) {
            args.add(p(dir, f));
        }
        Run r = mtc(args.toArray(new String[0]));
        assertEquals(1, r.status(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(5, lines.length, r.out());
        assertTrue(lines[0].endsWith("cert_10_0.pem: valid path=signatures cosigners=32473.1"), lines[0]);
        assertTrue(lines[1].endsWith("cert_33_1.pem: valid path=signatures cosigners=32473.1"), lines[1]);
        assertTrue(lines[2].contains("cert_2_0.pem: invalid step=revoked_range: "), lines[2]);
        assertTrue(lines[3].contains("cert_33_5.pem: invalid step=proof_decoding: "), lines[3]);
        assertTrue(lines[4].contains("cert_33_8.pem: invalid step=signature_algorithm: "), lines[4]);

        Run ok = mtc("verify", "--ca", p(dir, "ca_cert.pem"), "--time", "2025-01-01T00:00:00Z", "--host", "B.Example.",
                p(dir, "cert_10_0.pem"), p(dir, "cert_10_1.pem"));
        assertEquals(0, ok.status(), ok.out() + ok.err());
        Run host = mtc("verify", "--ca", p(dir, "ca_cert.pem"), "--time", "1735689600", "--host", "192.0.2.1",
                p(dir, "cert_10_0.pem"));
        assertEquals(1, host.status());
        assertTrue(host.out().contains("invalid step=host"), host.out());
        Run expired = mtc("verify", "--ca", p(dir, "ca_cert.pem"), "--time", "2031-01-01T00:00:00Z",
                p(dir, "cert_10_0.pem"));
        assertTrue(expired.out().contains("invalid step=validity: expired"), expired.out());
    }

    @Test
    void jsonConfigAndTrustedSubtrees(@TempDir Path tmp) throws Exception {
        Path dir = Interop.corpus("draft-demo-plants05");
        Path ts = tmp.resolve("ts.json");
        Files.writeString(ts, "{\"trusted_subtrees\": [{\"ca_id\": \"32473.1\", \"log\": 1, \"start\": 1024, \"end\": 2036,"
                + " \"hash\": \"nrHwDwyamzxb3tc44WcvnQrcgyHoydtC9FedzUZFQ24=\"}]}");
        Run r = mtc("verify", "--ca", p(dir, "ca_cert.pem"), "--trusted-subtrees", ts.toString(), "--time",
                "1735689600", "--json", "--host", "e.example", p(dir, "cert_2035_1.pem"), p(dir, "cert_2035_2.pem"),
                p(dir, "cert_10_2.pem"));
        assertEquals(1, r.status(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(false, doc.get("all_valid").asBoolean());
        assertEquals("e.example", doc.get("host").asText());
        JsonNode res = doc.get("results");
        assertEquals(3, res.size());
        assertEquals(true, res.get(0).get("valid").asBoolean());
        assertEquals("trusted_subtree", res.get(0).get("path").asText());
        // one rule for integers: JSON numbers up to 2^53 (serial 2^48 + 2035 is one too)
        assertTrue(res.get(0).get("index").isIntegralNumber(), res.get(0).toString());
        assertEquals(2035, res.get(0).get("index").asLong());
        assertEquals((1L << 48) + 2035, res.get(0).get("serial").asLong());
        assertTrue(res.get(0).get("serial").isIntegralNumber());
        assertEquals(1024, res.get(0).get("start").asLong());
        assertTrue(res.get(0).get("start").isIntegralNumber());
        assertEquals(1, res.get(0).get("log_number").asInt());
        assertEquals("trusted_subtree", res.get(1).get("step").asText());
        assertEquals("cosignatures", res.get(2).get("step").asText());

        // a config file with a policy the CA's cosignature alone cannot meet
        Path cfg = tmp.resolve("rp.json");
        Files.writeString(cfg, "{\"cas\": [{\"ca_certificate\": \"" + p(dir, "ca_cert.pem").replace("\\", "\\\\")
                + "\", \"cosigners\": [], \"policy\": {\"cosigner\": \"ca\"}}]}");
        Run c = mtc("verify", "--config", cfg.toString(), "--time", "1735689600", "--signature-only",
                p(dir, "cert_2034_0.pem"));
        assertEquals(0, c.status(), c.out() + c.err());
    }

    /** A landmark-relative certificate with no trusted subtrees loaded says so, on stdout and with a hint on stderr. */
    @Test
    void landmarkRelativeWithoutTrustedSubtreesNamesTheCause() {
        Path dir = Interop.corpus("draft-demo-plants05");
        Run r = mtc("verify", "--ca", p(dir, "ca_cert.pem"), "--time", "1735689600", p(dir, "cert_2035_1.pem"));
        assertEquals(1, r.status(), r.err());
        assertTrue(r.out().contains("invalid step=cosignatures: landmark-relative certificate (no cosignatures) in log 1"
                + " [1024, 2036): no trusted subtrees are loaded for CA 32473.1"), r.out());
        assertTrue(r.err().contains("give --trusted-subtrees FILE"), r.err());
        // a standalone certificate gets no such hint
        Run s = mtc("verify", "--ca", p(dir, "ca_cert.pem"), "--time", "1735689600", p(dir, "cert_10_0.pem"));
        assertEquals(0, s.status(), s.out());
        assertTrue(s.err().isEmpty(), s.err());
    }

    static Path examples() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("examples")) ? here.resolve("examples")
                : here.getParent().resolve("examples");
    }

    /** The README's commands: the examples verify now, with no --time, by --config examples/rp.json or by flags. */
    @Test
    void theExamplesVerifyWithoutTime() throws Exception {
        Path ex = examples();
        Run byConfig = mtc("verify", "--config", p(ex, "rp.json"), "--host", "www.example.com",
                p(ex, "standalone.pem"), p(ex, "landmark-relative.pem"));
        assertEquals(0, byConfig.status(), byConfig.out() + byConfig.err());
        String[] lines = byConfig.out().split("\n");
        assertTrue(lines[0].endsWith("standalone.pem: valid path=signatures cosigners=32473.1"), lines[0]);
        assertTrue(lines[1].endsWith("landmark-relative.pem: valid path=trusted_subtree"), lines[1]);
        Run byFlags = mtc("verify", "--ca", p(ex, "ca.pem"), "--trusted-subtrees", p(ex, "trusted-subtrees.json"),
                "--host", "www.example.com", p(ex, "standalone.pem"), p(ex, "landmark-relative.pem"));
        assertEquals(byConfig.out(), byFlags.out(), byFlags.err());
        // the files keep one encoding for bytes: hex
        assertTrue(Files.readString(ex.resolve("trusted-subtrees.json")).matches("(?s).*\"hash\": \"[0-9a-f]{64}\".*"));
    }

    @Test
    void usageAndInputErrors(@TempDir Path tmp) throws Exception {
        assertEquals(2, mtc("verify").status());
        assertEquals(2, mtc("verify", "x.pem").status());
        assertEquals(2, mtc("verify", "--ca", "nonexistent.pem", "x.pem").status());
        Path bad = tmp.resolve("bad.pem");
        Files.writeString(bad, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        Run r = mtc("verify", "--ca", bad.toString(), "x.pem");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("mtc verify: error: "), r.err());
        Path dir = Interop.corpus("boringssl-plants05");
        assertEquals(2, mtc("verify", "--ca", p(dir, "ca_cert.pem"), "--time", "yesterday", p(dir, "cert_10_0.pem"))
                .status());
        assertEquals(2, mtc("verify", "--ca", p(dir, "ca_cert.pem"), "--host", "1.2.3", p(dir, "cert_10_0.pem"))
                .status());
        Run help = mtc("verify", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().startsWith("usage: mtc verify"), help.out());
        assertTrue(mtc("--help").out().contains("verify"));
    }
}
