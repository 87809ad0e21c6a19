package io.mtc4j.log.storage.s3pg;

import io.mtc4j.log.storage.LogStorageException;

/** Another process holds the log's leader lease: its message names the holder and when the lease expires. */
public final class LeaseHeldException extends LogStorageException {
    private static final long serialVersionUID = 1L;
    private final String holder;

    LeaseHeldException(long logNumber, String holder, String expires) {
        super("log " + logNumber + ": the leader lease is held by " + holder + " until " + expires);
        this.holder = holder;
    }

    /**
     * The holder id of the process that leads.
     *
     * @return the holder id
     */
    public String holder() {
        return holder;
    }
}
