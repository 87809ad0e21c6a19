package io.mtc4j.conformance.log;

import java.util.Locale;
import java.util.Objects;

/**
 * The outcome of one named log check.
 *
 * @param check  a stable, greppable name such as {@code checkpoint-origin}
 * @param status pass, fail, warn or skip
 * @param ref    the rule checked: C2SP document and section, draft section, and MTC-NOTES MUST id where one applies
 * @param detail what was found, on one line
 */
public record CheckResult(String check, Status status, String ref, String detail) {
    /** The result of a check. Only {@link #FAIL} makes {@code mtc conformance log} exit non-zero. */
    public enum Status {
        PASS, FAIL, WARN, SKIP;

        /** Lower-case name, as in the JSON output. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public CheckResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(ref, "ref");
        detail = Objects.requireNonNull(detail, "detail").replace('\n', ' ');
    }

    /** One output line: {@code PASS checkpoint-origin: <detail> [<ref>]}. */
    public String line() {
        return status.name() + " " + check + ": " + detail + " [" + ref + "]";
    }
}
