package io.mtc4j.spec.merkle;

import io.mtc4j.spec.MtcException;

/**
 * The one error type of the Merkle procedures: a subtree inclusion or consistency proof failed to evaluate or verify,
 * or an interval is not one {@link Covering} accepts; {@link #reason()} says which step of the procedure failed.
 */
public final class MerkleProofException extends MtcException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    /**
     * An exception with the given detail.
     *
     * @param reason why it failed
     */
    public MerkleProofException(String reason) {
        super("Merkle proof: " + reason);
        this.reason = reason;
    }

    /**
     * The failed check, e.g. {@code "proof has 2 hashes too many"}.
     *
     * @return the failed check
     */
    public String reason() {
        return reason;
    }
}
