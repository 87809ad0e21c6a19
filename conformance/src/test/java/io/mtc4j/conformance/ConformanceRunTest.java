package io.mtc4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.conformance.mtc4j.Mtc4jImplementation;
import io.mtc4j.conformance.report.Report;
import io.mtc4j.conformance.run.Outcome;
import io.mtc4j.conformance.run.Runner;
import io.mtc4j.spec.cli.Main;
import io.mtc4j.vectors.VectorSet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mtc4j passes its own suite, in process and as a separate JVM behind the line protocol. */
class ConformanceRunTest {
    private static void assertAllPass(Report r) {
        Report.Counts t = r.totals();
        assertEquals(0, t.fail(), () -> "failures: " + r.failures().stream().map(o -> o.id() + " " + o.reason())
                .limit(20).toList());
        assertEquals(0, t.skip(), "mtc4j implements every operation");
        assertTrue(t.pass() >= VectorSet.committed().size());
    }

    @Test
    void mtc4jInProcessPassesEveryVector() {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        List<Outcome> o = new Runner(new Mtc4jImplementation(), new PrintStream(progress, true, StandardCharsets.UTF_8))
                .run(VectorSet.committed());
        assertAllPass(new Report("mtc4j", o));
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("file tai_encode"));
    }

    @Test
    void cliRunWritesTheThreeReports(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = Main.run(List.of("conformance", "run", "--report", dir.toString(), "--trials", "20"),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, text);
        assertTrue(text.contains(" 0 fail"), text);
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<table id=\"section\">") && html.contains("<table id=\"must\">"), "count tables");
        assertTrue(html.matches("(?s).*<p id=\"totals\">.*[1-9][0-9]* pass</span>.*0 fail.*"), "totals line");
        assertTrue(!html.contains("<script") && !html.contains("http://") && !html.contains("src="),
                "self-contained");
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("| E21: TAI binary 1..255 B"), "per-MUST rows carry the rule");
        assertTrue(md.contains("[musts.json](musts.json)") && html.contains("<a href=\"musts.json\">"),
                "reports link to the catalogue");
        assertTrue(io.mtc4j.vectors.Json.parse(Files.readString(dir.resolve("musts.json"))).path("ids").has("R12"),
                "the catalogue is written beside the report");
        assertTrue(text.contains("conformance: hello: mtc4j " + Mtc4jImplementation.VERSION + "; profiles "),
                text);
        assertTrue(md.contains("It says (hello): mtc4j"), "the report says what the implementation said");
        assertTrue(Files.readString(dir.resolve("report.json")).contains("\"byMust\""));
    }

    static List<String> adapterCommand() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-cp", System.getProperty("java.class.path"), "io.mtc4j.spec.cli.Main", "conformance",
                "adapter");
    }

    @Test
    void mtc4jAsASeparateJvmPassesEveryVector() throws Exception {
        try (ProcessImplementation impl = new ProcessImplementation(adapterCommand(), "mtc4j adapter JVM", 60_000)) {
            List<Outcome> o = new Runner(impl, new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8)).run(VectorSet.committed());
            assertAllPass(new Report(impl.describe(), o));
        }
    }

    @Test
    void unsupportedOperationsAreSkippedNotFailed() throws Exception {
        String script = "while IFS= read -r l; do id=$(printf '%s' \"$l\" | sed 's/^{\"id\":\\([0-9]*\\).*/\\1/'); "
                + "printf '{\"id\":%s,\"ok\":false,\"error\":{\"kind\":\"unsupported\",\"message\":\"no\"}}\\n' "
                + "\"$id\"; done";
        try (ProcessImplementation impl = new ProcessImplementation(script, 10_000)) {
            List<Outcome> o = new Runner(impl, new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8)).run(VectorSet.committed());
            Report r = new Report(impl.describe(), o);
            assertEquals(0, r.totals().fail(), () -> r.failures().get(0).reason());
            assertEquals(VectorSet.committed().size(), r.totals().skip());
        }
    }

    @Test
    void aCrashingAdapterIsAFailureNotAHang() throws Exception {
        try (ProcessImplementation impl = new ProcessImplementation("read line; exit 3", 10_000)) {
            Answer a = impl.call("tai.encode", io.mtc4j.vectors.Json.object().put("ascii", "1"));
            assertEquals(Answer.KIND_PROTOCOL, a.kind());
            Answer b = impl.call("tai.encode", io.mtc4j.vectors.Json.object().put("ascii", "1"));
            assertEquals(Answer.KIND_PROTOCOL, b.kind(), "restarted adapter crashes again");
        }
    }

    @Test
    void aSilentAdapterTimesOut() throws Exception {
        try (ProcessImplementation impl = new ProcessImplementation("cat > /dev/null", 300)) {
            Answer a = impl.call("hello", io.mtc4j.vectors.Json.object());
            assertEquals(Answer.KIND_PROTOCOL, a.kind());
            assertTrue(a.message().contains("no answer"), a.message());
        }
    }
}
