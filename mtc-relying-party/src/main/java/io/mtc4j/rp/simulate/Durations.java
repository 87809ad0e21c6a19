package io.mtc4j.rp.simulate;

import io.mtc4j.spec.MtcParseException;
import java.math.BigDecimal;

/**
 * Durations as the simulator's flags spell them: a non-negative decimal number and a unit, {@code ms}, {@code s},
 * {@code m}, {@code h}, {@code d} or {@code w} (e.g. {@code 2s}, {@code 1.5h}, {@code 7d}); a bare {@code 0} is
 * zero. Held as whole milliseconds.
 */
public final class Durations {
    private Durations() {}

    /** Milliseconds per unit, longest unit names first so that {@code ms} is not read as {@code m}. */
    private static final String[] UNITS = {"ms", "s", "m", "h", "d", "w"};
    private static final long[] MILLIS = {1, 1_000, 60_000, 3_600_000, 86_400_000, 604_800_000};

    /**
     * Parses a duration.
     *
     * @param text the text, e.g. {@code 2s} or {@code 7d}
     * @param parameter the flag or field it came from, named in errors (e.g. {@code --lifetime})
     * @return the duration in milliseconds
     * @throws MtcParseException naming {@code parameter} if the text is not a non-negative number with a unit, is
     *     not a whole number of milliseconds, or exceeds 10,000 years
     */
    public static long parseMillis(String text, String parameter) {
        String t = text.strip();
        if (t.equals("0")) {
            return 0;
        }
        for (int u = 0; u < UNITS.length; u++) {
            if (t.endsWith(UNITS[u]) && !(UNITS[u].equals("s") && t.endsWith("ms"))) {
                String number = t.substring(0, t.length() - UNITS[u].length());
                BigDecimal v = number(number, parameter, text);
                BigDecimal ms = v.multiply(BigDecimal.valueOf(MILLIS[u]));
                if (ms.compareTo(BigDecimal.valueOf(MAX_MILLIS)) > 0) {
                    throw new MtcParseException(parameter, "duration '" + text + "' exceeds 10000 years");
                }
                if (ms.stripTrailingZeros().scale() > 0) {
                    throw new MtcParseException(parameter, "duration '" + text + "' is not a whole number of milliseconds");
                }
                return ms.longValueExact();
            }
        }
        throw new MtcParseException(parameter, "duration '" + text + "' needs a unit: ms, s, m, h, d or w (e.g. 2s, 1h, 7d)");
    }

    /** The longest duration accepted: 10,000 years of 365 days. */
    static final long MAX_MILLIS = 10_000L * 365 * 86_400_000L;

    static BigDecimal number(String number, String parameter, String text) {
        if (number.isEmpty() || !number.matches("[0-9]+(\\.[0-9]+)?")) {
            throw new MtcParseException(parameter, "'" + text + "' is not a non-negative decimal number with a unit");
        }
        return new BigDecimal(number);
    }

    /**
     * The shortest exact spelling of a duration in units up to days that {@link #parseMillis} reads back, e.g.
     * {@code 7d}, {@code 1h}, {@code 90m}, {@code 2500ms}, {@code 0}.
     *
     * @param millis a non-negative duration in milliseconds
     * @return the spelling
     */
    public static String format(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("negative duration " + millis);
        }
        if (millis == 0) {
            return "0";
        }
        for (int u = UNITS.length - 2; u >= 0; u--) {
            if (millis % MILLIS[u] == 0) {
                return millis / MILLIS[u] + UNITS[u];
            }
        }
        throw new AssertionError("ms divides everything");
    }
}
