package io.mtc4j.conformance.simulate;

import io.mtc4j.spec.MtcParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code --sweep NAME=FROM..TO[:STEPS]}: NAME is a flag of {@code mtc simulate} without its dashes, FROM and TO are
 * spelled as that flag's values (durations, a rate, a number), and STEPS (default 8, at least 2) values are taken at
 * equal distances from FROM to TO, both included. For {@code rp-delay} and {@code subscriber-delay} the values are
 * durations that set the location of the flag's distribution (the fixed delay, the exponential mean, the log-normal
 * median).
 *
 * @param name the flag's name without dashes
 * @param values the flag values, one per step, spelled as the flag reads them
 */
record SweepSpec(String name, List<String> values) {
    /** The flags a sweep may vary, by kind of value. */
    static final Set<String> DURATIONS = Set.of("checkpoint-interval", "landmark-interval", "lifetime", "duration",
            "rp-delay", "subscriber-delay");
    static final Set<String> FRACTIONS = Set.of("renew-at", "no-trust-anchors-share");
    static final Set<String> INTEGERS = Set.of("cosigners", "max-active-landmarks");
    static final int DEFAULT_STEPS = 8;
    static final int MAX_STEPS = 64;

    static SweepSpec parse(String text) {
        int eq = text.indexOf('=');
        int dots = text.indexOf("..");
        if (eq <= 0 || dots < eq) {
            throw new MtcParseException("--sweep", "'" + text + "' must be NAME=FROM..TO[:STEPS], e.g. landmark-interval=10m..24h:8");
        }
        String name = text.substring(0, eq);
        String fromText = text.substring(eq + 1, dots);
        String rest = text.substring(dots + 2);
        int steps = DEFAULT_STEPS;
        int colon = rest.lastIndexOf(':');
        String toText = rest;
        if (colon >= 0) {
            toText = rest.substring(0, colon);
            String s = rest.substring(colon + 1);
            if (!s.matches("[0-9]{1,3}") || Integer.parseInt(s) < 2 || Integer.parseInt(s) > MAX_STEPS) {
                throw new MtcParseException("--sweep", "STEPS '" + s + "' must be an integer from 2 to " + MAX_STEPS);
            }
            steps = Integer.parseInt(s);
        }
        String where = "--sweep " + name;
        List<String> values = new ArrayList<>();
        if (DURATIONS.contains(name)) {
            long from = io.mtc4j.rp.simulate.Durations.parseMillis(fromText, where + " FROM");
            long to = io.mtc4j.rp.simulate.Durations.parseMillis(toText, where + " TO");
            for (int i = 0; i < steps; i++) {
                values.add(io.mtc4j.rp.simulate.Durations.format(Math.round(from + (double) (to - from) * i / (steps - 1))));
            }
        } else if (name.equals("rate")) {
            double from = io.mtc4j.rp.simulate.Rate.parse(fromText, where + " FROM").perHour();
            double to = io.mtc4j.rp.simulate.Rate.parse(toText, where + " TO").perHour();
            for (int i = 0; i < steps; i++) {
                values.add(new io.mtc4j.rp.simulate.Rate(from + (to - from) * i / (steps - 1)).toString());
            }
        } else if (FRACTIONS.contains(name) || INTEGERS.contains(name)) {
            double from = number(fromText, where + " FROM");
            double to = number(toText, where + " TO");
            for (int i = 0; i < steps; i++) {
                double v = from + (to - from) * i / (steps - 1);
                values.add(INTEGERS.contains(name) ? Long.toString(Math.round(v)) : Double.toString(v));
            }
        } else {
            throw new MtcParseException("--sweep", "cannot sweep '" + name + "'; sweepable: rate, "
                    + String.join(", ", new java.util.TreeSet<>(union())));
        }
        return new SweepSpec(name, values);
    }

    private static Set<String> union() {
        Set<String> s = new java.util.HashSet<>(DURATIONS);
        s.addAll(FRACTIONS);
        s.addAll(INTEGERS);
        return s;
    }

    private static double number(String text, String where) {
        try {
            double v = Double.parseDouble(text.strip());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new MtcParseException(where, "'" + text + "' is not a number");
        }
    }
}
