package io.mtc4j.rp.host;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.names.DnsNames;
import io.mtc4j.spec.names.IpAddresses;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Matches a host a client wanted to reach (the RFC 6125 "reference identifier") against the identities a
 * certificate presents in its subjectAltName: {@code dNSName} and {@code iPAddress} entries. The common name is
 * never consulted (RFC 6125 §6.4.4 makes it a last resort; current TLS clients have dropped it).
 *
 * <p>DNS rules (RFC 6125 §6.4): ASCII case-insensitive; internationalized names are compared in their A-label
 * form as given (no IDNA conversion); one trailing dot on either side is ignored. A wildcard is honoured only
 * when it is the whole left-most label ({@code *.example.com}); it stands for exactly one non-empty label; it
 * must be followed by at least two labels (so {@code *.com} matches nothing); a partial-label wildcard
 * ({@code f*.example.com}, {@code *x.example.com}) matches nothing. An IP reference matches only iPAddress
 * entries (never a DNS name, even one spelled like an address), 4 or 16 bytes, with an IPv4-mapped IPv6 address
 * ({@code ::ffff:a.b.c.d}) equal to its IPv4 address. Textual addresses are parsed by {@link IpAddresses},
 * never by a resolver.
 */
public final class HostMatcher {
    private HostMatcher() {}

    /**
     * A parsed reference identifier: exactly one of a normalized DNS name or an IP address. The constructor
     * normalizes the DNS name itself ({@link #normalizeReferenceDnsName}: lower case, one trailing dot dropped, LDH
     * syntax checked, else {@link MtcParseException}) and requires a 4- or 16-byte address, so that no reference can
     * exist that silently never matches.
     */
    public record Reference(Optional<String> dnsName, Optional<byte[]> ipAddress) {
        /**
         * Checks the components against the rules above and copies byte arrays.
         *
         * @param dnsName the dns name
         * @param ipAddress the ip address
         */
        public Reference {
            if (dnsName.isPresent() == ipAddress.isPresent()) {
                throw new IllegalArgumentException("a reference is either a DNS name or an IP address");
            }
            dnsName = dnsName.map(HostMatcher::normalizeReferenceDnsName);
            if (ipAddress.isPresent() && ipAddress.get().length != 4 && ipAddress.get().length != 16) {
                throw new MtcParseException("host", "an IP address is 4 or 16 bytes, not "
                        + ipAddress.get().length);
            }
            ipAddress = ipAddress.map(byte[]::clone);
        }

        /**
         * The ip address.
         *
         * @return the ip address
         */
        @Override
        public Optional<byte[]> ipAddress() {
            return ipAddress.map(byte[]::clone);
        }

        /**
         * The reference as text (normalized DNS name, or canonical address text).
         *
         * @return the reference as text (normalized DNS name, or canonical address text)
         */
        public String text() {
            return dnsName.orElseGet(() -> IpAddresses.format(ipAddress.get()));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Reference r && r.dnsName.equals(dnsName)
                    && java.util.Arrays.equals(r.ipAddress.orElse(null), ipAddress.orElse(null));
        }

        @Override
        public int hashCode() {
            return dnsName.hashCode() * 31 + java.util.Arrays.hashCode(ipAddress.orElse(null));
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /**
     * Parses what a user typed as a host: an IP literal (strictly, see {@link IpAddresses}) or a DNS name in
     * ASCII (A-labels for IDNs). Throws {@link MtcParseException} with field {@code "host"} for anything else.
     *
     * @param host the host name or IP address
     * @return the reference identity: a normalized DNS name or an IP address
     */
    public static Reference parseReference(String host) {
        Optional<byte[]> ip = IpAddresses.parse(host);
        if (ip.isPresent()) {
            return new Reference(Optional.empty(), ip);
        }
        return new Reference(Optional.of(host), Optional.empty()); // normalized by the constructor
    }

    /**
     * Normalizes a reference DNS name: lower-cases ASCII, drops one trailing dot, and checks the LDH syntax
     * (labels of 1..63 letters, digits and inner hyphens; at most 253 characters; the last label not all digits,
     * so that things like {@code 1.2.3} or {@code 010.1.1.1} are never mistaken for names).
     *
     * @param name the name
     * @return the {@code String}
     */
    public static String normalizeReferenceDnsName(String name) {
        String n = stripOneTrailingDot(name);
        if (n.isEmpty()) {
            throw new MtcParseException("host", "empty host name");
        }
        for (int i = 0; i < n.length(); i++) {
            if (n.charAt(i) > 0x7e) {
                throw new MtcParseException("host",
                        "non-ASCII character in '" + name + "'; give internationalized names as A-labels (xn--)");
            }
        }
        n = n.toLowerCase(Locale.ROOT);
        if (n.length() > 253) {
            throw new MtcParseException("host", "host name longer than 253 characters");
        }
        String[] labels = n.split("\\.", -1);
        for (String label : labels) {
            if (!isLdhLabel(label)) {
                throw new MtcParseException("host", "label '" + label + "' of '" + name
                        + "' is not 1..63 letters, digits or inner hyphens");
            }
        }
        String last = labels[labels.length - 1];
        if (last.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MtcParseException("host", "'" + name + "' is neither an IP address nor a DNS name"
                    + " (its last label is all digits)");
        }
        return n;
    }

    private static boolean isLdhLabel(String label) {
        return DnsNames.isLdhLabel(label);
    }

    private static String stripOneTrailingDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * RFC 6125 §6.4.1/§6.4.3: whether the presented {@code dNSName} {@code presented} matches the normalized
     * reference DNS name {@code reference} (from {@link #normalizeReferenceDnsName}). Malformed presented names
     * match nothing.
     *
     * @param reference the reference identity
     * @param presented the presented identifier
     * @return whether it holds
     */
    public static boolean matchesDnsName(String reference, String presented) {
        String p = stripOneTrailingDot(presented);
        if (p.isEmpty()) {
            return false;
        }
        for (int i = 0; i < p.length(); i++) {
            if (p.charAt(i) > 0x7e) {
                return false;
            }
        }
        p = p.toLowerCase(Locale.ROOT);
        String[] pl = p.split("\\.", -1);
        String[] rl = reference.split("\\.", -1);
        if (pl.length != rl.length) {
            return false;
        }
        boolean wildcard = pl[0].equals("*");
        if (wildcard && pl.length < 3) {
            return false; // "*.com" or "*": would cover a public suffix or everything
        }
        for (int i = wildcard ? 1 : 0; i < pl.length; i++) {
            if (!isLdhLabel(pl[i])) {
                return false; // includes partial-label wildcards and wildcards outside the left-most label
            }
        }
        if (!wildcard && !isLdhLabel(pl[0])) {
            return false;
        }
        for (int i = wildcard ? 1 : 0; i < pl.length; i++) {
            if (!pl[i].equals(rl[i])) {
                return false;
            }
        }
        return true; // a wildcard stands for exactly one (non-empty, since the reference is valid) label
    }

    /**
     * Whether a presented iPAddress (4 or 16 bytes) equals {@code reference}, IPv4-mapped IPv6 included.
     *
     * @param reference the reference identity
     * @param presented the presented identifier
     * @return whether a presented iPAddress (4 or 16 bytes) equals {@code reference}, IPv4-mapped IPv6 included
     */
    public static boolean matchesIpAddress(byte[] reference, byte[] presented) {
        if (presented.length != 4 && presented.length != 16) {
            return false; // 8- and 32-byte forms are name-constraint ranges, not addresses
        }
        return Arrays.equals(IpAddresses.canonical(reference), IpAddresses.canonical(presented));
    }

    /**
     * Whether the certificate identities match {@code reference}: any dNSName for a DNS reference, any
     * iPAddress for an IP reference.
     *
     * @param reference the reference identity
     * @param dnsNames the DNS names
     * @param ipAddresses the IP addresses
     * @return whether the certificate identities match {@code reference}: any dNSName for a DNS reference, any iPAddress for an IP reference
     */
    public static boolean matches(Reference reference, List<String> dnsNames, List<byte[]> ipAddresses) {
        if (reference.dnsName().isPresent()) {
            String r = reference.dnsName().get();
            return dnsNames.stream().anyMatch(p -> matchesDnsName(r, p));
        }
        byte[] ip = reference.ipAddress().get();
        return ipAddresses.stream().anyMatch(p -> matchesIpAddress(ip, p));
    }
}
