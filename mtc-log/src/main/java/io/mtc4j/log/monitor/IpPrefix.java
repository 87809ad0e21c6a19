package io.mtc4j.log.monitor;

import io.mtc4j.spec.names.IpAddresses;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 address or CIDR prefix a watch rule covers ({@code 1.1.1.1}, {@code 2606:4700:4700::/48}).
 * Parsed strictly ({@link #parse}); an IPv4-mapped IPv6 prefix ({@code ::ffff:1.1.1.1}, {@code ::ffff:0:0/96}
 * and longer) is kept as the IPv4 prefix it maps, so that it and its IPv4 form match the same addresses.
 *
 * @param address the network address, 4 or 16 bytes, with every bit after {@code length} zero
 * @param length  the prefix length: 0..32 for IPv4, 0..128 for IPv6
 */
public record IpPrefix(byte[] address, int length) {
    /**
     * Checks the lengths and copies {@code address}.
     *
     * @param address the network address, 4 or 16 bytes, host bits zero
     * @param length  the prefix length
     */
    public IpPrefix {
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + address.length);
        }
        if (length < 0 || length > address.length * 8) {
            throw new IllegalArgumentException("prefix length " + length + " outside 0.." + address.length * 8);
        }
        address = address.clone();
        if (!Arrays.equals(address, mask(address, length))) {
            throw new IllegalArgumentException("address " + IpText.format(address) + " has bits set after /" + length);
        }
    }

    /**
     * Parses {@code ADDRESS} or {@code ADDRESS/LENGTH} (a decimal length without leading zeros). The address must
     * be the network address: {@code 1.1.1.1/24} is refused (write {@code 1.1.1.0/24}).
     *
     * @param text the prefix, e.g. {@code 2606:4700:4700::/48}
     * @return the prefix, IPv4-mapped IPv6 prefixes as their IPv4 prefix
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static IpPrefix parse(String text) {
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        byte[] a = IpAddresses.parse(addr).orElseThrow(() -> new IllegalArgumentException("'" + addr
                + "' is not an IPv4 dotted quad or an IPv6 address (RFC 4291 §2.2; no leading zeros or zones)"));
        int len = a.length * 8;
        if (slash >= 0) {
            String l = text.substring(slash + 1);
            if (l.isEmpty() || l.length() > 3 || !l.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (l.length() > 1 && l.charAt(0) == '0')) {
                throw new IllegalArgumentException("prefix length '" + l + "' is not a decimal number");
            }
            len = Integer.parseInt(l);
            if (len > a.length * 8) {
                throw new IllegalArgumentException("prefix length /" + len + " exceeds " + a.length * 8 + " bits");
            }
        }
        if (!Arrays.equals(a, mask(a, len))) {
            throw new IllegalArgumentException("'" + text + "' has host bits set: write its network address "
                    + IpText.format(mask(a, len)) + "/" + len);
        }
        if (a.length == 16 && len >= 96 && IpText.isV4Mapped(a)) {
            return new IpPrefix(IpText.canonical(a), len - 96);
        }
        return new IpPrefix(a, len);
    }

    @Override
    public byte[] address() {
        return address.clone();
    }

    /** Whether {@code a} (4 or 16 bytes; IPv4-mapped IPv6 compared as IPv4) lies in this prefix. */
    public boolean contains(byte[] a) {
        byte[] c = IpText.canonical(a);
        return c.length == address.length && Arrays.equals(mask(c, length), address);
    }

    static byte[] mask(byte[] a, int len) {
        byte[] m = a.clone();
        for (int bit = len; bit < m.length * 8; bit++) {
            m[bit >>> 3] &= (byte) ~(0x80 >>> (bit & 7));
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpPrefix p && p.length == length && Arrays.equals(p.address, address);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 31 + length;
    }

    /** {@code ADDRESS/LENGTH}. */
    @Override
    public String toString() {
        return IpText.format(address) + "/" + length;
    }
}
