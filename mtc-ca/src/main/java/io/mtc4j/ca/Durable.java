package io.mtc4j.ca;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Durable file writes for the CA's own state: temporary file, fsync, rename over the target, fsync of the
 * directory. After {@link #write} returns the file holds exactly the new bytes, across a crash or power loss;
 * a crash before leaves the old file (or none) and at most a temporary file that the next write replaces.
 * Public for the CA's sub-packages (the bootstrap roots file); the rest stays package-private.
 */
public final class Durable {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private Durable() {}

    /**
     * Writes {@code data} to {@code target} durably (see the class comment).
     *
     * @param target the file
     * @param data   its new contents
     * @throws UncheckedIOException if it cannot be written
     */
    public static void write(Path target, byte[] data) {
        write(target, data, false);
    }

    /** Like {@link #write(Path, byte[])}, the file readable and writable by its owner only (private keys). */
    static void writeOwnerOnly(Path target, byte[] data) {
        write(target, data, true);
    }

    private static void write(Path target, byte[] data, boolean ownerOnly) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(tmp);
            if (ownerOnly) {
                try {
                    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                } catch (UnsupportedOperationException e) {
                    throw new CaException(target.toString(), "owner-only", "the file system cannot restrict a key"
                            + " file to its owner (POSIX permissions unsupported)");
                }
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(data);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new CaException(target.toString(), "atomic-rename", "the file system cannot rename atomically");
            }
            syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e, e);
        }
    }

    /** Creates {@code target} with {@code data} durably; refuses if it exists (never overwrites). */
    static void create(Path target, byte[] data, boolean ownerOnly) {
        if (Files.exists(target)) {
            throw new UncheckedIOException(new FileAlreadyExistsException(target.toString()));
        }
        write(target, data, ownerOnly);
    }

    /** Deletes {@code target} if present and syncs its directory. */
    static void delete(Path target) {
        try {
            if (Files.deleteIfExists(target)) {
                syncDirectory(target.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + target + ": " + e, e);
        }
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
