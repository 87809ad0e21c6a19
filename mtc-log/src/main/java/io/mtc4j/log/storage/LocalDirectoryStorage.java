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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The writer of one log in a {@link LocalDirectoryStore}: the log's objects in {@code DIR/<N>/} exactly as
 * tlog-tiles serves them, its private state in {@code DIR/.mtc-log/<N>/} ({@code lock}, {@code wal/},
 * {@code staged}, {@code tmp/}).
 *
 * <p>Every object is written crash-atomically: the bytes go to a new file in {@code tmp/} (same file system),
 * which is renamed over the target. A reader or a process crash sees the old object or the new one, never a torn
 * one; a crash leaves at most stray files in {@code tmp/}, removed on the next open.
 *
 * <h2>Appending a batch: one sync on the critical path</h2>
 * {@link #appendBatch(StagedBatch, List, byte[], Supplier)} makes a batch durable with a single {@code fdatasync}:
 * <ol>
 *   <li>Every tile is checked (shape; an existing path must hold the same bytes); a refusal writes nothing.</li>
 *   <li>The tiles' temporary files are written (not synced) on a thread pool while the caller's thread signs the
 *       checkpoint.</li>
 *   <li>The batch, its root and its signed checkpoint are appended to the write-ahead log ({@link WriteAheadLog})
 *       and synced: from here the batch is durable, and recovery re-creates everything below from it.</li>
 *   <li>The tiles are renamed into place, then the checkpoint (written last), without any sync; the append
 *       returns. Readers now see the checkpoint and every tile it covers.</li>
 *   <li>Off the critical path, a durability thread syncs the files and directories the appends made dirty (and
 *       the checkpoint), in parallel, then deletes the write-ahead segments those syncs made unnecessary.
 *       A pass starts once {@value #PASS_BATCHES} batches are dirty or 50 ms after the first, so that its syncs
 *       share journal commits; appends wait only if more than {@value #MAX_UNSYNCED_BATCHES} batches are not
 *       yet synced this way.</li>
 * </ol>
 *
 * <h2>Why a checkpoint may be published before its tiles are synced</h2>
 * tlog-tiles readers may fetch a checkpoint's tiles as soon as it is published, so the checkpoint must never be
 * served before the tiles it covers exist with their exact bytes. This writer guarantees that by re-creating them
 * before anything is served again, rather than by syncing them first:
 * <ul>
 *   <li>A process crash (kill -9) loses nothing that was written: the page cache keeps every rename, so a
 *       published checkpoint's tiles are there, byte for byte.</li>
 *   <li>A power loss may lose or shorten files written since the last durability pass, and may bring back an
 *       older checkpoint. Every batch they came from is in the write-ahead log (synced before any of its files
 *       became visible), and the segments are kept until a pass made those files durable. Opening the writer
 *       replays the log from the last durable tree: each tile is recomputed (tlog-tiles fixes its bytes), any that
 *       is missing, short or different is written again, the checkpoint of the last batch (its exact signed bytes,
 *       from the log) is published again if the file is older, and all of it is synced before a new segment
 *       starts. So every acknowledged batch is there, no checkpoint of a size is ever replaced by another, and
 *       no published checkpoint is inconsistent with the next.</li>
 *   <li>Hence, after a power loss, the writer ({@code Sequencer.open}, {@code mtc log serve} on the directory's
 *       own writer) must open the log before a static web server serves the directory again; until then a server
 *       could answer 404 or a short tile for a tile the log had published (a client rejects a tile that does not
 *       hash to the checkpoint's root, so it is unavailability, never a fork). Syncing every tile before
 *       publishing would avoid that window at the cost of some twenty file and directory syncs per batch.</li>
 * </ul>
 *
 * <p>The separate steps {@link #stage}, {@link #writeTiles} and {@link #commit} (recovery of a batch staged by
 * an earlier version, tests) keep the slower discipline of syncing every file and directory before the next
 * step; {@link #commit} then also syncs what the durability thread has not, and starts a new write-ahead segment
 * at the committed size.
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
    private final Path logDir;
    private final Path stateDir;
    private final Path tmpDir;
    private final Path stagedFile;
    private final DirectoryLogObjects objects;
    private final DirectoryLock lock;
    private final ExecutorService pool;
    private final DurableFiles files;
    private final Runnable onClose;
    private final WriteAheadLog wal;
    private final Thread durability;
    private long tmpCounter;

    private long size;
    private byte[] root;
    private byte[] checkpoint = new byte[0]; // the published checkpoint's bytes; empty when none
    private StagedBatch staged; // null when none
    private boolean closed;
    private boolean loaded;
    private String broken; // the I/O failure that stopped writes, or null

    // What appends made visible but not yet durable; the durability thread syncs it (guarded by this).
    private Set<Path> dirtyFiles = new LinkedHashSet<>();
    private Set<Path> dirtyDirs = new LinkedHashSet<>();
    private int dirtyBatches;
    private int unsyncedBatches; // dirty plus those of the pass running
    private boolean passRunning;
    private long passes;

    private LocalDirectoryStorage(String name, Path logDir, Path stateDir, DirectoryLock lock, DurableFiles files,
            Runnable onClose) {
        this.files = files;
        this.name = name;
        this.logDir = logDir;
        this.stateDir = stateDir;
        this.tmpDir = stateDir.resolve("tmp");
        this.stagedFile = stateDir.resolve("staged");
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
        LocalDirectoryStorage s = new LocalDirectoryStorage(name, logDir, stateDir, lock, files, onClose);
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
     * crash lost, see the class comment), syncs what the replay covers, starts a new segment at the committed
     * size, and reads the staged batch, if any.
     */
    private void load() throws IOException {
        Optional<byte[]> published = objects.read(DirectoryLogObjects.CHECKPOINT);
        List<WriteAheadLog.Segment> segments = wal.read(name);
        if (segments.isEmpty()) {
            // No write-ahead log (a log written before it existed): the checkpoint was synced when written.
            if (published.isPresent()) {
                Checkpoint c = parseCheckpoint(published.get(), "the published checkpoint");
                size = c.size();
                root = c.rootHash();
                checkpoint = published.get();
            } else {
                size = 0;
                root = MerkleHash.emptyHash(SHA256);
            }
        } else {
            replay(segments, published);
        }
        syncDirty();
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
     * checks each batch's root, writes again every tile that is missing or differs (a power loss), marks them all
     * for syncing, and settles the checkpoint: the file's if it is at least as new as the log's last batch (an
     * equal size must have the same root), else the last batch's signed checkpoint, published again.
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
        } else {
            size = end;
            root = endRoot;
            checkpoint = endCheckpoint;
            if (checkpoint.length > 0) {
                Pending cp = pending(logDir.resolve(DirectoryLogObjects.CHECKPOINT), checkpoint);
                files.write(cp.tmp, cp.data);
                publishUnsynced(List.of(cp));
                LOG.log(Level.WARNING, "log.recover.checkpoint.republished log={0} size={1}", name, size);
            }
        }
        LOG.log(Level.INFO, "log.recover.replayed log={0} from={1} to={2} batches={3} tilesRewritten={4}", name,
                h.base(), end, batches, rewritten);
    }

    /** Writes {@code t} again unless the file holds exactly its bytes; marks it for syncing. True if written. */
    private boolean repairTile(TileFile t) throws IOException {
        Path target = logDir.resolve(t.path().path());
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
        Pending p = pending(target, data);
        files.write(p.tmp, p.data);
        publishUnsynced(List.of(p));
        return true;
    }

    private Checkpoint parseCheckpoint(byte[] bytes, String what) {
        try {
            return Checkpoint.parse(SignedNote.parse(bytes).text());
        } catch (MtcException e) {
            throw new LogStorageException(name + ": " + what + " is not a signed checkpoint: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> read(String key) {
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
        Pending p = pending(stagedFile, StagedBatchFile.encode(batch));
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
        Pending cp = pending(logDir.resolve(DirectoryLogObjects.CHECKPOINT), checkpoint.clone());
        io("committing size " + toSize, () -> {
            files.writeAndForce(cp.tmp, cp.data);
            publish(List.of(cp));
        });
        committed(toSize, rootHash, cp.data);
        // Everything is synced now; the write-ahead log restarts from this tree.
        io("starting a write-ahead segment at " + toSize, this::syncAndRoll);
    }

    @Override
    public void appendBatch(StagedBatch batch, List<TileFile> tiles, byte[] rootHash, byte[] checkpoint) {
        byte[] cp = checkpoint.clone();
        appendBatch(batch, tiles, rootHash, () -> cp);
    }

    /** One synced write-ahead record per batch; see the class comment for the steps and the crash argument. */
    @Override
    public synchronized byte[] appendBatch(StagedBatch batch, List<TileFile> tiles, byte[] rootHash,
            Supplier<byte[]> checkpoint) {
        checkWritable();
        checkStage(batch);
        checkCommitSizes(batch.start(), batch.end(), rootHash, Optional.of(batch));
        List<Pending> tileFiles = pendingTiles(tiles);
        // The tiles' temporary files are written while the checkpoint is signed; they stay invisible (and are
        // removed) if the checkpoint is refused.
        List<Future<?>> temps = DurableFiles.start(pool, writeTasks(tileFiles, false));
        byte[] cpBytes;
        try {
            cpBytes = checkpoint.get().clone();
            checkCheckpoint(batch.start(), batch.end(), rootHash, cpBytes);
        } catch (RuntimeException e) {
            io("removing the temporary files of a refused batch", () -> {
                DurableFiles.awaitAll(temps);
                for (Pending f : tileFiles) {
                    files.delete(f.tmp);
                }
            });
            throw e;
        }
        Pending cp = pending(logDir.resolve(DirectoryLogObjects.CHECKPOINT), cpBytes);
        io("appending " + batch, () -> {
            DurableFiles.awaitAll(temps);
            if (wal.currentBytes() >= SEGMENT_BYTES) {
                wal.roll(new WriteAheadLog.Header(size, root, this.checkpoint));
            }
            wal.append(new WriteAheadLog.Record(batch.start(), batch.sharedEntries(), rootHash, cpBytes));
            // Durable from here: recovery re-creates everything below from the write-ahead record.
            files.write(cp.tmp, cp.data);
            publishUnsynced(tileFiles);
            publishUnsynced(List.of(cp));
        });
        committed(batch.end(), rootHash, cpBytes);
        dirtyBatches++;
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

    @Override
    public synchronized void writeLandmarks(byte[] landmarks) {
        checkWritable();
        Pending p = pending(logDir.resolve(DirectoryLogObjects.LANDMARKS), landmarks.clone());
        io("writing the landmarks", () -> {
            files.writeAndForce(p.tmp, p.data);
            publish(List.of(p));
        });
    }

    @Override
    public synchronized void writeCompanion(String key, byte[] data) {
        CompanionKeys.checkArguments(name, key, data);
        checkWritable();
        Pending p = pending(logDir.resolve(key), data.clone());
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
                syncAndRoll(); // a clean close leaves nothing to replay
            } catch (IOException e) {
                LOG.log(Level.WARNING, "log.close.sync log={0} error={1}", name, e.toString());
            }
        }
        closed = true;
        notifyAll();
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

    /** A file to publish: its target, its bytes, and the temporary file that carries them. */
    private record Pending(Path target, byte[] data, Path tmp) {}

    private Pending pending(Path target, byte[] data) {
        return new Pending(target, data, tmpDir.resolve((++tmpCounter) + "-" + target.getFileName()));
    }

    /** The tiles still to write; refuses (before anything is written) any whose path holds other bytes. */
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
            Path target = logDir.resolve(p.path());
            if (!Files.exists(target)) { // the writer holds the lock: nothing else creates it meanwhile
                out.add(pending(target, data));
                continue;
            }
            byte[] have;
            try {
                have = Files.readAllBytes(target);
            } catch (IOException e) {
                throw new LogStorageException(name + ": reading " + target + ": " + e, e);
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
        DurableFiles.runAll(pool, writeTasks(pending, true));
    }

    private List<DurableFiles.IoTask> writeTasks(List<Pending> pending, boolean force) {
        List<DurableFiles.IoTask> tasks = new ArrayList<>(pending.size());
        for (Pending f : pending) {
            tasks.add(force ? () -> files.writeAndForce(f.tmp, f.data) : () -> files.write(f.tmp, f.data));
        }
        return tasks;
    }

    /** Renames the (forced) temporary files over their targets and forces every directory that changed. */
    private void publish(List<Pending> pending) throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        Set<Path> touched = new LinkedHashSet<>();
        for (Pending f : pending) {
            Path dir = f.target.getParent();
            files.createDirectories(dir, touched);
            files.rename(f.tmp, f.target);
            touched.add(dir);
        }
        files.forceDirectories(pool, touched);
    }

    /**
     * Renames the (unsynced) temporary files over their targets without syncing anything; marks the targets and
     * every directory that changed for the durability thread.
     */
    private void publishUnsynced(List<Pending> pending) throws IOException {
        Set<Path> touched = new LinkedHashSet<>();
        for (Pending f : pending) {
            Path dir = f.target.getParent();
            files.createDirectories(dir, touched);
            files.rename(f.tmp, f.target);
            dirtyFiles.add(f.target);
            dirtyDirs.add(dir);
        }
        dirtyDirs.addAll(touched);
    }

    /** Marks an existing file, its directory and theirs up to the log's, for syncing. */
    private void markDirty(Path target) {
        dirtyFiles.add(target);
        for (Path d = target.getParent(); d != null && d.startsWith(logDir); d = d.getParent()) {
            dirtyDirs.add(d);
        }
    }

    /** The durability thread: syncs what appends made dirty, then drops the write-ahead segments it covers. */
    private void durabilityLoop() {
        while (true) {
            Set<Path> fs;
            Set<Path> ds;
            long upTo;
            int batches;
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
                fs = takeDirtyFiles();
                ds = takeDirtyDirs();
                upTo = size;
                batches = dirtyBatches;
                dirtyBatches = 0;
                passRunning = true;
            }
            IOException failure = null;
            try {
                sync(fs, ds);
            } catch (IOException e) {
                failure = e;
            }
            synchronized (this) {
                passRunning = false;
                unsyncedBatches -= batches;
                passes++;
                if (failure == null && !closed) {
                    try {
                        wal.deleteCovered(upTo);
                    } catch (IOException e) {
                        failure = e;
                    }
                }
                if (failure != null) {
                    broken = "syncing the files of appended batches: " + failure;
                    LOG.log(Level.ERROR, "log.io.failed log={0} step=durability error={1}", name, failure.toString());
                }
                notifyAll();
            }
        }
    }

    private Set<Path> takeDirtyFiles() {
        Set<Path> out = dirtyFiles;
        out.add(logDir.resolve(DirectoryLogObjects.CHECKPOINT));
        dirtyFiles = new LinkedHashSet<>();
        return out;
    }

    private Set<Path> takeDirtyDirs() {
        Set<Path> out = dirtyDirs;
        out.add(logDir);
        dirtyDirs = new LinkedHashSet<>();
        return out;
    }

    /** Syncs every file (that exists) and directory, in parallel. */
    private void sync(Set<Path> fs, Set<Path> ds) throws IOException {
        List<DurableFiles.IoTask> tasks = new ArrayList<>(fs.size() + ds.size());
        for (Path f : fs) {
            tasks.add(() -> {
                if (Files.exists(f)) {
                    files.force(f);
                }
            });
        }
        for (Path d : ds) {
            tasks.add(() -> files.forceDirectory(d));
        }
        DurableFiles.runAll(pool, tasks);
    }

    /** Syncs, on this thread, everything marked dirty (a pass in progress finishes first). */
    private void syncDirty() throws IOException {
        while (passRunning) {
            awaitQuietly();
        }
        sync(takeDirtyFiles(), takeDirtyDirs());
        unsyncedBatches -= dirtyBatches;
        dirtyBatches = 0;
    }

    /** Syncs everything, then starts a write-ahead segment at the committed tree and drops the older ones. */
    private void syncAndRoll() throws IOException {
        syncDirty();
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
