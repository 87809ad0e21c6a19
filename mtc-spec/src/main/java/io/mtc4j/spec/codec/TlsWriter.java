package io.mtc4j.spec.codec;

import io.mtc4j.spec.MtcException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Builder for the TLS presentation language (RFC 8446 §3): big-endian integers and length-prefixed vectors.
 * Every mtc4j encoder is written with it. A vector's body is written by a nested callback; its length prefix
 * is filled in afterwards and checked against the declared bounds, e.g.
 * <pre>{@code w.u16Vector("MTCProof.inclusion_proof", 0, 0xffff, v -> proof.forEach(v::bytes));}</pre>
 */
public final class TlsWriter {
    /** The bytes written: {@code buf[0, len)}. A vector's body is written in place and its prefix set after. */
    private byte[] buf = new byte[256];
    private int len;

    /** Creates a {@code TlsWriter}. */
    public TlsWriter() {
    }

    private void write(int b) {
        if (len == buf.length) {
            grow(1);
        }
        buf[len++] = (byte) b;
    }

    private void grow(int more) {
        if (more > Integer.MAX_VALUE - 8 - len) {
            throw new MtcException("encoding over 2 GiB");
        }
        buf = Arrays.copyOf(buf, Math.max(len + more, (int) Math.min(Integer.MAX_VALUE - 8, 2L * buf.length)));
    }

    /**
     * Encodes with a fresh writer and returns the bytes.
     *
     * @param body the entry's body
     * @return the encoding
     */
    public static byte[] encode(Consumer<TlsWriter> body) {
        TlsWriter w = new TlsWriter();
        body.accept(w);
        return w.toByteArray();
    }

    /**
     * Writes an unsigned 8-bit big-endian integer (RFC 8446 §3.3).
     *
     * @param v the value
     * @return this writer, for chaining
     */
    public TlsWriter u8(int v) {
        return uint(v & 0xffL, 1, v, 0xff, "uint8");
    }

    /**
     * Writes an unsigned 16-bit big-endian integer (RFC 8446 §3.3).
     *
     * @param v the value
     * @return this writer, for chaining
     */
    public TlsWriter u16(int v) {
        return uint(v & 0xffffL, 2, v, 0xffff, "uint16");
    }

    /**
     * Writes an unsigned 24-bit big-endian integer (RFC 8446 §3.3).
     *
     * @param v the value
     * @return this writer, for chaining
     */
    public TlsWriter u24(int v) {
        return uint(v & 0xffffffL, 3, v, 0xffffff, "uint24");
    }

    /**
     * uint48; {@code v} must be in [0, 2^48).
     *
     * @param v the value
     * @return this writer, for chaining
     */
    public TlsWriter u48(long v) {
        if (v < 0 || v >= (1L << 48)) {
            throw new MtcException("uint48 out of range: " + Long.toUnsignedString(v));
        }
        for (int i = 5; i >= 0; i--) {
            write((int) (v >>> (8 * i)));
        }
        return this;
    }

    /**
     * uint64; {@code v} is read as unsigned.
     *
     * @param v the value
     * @return this writer, for chaining
     */
    public TlsWriter u64(long v) {
        for (int i = 7; i >= 0; i--) {
            write((int) (v >>> (8 * i)));
        }
        return this;
    }

    private TlsWriter uint(long masked, int size, long v, long max, String name) {
        if (v < 0 || v > max) {
            throw new MtcException(name + " out of range: " + v);
        }
        for (int i = size - 1; i >= 0; i--) {
            write((int) (masked >>> (8 * i)));
        }
        return this;
    }

    /**
     * Raw bytes, no prefix (a fixed-length field such as {@code opaque HashValue[32]}).
     *
     * @param b the bytes
     * @return this writer, for chaining
     */
    public TlsWriter bytes(byte[] b) {
        if (b.length > buf.length - len) {
            grow(b.length);
        }
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    /**
     * {@code opaque field<min..max>} with a 1-byte length prefix.
     *
     * @param field the field's name, for error messages
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @param b the bytes
     * @return this writer, for chaining
     */
    public TlsWriter u8Bytes(String field, int min, int max, byte[] b) {
        return u8Vector(field, min, max, w -> w.bytes(b));
    }

    /**
     * {@code opaque field<min..max>} with a 2-byte length prefix.
     *
     * @param field the field's name, for error messages
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @param b the bytes
     * @return this writer, for chaining
     */
    public TlsWriter u16Bytes(String field, int min, int max, byte[] b) {
        return u16Vector(field, min, max, w -> w.bytes(b));
    }

    /**
     * A vector with a 1-byte length prefix whose body {@code body} writes.
     *
     * @param field the field's name, for error messages
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @param body the entry's body
     * @return a vector with a 1-byte length prefix whose body {@code body} writes
     */
    public TlsWriter u8Vector(String field, int min, int max, Consumer<TlsWriter> body) {
        return vector(1, field, min, Math.min(max, 0xff), body);
    }

    /**
     * A vector with a 2-byte length prefix whose body {@code body} writes.
     *
     * @param field the field's name, for error messages
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @param body the entry's body
     * @return a vector with a 2-byte length prefix whose body {@code body} writes
     */
    public TlsWriter u16Vector(String field, int min, int max, Consumer<TlsWriter> body) {
        return vector(2, field, min, Math.min(max, 0xffff), body);
    }

    /**
     * A vector with a 3-byte length prefix whose body {@code body} writes.
     *
     * @param field the field's name, for error messages
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @param body the entry's body
     * @return a vector with a 3-byte length prefix whose body {@code body} writes
     */
    public TlsWriter u24Vector(String field, int min, int max, Consumer<TlsWriter> body) {
        return vector(3, field, min, Math.min(max, 0xffffff), body);
    }

    private TlsWriter vector(int prefix, String field, int min, int max, Consumer<TlsWriter> body) {
        int at = len;
        for (int i = 0; i < prefix; i++) {
            write(0);
        }
        try {
            body.accept(this);
        } catch (RuntimeException e) {
            len = at; // nothing of the vector stays written
            throw e;
        }
        int n = len - at - prefix;
        if (n < min || n > max) {
            len = at;
            throw new MtcException(field + ": length " + n + " outside <" + min + ".." + max + ">");
        }
        for (int i = 0; i < prefix; i++) {
            buf[at + i] = (byte) (n >>> (8 * (prefix - 1 - i)));
        }
        return this;
    }

    /**
     * Bytes written so far.
     *
     * @return the {@code int}
     */
    public int size() {
        return len;
    }

    /**
     * A copy of the bytes written.
     *
     * @return a copy of the bytes written
     */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
