package io.mtc4j.conformance.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.conformance.log.CheckResult.Status;
import io.mtc4j.conformance.report.Html;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the black-box checkers' reports share: their results, tallied and looked up by check name, and the
 * forms they are written in (text lines, JSON, the HTML table of the checks, the files of a report directory).
 */
public interface CheckReport {
    /**
     * One result per check, in the order run.
     *
     * @return the results
     */
    List<CheckResult> results();

    /**
     * The summary line, {@code <what>: P pass, F fail, W warn, S skip} (see {@link CheckResult#summary}).
     *
     * @return the line
     */
    String summary();

    /**
     * Adds the report's own fields, those before the results, to its JSON object.
     *
     * @param o the report's JSON object
     */
    void putFields(ObjectNode o);

    /**
     * How many checks ended with each status.
     *
     * @return the counts by status
     */
    default Map<Status, Integer> totals() {
        return CheckResult.totals(results());
    }

    /**
     * True iff no check failed (the CLI then exits 0).
     *
     * @return whether the run passed
     */
    default boolean passed() {
        return totals().get(Status.FAIL) == 0;
    }

    /**
     * The result of the named check.
     *
     * @param check the check's name
     * @return its result, if it ran
     */
    default Optional<CheckResult> result(String check) {
        return results().stream().filter(r -> r.check().equals(check)).findFirst();
    }

    /**
     * Adds the {@code results} array, the {@code totals} object and {@code passed} to {@code o}.
     *
     * @param o the report's JSON object
     */
    default void putResults(ObjectNode o) {
        ArrayNode arr = o.putArray("results");
        for (CheckResult r : results()) {
            ObjectNode x = arr.addObject();
            x.put("check", r.check());
            x.put("status", r.status().wire());
            x.put("ref", r.ref());
            x.put("detail", r.detail());
        }
        ObjectNode t = o.putObject("totals");
        totals().forEach((k, v) -> t.put(k.wire(), v));
        o.put("passed", passed());
    }

    /**
     * The JSON form: the report's own fields, then the results, totals and verdict.
     *
     * @return the JSON object
     */
    default ObjectNode toJson() {
        ObjectNode o = new ObjectMapper().createObjectNode();
        putFields(o);
        putResults(o);
        return o;
    }

    /**
     * The JSON form as indented text, ending in a newline.
     *
     * @return the JSON text
     */
    default String toJsonText() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson()) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes the text form: {@code header}, one line per check, the summary line.
     *
     * @param out    where to write
     * @param header the first line
     */
    default void printLines(PrintStream out, String header) {
        out.println(header);
        results().forEach(r -> out.println(r.line()));
        out.println(summary());
    }

    /**
     * Ends an HTML page with the table of the checks: one row per check (name, status, detail, reference).
     *
     * @param page        the page so far, up to where the table goes
     * @param refHeading  the heading of the reference column
     * @param checkAsCode true to set each check's name as {@code <code>}
     * @return the whole page
     */
    default String htmlTable(StringBuilder page, String refHeading, boolean checkAsCode) {
        page.append("<table><tr><th>check</th><th>status</th><th>detail</th><th>").append(refHeading)
                .append("</th></tr>\n");
        for (CheckResult r : results()) {
            String check = Html.escape(r.check());
            page.append("<tr><td>").append(checkAsCode ? "<code>" + check + "</code>" : check)
                    .append("</td><td class=\"").append(r.status().wire()).append("\">").append(r.status().wire())
                    .append("</td><td>").append(Html.escape(r.detail())).append("</td><td>")
                    .append(Html.escape(r.ref())).append("</td></tr>\n");
        }
        return page.append("</table>\n</body></html>\n").toString();
    }

    /**
     * Writes {@code <stem>.json} and {@code <stem>.<ext>} into {@code dir} (created if needed).
     *
     * @param dir      the directory
     * @param stem     the files' name without extension, e.g. {@code mirror-report}
     * @param ext      the extension of the document form, e.g. {@code html}
     * @param document the document form
     * @throws IOException if writing fails
     */
    default void writeFiles(Path dir, String stem, String ext, String document) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(stem + ".json"), toJsonText(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(stem + "." + ext), document, StandardCharsets.UTF_8);
    }
}
