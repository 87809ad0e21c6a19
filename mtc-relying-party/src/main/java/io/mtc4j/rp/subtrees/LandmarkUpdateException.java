package io.mtc4j.rp.subtrees;

import io.mtc4j.spec.MtcException;
import java.util.Objects;

/**
 * Why a round of the {@link LandmarkUpdater} changed nothing: the log could not be read, or what it served does not
 * prove the new trusted subtrees (draft §"Trusted Subtrees"). The relying party keeps its previous state.
 */
public final class LandmarkUpdateException extends MtcException {
    private static final long serialVersionUID = 1L;

    /** The kind of failure; {@link #lying()} tells a log caught serving inconsistent data from a fetch failure. */
    public enum Reason {
        /** The log did not answer (transport, timeout, HTTP status other than 200 and 404). */
        UNAVAILABLE("unavailable", false),
        /** The log publishes no landmarks file (mtc-tlog: {@code <prefix>/<N>/landmarks}). */
        NO_LANDMARKS("no-landmarks", false),
        /** The landmarks file breaks the format of draft §"Publishing Landmarks". */
        MALFORMED_LANDMARKS("malformed-landmarks", true),
        /** The checkpoint is unreadable, for another log, or its tiles do not hash to its root (tlog-tiles). */
        BAD_CHECKPOINT("bad-checkpoint", true),
        /** The cosigners whose signatures verify on the checkpoint do not satisfy the relying party's policy. */
        POLICY_NOT_MET("policy-not-met", true),
        /** The checkpoint or the last landmark is older than the state already trusted (a rollback). */
        ROLLBACK("rollback", true),
        /** The checkpoint does not extend the checkpoint already trusted (tlog-checkpoint: a fork). */
        FORK("fork", true),
        /**
         * The landmarks are not consistent with the cosigned checkpoint or with the landmarks already trusted: a
         * tree size beyond the checkpoint, a landmark subtree without a valid consistency proof, or a past
         * landmark whose tree size changed (draft §"Landmark Tree Sizes": the sequence is append-only).
         */
        INCONSISTENT_LANDMARKS("inconsistent-landmarks", true),
        /**
         * The window of active landmarks shrank: fewer active landmarks than before, or than
         * {@code min(max_active_landmarks, last_landmark)} (draft §"Landmark Tree Sizes").
         */
        WINDOW_SHRANK("window-shrank", true);

        private final String label;
        private final boolean lying;

        Reason(String label, boolean lying) {
            this.label = label;
            this.lying = lying;
        }

        /**
         * The reason as printed, e.g. {@code rollback}.
         *
         * @return the reason's label
         */
        public String label() {
            return label;
        }

        /**
         * Whether this reason means the log served data that is wrong, not merely unavailable.
         *
         * @return true if the log misbehaved
         */
        public boolean lying() {
            return lying;
        }
    }

    private final Reason reason;
    private final String location;

    /**
     * A failed round.
     *
     * @param reason the kind of failure
     * @param location the URL or path that was read
     * @param detail what was wrong
     * @param cause the underlying failure, or null
     */
    public LandmarkUpdateException(Reason reason, String location, String detail, Throwable cause) {
        super(reason.label() + " at " + location + ": " + detail, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.location = Objects.requireNonNull(location, "location");
    }

    /**
     * The kind of failure.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * Where the failing object was read from.
     *
     * @return its URL or path
     */
    public String location() {
        return location;
    }
}
