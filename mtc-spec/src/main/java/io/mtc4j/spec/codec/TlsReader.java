package io.mtc4j.spec.codec;

import io.mtc4j.spec.MtcParseException;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Strict reader for the TLS presentation language, the counterpart of {@link TlsWriter}. Every read names the
 * field it reads, so a failure says which field broke which rule. Vectors are read into sub-readers that must
 * be consumed exactly; {@link #finish(String)} rejects trailing data.
 */
public final class TlsReader {
    private final byte[] buf;
    private final int end;
    private int pos;

    private TlsReader(byte[] buf, int start, int end) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
    }

    /**
     * A reader over a private copy of {@code input}.
     *
     * @param input the input
     * @return a reader over a private copy of {@code input}
     */
    public static TlsReader of(byte[] input) {
        byte[] copy = input.clone();
        return new TlsReader(copy, 0, copy.length);
    }

    /**
     * Parses {@code input} with {@code body} and requires that nothing is left over.
     *
     * @param <T> the type
     * @param input the input
     * @param structure the structure name, for error messages
     * @param body the entry's body
     * @return the parsed value
     */
    public static <T> T parseAll(byte[] input, String structure, Function<TlsReader, T> body) {
        TlsReader r = of(input);
        T value = body.apply(r);
        r.finish(structure);
        return value;
    }

    /**
     * Bytes not yet read.
     *
     * @return the {@code int}
     */
    public int remaining() {
        return end - pos;
    }

    /**
     * Whether empty.
     *
     * @return whether empty
     */
    public boolean isEmpty() {
        return pos == end;
    }

    /**
     * Offset of the next byte within this reader's input.
     *
     * @return the {@code int}
     */
    public int position() {
        return pos;
    }

    private void need(String field, int n) {
        if (n > end - pos) {
            throw new MtcParseException(field, "truncated: need " + n + " bytes, " + (end - pos) + " left");
        }
    }

    private long uint(String field, int n) {
        need(field, n);
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (buf[pos++] & 0xff);
        }
        return v;
    }

    /**
     * Reads an unsigned 8-bit big-endian integer (RFC 8446 §3.3).
     *
     * @param field the field's name, for error messages
     * @return the {@code int}
     */
    public int u8(String field) {
        return (int) uint(field, 1);
    }

    /**
     * Reads an unsigned 16-bit big-endian integer (RFC 8446 §3.3).
     *
     * @param field the field's name, for error messages
     * @return the {@code int}
     */
    public int u16(String field) {
        return (int) uint(field, 2);
    }

    /**
     * Reads an unsigned 24-bit big-endian integer (RFC 8446 §3.3).
     *
     * @param field the field's name, for error messages
     * @return the {@code int}
     */
    public int u24(String field) {
        return (int) uint(field, 3);
    }

    /**
     * Reads an unsigned 48-bit big-endian integer (RFC 8446 §3.3).
     *
     * @param field the field's name, for error messages
     * @return the {@code long}
     */
    public long u48(String field) {
        return uint(field, 6);
    }

    /**
     * uint64 as an unsigned value in a long.
     *
     * @param field the field's name, for error messages
     * @return the {@code long}
     */
    public long u64(String field) {
        return uint(field, 8);
    }

    /**
     * Exactly {@code n} bytes (a fixed-length field).
     *
     * @param field the field's name, for error messages
     * @param n the JSON node
     * @return the {@code byte[]}
     */
    public byte[] bytes(String field, int n) {
        need(field, n);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    /**
     * Everything left.
     *
     * @return the {@code byte[]}
     */
    public byte[] rest() {
        byte[] b = Arrays.copyOfRange(buf, pos, end);
        pos = end;
        return b;
    }

    /**
     * {@code opaque field<min..max>} with a 1-byte length.
     *
     * @param field the field's name, for error messages
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the {@code byte[]}
     */
    public byte[] u8Bytes(String field, int min, int max) {
        return u8Vector(field, min, max).rest();
    }

    /**
     * {@code opaque field<min..max>} with a 2-byte length.
     *
     * @param field the field's name, for error messages
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the {@code byte[]}
     */
    public byte[] u16Bytes(String field, int min, int max) {
        return u16Vector(field, min, max).rest();
    }

    /**
     * {@code opaque field<min..max>} with a 3-byte length.
     *
     * @param field the field's name, for error messages
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the {@code byte[]}
     */
    public byte[] u24Bytes(String field, int min, int max) {
        return u24Vector(field, min, max).rest();
    }

    /**
     * A sub-reader over the body of a vector with a 1-byte length.
     *
     * @param field the field's name, for error messages
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return a sub-reader over the body of a vector with a 1-byte length
     */
    public TlsReader u8Vector(String field, int min, int max) {
        return vector(field, 1, min, max);
    }

    /**
     * A sub-reader over the body of a vector with a 2-byte length.
     *
     * @param field the field's name, for error messages
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return a sub-reader over the body of a vector with a 2-byte length
     */
    public TlsReader u16Vector(String field, int min, int max) {
        return vector(field, 2, min, max);
    }

    /**
     * A sub-reader over the body of a vector with a 3-byte length.
     *
     * @param field the field's name, for error messages
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return a sub-reader over the body of a vector with a 3-byte length
     */
    public TlsReader u24Vector(String field, int min, int max) {
        return vector(field, 3, min, max);
    }

    private TlsReader vector(String field, int prefix, int min, int max) {
        int len = (int) uint(field + " length", prefix);
        if (len < min || len > max) {
            throw new MtcParseException(field, "length " + len + " outside <" + min + ".." + max + ">");
        }
        need(field, len);
        TlsReader sub = new TlsReader(buf, pos, pos + len);
        pos += len;
        return sub;
    }

    /**
     * Requires that every byte was read.
     *
     * @param structure the structure name, for error messages
     */
    public void finish(String structure) {
        if (pos != end) {
            throw new MtcParseException(structure, (end - pos) + " bytes of trailing data");
        }
    }
}
