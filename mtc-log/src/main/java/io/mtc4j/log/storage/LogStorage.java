package io.mtc4j.log.storage;

import io.mtc4j.spec.tiles.TileFile;
import io.mtc4j.spec.tiles.TilePath;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The storage of one issuance log: the few operations a tlog-tiles log needs, behind which each back end (a local
 * directory; S3-compatible object storage plus PostgreSQL) keeps its own guarantees. The sequencer is the only
 * writer; every method that writes is durable when it returns. Its {@link #read} answers with the log as
 * acknowledged (what {@link #appendBatch} returned), which a back end may publish to other readers slightly later
 * ({@link #publishAppended}).
 *
 * <ul>
 *   <li>Immutable objects: hash tiles and entry bundles, full and partial, written once
 *       ({@link #writeTile}); tlog-tiles fixes their bytes, so writing the same bytes again is a no-op and
 *       writing different bytes is refused.</li>
 *   <li>The sequencing state ({@link #state}): the committed tree size and root, plus at most one staged batch
 *       that recovery must finish or discard.</li>
 *   <li>The mutable checkpoint, replaced only by {@link #commit} in the same atomic step that advances the
 *       state (a compare-and-swap on the committed size), and the landmarks file.</li>
 * </ul>
 */
public interface LogStorage extends LogObjects, AutoCloseable {
    /** The committed state and the staged batch, if any, as last made durable. */
    SequencingState state();

    /**
     * Durably stages {@code batch}, whose first index must be the committed size, before any of its tiles is
     * written. Refused ({@link LogStorageException}) if another batch is staged or the start does not match.
     */
    void stage(StagedBatch batch);

    /**
     * Writes an immutable tile or entry bundle. Same bytes at an existing path: no-op. Different bytes: refused
     * with a {@link LogStorageException}, since that would fork the log.
     */
    void writeTile(TilePath path, byte[] data);

    /**
     * Writes several immutable objects, each under the rules of {@link #writeTile}; all are durable when this
     * returns. A back end may write them in any order or in parallel. If one is refused, the others may or may
     * not have been written (each is immutable, so a retry with the same bytes is a no-op).
     */
    default void writeTiles(List<TileFile> tiles) {
        for (TileFile t : tiles) {
            writeTile(t.path(), t.data());
        }
    }

    /**
     * Appends one batch, with the durability order of {@code stage(batch)}, then {@code writeTiles(tiles)}, then
     * {@code commit(batch.start(), batch.end(), rootHash, checkpoint)}: the batch is durable before any tile is
     * visible, and every tile is durable before the checkpoint is. A back end may overlap the work as long as it
     * keeps that order of visibility, and may publish the tiles and checkpoint after it returns if the batch is
     * durable when it returns (the local directory: one synced write-ahead record, then a background pass that
     * syncs the tiles, renames them into place and only then publishes the checkpoint; this writer's
     * {@link #read} sees the batch at once, {@link #publishAppended} waits for the rest). Each step's refusals
     * apply; a refused step leaves the batch staged for recovery to finish.
     */
    default void appendBatch(StagedBatch batch, List<TileFile> tiles, byte[] rootHash, byte[] checkpoint) {
        stage(batch);
        writeTiles(tiles);
        commit(batch.start(), batch.end(), rootHash, checkpoint);
    }

    /**
     * As {@link #appendBatch(StagedBatch, List, byte[], byte[])}, with the checkpoint produced by {@code checkpoint}
     * (called once, on the caller's thread): a back end may call it while it writes the batch's files, so that
     * signing overlaps the I/O. A checkpoint the supplier throws for, or that {@link #commit} would refuse, leaves
     * nothing written.
     *
     * @param batch      the batch to append
     * @param tiles      every tile and bundle of the tree extended by {@code batch}
     * @param rootHash   the root of the extended tree
     * @param checkpoint signs and returns the checkpoint of the extended tree
     * @return the checkpoint published
     */
    default byte[] appendBatch(StagedBatch batch, List<TileFile> tiles, byte[] rootHash,
            Supplier<byte[]> checkpoint) {
        byte[] cp = checkpoint.get();
        appendBatch(batch, tiles, rootHash, cp);
        return cp.clone();
    }

    /**
     * Publishes now every batch appended so far, for readers of what the back end has published (a static web
     * server on a local directory, {@link LogStore#objects} of another store or process): when this returns,
     * the checkpoint of the committed size and every tile it covers are published and durable. A back end that
     * publishes each batch before {@link #appendBatch} returns (S3 + PostgreSQL) has nothing to do; the local
     * directory acknowledges a batch once its write-ahead record is synced and publishes it shortly after.
     */
    default void publishAppended() {}

    /**
     * In one atomic step: checks the committed size is {@code fromSize} (else {@link LogStorageException}, nothing
     * written), sets the committed size to {@code toSize} and root to {@code rootHash}, drops the staged batch
     * ending at {@code toSize} (if any), and publishes {@code checkpoint} (a signed note) as the log's checkpoint.
     * Also refused, with nothing written: {@code toSize < fromSize}; {@code toSize == fromSize} with a root other
     * than the committed one (two checkpoints of one size must not differ, tlog-checkpoint); a staged batch that
     * does not end at {@code toSize}; a {@code checkpoint} whose note text is not a checkpoint of size
     * {@code toSize} and root {@code rootHash}.
     */
    void commit(long fromSize, long toSize, byte[] rootHash, byte[] checkpoint);

    /** Drops the staged batch, if any (recovery that decides not to finish it). */
    void discardStaged();

    /**
     * Writes a companion object ({@link CompanionKeys}), durable when this returns, replacing any earlier bytes at
     * {@code key}. The caller writes it before committing the entries that refer to it, so a crash never leaves
     * a committed entry without it; bytes at a key that no committed entry refers to yet may be replaced.
     *
     * @param key  a companion key
     * @param data the object's bytes, non-empty
     * @throws IllegalArgumentException if {@code key} is not a companion key or {@code data} is empty
     */
    void writeCompanion(String key, byte[] data);

    /**
     * The writer state: one small object that the application writing this log keeps beside it in the same back
     * end (a tlog-mirror's pending checkpoints and next entry), never served with the log's objects; what
     * {@link #replaceWriterState} last made durable, or empty before the first.
     *
     * @return the writer state's bytes, or empty when there is none
     */
    Optional<byte[]> writerState();

    /**
     * Replaces the writer state with {@code data} in one atomic step, if it still is {@code expected} (empty: there
     * is none yet): a compare-and-swap, durable when this returns. A crash leaves the old bytes or the new, never a
     * mix; a writer that lost its exclusion (a deposed leader) or acts on a stale state is refused with a
     * {@link LogStorageException} and writes nothing.
     *
     * @param expected the bytes the writer state must hold now, or empty if it must not exist
     * @param data     the new bytes
     */
    void replaceWriterState(Optional<byte[]> expected, byte[] data);

    /** Publishes the landmarks file (mtc-tlog {@code <prefix>/landmarks}). */
    void writeLandmarks(byte[] landmarks);

    /** Releases locks, leases and connections. */
    @Override
    void close();
}
