package io.mtc4j.log.witness;

/** The witness's record could not be read or written; nothing was cosigned. */
public final class WitnessStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message and a cause.
     *
     * @param message what failed
     * @param cause   why
     */
    public WitnessStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
