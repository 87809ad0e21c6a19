package io.mtc4j.spec.names;

import io.mtc4j.spec.MtcParseException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Strict parsing of textual IP addresses into their 4- or 16-byte network form, done here by hand so that a
 * host name is never handed to {@code InetAddress.getByName} (which may perform a DNS lookup and accepts
 * legacy forms such as {@code 010.1}, {@code 0x7f.1} or {@code 1.2.3}).
 *
 * <p>Accepted: IPv4 dotted-quad (exactly four decimal parts 0..255, no leading zeros, no sign, no spaces);
 * IPv6 per RFC 4291 §2.2 (one to four hex digits per group, at most one {@code ::}, an optional embedded
 * dotted-quad in the last 32 bits), optionally in brackets ({@code [::1]}). Zone identifiers ({@code %eth0})
 * are refused: a certificate cannot name a zone.
 */
public final class IpAddresses {
    private IpAddresses() {}

    /**
     * The address as 4 or 16 bytes, or empty when {@code text} is not an IP literal (e.g. a DNS name).
     *
     * @param text the text
     * @return the address as 4 or 16 bytes, or empty when {@code text} is not an IP literal (e.g
     */
    public static Optional<byte[]> parse(String text) {
        try {
            return Optional.of(parseOrThrow(text));
        } catch (MtcParseException e) {
            return Optional.empty();
        }
    }

    /**
     * As {@link #parse} but says why {@code text} is not an IP literal.
     *
     * @param text the text
     * @return the address's 4 or 16 bytes
     */
    public static byte[] parseOrThrow(String text) {
        String s = text;
        if (s.startsWith("[") && s.endsWith("]") && s.length() >= 2) {
            s = s.substring(1, s.length() - 1);
            if (s.indexOf(':') < 0) {
                throw new MtcParseException("ip-address", "brackets are only for IPv6 literals");
            }
        }
        if (s.indexOf(':') >= 0) {
            return parseIpv6(s);
        }
        return parseIpv4(s, "ip-address");
    }

    /** Parses a dotted-quad IPv4 address strictly. */
    private static byte[] parseIpv4(String s, String field) {
        byte[] out = new byte[4];
        int part = 0;
        int i = 0;
        int n = s.length();
        while (true) {
            if (part == 4) {
                throw new MtcParseException(field, "more than four parts in '" + s + "'");
            }
            int start = i;
            int value = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                if (value > 255) {
                    throw new MtcParseException(field, "part above 255 in '" + s + "'");
                }
                i++;
            }
            int len = i - start;
            if (len == 0) {
                throw new MtcParseException(field, "empty or non-decimal part in '" + s + "'");
            }
            if (len > 1 && s.charAt(start) == '0') {
                throw new MtcParseException(field, "leading zero in '" + s + "' (ambiguous octal form)");
            }
            out[part++] = (byte) value;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != '.') {
                throw new MtcParseException(field, "unexpected character '" + s.charAt(i) + "' in '" + s + "'");
            }
            i++;
            if (i == n) {
                throw new MtcParseException(field, "trailing dot in '" + s + "'");
            }
        }
        if (part != 4) {
            throw new MtcParseException(field, "fewer than four parts in '" + s + "'");
        }
        return out;
    }

    private static byte[] parseIpv6(String s) {
        if (s.indexOf('%') >= 0) {
            throw new MtcParseException("ip-address", "zone identifiers are not allowed in '" + s + "'");
        }
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            throw new MtcParseException("ip-address", "more than one '::' in '" + s + "'");
        }
        String head = dbl >= 0 ? s.substring(0, dbl) : s;
        String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
        byte[] headBytes = groups(head, s, dbl < 0);
        byte[] tailBytes = dbl >= 0 ? groups(tail, s, true) : new byte[0];
        int total = headBytes.length + tailBytes.length;
        if (dbl < 0) {
            if (total != 16) {
                throw new MtcParseException("ip-address", "IPv6 address '" + s + "' does not have 8 groups");
            }
            return headBytes;
        }
        if (total > 14) {
            throw new MtcParseException("ip-address", "'::' stands for no group in '" + s + "'");
        }
        byte[] out = new byte[16];
        System.arraycopy(headBytes, 0, out, 0, headBytes.length);
        System.arraycopy(tailBytes, 0, out, 16 - tailBytes.length, tailBytes.length);
        return out;
    }

    /** Parses colon-separated hex groups; the last may be a dotted quad when {@code ipv4Allowed}. */
    private static byte[] groups(String part, String whole, boolean ipv4Allowed) {
        if (part.isEmpty()) {
            return new byte[0];
        }
        String[] gs = part.split(":", -1);
        byte[] out = new byte[gs.length * 2 + 2];
        int len = 0;
        for (int g = 0; g < gs.length; g++) {
            String x = gs[g];
            if (g == gs.length - 1 && ipv4Allowed && x.indexOf('.') >= 0) {
                byte[] v4 = parseIpv4(x, "ip-address");
                System.arraycopy(v4, 0, out, len, 4);
                len += 4;
                continue;
            }
            if (x.isEmpty() || x.length() > 4) {
                throw new MtcParseException("ip-address", "group '" + x + "' is not 1..4 hex digits in '" + whole + "'");
            }
            int v = 0;
            for (int i = 0; i < x.length(); i++) {
                int d = Character.digit(x.charAt(i), 16);
                if (d < 0 || x.charAt(i) > 'f') {
                    throw new MtcParseException("ip-address", "non-hex digit in group '" + x + "' of '" + whole + "'");
                }
                v = (v << 4) | d;
            }
            out[len++] = (byte) (v >>> 8);
            out[len++] = (byte) v;
        }
        if (len > 16) {
            throw new MtcParseException("ip-address", "too many groups in '" + whole + "'");
        }
        return Arrays.copyOf(out, len);
    }

    /**
     * The canonical comparison form: IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}) become their 4-byte
     * IPv4 address; everything else is returned as is (copied).
     *
     * @param address the IP address
     * @return the canonical comparison form: IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}) become their 4-byte IPv4 address; everything else is returned as is (copied)
     */
    public static byte[] canonical(byte[] address) {
        if (address.length == 16) {
            for (int i = 0; i < 10; i++) {
                if (address[i] != 0) {
                    return address.clone();
                }
            }
            if (address[10] == (byte) 0xff && address[11] == (byte) 0xff) {
                return Arrays.copyOfRange(address, 12, 16);
            }
        }
        return address.clone();
    }

    /**
     * Textual form for messages: dotted quad, or RFC 5952 style IPv6 (lower case, longest zero run as ::).
     *
     * @param address the IP address
     * @return the {@code String}
     */
    public static String format(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "."
                    + (address[3] & 0xff);
        }
        if (address.length != 16) {
            return "<" + address.length + "-byte address>";
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
