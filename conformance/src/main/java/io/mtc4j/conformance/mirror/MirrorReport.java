package io.mtc4j.conformance.mirror;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.conformance.log.CheckResult;
import io.mtc4j.conformance.log.ServiceReport;
import io.mtc4j.conformance.report.Html;
import java.io.PrintStream;
import java.util.List;
import java.util.Objects;

/**
 * The results of one {@code mtc conformance mirror} run: one greppable line per check, JSON and HTML forms.
 *
 * @param url     the mirror's prefix URL
 * @param origin  the origin of the log the checker played
 * @param results one result per check, in the order run
 */
public record MirrorReport(String url, String origin, List<CheckResult> results) implements ServiceReport {
    /** Copies the results. */
    public MirrorReport {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(origin, "origin");
        results = List.copyOf(results);
    }

    /**
     * The service checked.
     *
     * @return {@code mirror}
     */
    @Override
    public String kind() {
        return "mirror";
    }

    /**
     * Writes the text form: a header line, one line per check, the summary.
     *
     * @param out where to write
     */
    public void printText(PrintStream out) {
        printLines(out, "mirror " + url + " log " + origin);
    }

    /**
     * Adds {@code mirror_url} and {@code origin} to the JSON form.
     *
     * @param o the report's JSON object
     */
    @Override
    public void putFields(ObjectNode o) {
        o.put("mirror_url", url);
        o.put("origin", origin);
    }

    /**
     * The HTML form: a table of the checks.
     *
     * @return the HTML page
     */
    @Override
    public String toHtml() {
        return htmlTable(new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>tlog-mirror"
                + " conformance</title><style>body{font-family:sans-serif}td,th{border:1px solid #ccc;padding:2px 6px}"
                + "table{border-collapse:collapse}.pass{color:#070}.fail{color:#b00;font-weight:bold}</style></head>"
                + "<body>\n<h1>tlog-mirror conformance</h1>\n<p>mirror <code>").append(Html.escape(url))
                .append("</code>, log <code>").append(Html.escape(origin)).append("</code>: ")
                .append(Html.escape(summary())).append("</p>\n"), "reference", false);
    }
}
