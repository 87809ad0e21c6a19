package io.mtc4j.log.mirror;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.SignedNote;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A tlog-witness {@code sign-subtree} request body, which a mirror takes too (tlog-mirror §"sign-subtree"):
 * {@code subtree <start> <end>}, the subtree hash in base64, up to 63 subtree consistency proof lines (draft
 * §"Subtree Consistency Proofs"), an empty line, the reference checkpoint signed by the cosigner.
 *
 * @param start       the subtree's start
 * @param end         the subtree's end (exclusive)
 * @param subtreeHash the subtree's hash
 * @param proof       the subtree consistency proof to the checkpoint
 * @param note        the reference checkpoint
 * @param checkpoint  the checkpoint of {@code note}
 */
public record SignSubtreeRequest(long start, long end, byte[] subtreeHash, List<byte[]> proof, SignedNote note,
        Checkpoint checkpoint) {
    /** Checks the components; copies the hash and the proof. */
    public SignSubtreeRequest {
        if (start < 0 || end < 0) {
            throw new IllegalArgumentException("start and end must be 0..2^63-1");
        }
        subtreeHash = Objects.requireNonNull(subtreeHash, "subtreeHash").clone();
        proof = CosignerRequest.copy(proof);
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(checkpoint, "checkpoint");
        if (proof.size() > CosignerRequest.MAX_PROOF_LINES) {
            throw new IllegalArgumentException("at most 63 proof lines");
        }
    }

    /**
     * A request for {@code [start, end)} against {@code note}.
     *
     * @param start       the subtree's start
     * @param end         the subtree's end
     * @param subtreeHash the subtree's hash
     * @param proof       the subtree consistency proof
     * @param note        the reference checkpoint
     * @return the request
     */
    public static SignSubtreeRequest of(long start, long end, byte[] subtreeHash, List<byte[]> proof,
            SignedNote note) {
        return new SignSubtreeRequest(start, end, subtreeHash, proof, note, Checkpoint.parse(note.text()));
    }

    @Override
    public byte[] subtreeHash() {
        return subtreeHash.clone();
    }

    @Override
    public List<byte[]> proof() {
        return CosignerRequest.copy(proof);
    }

    /**
     * Parses a body strictly (tlog-witness §"sign-subtree").
     *
     * @param body the request body
     * @return the request
     * @throws MtcParseException naming the field and the rule
     */
    public static SignSubtreeRequest parse(byte[] body) {
        CosignerRequest r = CosignerRequest.parse("sign-subtree", body, 2);
        String[] range = r.header.get(0).split(" ", -1);
        if (range.length != 3 || !range[0].equals("subtree")) {
            throw new MtcParseException("sign-subtree.subtree", "the first line must be 'subtree <start> <end>'");
        }
        long start = CosignerRequest.number("sign-subtree.start", range[1]);
        long end = CosignerRequest.number("sign-subtree.end", range[2]);
        byte[] hash = CosignerRequest.hash("sign-subtree.hash", r.header.get(1));
        return new SignSubtreeRequest(start, end, hash, r.proof, r.note, r.checkpoint);
    }

    /**
     * The request body.
     *
     * @return the body
     */
    public byte[] format() {
        return CosignerRequest.format(List.of("subtree " + start + " " + end,
                Base64.getEncoder().encodeToString(subtreeHash)), proof, note);
    }
}
