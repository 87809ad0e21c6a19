package io.mtc4j.log.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link KeyFiles}: a key file is created once, owner-only, and a wider one is reported. */
class KeyFilesTest {
    @TempDir
    Path dir;

    @Test
    void createsOwnerOnlyOnceAndNeverOverwrites() throws Exception {
        Path file = dir.resolve("k.pk8");
        KeyFiles.createIfAbsent(file, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(Optional.empty(), KeyFiles.widerThanOwnerOnly(file));
        KeyFiles.createIfAbsent(file, new byte[] {9});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file), "the first key stays");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList(), "no temporary file left");
        }
    }

    @Test
    void reportsPermissionsBeyondTheOwner() throws Exception {
        Path file = dir.resolve("k.pk8");
        KeyFiles.createIfAbsent(file, new byte[] {1});
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(Optional.of("rw-r--r--"), KeyFiles.widerThanOwnerOnly(file));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertEquals(Optional.empty(), KeyFiles.widerThanOwnerOnly(file));
    }
}
