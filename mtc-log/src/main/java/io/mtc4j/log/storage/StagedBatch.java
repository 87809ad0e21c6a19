package io.mtc4j.log.storage;

import io.mtc4j.spec.tiles.EntryBundle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Entries made durable for appending at indices {@code [start, start + entries.size())}, before any of their
 * tiles is written.
 *
 * @param start   the index of the first entry: the committed size when the batch was staged
 * @param entries the encoded entries (MTCLogEntry for an MTC log), each at most 65,535 bytes
 */
public record StagedBatch(long start, List<byte[]> entries) {
    /** Checks the start is not negative; copies the entries. */
    public StagedBatch {
        if (start < 0) {
            throw new IllegalArgumentException("start " + start + " is negative");
        }
        List<byte[]> copy = new ArrayList<>(entries.size());
        for (byte[] e : entries) {
            copy.add(Objects.requireNonNull(e, "entry").clone());
        }
        entries = List.copyOf(copy);
    }

    /** Copies of the entries. */
    @Override
    public List<byte[]> entries() {
        return entries.stream().map(byte[]::clone).toList();
    }

    /**
     * Checks what every back end refuses to stage, before anything is written: an empty batch, and an entry above
     * 65,535 bytes (tlog-tiles: entries carry a uint16 length prefix in their bundle).
     *
     * @param log the log's name, for the message
     * @throws LogStorageException naming the log, the entry and the rule
     */
    public void checkStageable(String log) {
        if (entries.isEmpty()) {
            throw new LogStorageException(log + ": cannot stage an empty batch");
        }
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).length > EntryBundle.MAX_ENTRY_LENGTH) {
                throw new LogStorageException(log + ": cannot stage " + this + ": entry " + i + " has "
                        + entries.get(i).length + " bytes, above 65535 (tlog-tiles uint16 length prefix)");
            }
        }
    }

    /** The entries themselves, not copies, for this package's back ends (which never modify them). */
    List<byte[]> sharedEntries() {
        return entries;
    }

    /** The tree size once this batch is committed. */
    public long end() {
        return start + entries.size();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StagedBatch b) || b.start != start || b.entries.size() != entries.size()) {
            return false;
        }
        for (int i = 0; i < entries.size(); i++) {
            if (!Arrays.equals(b.entries.get(i), entries.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(start);
        for (byte[] e : entries) {
            h = 31 * h + Arrays.hashCode(e);
        }
        return h;
    }

    @Override
    public String toString() {
        return "StagedBatch[" + start + ", " + end() + ")";
    }
}
