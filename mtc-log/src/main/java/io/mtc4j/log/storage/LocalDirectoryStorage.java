package io.mtc4j.log.storage;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MerkleHash;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.SignedNote;
import io.mtc4j.spec.tiles.TileBuilder;
import io.mtc4j.spec.tiles.TileFile;
import io.mtc4j.spec.tiles.TilePath;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The writer of one log in a {@link LocalDirectoryStore}: the log's objects in {@code DIR/<N>/} exactly as
 * tlog-tiles serves them, its private state in {@code DIR/.mtc-log/<N>/} ({@code lock}, {@code wal/},
 * {@code staged}, {@code tmp/}, and the application's {@code writer-state}).
 *
 * <p>Every object is written crash-atomically and made durable before anything that refers to it becomes visible:
 * its bytes go to a new file in {@code tmp/} (same file system), which is synced, renamed over the target, and the
 * target's directory synced. A reader, a process crash or a power loss sees the old object or the new one, never a
 * torn one; a crash leaves at most stray files in {@code tmp/}, removed on the next open.
 *
 * <h2>Appending a batch: acknowledged after one sync, published after the tiles are durable</h2>
 * {@link #appendBatch(StagedBatch, List, byte[], Supplier)} acknowledges a batch after a single {@code fdatasync}:
 * <ol>
 *   <li>Every tile is checked (shape; an existing or pending path must hold the same bytes); a refusal writes
 *       nothing. The checkpoint is signed.</li>
 *   <li>The batch, its root and its signed checkpoint are appended to the write-ahead log ({@link WriteAheadLog})
 *       and synced: from here the batch is durable, recovery re-creates everything below from it, and the append
 *       returns. Nothing of the batch is visible in {@code DIR/<N>/} yet; this writer's own {@link #read} (the
 *       sequencer, the CA, a {@code LogServer} on the same {@link LocalDirectoryStore}) already answers with the
 *       batch's tiles and checkpoint, from memory.</li>
 *   <li>Off the critical path, a durability thread publishes what the appends acknowledged, in passes (one starts
 *       once {@value #PASS_BATCHES} batches wait, or 50 ms after the first, so that its syncs share journal
 *       commits): it writes and syncs the tiles' temporary files (in parallel), renames them into place, syncs
 *       every directory that changed, and only then publishes the checkpoint of the last batch (temporary file,
 *       sync, rename, sync of the log's directory). A partial tile or bundle whose full one the same pass
 *       publishes is never written (tlog-tiles lets a log delete it once the full one is available; clients then
 *       read the full one's prefix), so one pass over many batches writes and syncs about one file per tile. Then it deletes the write-ahead segments that the published tree covers. Appends wait only if
 *       more than {@value #MAX_UNSYNCED_BATCHES} batches are not yet published.</li>
 * </ol>
 *
 * <h2>What a static web server sees, at any instant and after any crash</h2>
 * A tlog-tiles reader may fetch a checkpoint's tiles as soon as it is published. In {@code DIR/<N>/} a checkpoint
 * (or landmarks file) becomes visible only after every tile it covers is durably in place, each tile only whole
 * and synced; so even after a power loss, a static server (nginx) serving {@code DIR} before the writer reopens
 * serves a valid log, whose checkpoint may be older than the last acknowledged one (the batches after it are in
 * the write-ahead log). Opening the writer replays the write-ahead log from the last published tree: each tile is
 * recomputed (tlog-tiles fixes its bytes), any that is missing, short or different is written again (durably),
 * and the checkpoint of the last batch, its exact signed bytes from the log, is published after them. So every
 * acknowledged batch is there, no checkpoint of a size is ever replaced by another (each size has one signed
 * checkpoint, in its write-ahead record), and no published checkpoint is inconsistent with the next. A pass may
 * skip the checkpoints of the batches before its last one; they stay consistent with every later one.
 *
 * <p>{@link #publishAppended} publishes at once (tests and tools that read the directory right after appending).
 * The separate steps {@link #stage}, {@link #writeTiles} and {@link #commit} (recovery of a batch staged by an
 * earlier version, tests), {@link #writeLandmarks} and {@link #close} first publish what appends acknowledged,
 * then sync every file and directory they write before the next step; {@link #commit} then starts a new
 * write-ahead segment at the committed size.
 *
 * <p>After an I/O error the writer refuses further writes (what reached the disk is unknown): close it and open
 * it again, which re-reads the state from disk.
 */
final class LocalDirectoryStorage implements LogStorage {
    private static final System.Logger LOG = System.getLogger(LocalDirectoryStorage.class.getName());
    private static final HashFunction SHA256 = HashFunction.sha256();
    private static final int SYNC_THREADS = 16;
    /** A new write-ahead segment is started once the current one holds this many bytes. */
    static final long SEGMENT_BYTES = 16L << 20;
    /** Appends wait while more batches than this are not yet synced by the durability thread. */
    static final int MAX_UNSYNCED_BATCHES = 64;
    /** A durability pass starts once this many batches are dirty, or {@link #PASS_DELAY_NANOS} after the first. */
    static final int PASS_BATCHES = 8;
    private static final long PASS_DELAY_NANOS = 50_000_000L;

    private final String name;
    private final long logNumber;
    private final Path logDir;
    private final Path stateDir;
    private final Path tmpDir;
    private final Path stagedFile;
    private final Path writerStateFile;
    private final DirectoryLogObjects objects;
    private final DirectoryLock lock;
    private final ExecutorService pool;
    private final DurableFiles files;
    private final Runnable onClose;
    private final WriteAheadLog wal;
    private final Thread durability;
    private final AtomicLong tmpCounter = new AtomicLong();

    private long size;
    private byte[] root;
    private volatile byte[] checkpoint = new byte[0]; // the last acknowledged checkpoint's bytes; empty when none
    private long publishedSize = -1; // the size of the checkpoint in DIR/<N>/, durable; -1 when none
    private StagedBatch staged; // null when none
    private boolean closed;
    private boolean loaded;
    private String broken; // the I/O failure that stopped writes, or null

    // The tiles of acknowledged batches not yet in place, by key, for read(); the pass removes them once published.
    private final Map<String, Pending> unpublished = new ConcurrentHashMap<>();
    // What the next pass publishes (guarded by this): tiles in order, and files and directories to sync (recovery).
    private List<Pending> toPublish = new ArrayList<>();
    private Set<Path> dirtyFiles = new LinkedHashSet<>();
    private Set<Path> dirtyDirs = new LinkedHashSet<>();
    private int dirtyBatches;
    private long firstDirtyNanos; // when the oldest batch of the next pass was acknowledged
    private int unsyncedBatches; // dirty plus those of the pass running
    private boolean passRunning;
    private long passes;
    private final LongSummaryStatistics publicationLag = new LongSummaryStatistics(); // nanoseconds, per pass

    private LocalDirectoryStorage(String name, long logNumber, Path logDir, Path stateDir, DirectoryLock lock,
            DurableFiles files, Runnable onClose) {
        this.files = files;
        this.name = name;
        this.logNumber = logNumber;
        this.logDir = logDir;
        this.stateDir = stateDir;
        this.tmpDir = stateDir.resolve("tmp");
        this.stagedFile = stateDir.resolve("staged");
        this.writerStateFile = stateDir.resolve("writer-state");
        this.objects = new DirectoryLogObjects(logDir);
        this.lock = lock;
        this.onClose = onClose;
        this.wal = new WriteAheadLog(files, stateDir.resolve("wal"));
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(SYNC_THREADS, r -> {
            Thread t = new Thread(r, "mtc-log-sync-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.durability = new Thread(this::durabilityLoop, "mtc-log-durability");
        this.durability.setDaemon(true);
    }

    /**
     * Opens log {@code logNumber} under {@code root} for writing: takes its lock, creates its directories, clears
     * stray temporary files and reads the committed state and staged batch.
     */
    static LocalDirectoryStorage open(Path root, long logNumber, DurableFiles files, Runnable onClose) {
        String name = "log " + logNumber + " in " + root;
        Path stateDir = root.resolve(LocalDirectoryStore.STATE_DIR).resolve(Long.toString(logNumber));
        Path logDir = root.resolve(Long.toString(logNumber));
        try {
            createDurably(files, stateDir);
        } catch (IOException e) {
            throw new LogStorageException(name + ": cannot create " + stateDir + ": " + e, e);
        }
        DirectoryLock lock = DirectoryLock.acquire(stateDir.resolve("lock"), name);
        LocalDirectoryStorage s = new LocalDirectoryStorage(name, logNumber, logDir, stateDir, lock, files,
                onClose);
        try {
            createDurably(files, logDir);
            createDurably(files, s.tmpDir);
            createDurably(files, s.wal.directory());
            s.clearTmp();
            s.load();
            s.durability.start();
        } catch (IOException | RuntimeException e) {
            s.close();
            if (e instanceof LogStorageException lse) {
                throw lse;
            }
            throw new LogStorageException(name + ": cannot open: " + e, e);
        }
        LOG.log(Level.INFO, "log.open log={0} size={1} staged={2}", name, s.size,
                s.staged == null ? "none" : s.staged.toString());
        return s;
    }

    /** The number of the log this writes. */
    long logNumber() {
        return logNumber;
    }

    private static void createDurably(DurableFiles files, Path dir) throws IOException {
        Set<Path> touched = new LinkedHashSet<>();
        files.createDirectories(dir, touched);
        for (Path d : touched) {
            files.forceDirectory(d);
        }
    }

    private void clearTmp() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmpDir)) {
            for (Path p : ds) {
                Files.delete(p);
            }
        }
    }

    /**
     * Recovery: reads the published checkpoint, replays the write-ahead log (re-creating any tile or checkpoint a
     * crash lost, see the class comment), publishes what the replay covers (tiles durable first, then the
     * checkpoint), starts a new segment at the committed size, and reads the staged batch, if any.
     */
    private synchronized void load() throws IOException {
        Optional<byte[]> published = objects.read(DirectoryLogObjects.CHECKPOINT);
        List<WriteAheadLog.Segment> segments = wal.read(name);
        if (segments.isEmpty()) {
            // No write-ahead log (a log written before it existed): the checkpoint was synced when written.
            if (published.isPresent()) {
                Checkpoint c = parseCheckpoint(published.get(), "the published checkpoint");
                size = c.size();
                root = c.rootHash();
                checkpoint = published.get();
                publishedSize = size;
            } else {
                size = 0;
                root = MerkleHash.emptyHash(SHA256);
            }
        } else {
            replay(segments, published);
        }
        publishAll();
        wal.roll(new WriteAheadLog.Header(size, root, checkpoint));
        wal.deleteCovered(size);
        loaded = true;
        byte[] st;
        try {
            st = Files.readAllBytes(stagedFile);
        } catch (NoSuchFileException e) {
            return;
        }
        StagedBatch b;
        try {
            b = StagedBatchFile.decode(st);
        } catch (MtcException e) {
            throw new LogStorageException(name + ": the staged batch " + stagedFile + " is damaged: "
                    + e.getMessage(), e);
        }
        if (b.end() <= size) {
            Files.deleteIfExists(stagedFile); // committed already: the checkpoint covers it
        } else if (b.start() == size) {
            staged = b;
        } else {
            throw new LogStorageException(name + ": the staged batch " + b + " does not start at the committed size "
                    + size);
        }
    }

    /**
     * Replays the write-ahead log from its oldest segment, whose tree is durable: recomputes every batch's tiles,
     * checks each batch's root, queues for publishing every tile that is missing or differs (a power loss, or a
     * crash before the pass that would have published it) and marks the others for syncing, and settles the
     * checkpoint: the file's if it is at least as new as the log's last batch (an equal size must have the same
     * root), else the last batch's signed checkpoint, to be published again once the tiles are durable.
     */
    private void replay(List<WriteAheadLog.Segment> segments, Optional<byte[]> published) throws IOException {
        WriteAheadLog.Header h = segments.get(0).header();
        TileBuilder b;
        try {
            b = h.base() == 0 ? new TileBuilder(SHA256)
                    : TileBuilder.resume(SHA256, h.base(), true, p -> objects.read(p.path()));
        } catch (MtcException e) {
            throw new LogStorageException(name + ": the tiles of size " + h.base() + ", where the write-ahead log"
                    + " starts, cannot be read: " + e.getMessage(), e);
        }
        if (!MessageDigest.isEqual(b.rootHash(), h.root())) {
            throw new LogStorageException(name + ": the tiles of size " + h.base() + " do not hash to the root the"
                    + " write-ahead log starts from");
        }
        long end = h.base();
        byte[] endRoot = h.root();
        byte[] endCheckpoint = h.checkpoint();
        int rewritten = 0;
        int batches = 0;
        for (WriteAheadLog.Segment seg : segments) {
            for (WriteAheadLog.Record r : seg.records()) {
                List<TileFile> tiles = new ArrayList<>();
                for (byte[] e : r.entries()) {
                    tiles.addAll(b.appendEntry(e));
                }
                tiles.addAll(b.partialTiles());
                if (!MessageDigest.isEqual(b.rootHash(), r.root())) {
                    throw new LogStorageException(name + ": the write-ahead record [" + r.start() + ", " + r.end()
                            + ") in " + seg.path() + " does not hash to the root it recorded");
                }
                for (TileFile t : tiles) {
                    rewritten += repairTile(t) ? 1 : 0;
                }
                end = r.end();
                endRoot = r.root();
                endCheckpoint = r.checkpoint();
                batches++;
            }
        }
        Checkpoint file = null;
        if (published.isPresent()) {
            try {
                file = Checkpoint.parse(SignedNote.parse(published.get()).text());
            } catch (MtcException e) {
                LOG.log(Level.WARNING, "log.recover.checkpoint log={0} error={1}", name, e.getMessage());
            }
        }
        if (file != null && Long.compareUnsigned(file.size(), end) >= 0) {
            if (file.size() == end && !MessageDigest.isEqual(file.rootHash(), endRoot)) {
                throw new LogStorageException(name + ": the published checkpoint of size " + end + " has another"
                        + " root than the write-ahead log's batch ending there");
            }
            // As new as the log's last batch, or newer: committed step by step (and synced) after it.
            size = file.size();
            root = file.rootHash();
            checkpoint = published.get();
            publishedSize = size;
        } else {
            size = end;
            root = endRoot;
            checkpoint = endCheckpoint;
            publishedSize = file == null ? -1 : file.size(); // the pass publishes the last batch's checkpoint
            if (checkpoint.length > 0 && publishedSize < size) {
                LOG.log(Level.WARNING, "log.recover.checkpoint.republish log={0} size={1} published={2}", name, size,
                        publishedSize);
            }
        }
        LOG.log(Level.INFO, "log.recover.replayed log={0} from={1} to={2} batches={3} tilesRewritten={4}", name,
                h.base(), end, batches, rewritten);
    }

    /**
     * Queues {@code t} for publishing unless the file holds exactly its bytes (then marks it for syncing: it may
     * have been written by a version that synced later). True if queued.
     */
    private boolean repairTile(TileFile t) throws IOException {
        String key = t.path().path();
        Path target = logDir.resolve(key);
        byte[] data = t.data();
        byte[] have;
        try {
            have = Files.readAllBytes(target);
        } catch (NoSuchFileException e) {
            have = null;
        }
        if (have != null && MessageDigest.isEqual(have, data)) {
            markDirty(target);
            return false;
        }
        if (unpublished.containsKey(key)) {
            return false; // a partial tile that a later batch of the replay computed again, with the same bytes
        }
        Pending p = pending(key, target, data, t.path());
        unpublished.put(key, p);
        toPublish.add(p);
        return true;
    }

    private Checkpoint parseCheckpoint(byte[] bytes, String what) {
        try {
            return Checkpoint.parse(SignedNote.parse(bytes).text());
        } catch (MtcException e) {
            throw new LogStorageException(name + ": " + what + " is not a signed checkpoint: " + e.getMessage(), e);
        }
    }

    /**
     * The log as this writer acknowledged it: the last acknowledged checkpoint, and the tiles of acknowledged
     * batches from memory until a pass has put them in place; everything else from the directory.
     */
    @Override
    public Optional<byte[]> read(String key) {
        if (key.equals(DirectoryLogObjects.CHECKPOINT)) {
            byte[] cp = checkpoint;
            if (cp.length > 0) {
                return Optional.of(cp.clone());
            }
        } else {
            Pending p = unpublished.get(key);
            if (p != null) {
                return Optional.of(p.data.clone());
            }
        }
        return objects.read(key);
    }

    @Override
    public synchronized SequencingState state() {
        checkOpen();
        return new SequencingState(size, root, Optional.ofNullable(staged));
    }

    @Override
    public synchronized void stage(StagedBatch batch) {
        checkWritable();
        checkStage(batch);
        Pending p = pending("staged", stagedFile, StagedBatchFile.encode(batch));
        io("staging " + batch, () -> {
            files.writeAndForce(p.tmp, p.data);
            publish(List.of(p));
        });
        staged = batch;
    }

    @Override
    public synchronized void writeTile(TilePath path, byte[] data) {
        writeTiles(List.of(new TileFile(path, data)));
    }

    @Override
    public synchronized void writeTiles(List<TileFile> tiles) {
        checkWritable();
        List<Pending> pending = pendingTiles(tiles);
        if (pending.isEmpty()) {
            return;
        }
        io("writing " + pending.size() + " tiles", () -> {
            writeTemps(pending);
            publish(pending);
        });
    }

    @Override
    public synchronized void commit(long fromSize, long toSize, byte[] rootHash, byte[] checkpoint) {
        checkWritable();
        checkCommitSizes(fromSize, toSize, rootHash, Optional.ofNullable(staged));
        checkCheckpoint(fromSize, toSize, rootHash, checkpoint);
        Pending cp = pending(DirectoryLogObjects.CHECKPOINT, logDir.resolve(DirectoryLogObjects.CHECKPOINT),
                checkpoint.clone());
        io("committing size " + toSize, () -> {
            publishAll(); // the tiles and checkpoints of earlier appends first
            files.writeAndForce(cp.tmp, cp.data);
            publish(List.of(cp));
        });
        publishedSize = toSize;
        committed(toSize, rootHash, cp.data);
        // Everything is synced now; the write-ahead log restarts from this tree.
        io("starting a write-ahead segment at " + toSize, this::syncAndRoll);
    }

    @Override
    public void appendBatch(StagedBatch batch, List<TileFile> tiles, byte[] rootHash, byte[] checkpoint) {
        byte[] cp = checkpoint.clone();
        appendBatch(batch, tiles, rootHash, () -> cp);
    }

    /**
     * One synced write-ahead record per batch, published later by the durability thread; see the class comment for
     * the steps and the crash argument.
     */
    @Override
    public synchronized byte[] appendBatch(StagedBatch batch, List<TileFile> tiles, byte[] rootHash,
            Supplier<byte[]> checkpoint) {
        checkWritable();
        checkStage(batch);
        checkCommitSizes(batch.start(), batch.end(), rootHash, Optional.of(batch));
        List<Pending> tileFiles = pendingTiles(tiles);
        byte[] cpBytes = checkpoint.get().clone();
        checkCheckpoint(batch.start(), batch.end(), rootHash, cpBytes);
        io("appending " + batch, () -> {
            if (wal.currentBytes() >= SEGMENT_BYTES) {
                wal.roll(new WriteAheadLog.Header(size, root, this.checkpoint));
            }
            wal.append(new WriteAheadLog.Record(batch.start(), batch.sharedEntries(), rootHash, cpBytes));
        });
        // Durable from here: recovery re-creates everything of the batch from its write-ahead record. Readers of
        // this writer see it at once; the directory, once the durability thread has published it.
        for (Pending f : tileFiles) {
            unpublished.put(f.key, f);
        }
        toPublish.addAll(tileFiles);
        committed(batch.end(), rootHash, cpBytes);
        if (dirtyBatches++ == 0) {
            firstDirtyNanos = System.nanoTime();
        }
        unsyncedBatches++;
        notifyAll();
        while (unsyncedBatches > MAX_UNSYNCED_BATCHES && broken == null && !closed) {
            awaitQuietly();
        }
        return cpBytes.clone();
    }

    private void committed(long toSize, byte[] rootHash, byte[] cp) {
        size = toSize;
        root = rootHash.clone();
        checkpoint = cp;
        if (staged != null) {
            staged = null;
            try {
                files.delete(stagedFile); // not forced: a surviving stale batch is ignored on open
            } catch (IOException e) {
                LOG.log(Level.WARNING, "log.staged.remove log={0} error={1}", name, e.toString());
            }
        }
    }

    @Override
    public synchronized void discardStaged() {
        checkWritable();
        if (staged == null) {
            return;
        }
        io("discarding " + staged, () -> {
            files.delete(stagedFile);
            files.forceDirectory(stateDir);
        });
        LOG.log(Level.WARNING, "log.staged.discard log={0} batch={1}", name, staged);
        staged = null;
    }

    /** The file {@code DIR/.mtc-log/<N>/writer-state}, beside the lock: never under the served {@code DIR/<N>/}. */
    @Override
    public synchronized Optional<byte[]> writerState() {
        checkOpen();
        try {
            return Optional.of(Files.readAllBytes(writerStateFile));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new LogStorageException(name + ": reading " + writerStateFile + ": " + e, e);
        }
    }

    /**
     * Compares under the writer's lock (the only writer of the file), then replaces the file crash-atomically:
     * temporary file synced, renamed over it, its directory synced.
     */
    @Override
    public synchronized void replaceWriterState(Optional<byte[]> expected, byte[] data) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(data, "data");
        checkWritable();
        Optional<byte[]> have = writerState();
        if (have.isPresent() != expected.isPresent()
                || (have.isPresent() && !MessageDigest.isEqual(have.get(), expected.get()))) {
            throw new LogStorageException(name + ": the writer state is not the one expected ("
                    + (have.isPresent() ? have.get().length + " bytes" : "none") + " held); nothing written");
        }
        Pending p = pending("writer-state", writerStateFile, data.clone());
        io("replacing the writer state", () -> {
            files.writeAndForce(p.tmp, p.data);
            publish(List.of(p));
        });
    }

    /**
     * Publishes the landmarks file after the checkpoint of every batch appended so far (mtc-tlog: the landmarks'
     * tree sizes must be covered by the published checkpoint, whose tiles are then durably in place).
     */
    @Override
    public synchronized void writeLandmarks(byte[] landmarks) {
        checkWritable();
        Pending p = pending(DirectoryLogObjects.LANDMARKS, logDir.resolve(DirectoryLogObjects.LANDMARKS),
                landmarks.clone());
        io("writing the landmarks", () -> {
            publishAll();
            files.writeAndForce(p.tmp, p.data);
            publish(List.of(p));
        });
    }

    /**
     * Publishes now, on the caller's thread, every batch appended so far: when this returns, {@code DIR/<N>/} holds
     * the checkpoint of the committed size and every tile it covers, all durable.
     */
    @Override
    public synchronized void publishAppended() {
        checkWritable();
        io("publishing the appended batches", this::publishAll);
    }

    @Override
    public synchronized void writeCompanion(String key, byte[] data) {
        CompanionKeys.checkArguments(name, key, data);
        checkWritable();
        Pending p = pending(key, logDir.resolve(key), data.clone());
        io("writing " + key, () -> {
            files.writeAndForce(p.tmp, p.data);
            publish(List.of(p));
        });
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (loaded && broken == null) {
            try {
                syncAndRoll(); // a clean close publishes everything and leaves nothing to replay
            } catch (IOException e) {
                LOG.log(Level.WARNING, "log.close.sync log={0} error={1}", name, e.toString());
            }
        }
        closed = true;
        notifyAll();
        if (publicationLag.getCount() > 0) {
            LOG.log(Level.INFO, "log.close log={0} passes={1} publicationLagMeanMillis={2} publicationLagMaxMillis={3}",
                    name, passes, String.format(java.util.Locale.ROOT, "%.1f", publicationLag.getAverage() / 1e6),
                    String.format(java.util.Locale.ROOT, "%.1f", publicationLag.getMax() / 1e6));
        }
        try {
            wal.closeCurrent();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "log.close.wal log={0} error={1}", name, e.toString());
        }
        pool.shutdownNow();
        try {
            lock.close();
        } finally {
            onClose.run();
        }
    }

    @Override
    public String toString() {
        return "LocalDirectoryStorage[" + name + "]";
    }

    // ---- checks: everything refused is refused before anything is written ----

    private void checkOpen() {
        if (closed) {
            throw new LogStorageException(name + ": the writer is closed");
        }
    }

    private void checkWritable() {
        checkOpen();
        if (broken != null) {
            throw new LogStorageException(name + ": writes stopped after an I/O error (" + broken
                    + "); close and reopen the log to recover");
        }
    }

    private void checkStage(StagedBatch batch) {
        if (staged != null) {
            throw new LogStorageException(name + ": cannot stage " + batch + ": " + staged
                    + " is staged and must be committed or discarded first");
        }
        if (batch.start() != size) {
            throw new LogStorageException(name + ": cannot stage " + batch + ": it must start at the committed size "
                    + size);
        }
        batch.checkStageable(name);
    }

    private void checkCommitSizes(long fromSize, long toSize, byte[] rootHash, Optional<StagedBatch> batch) {
        String what = name + ": commit " + fromSize + " -> " + toSize;
        if (fromSize != size) {
            throw new LogStorageException(what + " refused: the committed size is " + size + ", not " + fromSize);
        }
        if (toSize < fromSize) {
            throw new LogStorageException(what + " refused: a log never shrinks");
        }
        if (rootHash.length != SHA256.size()) {
            throw new LogStorageException(what + " refused: the root hash has " + rootHash.length
                    + " bytes, not " + SHA256.size());
        }
        if (toSize == fromSize && !MessageDigest.isEqual(rootHash, root)) {
            throw new LogStorageException(what + " refused: a different root for the committed size would publish"
                    + " two different checkpoints of one size (tlog-checkpoint)");
        }
        if (batch.isPresent() && batch.get().end() != toSize) {
            throw new LogStorageException(what + " refused: the staged " + batch.get() + " does not end there");
        }
    }

    private void checkCheckpoint(long fromSize, long toSize, byte[] rootHash, byte[] checkpoint) {
        Checkpoint c = parseCheckpoint(checkpoint, "the checkpoint to commit");
        if (c.size() != toSize || !MessageDigest.isEqual(c.rootHash(), rootHash)) {
            throw new LogStorageException(name + ": commit " + fromSize + " -> " + toSize
                    + " refused: the checkpoint note is for size " + Long.toUnsignedString(c.size())
                    + " with another root, not the committed state");
        }
    }

    // ---- file steps ----

    /**
     * A file to publish: its key (tlog-tiles path), its target, its bytes, the temporary file that carries them, and
     * its tile path if it is a tile or bundle (else null).
     */
    private record Pending(String key, Path target, byte[] data, Path tmp, TilePath tile) {}

    private Pending pending(String key, Path target, byte[] data) {
        return pending(key, target, data, null);
    }

    private Pending pending(String key, Path target, byte[] data, TilePath tile) {
        return new Pending(key, target, data, tmpDir.resolve(tmpCounter.incrementAndGet() + "-"
                + target.getFileName()), tile);
    }

    /**
     * The tiles still to write; refuses (before anything is written) any whose path holds other bytes, in the
     * directory or among the tiles acknowledged but not yet published.
     */
    private List<Pending> pendingTiles(List<TileFile> tiles) {
        List<Pending> out = new ArrayList<>(tiles.size());
        Set<TilePath> seen = new HashSet<>();
        for (TileFile t : tiles) {
            byte[] data = t.data();
            TilePath p = t.path();
            checkTileShape(p, data);
            if (!seen.add(p)) {
                throw new LogStorageException(name + ": " + p + " appears twice in one write");
            }
            String key = p.path();
            Path target = logDir.resolve(key);
            Pending waiting = unpublished.get(key);
            byte[] have;
            if (waiting != null) {
                have = waiting.data;
            } else if (!Files.exists(target)) { // the writer holds the lock: nothing else creates it meanwhile
                out.add(pending(key, target, data, p));
                continue;
            } else {
                try {
                    have = Files.readAllBytes(target);
                } catch (IOException e) {
                    throw new LogStorageException(name + ": reading " + target + ": " + e, e);
                }
            }
            if (!MessageDigest.isEqual(have, data)) {
                throw new LogStorageException(name + ": " + p + " already holds " + have.length
                        + " other bytes; tiles are immutable (tlog-tiles), so writing " + data.length
                        + " different bytes would fork the log");
            }
        }
        return out;
    }

    private void checkTileShape(TilePath p, byte[] data) {
        TileShapes.checkTileShape(name, p, data);
    }

    private void writeTemps(List<Pending> pending) throws IOException {
        List<DurableFiles.IoTask> tasks = new ArrayList<>(pending.size());
        for (Pending f : pending) {
            tasks.add(() -> files.writeAndForce(f.tmp, f.data));
        }
        DurableFiles.runAll(pool, tasks);
    }

    /** Renames the (synced) temporary files over their targets and syncs every directory that changed. */
    private void publish(List<Pending> pending) throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        files.forceDirectories(pool, renameIntoPlace(pending));
    }

    /** Renames the temporary files over their targets; returns the directories to sync for it to be durable. */
    private Set<Path> renameIntoPlace(List<Pending> pending) throws IOException {
        Set<Path> touched = new LinkedHashSet<>();
        for (Pending f : pending) {
            Path dir = f.target.getParent();
            files.createDirectories(dir, touched);
            files.rename(f.tmp, f.target);
            touched.add(dir);
        }
        return touched;
    }

    /** Marks an existing file, its directory and theirs up to the log's, for syncing. */
    private void markDirty(Path target) {
        dirtyFiles.add(target);
        for (Path d = target.getParent(); d != null && d.startsWith(logDir); d = d.getParent()) {
            dirtyDirs.add(d);
        }
    }

    // ---- publication passes ----

    /**
     * What one pass publishes: the tiles (in memory, each with its temporary file's name) and the files and
     * directories to sync, all before the checkpoint of {@code size} ({@code checkpoint}, empty if there is none to publish);
     * {@code batches} acknowledged since the last pass, the oldest at {@code sinceNanos}.
     */
    private record Pass(List<Pending> tiles, Set<Path> syncFiles, Set<Path> syncDirs, long size, byte[] checkpoint,
            int batches, long sinceNanos) {}

    /** Takes everything waiting for publication (under the lock). */
    private Pass takePass() {
        Pass p = new Pass(toPublish, dirtyFiles, dirtyDirs, size, size > publishedSize ? checkpoint : new byte[0],
                dirtyBatches, firstDirtyNanos);
        toPublish = new ArrayList<>();
        dirtyFiles = new LinkedHashSet<>();
        dirtyDirs = new LinkedHashSet<>();
        dirtyBatches = 0;
        return p;
    }

    /**
     * The steps of a pass, in their order of durability: every tile's temporary file written and synced (less the
     * partial tiles it completes) and the checkpoint's too, then the tiles renamed into place, then every directory
     * that changed synced; only then is the checkpoint renamed into place and the log's directory synced. Needs no
     * lock: the writer's other steps touch none of these files.
     */
    private void runPass(Pass p) throws IOException {
        List<Pending> tiles = withoutSupersededPartials(p.tiles);
        List<DurableFiles.IoTask> writes = new ArrayList<>(tiles.size() + p.syncFiles.size());
        for (Pending f : tiles) {
            writes.add(() -> files.writeAndForce(f.tmp, f.data));
        }
        for (Path f : p.syncFiles) {
            writes.add(() -> files.force(f));
        }
        // The checkpoint's temporary file (invisible in tmp/) is synced with the tiles' and renamed after them.
        Pending cp = p.checkpoint.length == 0 ? null : pending(DirectoryLogObjects.CHECKPOINT,
                logDir.resolve(DirectoryLogObjects.CHECKPOINT), p.checkpoint);
        if (cp != null) {
            writes.add(() -> files.writeAndForce(cp.tmp, cp.data));
        }
        if (!writes.isEmpty()) {
            DurableFiles.runAll(pool, writes);
        }
        Set<Path> dirs = renameIntoPlace(tiles);
        dirs.addAll(p.syncDirs);
        if (!dirs.isEmpty()) {
            files.forceDirectories(pool, dirs);
        }
        if (cp != null) {
            publish(List.of(cp));
        }
    }

    /**
     * The tiles of a pass less every partial tile or bundle whose full tile the pass also publishes: tlog-tiles
     * (§"Partial Tiles") lets a log delete a partial tile once the full one is available, and a client that
     * verified a checkpoint needing the partial one reads the full one's prefix instead; so the pass need not
     * write it at all (the partial tiles of the pass's last checkpoint, and of earlier checkpoints whose tile is
     * still partial, are written).
     */
    private static List<Pending> withoutSupersededPartials(List<Pending> tiles) {
        Set<TilePath> full = new HashSet<>();
        for (Pending f : tiles) {
            if (f.tile != null && f.tile.width() == TilePath.FULL_WIDTH) {
                full.add(f.tile);
            }
        }
        if (full.isEmpty()) {
            return tiles;
        }
        List<Pending> out = new ArrayList<>(tiles.size());
        for (Pending f : tiles) {
            TilePath t = f.tile;
            if (t == null || t.width() == TilePath.FULL_WIDTH
                    || !full.contains(new TilePath(t.entries(), t.level(), t.index(), TilePath.FULL_WIDTH))) {
                out.add(f);
            }
        }
        return out;
    }

    /** After a pass succeeded (under the lock): its tiles leave memory, its tree is the published one. */
    private void passDone(Pass p) throws IOException {
        for (Pending f : p.tiles) {
            unpublished.remove(f.key, f);
        }
        if (p.checkpoint.length > 0) {
            publishedSize = p.size;
        }
        unsyncedBatches -= p.batches;
        if (p.batches > 0) {
            publicationLag.accept(System.nanoTime() - p.sinceNanos);
        }
        passes++;
        wal.deleteCovered(publishedSize);
        notifyAll();
    }

    /** The durability thread: publishes what appends acknowledged, pass after pass. */
    private void durabilityLoop() {
        while (true) {
            Pass pass;
            synchronized (this) {
                // A pass waits for a few batches (or a short while), so that its syncs share journal commits
                // instead of competing with every write-ahead sync.
                long deadline = System.nanoTime() + PASS_DELAY_NANOS;
                while (!closed && broken == null && (dirtyBatches == 0
                        || (dirtyBatches < PASS_BATCHES && System.nanoTime() < deadline))) {
                    awaitQuietly(dirtyBatches == 0 ? 0 : Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                    if (dirtyBatches == 0) {
                        deadline = System.nanoTime() + PASS_DELAY_NANOS;
                    }
                }
                if (closed || broken != null) {
                    return;
                }
                pass = takePass();
                passRunning = true;
            }
            IOException failure = null;
            try {
                runPass(pass);
            } catch (IOException e) {
                failure = e;
            }
            synchronized (this) {
                passRunning = false;
                if (failure == null && !closed) {
                    try {
                        passDone(pass);
                    } catch (IOException e) {
                        failure = e;
                    }
                }
                if (failure != null) {
                    broken = "publishing appended batches: " + failure;
                    LOG.log(Level.ERROR, "log.io.failed log={0} step=durability error={1}", name, failure.toString());
                }
                notifyAll();
            }
        }
    }

    /** Publishes, on this thread, everything waiting (a pass in progress finishes first). Under the lock. */
    private void publishAll() throws IOException {
        while (passRunning) {
            awaitQuietly();
        }
        if (broken != null) {
            throw new IOException("the durability thread failed: " + broken);
        }
        Pass p = takePass();
        runPass(p);
        passDone(p);
    }

    /** Publishes everything, then starts a write-ahead segment at the committed tree and drops the older ones. */
    private void syncAndRoll() throws IOException {
        publishAll();
        wal.roll(new WriteAheadLog.Header(size, root, checkpoint));
        wal.deleteCovered(size);
    }

    private void awaitQuietly() {
        awaitQuietly(0);
    }

    /** Waits for a notification, or at most {@code millis} (0: no limit). */
    private void awaitQuietly(long millis) {
        try {
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogStorageException(name + ": interrupted while waiting for the durability thread", e);
        }
    }

    private void io(String what, DurableFiles.IoTask task) {
        try {
            task.run();
        } catch (IOException e) {
            broken = what + ": " + e;
            LOG.log(Level.ERROR, "log.io.failed log={0} step={1} error={2}", name, what, e.toString());
            throw new LogStorageException(name + ": " + what + " failed: " + e, e);
        }
    }
}
