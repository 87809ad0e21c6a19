package io.mtc4j.conformance.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The report of a black-box check of a cosigning service (a witness, a mirror) at a prefix URL, the checker playing
 * a log of its own: the summary line and the report files are named after the service's {@link #kind()}.
 */
public interface ServiceReport extends CheckReport {
    /**
     * What was checked, the first word of the summary line and of the report files' names.
     *
     * @return {@code witness} or {@code mirror}
     */
    String kind();

    /**
     * The service's prefix URL.
     *
     * @return the URL checked
     */
    String url();

    /**
     * The origin of the log the checker played.
     *
     * @return the origin
     */
    String origin();

    /**
     * The HTML form: the table of the checks under a header naming the service and the log.
     *
     * @return the HTML page
     */
    String toHtml();

    /**
     * The summary line: {@code <kind>: P pass, F fail, W warn, S skip}.
     *
     * @return the line
     */
    @Override
    default String summary() {
        return CheckResult.summary(kind(), results());
    }

    /**
     * Writes {@code <kind>-report.json} and {@code <kind>-report.html} into {@code dir} (created if needed).
     *
     * @param dir the directory
     * @throws IOException if writing fails
     */
    default void write(Path dir) throws IOException {
        writeFiles(dir, kind() + "-report", "html", toHtml());
    }
}
