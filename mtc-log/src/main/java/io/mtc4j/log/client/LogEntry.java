package io.mtc4j.log.client;

import java.util.Arrays;

/**
 * One entry of a log, verified against the level-0 hash tile of the client's verified checkpoint.
 *
 * @param index the entry's index in the log
 * @param entry the entry bytes (for an MTC issuance log, an MTCLogEntry)
 */
public record LogEntry(long index, byte[] entry) {
    public LogEntry {
        if (index < 0) {
            throw new IllegalArgumentException("index " + index + " is negative");
        }
        entry = entry.clone();
    }

    @Override
    public byte[] entry() {
        return entry.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogEntry e && e.index == index && Arrays.equals(e.entry, entry);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(index) * 31 + Arrays.hashCode(entry);
    }

    @Override
    public String toString() {
        return "LogEntry[" + index + ", " + entry.length + " bytes]";
    }
}
