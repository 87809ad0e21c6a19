package io.mtc4j.log.client;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Entries {@code [from, to)} of a verified tree, from {@link LogClient#entries}: one entry bundle is fetched and
 * checked (tlog-tiles §"Log entries": every entry against its leaf hash in the verified level-0 tile) when the
 * iteration reaches it, and no entry of it is returned before the whole bundle passed. {@link #next()} returns a
 * copy; {@link #nextView()} shows the entry in place (for readers of every entry). Both throw
 * {@link LogClientException} for a bundle that fails a check; {@link #nextIndex()} then still names the entry not
 * yet returned, from which a new iteration resumes. Not thread-safe.
 */
public final class EntryIterator implements Iterator<LogEntry> {
    private final VerifiedTiles tiles;
    private final long to;
    private final EntryView view = new EntryView();
    private long next;
    private VerifiedBundle bundle;

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
        int i = advance();
        return new LogEntry(bundle.first + i, Arrays.copyOfRange(bundle.data, bundle.from[i], bundle.to[i]));
    }

    /**
     * The next entry, in place: this iterator's one {@link EntryView}, moved to the entry. The view shows it until the
     * next call; copy what must be kept ({@link EntryView#copy()}).
     *
     * @return the view, showing the next entry
     * @throws NoSuchElementException at the end of the range
     * @throws LogClientException     if the entry's bundle fails a check
     */
    public EntryView nextView() {
        int i = advance();
        view.moveTo(bundle, i);
        return view;
    }

    /** Moves past the next entry, fetching and checking its bundle first if needed; its position in the bundle. */
    private int advance() {
        if (!hasNext()) {
            throw new NoSuchElementException("entries end at " + to);
        }
        long b = next >>> 8;
        if (bundle == null || bundle.first != b << 8) {
            bundle = tiles.bundle(b);
        }
        int i = (int) (next & 0xff);
        next++;
        return i;
    }
}
