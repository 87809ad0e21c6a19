package io.mtc4j.conformance.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.conformance.Answer;
import io.mtc4j.conformance.Implementation;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.Ops;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an implementation says about itself: the answer to {@code hello}, the first request of a run
 * ({@code {}} → {@code {name, version, profiles, ops}}). Reported as is; the run does not depend on it (an
 * operation the implementation does not list is still asked, and an {@code unsupported} answer is a skip).
 *
 * @param answer the raw answer (result or error), as reports show it
 * @param summary one line: name, version, profiles and how many protocol operations it lists (and which not)
 */
public record Hello(ObjectNode answer, String summary) {
    public Hello {
        Objects.requireNonNull(summary, "summary");
        answer = answer.deepCopy();
    }

    @Override
    public ObjectNode answer() {
        return answer.deepCopy();
    }

    /** Sends {@code hello} to {@code impl} and summarizes the answer. */
    public static Hello ask(Implementation impl) {
        Answer a = impl.call(Ops.HELLO, Json.object());
        if (!a.ok()) {
            return new Hello(a.toJson(), "no hello (" + a.kind() + ": " + a.message() + ")");
        }
        JsonNode r = a.result().orElseThrow();
        List<String> listed = new ArrayList<>();
        r.path("ops").forEach(o -> listed.add(o.asText()));
        List<String> missing = Ops.ALL.stream().filter(o -> !listed.contains(o)).toList();
        List<String> profiles = new ArrayList<>();
        r.path("profiles").forEach(p -> profiles.add(p.asText()));
        String s = r.path("name").asText("?") + " " + r.path("version").asText("?") + "; profiles "
                + String.join(",", profiles) + "; ops " + (Ops.ALL.size() - missing.size()) + "/" + Ops.ALL.size()
                + (missing.isEmpty() ? "" : " (not listed: " + String.join(", ", missing) + ")");
        return new Hello(a.toJson(), s);
    }
}
