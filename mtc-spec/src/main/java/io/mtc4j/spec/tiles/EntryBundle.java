package io.mtc4j.spec.tiles;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.codec.TlsReader;
import io.mtc4j.spec.codec.TlsWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An entry bundle (C2SP tlog-tiles §"Log entries"): 1 to 256 log entries, each with a big-endian uint16 length
 * prefix. For MTC each entry is an MTCLogEntry (MTC-NOTES §4.4); the bundle does not look inside. Immutable.
 */
public final class EntryBundle {
    /** Largest entry a uint16 length prefix can carry. */
    public static final int MAX_ENTRY_LENGTH = 0xffff;
    private static final String FIELD = "entry bundle";

    private final List<byte[]> entries;

    private EntryBundle(List<byte[]> entries) {
        this.entries = entries;
    }

    /**
     * A bundle of {@code entries} (copied).
     *
     * @throws IllegalArgumentException for 0 or more than 256 entries, or an entry above 65,535 bytes
     * @param entries the entries
     * @return a bundle of {@code entries} (copied)
     */
    public static EntryBundle of(List<byte[]> entries) {
        if (entries.isEmpty() || entries.size() > TilePath.FULL_WIDTH) {
            throw new IllegalArgumentException("an entry bundle holds 1..256 entries, not " + entries.size());
        }
        List<byte[]> copy = new ArrayList<>(entries.size());
        for (byte[] e : entries) {
            if (e.length > MAX_ENTRY_LENGTH) {
                throw new IllegalArgumentException("entry of " + e.length + " bytes exceeds the uint16 length prefix");
            }
            copy.add(e.clone());
        }
        return new EntryBundle(List.copyOf(copy));
    }

    /**
     * Parses a bundle of any width 1..256.
     *
     * @throws MtcParseException for no entries, more than 256, a truncated entry or trailing bytes
     * @param data the data
     * @return the parsed value
     */
    public static EntryBundle parse(byte[] data) {
        TlsReader r = TlsReader.of(data);
        List<byte[]> out = new ArrayList<>();
        if (r.isEmpty()) {
            throw new MtcParseException(FIELD, "empty (tlog-tiles: empty tiles MUST NOT be served)");
        }
        while (!r.isEmpty()) {
            if (out.size() == TilePath.FULL_WIDTH) {
                throw new MtcParseException(FIELD, "more than 256 entries (" + r.remaining() + " bytes left over)");
            }
            out.add(r.u16Bytes(FIELD + ".entry[" + out.size() + "]", 0, MAX_ENTRY_LENGTH));
        }
        return new EntryBundle(List.copyOf(out));
    }

    /**
     * Parses the bundle served at {@code path}, which must hold exactly {@code path.width()} entries.
     *
     * @throws MtcParseException if the bytes are malformed or the entry count differs from the path's width
     * @param path the path
     * @param data the data
     * @return the parsed value
     */
    public static EntryBundle parse(TilePath path, byte[] data) {
        if (!path.entries()) {
            throw new IllegalArgumentException(path + " is a hash tile, not an entry bundle");
        }
        EntryBundle b = parse(data);
        if (b.size() != path.width()) {
            throw new MtcParseException(FIELD, "has " + b.size() + " entries but " + path + " needs " + path.width());
        }
        return b;
    }

    /**
     * The uint16-length-prefixed concatenation of the entries.
     *
     * @return the uint16-length-prefixed concatenation of the entries
     */
    public byte[] encode() {
        TlsWriter w = new TlsWriter();
        for (byte[] e : entries) {
            w.u16Bytes(FIELD + ".entry", 0, MAX_ENTRY_LENGTH, e);
        }
        return w.toByteArray();
    }

    /**
     * Number of entries (the bundle's width).
     *
     * @return the {@code int}
     */
    public int size() {
        return entries.size();
    }

    /**
     * A copy of entry {@code i}.
     *
     * @param i the position
     * @return a copy of entry {@code i}
     */
    public byte[] entry(int i) {
        return entries.get(i).clone();
    }

    /**
     * Copies of all entries, in order.
     *
     * @return the {@code List<byte[]>}
     */
    public List<byte[]> entries() {
        return entries.stream().map(byte[]::clone).toList();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EntryBundle other) || other.entries.size() != entries.size()) {
            return false;
        }
        for (int i = 0; i < entries.size(); i++) {
            if (!Arrays.equals(entries.get(i), other.entries.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (byte[] e : entries) {
            h = 31 * h + Arrays.hashCode(e);
        }
        return h;
    }

    @Override
    public String toString() {
        return "EntryBundle[" + entries.size() + " entries]";
    }
}
