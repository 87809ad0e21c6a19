package io.mtc4j.log.storage.s3pg;

import io.mtc4j.log.storage.LogStorageException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A log's leader lease in {@code mtc_log}: a holder id, an expiry on the PostgreSQL server's clock (so the
 * processes' clocks do not matter) and a fencing epoch that grows by one at every acquisition. Renewed every
 * third of its duration by a daemon thread.
 *
 * <p>The epoch, not the expiry, is what keeps a deposed leader from committing: every write transaction locks the
 * log's row and checks the epoch is still this lease's ({@link #checkFence}); a new leader has a larger epoch. The
 * expiry only decides when another process may take over. Object-store writes cannot be fenced; before each one
 * the holder checks that its lease has not expired by its own monotonic clock, counted from before the last
 * renewal was sent ({@link #checkLive}), which keeps a paused leader's late writes rare; that they are harmless
 * is argued in {@link S3PgLogStorage}.
 */
final class Lease implements AutoCloseable {
    private static final Logger LOG = System.getLogger(Lease.class.getName());

    private final Database db;
    private final long logNumber;
    private final String holder;
    private final long epoch;
    private final Duration duration;
    private final ScheduledExecutorService renewer;
    private volatile long validFromNanos;
    private volatile boolean lost;

    private Lease(Database db, long logNumber, String holder, long epoch, Duration duration, long validFromNanos) {
        this.db = db;
        this.logNumber = logNumber;
        this.holder = holder;
        this.epoch = epoch;
        this.duration = duration;
        this.validFromNanos = validFromNanos;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mtc4j-lease-" + logNumber);
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, duration.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lease of log {@code logNumber} (creating the log's row, empty, if absent), or throws
     * {@link LeaseHeldException} when another holder's lease has not expired.
     */
    static Lease acquire(Database db, long logNumber, String holder, Duration duration, byte[] emptyRoot) {
        long sent = System.nanoTime();
        long epoch = db.tx("taking the lease of log " + logNumber, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO mtc_log (log_number, tree_size, root_hash)"
                    + " VALUES (?, 0, ?) ON CONFLICT (log_number) DO NOTHING")) {
                ps.setLong(1, logNumber);
                ps.setBytes(2, emptyRoot);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT lease_holder, lease_expires > now(),"
                    + " to_char(lease_expires AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
                    + " FROM mtc_log WHERE log_number = ? FOR UPDATE")) {
                ps.setLong(1, logNumber);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(2)) {
                        throw new LeaseHeldException(logNumber, rs.getString(1), rs.getString(3));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE mtc_log SET lease_holder = ?,"
                    + " lease_epoch = lease_epoch + 1, lease_expires = now() + ? * interval '1 millisecond'"
                    + " WHERE log_number = ? RETURNING lease_epoch")) {
                ps.setString(1, holder);
                ps.setLong(2, duration.toMillis());
                ps.setLong(3, logNumber);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        LOG.log(Level.INFO, () -> "event=lease_acquired log=" + logNumber + " holder=" + holder + " epoch=" + epoch + " duration_ms=" + duration.toMillis());
        return new Lease(db, logNumber, holder, epoch, duration, sent);
    }

    long epoch() {
        return epoch;
    }

    String holder() {
        return holder;
    }

    private void renew() {
        if (lost) {
            return;
        }
        long sent = System.nanoTime();
        try {
            int n = db.tx("renewing the lease of log " + logNumber, c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE mtc_log SET lease_expires = now() + ?"
                        + " * interval '1 millisecond' WHERE log_number = ? AND lease_epoch = ? AND lease_holder = ?")) {
                    ps.setLong(1, duration.toMillis());
                    ps.setLong(2, logNumber);
                    ps.setLong(3, epoch);
                    ps.setString(4, holder);
                    return ps.executeUpdate();
                }
            });
            if (n == 1) {
                validFromNanos = sent;
            } else {
                lost = true;
                LOG.log(Level.WARNING, () -> "event=lease_lost log=" + logNumber + " holder=" + holder + " epoch=" + epoch);
            }
        } catch (LogStorageException e) {
            LOG.log(Level.WARNING, () -> "event=lease_renew_failed log=" + logNumber + " epoch=" + epoch + " error=" + e.getMessage());
        }
    }

    /**
     * Inside a write transaction that has locked the log's row: refuses unless this lease's epoch is still the
     * log's, so a deposed leader can never commit.
     */
    void checkFence(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT lease_epoch, lease_holder FROM mtc_log WHERE log_number = ? FOR UPDATE")) {
            ps.setLong(1, logNumber);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new LogStorageException("log " + logNumber + " has no row in mtc_log");
                }
                if (rs.getLong(1) != epoch) {
                    lost = true;
                    throw new LogStorageException("log " + logNumber + ": deposed leader (epoch " + epoch
                            + "): the lease is now " + rs.getString(2) + "'s at epoch " + rs.getLong(1));
                }
            }
        }
    }

    /** Before an object-store write: refuses when the lease is lost or may have expired by our clock. */
    void checkLive() {
        if (lost) {
            throw new LogStorageException("log " + logNumber + ": the leader lease (epoch " + epoch + ") was lost");
        }
        if (System.nanoTime() - validFromNanos >= duration.toNanos()) {
            throw new LogStorageException("log " + logNumber + ": the leader lease (epoch " + epoch
                    + ") may have expired (not renewed for " + duration + ")");
        }
    }

    boolean lost() {
        return lost;
    }

    /** Stops renewing and releases the lease so that another process can take over at once. */
    @Override
    public void close() {
        renewer.shutdownNow();
        try {
            db.tx("releasing the lease of log " + logNumber, c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE mtc_log SET lease_expires = now()"
                        + " WHERE log_number = ? AND lease_epoch = ?")) {
                    ps.setLong(1, logNumber);
                    ps.setLong(2, epoch);
                    return ps.executeUpdate();
                }
            });
            LOG.log(Level.INFO, () -> "event=lease_released log=" + logNumber + " epoch=" + epoch);
        } catch (LogStorageException e) {
            LOG.log(Level.WARNING, () -> "event=lease_release_failed log=" + logNumber + " epoch=" + epoch + " error=" + e.getMessage());
        }
    }
}
