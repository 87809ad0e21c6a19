package io.mtc4j.log.storage;

import java.util.List;
import java.util.Optional;

/**
 * The logs of one CA in one back end, by log number (mtc-tlog serves log {@code N} at {@code <prefix>/<N>}). A
 * local directory holds log {@code N} in {@code DIR/<N>/}, laid out exactly as tlog-tiles serves it; the S3 +
 * PostgreSQL back end keeps the same keys under {@code <N>/} in its bucket.
 */
public interface LogStore extends AutoCloseable {
    /** The numbers of the logs this store holds, ascending. */
    List<Long> logNumbers();

    /** The read side of log {@code logNumber}, for serving and checking; empty if the store has no such log. */
    Optional<LogObjects> objects(long logNumber);

    /**
     * Opens log {@code logNumber} for writing, creating it empty if absent. Takes the back end's writer
     * exclusion (a directory lock; a leader lease) or fails at once with a {@link LogStorageException} naming the
     * holder.
     */
    LogStorage openWriter(long logNumber);

    @Override
    void close();
}
