package io.mtc4j.spec.der;

import io.mtc4j.spec.MtcParseException;
import java.util.Optional;

/**
 * Strict DER reader (X.690 §10). Neither the JDK's nor BouncyCastle's certificate parser rejects BER, so every
 * mtc4j certificate parser reads through this class. It accepts only: low-tag-number identifiers, definite
 * lengths in the minimal form (short form below 128, no leading zero length octets), universal SEQUENCE/SET
 * constructed and every other universal type primitive (no BER constructed strings), and lengths that fit the
 * enclosing element. {@link #finish()} rejects trailing data. Each read names the field it reads.
 */
public final class DerReader {
    private final byte[] buf;
    private final int end;
    private final String context;
    private int pos;

    DerReader(byte[] buf, int start, int end, String context) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
        this.context = context;
    }

    /**
     * A reader over a private copy of {@code der}; {@code context} names the structure in errors.
     *
     * @param der the DER encoding
     * @param context the context
     * @return a reader over a private copy of {@code der}; {@code context} names the structure in errors
     */
    public static DerReader of(byte[] der, String context) {
        byte[] copy = der.clone();
        return new DerReader(copy, 0, copy.length, context);
    }

    /**
     * Reads exactly one element from {@code der} and rejects anything after it.
     *
     * @param der the DER encoding
     * @param field the field's name, for error messages
     * @return the {@code DerElement}
     */
    public static DerElement single(byte[] der, String field) {
        DerReader r = of(der, field);
        DerElement e = r.read(field);
        r.finish();
        return e;
    }

    /**
     * True when no bytes are left.
     *
     * @return {@code true} when no bytes are left
     */
    public boolean isEmpty() {
        return pos == end;
    }

    /**
     * The identifier octet of the next element, if any.
     *
     * @return the identifier octet of the next element, if any
     */
    public Optional<Integer> peekTag() {
        return pos < end ? Optional.of(buf[pos] & 0xff) : Optional.empty();
    }

    /**
     * True when the next element has identifier {@code tag}.
     *
     * @param tag the DER tag
     * @return {@code true} when the next element has identifier {@code tag}
     */
    public boolean nextIs(int tag) {
        return pos < end && (buf[pos] & 0xff) == tag;
    }

    /**
     * Reads the next element, whatever its tag.
     *
     * @param field the field's name, for error messages
     * @return the {@code DerElement}
     */
    public DerElement read(String field) {
        if (pos >= end) {
            throw new MtcParseException(field, "missing: end of " + context + " reached");
        }
        int start = pos;
        int tag = buf[pos++] & 0xff;
        if ((tag & 0x1f) == 0x1f) {
            throw new MtcParseException(field, "high-tag-number identifier is not used in these structures");
        }
        if ((tag & 0xc0) == 0) {
            int number = tag & 0x1f;
            boolean constructed = (tag & 0x20) != 0;
            if (number == 0) {
                throw new MtcParseException(field, "tag 0 (end-of-contents) is BER only");
            }
            if ((number == 0x10 || number == 0x11) && !constructed) {
                throw new MtcParseException(field, "SEQUENCE/SET must use the constructed form");
            }
            if (constructed && number != 0x10 && number != 0x11) {
                throw new MtcParseException(field,
                        "constructed encoding of universal type " + number + " is BER, not DER");
            }
        }
        if (pos >= end) {
            throw new MtcParseException(field, "truncated: no length octet");
        }
        int first = buf[pos++] & 0xff;
        long len;
        if (first < 0x80) {
            len = first;
        } else if (first == 0x80) {
            throw new MtcParseException(field, "indefinite length is BER, not DER");
        } else {
            int n = first & 0x7f;
            if (n > 4) {
                throw new MtcParseException(field, "length uses " + n + " octets; too long");
            }
            if (end - pos < n) {
                throw new MtcParseException(field, "truncated length octets");
            }
            if (buf[pos] == 0) {
                throw new MtcParseException(field, "length has a leading zero octet (not minimal)");
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (buf[pos++] & 0xff);
            }
            if (len < 0x80) {
                throw new MtcParseException(field, "long-form length " + len + " below 128 (not minimal)");
            }
        }
        if (len > end - pos) {
            throw new MtcParseException(field, "length " + len + " exceeds the " + (end - pos) + " bytes left in "
                    + context);
        }
        int contentStart = pos;
        pos += (int) len;
        return new DerElement(buf, start, contentStart, pos, tag, field);
    }

    /**
     * Reads the next element and requires identifier {@code tag}.
     *
     * @param field the field's name, for error messages
     * @param tag the DER tag
     * @return the {@code DerElement}
     */
    public DerElement read(String field, int tag) {
        if (pos < end && (buf[pos] & 0xff) != tag) {
            throw new MtcParseException(field, "expected tag 0x" + Integer.toHexString(tag) + ", found 0x"
                    + Integer.toHexString(buf[pos] & 0xff));
        }
        return read(field);
    }

    /**
     * Reads the next element if it has identifier {@code tag}.
     *
     * @param field the field's name, for error messages
     * @param tag the DER tag
     * @return the {@code Optional<DerElement>}
     */
    public Optional<DerElement> readOptional(String field, int tag) {
        return nextIs(tag) ? Optional.of(read(field)) : Optional.empty();
    }

    /** Requires that every byte was read. */
    public void finish() {
        if (pos != end) {
            throw new MtcParseException(context, (end - pos) + " bytes of trailing data");
        }
    }
}
