package io.mtc4j.conformance;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An MTC implementation under test, spoken to in the conformance protocol's JSON shapes (issue 4): every
 * operation ({@link io.mtc4j.vectors.Ops}) takes a JSON object of request fields and gives an {@link Answer}.
 * Bytes are lowercase hex; sizes and indices are numbers (decimal strings above 2^53).
 *
 * <p>Implementations: {@link io.mtc4j.conformance.mtc4j.Mtc4jImplementation} (mtc4j in process) and
 * {@link ProcessImplementation} (any program speaking the line protocol on stdin/stdout).
 */
public interface Implementation extends AutoCloseable {
    /**
     * Performs one operation. A rejection of the input is a negative {@link Answer}, never an exception.
     *
     * @param op the operation name, e.g. {@code "merkle.subtree_hash"}
     * @param request the request fields (without {@code id} and {@code op})
     */
    Answer call(String op, ObjectNode request);

    /** A short human description for reports, e.g. {@code "mtc4j (in process)"}. */
    String describe();

    /** Releases resources (stops an adapter process). */
    @Override
    default void close() {}
}
