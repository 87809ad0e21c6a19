package io.mtc4j.conformance.report;

import io.mtc4j.conformance.run.Outcome;
import io.mtc4j.vectors.Json;
import java.util.List;
import java.util.Map;

/** Markdown form of a {@link Report}. */
final class MarkdownReport {
    private MarkdownReport() {}

    static String render(Report r) {
        StringBuilder sb = new StringBuilder();
        Report.Counts t = r.totals();
        sb.append("# MTC conformance report\n\n");
        sb.append("Implementation: ").append(r.implementation()).append("\n\n");
        sb.append("It says (hello): ").append(r.hello().summary()).append("\n\n");
        sb.append("MUST ids are explained in [").append(Report.MUST_CATALOGUE).append("](").append(Report.MUST_CATALOGUE)
                .append(") (mtc4j: `").append(Report.MUST_CATALOGUE_SOURCE).append("`).\n\n");
        sb.append("**").append(t.pass()).append(" pass, ").append(t.fail()).append(" fail, ").append(t.skip())
                .append(" skip** of ").append(t.total()).append(" tests\n\n");
        table(sb, "Per draft section", "Section", r.bySection());
        table(sb, "Per MUST (" + Report.MUST_CATALOGUE + ")", "MUST", relabel(r.byMust()));
        table(sb, "Per vector file", "File", r.byFile());
        List<Outcome> f = r.failures();
        sb.append("## Failures (").append(f.size()).append(")\n\n");
        int shown = 0;
        for (Outcome o : f) {
            if (shown++ == Report.DETAIL_LIMIT) {
                sb.append("… ").append(f.size() - Report.DETAIL_LIMIT).append(" more in report.json\n");
                break;
            }
            sb.append("### ").append(o.id()).append(" — ").append(o.comment()).append("\n\n");
            sb.append("- section: ").append(o.section()).append(o.must().map(m -> " (" + Report.mustLabel(m) + ")")
                    .orElse(""))
                    .append("\n- op: `").append(o.op()).append("`\n- reason: ").append(o.reason()).append("\n\n");
            sb.append("input:\n\n```json\n").append(Json.compact(o.request())).append("\n```\n\n");
            sb.append("expected:\n\n```json\n").append(Json.compact(o.expected())).append("\n```\n\n");
            sb.append("answer:\n\n```json\n").append(Json.compact(o.answer())).append("\n```\n\n");
        }
        return sb.toString();
    }

    static Map<String, Report.Counts> relabel(Map<String, Report.Counts> byMust) {
        Map<String, Report.Counts> out = new java.util.LinkedHashMap<>();
        byMust.forEach((k, v) -> out.put(Report.mustLabel(k), v));
        return out;
    }

    private static void table(StringBuilder sb, String title, String key, Map<String, Report.Counts> m) {
        sb.append("## ").append(title).append("\n\n| ").append(key).append(" | pass | fail | skip |\n|---|---:|---:|---:|\n");
        m.forEach((k, c) -> sb.append("| ").append(k.replace("|", "\\|")).append(" | ").append(c.pass()).append(" | ")
                .append(c.fail()).append(" | ").append(c.skip()).append(" |\n"));
        sb.append('\n');
    }
}
