package io.mtc4j.log.mirror;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.SignedNote;
import java.util.List;
import java.util.Objects;

/**
 * A tlog-witness {@code add-checkpoint} request body, which a mirror takes too (tlog-mirror §"add-checkpoint"):
 * {@code old <size>}, up to 63 consistency proof lines (RFC 6962 §2.1.2, base64), an empty line, the signed
 * checkpoint.
 *
 * @param oldSize    the size of the previous checkpoint the client believes the cosigner has
 * @param proof      the consistency proof from {@code oldSize} to the checkpoint's size
 * @param note       the signed checkpoint
 * @param checkpoint the checkpoint of {@code note}
 */
public record AddCheckpointRequest(long oldSize, List<byte[]> proof, SignedNote note, Checkpoint checkpoint) {
    /** Checks the components; copies the proof. */
    public AddCheckpointRequest {
        if (oldSize < 0) {
            throw new IllegalArgumentException("old size must be 0..2^63-1");
        }
        proof = CosignerRequest.copy(proof);
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(checkpoint, "checkpoint");
        if (proof.size() > CosignerRequest.MAX_PROOF_LINES) {
            throw new IllegalArgumentException("at most 63 proof lines");
        }
    }

    /**
     * A request for {@code note}.
     *
     * @param oldSize the old size
     * @param proof   the consistency proof
     * @param note    the signed checkpoint
     * @return the request
     */
    public static AddCheckpointRequest of(long oldSize, List<byte[]> proof, SignedNote note) {
        return new AddCheckpointRequest(oldSize, proof, note, Checkpoint.parse(note.text()));
    }

    @Override
    public List<byte[]> proof() {
        return CosignerRequest.copy(proof);
    }

    /**
     * Parses a body strictly (tlog-witness §"add-checkpoint").
     *
     * @param body the request body
     * @return the request
     * @throws MtcParseException naming the field and the rule
     */
    public static AddCheckpointRequest parse(byte[] body) {
        CosignerRequest r = CosignerRequest.parse("add-checkpoint", body, 1);
        String old = r.header.get(0);
        if (!old.startsWith("old ")) {
            throw new MtcParseException("add-checkpoint.old", "the first line must be 'old <size>'");
        }
        long oldSize = CosignerRequest.number("add-checkpoint.old", old.substring(4));
        return new AddCheckpointRequest(oldSize, r.proof, r.note, r.checkpoint);
    }

    /**
     * The request body.
     *
     * @return the body
     */
    public byte[] format() {
        return CosignerRequest.format(List.of("old " + oldSize), proof, note);
    }
}
