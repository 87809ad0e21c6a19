package io.mtc4j.vectors.gen;

import io.mtc4j.spec.MtcException;
import java.util.function.Supplier;

/**
 * Cross-checks while generating: a negative vector is only written when mtc4j really rejects the input, so the
 * generator fails loudly (naming the vector) if the reference implementation accepts something the vector says
 * must be rejected.
 */
final class Expect {
    private Expect() {}

    /**
     * Runs {@code action} and returns the exception mtc4j threw (a parse/validation exception, or an
     * IllegalArgumentException from a value constructor); fails generation if it accepted.
     */
    static RuntimeException rejects(String what, Supplier<?> action) {
        Object accepted;
        try {
            accepted = action.get();
        } catch (MtcException | IllegalArgumentException e) {
            return e;
        }
        throw new IllegalStateException("vector generation: mtc4j accepted an input that must be rejected ("
                + what + "), answer " + accepted);
    }
}
