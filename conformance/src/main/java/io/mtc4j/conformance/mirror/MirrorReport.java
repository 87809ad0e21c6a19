package io.mtc4j.conformance.mirror;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.conformance.log.CheckReport;
import io.mtc4j.conformance.log.CheckResult;
import io.mtc4j.conformance.log.CheckResult.Status;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The results of one {@code mtc conformance mirror} run: one greppable line per check, JSON and HTML forms.
 *
 * @param url     the mirror's prefix URL
 * @param origin  the origin of the log the checker played
 * @param results one result per check, in the order run
 */
public record MirrorReport(String url, String origin, List<CheckResult> results) implements CheckReport {
    /** Copies the results. */
    public MirrorReport {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(origin, "origin");
        results = List.copyOf(results);
    }

    /**
     * The summary line: {@code mirror: P pass, F fail, W warn, S skip}.
     *
     * @return the line
     */
    public String summary() {
        return CheckResult.summary("mirror", results);
    }

    /**
     * Writes the text form: a header line, one line per check, the summary.
     *
     * @param out where to write
     */
    public void printText(PrintStream out) {
        out.println("mirror " + url + " log " + origin);
        results.forEach(r -> out.println(r.line()));
        out.println(summary());
    }

    /**
     * The JSON form, indented.
     *
     * @return the JSON text
     */
    public String toJsonText() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode o = m.createObjectNode();
        o.put("mirror_url", url);
        o.put("origin", origin);
        putResults(o);
        try {
            return m.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The HTML form: a table of the checks.
     *
     * @return the HTML page
     */
    public String toHtml() {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>tlog-mirror"
                + " conformance</title><style>body{font-family:sans-serif}td,th{border:1px solid #ccc;padding:2px 6px}"
                + "table{border-collapse:collapse}.pass{color:#070}.fail{color:#b00;font-weight:bold}</style></head>"
                + "<body>\n<h1>tlog-mirror conformance</h1>\n<p>mirror <code>").append(esc(url))
                .append("</code>, log <code>").append(esc(origin)).append("</code>: ").append(esc(summary()))
                .append("</p>\n<table><tr><th>check</th><th>status</th><th>detail</th><th>reference</th></tr>\n");
        for (CheckResult r : results) {
            b.append("<tr><td>").append(esc(r.check())).append("</td><td class=\"").append(r.status().wire())
                    .append("\">").append(r.status().wire()).append("</td><td>").append(esc(r.detail()))
                    .append("</td><td>").append(esc(r.ref())).append("</td></tr>\n");
        }
        return b.append("</table>\n</body></html>\n").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * Writes {@code mirror-report.json} and {@code mirror-report.html} into {@code dir} (created if needed).
     *
     * @param dir the directory
     * @throws IOException if writing fails
     */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("mirror-report.json"), toJsonText(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("mirror-report.html"), toHtml(), StandardCharsets.UTF_8);
    }
}
