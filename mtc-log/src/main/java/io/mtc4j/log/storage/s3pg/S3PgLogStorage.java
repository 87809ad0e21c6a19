package io.mtc4j.log.storage.s3pg;

import io.mtc4j.log.storage.LogStorage;
import io.mtc4j.log.storage.LogStorageException;
import io.mtc4j.log.storage.SequencingState;
import io.mtc4j.log.storage.StagedBatch;
import io.mtc4j.spec.tiles.TilePath;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One log of an {@link S3PgLogStore}, opened for writing under its leader lease.
 *
 * <h2>Crash ordering</h2>
 * The sequencer's steps and where each lives:
 * <ol>
 *   <li>{@link #stage}: the batch's entries are committed to PostgreSQL ({@code mtc_staged}) in a transaction
 *       that locks the log's row and checks the lease's fencing epoch and that the batch starts at the committed
 *       size. From here the batch is durable.</li>
 *   <li>{@link #writeTile}: tiles and entry bundles are PUT to the bucket with {@code If-None-Match: *}. Their
 *       bytes are a function of the committed tree and the staged entries, so a PUT repeated after a crash
 *       writes the same bytes; if the object exists its bytes are compared and a difference is refused (it would
 *       fork the log). Nothing refers to these objects until the checkpoint does, so a crash here leaves only
 *       unreferenced objects that the same batch will rewrite identically.</li>
 *   <li>{@link #commit}: one PostgreSQL transaction locks the log's row, checks the epoch (a deposed leader can
 *       never commit) and the committed size ({@code fromSize}: the compare-and-swap), sets size, root and the
 *       checkpoint, drops the staged batch and deletes the pool entries it came from. This is the commit point:
 *       before it the batch is staged, after it committed, never both and never neither.</li>
 *   <li>The checkpoint object is then PUT to {@code <N>/checkpoint}, replacing the previous one only if it is
 *       older ({@code x-amz-meta-tree-size} smaller) and by {@code If-Match} on the entity tag read, so a late
 *       PUT from a paused, deposed leader cannot roll the served checkpoint back.</li>
 * </ol>
 * A crash between 3 and 4 leaves the bucket's checkpoint behind PostgreSQL's: opening the writer
 * ({@link #recoverCheckpoint}) re-publishes the committed checkpoint when the object is behind. Since every
 * checkpoint published is first committed by the compare-and-swap, two checkpoints of one size are never
 * published, and each published one extends the committed tree the previous did.
 *
 * <p>The staged batch survives any crash; the sequencer's recovery finishes it (same bytes again) or discards it
 * ({@link #discardStaged}: its pool entries stay in the pool and are drained again). A deposed leader that was
 * paused between its checks and a PUT may still write a tile; it writes the bytes of a batch staged under its
 * epoch, which the new leader finishes with the same bytes, so the late PUT is a no-op. Should the new leader
 * discard that batch instead, the conditional PUT still lets only the first writer of a path win: a later batch
 * whose tile would differ is refused by {@link #writeTile} (the log stops, it does not fork).
 */
final class S3PgLogStorage implements LogStorage {
    private static final Logger LOG = System.getLogger(S3PgLogStorage.class.getName());
    static final String TREE_SIZE_METADATA = "tree-size";
    private static final String CHECKPOINT_TYPE = "text/plain; charset=utf-8";
    private static final String TILE_TYPE = "application/octet-stream";

    private final Database db;
    private final Bucket bucket;
    private final long logNumber;
    private final Lease lease;
    private final S3LogObjects objects;
    private List<Long> poolIds = List.of();

    S3PgLogStorage(S3PgLogStore store, long logNumber, Lease lease) {
        this.db = store.database();
        this.bucket = store.bucket();
        this.logNumber = logNumber;
        this.lease = lease;
        this.objects = new S3LogObjects(bucket, logNumber);
    }

    long logNumber() {
        return logNumber;
    }

    Lease lease() {
        return lease;
    }

    @Override
    public Optional<byte[]> read(String key) {
        return objects.read(key);
    }

    @Override
    public SequencingState state() {
        return db.tx("reading the state of log " + logNumber, c -> {
            long size;
            byte[] root;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT tree_size, root_hash FROM mtc_log WHERE log_number = ?")) {
                ps.setLong(1, logNumber);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    size = rs.getLong(1);
                    root = rs.getBytes(2);
                }
            }
            return new SequencingState(size, root, staged(c));
        });
    }

    private Optional<StagedBatch> staged(Connection c) throws SQLException {
        long start;
        try (PreparedStatement ps = c.prepareStatement("SELECT start_index FROM mtc_staged WHERE log_number = ?")) {
            ps.setLong(1, logNumber);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                start = rs.getLong(1);
            }
        }
        List<byte[]> entries = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT entry FROM mtc_staged_entry WHERE log_number = ? ORDER BY ordinal")) {
            ps.setLong(1, logNumber);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(rs.getBytes(1));
                }
            }
        }
        return Optional.of(new StagedBatch(start, entries));
    }

    /**
     * Declares that the next {@link #stage} carries the pending-pool entries {@code ids}, in order, so that the
     * commit of that batch deletes them from the pool in its own transaction ({@link PoolSequencer}).
     */
    synchronized void expectPoolBatch(List<Long> ids) {
        poolIds = List.copyOf(ids);
    }

    @Override
    public synchronized void stage(StagedBatch batch) {
        Objects.requireNonNull(batch, "batch");
        List<byte[]> entries = batch.entries();
        if (entries.isEmpty()) {
            throw new LogStorageException("log " + logNumber + ": an empty batch cannot be staged");
        }
        List<Long> ids = poolIds;
        poolIds = List.of();
        if (!ids.isEmpty() && ids.size() != entries.size()) {
            throw new LogStorageException("log " + logNumber + ": staged batch of " + entries.size()
                    + " entries does not match the " + ids.size() + " pool entries it was drained from");
        }
        db.tx("staging " + batch + " of log " + logNumber, c -> {
            lease.checkFence(c);
            long size = committedSize(c);
            if (batch.start() != size) {
                throw new LogStorageException("log " + logNumber + ": " + batch
                        + " does not start at the committed size " + size);
            }
            Optional<StagedBatch> other = staged(c);
            if (other.isPresent()) {
                throw new LogStorageException("log " + logNumber + ": " + other.get() + " is already staged");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO mtc_staged (log_number, start_index,"
                    + " entry_count, lease_epoch) VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, logNumber);
                ps.setLong(2, batch.start());
                ps.setInt(3, entries.size());
                ps.setLong(4, lease.epoch());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO mtc_staged_entry (log_number, ordinal,"
                    + " entry, pool_id) VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < entries.size(); i++) {
                    ps.setLong(1, logNumber);
                    ps.setInt(2, i);
                    ps.setBytes(3, entries.get(i));
                    if (ids.isEmpty()) {
                        ps.setNull(4, Types.BIGINT);
                    } else {
                        ps.setLong(4, ids.get(i));
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
        LOG.log(Level.DEBUG, () -> "event=staged log=" + logNumber + " start=" + batch.start() + " count=" + entries.size() + " epoch=" + lease.epoch());
    }

    private long committedSize(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT tree_size FROM mtc_log WHERE log_number = ?")) {
            ps.setLong(1, logNumber);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public void writeTile(TilePath path, byte[] data) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(data, "data");
        lease.checkLive();
        String key = S3LogObjects.key(logNumber, path.path());
        if (bucket.putIf(key, data, TILE_TYPE, Map.of(), Optional.empty()) == Bucket.Put.WRITTEN) {
            return;
        }
        byte[] have = bucket.get(key).map(Bucket.Stored::data).orElseThrow(() -> new LogStorageException(
                "s3://" + bucket.name() + "/" + bucket.fullKey(key) + ": conditional PUT failed but the object is absent"));
        if (!Arrays.equals(have, data)) {
            throw new LogStorageException("log " + logNumber + ": " + path.path()
                    + " exists with different bytes; writing it would fork the log");
        }
    }

    @Override
    public void commit(long fromSize, long toSize, byte[] rootHash, byte[] checkpoint) {
        Objects.requireNonNull(rootHash, "rootHash");
        Objects.requireNonNull(checkpoint, "checkpoint");
        if (toSize < fromSize) {
            throw new LogStorageException("log " + logNumber + ": commit from " + fromSize + " to smaller " + toSize);
        }
        db.tx("committing log " + logNumber + " from " + fromSize + " to " + toSize, c -> {
            lease.checkFence(c);
            long size = committedSize(c);
            if (size != fromSize) {
                throw new LogStorageException("log " + logNumber + ": commit from " + fromSize
                        + " refused, the committed size is " + size);
            }
            Optional<StagedBatch> staged = staged(c);
            if (staged.isPresent()) {
                if (staged.get().end() != toSize) {
                    throw new LogStorageException("log " + logNumber + ": commit to " + toSize + " but "
                            + staged.get() + " is staged");
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM mtc_pending WHERE id IN (SELECT pool_id"
                        + " FROM mtc_staged_entry WHERE log_number = ? AND pool_id IS NOT NULL)")) {
                    ps.setLong(1, logNumber);
                    ps.executeUpdate();
                }
                deleteStaged(c);
            } else if (toSize != fromSize) {
                throw new LogStorageException("log " + logNumber + ": commit from " + fromSize + " to " + toSize
                        + " without a staged batch");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE mtc_log SET tree_size = ?, root_hash = ?,"
                    + " checkpoint = ? WHERE log_number = ?")) {
                ps.setLong(1, toSize);
                ps.setBytes(2, rootHash);
                ps.setBytes(3, checkpoint);
                ps.setLong(4, logNumber);
                ps.executeUpdate();
            }
            return null;
        });
        LOG.log(Level.DEBUG, () -> "event=committed log=" + logNumber + " from=" + fromSize + " to=" + toSize + " epoch=" + lease.epoch());
        publishCheckpoint(toSize, checkpoint);
    }

    private void deleteStaged(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM mtc_staged WHERE log_number = ?")) {
            ps.setLong(1, logNumber);
            ps.executeUpdate();
        }
    }

    /**
     * PUTs {@code checkpoint} (of tree size {@code size}) as {@code <N>/checkpoint} unless the object there is
     * already as new: compare-and-swap on the object's entity tag, so it never moves backwards.
     */
    private void publishCheckpoint(long size, byte[] checkpoint) {
        String key = S3LogObjects.key(logNumber, "checkpoint");
        Map<String, String> meta = Map.of(TREE_SIZE_METADATA, Long.toString(size));
        for (int attempt = 0; attempt < 10; attempt++) {
            lease.checkLive();
            Optional<Bucket.Stored> have = bucket.get(key);
            if (have.isPresent()) {
                if (Arrays.equals(have.get().data(), checkpoint)) {
                    return;
                }
                long haveSize = publishedSize(have.get());
                if (haveSize >= size) {
                    LOG.log(Level.WARNING, () -> "event=checkpoint_not_replaced log=" + logNumber + " size=" + size + " published_size=" + haveSize);
                    return;
                }
            }
            if (bucket.putIf(key, checkpoint, CHECKPOINT_TYPE, meta, have.map(Bucket.Stored::etag))
                    == Bucket.Put.WRITTEN) {
                LOG.log(Level.DEBUG, () -> "event=checkpoint_published log=" + logNumber + " size=" + size);
                return;
            }
        }
        throw new LogStorageException("log " + logNumber + ": the checkpoint object kept changing under "
                + "10 conditional PUTs");
    }

    private static long publishedSize(Bucket.Stored s) {
        String v = s.metadata().get(TREE_SIZE_METADATA);
        try {
            return v == null ? -1 : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private record Committed(long size, byte[] checkpoint) {
    }

    /** Recovery on opening: re-publishes the committed checkpoint if the bucket's object is behind it. */
    void recoverCheckpoint() {
        Optional<Committed> committed = db.tx("reading the checkpoint of log " + logNumber, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT tree_size, checkpoint FROM mtc_log WHERE log_number = ? AND checkpoint IS NOT NULL")) {
                ps.setLong(1, logNumber);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Committed(rs.getLong(1), rs.getBytes(2))) : Optional.empty();
                }
            }
        });
        committed.ifPresent(cp -> publishCheckpoint(cp.size(), cp.checkpoint()));
    }

    @Override
    public synchronized void discardStaged() {
        poolIds = List.of();
        db.tx("discarding the staged batch of log " + logNumber, c -> {
            lease.checkFence(c);
            deleteStaged(c);
            return null;
        });
        LOG.log(Level.INFO, () -> "event=staged_discarded log=" + logNumber + " epoch=" + lease.epoch());
    }

    @Override
    public void writeLandmarks(byte[] landmarks) {
        Objects.requireNonNull(landmarks, "landmarks");
        lease.checkLive();
        bucket.put(S3LogObjects.key(logNumber, "landmarks"), landmarks, CHECKPOINT_TYPE);
    }

    @Override
    public void close() {
        lease.close();
    }

    @Override
    public String toString() {
        return "S3PgLogStorage[log " + logNumber + ", epoch " + lease.epoch() + ", " + objects + "]";
    }
}
