package io.mtc4j.log.storage;

import io.mtc4j.spec.tiles.TileFile;
import io.mtc4j.spec.tiles.TilePath;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link LogStorage} that forwards every call to a real one, for tests that inject a failure into one step by
 * overriding it. The {@link java.util.function.Supplier} form of {@code appendBatch} is the interface's default, so
 * it goes through {@link #appendBatch(StagedBatch, List, byte[], byte[])}.
 */
public class ForwardingStorage implements LogStorage {
    /** The storage calls go to. */
    protected final LogStorage real;

    /**
     * Forwards to {@code real}.
     *
     * @param real the storage calls go to
     */
    public ForwardingStorage(LogStorage real) {
        this.real = Objects.requireNonNull(real, "real");
    }

    @Override
    public void appendBatch(StagedBatch batch, List<TileFile> tiles, byte[] rootHash, byte[] checkpoint) {
        real.appendBatch(batch, tiles, rootHash, checkpoint);
    }

    @Override
    public Optional<byte[]> read(String key) {
        return real.read(key);
    }

    @Override
    public SequencingState state() {
        return real.state();
    }

    @Override
    public void stage(StagedBatch batch) {
        real.stage(batch);
    }

    @Override
    public void writeTile(TilePath path, byte[] data) {
        real.writeTile(path, data);
    }

    @Override
    public void writeTiles(List<TileFile> tiles) {
        real.writeTiles(tiles);
    }

    @Override
    public void commit(long fromSize, long toSize, byte[] rootHash, byte[] checkpoint) {
        real.commit(fromSize, toSize, rootHash, checkpoint);
    }

    @Override
    public void discardStaged() {
        real.discardStaged();
    }

    @Override
    public void writeLandmarks(byte[] landmarks) {
        real.writeLandmarks(landmarks);
    }

    @Override
    public void publishAppended() {
        real.publishAppended();
    }

    @Override
    public void writeCompanion(String key, byte[] data) {
        real.writeCompanion(key, data);
    }

    @Override
    public Optional<byte[]> writerState() {
        return real.writerState();
    }

    @Override
    public void replaceWriterState(Optional<byte[]> expected, byte[] data) {
        real.replaceWriterState(expected, data);
    }

    @Override
    public void close() {
        real.close();
    }
}
