package io.mtc4j.rp.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's parsers: durations, rates and delay distributions. */
class ParserProperties {

    @Property
    void durationsRoundTrip(@ForAll @LongRange(min = 0, max = 3_153_600_000_000L) long millis) {
        assertEquals(millis, Durations.parseMillis(Durations.format(millis), "--x"));
    }

    @Property
    void durationUnitsMultiply(@ForAll @IntRange(min = 0, max = 100_000) int n) {
        assertEquals(n * 1_000L, Durations.parseMillis(n + "s", "--x"));
        assertEquals(n * 60_000L, Durations.parseMillis(n + "m", "--x"));
        assertEquals(n * 3_600_000L, Durations.parseMillis(n + "h", "--x"));
        assertEquals(n * 86_400_000L, Durations.parseMillis(n + "d", "--x"));
        assertEquals(n * 604_800_000L, Durations.parseMillis(n + "w", "--x"));
        assertEquals(n, Durations.parseMillis(n + "ms", "--x"));
        assertEquals(n * 3_600_000L + 1_800_000L, Durations.parseMillis(n + ".5h", "--x"));
    }

    @Provide
    Arbitrary<String> badDurations() {
        return Arbitraries.of("", "h", "-1h", "1", "1x", "1.h", ".5h", "1e3s", "1.0001s", "1h30m", "NaNh", "0.5ms",
                "100000000d");
    }

    @Property
    void badDurationsNameTheParameter(@ForAll("badDurations") String text) {
        MtcParseException e = assertThrows(MtcParseException.class, () -> Durations.parseMillis(text, "--lifetime"));
        assertEquals("--lifetime", e.field());
    }

    @Property
    void ratesScaleByUnitAndSuffix(@ForAll @IntRange(min = 1, max = 1_000_000) int n) {
        assertEquals(n, Rate.parse(n + "/h", "--rate").perHour(), 1e-9 * n);
        assertEquals(n * 3600.0, Rate.parse(n + "/s", "--rate").perHour(), 1e-9 * n * 3600);
        assertEquals(n * 60.0, Rate.parse(n + "/m", "--rate").perHour(), 1e-9 * n * 60);
        assertEquals(n / 24.0, Rate.parse(n + "/d", "--rate").perHour(), 1e-9 * n);
        assertEquals(n * 1e3, Rate.parse(n + "k/h", "--rate").perHour(), 1e-9 * n * 1e3);
        assertEquals(n * 1e6, Rate.parse(n + "M/h", "--rate").perHour(), 1e-9 * n * 1e6);
        Rate r = Rate.parse(n + ".25M/h", "--rate");
        assertEquals(r, Rate.parse(r.toString(), "--rate"));
    }

    @Test
    void draftRate() {
        assertEquals(4_400_000, Rate.parse("4.4M/h", "--rate").perHour(), 1e-6);
        assertEquals("4.4M/h", new Rate(4_400_000).toString());
    }

    @Provide
    Arbitrary<String> badRates() {
        return Arbitraries.of("-1/h", "0/h", "0.0M/h", "4.4M", "4.4M/y", "/h", "M/h", "1e6/h", "abc/h", "4.4MM/h");
    }

    @Property
    void badRatesNameTheParameter(@ForAll("badRates") String text) {
        MtcParseException e = assertThrows(MtcParseException.class, () -> Rate.parse(text, "--rate"));
        assertEquals("--rate", e.field());
    }

    @Property
    void distributionSpecsRoundTrip(@ForAll @LongRange(min = 1, max = 100L * 86_400_000) long millis,
            @ForAll @IntRange(min = 0, max = 40) int sigmaTenths) {
        for (DelayDistribution d : List.of(new DelayDistribution.Fixed(millis), new DelayDistribution.Exponential(millis),
                new DelayDistribution.LogNormal(millis, sigmaTenths / 10.0),
                new DelayDistribution.Fixed(DelayDistribution.Fixed.NEVER))) {
            assertEquals(d, DelayDistribution.parse(d.spec(), "--rp-delay"));
        }
    }

    @Property
    void mixturesSumTo100Percent(@ForAll @IntRange(min = 1, max = 98) int a, @ForAll @IntRange(min = 1, max = 98) int b) {
        String spec = "mix:" + a + "%:1h," + b + "%:1d," + (100 - a - b) + "%:never";
        if (a + b < 100) {
            DelayDistribution.Mixture m = assertInstanceOf(DelayDistribution.Mixture.class,
                    DelayDistribution.parse(spec, "--rp-delay"));
            assertEquals(3, m.components().size());
            assertEquals(m, DelayDistribution.parse(m.spec(), "--rp-delay"));
        } else {
            MtcParseException e = assertThrows(MtcParseException.class, () -> DelayDistribution.parse(spec, "--rp-delay"));
            assertEquals("--rp-delay", e.field());
        }
    }

    @Property
    void samplesAreNonNegative(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (String spec : List.of("fixed:1h", "exp:6h", "lognormal:6h,1.0", "mix:70%:1h,25%:1d,5%:never", "0")) {
            double s = DelayDistribution.parse(spec, "--rp-delay").sample(r);
            assertTrue(s >= 0, spec + " sampled " + s);
        }
    }

    @Test
    void mixtureSharesAreHonouredAndExponentialMeanIsItsParameter() {
        SplittableRandom r = new SplittableRandom(7);
        DelayDistribution mix = DelayDistribution.parse("mix:70%:1h,25%:1d,5%:never", "--rp-delay");
        int never = 0;
        int hour = 0;
        int n = 100_000;
        double expSum = 0;
        DelayDistribution exp = DelayDistribution.parse("exp:6h", "--rp-delay");
        for (int i = 0; i < n; i++) {
            double s = mix.sample(r);
            never += Double.isInfinite(s) ? 1 : 0;
            hour += s == 3_600_000 ? 1 : 0;
            expSum += exp.sample(r);
        }
        assertEquals(0.05, (double) never / n, 5 * Math.sqrt(0.05 * 0.95 / n));
        assertEquals(0.70, (double) hour / n, 5 * Math.sqrt(0.7 * 0.3 / n));
        assertEquals(6.0, expSum / n / 3_600_000, 5 * 6.0 / Math.sqrt(n));
    }

    @Provide
    Arbitrary<String> badDistributions() {
        return Arbitraries.of("gamma:1h", "exp:0", "exp:-1h", "lognormal:6h", "lognormal:6h,x", "lognormal:0,1",
                "mix:70%:1h,25%:1d", "mix:70%:1h,30%", "mix:0%:1h,100%:2h", "fixed:", "csv:/nonexistent/file.csv",
                "mix:50%:1h,50%:exp:1h");
    }

    @Property
    void badDistributionsNameTheParameter(@ForAll("badDistributions") String text) {
        MtcParseException e = assertThrows(MtcParseException.class, () -> DelayDistribution.parse(text, "--rp-delay"));
        assertTrue(e.field().startsWith("--rp-delay"), e.getMessage());
    }

    @Test
    void csvDelays(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("delays.csv");
        Files.writeString(f, "delay,client\n# measured\n3600,a\n90m,b\n\nnever,c\n");
        DelayDistribution d = DelayDistribution.parse("csv:" + f, "--rp-delay");
        DelayDistribution.Empirical e = assertInstanceOf(DelayDistribution.Empirical.class, d);
        assertEquals(List.of(3_600_000.0, 5_400_000.0, Double.POSITIVE_INFINITY),
                java.util.Arrays.stream(e.delaysMillis()).boxed().toList());
        Files.writeString(f, "3600\nsoon\n");
        MtcParseException bad = assertThrows(MtcParseException.class, () -> DelayDistribution.parse("csv:" + f, "--rp-delay"));
        assertTrue(bad.getMessage().contains("line 2"), bad.getMessage());
        Files.writeString(f, "# nothing\n");
        assertThrows(MtcParseException.class, () -> DelayDistribution.parse("csv:" + f, "--rp-delay"));
    }

    @Test
    void parametersOutOfRangeNameTheirFlag() {
        SimulationParameters d = SimulationParameters.draftDefaults();
        MtcParseException e = assertThrows(MtcParseException.class, () -> new SimulationParameters(d.rate(), 0,
                d.landmarkIntervalMillis(), d.lifetimeMillis(), d.maxActiveLandmarks(), d.renewAt(), true,
                d.subscriberDelay(), d.rpDelay(), 0, 1, d.subjectKey(), d.durationMillis(), 1, 10));
        assertEquals("--checkpoint-interval", e.field());
        e = assertThrows(MtcParseException.class, () -> new SimulationParameters(d.rate(), 2000,
                d.landmarkIntervalMillis(), d.lifetimeMillis(), d.maxActiveLandmarks(), 1.5, true,
                d.subscriberDelay(), d.rpDelay(), 0, 1, d.subjectKey(), d.durationMillis(), 1, 10));
        assertEquals("--renew-at", e.field());
        e = assertThrows(MtcParseException.class, () -> new SimulationParameters(d.rate(), 2000,
                d.landmarkIntervalMillis(), d.lifetimeMillis(), d.maxActiveLandmarks(), 0.75, true,
                d.subscriberDelay(), d.rpDelay(), 1.5, 1, d.subjectKey(), d.durationMillis(), 1, 10));
        assertEquals("--no-trust-anchors-share", e.field());
        e = assertThrows(MtcParseException.class, () -> new SimulationParameters(d.rate(), 2000,
                d.landmarkIntervalMillis(), d.lifetimeMillis(), d.maxActiveLandmarks(), 0.75, true,
                d.subscriberDelay(), d.rpDelay(), 0, 0, d.subjectKey(), d.durationMillis(), 1, 10));
        assertEquals("--cosigners", e.field());
    }
}
