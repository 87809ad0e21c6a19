package io.mtc4j.spec.names;

import io.mtc4j.spec.MtcParseException;
import java.net.IDN;
import java.util.Locale;

/**
 * The syntax of DNS names as certificates carry them in a subjectAltName {@code dNSName} (RFC 5280 §4.2.1.6: the
 * "preferred name syntax" of RFC 1034 §3.5 as modified by RFC 1123 §2.1, internationalized names as A-labels per
 * RFC 5890 §2.3.2.1), checked by text rules only: nothing is resolved.
 */
public final class DnsNames {
    /** RFC 1035 §2.3.4: a name is at most 255 octets on the wire, so at most 253 characters in text. */
    public static final int MAX_NAME_LENGTH = 253;
    /** RFC 1035 §2.3.4: a label is at most 63 octets. */
    public static final int MAX_LABEL_LENGTH = 63;

    private DnsNames() {}

    /**
     * Whether {@code label} is an LDH label in lower case: 1..63 of {@code a-z}, {@code 0-9} and {@code -}, not
     * starting or ending with a hyphen (RFC 1123 §2.1 allows a leading digit).
     *
     * @param label the label, already lower-cased
     * @return whether it is an LDH label
     */
    public static boolean isLdhLabel(String label) {
        if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH) {
            return false;
        }
        if (label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
            return false;
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks a DNS name for a certificate and returns it in lower case. The rules: ASCII only (IDNs as A-labels);
     * no trailing dot; at most 253 characters; every label an LDH label ({@link #isLdhLabel}); a label with
     * hyphens in its 3rd and 4th positions only as a valid A-label ({@code xn--}, RFC 5890 §2.3.1: other such
     * "R-LDH" labels are reserved), one that decodes from Punycode (RFC 3492) and encodes back to itself; the
     * last label not all digits (so an IPv4 address is never taken for a name); and, when {@code
     * wildcardAllowed}, a left-most label {@code *} followed by at least two labels (RFC 6125 §6.4.3; {@code
     * *.com} is refused). A wildcard anywhere else, or a partial-label wildcard, is refused.
     *
     * @param name            the name
     * @param field           the field named in errors
     * @param wildcardAllowed whether a left-most {@code *} label is allowed
     * @return the name in lower case
     * @throws MtcParseException naming {@code field} and the broken rule
     */
    public static String check(String name, String field, boolean wildcardAllowed) {
        if (name.isEmpty()) {
            throw new MtcParseException(field, "empty DNS name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > 0x7e || c < 0x21) {
                throw new MtcParseException(field, "'" + printable(name) + "' has a character outside printable"
                        + " ASCII; give internationalized names as A-labels (xn--)");
            }
        }
        if (name.endsWith(".")) {
            throw new MtcParseException(field, "'" + name + "' ends in a dot; certificates name hosts without it");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new MtcParseException(field, "DNS name longer than " + MAX_NAME_LENGTH + " characters");
        }
        String n = name.toLowerCase(Locale.ROOT);
        String[] labels = n.split("\\.", -1);
        int first = 0;
        if (labels[0].equals("*")) {
            if (!wildcardAllowed) {
                throw new MtcParseException(field, "wildcard '" + name + "' is not allowed here");
            }
            if (labels.length < 3) {
                throw new MtcParseException(field, "wildcard '" + name + "' must be followed by at least two labels");
            }
            first = 1;
        }
        for (int i = first; i < labels.length; i++) {
            String label = labels[i];
            if (label.indexOf('*') >= 0) {
                throw new MtcParseException(field, "'" + name + "': a wildcard is only the whole left-most label");
            }
            if (!isLdhLabel(label)) {
                throw new MtcParseException(field, "label '" + label + "' of '" + name
                        + "' is not 1..63 letters, digits or inner hyphens");
            }
            if (label.length() >= 4 && label.charAt(2) == '-' && label.charAt(3) == '-') {
                checkALabel(label, name, field);
            }
        }
        String last = labels[labels.length - 1];
        if (last.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MtcParseException(field, "'" + name + "' is not a DNS name: its last label is all digits");
        }
        return n;
    }

    /** RFC 5890 §2.3.2.1: an A-label is "xn--" + Punycode that decodes to a U-label and encodes back to itself. */
    private static void checkALabel(String label, String name, String field) {
        if (!label.startsWith("xn--")) {
            throw new MtcParseException(field, "label '" + label + "' of '" + name
                    + "' is a reserved R-LDH label (hyphens in positions 3 and 4, not xn--)");
        }
        String unicode = IDN.toUnicode(label, IDN.USE_STD3_ASCII_RULES);
        boolean ok = !unicode.equals(label) && unicode.chars().anyMatch(c -> c > 0x7f);
        if (ok) {
            try {
                ok = IDN.toASCII(unicode, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT).equals(label);
            } catch (IllegalArgumentException e) {
                ok = false;
            }
        }
        if (!ok) {
            throw new MtcParseException(field, "label '" + label + "' of '" + name
                    + "' is not a valid A-label (its Punycode does not decode to a U-label that encodes back to it)");
        }
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(80).forEach(c -> {
            if (c >= 0x20 && c < 0x7f) {
                b.append((char) c);
            } else {
                b.append(String.format("\\u%04x", c));
            }
        });
        return b.toString();
    }
}
