package io.mtc4j.log.fsck;

import java.util.Objects;

/**
 * One problem {@link LogFsck} found in a log.
 *
 * @param kind    what is wrong
 * @param object  the tlog-tiles key of the object concerned ({@code "checkpoint"}, {@code "tile/0/x001/234"},
 *                {@code "tile/entries/000.p/17"}, {@code "landmarks"}), or {@code "log"} for the log as a whole
 * @param message what was expected and what was found, naming the rule
 */
public record Finding(Kind kind, String object, String message) {
    /** The kinds of finding. */
    public enum Kind {
        /** The log has no checkpoint. */
        CHECKPOINT_MISSING,
        /** The checkpoint is not a signed note holding a checkpoint (signed-note, tlog-checkpoint). */
        CHECKPOINT_MALFORMED,
        /** A required signature is missing, or a signature by a known key does not verify (signed-note). */
        CHECKPOINT_SIGNATURE,
        /** The origin is not the expected one, or not an MTC log ID {@code oid/1.3.6.1.4.1.<CA>.0.<N>} (mtc-tlog). */
        CHECKPOINT_ORIGIN,
        /** An earlier checkpoint given to check against is not consistent with the log (tlog-checkpoint). */
        CHECKPOINT_INCONSISTENT,
        /** A tile or entry bundle the checkpoint needs is absent (tlog-tiles). */
        OBJECT_MISSING,
        /** A tile or bundle has the wrong length or does not parse (tlog-tiles). */
        OBJECT_MALFORMED,
        /** Reading an object failed (I/O or transport error). */
        READ_ERROR,
        /** A hash tile differs from the one computed from the entries (tlog-tiles §"Merkle Tree"). */
        TILE_MISMATCH,
        /** The entries do not hash to the checkpoint's root (RFC 9162 §2.1.1). */
        ROOT_MISMATCH,
        /** An entry is not an MTCLogEntry in the log's profile (draft §"Log Entries"). */
        ENTRY_MALFORMED,
        /** An entry has a type other than null_entry and tbs_cert_entry. */
        ENTRY_UNKNOWN_TYPE,
        /** The landmarks file breaks draft §"Publishing Landmarks" or names sizes above the checkpoint's. */
        LANDMARKS_MALFORMED,
        /** More findings of one kind than are listed; the message gives the count. */
        MORE_FINDINGS
    }

    /** Requires every component. */
    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(message, "message");
    }

    /** {@code <kind> <object>: <message>}, one greppable line. */
    @Override
    public String toString() {
        return kind + " " + object + ": " + message;
    }
}
