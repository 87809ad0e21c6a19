package io.mtc4j.rp.simulate;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.landmark.LandmarkAllocator;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Everything a simulation depends on. {@link #draftDefaults()} are the parameters of the draft's §"Size Estimates"
 * (4.4 M certificates an hour, a checkpoint every 2 s, hourly landmarks, 7-day lifetime, renewal at 75 %, old
 * certificate kept) with clients that update at once and a simulated month. Errors name the {@code mtc simulate}
 * flag of the offending parameter.
 *
 * @param rate the CA's issuance rate ({@code --rate})
 * @param checkpointIntervalMillis time between checkpoints ({@code --checkpoint-interval}), positive
 * @param landmarkIntervalMillis {@code time_between_landmarks} ({@code --landmark-interval}), positive
 * @param lifetimeMillis the maximum certificate lifetime ({@code --lifetime}), positive
 * @param maxActiveLandmarks {@code max_active_landmarks} if given ({@code --max-active-landmarks}), else derived as in
 *     §"Allocating Landmarks"
 * @param renewAt the share of the lifetime after which subscribers renew ({@code --renew-at}), in (0, 1]
 * @param keepOld whether subscribers keep the previous certificate until it expires (§"Certificate Renewal";
 *     {@code --drop-old} turns it off)
 * @param subscriberDelay delay from a landmark's allocation until the subscriber deploys its landmark-relative
 *     certificate ({@code --subscriber-delay})
 * @param rpDelay delay from a landmark's allocation until a client holds its trusted subtrees ({@code --rp-delay})
 * @param noTrustAnchorsShare share of clients that send no {@code trust_anchors} extension
 *     ({@code --no-trust-anchors-share}), in [0, 1]
 * @param cosigners number of ML-DSA-44 subtree signatures in a standalone certificate ({@code --cosigners}), 1..16
 * @param subjectKey the subject key's algorithm ({@code --subject-key})
 * @param durationMillis the measured span of simulated time ({@code --duration}), positive
 * @param seed the seed of every random choice ({@code --seed})
 * @param handshakes the number of handshakes sampled ({@code --handshakes}), 1..100,000,000
 */
public record SimulationParameters(Rate rate, long checkpointIntervalMillis, long landmarkIntervalMillis,
        long lifetimeMillis, OptionalLong maxActiveLandmarks, double renewAt, boolean keepOld,
        DelayDistribution subscriberDelay, DelayDistribution rpDelay, double noTrustAnchorsShare, int cosigners,
        SignatureAlgorithm subjectKey, long durationMillis, long seed, int handshakes) {

    /**
     * Checks every parameter and names the flag of the first one out of range.
     *
     * @param rate the issuance rate
     * @param checkpointIntervalMillis time between checkpoints
     * @param landmarkIntervalMillis time between landmarks
     * @param lifetimeMillis the maximum lifetime
     * @param maxActiveLandmarks max_active_landmarks if given
     * @param renewAt the renewal point
     * @param keepOld whether the old certificate is kept
     * @param subscriberDelay the subscriber's deployment delay
     * @param rpDelay the relying party's update delay
     * @param noTrustAnchorsShare the share of clients without trust_anchors
     * @param cosigners the number of cosignatures
     * @param subjectKey the subject key algorithm
     * @param durationMillis the measured span
     * @param seed the seed
     * @param handshakes the number of handshakes sampled
     * @throws MtcParseException naming the flag of a parameter out of range
     */
    public SimulationParameters {
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(maxActiveLandmarks, "maxActiveLandmarks");
        Objects.requireNonNull(subscriberDelay, "subscriberDelay");
        Objects.requireNonNull(rpDelay, "rpDelay");
        Objects.requireNonNull(subjectKey, "subjectKey");
        positive("--checkpoint-interval", checkpointIntervalMillis);
        positive("--landmark-interval", landmarkIntervalMillis);
        positive("--lifetime", lifetimeMillis);
        positive("--duration", durationMillis);
        if (maxActiveLandmarks.isPresent() && maxActiveLandmarks.getAsLong() < 1) {
            throw new MtcParseException("--max-active-landmarks", "must be a positive integer, got "
                    + maxActiveLandmarks.getAsLong());
        }
        if (!(renewAt > 0 && renewAt <= 1)) {
            throw new MtcParseException("--renew-at", "must be in (0, 1], got " + renewAt);
        }
        if (Math.round(renewAt * lifetimeMillis) < 1) {
            throw new MtcParseException("--renew-at", "renews more than once a millisecond");
        }
        if (!(noTrustAnchorsShare >= 0 && noTrustAnchorsShare <= 1)) {
            throw new MtcParseException("--no-trust-anchors-share", "must be in [0, 1], got " + noTrustAnchorsShare);
        }
        if (cosigners < 1 || cosigners > 16) {
            throw new MtcParseException("--cosigners", "must be 1..16 (the CA's own ML-DSA-44 cosignature counts), got "
                    + cosigners);
        }
        if (handshakes < 1 || handshakes > 100_000_000) {
            throw new MtcParseException("--handshakes", "must be 1..100000000, got " + handshakes);
        }
    }

    private static void positive(String flag, long millis) {
        if (millis <= 0) {
            throw new MtcParseException(flag, "must be a positive duration, got " + Durations.format(Math.max(0, millis)));
        }
    }

    /**
     * The draft's parameters (§"Size Estimates", §"Certificate Renewal"), one cosignature (the CA's ML-DSA-44),
     * an ECDSA P-256 subject key, clients that update at once and send {@code trust_anchors}, a simulated month,
     * seed 1 and a million handshakes.
     *
     * @return the defaults
     */
    public static SimulationParameters draftDefaults() {
        return new SimulationParameters(new Rate(4_400_000), 2_000, 3_600_000, 7 * 86_400_000L, OptionalLong.empty(),
                0.75, true, new DelayDistribution.Fixed(0), new DelayDistribution.Fixed(0), 0.0, 1,
                SignatureAlgorithm.ECDSA_P256_SHA256, 30 * 86_400_000L, 1, 1_000_000);
    }

    /**
     * {@code max_active_landmarks}: as given, else {@code ceil(max_cert_lifetime / time_between_landmarks) + 1}
     * (draft §"Allocating Landmarks", {@link LandmarkAllocator#maxActiveLandmarks}).
     *
     * @return max_active_landmarks
     */
    public long effectiveMaxActiveLandmarks() {
        return maxActiveLandmarks.orElseGet(() -> LandmarkAllocator.maxActiveLandmarks(Duration.ofMillis(lifetimeMillis),
                Duration.ofMillis(landmarkIntervalMillis)));
    }

    /**
     * The time between a subscriber's renewals: {@code renewAt * lifetime}, in whole milliseconds.
     *
     * @return the renewal period in milliseconds
     */
    public long renewalPeriodMillis() {
        return Math.round(renewAt * lifetimeMillis);
    }
}
