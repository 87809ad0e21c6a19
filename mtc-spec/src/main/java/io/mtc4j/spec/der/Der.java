package io.mtc4j.spec.der;

import io.mtc4j.spec.MtcParseException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * DER constants, the per-type DER rules (X.690 §10/§11) and a minimal DER writer. {@link #validate} walks a
 * whole element tree and applies every rule that does not need the ASN.1 schema.
 */
public final class Der {
    /** DER identifier octet of the universal type BOOLEAN (X.680, X.690). */
    public static final int BOOLEAN = 0x01;
    /** DER identifier octet of the universal type INTEGER (X.680, X.690). */
    public static final int INTEGER = 0x02;
    /** DER identifier octet of the universal type BIT_STRING (X.680, X.690). */
    public static final int BIT_STRING = 0x03;
    /** DER identifier octet of the universal type OCTET_STRING (X.680, X.690). */
    public static final int OCTET_STRING = 0x04;
    /** DER identifier octet of the universal type NULL (X.680, X.690). */
    public static final int NULL = 0x05;
    /** DER identifier octet of the universal type OBJECT_IDENTIFIER (X.680, X.690). */
    public static final int OBJECT_IDENTIFIER = 0x06;
    /** DER identifier octet of the universal type UTF8_STRING (X.680, X.690). */
    public static final int UTF8_STRING = 0x0c;
    /** DER identifier octet of the universal type RELATIVE_OID (X.680, X.690). */
    public static final int RELATIVE_OID = 0x0d;
    /** DER identifier octet of the universal type PRINTABLE_STRING (X.680, X.690). */
    public static final int PRINTABLE_STRING = 0x13;
    /** DER identifier octet of the universal type IA5_STRING (X.680, X.690). */
    public static final int IA5_STRING = 0x16;
    /** DER identifier octet of the universal type UTC_TIME (X.680, X.690). */
    public static final int UTC_TIME = 0x17;
    /** DER identifier octet of the universal type GENERALIZED_TIME (X.680, X.690). */
    public static final int GENERALIZED_TIME = 0x18;
    /** DER identifier octet of the universal type SEQUENCE (X.680, X.690). */
    public static final int SEQUENCE = 0x30;
    /** DER identifier octet of the universal type SET (X.680, X.690). */
    public static final int SET = 0x31;

    /**
     * {@code [n]} context-specific constructed (EXPLICIT) tag.
     *
     * @param n the JSON node
     * @return the {@code int}
     */
    public static int explicit(int n) {
        return 0xa0 | n;
    }

    /**
     * {@code [n]} context-specific primitive (IMPLICIT of a primitive type) tag.
     *
     * @param n the JSON node
     * @return the {@code int}
     */
    public static int implicitPrimitive(int n) {
        return 0x80 | n;
    }

    private Der() {}

    // ---- type rules ----

    static void checkInteger(byte[] b, int from, int to, String field) {
        if (to - from == 0) {
            throw new MtcParseException(field, "INTEGER has no contents octets");
        }
        if (to - from > 1) {
            if (b[from] == 0 && (b[from + 1] & 0x80) == 0) {
                throw new MtcParseException(field, "INTEGER has a redundant leading 0x00 (not minimal)");
            }
            if (b[from] == (byte) 0xff && (b[from + 1] & 0x80) != 0) {
                throw new MtcParseException(field, "INTEGER has a redundant leading 0xff (not minimal)");
            }
        }
    }

    static void checkBoolean(byte[] b, int from, int to, String field) {
        if (to - from != 1) {
            throw new MtcParseException(field, "BOOLEAN must have exactly one contents octet");
        }
        if (b[from] != 0 && b[from] != (byte) 0xff) {
            throw new MtcParseException(field, "BOOLEAN TRUE must be 0xff in DER");
        }
    }

    static void checkBitString(byte[] b, int from, int to, String field) {
        if (to - from == 0) {
            throw new MtcParseException(field, "BIT STRING has no unused-bits octet");
        }
        int unused = b[from] & 0xff;
        if (unused > 7) {
            throw new MtcParseException(field, "BIT STRING unused-bits octet " + unused + " above 7");
        }
        if (to - from == 1 && unused != 0) {
            throw new MtcParseException(field, "empty BIT STRING must declare 0 unused bits");
        }
        if (unused != 0 && (b[to - 1] & ((1 << unused) - 1)) != 0) {
            throw new MtcParseException(field, "BIT STRING unused bits are not zero (DER)");
        }
    }

    /**
     * OBJECT IDENTIFIER contents in dotted form (X.690 §8.19): the first sub-identifier splits into two arcs
     * (X*40+Y, X at most 2). Rejects what {@link #checkArcs} rejects.
     */
    static String decodeOid(byte[] b, int from, int to, String field) {
        return decodeArcs(b, from, to, field, "OBJECT IDENTIFIER", true);
    }

    /** Decodes base-128 sub-identifiers (OID / RELATIVE-OID contents), checking minimality. */
    static String decodeArcs(byte[] b, int from, int to, String field, String type) {
        return decodeArcs(b, from, to, field, type, false);
    }

    private static String decodeArcs(byte[] b, int from, int to, String field, String type, boolean splitFirst) {
        checkArcs(b, from, to, field, type);
        StringBuilder sb = new StringBuilder(3 * (to - from) + 2);
        int i = from;
        while (i < to) {
            int last = i;
            while ((b[last] & 0x80) != 0) {
                last++;
            }
            boolean first = i == from;
            if (!first) {
                sb.append('.');
            }
            // checkArcs rejected a leading 0x80, so the first 7-bit group is non-zero: up to 9 groups (63 bits)
            // fit in a long; only longer sub-identifiers need a BigInteger.
            if (last - i < 9) {
                long v = 0;
                for (int k = i; k <= last; k++) {
                    v = (v << 7) | (b[k] & 0x7f);
                }
                if (first && splitFirst) {
                    if (v < 80) {
                        sb.append(v / 40).append('.').append(v % 40);
                    } else {
                        sb.append("2.").append(v - 80);
                    }
                } else {
                    sb.append(v);
                }
            } else {
                BigInteger v = BigInteger.ZERO;
                for (int k = i; k <= last; k++) {
                    v = v.shiftLeft(7).or(BigInteger.valueOf(b[k] & 0x7f));
                }
                // at least 2^63 here, so a first sub-identifier is always in the 2.* arc
                sb.append(first && splitFirst ? "2." + v.subtract(BigInteger.valueOf(80)) : v.toString());
            }
            i = last + 1;
        }
        return sb.toString();
    }

    /**
     * The DER rules for OBJECT IDENTIFIER / RELATIVE-OID contents (X.690 §8.19, §8.20), without decoding: at
     * least one contents octet, no sub-identifier starting with 0x80 (not minimal), the last octet ends a
     * sub-identifier.
     */
    static void checkArcs(byte[] b, int from, int to, String field, String type) {
        if (to - from == 0) {
            throw new MtcParseException(field, type + " has no contents octets");
        }
        boolean atStart = true;
        for (int i = from; i < to; i++) {
            int x = b[i] & 0xff;
            if (atStart && x == 0x80) {
                throw new MtcParseException(field, type + " sub-identifier has a leading 0x80 (not minimal)");
            }
            atStart = x < 0x80;
        }
        if (!atStart) {
            throw new MtcParseException(field, type + " last sub-identifier is truncated");
        }
    }

    private static void checkTime(DerElement e, boolean utc) {
        byte[] b = e.buffer();
        int at = e.contentStart();
        int digits = utc ? 12 : 14;
        if (e.contentLength() != digits + 1 || b[at + digits] != 'Z') {
            throw new MtcParseException(e.field(), (utc ? "UTCTime" : "GeneralizedTime")
                    + " must be " + digits + " digits then 'Z' in DER (RFC 5280 §4.1.2.5)");
        }
        for (int i = 0; i < digits; i++) {
            if (b[at + i] < '0' || b[at + i] > '9') {
                throw new MtcParseException(e.field(), "time has a non-digit");
            }
        }
        int off = at + (utc ? 2 : 4);
        int month = twoDigits(b, off);
        int day = twoDigits(b, off + 2);
        int hour = twoDigits(b, off + 4);
        int min = twoDigits(b, off + 6);
        int sec = twoDigits(b, off + 8);
        if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 59) {
            throw new MtcParseException(e.field(), "time field out of range");
        }
    }

    /** The two ASCII digits at {@code at} (checked to be digits) as a number. */
    private static int twoDigits(byte[] b, int at) {
        return (b[at] - '0') * 10 + b[at + 1] - '0';
    }

    /**
     * Applies every schema-free DER rule to {@code e} and, recursively, to everything inside it: minimal
     * INTEGERs, BOOLEAN 0x00/0xff, BIT STRING unused bits, NULL empty, minimal OIDs, UTCTime/GeneralizedTime in
     * the DER form, SET OF elements in ascending order (X.690 §11.6), no trailing data in any constructed element.
     *
     * @param e the element
     */
    public static void validate(DerElement e) {
        int tag = e.tag();
        byte[] b = e.buffer();
        switch (tag) {
            case INTEGER -> checkInteger(b, e.contentStart(), e.end(), e.field());
            case BOOLEAN -> checkBoolean(b, e.contentStart(), e.end(), e.field());
            case BIT_STRING -> checkBitString(b, e.contentStart(), e.end(), e.field());
            case NULL -> {
                if (e.contentLength() != 0) {
                    throw new MtcParseException(e.field(), "NULL must be empty");
                }
            }
            case OBJECT_IDENTIFIER -> checkArcs(b, e.contentStart(), e.end(), e.field(), "OBJECT IDENTIFIER");
            case RELATIVE_OID -> checkArcs(b, e.contentStart(), e.end(), e.field(), "RELATIVE-OID");
            case UTC_TIME -> checkTime(e, true);
            case GENERALIZED_TIME -> checkTime(e, false);
            default -> { }
        }
        if (e.isConstructed()) {
            DerReader r = e.reader();
            DerElement prev = null;
            while (!r.isEmpty()) {
                DerElement child = r.read(e.field());
                validate(child);
                if (tag == SET && prev != null && compareSetOf(prev, child) > 0) {
                    throw new MtcParseException(e.field(), "SET OF elements are not in ascending DER order");
                }
                prev = child;
            }
        }
    }

    /** X.690 §11.6 order: encodings compared as octet strings, the shorter padded with trailing zeros. */
    private static int compareSetOf(DerElement a, DerElement c) {
        int n = Math.max(a.encodedLength(), c.encodedLength());
        for (int i = 0; i < n; i++) {
            int x = i < a.encodedLength() ? a.buffer()[a.start() + i] & 0xff : 0;
            int y = i < c.encodedLength() ? c.buffer()[c.start() + i] & 0xff : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    // ---- writer ----

    /**
     * A TLV with the minimal DER length.
     *
     * @param tag the DER tag
     * @param contents the contents octets
     * @return a TLV with the minimal DER length
     */
    public static byte[] tlv(int tag, byte[]... contents) {
        int len = 0;
        for (byte[] c : contents) {
            len += c.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 6);
        out.write(tag);
        writeLength(out, len);
        for (byte[] c : contents) {
            out.writeBytes(c);
        }
        return out.toByteArray();
    }

    /**
     * The identifier and length octets of a TLV whose contents are {@code len} bytes long.
     *
     * @param tag the DER tag
     * @param len the length
     * @return the identifier and length octets of a TLV whose contents are {@code len} bytes long
     */
    public static byte[] header(int tag, int len) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(6);
        out.write(tag);
        writeLength(out, len);
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int len) {
        if (len < 0x80) {
            out.write(len);
            return;
        }
        int n = len > 0xffffff ? 4 : len > 0xffff ? 3 : len > 0xff ? 2 : 1;
        out.write(0x80 | n);
        for (int i = n - 1; i >= 0; i--) {
            out.write(len >>> (8 * i));
        }
    }

    /**
     * {@code SEQUENCE { parts... }}.
     *
     * @param parts the encoded elements, in order
     * @return the DER SEQUENCE of the parts
     */
    public static byte[] sequence(byte[]... parts) {
        return tlv(SEQUENCE, parts);
    }

    /**
     * A minimal INTEGER.
     *
     * @param v the value
     * @return a minimal INTEGER
     */
    public static byte[] integer(BigInteger v) {
        return tlv(INTEGER, v.toByteArray());
    }

    /**
     * A non-negative INTEGER from an unsigned 64-bit value.
     *
     * @param v the value
     * @return a non-negative INTEGER from an unsigned 64-bit value
     */
    public static byte[] unsignedInteger(long v) {
        return integer(new BigInteger(Long.toUnsignedString(v)));
    }

    /**
     * An OBJECT IDENTIFIER from its dotted form.
     *
     * @param dotted the dotted-decimal form
     * @return an OBJECT IDENTIFIER from its dotted form
     */
    public static byte[] oid(String dotted) {
        String[] p = dotted.split("\\.");
        if (p.length < 2) {
            throw new IllegalArgumentException("OID needs two arcs: " + dotted);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BigInteger first = new BigInteger(p[0]).multiply(BigInteger.valueOf(40)).add(new BigInteger(p[1]));
        base128(out, first);
        for (int i = 2; i < p.length; i++) {
            base128(out, new BigInteger(p[i]));
        }
        return tlv(OBJECT_IDENTIFIER, out.toByteArray());
    }

    private static void base128(ByteArrayOutputStream out, BigInteger v) {
        int groups = Math.max(1, (v.bitLength() + 6) / 7);
        for (int g = groups - 1; g >= 0; g--) {
            int b = v.shiftRight(7 * g).intValue() & 0x7f;
            out.write(g == 0 ? b : (b | 0x80));
        }
    }

    /**
     * {@code SEQUENCE { OID }}: an AlgorithmIdentifier with absent parameters.
     *
     * @param oid the object identifier
     * @return the {@code byte[]}
     */
    public static byte[] algorithmIdentifier(String oid) {
        return sequence(oid(oid));
    }

    /**
     * A BIT STRING of whole octets (0 unused bits).
     *
     * @param octets the octets
     * @return a BIT STRING of whole octets (0 unused bits)
     */
    public static byte[] bitString(byte[] octets) {
        byte[] c = new byte[octets.length + 1];
        System.arraycopy(octets, 0, c, 1, octets.length);
        return tlv(BIT_STRING, c);
    }

    /**
     * Concatenation helper.
     *
     * @param parts the parts
     * @return the {@code byte[]}
     */
    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    /** True when {@code a} and {@code b} hold the same bytes. */
    static boolean same(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
