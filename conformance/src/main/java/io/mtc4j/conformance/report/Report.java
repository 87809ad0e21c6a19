package io.mtc4j.conformance.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.conformance.run.Hello;
import io.mtc4j.conformance.run.Outcome;
import io.mtc4j.conformance.run.Outcome.Status;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.Musts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The conformance report: totals and pass/fail/skip counts per draft section, per MUST id and per vector
 * file, and every failure with its test, input and both answers; what the implementation said in {@code hello}.
 * Written as {@code report.json} (machines), {@code report.md} and a self-contained {@code report.html}, beside
 * {@code musts.json}, the MUST catalogue the per-MUST tables and failures link to.
 */
public final class Report {
    /** Failures shown in full in the Markdown and HTML forms (the JSON form has all). */
    static final int DETAIL_LIMIT = 300;

    private final String implementation;
    private final Hello hello;
    private final List<Outcome> outcomes;

    /** A report of a run whose implementation was not asked {@code hello}. */
    public Report(String implementation, List<Outcome> outcomes) {
        this(implementation, new Hello(Json.object(), "not asked"), outcomes);
    }

    /**
     * @param implementation how the runner reached the implementation (e.g. the adapter command)
     * @param hello what the implementation said about itself
     * @param outcomes every test's outcome
     */
    public Report(String implementation, Hello hello, List<Outcome> outcomes) {
        this.implementation = implementation;
        this.hello = hello;
        this.outcomes = List.copyOf(outcomes);
    }

    /** What the implementation said about itself ({@code hello}). */
    public Hello hello() {
        return hello;
    }

    /** Where the MUST ids are explained: the catalogue written beside the report (and shipped with the vectors). */
    public static final String MUST_CATALOGUE = Musts.FILE;
    /** The catalogue's place in the mtc4j repository. */
    public static final String MUST_CATALOGUE_SOURCE = "test-vectors/src/main/resources/vectors/" + Musts.FILE;

    /** {@code "ID: rule [spec §section]"}, or the bare id when the catalogue does not have it. */
    public static String mustLabel(String id) {
        return Musts.byId(id).map(m -> id + ": " + m.rule() + " [" + m.spec() + " §" + m.section() + "]").orElse(id);
    }

    /** pass, fail, skip counts. */
    public record Counts(int pass, int fail, int skip) {
        Counts add(Status s) {
            return switch (s) {
                case PASS -> new Counts(pass + 1, fail, skip);
                case FAIL -> new Counts(pass, fail + 1, skip);
                case SKIP -> new Counts(pass, fail, skip + 1);
            };
        }

        /** Total tests. */
        public int total() {
            return pass + fail + skip;
        }

        ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("pass", pass);
            o.put("fail", fail);
            o.put("skip", skip);
            return o;
        }
    }

    /** The implementation's description. */
    public String implementation() {
        return implementation;
    }

    /** All outcomes. */
    public List<Outcome> outcomes() {
        return outcomes;
    }

    /** Totals. */
    public Counts totals() {
        Counts c = new Counts(0, 0, 0);
        for (Outcome o : outcomes) {
            c = c.add(o.status());
        }
        return c;
    }

    /** Counts grouped by {@code key} (sorted by key). */
    public Map<String, Counts> by(Function<Outcome, String> key) {
        Map<String, Counts> m = new TreeMap<>();
        for (Outcome o : outcomes) {
            String k = key.apply(o);
            if (k != null) {
                m.merge(k, new Counts(0, 0, 0).add(o.status()),
                        (a, b) -> new Counts(a.pass + b.pass, a.fail + b.fail, a.skip + b.skip));
            }
        }
        return m;
    }

    /** Counts per draft section. */
    public Map<String, Counts> bySection() {
        return by(Outcome::section);
    }

    /** Counts per MUST id (tests without one are not counted here). */
    public Map<String, Counts> byMust() {
        return by(o -> o.must().orElse(null));
    }

    /** Counts per vector file (properties are files named {@code property/...}). */
    public Map<String, Counts> byFile() {
        return by(Outcome::file);
    }

    /** The failures. */
    public List<Outcome> failures() {
        return outcomes.stream().filter(o -> o.status() == Status.FAIL).toList();
    }

    /** The JSON form. */
    public ObjectNode toJson() {
        ObjectNode r = Json.object();
        r.put("implementation", implementation);
        ObjectNode h = r.putObject("hello");
        h.put("summary", hello.summary());
        h.set("answer", hello.answer());
        r.put("mustCatalogue", MUST_CATALOGUE);
        r.set("totals", totals().toJson());
        r.set("bySection", countsJson(bySection()));
        r.set("byMust", countsJson(byMust()));
        r.set("byFile", countsJson(byFile()));
        ArrayNode f = r.putArray("failures");
        for (Outcome o : failures()) {
            f.add(outcomeJson(o));
        }
        ArrayNode s = r.putArray("skipped");
        outcomes.stream().filter(o -> o.status() == Status.SKIP).forEach(o -> s.add(o.id()));
        return r;
    }

    static ObjectNode outcomeJson(Outcome o) {
        ObjectNode j = Json.object();
        j.put("id", o.id());
        j.put("op", o.op());
        j.put("section", o.section());
        o.must().ifPresent(m -> j.put("must", m));
        o.must().flatMap(Musts::byId).ifPresent(m -> j.put("mustRule", m.rule()));
        j.put("comment", o.comment());
        j.put("reason", o.reason());
        j.set("request", o.request());
        j.set("expected", o.expected());
        j.set("answer", o.answer());
        return j;
    }

    private static ObjectNode countsJson(Map<String, Counts> m) {
        ObjectNode o = Json.object();
        m.forEach((k, v) -> o.set(k, v.toJson()));
        return o;
    }

    /** Writes report.json, report.md and report.html into {@code dir}. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.json"), Json.pretty(toJson()), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(MUST_CATALOGUE), Json.pretty(Musts.toJson()), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.md"), MarkdownReport.render(this), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), HtmlReport.render(this), StandardCharsets.UTF_8);
    }
}
