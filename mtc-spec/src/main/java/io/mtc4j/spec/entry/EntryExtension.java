package io.mtc4j.spec.entry;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.codec.TlsReader;
import io.mtc4j.spec.codec.TlsWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code MTCLogEntryExtension} (draft §"Log Entries"): {@code uint16 extension_type; opaque
 * extension_data<0..2^16-1>}. No extension types are defined yet. Immutable; {@code data} is copied.
 */
public record EntryExtension(int type, byte[] data) {
    /**
     * Checks the components against the rules above and copies byte arrays.
     *
     * @param type the type
     * @param data the data
     */
    public EntryExtension {
        if (type < 0 || type > 0xffff) {
            throw new IllegalArgumentException("extension_type " + type + " outside 0..65535");
        }
        if (data.length > 0xffff) {
            throw new IllegalArgumentException("extension_data longer than 65535 bytes");
        }
        data = data.clone();
    }

    /**
     * The data.
     *
     * @return the data
     */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /**
     * Writes {@code MTCLogEntryExtension extensions<0..2^16-1>}, checking the draft rule "ascending order by
     * extension_type, no two with the same type".
     *
     * @param w the writer
     * @param field the field's name, for error messages
     * @param extensions the extensions
     */
    public static void writeList(TlsWriter w, String field, List<EntryExtension> extensions) {
        requireAscending(extensions, field);
        w.u16Vector(field, 0, 0xffff, v -> {
            for (EntryExtension e : extensions) {
                v.u16(e.type);
                v.u16Bytes(field + ".extension_data", 0, 0xffff, e.data);
            }
        });
    }

    /**
     * The encoded list including its u16 length (what the single-pass entry hash writes).
     *
     * @param extensions the extensions
     * @return the encoded list including its u16 length (what the single-pass entry hash writes)
     */
    public static byte[] encodeList(List<EntryExtension> extensions) {
        return TlsWriter.encode(w -> writeList(w, "extensions", extensions));
    }

    /**
     * Reads an extension list and rejects unsorted or duplicate types (draft §"Log Entries").
     *
     * @param r the reader
     * @param field the field's name, for error messages
     * @return the {@code List<EntryExtension>}
     */
    public static List<EntryExtension> readList(TlsReader r, String field) {
        TlsReader v = r.u16Vector(field, 0, 0xffff);
        List<EntryExtension> out = new ArrayList<>();
        int prev = -1;
        while (!v.isEmpty()) {
            int type = v.u16(field + ".extension_type");
            if (type <= prev) {
                throw new MtcParseException(field, "extension_type " + type + (type == prev ? " is duplicated"
                        : " follows " + prev + "; types must be strictly ascending"));
            }
            prev = type;
            out.add(new EntryExtension(type, v.u16Bytes(field + ".extension_data", 0, 0xffff)));
        }
        return List.copyOf(out);
    }

    static void requireAscending(List<EntryExtension> extensions, String field) {
        int prev = -1;
        for (EntryExtension e : extensions) {
            if (e.type <= prev) {
                throw new MtcParseException(field, "extension types must be strictly ascending without duplicates");
            }
            prev = e.type;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntryExtension e && e.type == type && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "EntryExtension[type=" + type + ", data=" + HexFormat.of().formatHex(data) + "]";
    }
}
