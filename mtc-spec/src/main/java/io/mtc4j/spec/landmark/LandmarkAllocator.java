package io.mtc4j.spec.landmark;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The RECOMMENDED landmark allocation of draft §"Allocating Landmarks": time is cut into consecutive
 * intervals of {@code time_between_landmarks} from {@code epoch}; at most once per interval the latest
 * checkpoint tree size is appended if it is greater than the last landmark's. Immutable: {@link #step} returns
 * the next state.
 *
 * @param epoch                start of interval 0
 * @param timeBetweenLandmarks the interval length (positive)
 * @param sequence             the landmark sequence so far
 * @param lastAllocation       the interval of the last appended landmark, if any
 */
public record LandmarkAllocator(Instant epoch, Duration timeBetweenLandmarks, LandmarkSequence sequence,
        OptionalLong lastAllocation) {
    /**
     * Checks the components against the rules above and copies byte arrays.
     *
     * @param epoch start of interval 0
     * @param timeBetweenLandmarks the interval length (positive)
     * @param sequence the landmark sequence so far
     * @param lastAllocation the interval of the last appended landmark, if any
     */
    public LandmarkAllocator {
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(timeBetweenLandmarks, "timeBetweenLandmarks");
        Objects.requireNonNull(sequence, "sequence");
        Objects.requireNonNull(lastAllocation, "lastAllocation");
        if (timeBetweenLandmarks.isZero() || timeBetweenLandmarks.isNegative()) {
            throw new IllegalArgumentException("time_between_landmarks must be positive");
        }
    }

    /**
     * A fresh allocator holding only landmark zero.
     *
     * @param epoch start of interval 0
     * @param timeBetweenLandmarks the interval length (positive)
     * @return a fresh allocator holding only landmark zero
     */
    public static LandmarkAllocator start(Instant epoch, Duration timeBetweenLandmarks) {
        return new LandmarkAllocator(epoch, timeBetweenLandmarks, LandmarkSequence.initial(), OptionalLong.empty());
    }

    /**
     * The interval number containing {@code t} (floor division; negative before the epoch).
     *
     * @param t the value
     * @return the interval number containing {@code t} (floor division; negative before the epoch)
     */
    public long interval(Instant t) {
        Duration since = Duration.between(epoch, t);
        long n = since.toNanos() / timeBetweenLandmarks.toNanos();
        return since.isNegative() && since.toNanos() % timeBetweenLandmarks.toNanos() != 0 ? n - 1 : n;
    }

    /**
     * draft §"Allocating Landmarks" step 2 at time {@code now} with the latest checkpoint size: appends it if
     * no landmark was allocated in {@code now}'s interval and it is greater than the last landmark's size.
     *
     * @param now the current time
     * @param latestCheckpointSize the latest checkpoint's tree size
     * @return the {@code LandmarkAllocator}
     */
    public LandmarkAllocator step(Instant now, long latestCheckpointSize) {
        long i = interval(now);
        if (lastAllocation.isPresent() && lastAllocation.getAsLong() >= i) {
            return this;
        }
        long last = sequence.treeSize(sequence.lastLandmark());
        if (Long.compareUnsigned(latestCheckpointSize, last) <= 0) {
            return this;
        }
        return new LandmarkAllocator(epoch, timeBetweenLandmarks, sequence.append(latestCheckpointSize), OptionalLong.of(i));
    }

    /**
     * draft §"Allocating Landmarks": {@code max_active_landmarks = ceil(max_cert_lifetime / time_between_landmarks)
     * + 1}. Example: 7 days at one landmark per hour gives 169.
     *
     * @param maxCertLifetime the longest certificate lifetime
     * @param timeBetweenLandmarks the interval length (positive)
     * @return the {@code long}
     */
    public static long maxActiveLandmarks(Duration maxCertLifetime, Duration timeBetweenLandmarks) {
        if (maxCertLifetime.isNegative() || timeBetweenLandmarks.isZero() || timeBetweenLandmarks.isNegative()) {
            throw new IllegalArgumentException("lifetime must be >= 0 and time_between_landmarks > 0");
        }
        long a = maxCertLifetime.toNanos();
        long b = timeBetweenLandmarks.toNanos();
        return (a + b - 1) / b + 1;
    }
}
