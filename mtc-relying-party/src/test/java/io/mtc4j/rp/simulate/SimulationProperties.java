package io.mtc4j.rp.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

/** Invariants of the model on small random deployments. */
class SimulationProperties {

    @Property(tries = 15)
    void sharesSumToOne(@ForAll @LongRange(min = 0, max = 48) long delayHours,
            @ForAll @DoubleRange(min = 0, max = 1) double noTrustAnchors, @ForAll boolean keepOld, @ForAll long seed) {
        SimulationResult r = Simulation.run(SimulationFixtures.small(new DelayDistribution.Exponential(
                Math.max(1, delayHours) * SimulationFixtures.HOUR), noTrustAnchors, keepOld, seed), SimulationProgress.NONE);
        assertEquals(1.0, r.landmarkRelativeShare() + r.standaloneShare() + r.noneShare(), 1e-12);
        assertTrue(r.landmarkRelativeShare() <= 1 - r.uncoveredShare() + 1e-12);
        assertTrue(r.p50AuthBytes() <= r.p99AuthBytes());
    }

    @Property(tries = 12)
    void landmarkRelativeShareFallsAsClientsUpdateLater(@ForAll @LongRange(min = 0, max = 60) long shorterHours,
            @ForAll @LongRange(min = 0, max = 60) long extraHours, @ForAll @DoubleRange(min = 0, max = 0.5) double noTa,
            @ForAll boolean keepOld, @ForAll long seed) {
        long h = SimulationFixtures.HOUR;
        SimulationResult early = Simulation.run(SimulationFixtures.small(new DelayDistribution.Fixed(shorterHours * h),
                noTa, keepOld, seed), SimulationProgress.NONE);
        SimulationResult late = Simulation.run(SimulationFixtures.small(new DelayDistribution.Fixed(
                (shorterHours + extraHours) * h), noTa, keepOld, seed), SimulationProgress.NONE);
        // same seed, same handshakes: a later client never holds a landmark an earlier one lacks
        assertTrue(early.landmarkRelativeShare() >= late.landmarkRelativeShare(),
                early.landmarkRelativeShare() + " < " + late.landmarkRelativeShare());
        assertTrue(early.standaloneShare() <= late.standaloneShare());
        // (mean bytes need not rise: a later client may get the old certificate's shorter landmark proof)
    }

    @Property(tries = 5)
    void sameSeedSameResult(@ForAll long seed) {
        SimulationParameters p = SimulationFixtures.small(new DelayDistribution.LogNormal(6 * SimulationFixtures.HOUR, 1.0),
                0.1, true, seed);
        assertEquals(Simulation.run(p, SimulationProgress.NONE), Simulation.run(p, SimulationProgress.NONE));
    }
}
