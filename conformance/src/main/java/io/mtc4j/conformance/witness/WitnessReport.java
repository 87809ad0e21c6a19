package io.mtc4j.conformance.witness;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.conformance.log.CheckResult;
import io.mtc4j.conformance.log.ServiceReport;
import io.mtc4j.conformance.report.Html;
import java.io.PrintStream;
import java.util.List;
import java.util.Objects;

/**
 * The results of one {@code mtc conformance witness} run: one greppable line per check, JSON and HTML forms.
 *
 * @param url      the witness prefix URL checked
 * @param origin   the simulated log's origin
 * @param results  one result per check, in the order run
 * @param requests the HTTP requests sent
 */
public record WitnessReport(String url, String origin, List<CheckResult> results, int requests)
        implements ServiceReport {
    /**
     * Copies the results.
     *
     * @param url      the witness prefix URL
     * @param origin   the origin
     * @param results  the results
     * @param requests the requests sent
     */
    public WitnessReport {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(origin, "origin");
        results = List.copyOf(results);
    }

    /**
     * The service checked.
     *
     * @return {@code witness}
     */
    @Override
    public String kind() {
        return "witness";
    }

    /**
     * The text form: a header, one line per check, the summary.
     *
     * @param out where to print
     */
    public void printText(PrintStream out) {
        printLines(out, "witness " + url + " log origin " + origin);
    }

    /**
     * Adds {@code url}, {@code origin} and {@code requests} to the JSON form.
     *
     * @param o the report's JSON object
     */
    @Override
    public void putFields(ObjectNode o) {
        o.put("url", url);
        o.put("origin", origin);
        o.put("requests", requests);
    }

    /**
     * The HTML form: self-contained, no scripts.
     *
     * @return the page
     */
    @Override
    public String toHtml() {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                + "<title>tlog-witness conformance</title>\n<style>body{font-family:system-ui,sans-serif;margin:2em;"
                + "color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .6em;"
                + "vertical-align:top}th{background:#f3f3f3}.pass{color:#176117}.fail{color:#b00020;font-weight:bold}"
                + ".warn{color:#8a6d00}.skip{color:#666}</style></head><body>\n<h1>tlog-witness conformance</h1>\n");
        b.append("<p>Witness <code>").append(Html.escape(url)).append("</code>, simulated log <code>")
                .append(Html.escape(origin)).append("</code>, ").append(requests).append(" requests.</p>\n")
                .append("<p id=\"totals\">").append(Html.escape(summary())).append("</p>\n");
        return htmlTable(b, "reference (MTC-NOTES MUST ids)", true);
    }
}
