package io.mtc4j.spec.codec;

import io.mtc4j.spec.MtcParseException;

/**
 * Unsigned 64-bit ASCII decimal numbers in the text formats: a checkpoint's tree size (C2SP tlog-checkpoint)
 * and the numbers of a landmark publication (draft §"Publishing Landmarks", "non-negative decimal integers").
 * Strict so that formatting what was parsed gives the same text back: 1..20 ASCII digits, no sign, no leading
 * zeros (except {@code "0"} itself), at most 2^64-1.
 */
public final class Decimal {
    private Decimal() {
    }

    /**
     * Parses {@code s} as an unsigned 64-bit decimal (the result is a {@code long} with unsigned semantics).
     *
     * @throws MtcParseException naming {@code field} if {@code s} breaks a rule above
     * @param field the field's name, for error messages
     * @param s the subtree
     * @return the parsed value
     */
    public static long parseUnsigned(String field, String s) {
        if (s.isEmpty() || s.length() > 20) {
            throw new MtcParseException(field, "must be 1..20 decimal digits");
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw new MtcParseException(field, "must be ASCII decimal digits only (no sign)");
            }
        }
        if (s.length() > 1 && s.charAt(0) == '0') {
            throw new MtcParseException(field, "no leading zeros");
        }
        try {
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new MtcParseException(field, "exceeds 2^64-1", e);
        }
    }
}
