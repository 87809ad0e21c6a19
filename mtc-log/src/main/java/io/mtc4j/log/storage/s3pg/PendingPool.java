package io.mtc4j.log.storage.s3pg;

import io.mtc4j.log.sequencer.InvalidEntryException;
import io.mtc4j.log.sequencer.Sequencer;
import io.mtc4j.spec.Profile;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The durable pending pool in PostgreSQL ({@code mtc_pending}): front ends on any machine {@link #submit} entries
 * for a log, and the log's leader drains them in submission order ({@link PoolSequencer}). An entry is
 * acknowledged when {@link #submit} returns: its transaction has committed. It leaves the pool in the same
 * transaction that commits it to the log, so each entry is sequenced exactly once, whatever crashes.
 */
public final class PendingPool {
    private static final Logger LOG = System.getLogger(PendingPool.class.getName());

    /** An entry waiting in the pool. */
    record Pending(long id, byte[] entry) {
    }

    private final Database db;

    PendingPool(Database db) {
        this.db = db;
    }

    /**
     * Checks every entry by the sequencer's rules ({@link Sequencer#checkEntry}: at most 65,535 bytes, an
     * MTCLogEntry of {@code profile}, type null_entry or tbs_cert_entry, no extension the log does not accept),
     * then durably adds them to log {@code logNumber}'s pool in one transaction.
     *
     * @param logNumber      the log the entries are for
     * @param profile        the MTCLogEntry layout of the log
     * @param extensionTypes the entry extension types the log accepts (the draft defines none)
     * @param entries        the encoded entries
     * @return the pool ids assigned, ascending, in the order of {@code entries}
     * @throws InvalidEntryException naming the first bad entry and the rule; nothing is written then
     */
    public List<Long> submit(long logNumber, Profile profile, Set<Integer> extensionTypes, List<byte[]> entries) {
        Objects.requireNonNull(profile, "profile");
        if (logNumber < 0) {
            throw new IllegalArgumentException("log number " + logNumber + " is negative");
        }
        List<byte[]> copies = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            byte[] e = Objects.requireNonNull(entries.get(i), "entry").clone();
            Sequencer.checkEntry(i, e, profile, extensionTypes);
            copies.add(e);
        }
        List<Long> ids = db.tx("submitting " + copies.size() + " entries to the pool of log " + logNumber, c -> {
            List<Long> out = new ArrayList<>(copies.size());
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO mtc_pending (log_number, entry) VALUES (?, ?) RETURNING id")) {
                for (byte[] e : copies) {
                    ps.setLong(1, logNumber);
                    ps.setBytes(2, e);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        out.add(rs.getLong(1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                ps.setString(1, PoolSequencer.CHANNEL);
                ps.setString(2, Long.toString(logNumber));
                ps.execute();
            }
            return out;
        });
        LOG.log(Level.DEBUG, () -> "event=pool_submitted log=" + logNumber + " count=" + ids.size());
        return ids;
    }

    /**
     * The number of entries waiting in a log's pool.
     *
     * @param logNumber the log
     * @return how many of its entries are pending
     */
    public long size(long logNumber) {
        return db.tx("counting the pool of log " + logNumber, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM mtc_pending WHERE log_number = ?")) {
                ps.setLong(1, logNumber);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** The oldest {@code max} entries of log {@code logNumber}'s pool, in submission order. */
    List<Pending> oldest(long logNumber, int max) {
        return db.tx("reading the pool of log " + logNumber, c -> {
            List<Pending> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, entry FROM mtc_pending WHERE log_number = ? ORDER BY id LIMIT ?")) {
                ps.setLong(1, logNumber);
                ps.setInt(2, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Pending(rs.getLong(1), rs.getBytes(2)));
                    }
                }
            }
            return out;
        });
    }
}
