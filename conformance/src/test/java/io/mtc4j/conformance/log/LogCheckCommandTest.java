package io.mtc4j.conformance.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtc4j.spec.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mtc conformance log}: text, JSON, report files, exit statuses, usage errors. */
class LogCheckCommandTest {
    private record Run(int rc, String out, String err) {}

    private static Run mtc(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void textJsonAndReports(@TempDir Path dir) throws Exception {
        try (FakeLogServer server = new FakeLogServer()) {
            String url = server.base() + "/mtc/";
            TestLog log = TestLog.of(TestLog.sampleEntries(300), server.base() + "/mtc", List.of(0L, 256L, 300L));
            log.serve(server, "/mtc/1", false);
            Path ca = dir.resolve("ca.pem");
            Files.write(ca, log.caPem());

            Run text = mtc("conformance", "log", "--url", url, "--ca", ca.toString(), "--report",
                    dir.resolve("r").toString());
            assertEquals(0, text.rc(), text.out() + text.err());
            assertTrue(text.out().contains("\nPASS checkpoint-origin: oid/1.3.6.1.4.1.32473.1.0.1 [mtc-tlog"), text.out());
            assertTrue(text.out().contains("counts: entries_checked=300 tbs_cert_entry=299 null_entry=1"), text.out());
            assertTrue(text.out().contains("\nlog: 22 pass, 0 fail, 0 warn, 0 skip\n"), text.out());
            assertTrue(text.err().contains("log: entries 300/300"), text.err());
            assertTrue(Files.readString(dir.resolve("r/log-report.md")).contains("| tiles-root | pass |"));
            JsonNode rep = new ObjectMapper().readTree(dir.resolve("r/log-report.json").toFile());
            assertTrue(rep.get("passed").asBoolean());

            Run json = mtc("conformance", "log", "--url", url, "--ca", ca.toString(), "--json", "--log", "1");
            assertEquals(0, json.rc());
            JsonNode j = new ObjectMapper().readTree(json.out());
            assertEquals(server.base() + "/mtc/1", j.get("log_prefix").asText());
            assertEquals(300, j.get("tree_size").asLong());
            assertEquals(22, j.get("totals").get("pass").asInt());
            List<String> checks = new ArrayList<>();
            j.get("results").forEach(x -> checks.add(x.get("check").asText() + "=" + x.get("status").asText()));
            assertTrue(checks.contains("entries-leaf-hashes=pass"), checks::toString);
            assertTrue(j.get("results").get(0).get("ref").asText().contains("Representing Certification Authorities"));

            Path prev = dir.resolve("prev-checkpoint");
            Files.write(prev, log.checkpoint());
            Run consistent = mtc("conformance", "log", "--url", url, "--ca", ca.toString(), "--previous", prev.toString());
            assertEquals(0, consistent.rc(), consistent.out());
            assertTrue(consistent.out().contains("\nPASS checkpoint-consistency: the first 300 entries"), consistent.out());

            // log 2 is not served: exit 1
            Run two = mtc("conformance", "log", "--url", url, "--ca", ca.toString(), "--log", "2");
            assertEquals(1, two.rc());
            assertTrue(two.out().contains("FAIL checkpoint-fetch: GET " + server.base() + "/mtc/2/checkpoint: HTTP 404"),
                    two.out());
        }
    }

    @Test
    void usageErrors(@TempDir Path dir) throws Exception {
        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, "x");
        assertEquals(2, mtc("conformance", "log", "--ca", ca.toString()).rc());
        assertEquals(2, mtc("conformance", "log", "--url", "http://127.0.0.1:9/x").rc());
        assertEquals(2, mtc("conformance", "log", "--url", "ftp://127.0.0.1/x", "--ca", ca.toString()).rc());
        assertEquals(2, mtc("conformance", "log", "--url", "http://127.0.0.1:9/x", "--ca", ca.toString(), "--log",
                "70000").rc());
        assertEquals(2, mtc("conformance", "log", "--url", "http://127.0.0.1:9/x", "--ca", ca.toString(),
                "--max-entries", "-3").rc());
        assertEquals(2, mtc("conformance", "log", "--url", "http://127.0.0.1:9/x", "--ca",
                dir.resolve("absent.pem").toString()).rc());
        assertEquals(2, mtc("conformance", "log", "--url", "http://127.0.0.1:9/x", "--ca", ca.toString(),
                "--profile", "plants-99").rc());
        Run help = mtc("conformance", "--help");
        assertTrue((help.out() + help.err()).contains("mtc conformance log") || (help.out() + help.err())
                .contains("log      --url U --ca ca.pem"), help.out() + help.err());
    }
}
