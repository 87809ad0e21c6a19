package io.mtc4j.spec;

/** Base of every error mtc4j raises on purpose. Unchecked, so that codecs compose in lambdas. */
public class MtcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MtcException(String message) {
        super(message);
    }

    public MtcException(String message, Throwable cause) {
        super(message, cause);
    }
}
