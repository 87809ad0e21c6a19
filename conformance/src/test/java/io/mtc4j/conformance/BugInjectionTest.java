package io.mtc4j.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.conformance.report.Report;
import io.mtc4j.conformance.run.Outcome;
import io.mtc4j.conformance.run.Properties;
import io.mtc4j.conformance.run.Runner;
import io.mtc4j.vectors.VectorSet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The suite fails every implementation that carries one of the known bugs, at a test of the right operation. */
class BugInjectionTest {
    private static final VectorSet VECTORS = VectorSet.committed();

    @ParameterizedTest
    @EnumSource(BuggyImplementation.Bug.class)
    void everyInjectedBugIsDetected(BuggyImplementation.Bug bug) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream progress = new PrintStream(log, true, StandardCharsets.UTF_8);
        BuggyImplementation impl = new BuggyImplementation(bug);
        List<Outcome> outcomes = new ArrayList<>(new Runner(impl, progress).run(VECTORS, true));
        if (outcomes.stream().noneMatch(o -> o.status() == Outcome.Status.FAIL)) {
            outcomes.addAll(new Properties(impl, progress, 1, 50).run());
        }
        List<Outcome> failures = outcomes.stream().filter(o -> o.status() == Outcome.Status.FAIL).toList();
        assertTrue(!failures.isEmpty(), bug + " was not detected:\n" + log.toString(StandardCharsets.UTF_8));
        assertTrue(failures.stream().anyMatch(o -> o.op().equals(bug.op) || o.op().equals("accumulated")
                || o.file().startsWith("property/")), bug + " was caught only by unrelated tests: " + failures.get(0).id());
    }

    @Test
    void theReportShowsEachFailureWithInputAndBothAnswers(@TempDir Path dir) throws Exception {
        BuggyImplementation impl = new BuggyImplementation(BuggyImplementation.Bug.COVERING_OFF_BY_ONE);
        List<Outcome> o = new Runner(impl, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run(VECTORS);
        Report r = new Report(impl.describe(), o);
        r.write(dir);
        Outcome first = r.failures().get(0);
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains(first.id()) && html.contains("<p>Input</p>") && html.contains("<p>Expected</p>")
                && html.contains("<p>Answer</p>"), "failure details");
        assertTrue(html.contains(r.totals().fail() + " fail</span>"), "fail count");
        assertTrue(Files.readString(dir.resolve("report.md")).contains("### " + first.id()));
        assertTrue(Files.readString(dir.resolve("report.json")).contains("\"id\": \"" + first.id() + "\""));
    }
}
