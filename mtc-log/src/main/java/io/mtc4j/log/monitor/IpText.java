package io.mtc4j.log.monitor;

import io.mtc4j.spec.names.IpAddresses;

/**
 * Strict parsing of a textual IP address held in an entry's bytes (a subject commonName, a dNSName) into its 4- or
 * 16-byte form, without allocating a String (the monitor's hot path; mtc-spec's {@link IpAddresses} parses
 * configured text and agrees with this parser, a property test checks) and without resolving anything: a
 * certificate's text is
 * untrusted, so it never reaches {@code InetAddress.getByName} (which may query DNS and accepts legacy forms such
 * as {@code 010.1}, {@code 0x7f.1} or {@code 1.2.3}).
 *
 * <p>Accepted: IPv4 dotted-quad (exactly four decimal parts 0..255, no leading zeros); IPv6 as RFC 4291 §2.2
 * writes it (one to four hex digits per group, at most one {@code ::}, an optional dotted quad in the last 32
 * bits). Refused: brackets, zone identifiers, prefixes, signs, spaces. A dotted-quad with a leading zero is
 * refused rather than guessed (octal or decimal): it is not an address this monitor can compare.
 */
final class IpText {
    private IpText() {}

    /** The address in {@code b[from, to)}, or null if that text is not an IPv4 or IPv6 literal. */
    static byte[] parse(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == ':') {
                return parseV6(b, from, to);
            }
        }
        byte[] out = new byte[4];
        return parseV4(b, from, to, out, 0) ? out : null;
    }

    /**
     * Whether {@code b[from, to)} could be an address at all: only hex digits, dots and colons, and either digits and
     * dots or a colon. Stops at the first other byte (the first byte of most names).
     */
    static boolean mayBeAddress(byte[] b, int from, int to) {
        if (to - from < 2 || to - from > 45) {
            return false;
        }
        boolean digitsAndDots = true;
        boolean colon = false;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == ':') {
                colon = true;
            } else if (c != '.' && (c < '0' || c > '9')) {
                if ((c | 0x20) < 'a' || (c | 0x20) > 'f') {
                    return false;
                }
                digitsAndDots = false;
            }
        }
        return colon || digitsAndDots;
    }

    private static boolean parseV4(byte[] b, int from, int to, byte[] out, int at) {
        int part = 0;
        int i = from;
        while (true) {
            if (part == 4) {
                return false;
            }
            int start = i;
            int value = 0;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                value = value * 10 + (b[i] - '0');
                if (value > 255) {
                    return false;
                }
                i++;
            }
            int len = i - start;
            if (len == 0 || (len > 1 && b[start] == '0')) {
                return false;
            }
            out[at + part++] = (byte) value;
            if (i == to) {
                break;
            }
            if (b[i] != '.' || i + 1 == to) {
                return false;
            }
            i++;
        }
        return part == 4;
    }

    private static byte[] parseV6(byte[] b, int from, int to) {
        byte[] out = new byte[16];
        int[] groups = new int[8];
        int n = 0;
        int gap = -1; // index in groups where '::' stands
        int i = from;
        if (to - from >= 2 && b[from] == ':' && b[from + 1] == ':') {
            gap = 0;
            i = from + 2;
            if (i == to) {
                return out; // "::"
            }
        } else if (b[from] == ':') {
            return null;
        }
        boolean v4Tail = false;
        while (i < to) {
            int start = i;
            int value = 0;
            while (i < to && hex(b[i]) >= 0 && i - start < 5) {
                value = (value << 4) | hex(b[i]);
                i++;
            }
            if (i < to && b[i] == '.') {
                // an embedded dotted quad: the last 32 bits
                if (n > 6) {
                    return null;
                }
                byte[] v4 = new byte[4];
                if (!parseV4(b, start, to, v4, 0)) {
                    return null;
                }
                groups[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                groups[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                v4Tail = true;
                break;
            }
            int len = i - start;
            if (len == 0 || len > 4 || n == 8) {
                return null;
            }
            groups[n++] = value;
            if (i == to) {
                break;
            }
            if (b[i] != ':') {
                return null;
            }
            i++;
            if (i < to && b[i] == ':') {
                if (gap >= 0) {
                    return null; // a second '::'
                }
                gap = n;
                i++;
            } else if (i == to) {
                return null; // a trailing single ':'
            }
        }
        if (v4Tail && n > 8) {
            return null;
        }
        if (gap < 0) {
            if (n != 8) {
                return null;
            }
        } else if (n > 7) {
            return null; // '::' must stand for at least one group
        }
        int k = 0;
        for (int g = 0; g < n; g++) {
            int slot = gap >= 0 && g >= gap ? 8 - (n - g) : g;
            out[2 * slot] = (byte) (groups[g] >>> 8);
            out[2 * slot + 1] = (byte) groups[g];
            k++;
        }
        return k == n ? out : null;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** The comparison form (IPv4-mapped IPv6 as its IPv4 address): mtc-spec's {@link IpAddresses#canonical}. */
    static byte[] canonical(byte[] a) {
        return IpAddresses.canonical(a);
    }

    /** Whether {@code a} is an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}, RFC 4291 §2.5.5.2). */
    static boolean isV4Mapped(byte[] a) {
        return a.length == 16 && IpAddresses.canonical(a).length == 4;
    }

    /** mtc-spec's {@link IpAddresses#format}, IPv4-mapped addresses as {@code ::ffff:a.b.c.d}. */
    static String format(byte[] a) {
        return isV4Mapped(a) ? "::ffff:" + IpAddresses.format(canonical(a)) : IpAddresses.format(a);
    }
}
