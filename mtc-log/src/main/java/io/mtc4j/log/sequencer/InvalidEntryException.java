package io.mtc4j.log.sequencer;

import io.mtc4j.spec.MtcException;
import java.util.Objects;

/**
 * An entry handed to {@link Sequencer#append} that an issuance log must not hold. The whole batch was refused
 * before anything was written. Names the entry's index within the batch and the rule it broke.
 */
public final class InvalidEntryException extends MtcException {
    private static final long serialVersionUID = 1L;

    /** The rule an entry broke. */
    public enum Rule {
        /** Above 65,535 bytes (draft §"Log Entries"; the tlog-tiles entry bundle's uint16 length prefix). */
        TOO_LARGE,
        /** Not an MTCLogEntry in the log's profile (the parser's message names the field). */
        MALFORMED,
        /** An entry type other than {@code null_entry} and {@code tbs_cert_entry}. */
        UNKNOWN_TYPE,
        /** An entry extension type the log is not configured to accept (none are defined). */
        UNKNOWN_EXTENSION,
        /** The log would exceed 2^48-1 entries (draft §"Issuance Logs"). */
        LOG_FULL
    }

    private final int index;
    private final Rule rule;

    InvalidEntryException(int index, Rule rule, String detail, Throwable cause) {
        super("entry " + index + " of the batch: " + Objects.requireNonNull(rule, "rule") + ": " + detail
                + "; nothing was written", cause);
        this.index = index;
        this.rule = rule;
    }

    /** The entry's index within the batch (0-based), not its index in the log. */
    public int index() {
        return index;
    }

    /** The rule broken. */
    public Rule rule() {
        return rule;
    }
}
