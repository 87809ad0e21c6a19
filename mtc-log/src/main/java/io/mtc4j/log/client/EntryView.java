package io.mtc4j.log.client;

import java.util.Arrays;

/**
 * A read-only view of one verified entry where the log client holds it, inside its entry bundle: for readers of
 * every entry of a log (a monitor), which need no copy of an entry that concerns them not. A flyweight: the one view
 * of an {@link EntryIterator}, repositioned by each {@link EntryIterator#nextView()}; {@link #copy()} or
 * {@link #toLogEntry()} keep an entry. Like {@link EntryIterator#next()}, an entry is only ever shown after its
 * whole bundle hashed to its verified level-0 tile (tlog-tiles §"Log entries").
 */
public final class EntryView {
    private VerifiedBundle bundle;
    private int at;

    EntryView() {}

    void moveTo(VerifiedBundle b, int i) {
        this.bundle = b;
        this.at = i;
    }

    private VerifiedBundle bundle() {
        if (bundle == null) {
            throw new IllegalStateException("the view shows no entry yet: call EntryIterator.nextView()");
        }
        return bundle;
    }

    /** The entry's index in the log. */
    public long index() {
        return bundle().first + at;
    }

    /** The entry's length in bytes. */
    public int length() {
        VerifiedBundle b = bundle();
        return b.to[at] - b.from[at];
    }

    /** A copy of the entry's bytes. */
    public byte[] copy() {
        VerifiedBundle b = bundle();
        return Arrays.copyOfRange(b.data, b.from[at], b.to[at]);
    }

    /** The entry as a {@link LogEntry} (a copy). */
    public LogEntry toLogEntry() {
        return new LogEntry(index(), copy());
    }

    /**
     * Hands the entry's bytes in place to {@code reader}: {@code b[from, to)}, where {@code b} is the client's buffer
     * of the whole bundle. The reader must neither modify {@code b} nor keep it after it returns.
     *
     * @param reader reads the entry
     * @param <R>    what the reader returns
     * @return what the reader returned
     */
    public <R> R read(Reader<R> reader) {
        VerifiedBundle b = bundle();
        return reader.read(b.data, b.from[at], b.to[at]);
    }

    /**
     * Reads an entry in place.
     *
     * @param <R> the result
     */
    @FunctionalInterface
    public interface Reader<R> {
        /**
         * Reads the entry {@code b[from, to)}; must neither modify {@code b} nor keep it.
         *
         * @param b    the bundle's buffer
         * @param from the entry's first byte
         * @param to   the end of the entry (exclusive)
         * @return the result
         */
        R read(byte[] b, int from, int to);
    }

    @Override
    public String toString() {
        return bundle == null ? "EntryView[none]" : "EntryView[" + index() + ", " + length() + " bytes]";
    }
}
