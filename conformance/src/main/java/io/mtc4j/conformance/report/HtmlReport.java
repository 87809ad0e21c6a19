package io.mtc4j.conformance.report;

import static io.mtc4j.conformance.report.Html.escape;

import io.mtc4j.conformance.run.Outcome;
import io.mtc4j.vectors.Json;
import java.util.List;
import java.util.Map;

/** Self-contained HTML form of a {@link Report}: inline CSS, no scripts or external resources. */
final class HtmlReport {
    private HtmlReport() {}

    static String render(Report r) {
        Report.Counts t = r.totals();
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<title>MTC conformance report</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em}")
                .append("td.n{text-align:right}th{background:#f3f3f3}\n")
                .append(".pass{color:#176117}.fail{color:#b00020;font-weight:bold}.skip{color:#8a6d00}\n")
                .append("pre{background:#f7f7f7;padding:.5em;white-space:pre-wrap;word-break:break-all}\n")
                .append("details{margin:.4em 0;border-left:3px solid #b00020;padding-left:.6em}\n")
                .append("</style></head><body>\n<h1>MTC conformance report</h1>\n");
        sb.append("<p>Implementation: <code>").append(escape(r.implementation())).append("</code></p>\n");
        sb.append("<p id=\"hello\">It says (hello): <code>").append(escape(r.hello().summary())).append("</code></p>\n");
        sb.append("<p>MUST ids are explained in <a href=\"").append(Report.MUST_CATALOGUE).append("\">")
                .append(Report.MUST_CATALOGUE).append("</a> (mtc4j: <code>").append(Report.MUST_CATALOGUE_SOURCE)
                .append("</code>).</p>\n");
        sb.append("<p id=\"totals\"><span class=\"pass\">").append(t.pass()).append(" pass</span>, <span class=\"")
                .append(t.fail() == 0 ? "pass" : "fail").append("\">").append(t.fail())
                .append(" fail</span>, <span class=\"skip\">").append(t.skip()).append(" skip</span> of ")
                .append(t.total()).append(" tests</p>\n");
        table(sb, "Per draft section", "section", r.bySection());
        table(sb, "Per MUST (" + Report.MUST_CATALOGUE + ")", "must", MarkdownReport.relabel(r.byMust()));
        table(sb, "Per vector file", "file", r.byFile());
        List<Outcome> f = r.failures();
        sb.append("<h2>Failures (").append(f.size()).append(")</h2>\n");
        int shown = 0;
        for (Outcome o : f) {
            if (shown++ == Report.DETAIL_LIMIT) {
                sb.append("<p>… ").append(f.size() - Report.DETAIL_LIMIT).append(" more in report.json</p>\n");
                break;
            }
            sb.append("<details><summary><b>").append(escape(o.id())).append("</b> ").append(escape(o.comment()))
                    .append(" — ").append(escape(o.reason())).append("</summary>\n<p>Section: ").append(escape(o.section()))
                    .append(o.must().map(m -> " (" + escape(Report.mustLabel(m)) + ")").orElse("")).append("; op <code>")
                    .append(escape(o.op())).append("</code></p>\n");
            sb.append("<p>Input</p><pre>").append(escape(Json.pretty(o.request()))).append("</pre>\n");
            sb.append("<p>Expected</p><pre>").append(escape(Json.pretty(o.expected()))).append("</pre>\n");
            sb.append("<p>Answer</p><pre>").append(escape(Json.pretty(o.answer()))).append("</pre></details>\n");
        }
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private static void table(StringBuilder sb, String title, String id, Map<String, Report.Counts> m) {
        sb.append("<h2>").append(escape(title)).append("</h2>\n<table id=\"").append(id)
                .append("\"><tr><th>").append(id).append("</th><th>pass</th><th>fail</th><th>skip</th></tr>\n");
        m.forEach((k, c) -> sb.append("<tr><td>").append(escape(k)).append("</td><td class=\"n pass\">").append(c.pass())
                .append("</td><td class=\"n").append(c.fail() > 0 ? " fail" : "").append("\">").append(c.fail())
                .append("</td><td class=\"n skip\">").append(c.skip()).append("</td></tr>\n"));
        sb.append("</table>\n");
    }
}
