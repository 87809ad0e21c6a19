package io.mtc4j.log.sequencer;

import io.mtc4j.log.storage.ForwardingStorage;
import io.mtc4j.log.storage.LogStorage;
import io.mtc4j.log.storage.LogStorageException;
import io.mtc4j.log.storage.StagedBatch;
import io.mtc4j.spec.tiles.TileFile;
import java.util.List;

/** A real storage with one injected failure: the next appendBatch stages its batch, then fails. */
final class FailingStorage extends ForwardingStorage {
    boolean failNextAppend;

    FailingStorage(LogStorage real) {
        super(real);
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
}
