package io.mtc4j.log.storage.s3pg;

import io.mtc4j.log.sequencer.Sequencer;
import io.mtc4j.log.sequencer.SequencerConfig;
import io.mtc4j.log.storage.LogStorageException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;
import org.postgresql.PGConnection;

/**
 * The leader of one log of an {@link S3PgLogStore}: holds the log's lease, runs its {@link Sequencer} (whose
 * opening recovers a staged batch) and drains the log's {@link PendingPool} into it, oldest entries first, in
 * batches of at most {@code maxBatch}.
 *
 * <p><b>Exactly once.</b> A drained batch is staged together with the pool ids of its entries; the commit that
 * publishes the batch deletes those pool rows in the same PostgreSQL transaction ({@link S3PgLogStorage#commit}).
 * Until then the entries stay in the pool and no other batch can be staged, so after any crash an entry is either
 * still in the pool (not in the log) or in the log (not in the pool): the next leader's recovery finishes the
 * staged batch and drains only what is left.
 *
 * <p>{@link #run} waits for new entries with PostgreSQL {@code LISTEN/NOTIFY} (a submit notifies on commit) and
 * wakes at least every third of the lease duration. It returns when this process loses the lease (the storage
 * refuses the next write) or {@link #stop} is called.
 */
public final class PoolSequencer implements AutoCloseable {
    private static final Logger LOG = System.getLogger(PoolSequencer.class.getName());
    /** The PostgreSQL notification channel submits notify on. */
    static final String CHANNEL = "mtc_pending";

    private final S3PgLogStore store;
    private final S3PgLogStorage storage;
    private final Sequencer sequencer;
    private final PendingPool pool;
    private final long logNumber;
    private final int maxBatch;
    private volatile boolean stopped;

    private PoolSequencer(S3PgLogStore store, S3PgLogStorage storage, Sequencer sequencer, int maxBatch) {
        this.store = store;
        this.storage = storage;
        this.sequencer = sequencer;
        this.pool = store.pendingPool();
        this.logNumber = storage.logNumber();
        this.maxBatch = maxBatch;
    }

    /**
     * Waits until this process holds the lease of log {@code config.logNumber()}, then opens (and so recovers)
     * its sequencer.
     *
     * @param store    the store holding the log and its pool
     * @param config   the log's sequencer configuration (its log number names the log)
     * @param maxBatch the most entries appended in one batch
     * @return the leader, holding the lease until {@link #close}
     * @throws InterruptedException if interrupted while waiting for the lease
     */
    public static PoolSequencer lead(S3PgLogStore store, SequencerConfig config, int maxBatch)
            throws InterruptedException {
        Objects.requireNonNull(config, "config");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch " + maxBatch + " is below 1");
        }
        S3PgLogStorage storage = store.awaitLeader(config.logNumber());
        try {
            Sequencer s = Sequencer.open(storage, config);
            LOG.log(Level.INFO, () -> "event=leading log=" + config.logNumber() + " holder="
                    + storage.lease().holder() + " epoch=" + storage.lease().epoch() + " size=" + s.size());
            return new PoolSequencer(store, storage, s, maxBatch);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    /**
     * The sequencer (its size, checkpoint and node reader).
     *
     * @return the sequencer this leader appends through
     */
    public Sequencer sequencer() {
        return sequencer;
    }

    /**
     * The lease holder id of this leader.
     *
     * @return the holder id
     */
    public String holder() {
        return storage.lease().holder();
    }

    /**
     * Drains one batch: the oldest pending entries (at most {@code maxBatch}) are appended and leave the pool in
     * the transaction that commits them.
     *
     * @return the number of entries appended (0 when the pool was empty)
     */
    public int drainOnce() {
        List<PendingPool.Pending> batch = pool.oldest(logNumber, maxBatch);
        if (batch.isEmpty()) {
            return 0;
        }
        List<Long> ids = new ArrayList<>(batch.size());
        List<byte[]> entries = new ArrayList<>(batch.size());
        for (PendingPool.Pending p : batch) {
            ids.add(p.id());
            entries.add(p.entry());
        }
        storage.expectPoolBatch(ids);
        try {
            Sequencer.Appended a = sequencer.append(entries);
            LOG.log(Level.DEBUG, () -> "event=pool_drained log=" + logNumber + " start=" + a.start() + " end="
                    + a.end() + " first_pool_id=" + ids.get(0));
            return a.count();
        } finally {
            storage.expectPoolBatch(List.of());
        }
    }

    /**
     * Drains the pool until {@link #stop} or until the lease is lost; between batches waits for a submit's
     * notification (or a third of the lease duration).
     *
     * @throws LogStorageException when the storage refuses a write (a lost lease ends leadership this way)
     */
    public void run() {
        run(size -> { });
    }

    /**
     * {@link #run()}, calling {@code onCommitted} with the new tree size after each batch it commits.
     *
     * @param onCommitted called with the committed tree size after each batch
     */
    public void run(LongConsumer onCommitted) {
        long waitMillis = Math.max(50, store.config().leaseDuration().toMillis() / 3);
        try (Connection listen = store.database().connection()) {
            try (Statement s = listen.createStatement()) {
                s.execute("LISTEN " + CHANNEL);
            }
            PGConnection pg = listen.unwrap(PGConnection.class);
            while (!stopped) {
                if (storage.lease().lost()) {
                    throw new LogStorageException("log " + logNumber + ": the leader lease was lost");
                }
                if (drainOnce() == 0) {
                    pg.getNotifications((int) waitMillis);
                } else {
                    onCommitted.accept(sequencer.size());
                }
            }
        } catch (SQLException e) {
            throw new LogStorageException("log " + logNumber + ": waiting for pool notifications: " + e.getMessage(),
                    e);
        }
    }

    /** Makes {@link #run} return after the current batch. */
    public void stop() {
        stopped = true;
    }

    /** Stops and releases the lease. */
    @Override
    public void close() {
        stopped = true;
        storage.close();
    }
}
