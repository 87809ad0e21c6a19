package io.mtc4j.spec.tai;

import io.mtc4j.spec.MtcParseException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A trust anchor ID (draft-ietf-tls-trust-anchor-ids): an OID under {@code 1.3.6.1.4.1}, held relative to that
 * arc. Three forms: ASCII ({@code 32473.1}), binary (RELATIVE-OID contents octets, {@code 81 fd 59 01}) and the
 * tlog name ({@code oid/1.3.6.1.4.1.32473.1}). Immutable.
 *
 * <p>Bounds: the binary form is 1..255 bytes (the TAI draft's {@code TrustAnchorID<1..2^8-1>}, MTC-NOTES E21);
 * components are minimal (no leading 0x80 in binary, no leading zeros in ASCII). Every component is at most
 * 2^64-1: an mtc4j choice, since the TAI draft bounds no component (larger ones are rejected as unsupported
 * input, and the vectors mark them {@code acceptable}). Ordering ({@link #compareTo}) is the draft's
 * cosigner order: shorter binary first, then bytewise.
 */
public final class TrustAnchorId implements Comparable<TrustAnchorId> {
    /** Maximum binary length ({@code TrustAnchorID<1..2^8-1>}, TAI draft). */
    public static final int MAX_BINARY_LENGTH = 255;
    /** Prefix of the tlog form (signed-note key names, checkpoint origins). */
    public static final String TLOG_PREFIX = "oid/1.3.6.1.4.1.";

    private static final BigInteger MAX_COMPONENT = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final byte[] binary;
    private final String ascii;

    private TrustAnchorId(byte[] binary, String ascii) {
        this.binary = binary;
        this.ascii = ascii;
    }

    /**
     * Parses the ASCII form, e.g. {@code "32473.1"}.
     *
     * @param ascii the ASCII form
     * @return the parsed value
     */
    public static TrustAnchorId parse(String ascii) {
        if (ascii.isEmpty()) {
            throw new MtcParseException("TrustAnchorID", "empty");
        }
        String[] parts = ascii.split("\\.", -1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new MtcParseException("TrustAnchorID", "empty component in '" + ascii + "'");
            }
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (c < '0' || c > '9') {
                    throw new MtcParseException("TrustAnchorID", "non-digit in component '" + part + "'");
                }
            }
            if (part.length() > 1 && part.charAt(0) == '0') {
                throw new MtcParseException("TrustAnchorID", "leading zero in component '" + part + "'");
            }
            if (part.length() > 20) {
                throw new MtcParseException("TrustAnchorID", "component '" + part + "' exceeds 2^64-1");
            }
            BigInteger v = new BigInteger(part);
            if (v.compareTo(MAX_COMPONENT) > 0) {
                throw new MtcParseException("TrustAnchorID", "component '" + part + "' exceeds 2^64-1");
            }
            writeBase128(out, v.longValue());
        }
        byte[] bin = out.toByteArray();
        if (bin.length > MAX_BINARY_LENGTH) {
            throw new MtcParseException("TrustAnchorID", "binary form is " + bin.length + " bytes, above 255");
        }
        return new TrustAnchorId(bin, ascii);
    }

    /**
     * Decodes the binary form (RELATIVE-OID contents octets).
     *
     * @param binary the binary encoding
     * @return the new {@code TrustAnchorId}
     */
    public static TrustAnchorId fromBinary(byte[] binary) {
        byte[] bin = binary.clone();
        if (bin.length == 0) {
            throw new MtcParseException("TrustAnchorID", "empty");
        }
        if (bin.length > MAX_BINARY_LENGTH) {
            throw new MtcParseException("TrustAnchorID", "binary form is " + bin.length + " bytes, above 255");
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < bin.length) {
            if ((bin[i] & 0xff) == 0x80) {
                throw new MtcParseException("TrustAnchorID", "component at byte " + i + " is not minimally encoded");
            }
            long v = 0;
            int start = i;
            while (true) {
                if (i >= bin.length) {
                    throw new MtcParseException("TrustAnchorID", "last component is truncated");
                }
                int b = bin[i++] & 0xff;
                if ((v >>> 57) != 0) {
                    throw new MtcParseException("TrustAnchorID", "component at byte " + start + " exceeds 2^64-1");
                }
                v = (v << 7) | (b & 0x7f);
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(Long.toUnsignedString(v));
        }
        return new TrustAnchorId(bin, sb.toString());
    }

    /**
     * Parses the tlog form {@code oid/1.3.6.1.4.1.<ascii>}.
     *
     * @param name the name
     * @return the new {@code TrustAnchorId}
     */
    public static TrustAnchorId fromTlogName(String name) {
        if (!name.startsWith(TLOG_PREFIX)) {
            throw new MtcParseException("TrustAnchorID", "tlog name does not start with '" + TLOG_PREFIX + "'");
        }
        return parse(name.substring(TLOG_PREFIX.length()));
    }

    private static void writeBase128(ByteArrayOutputStream out, long v) {
        int groups = 1;
        while (groups < 10 && (v >>> (7 * groups)) != 0) {
            groups++;
        }
        for (int g = groups - 1; g >= 0; g--) {
            int b = (int) ((v >>> (7 * g)) & 0x7f);
            out.write(g == 0 ? b : (b | 0x80));
        }
    }

    /**
     * A new ID with {@code arcs} (unsigned) appended.
     *
     * @param arcs the arcs
     * @return a new ID with {@code arcs} (unsigned) appended
     */
    public TrustAnchorId child(long... arcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(binary, 0, binary.length);
        for (long a : arcs) {
            writeBase128(out, a);
        }
        return fromBinary(out.toByteArray());
    }

    /**
     * Log ID {@code C.0.N} of issuance log {@code logNumber} (1..65535) under this CA ID.
     *
     * @param logNumber the log number (1..65535)
     * @return the {@code TrustAnchorId}
     */
    public TrustAnchorId logId(int logNumber) {
        requireLogNumber(logNumber);
        return child(0, logNumber);
    }

    /**
     * Landmark ID {@code C.1.N.L}.
     *
     * @param logNumber the log number (1..65535)
     * @param landmark the landmark number
     * @return the {@code TrustAnchorId}
     */
    public TrustAnchorId landmarkId(int logNumber, long landmark) {
        requireLogNumber(logNumber);
        return child(1, logNumber, landmark);
    }

    /**
     * Landmark-group ID {@code C.2.N.L}.
     *
     * @param logNumber the log number (1..65535)
     * @param landmark the landmark number
     * @return the {@code TrustAnchorId}
     */
    public TrustAnchorId landmarkGroupId(int logNumber, long landmark) {
        requireLogNumber(logNumber);
        return child(2, logNumber, landmark);
    }

    private static void requireLogNumber(int logNumber) {
        if (logNumber < 1 || logNumber > 0xffff) {
            throw new IllegalArgumentException("log number " + logNumber + " outside 1..65535");
        }
    }

    /**
     * The components, each an unsigned 64-bit value.
     *
     * @return the components, each an unsigned 64-bit value
     */
    public List<Long> components() {
        List<Long> out = new ArrayList<>();
        for (String p : ascii.split("\\.")) {
            out.add(Long.parseUnsignedLong(p));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * True when {@code this} is {@code other} or lies under it.
     *
     * @param other the other
     * @return {@code true} when {@code this} is {@code other} or lies under it
     */
    public boolean startsWith(TrustAnchorId other) {
        return ascii.equals(other.ascii) || ascii.startsWith(other.ascii + ".");
    }

    /**
     * The binary form (a copy).
     *
     * @return the binary form (a copy)
     */
    public byte[] binary() {
        return binary.clone();
    }

    /**
     * Length of the binary form.
     *
     * @return the {@code int}
     */
    public int binaryLength() {
        return binary.length;
    }

    /**
     * The ASCII form.
     *
     * @return the ASCII form
     */
    public String ascii() {
        return ascii;
    }

    /**
     * The tlog form {@code oid/1.3.6.1.4.1.<ascii>}.
     *
     * @return the tlog form {@code oid/1.3.6.1.4.1.<ascii>}
     */
    public String tlogName() {
        return TLOG_PREFIX + ascii;
    }

    /**
     * The tlog form as bytes (for {@code cosigner_name} / {@code log_origin}).
     *
     * @return the tlog form as bytes (for {@code cosigner_name} / {@code log_origin})
     */
    public byte[] tlogNameBytes() {
        return tlogName().getBytes(StandardCharsets.US_ASCII);
    }

    /** Draft order of cosigner IDs: shorter binary first, then bytewise (unsigned). */
    @Override
    public int compareTo(TrustAnchorId o) {
        if (binary.length != o.binary.length) {
            return Integer.compare(binary.length, o.binary.length);
        }
        return Arrays.compareUnsigned(binary, o.binary);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrustAnchorId t && Arrays.equals(binary, t.binary);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(binary);
    }

    @Override
    public String toString() {
        return ascii;
    }
}
