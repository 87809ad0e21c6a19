package io.mtc4j.log.monitor;

import java.net.IDN;
import java.util.Locale;

/**
 * A DNS name a watch rule covers: the name alone ({@code www.example.com}) or, written with a leading dot
 * ({@code .example.com}), the name and all its subdomains (certspotter's convention). Certificates whose
 * dNSName (or commonName) equals a covered name match, and so do wildcard certificates covering one
 * ({@code *.example.com} covers {@code www.example.com}; RFC 6125 §6.4.3: the wildcard stands for exactly one
 * label). Comparison is case-insensitive, in A-label form (RFC 5890: a U-label in the configuration is converted
 * with {@link IDN#toASCII}), and ignores one trailing dot.
 *
 * @param name       the name in lower-case A-label form, without trailing dot
 * @param subdomains whether subdomains of {@code name} are covered too
 */
public record DnsPattern(String name, boolean subdomains) {
    /**
     * Checks that {@code name} is a normalized DNS name.
     *
     * @param name       the normalized name
     * @param subdomains whether subdomains are covered
     */
    public DnsPattern {
        if (!normalized(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a lower-case A-label DNS name");
        }
    }

    /**
     * Parses a configured name: {@code NAME} or {@code .NAME}; Unicode labels become A-labels, upper case becomes
     * lower case and one trailing dot is dropped.
     *
     * @param text the configured name
     * @return the pattern
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static DnsPattern parse(String text) {
        boolean sub = text.startsWith(".");
        String s = sub ? text.substring(1) : text;
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.indexOf('*') >= 0) {
            throw new IllegalArgumentException("'" + text + "': no wildcards in watched names (wildcard certificates"
                    + " covering a watched name match it; write .NAME for a name and all its subdomains)");
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is an empty DNS name");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(s, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid internationalized domain name: "
                    + e.getMessage());
        }
        if (!normalized(ascii)) {
            throw new IllegalArgumentException("'" + text + "' is not a DNS name (labels of 1..63 letters, digits,"
                    + " '-' or '_', at most 253 characters)");
        }
        return new DnsPattern(ascii, sub);
    }

    static boolean normalized(String s) {
        if (s.isEmpty() || s.length() > 253 || s.startsWith(".") || s.endsWith(".")) {
            return false;
        }
        int label = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (label == 0) {
                    return false;
                }
                label = 0;
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                if (++label > 63) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return label > 0;
    }

    /** {@code NAME} or {@code .NAME}, as configured. */
    @Override
    public String toString() {
        return subdomains ? "." + name : name;
    }
}
