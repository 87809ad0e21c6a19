package io.mtc4j.log.storage;

import io.mtc4j.spec.MtcException;

/**
 * A storage operation refused or failed: a lost compare-and-swap, a second writer, a write that would change an
 * immutable object, or an I/O error. The message names the log, the object and the rule.
 */
public class LogStorageException extends MtcException {
    private static final long serialVersionUID = 1L;

    /** A refusal or failure described by {@code message}, which names the log, the object and the rule. */
    public LogStorageException(String message) {
        super(message);
    }

    /** As {@link #LogStorageException(String)}, caused by {@code cause} (e.g. an I/O error). */
    public LogStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
