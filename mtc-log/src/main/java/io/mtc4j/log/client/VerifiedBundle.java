package io.mtc4j.log.client;

/**
 * One entry bundle whose every entry was checked against its leaf hash in the level-0 tile, held in place: the
 * fetched bytes and where each entry lies in them (no entry is copied out). Package-private: readers see it through
 * {@link EntryIterator}, as copies ({@link LogEntry}) or as a read-only {@link EntryView}.
 */
final class VerifiedBundle {
    /** The index of the bundle's first entry in the log. */
    final long first;
    /** The bundle's bytes (tlog-tiles §"Log entries": uint16-length-prefixed entries); never modified. */
    final byte[] data;
    /** Entry {@code i} is {@code data[from[i], to[i])}. */
    final int[] from;
    final int[] to;
    final int size;

    VerifiedBundle(long first, byte[] data, int[] from, int[] to, int size) {
        this.first = first;
        this.data = data;
        this.from = from;
        this.to = to;
        this.size = size;
    }
}
