package io.mtc4j.log.client;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Entries {@code [from, to)} of a verified tree, from {@link LogClient#entries}: one entry bundle is fetched and
 * checked (tlog-tiles §"Log entries") when the iteration reaches it. {@link #next()} throws
 * {@link LogClientException} for a bundle that fails a check; {@link #nextIndex()} then still names the entry not
 * yet returned, from which a new iteration resumes. Not thread-safe.
 */
public final class EntryIterator implements Iterator<LogEntry> {
    private final VerifiedTiles tiles;
    private final long to;
    private long next;
    private long bundleIndex = -1;
    private List<byte[]> bundle = List.of();

    EntryIterator(VerifiedTiles tiles, long from, long to) {
        this.tiles = tiles;
        this.next = from;
        this.to = to;
    }

    /** The index of the entry {@link #next()} returns. */
    public long nextIndex() {
        return next;
    }

    /** The end of the range (exclusive). */
    public long end() {
        return to;
    }

    @Override
    public boolean hasNext() {
        return next < to;
    }

    @Override
    public LogEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException("entries end at " + to);
        }
        long b = next >>> 8;
        if (b != bundleIndex) {
            bundle = tiles.bundle(b);
            bundleIndex = b;
        }
        LogEntry e = new LogEntry(next, bundle.get((int) (next & 0xff)));
        next++;
        return e;
    }
}
