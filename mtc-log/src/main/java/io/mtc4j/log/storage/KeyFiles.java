package io.mtc4j.log.storage;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Private key files of the services (the witness's, the mirror's keys): created once, readable and writable by
 * their owner only, durably, and never overwritten.
 */
public final class KeyFiles {
    /** Read and write by the owner, nothing for group and others ({@code chmod 600}). */
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private KeyFiles() {}

    /**
     * Creates {@code file} holding {@code data}, owner-only, unless it exists: the bytes go to a temporary file,
     * forced to disk, then hard-linked to {@code file} (which fails if another process created it meanwhile:
     * theirs is kept) and the directory is forced. A crash leaves no file or the whole one.
     *
     * @param file the key file
     * @param data its contents
     * @throws IOException if it cannot be written
     */
    public static void createIfAbsent(Path file, byte[] data) throws IOException {
        if (Files.exists(file)) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp); // not a POSIX file system: no permissions to set
        }
        DurableFiles.PLAIN.writeAndForce(tmp, data);
        try {
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException e) {
            // created by another process meanwhile: theirs wins
        }
        Files.delete(tmp);
        DurableFiles.PLAIN.forceDirectory(file.getParent());
    }

    /**
     * The permissions of {@code file} when its group or others have any ({@code chmod 600} refuses them).
     *
     * @param file a key file
     * @return its permissions as {@code rwxrwxrwx} text when wider than owner-only; empty when owner-only or on a
     *         file system without POSIX permissions
     * @throws IOException if they cannot be read
     */
    public static Optional<String> widerThanOwnerOnly(Path file) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            return OWNER_ONLY.containsAll(perms) ? Optional.empty() : Optional.of(PosixFilePermissions.toString(perms));
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
    }
}
