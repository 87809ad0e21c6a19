package io.mtc4j.rp.simulate;

import static io.mtc4j.rp.simulate.SimulationFixtures.DAY;
import static io.mtc4j.rp.simulate.SimulationFixtures.HOUR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The limiting cases of issue 19, on the draft's parameters. */
class LimitingCasesTest {
    static final int HANDSHAKES = 200_000;

    @Test
    void clientsThatUpdateAtOnceGetLandmarkRelativeForAllButNotYetLandmarkedIssuance() {
        SimulationParameters d = SimulationFixtures.draft(2 * DAY, HANDSHAKES);
        SimulationParameters dropOld = SimulationFixtures.with(d, new DelayDistribution.Fixed(0), false,
                d.lifetimeMillis(), d.landmarkIntervalMillis(), d.durationMillis(), HANDSHAKES);
        SimulationResult r = Simulation.run(dropOld, SimulationProgress.NONE);
        // every handshake whose subscriber holds a landmarked certificate gets the landmark-relative one
        assertEquals(1 - r.uncoveredShare(), r.landmarkRelativeShare(), 1e-12);
        assertEquals(r.uncoveredShare(), r.standaloneShare(), 1e-12);
        // a certificate waits on average half a landmark interval for its landmark: 0.5 h of its 126 h in use
        double expected = 0.5 * HOUR / (0.75 * 7 * DAY);
        double sigma = Math.sqrt(expected / HANDSHAKES);
        assertEquals(expected, r.uncoveredShare(), 5 * sigma, "not yet landmarked share");
        // keeping the old certificate (the draft's renewal) covers that wait: every handshake is landmark-relative
        SimulationResult kept = Simulation.run(d, SimulationProgress.NONE);
        assertEquals(1.0, kept.landmarkRelativeShare());
    }

    @Test
    void clientsThatNeverUpdateGetNone() {
        SimulationParameters d = SimulationFixtures.draft(DAY, 50_000);
        SimulationResult r = Simulation.run(SimulationFixtures.with(d, new DelayDistribution.Fixed(
                DelayDistribution.Fixed.NEVER), true, d.lifetimeMillis(), d.landmarkIntervalMillis(), DAY, 50_000),
                SimulationProgress.NONE);
        assertEquals(0.0, r.landmarkRelativeShare());
        assertEquals(1.0, r.standaloneShare());
        assertEquals(r.standaloneCertificateBytes(), r.p50AuthBytes(), 32.0 * 2);
    }

    @Test
    void lifetimeShorterThanTheLandmarkIntervalMakesLandmarksUseless() {
        SimulationParameters d = SimulationFixtures.draft(DAY, HANDSHAKES);
        // a certificate is landmark-relative only after the next allocation; with one landmark a day and 1-hour
        // certificates only handshakes whose subscriber's certificates straddle that allocation can use it
        SimulationResult r = Simulation.run(SimulationFixtures.with(d, new DelayDistribution.Fixed(0), true, HOUR,
                DAY, 4 * DAY, HANDSHAKES), SimulationProgress.NONE);
        assertEquals(2, r.maxActiveLandmarks());
        double bound = (double) HOUR / DAY;
        assertTrue(r.landmarkRelativeShare() <= bound, "share " + r.landmarkRelativeShare() + " above " + bound);
        // and the share shrinks with the ratio: 10-minute certificates against daily landmarks
        SimulationResult shorter = Simulation.run(SimulationFixtures.with(d, new DelayDistribution.Fixed(0), true,
                10 * 60_000, DAY, 4 * DAY, HANDSHAKES), SimulationProgress.NONE);
        assertTrue(shorter.landmarkRelativeShare() < r.landmarkRelativeShare());
        assertTrue(shorter.landmarkRelativeShare() <= 10.0 / (24 * 60));
        // against hourly landmarks the 7-day draft lifetime is fully covered (see the first test)
    }
}
