package io.mtc4j.log.storage;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What the sequencer needs to extend a log: the committed tree size and root hash (the right edge of the tree is
 * read back from the partial tiles of that size), and the batch staged for appending, if any.
 *
 * @param size     the committed tree size: the checkpoint published last has this size
 * @param rootHash {@code MTH(D_size)}, 32 bytes
 * @param staged   a batch made durable but not yet committed; recovery finishes or discards it
 */
public record SequencingState(long size, byte[] rootHash, Optional<StagedBatch> staged) {
    /** Checks the size is not negative; copies the root hash. */
    public SequencingState {
        if (size < 0) {
            throw new IllegalArgumentException("size " + size + " is negative");
        }
        rootHash = Objects.requireNonNull(rootHash, "rootHash").clone();
        Objects.requireNonNull(staged, "staged");
    }

    /** A copy of the root hash. */
    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequencingState s && s.size == size && Arrays.equals(s.rootHash, rootHash)
                && s.staged.equals(staged);
    }

    @Override
    public int hashCode() {
        return Objects.hash(size, Arrays.hashCode(rootHash), staged);
    }
}
