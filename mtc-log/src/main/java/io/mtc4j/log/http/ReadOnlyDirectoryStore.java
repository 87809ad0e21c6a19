package io.mtc4j.log.http;

import io.mtc4j.log.storage.DirectoryLogObjects;
import io.mtc4j.log.storage.LogObjects;
import io.mtc4j.log.storage.LogStorage;
import io.mtc4j.log.storage.LogStorageException;
import io.mtc4j.log.storage.LogStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The logs kept in {@code DIR/<N>/} (one tlog-tiles tree per log number, as {@link LogStore} lays a directory
 * out), for reading only: what {@code mtc log serve DIR} serves. Writing goes through the sequencer's store.
 */
public final class ReadOnlyDirectoryStore implements LogStore {
    private final Path dir;

    /** The logs under {@code dir}, which must be a directory. */
    public ReadOnlyDirectoryStore(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new LogStorageException("log directory " + dir + " does not exist or is not a directory");
        }
    }

    @Override
    public List<Long> logNumbers() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory)
                    .map(p -> LogHandler.parseLogNumber(p.getFileName().toString()))
                    .flatMap(Optional::stream).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir, e);
        }
    }

    @Override
    public Optional<LogObjects> objects(long logNumber) {
        Path d = dir.resolve(Long.toString(logNumber));
        return logNumber >= 0 && Files.isDirectory(d) ? Optional.of(new DirectoryLogObjects(d)) : Optional.empty();
    }

    @Override
    public LogStorage openWriter(long logNumber) {
        throw new LogStorageException("log directory " + dir + " is open read-only (serving); log " + logNumber
                + " cannot be written here");
    }

    @Override
    public void close() {}
}
