package io.mtc4j.log.witness;

import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.SignedNote;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The latest checkpoint a witness cosigned for one log (tlog-witness §"add-checkpoint": "the latest cosigned
 * checkpoint"), as served at the monitoring endpoint: the checkpoint with the log signatures the witness verified
 * and the witness's own cosignatures.
 *
 * @param checkpoint the checkpoint
 * @param note       the signed note: checkpoint text, verified log signatures, witness cosignatures
 */
public record CosignedCheckpoint(Checkpoint checkpoint, byte[] note) {
    /**
     * Checks that {@code note} is a signed note of {@code checkpoint} and copies it.
     *
     * @param checkpoint the checkpoint
     * @param note       the signed note
     */
    public CosignedCheckpoint {
        Objects.requireNonNull(checkpoint, "checkpoint");
        note = note.clone();
        if (!Checkpoint.parse(SignedNote.parse(note).text()).equals(checkpoint)) {
            throw new IllegalArgumentException("the note is not a note of " + checkpoint);
        }
    }

    /**
     * Parses a stored cosigned checkpoint note (strict).
     *
     * @param note the signed note
     * @return the value
     * @throws io.mtc4j.spec.MtcParseException if it is not a signed checkpoint note
     */
    public static CosignedCheckpoint parse(byte[] note) {
        return new CosignedCheckpoint(Checkpoint.parse(SignedNote.parse(note).text()), note);
    }

    /**
     * The signed note.
     *
     * @return a copy of the note bytes
     */
    @Override
    public byte[] note() {
        return note.clone();
    }

    /**
     * The tree size.
     *
     * @return the size
     */
    public long size() {
        return checkpoint.size();
    }

    /**
     * The origin.
     *
     * @return the origin line
     */
    public String origin() {
        return checkpoint.origin();
    }

    /**
     * tlog-witness §"Monitor Retrieval Mechanism": the lowercase hex SHA-256 of {@code origin}.
     *
     * @param origin the origin line
     * @return 64 lowercase hex digits
     */
    public static String originHash(String origin) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(origin.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CosignedCheckpoint c && c.checkpoint.equals(checkpoint) && Arrays.equals(c.note, note);
    }

    @Override
    public int hashCode() {
        return checkpoint.hashCode() * 31 + Arrays.hashCode(note);
    }

    @Override
    public String toString() {
        return "CosignedCheckpoint[" + checkpoint + "]";
    }
}
