package io.mtc4j.spec.landmark;

import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A single-log landmark group (draft §"Single-Log Landmark Groups"): ID {@code <CA ID>.2.<N>.<L>}; it contains
 * the CA ID itself and the landmarks {@code L - max_active_landmarks + 1} .. {@code L} of log N (IDs
 * {@code <CA ID>.1.<N>.<L'>}; numbers below zero do not exist). A relying party whose latest trusted landmark
 * of log N is L sends this group's ID.
 *
 * @param caId               the CA ID
 * @param logNumber          the log number N (1..65535)
 * @param landmark           the latest landmark L
 * @param maxActiveLandmarks the CA's max_active_landmarks
 */
public record LandmarkGroup(TrustAnchorId caId, int logNumber, long landmark, long maxActiveLandmarks) {
    /**
     * Checks the components against the rules above and copies byte arrays.
     *
     * @param caId the CA ID
     * @param logNumber the log number N (1..65535)
     * @param landmark the latest landmark L
     * @param maxActiveLandmarks the CA's max_active_landmarks
     */
    public LandmarkGroup {
        Objects.requireNonNull(caId, "caId");
        if (logNumber < 1 || logNumber > 0xffff) {
            throw new IllegalArgumentException("log number must be 1..65535");
        }
        if (landmark < 0) {
            throw new IllegalArgumentException("landmark must be non-negative");
        }
        if (maxActiveLandmarks < 1) {
            throw new IllegalArgumentException("max_active_landmarks is a positive integer");
        }
    }

    /**
     * The group's trust anchor ID {@code <CA ID>.2.<N>.<L>}.
     *
     * @return the group's trust anchor ID {@code <CA ID>.2.<N>.<L>}
     */
    public TrustAnchorId id() {
        return caId.landmarkGroupId(logNumber, landmark);
    }

    /**
     * The oldest landmark in the group, {@code max(0, L - max_active_landmarks + 1)}.
     *
     * @return the oldest landmark in the group, {@code max(0, L - max_active_landmarks + 1)}
     */
    public long firstLandmark() {
        return Math.max(0, landmark - maxActiveLandmarks + 1);
    }

    /**
     * Whether landmark {@code number} of this group's log is a member.
     *
     * @param number the number
     * @return whether landmark {@code number} of this group's log is a member
     */
    public boolean containsLandmark(long number) {
        return number >= firstLandmark() && number <= landmark;
    }

    /**
     * Whether trust anchor {@code id} is a member: the CA ID, or a member landmark's ID.
     *
     * @param id the trust anchor ID
     * @return whether trust anchor {@code id} is a member: the CA ID, or a member landmark's ID
     */
    public boolean contains(TrustAnchorId id) {
        if (id.equals(caId)) {
            return true;
        }
        if (!id.startsWith(caId)) {
            return false;
        }
        List<Long> c = id.components();
        int base = caId.components().size();
        return c.size() == base + 3 && c.get(base) == 1 && c.get(base + 1) == logNumber
                && containsLandmark(c.get(base + 2));
    }

    /**
     * The member trust anchor IDs: the CA ID, then landmarks oldest first.
     *
     * @return the member trust anchor IDs: the CA ID, then landmarks oldest first
     */
    public List<TrustAnchorId> members() {
        List<TrustAnchorId> out = new ArrayList<>();
        out.add(caId);
        // by offset from L, so that L = 2^63-1 does not overflow
        for (long i = landmark - firstLandmark(); i >= 0; i--) {
            out.add(caId.landmarkId(logNumber, landmark - i));
        }
        return List.copyOf(out);
    }

    /**
     * The group named by {@code id} if it is a landmark group ID {@code <caId>.2.<N>.<L>} of this CA.
     *
     * @param caId the CA ID
     * @param id the trust anchor ID
     * @param maxActiveLandmarks the CA's max_active_landmarks
     * @return the group named by {@code id} if it is a landmark group ID {@code <caId>.2.<N>.<L>} of this CA
     */
    public static Optional<LandmarkGroup> fromId(TrustAnchorId caId, TrustAnchorId id, long maxActiveLandmarks) {
        if (!id.startsWith(caId)) {
            return Optional.empty();
        }
        List<Long> c = id.components();
        int base = caId.components().size();
        if (c.size() != base + 3 || c.get(base) != 2 || c.get(base + 1) < 1 || c.get(base + 1) > 0xffff
                || c.get(base + 2) < 0) {
            return Optional.empty();
        }
        return Optional.of(new LandmarkGroup(caId, (int) (long) c.get(base + 1), c.get(base + 2), maxActiveLandmarks));
    }
}
