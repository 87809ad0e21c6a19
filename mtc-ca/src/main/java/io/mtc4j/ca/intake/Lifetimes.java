package io.mtc4j.ca.intake;

import java.time.Duration;

/**
 * The duration syntax of the intake API and the CA configuration: one or more {@code <number><unit>} groups with
 * units {@code d}, {@code h}, {@code m}, {@code s} in that order, each at most once, numbers without leading zeros
 * (for example {@code 7d}, {@code 90h}, {@code 1d12h}, {@code 3600s}). Nothing else: no spaces, no signs, no
 * fractions, no zero duration.
 */
public final class Lifetimes {
    private static final String UNITS = "dhms";
    private static final long[] SECONDS = {86_400, 3_600, 60, 1};
    private static final long MAX_SECONDS = 100L * 366 * 86_400;

    private Lifetimes() {}

    /**
     * Parses a duration.
     *
     * @param text the text, e.g. {@code 7d}
     * @return the duration, positive and at most a hundred years
     * @throws IllegalArgumentException saying what is wrong
     */
    public static Duration parse(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        long total = 0;
        int lastUnit = -1;
        int i = 0;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
            }
            if (i == start) {
                throw new IllegalArgumentException("'" + text + "': expected a number at position " + start);
            }
            if (i - start > 1 && text.charAt(start) == '0') {
                throw new IllegalArgumentException("'" + text + "': number with a leading zero");
            }
            if (i - start > 10) {
                throw new IllegalArgumentException("'" + text + "': number too large");
            }
            if (i == text.length()) {
                throw new IllegalArgumentException("'" + text + "': a number needs a unit (d, h, m or s)");
            }
            int unit = UNITS.indexOf(text.charAt(i));
            if (unit < 0) {
                throw new IllegalArgumentException("'" + text + "': unknown unit '" + text.charAt(i)
                        + "' (d, h, m or s)");
            }
            if (unit <= lastUnit) {
                throw new IllegalArgumentException("'" + text + "': units must appear once each, in the order d h m s");
            }
            total += Long.parseLong(text.substring(start, i)) * SECONDS[unit];
            if (total > MAX_SECONDS) {
                throw new IllegalArgumentException("'" + text + "': longer than a hundred years");
            }
            lastUnit = unit;
            i++;
        }
        if (total == 0) {
            throw new IllegalArgumentException("'" + text + "': zero duration");
        }
        return Duration.ofSeconds(total);
    }

    /**
     * The shortest text {@link #parse} reads back as {@code d} (for messages and configuration files).
     *
     * @param d a positive whole number of seconds
     * @return the text, e.g. {@code 7d} or {@code 1h30m}
     */
    public static String format(Duration d) {
        if (d.isNegative() || d.isZero() || d.getNano() != 0) {
            throw new IllegalArgumentException("not a positive whole number of seconds: " + d);
        }
        long s = d.getSeconds();
        StringBuilder b = new StringBuilder();
        for (int u = 0; u < UNITS.length(); u++) {
            long n = s / SECONDS[u];
            if (n > 0) {
                b.append(n).append(UNITS.charAt(u));
                s -= n * SECONDS[u];
            }
        }
        return b.toString();
    }
}
