package io.mtc4j.rp.simulate;

import io.mtc4j.spec.MtcParseException;
import java.math.BigDecimal;

/**
 * An issuance rate, spelled {@code <number>[k|M|G]/<unit>} with unit {@code s}, {@code m}, {@code h} or {@code d}:
 * {@code 4.4M/h} is the draft's per-CA estimate (§"Size Estimates"), {@code 1222/s} about the same.
 *
 * @param perHour certificates per hour, positive and finite
 */
public record Rate(double perHour) {
    /**
     * Checks that the rate is positive and finite.
     *
     * @param perHour certificates per hour
     */
    public Rate {
        if (!(perHour > 0) || Double.isInfinite(perHour)) {
            throw new IllegalArgumentException("rate must be positive and finite, got " + perHour);
        }
    }

    /**
     * Parses a rate.
     *
     * @param text the text, e.g. {@code 4.4M/h}
     * @param parameter the flag it came from, named in errors (e.g. {@code --rate})
     * @return the rate
     * @throws MtcParseException naming {@code parameter} if the text does not have the form above or is not positive
     */
    public static Rate parse(String text, String parameter) {
        String t = text.strip();
        int slash = t.indexOf('/');
        if (slash < 0) {
            throw new MtcParseException(parameter, "rate '" + text + "' must be <number>[k|M|G]/<s|m|h|d>, e.g. 4.4M/h");
        }
        String amount = t.substring(0, slash);
        String unit = t.substring(slash + 1);
        double perUnitHours = switch (unit) {
            case "s" -> 1.0 / 3600;
            case "m" -> 1.0 / 60;
            case "h" -> 1;
            case "d" -> 24;
            default -> throw new MtcParseException(parameter, "rate '" + text + "': unit must be s, m, h or d");
        };
        long multiplier = 1;
        if (!amount.isEmpty()) {
            switch (amount.charAt(amount.length() - 1)) {
                case 'k' -> multiplier = 1_000;
                case 'M' -> multiplier = 1_000_000;
                case 'G' -> multiplier = 1_000_000_000;
                default -> multiplier = 1;
            }
            if (multiplier != 1) {
                amount = amount.substring(0, amount.length() - 1);
            }
        }
        if (amount.startsWith("-")) {
            throw new MtcParseException(parameter, "rate '" + text + "' must be positive");
        }
        BigDecimal v = Durations.number(amount, parameter, text).multiply(BigDecimal.valueOf(multiplier));
        if (v.signum() <= 0) {
            throw new MtcParseException(parameter, "rate '" + text + "' must be positive");
        }
        return new Rate(v.doubleValue() / perUnitHours);
    }

    /**
     * Certificates per millisecond.
     *
     * @return the rate per millisecond
     */
    public double perMilli() {
        return perHour / 3_600_000.0;
    }

    /**
     * The rate as {@link #parse} reads it, per hour with k/M/G where exact, e.g. {@code 4.4M/h}.
     *
     * @return the spelling
     */
    @Override
    public String toString() {
        BigDecimal v = new BigDecimal(Double.toString(perHour));
        String[] suffix = {"G", "M", "k"};
        long[] scale = {1_000_000_000, 1_000_000, 1_000};
        for (int i = 0; i < suffix.length; i++) {
            if (perHour >= scale[i]) {
                return v.divide(BigDecimal.valueOf(scale[i])).stripTrailingZeros().toPlainString() + suffix[i] + "/h";
            }
        }
        return v.stripTrailingZeros().toPlainString() + "/h";
    }
}
