package io.mtc4j.log.witness;

import io.mtc4j.log.storage.DirectoryLock;
import io.mtc4j.log.storage.DurableFiles;
import io.mtc4j.log.storage.LogStorageException;
import io.mtc4j.spec.MtcException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The witness record in a local directory (the default): {@code DIR/checkpoints/<hex sha256(origin)>} holds the
 * latest cosigned checkpoint note of that origin. An update writes {@code <hex>.tmp}, forces it, renames it over
 * the record (atomic on POSIX file systems) and forces the directory, all before the witness answers; a crash at
 * any point leaves either the old record or the new one, and a leftover {@code .tmp} is removed at open. One
 * process holds the directory ({@code DIR/witness.lock}); within it, updates of one origin are serialized.
 */
public final class DirectoryWitnessStore implements WitnessStore {
    static final String RECORDS = "checkpoints";
    private static final String TMP = ".tmp";

    private final Path records;
    private final DurableFiles files;
    private final DirectoryLock lock;
    /** Every record, read at open and kept current: the record of an origin is replaced only under its monitor. */
    private final ConcurrentHashMap<String, CosignedCheckpoint> current = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> monitors = new ConcurrentHashMap<>();
    /** Set when a write failed half-way: the disk may be ahead of {@link #current}, so no more updates until a restart. */
    private volatile WitnessStoreException failed;

    private DirectoryWitnessStore(Path records, DurableFiles files, DirectoryLock lock) {
        this.records = records;
        this.files = files;
        this.lock = lock;
    }

    /**
     * Opens (creating if needed) the record under {@code dir}, taking the directory's lock.
     *
     * @param dir the witness directory
     * @return the store
     * @throws WitnessStoreException if another process holds it, or a record is unreadable (never skipped: a
     *                               skipped record would let the witness roll back)
     */
    public static DirectoryWitnessStore open(Path dir) {
        return open(dir, DurableFiles.PLAIN);
    }

    /**
     * {@link #open(Path)} with the file-system steps of {@code files} (tests stop the process between steps).
     *
     * @param dir   the witness directory
     * @param files the file-system steps
     * @return the store
     */
    public static DirectoryWitnessStore open(Path dir, DurableFiles files) {
        DirectoryLock lock;
        try {
            lock = DirectoryLock.acquire(dir.resolve("witness.lock"), "witness directory " + dir);
        } catch (LogStorageException e) {
            throw new WitnessStoreException(e.getMessage(), e);
        }
        Path records = dir.resolve(RECORDS);
        DirectoryWitnessStore s = new DirectoryWitnessStore(records, files, lock);
        try {
            Files.createDirectories(records);
            files.forceDirectory(dir);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(records)) {
                for (Path p : ds) {
                    String name = p.getFileName().toString();
                    if (name.endsWith(TMP)) {
                        files.delete(p); // an update that crashed before its rename: never acknowledged
                    } else if (name.matches("[0-9a-f]{64}")) {
                        s.current.put(name, s.read(p, name));
                    }
                }
            }
            files.forceDirectory(records);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e instanceof WitnessStoreException w ? w
                    : new WitnessStoreException("witness record " + records + ": " + e.getMessage(), e);
        }
        return s;
    }

    private CosignedCheckpoint read(Path p, String hex) throws IOException {
        CosignedCheckpoint c;
        try {
            c = CosignedCheckpoint.parse(Files.readAllBytes(p));
        } catch (MtcException | IllegalArgumentException e) {
            throw new WitnessStoreException("witness record " + p + " is not a cosigned checkpoint: " + e.getMessage(),
                    e);
        }
        if (!CosignedCheckpoint.originHash(c.origin()).equals(hex)) {
            throw new WitnessStoreException("witness record " + p + " holds origin " + c.origin()
                    + ", whose hash is not its file name", null);
        }
        return c;
    }

    @Override
    public Optional<CosignedCheckpoint> latest(String originHash) {
        return Optional.ofNullable(current.get(originHash));
    }

    @Override
    public <T> T update(String origin, Transition<T> transition) {
        String hex = CosignedCheckpoint.originHash(origin);
        synchronized (monitors.computeIfAbsent(hex, h -> new Object())) {
            if (failed != null) {
                throw new WitnessStoreException("an earlier write failed; restart the witness: " + failed.getMessage(),
                        failed);
            }
            Step<T> step = transition.apply(Optional.ofNullable(current.get(hex)));
            if (step.next().isPresent()) {
                CosignedCheckpoint next = step.next().get();
                if (!next.origin().equals(origin)) {
                    throw new IllegalArgumentException("a record of " + next.origin() + " for origin " + origin);
                }
                persist(hex, next);
                current.put(hex, next);
            }
            return step.result();
        }
    }

    /** Temporary file, force, rename over the record, force the directory: durable before the answer. */
    private void persist(String hex, CosignedCheckpoint next) {
        Path file = records.resolve(hex);
        Path tmp = records.resolve(hex + TMP);
        try {
            files.writeAndForce(tmp, next.note());
            files.rename(tmp, file);
            files.forceDirectory(records);
        } catch (IOException | RuntimeException e) {
            failed = new WitnessStoreException("cannot record the cosigned checkpoint in " + file + ": " + e, e);
            throw failed;
        }
    }

    /**
     * Whether updates are possible: false after a write failed half-way (the health endpoint reports it).
     *
     * @return true while no write has failed
     */
    public boolean healthy() {
        return failed == null;
    }

    @Override
    public void close() {
        lock.close();
    }
}
