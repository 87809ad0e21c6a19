package io.mtc4j.log.storage;

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
