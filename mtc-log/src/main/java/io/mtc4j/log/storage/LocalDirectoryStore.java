package io.mtc4j.log.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded back end: the logs of one CA in a local directory {@code DIR}. Log {@code N} is in
 * {@code DIR/<N>/}, laid out exactly as tlog-tiles serves it ({@code checkpoint}, {@code landmarks},
 * {@code tile/...}), so a static web server serving {@code DIR} byte for byte serves a valid log at
 * {@code <prefix>/<N>/}. The writer's private state is in the hidden {@code DIR/.mtc-log/<N>/} (the lock with
 * its holder, the write-ahead log, the staged batch, temporary files); a web server should not serve dot
 * directories.
 *
 * <p>Every write is crash-atomic (temporary file, sync, rename, sync of the directory); an appended batch is
 * durable by one synced write-ahead record before any of its files is visible, and a checkpoint or landmarks file
 * becomes visible only once every tile it covers is durably in place, so a static server serving {@code DIR} is a
 * valid log at every instant, also after a power loss and before the writer reopens (see
 * {@code LocalDirectoryStorage}). Each log has one writer at a time: {@link #openWriter} fails at once, naming the
 * holder, while another process (or another writer in this one) holds it. Reading needs no lock.
 */
public final class LocalDirectoryStore implements LogStore {
    /** The hidden directory, under {@code DIR}, of the writers' state. */
    static final String STATE_DIR = ".mtc-log";

    private final Path dir;
    private final DurableFiles files;
    private final Set<LocalDirectoryStorage> writers = ConcurrentHashMap.newKeySet();

    private LocalDirectoryStore(Path dir, DurableFiles files) {
        this.dir = dir;
        this.files = files;
    }

    /**
     * The store in {@code dir}, which is created if absent.
     *
     * @throws LogStorageException if {@code dir} cannot be created or is not a directory
     */
    public static LocalDirectoryStore open(Path dir) {
        return open(dir, DurableFiles.PLAIN);
    }

    /** As {@link #open(Path)}, with every file-system step going through {@code files} (tests inject crashes). */
    static LocalDirectoryStore open(Path dir, DurableFiles files) {
        Objects.requireNonNull(dir, "dir");
        Path abs = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(abs);
        } catch (IOException e) {
            throw new LogStorageException("log directory " + abs + " cannot be created: " + e, e);
        }
        return new LocalDirectoryStore(abs, files);
    }

    /** The directory holding the logs. */
    public Path directory() {
        return dir;
    }

    @Override
    public List<Long> logNumbers() {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (isLogNumber(n) && Files.isDirectory(p)) {
                    out.add(Long.parseLong(n));
                }
            }
        } catch (IOException e) {
            throw new LogStorageException("listing the logs in " + dir + ": " + e, e);
        }
        out.sort(null);
        return List.copyOf(out);
    }

    /** A decimal log number without leading zeros (mtc-tlog §"Serving Issuance Logs"), at most 2^63-1. */
    private static boolean isLogNumber(String s) {
        if (s.isEmpty() || s.length() > 19 || (s.length() > 1 && s.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The objects of log {@code logNumber}: while a writer of it is open through this store, the log as the writer
     * acknowledged it (its {@link LogStorage#read}: what it has appended, a moment before it is published in the
     * directory, every batch durable in its write-ahead log), else the directory as published.
     */
    @Override
    public Optional<LogObjects> objects(long logNumber) {
        Path p = dir.resolve(checkLogNumber(logNumber));
        for (LocalDirectoryStorage w : writers) {
            if (w.logNumber() == logNumber) {
                return Optional.of(w);
            }
        }
        return Files.isDirectory(p) ? Optional.of(new DirectoryLogObjects(p)) : Optional.empty();
    }

    @Override
    public LogStorage openWriter(long logNumber) {
        checkLogNumber(logNumber);
        LocalDirectoryStorage[] self = new LocalDirectoryStorage[1];
        self[0] = LocalDirectoryStorage.open(dir, logNumber, files, () -> {
            if (self[0] != null) { // null when the open itself failed
                writers.remove(self[0]);
            }
        });
        writers.add(self[0]);
        return self[0];
    }

    private static String checkLogNumber(long logNumber) {
        if (logNumber < 0) {
            throw new IllegalArgumentException("log number " + logNumber + " is negative");
        }
        return Long.toString(logNumber);
    }

    /** Closes the writers still open through this store. */
    @Override
    public void close() {
        for (LocalDirectoryStorage w : List.copyOf(writers)) {
            w.close();
        }
    }

    @Override
    public String toString() {
        return "LocalDirectoryStore[" + dir + "]";
    }
}
