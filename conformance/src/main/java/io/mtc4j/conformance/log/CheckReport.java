package io.mtc4j.conformance.log;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.conformance.log.CheckResult.Status;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the black-box checkers' reports share: their results, tallied and looked up by check name. */
public interface CheckReport {
    /**
     * One result per check, in the order run.
     *
     * @return the results
     */
    List<CheckResult> results();

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
}
