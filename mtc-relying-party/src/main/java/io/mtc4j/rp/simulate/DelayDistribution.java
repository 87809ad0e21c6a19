package io.mtc4j.rp.simulate;

import io.mtc4j.spec.MtcParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A distribution of delays, in milliseconds; {@code never} is an infinite delay. The spellings ({@link #parse}):
 * <ul>
 *   <li>{@code fixed:1h} (or a bare duration, or {@code never}),</li>
 *   <li>{@code exp:6h}: exponential with that mean,</li>
 *   <li>{@code lognormal:6h,1.0}: log-normal with that median and sigma (of the natural logarithm),</li>
 *   <li>{@code mix:70%:1h,25%:1d,5%:never}: fixed delays with shares summing to 100 %,</li>
 *   <li>{@code csv:FILE}: an empirical distribution, one delay per line (first comma-separated field: a duration,
 *       a number of seconds, or {@code never}); blank lines and {@code #} comments are skipped and a first line
 *       {@code delay} is a header.</li>
 * </ul>
 */
public sealed interface DelayDistribution {
    /**
     * One delay drawn from the distribution.
     *
     * @param random the randomness source
     * @return the delay in milliseconds, non-negative; {@link Double#POSITIVE_INFINITY} for never
     */
    double sample(SplittableRandom random);

    /**
     * The spelling {@link #parse} reads back (for {@code csv:} the file's name).
     *
     * @return the spelling
     */
    String spec();

    /**
     * The same kind of distribution with its location set to {@code millis} (the fixed delay, the exponential
     * mean, the log-normal median), for {@code --sweep}; a location of zero is the fixed delay zero, their limit.
     *
     * @param millis the new location in milliseconds
     * @return the rescaled distribution
     * @throws UnsupportedOperationException for mixtures and empirical distributions, which have no single location
     */
    DelayDistribution withLocation(long millis);

    /**
     * A fixed delay.
     *
     * @param millis the delay in milliseconds, non-negative, or {@link Long#MAX_VALUE} for never
     */
    record Fixed(long millis) implements DelayDistribution {
        /** The delay that never ends: the client never receives the landmark. */
        public static final long NEVER = Long.MAX_VALUE;

        /**
         * Checks that the delay is non-negative.
         *
         * @param millis the delay in milliseconds
         */
        public Fixed {
            if (millis < 0) {
                throw new IllegalArgumentException("delay must be non-negative");
            }
        }

        @Override
        public double sample(SplittableRandom random) {
            return millis == NEVER ? Double.POSITIVE_INFINITY : millis;
        }

        @Override
        public String spec() {
            return "fixed:" + (millis == NEVER ? "never" : Durations.format(millis));
        }

        @Override
        public DelayDistribution withLocation(long m) {
            return new Fixed(m);
        }
    }

    /**
     * An exponential delay.
     *
     * @param meanMillis the mean in milliseconds, positive
     */
    record Exponential(long meanMillis) implements DelayDistribution {
        /**
         * Checks that the mean is positive.
         *
         * @param meanMillis the mean in milliseconds
         */
        public Exponential {
            if (meanMillis <= 0) {
                throw new IllegalArgumentException("exponential mean must be positive");
            }
        }

        @Override
        public double sample(SplittableRandom random) {
            return -meanMillis * Math.log(1 - random.nextDouble());
        }

        @Override
        public String spec() {
            return "exp:" + Durations.format(meanMillis);
        }

        @Override
        public DelayDistribution withLocation(long m) {
            return m == 0 ? new Fixed(0) : new Exponential(m);
        }
    }

    /**
     * A log-normal delay.
     *
     * @param medianMillis the median in milliseconds, positive
     * @param sigma the standard deviation of the delay's natural logarithm, non-negative and finite
     */
    record LogNormal(long medianMillis, double sigma) implements DelayDistribution {
        /**
         * Checks the parameters.
         *
         * @param medianMillis the median in milliseconds
         * @param sigma the standard deviation of the logarithm
         */
        public LogNormal {
            if (medianMillis <= 0 || !(sigma >= 0) || Double.isInfinite(sigma)) {
                throw new IllegalArgumentException("log-normal needs a positive median and a finite sigma >= 0");
            }
        }

        @Override
        public double sample(SplittableRandom random) {
            return medianMillis * Math.exp(sigma * gaussian(random));
        }

        @Override
        public String spec() {
            return "lognormal:" + Durations.format(medianMillis) + "," + sigma;
        }

        @Override
        public DelayDistribution withLocation(long m) {
            return m == 0 ? new Fixed(0) : new LogNormal(m, sigma);
        }
    }

    /**
     * A mixture of fixed delays.
     *
     * @param components the delays with their shares (summing to 1)
     */
    record Mixture(List<Component> components) implements DelayDistribution {
        /**
         * Copies the components and checks that the shares sum to 1.
         *
         * @param components the components
         */
        public Mixture {
            components = List.copyOf(components);
            double sum = components.stream().mapToDouble(Component::share).sum();
            if (components.isEmpty() || Math.abs(sum - 1) > 1e-9) {
                throw new IllegalArgumentException("mixture shares must sum to 100 %, got " + sum * 100 + " %");
            }
        }

        @Override
        public double sample(SplittableRandom random) {
            double u = random.nextDouble();
            for (Component c : components) {
                u -= c.share();
                if (u < 0) {
                    return c.delay().sample(random);
                }
            }
            return components.get(components.size() - 1).delay().sample(random);
        }

        @Override
        public String spec() {
            StringBuilder s = new StringBuilder("mix:");
            for (Component c : components) {
                if (s.length() > 4) {
                    s.append(',');
                }
                s.append(new java.math.BigDecimal(c.share() * 100).round(new java.math.MathContext(12))
                        .stripTrailingZeros().toPlainString()).append("%:")
                        .append(c.delay().spec().substring("fixed:".length()));
            }
            return s.toString();
        }

        @Override
        public DelayDistribution withLocation(long m) {
            throw new UnsupportedOperationException("a mixture has no single location to sweep");
        }

        /**
         * One component of a mixture.
         *
         * @param share the component's share, in (0, 1]
         * @param delay the component's fixed delay
         */
        public record Component(double share, Fixed delay) {
            /**
             * Checks the share.
             *
             * @param share the share
             * @param delay the delay
             */
            public Component {
                Objects.requireNonNull(delay, "delay");
                if (!(share > 0 && share <= 1)) {
                    throw new IllegalArgumentException("share must be in (0, 1]");
                }
            }
        }
    }

    /**
     * An empirical distribution: each sample is one of the observed delays, chosen uniformly.
     *
     * @param source where the delays came from (the {@code csv:} file name)
     * @param delaysMillis the observed delays in milliseconds ({@link Double#POSITIVE_INFINITY} for never)
     */
    record Empirical(String source, double[] delaysMillis) implements DelayDistribution {
        /**
         * Copies the delays and checks there is at least one.
         *
         * @param source where the delays came from
         * @param delaysMillis the delays
         */
        public Empirical {
            Objects.requireNonNull(source, "source");
            delaysMillis = delaysMillis.clone();
            if (delaysMillis.length == 0) {
                throw new IllegalArgumentException("an empirical distribution needs at least one delay");
            }
        }

        /**
         * The observed delays.
         *
         * @return a copy of the delays in milliseconds
         */
        @Override
        public double[] delaysMillis() {
            return delaysMillis.clone();
        }

        @Override
        public double sample(SplittableRandom random) {
            return delaysMillis[random.nextInt(delaysMillis.length)];
        }

        @Override
        public String spec() {
            return "csv:" + source;
        }

        @Override
        public DelayDistribution withLocation(long m) {
            throw new UnsupportedOperationException("an empirical distribution has no single location to sweep");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Empirical e && e.source.equals(source) && Arrays.equals(e.delaysMillis, delaysMillis);
        }

        @Override
        public int hashCode() {
            return source.hashCode() * 31 + Arrays.hashCode(delaysMillis);
        }

        @Override
        public String toString() {
            return spec() + " (" + delaysMillis.length + " delays)";
        }
    }

    /**
     * Parses a distribution spelled as above; {@code csv:} files are read relative to the working directory.
     *
     * @param text the spelling
     * @param parameter the flag it came from, named in errors (e.g. {@code --rp-delay})
     * @return the distribution
     * @throws MtcParseException naming {@code parameter} and the rule the text breaks (an unknown kind, a bad
     *     duration, a mixture not summing to 100 %, an unreadable or empty file, a bad line)
     */
    static DelayDistribution parse(String text, String parameter) {
        String t = text.strip();
        int colon = t.indexOf(':');
        if (colon < 0) {
            return fixed(t, parameter);
        }
        String kind = t.substring(0, colon);
        String arg = t.substring(colon + 1);
        switch (kind) {
            case "fixed":
                return fixed(arg, parameter);
            case "exp": {
                long mean = Durations.parseMillis(arg, parameter + " (exp mean)");
                if (mean == 0) {
                    throw new MtcParseException(parameter, "exp mean must be positive (use fixed:0 for no delay)");
                }
                return new Exponential(mean);
            }
            case "lognormal": {
                String[] p = arg.split(",", -1);
                if (p.length != 2) {
                    throw new MtcParseException(parameter, "lognormal takes MEDIAN,SIGMA, e.g. lognormal:6h,1.0");
                }
                long median = Durations.parseMillis(p[0], parameter + " (lognormal median)");
                if (median == 0) {
                    throw new MtcParseException(parameter, "lognormal median must be positive");
                }
                double sigma = Durations.number(p[1].strip(), parameter + " (lognormal sigma)", p[1]).doubleValue();
                return new LogNormal(median, sigma);
            }
            case "mix":
                return mixture(arg, parameter);
            case "csv":
                return csv(arg, parameter);
            default:
                throw new MtcParseException(parameter, "unknown distribution '" + kind
                        + "'; known: fixed:D, exp:MEAN, lognormal:MEDIAN,SIGMA, mix:P%:D,..., csv:FILE");
        }
    }

    private static Fixed fixed(String arg, String parameter) {
        return arg.strip().equals("never") ? new Fixed(Fixed.NEVER) : new Fixed(Durations.parseMillis(arg, parameter));
    }

    private static Mixture mixture(String arg, String parameter) {
        List<Mixture.Component> out = new ArrayList<>();
        java.math.BigDecimal total = java.math.BigDecimal.ZERO;
        for (String part : arg.split(",", -1)) {
            int pct = part.indexOf("%:");
            if (pct < 0) {
                throw new MtcParseException(parameter, "mixture component '" + part + "' must be P%:DELAY, e.g. 70%:1h");
            }
            java.math.BigDecimal share = Durations.number(part.substring(0, pct).strip(), parameter, part);
            if (share.signum() <= 0) {
                throw new MtcParseException(parameter, "mixture component '" + part + "' has a zero share");
            }
            total = total.add(share);
            out.add(new Mixture.Component(share.doubleValue() / 100, fixed(part.substring(pct + 2), parameter)));
        }
        if (total.compareTo(java.math.BigDecimal.valueOf(100)) != 0) {
            throw new MtcParseException(parameter, "mixture shares sum to " + total.stripTrailingZeros().toPlainString()
                    + " %, not 100 %");
        }
        return new Mixture(out);
    }

    private static Empirical csv(String file, String parameter) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new MtcParseException(parameter, "cannot read csv file '" + file + "': " + e.getMessage(), e);
        }
        List<Double> delays = new ArrayList<>();
        boolean first = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String field = line.split(",", -1)[0].strip();
            if (first && field.equalsIgnoreCase("delay")) {
                first = false;
                continue;
            }
            first = false;
            String where = parameter + " (" + file + " line " + (i + 1) + ")";
            if (field.equals("never")) {
                delays.add(Double.POSITIVE_INFINITY);
            } else if (field.matches("[0-9]+(\\.[0-9]+)?")) {
                delays.add(Durations.number(field, where, field).doubleValue() * 1000);
            } else {
                delays.add((double) Durations.parseMillis(field, where));
            }
        }
        if (delays.isEmpty()) {
            throw new MtcParseException(parameter, "csv file '" + file + "' holds no delays");
        }
        return new Empirical(file, delays.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * A standard normal variate (Marsaglia's polar method).
     *
     * @param random the randomness source
     * @return the variate
     */
    private static double gaussian(SplittableRandom random) {
        while (true) {
            double u = 2 * random.nextDouble() - 1;
            double v = 2 * random.nextDouble() - 1;
            double s = u * u + v * v;
            if (s > 0 && s < 1) {
                return u * Math.sqrt(-2 * Math.log(s) / s);
            }
        }
    }
}
