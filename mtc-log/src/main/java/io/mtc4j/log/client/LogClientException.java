package io.mtc4j.log.client;

import io.mtc4j.spec.MtcException;
import java.util.Objects;

/**
 * A log could not be read, or served something a client must not trust. The message names the check that failed,
 * where (the URL or path of the object) and why: {@code "<check> at <location>: <detail>"}. Nothing the failing
 * response carried is returned to the caller.
 */
public final class LogClientException extends MtcException {
    private static final long serialVersionUID = 1L;

    /** The check that failed; one per way a log can be broken or malicious. */
    public enum Check {
        /** A connection or transport failure (refused, reset, closed before the body ended) after every retry. */
        TRANSPORT("transport"),
        /** No response, or no complete body, within the request timeout (a stalled server), after every retry. */
        TIMEOUT("timeout"),
        /** An HTTP status other than 200 (404 for an object the verified checkpoint needs, 5xx after retries). */
        HTTP_STATUS("http-status"),
        /** A body longer than the object can be (a tile, bundle or checkpoint size bound). */
        OVERSIZED("oversized"),
        /** A body that cannot be decoded (an unsupported or corrupt Content-Encoding). */
        ENCODING("encoding"),
        /** The checkpoint is not a signed note holding a checkpoint (signed-note, tlog-checkpoint). */
        CHECKPOINT_PARSE("checkpoint-parse"),
        /** The checkpoint is for another origin than the configured one (tlog-checkpoint §"Note text"). */
        CHECKPOINT_ORIGIN("checkpoint-origin"),
        /** A known key's signature does not verify, none does, or the acceptance rule is not met (signed-note). */
        CHECKPOINT_SIGNATURE("checkpoint-signature"),
        /** The tree is smaller than the last verified checkpoint's (tlog-checkpoint: a rollback). */
        ROLLBACK("rollback"),
        /** The tree does not extend the last verified checkpoint (the same size with another root, or a fork). */
        FORK("fork"),
        /** A hash tile's length is not its path's width times HASH_SIZE (tlog-tiles §"Merkle Tree"). */
        TILE_WIDTH("tile-width"),
        /** The partial tiles of the verified size do not hash to the checkpoint's root (tlog-tiles). */
        ROOT("root"),
        /** A full hash tile does not hash to its hash in the tile above (tlog-tiles §"Merkle Tree"). */
        TILE_HASH("tile-hash"),
        /** An entry bundle is malformed or has the wrong number of entries (tlog-tiles §"Log entries"). */
        BUNDLE("bundle"),
        /** An entry does not hash to its leaf hash in the level-0 tile (tlog-tiles §"Log entries"). */
        LEAF_HASH("leaf-hash"),
        /** A request the verified checkpoint cannot answer (an index or subtree beyond its size). */
        BEYOND_CHECKPOINT("beyond-checkpoint");

        private final String label;

        Check(String label) {
            this.label = label;
        }

        /** The check's name in messages, e.g. {@code tile-hash}. */
        public String label() {
            return label;
        }
    }

    private final Check check;
    private final String location;
    private final String detail;

    /**
     * @param check    the failed check
     * @param location the URL (or path) of the object that failed it
     * @param detail   what was wrong, without the location
     */
    public LogClientException(Check check, String location, String detail) {
        this(check, location, detail, null);
    }

    /** As {@link #LogClientException(Check, String, String)}, with the underlying cause. */
    public LogClientException(Check check, String location, String detail, Throwable cause) {
        super(Objects.requireNonNull(check, "check").label() + " at " + location + ": " + detail, cause);
        this.check = check;
        this.location = Objects.requireNonNull(location, "location");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /** The failed check. */
    public Check check() {
        return check;
    }

    /** The URL or path of the object that failed the check. */
    public String location() {
        return location;
    }

    /** What was wrong, without the check and location. */
    public String detail() {
        return detail;
    }
}
