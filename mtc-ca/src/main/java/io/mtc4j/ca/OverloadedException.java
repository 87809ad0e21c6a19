package io.mtc4j.ca;

import java.time.Duration;

/**
 * A submission refused before anything was accepted: the pending pool is full, or the CA is draining or its
 * storage failed. The caller may retry after {@link #retryAfter()}; nothing of the refused batch was kept.
 */
public final class OverloadedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a submission was refused. */
    public enum Reason {
        /** The pending pool holds its configured maximum (HTTP 429). */
        POOL_FULL,
        /** The CA is stopping, or its issuance run failed and it accepts nothing (HTTP 503). */
        UNAVAILABLE
    }

    private final Reason reason;
    private final transient Duration retryAfter;

    /**
     * @param reason     why
     * @param retryAfter when to retry
     * @param detail     a sentence for people
     */
    public OverloadedException(Reason reason, Duration retryAfter, String detail) {
        super(detail);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    /** @return why the submission was refused */
    public Reason reason() {
        return reason;
    }

    /** @return when to retry (whole seconds, at least one) */
    public Duration retryAfter() {
        return retryAfter;
    }
}
