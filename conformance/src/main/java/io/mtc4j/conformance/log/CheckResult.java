package io.mtc4j.conformance.log;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /**
     * How many of {@code results} ended with each status (every status present, 0 if none).
     *
     * @param results the results
     * @return the counts by status
     */
    public static Map<Status, Integer> totals(List<CheckResult> results) {
        Map<Status, Integer> t = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            t.put(s, 0);
        }
        for (CheckResult r : results) {
            t.merge(r.status(), 1, Integer::sum);
        }
        return t;
    }

    /**
     * The summary line of a run: {@code <what>: P pass, F fail, W warn, S skip}.
     *
     * @param what    the run's name ({@code log}, {@code mirror})
     * @param results the results
     * @return the line
     */
    public static String summary(String what, List<CheckResult> results) {
        Map<Status, Integer> t = totals(results);
        return what + ": " + t.get(Status.PASS) + " pass, " + t.get(Status.FAIL) + " fail, " + t.get(Status.WARN)
                + " warn, " + t.get(Status.SKIP) + " skip";
    }

    /** One output line: {@code PASS checkpoint-origin: <detail> [<ref>]}. */
    public String line() {
        return status.name() + " " + check + ": " + detail + " [" + ref + "]";
    }
}
