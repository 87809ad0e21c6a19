package io.mtc4j.log.storage.s3pg;

import io.mtc4j.log.storage.CompanionKeys;
import io.mtc4j.log.storage.LogStorage;
import io.mtc4j.log.storage.LogStorageException;
import io.mtc4j.log.storage.SequencingState;
import io.mtc4j.log.storage.StagedBatch;
import io.mtc4j.log.storage.TileShapes;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.SignedNote;
import io.mtc4j.spec.tiles.TileFile;
import io.mtc4j.spec.tiles.TilePath;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
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
    private final ExecutorService io;
    private final String name;
    private List<Long> poolIds = List.of();
    private volatile boolean closed;

    S3PgLogStorage(S3PgLogStore store, long logNumber, Lease lease) {
        this.db = store.database();
        this.bucket = store.bucket();
        this.io = store.io();
        this.name = "log " + logNumber + " (s3pg " + store.config().bucket() + ")";
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

    /**
     * The object at {@code key}; the checkpoint is the committed one from PostgreSQL (the bucket's copy may lag
     * behind it after a crash between commit and PUT, until {@link #recoverCheckpoint} or the next commit).
     */
    @Override
    public Optional<byte[]> read(String key) {
        if (!"checkpoint".equals(key)) {
            return objects.read(key);
        }
        return db.tx("reading the checkpoint of " + name, c -> committedCheckpoint(c).map(Committed::checkpoint));
    }

    private Optional<Committed> committedCheckpoint(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tree_size, checkpoint FROM mtc_log WHERE log_number = ? AND checkpoint IS NOT NULL")) {
            ps.setLong(1, logNumber);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Committed(rs.getLong(1), rs.getBytes(2))) : Optional.empty();
            }
        }
    }

    @Override
    public SequencingState state() {
        return db.tx("reading the state of log " + logNumber, c -> {
            Tree t = committedTree(c);
            return new SequencingState(t.size(), t.root(), staged(c));
        });
    }

    /** The committed tree size and root. */
    private record Tree(long size, byte[] root) {
    }

    private Tree committedTree(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT tree_size, root_hash FROM mtc_log WHERE log_number = ?")) {
            ps.setLong(1, logNumber);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Tree(rs.getLong(1), rs.getBytes(2));
            }
        }
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
        checkOpen();
        batch.checkStageable(name);
        List<byte[]> entries = batch.entries();
        List<Long> ids = poolIds;
        poolIds = List.of();
        if (!ids.isEmpty() && ids.size() != entries.size()) {
            throw new LogStorageException("log " + logNumber + ": staged batch of " + entries.size()
                    + " entries does not match the " + ids.size() + " pool entries it was drained from");
        }
        db.tx("staging " + batch + " of log " + logNumber, c -> {
            lease.checkFence(c);
            long size = committedTree(c).size();
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

    private void checkOpen() {
        if (closed) {
            throw new LogStorageException(name + ": the writer is closed");
        }
    }

    @Override
    public void writeTile(TilePath path, byte[] data) {
        writeTiles(List.of(new TileFile(path, data)));
    }

    /**
     * Checks every tile's shape, then GETs them all in parallel and refuses (before writing any) if one exists
     * with other bytes; then PUTs the missing ones in parallel with {@code If-None-Match: *}. A PUT that loses to
     * a concurrent writer of the same path is compared again.
     */
    @Override
    public void writeTiles(List<TileFile> tiles) {
        checkOpen();
        Set<TilePath> seen = new HashSet<>();
        for (TileFile t : tiles) {
            TileShapes.checkTileShape(name, t.path(), t.data());
            if (!seen.add(t.path())) {
                throw new LogStorageException(name + ": " + t.path() + " appears twice in one write");
            }
        }
        lease.checkLive();
        List<TileFile> missing = new ArrayList<>();
        List<Optional<byte[]>> have = parallel(tiles, t -> bucket.get(key(t)).map(Bucket.Stored::data));
        for (int i = 0; i < tiles.size(); i++) {
            if (have.get(i).isEmpty()) {
                missing.add(tiles.get(i));
            } else {
                checkSame(tiles.get(i), have.get(i).get());
            }
        }
        lease.checkLive();
        parallel(missing, t -> {
            if (bucket.putIf(key(t), t.data(), TILE_TYPE, Map.of(), Optional.empty()) != Bucket.Put.WRITTEN) {
                checkSame(t, bucket.get(key(t)).map(Bucket.Stored::data).orElseThrow(() -> new LogStorageException(
                        name + ": " + t.path() + ": conditional PUT failed but the object is absent")));
            }
            return null;
        });
    }

    private String key(TileFile t) {
        return S3LogObjects.key(logNumber, t.path().path());
    }

    private void checkSame(TileFile t, byte[] have) {
        if (!MessageDigest.isEqual(have, t.data())) {
            throw new LogStorageException(name + ": " + t.path() + " already holds " + have.length
                    + " other bytes; tiles are immutable (tlog-tiles), so writing " + t.data().length
                    + " different bytes would fork the log");
        }
    }

    /** Runs {@code f} on every item on the store's I/O threads; the first failure is rethrown. */
    private <T, R> List<R> parallel(List<T> items, java.util.function.Function<T, R> f) {
        List<CompletableFuture<R>> fs = new ArrayList<>(items.size());
        for (T t : items) {
            fs.add(CompletableFuture.supplyAsync(() -> f.apply(t), io));
        }
        List<R> out = new ArrayList<>(items.size());
        try {
            for (CompletableFuture<R> cf : fs) {
                out.add(cf.join());
            }
        } catch (CompletionException e) {
            fs.forEach(cf -> cf.cancel(false));
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
        return out;
    }

    @Override
    public void commit(long fromSize, long toSize, byte[] rootHash, byte[] checkpoint) {
        Objects.requireNonNull(rootHash, "rootHash");
        Objects.requireNonNull(checkpoint, "checkpoint");
        checkOpen();
        String what = name + ": commit " + fromSize + " -> " + toSize;
        if (toSize < fromSize) {
            throw new LogStorageException(what + " refused: a log never shrinks");
        }
        if (rootHash.length != Checkpoint.HASH_SIZE) {
            throw new LogStorageException(what + " refused: the root hash has " + rootHash.length + " bytes, not "
                    + Checkpoint.HASH_SIZE);
        }
        Checkpoint c;
        try {
            c = Checkpoint.parse(SignedNote.parse(checkpoint).text());
        } catch (MtcException e) {
            throw new LogStorageException(what + " refused: the checkpoint is not a signed checkpoint: "
                    + e.getMessage(), e);
        }
        if (c.size() != toSize || !MessageDigest.isEqual(c.rootHash(), rootHash)) {
            throw new LogStorageException(what + " refused: the checkpoint note is for size "
                    + Long.toUnsignedString(c.size()) + " with another root, not the committed state");
        }
        db.tx("committing " + name + " from " + fromSize + " to " + toSize, conn -> {
            lease.checkFence(conn);
            Tree committed = committedTree(conn);
            long size = committed.size();
            byte[] root = committed.root();
            if (size != fromSize) {
                throw new LogStorageException(what + " refused: the committed size is " + size + ", not " + fromSize);
            }
            if (toSize == fromSize && !MessageDigest.isEqual(rootHash, root)) {
                throw new LogStorageException(what + " refused: a different root for the committed size would"
                        + " publish two different checkpoints of one size (tlog-checkpoint)");
            }
            Optional<StagedBatch> staged = staged(conn);
            if (staged.isPresent() && staged.get().end() != toSize) {
                throw new LogStorageException(what + " refused: the staged " + staged.get() + " does not end there");
            }
            if (staged.isPresent()) {
                try (PreparedStatement ps = conn.prepareStatement("DELETE FROM mtc_pending WHERE id IN (SELECT"
                        + " pool_id FROM mtc_staged_entry WHERE log_number = ? AND pool_id IS NOT NULL)")) {
                    ps.setLong(1, logNumber);
                    ps.executeUpdate();
                }
                deleteStaged(conn);
            }
            try (PreparedStatement ps = conn.prepareStatement("UPDATE mtc_log SET tree_size = ?, root_hash = ?,"
                    + " checkpoint = ? WHERE log_number = ?")) {
                ps.setLong(1, toSize);
                ps.setBytes(2, rootHash);
                ps.setBytes(3, checkpoint);
                ps.setLong(4, logNumber);
                ps.executeUpdate();
            }
            return null;
        });
        LOG.log(Level.DEBUG, () -> "event=committed log=" + logNumber + " from=" + fromSize + " to=" + toSize
                + " epoch=" + lease.epoch());
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
                if (haveSize > size) {
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
        Optional<Committed> committed = db.tx("reading the checkpoint of " + name, this::committedCheckpoint);
        committed.ifPresent(cp -> publishCheckpoint(cp.size(), cp.checkpoint()));
    }

    @Override
    public synchronized void discardStaged() {
        checkOpen();
        poolIds = List.of();
        db.tx("discarding the staged batch of log " + logNumber, c -> {
            lease.checkFence(c);
            deleteStaged(c);
            return null;
        });
        LOG.log(Level.INFO, () -> "event=staged_discarded log=" + logNumber + " epoch=" + lease.epoch());
    }

    /** The log's {@code mtc_log.writer_state}, beside its committed checkpoint in PostgreSQL. */
    @Override
    public Optional<byte[]> writerState() {
        checkOpen();
        return db.tx("reading the writer state of " + name, this::writerState);
    }

    private Optional<byte[]> writerState(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT writer_state FROM mtc_log WHERE log_number = ?")) {
            ps.setLong(1, logNumber);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    /**
     * One PostgreSQL transaction: locks the log's row and checks the lease's fencing epoch (a deposed leader
     * writes nothing), compares the stored bytes with {@code expected}, and sets the new ones; committed (durable)
     * when this returns.
     */
    @Override
    public void replaceWriterState(Optional<byte[]> expected, byte[] data) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(data, "data");
        checkOpen();
        db.tx("replacing the writer state of " + name, c -> {
            lease.checkFence(c);
            Optional<byte[]> have = writerState(c);
            if (have.isPresent() != expected.isPresent()
                    || (have.isPresent() && !MessageDigest.isEqual(have.get(), expected.get()))) {
                throw new LogStorageException(name + ": the writer state is not the one expected ("
                        + (have.isPresent() ? have.get().length + " bytes" : "none") + " held); nothing written");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE mtc_log SET writer_state = ? WHERE log_number = ?")) {
                ps.setBytes(1, data);
                ps.setLong(2, logNumber);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void writeLandmarks(byte[] landmarks) {
        Objects.requireNonNull(landmarks, "landmarks");
        checkOpen();
        lease.checkLive();
        bucket.put(S3LogObjects.key(logNumber, "landmarks"), landmarks, CHECKPOINT_TYPE);
    }

    @Override
    public void writeCompanion(String key, byte[] data) {
        CompanionKeys.checkArguments(name, key, data);
        checkOpen();
        lease.checkLive();
        bucket.put(S3LogObjects.key(logNumber, key), data, TILE_TYPE);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            lease.close();
        }
    }

    @Override
    public String toString() {
        return "S3PgLogStorage[log " + logNumber + ", epoch " + lease.epoch() + ", " + objects + "]";
    }
}
