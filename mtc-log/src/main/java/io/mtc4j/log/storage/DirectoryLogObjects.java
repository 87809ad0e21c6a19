package io.mtc4j.log.storage;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.tiles.TilePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The read side of a log kept in a local directory laid out as tlog-tiles serves it ({@code DIR/checkpoint},
 * {@code DIR/landmarks}, {@code DIR/tile/...}). Only well-formed keys are read: a tile key must parse as a
 * {@link TilePath} and print back to itself, so no key can reach outside the directory. Takes no lock: the writer
 * replaces files by atomic rename, so a reader sees either the old or the new object, never a torn one.
 */
public final class DirectoryLogObjects implements LogObjects {
    /** The mutable objects of a log (mtc-tlog, tlog-tiles). */
    public static final String CHECKPOINT = "checkpoint";
    /** The landmarks file (mtc-tlog §"Landmarks"). */
    public static final String LANDMARKS = "landmarks";

    private final Path dir;

    /** A reader of the log in {@code dir} (which need not exist yet). */
    public DirectoryLogObjects(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /** The log's directory. */
    public Path directory() {
        return dir;
    }

    /** True iff {@code key} names an object a tlog-tiles log can have, or a {@link CompanionKeys companion}. */
    public static boolean isObjectKey(String key) {
        if (key.equals(CHECKPOINT) || key.equals(LANDMARKS) || CompanionKeys.isCompanionKey(key)) {
            return true;
        }
        try {
            return TilePath.parse(key).path().equals(key);
        } catch (MtcParseException e) {
            return false;
        }
    }

    @Override
    public Optional<byte[]> read(String key) {
        if (!isObjectKey(key)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(dir.resolve(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + dir.resolve(key), e);
        }
    }

    @Override
    public String toString() {
        return "DirectoryLogObjects[" + dir + "]";
    }
}
