package io.mtc4j.conformance.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The results of one {@code mtc conformance log} run, with its text (one greppable line per check), JSON and
 * Markdown forms.
 *
 * @param caPrefixUrl    the CA prefix URL checked
 * @param logPrefix      the log prefix {@code <CA prefix URL>/<log number>}
 * @param logNumber      the log number
 * @param results        one result per check, in the order run
 * @param origin         the checkpoint origin, if a checkpoint parsed
 * @param treeSize       the checkpoint tree size, if a checkpoint parsed
 * @param demoCompatUsed true if the CA signature verified only in demo generator compatibility mode
 * @param counts         entry and landmark tallies (e.g. {@code tbs_cert_entry}, {@code null_entry})
 * @param requests       the number of HTTP requests sent
 */
public record LogReport(String caPrefixUrl, String logPrefix, int logNumber, List<CheckResult> results,
        Optional<String> origin, Optional<Long> treeSize, boolean demoCompatUsed, Map<String, Long> counts,
        int requests) implements CheckReport {
    public LogReport {
        Objects.requireNonNull(caPrefixUrl, "caPrefixUrl");
        Objects.requireNonNull(logPrefix, "logPrefix");
        results = List.copyOf(results);
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(treeSize, "treeSize");
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    /** The summary line: {@code log: P pass, F fail, W warn, S skip}. */
    @Override
    public String summary() {
        return CheckResult.summary("log", results) + (demoCompatUsed
                ? " (CA signature accepted only in demo generator compatibility mode)" : "");
    }

    /** Writes the text form: a header line, one line per check, the summary line. */
    public void printText(PrintStream out) {
        out.println("log " + logPrefix + (origin.isPresent() ? " origin " + origin.get() : "")
                + (treeSize.isPresent() ? " size " + treeSize.get() : ""));
        for (CheckResult r : results) {
            out.println(r.line());
        }
        if (!counts.isEmpty()) {
            StringBuilder b = new StringBuilder("counts:");
            counts.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
            out.println(b);
        }
        out.println(summary());
    }

    /** Adds the log's fields and the entry counts to the JSON form. */
    @Override
    public void putFields(ObjectNode o) {
        o.put("ca_prefix_url", caPrefixUrl);
        o.put("log_prefix", logPrefix);
        o.put("log_number", logNumber);
        origin.ifPresent(s -> o.put("origin", s));
        treeSize.ifPresent(s -> o.put("tree_size", s));
        o.put("demo_generator_compat_used", demoCompatUsed);
        o.put("requests", requests);
        ObjectNode c = o.putObject("counts");
        counts.forEach(c::put);
    }

    /** The Markdown form: a table of the checks. */
    public String toMarkdown() {
        StringBuilder b = new StringBuilder("# MTC issuance log check\n\n");
        b.append("- log: `").append(logPrefix).append("`\n");
        origin.ifPresent(s -> b.append("- origin: `").append(s).append("`\n"));
        treeSize.ifPresent(s -> b.append("- tree size: ").append(s).append('\n'));
        b.append("- ").append(summary()).append("\n\n| check | status | detail | reference |\n|---|---|---|---|\n");
        for (CheckResult r : results) {
            b.append("| ").append(r.check()).append(" | ").append(r.status().wire()).append(" | ")
                    .append(cell(r.detail())).append(" | ").append(cell(r.ref())).append(" |\n");
        }
        return b.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|");
    }

    /** Writes {@code log-report.json} and {@code log-report.md} into {@code dir} (created if needed). */
    public void write(Path dir) throws IOException {
        writeFiles(dir, "log-report", "md", toMarkdown());
    }
}
