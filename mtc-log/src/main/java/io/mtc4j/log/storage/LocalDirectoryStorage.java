package io.mtc4j.log.storage;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MerkleHash;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.SignedNote;
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

/**
 * The writer of one log in a {@link LocalDirectoryStore}: the log's objects in {@code DIR/<N>/} exactly as
 * tlog-tiles serves them, its private state in {@code DIR/.mtc-log/<N>/} ({@code lock}, {@code staged},
 * {@code tmp/}).
 *
 * <p>Every object is written crash-atomically: the bytes go to a new file in {@code tmp/} (same file system),
 * which is forced to disk, renamed over the target, and the target's directory (and that of any directory
 * created) is forced. A reader or a crash sees the old object or the new one, never a torn one; a crash leaves
 * at most stray files in {@code tmp/}, removed on the next open.
 *
 * <p>The published checkpoint is the committed state: the committed size and root are those of
 * {@code DIR/<N>/checkpoint} (size 0 and the empty hash when there is none), so {@link #commit} is one atomic
 * rename. The staged batch is {@code staged}; once a checkpoint covers it, it is stale and ignored (a crash
 * between the checkpoint's rename and its removal leaves such a file).
 *
 * <p>{@link #appendBatch} overlaps the work of one batch: it writes and forces every temporary file (batch,
 * tiles, checkpoint) in parallel, then renames the batch and forces its directory, then renames every tile and
 * forces their directories in parallel, then renames the checkpoint and forces the log directory. Visibility
 * follows the order of {@code stage}, {@code writeTiles}, {@code commit}, at the cost of about one parallel
 * round of file syncs and three of directory syncs per batch.
 *
 * <p>After an I/O error the writer refuses further writes (what reached the disk is unknown): close it and open
 * it again, which re-reads the state from disk.
 */
final class LocalDirectoryStorage implements LogStorage {
    private static final System.Logger LOG = System.getLogger(LocalDirectoryStorage.class.getName());
    private static final HashFunction SHA256 = HashFunction.sha256();
    private static final int SYNC_THREADS = 16;

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
    private long tmpCounter;

    private long size;
    private byte[] root;
    private StagedBatch staged; // null when none
    private boolean closed;
    private String broken; // the I/O failure that stopped writes, or null

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
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(SYNC_THREADS, r -> {
            Thread t = new Thread(r, "mtc-log-sync-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
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
            s.clearTmp();
            s.load();
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

    private void load() throws IOException {
        Optional<byte[]> cp = objects.read(DirectoryLogObjects.CHECKPOINT);
        if (cp.isPresent()) {
            Checkpoint c = parseCheckpoint(cp.get(), "the published checkpoint");
            size = c.size();
            root = c.rootHash();
        } else {
            size = 0;
            root = MerkleHash.emptyHash(SHA256);
        }
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
        checkCommit(fromSize, toSize, rootHash, checkpoint, Optional.ofNullable(staged));
        Pending cp = pending(logDir.resolve(DirectoryLogObjects.CHECKPOINT), checkpoint);
        io("committing size " + toSize, () -> {
            files.writeAndForce(cp.tmp, cp.data);
            publish(List.of(cp));
        });
        committed(toSize, rootHash);
    }

    @Override
    public synchronized void appendBatch(StagedBatch batch, List<TileFile> tiles, byte[] rootHash,
            byte[] checkpoint) {
        checkWritable();
        checkStage(batch);
        checkCommit(batch.start(), batch.end(), rootHash, checkpoint, Optional.of(batch));
        // The batch's temporary file, the largest, is written while the tiles are checked; it stays invisible
        // (and is removed) if a tile is refused.
        Pending st = pending(stagedFile, StagedBatchFile.encode(batch));
        List<Future<?>> stWrite = DurableFiles.start(pool, List.of(() -> files.writeAndForce(st.tmp, st.data)));
        List<Pending> tileFiles;
        try {
            tileFiles = pendingTiles(tiles);
        } catch (RuntimeException e) {
            io("removing the temporary file of a refused batch", () -> {
                DurableFiles.awaitAll(stWrite);
                files.delete(st.tmp);
            });
            throw e;
        }
        Pending cp = pending(logDir.resolve(DirectoryLogObjects.CHECKPOINT), checkpoint);
        List<Pending> rest = new ArrayList<>(tileFiles);
        rest.add(cp);
        io("appending " + batch, () -> {
            List<Future<?>> all = new ArrayList<>(stWrite);
            all.addAll(DurableFiles.start(pool, writeTasks(rest)));
            DurableFiles.awaitAll(all);
            publish(List.of(st));
            staged = batch;
            publish(tileFiles);
            publish(List.of(cp));
        });
        committed(batch.end(), rootHash);
    }

    private void committed(long toSize, byte[] rootHash) {
        size = toSize;
        root = rootHash.clone();
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
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
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

    private void checkCommit(long fromSize, long toSize, byte[] rootHash, byte[] checkpoint,
            Optional<StagedBatch> batch) {
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
        Checkpoint c = parseCheckpoint(checkpoint, "the checkpoint to commit");
        if (c.size() != toSize || !MessageDigest.isEqual(c.rootHash(), rootHash)) {
            throw new LogStorageException(what + " refused: the checkpoint note is for size "
                    + Long.toUnsignedString(c.size()) + " with another root, not the committed state");
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
        DurableFiles.runAll(pool, writeTasks(pending));
    }

    private List<DurableFiles.IoTask> writeTasks(List<Pending> pending) {
        List<DurableFiles.IoTask> tasks = new ArrayList<>(pending.size());
        for (Pending f : pending) {
            tasks.add(() -> files.writeAndForce(f.tmp, f.data));
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
