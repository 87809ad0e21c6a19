package io.mtc4j.log.storage;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive writer lock of one log directory: an operating-system lock ({@link FileChannel#tryLock()}) on a
 * lock file that also records who holds it ({@code pid <pid> on <host> since <instant>}), so that a second writer
 * fails at once with a message naming the holder. The kernel drops the lock when the holder dies, even by
 * {@code kill -9}.
 *
 * <p>POSIX record locks belong to a process, not to a file descriptor, and closing any descriptor of the file
 * drops all of the process's locks on it. So within one JVM the locks held are also recorded in a process-wide
 * table (the one piece of global state here, mirroring the kernel's), and a second writer in the same JVM is
 * refused from that table without opening the file.
 */
public final class DirectoryLock implements AutoCloseable {
    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

    private final Path file;
    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path file, Path key, FileChannel channel, FileLock lock) {
        this.file = file;
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code file} (created if absent) for {@code what} (named in errors).
     *
     * @param file the lock file
     * @param what what the lock protects, for messages
     * @return the lock, held until {@link #close()}
     * @throws LogStorageException at once if another writer holds it, naming that writer
     */
    public static DirectoryLock acquire(Path file, String what) {
        Path key;
        try {
            Files.createDirectories(file.getParent());
            key = file.getParent().toRealPath().resolve(file.getFileName());
        } catch (IOException e) {
            throw new LogStorageException(what + ": cannot create the lock " + file + ": " + e, e);
        }
        String me = holderDescription();
        String other = HELD.putIfAbsent(key, me);
        if (other != null) {
            throw new LogStorageException(what + " is locked by another writer in this process (" + other
                    + "); lock file " + file);
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                String holder = readHolder(file);
                ch.close();
                HELD.remove(key);
                throw new LogStorageException(what + " is locked by another writer (" + holder + "); lock file "
                        + file);
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(true);
            return new DirectoryLock(file, key, ch, l);
        } catch (IOException e) {
            HELD.remove(key);
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new LogStorageException(what + ": cannot take the lock " + file + ": " + e, e);
        }
    }

    private static String readHolder(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "holder not recorded yet" : s;
        } catch (IOException e) {
            return "holder unreadable: " + e.getMessage();
        }
    }

    private static String holderDescription() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        return "pid " + ProcessHandle.current().pid() + " on " + host + " since " + Instant.now();
    }

    /** The lock file. */
    Path file() {
        return file;
    }

    /** Releases the lock; the lock file stays (removing it would race with the next writer). */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new LogStorageException("releasing the lock " + file + ": " + e, e);
        } finally {
            HELD.remove(key);
        }
    }
}
