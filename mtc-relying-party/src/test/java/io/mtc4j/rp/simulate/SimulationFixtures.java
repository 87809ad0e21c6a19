package io.mtc4j.rp.simulate;

import io.mtc4j.spec.cosign.SignatureAlgorithm;
import java.util.OptionalLong;

/** Parameters for tests: the draft's, with a shorter measured span and fewer handshakes unless a test needs more. */
final class SimulationFixtures {
    private SimulationFixtures() {}

    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;

    static SimulationParameters draft(long durationMillis, int handshakes) {
        SimulationParameters d = SimulationParameters.draftDefaults();
        return with(d, d.rpDelay(), true, d.lifetimeMillis(), d.landmarkIntervalMillis(), durationMillis, handshakes);
    }

    static SimulationParameters with(SimulationParameters d, DelayDistribution rpDelay, boolean keepOld, long lifetime,
            long landmarkInterval, long duration, int handshakes) {
        return new SimulationParameters(d.rate(), d.checkpointIntervalMillis(), landmarkInterval, lifetime,
                OptionalLong.empty(), d.renewAt(), keepOld, d.subscriberDelay(), rpDelay, d.noTrustAnchorsShare(),
                d.cosigners(), SignatureAlgorithm.ECDSA_P256_SHA256, duration, d.seed(), handshakes);
    }

    /** A small, fast deployment: 100k certificates an hour, 1-minute checkpoints, for properties. */
    static SimulationParameters small(DelayDistribution rpDelay, double noTrustAnchors, boolean keepOld, long seed) {
        return new SimulationParameters(new Rate(100_000), 60_000, HOUR, 2 * DAY, OptionalLong.empty(), 0.75, keepOld,
                new DelayDistribution.Fixed(0), rpDelay, noTrustAnchors, 1, SignatureAlgorithm.ECDSA_P256_SHA256,
                2 * DAY, seed, 4_000);
    }
}
