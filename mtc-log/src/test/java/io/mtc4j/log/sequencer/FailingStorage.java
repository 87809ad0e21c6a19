package io.mtc4j.log.sequencer;

import io.mtc4j.log.storage.LogStorage;
import io.mtc4j.log.storage.LogStorageException;
import io.mtc4j.log.storage.SequencingState;
import io.mtc4j.log.storage.StagedBatch;
import io.mtc4j.spec.tiles.TileFile;
import io.mtc4j.spec.tiles.TilePath;
import java.util.List;
import java.util.Optional;

/** A real storage with one injected failure: the next appendBatch stages its batch, then fails. */
final class FailingStorage implements LogStorage {
    private final LogStorage real;
    boolean failNextAppend;

    FailingStorage(LogStorage real) {
        this.real = real;
    }

    @Override
    public void appendBatch(StagedBatch batch, List<TileFile> tiles, byte[] rootHash, byte[] checkpoint) {
        if (failNextAppend) {
            failNextAppend = false;
            real.stage(batch);
            throw new LogStorageException("injected failure after staging " + batch);
        }
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
