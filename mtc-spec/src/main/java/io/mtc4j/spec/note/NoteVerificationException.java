package io.mtc4j.spec.note;

import io.mtc4j.spec.MtcException;

/** A signed note failed verification (C2SP signed-note §"Signatures"): a known key's signature is bad, or none verifies. */
public final class NoteVerificationException extends MtcException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with the given detail.
     *
     * @param message the detail message
     */
    public NoteVerificationException(String message) {
        super(message);
    }
}
