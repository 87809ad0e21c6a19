package io.mtc4j.spec;

/** Base of every error mtc4j raises on purpose. Unchecked, so that codecs compose in lambdas. */
public class MtcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with the given detail.
     *
     * @param message the detail message
     */
    public MtcException(String message) {
        super(message);
    }

    /**
     * An exception with the given detail.
     *
     * @param message the detail message
     * @param cause the cause
     */
    public MtcException(String message, Throwable cause) {
        super(message, cause);
    }
}
