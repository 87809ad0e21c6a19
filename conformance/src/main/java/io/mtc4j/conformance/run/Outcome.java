package io.mtc4j.conformance.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one test (a vector or one property trial): its id, where it sits in the draft, the status,
 * the request sent, what was expected, what the implementation answered, and why it failed.
 */
public record Outcome(String id, String file, String op, String section, Optional<String> must, Status status,
        String comment, ObjectNode request, ObjectNode expected, ObjectNode answer, String reason) {

    /** Pass, fail, or skip (the implementation answered {@code unsupported}). */
    public enum Status {
        PASS, FAIL, SKIP
    }

    public Outcome {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(must, "must");
        request = request.deepCopy();
        expected = expected.deepCopy();
        answer = answer.deepCopy();
    }

    @Override
    public ObjectNode request() {
        return request.deepCopy();
    }

    @Override
    public ObjectNode expected() {
        return expected.deepCopy();
    }

    @Override
    public ObjectNode answer() {
        return answer.deepCopy();
    }
}
