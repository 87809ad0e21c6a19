package io.mtc4j.ca;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the CA's configuration and intake API write them: a positive decimal count and one unit,
 * {@code ms}, {@code s}, {@code m}, {@code h} or {@code d} (a day is 24 hours), e.g. {@code 7d}, {@code 90h},
 * {@code 1s}, {@code 250ms}. No sign, no spaces, no fractions, no leading zeros; at most about 292 years.
 */
public final class DurationText {
    private static final Pattern FORM = Pattern.compile("(0|[1-9][0-9]{0,11})(ms|s|m|h|d)");

    private DurationText() {}

    /**
     * Parses {@code text}.
     *
     * @param text the duration, e.g. {@code 7d}
     * @return the duration
     * @throws IllegalArgumentException naming the rule when {@code text} is not of the form above or overflows
     */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("duration '" + text + "' must be a decimal count and one unit of ms,"
                    + " s, m, h, d (e.g. 7d, 90h, 1s)");
        }
        long n = Long.parseLong(m.group(1));
        try {
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            d.toNanos(); // every use computes in nanoseconds: at most about 292 years
            return d;
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration '" + text + "' is too large", e);
        }
    }

    /**
     * The shortest text {@link #parse} reads back as {@code d}: the largest unit that divides it exactly.
     *
     * @param d a non-negative duration of whole milliseconds
     * @return its text
     * @throws IllegalArgumentException if {@code d} is negative or not whole milliseconds
     */
    public static String format(Duration d) {
        if (d.isNegative() || d.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException("duration " + d + " is negative or not whole milliseconds");
        }
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
