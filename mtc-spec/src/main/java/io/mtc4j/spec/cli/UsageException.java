package io.mtc4j.spec.cli;

/** Thrown by a {@link Command} when its arguments are wrong; {@link Main} prints the usage and exits 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with the given detail.
     *
     * @param message the detail message
     */
    public UsageException(String message) {
        super(message);
    }
}
