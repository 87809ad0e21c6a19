package io.mtc4j.rp.subtrees;

import io.mtc4j.rp.config.RelyingPartyConfig;
import io.mtc4j.rp.config.TrustedSubtree;
import io.mtc4j.spec.landmark.LandmarkList;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a relying party trusts of one issuance log after a successful {@link LandmarkUpdater} round (draft
 * §"Trusted Subtrees"): the cosigned reference checkpoint, the landmarks file it was checked against, and the
 * window of active landmarks with their validated subtrees. Immutable; persisted by {@link TrustedSubtreesFile}.
 *
 * @param caId the CA ID
 * @param logNumber the log number (1..65535)
 * @param maxActiveLandmarks the CA's {@code max_active_landmarks}, if the relying party was configured with it
 * @param checkpoint the reference checkpoint, cosigned per the relying party's policy
 * @param landmarks the landmarks file the window was validated from
 * @param window the active landmarks and their trusted subtrees
 * @param updatedAt when the round that produced this state ran
 */
public record LandmarkState(TrustAnchorId caId, int logNumber, OptionalLong maxActiveLandmarks,
        TrustedSubtreeValidator.Checkpoint checkpoint, LandmarkList landmarks, ActiveLandmarks window,
        Instant updatedAt) {
    /**
     * Checks that no component is missing and that the window belongs to this CA and log.
     *
     * @param caId the CA ID
     * @param logNumber the log number (1..65535)
     * @param maxActiveLandmarks the CA's {@code max_active_landmarks}, if known
     * @param checkpoint the reference checkpoint
     * @param landmarks the landmarks file
     * @param window the active landmarks and their trusted subtrees
     * @param updatedAt when the round ran
     */
    public LandmarkState {
        Objects.requireNonNull(caId, "caId");
        Objects.requireNonNull(maxActiveLandmarks, "maxActiveLandmarks");
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(landmarks, "landmarks");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(updatedAt, "updatedAt");
        caId.logId(logNumber); // checks 1..65535
        for (TrustedSubtree t : window.trustedSubtrees()) {
            if (t.logNumber() != logNumber) {
                throw new IllegalArgumentException("trusted subtree " + t + " is not of log " + logNumber);
            }
        }
    }

    /**
     * The log's checkpoint origin, its log ID as a tlog name (mtc-tlog).
     *
     * @return the origin line, e.g. {@code oid/1.3.6.1.4.1.32473.1.0.1}
     */
    public String origin() {
        return caId.logId(logNumber).tlogName();
    }

    /**
     * The trusted subtrees of every active landmark, oldest first.
     *
     * @return the trusted subtrees
     */
    public List<TrustedSubtree> trustedSubtrees() {
        return window.trustedSubtrees();
    }

    /**
     * The landmark group ID {@code CA.2.N.L} this relying party advertises in TLS, L being the newest landmark
     * (draft §"Single-Log Landmark Groups"); empty while the log has no active landmark.
     *
     * @return the landmark group ID
     */
    public Optional<TrustAnchorId> landmarkGroupId() {
        return window.landmarkGroupId();
    }

    /**
     * The trust anchor ID {@code CA.1.N.L} of every active landmark, oldest first (draft "Use in TLS", §"Landmark-Relative Certificates").
     *
     * @return the landmark IDs
     */
    public List<TrustAnchorId> landmarkIds() {
        List<TrustAnchorId> out = new ArrayList<>();
        for (long l : window.landmarks()) {
            out.add(caId.landmarkId(logNumber, l));
        }
        return out;
    }

    /**
     * Configures this log's trusted subtrees in {@code config}: its CA's subtrees of this log are replaced by the
     * window's, those of other logs are kept.
     *
     * @param config the relying-party configuration, which must hold this CA
     * @return the configuration with this state's trusted subtrees
     * @throws IllegalArgumentException if the CA is not configured
     */
    public RelyingPartyConfig applyTo(RelyingPartyConfig config) {
        if (config.ca(caId).isEmpty()) {
            throw new IllegalArgumentException("CA " + caId + " is not configured");
        }
        return config.with(caId, c -> {
            List<TrustedSubtree> all = new ArrayList<>();
            for (TrustedSubtree t : c.trustedSubtrees()) {
                if (t.logNumber() != logNumber) {
                    all.add(t);
                }
            }
            all.addAll(trustedSubtrees());
            return c.withTrustedSubtrees(all);
        });
    }
}
