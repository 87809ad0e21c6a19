package io.mtc4j.rp.subtrees;

import io.mtc4j.rp.config.TrustedSubtree;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A relying party's trusted subtrees for one log, kept as a window of the most recent {@code maxActiveLandmarks}
 * landmarks (draft §"Landmark Tree Sizes": at most {@code 2 * max_active_landmarks} subtrees). Adding newly
 * validated landmarks prunes those that fell out of the window. Immutable: {@link #update} returns a new window.
 */
public final class ActiveLandmarks {
    private final TrustAnchorId caId;
    private final int logNumber;
    private final long maxActiveLandmarks;
    private final SortedMap<Long, List<TrustedSubtree>> byLandmark;

    private ActiveLandmarks(TrustAnchorId caId, int logNumber, long maxActiveLandmarks,
            SortedMap<Long, List<TrustedSubtree>> byLandmark) {
        this.caId = caId;
        this.logNumber = logNumber;
        this.maxActiveLandmarks = maxActiveLandmarks;
        this.byLandmark = Collections.unmodifiableSortedMap(byLandmark);
    }

    /**
     * An empty window.
     *
     * @param caId the CA ID
     * @param logNumber the log number (1..65535)
     * @param maxActiveLandmarks the most landmarks a relying party keeps active
     * @return an empty window
     */
    public static ActiveLandmarks empty(TrustAnchorId caId, int logNumber, long maxActiveLandmarks) {
        if (maxActiveLandmarks < 1) {
            throw new IllegalArgumentException("max_active_landmarks must be positive");
        }
        caId.logId(logNumber); // checks 1..65535
        return new ActiveLandmarks(caId, logNumber, maxActiveLandmarks, new TreeMap<>());
    }

    /**
     * Adds the landmarks of an accepted validation (replacing ones with the same number) and prunes every landmark
     * at or below {@code last - maxActiveLandmarks}, where {@code last} is the newest landmark held.
     *
     * @param outcome the outcome
     * @return the {@code ActiveLandmarks}
     */
    public ActiveLandmarks update(TrustedSubtreeValidator.Outcome outcome) {
        if (!outcome.accepted()) {
            throw new IllegalArgumentException("refused validation: " + outcome.refusal().get());
        }
        SortedMap<Long, List<TrustedSubtree>> m = new TreeMap<>(byLandmark);
        for (TrustedSubtreeValidator.LandmarkSubtrees l : outcome.landmarks()) {
            for (TrustedSubtree t : l.subtrees()) {
                if (t.logNumber() != logNumber) {
                    throw new IllegalArgumentException("subtree " + t + " is not of log " + logNumber);
                }
            }
            m.put(l.landmark(), l.subtrees());
        }
        if (!m.isEmpty()) {
            long floor = m.lastKey() - maxActiveLandmarks;
            m.headMap(floor + 1).clear();
        }
        return new ActiveLandmarks(caId, logNumber, maxActiveLandmarks, m);
    }

    /**
     * The newest landmark held.
     *
     * @return the newest landmark held
     */
    public Optional<Long> lastLandmark() {
        return byLandmark.isEmpty() ? Optional.empty() : Optional.of(byLandmark.lastKey());
    }

    /**
     * The landmark numbers held, oldest first.
     *
     * @return the landmark numbers held, oldest first
     */
    public List<Long> landmarks() {
        return List.copyOf(byLandmark.keySet());
    }

    /**
     * Every trusted subtree in the window, oldest landmark first.
     *
     * @return every trusted subtree in the window, oldest landmark first
     */
    public List<TrustedSubtree> trustedSubtrees() {
        List<TrustedSubtree> out = new ArrayList<>();
        for (Map.Entry<Long, List<TrustedSubtree>> e : byLandmark.entrySet()) {
            out.addAll(e.getValue());
        }
        return out;
    }

    /**
     * The landmark group ID {@code CA.2.N.L} to advertise in TLS (draft §"Single-Log Landmark Groups"), L being
     * the newest landmark held.
     *
     * @return the landmark group ID {@code CA.2.N.L} to advertise in TLS (draft §"Single-Log Landmark Groups"), L being the newest landmark held
     */
    public Optional<TrustAnchorId> landmarkGroupId() {
        return lastLandmark().map(l -> caId.landmarkGroupId(logNumber, l));
    }

    /**
     * The max active landmarks.
     *
     * @return the most landmarks a relying party keeps active
     */
    public long maxActiveLandmarks() {
        return maxActiveLandmarks;
    }

    @Override
    public String toString() {
        return "ActiveLandmarks[" + caId + " log " + logNumber + ", landmarks " + byLandmark.keySet() + "]";
    }
}
