package io.mtc4j.log.witness;

import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Signer;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.merkle.MerkleHash;
import io.mtc4j.spec.merkle.Rfc9162Proofs;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.NoteSigner;
import io.mtc4j.spec.note.SignedNote;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * A log that plays the client side of tlog-witness in checks and tests ({@code mtc conformance witness}, the witness
 * tests): a deterministic tree (entry i is {@code "<variant> <i>"} from {@code forkAt}
 * on, {@code "mtc4j conformance witness entry <i>"} before, so one origin's main tree is the same on every run and
 * a fork agrees with it up to {@code forkAt}) signed by an Ed25519 note key (signed-note type 0x01) derived from the
 * origin, so that the witness can be configured once with {@link #vkey(String)}. Its keys are public test
 * material: never trust them outside tests. Not thread-safe.
 */
public final class SimulatedLog {
    private final String origin;
    private final NoteSigner signer;
    private final String variant;
    private final long forkAt;
    private final MemoryTree tree = new MemoryTree(HashFunction.sha256());

    /**
     * A log of {@code origin} signed by {@code signer}, forking from the main tree after {@code forkAt} entries.
     *
     * @param origin  the origin line
     * @param signer  the log's note key
     * @param variant the name of the entries after the fork
     * @param forkAt  the entries shared with the main tree ({@code Long.MAX_VALUE}: the main tree)
     */
    public SimulatedLog(String origin, NoteSigner signer, String variant, long forkAt) {
        this.origin = origin;
        this.signer = signer;
        this.variant = variant;
        this.forkAt = forkAt;
    }

    /**
     * The main tree of {@code origin}, signed by its derived key.
     *
     * @param origin the origin
     * @return the log
     */
    public static SimulatedLog main(String origin) {
        return new SimulatedLog(origin, signer(origin, "log"), "main", Long.MAX_VALUE);
    }

    /**
     * A fork of {@code origin}'s main tree after {@code forkAt} entries, signed by the same key.
     *
     * @param origin  the origin
     * @param variant names the fork's entries
     * @param forkAt  the entries shared with the main tree
     * @return the log
     */
    public static SimulatedLog fork(String origin, String variant, long forkAt) {
        return new SimulatedLog(origin, signer(origin, "log"), variant, forkAt);
    }

    /**
     * The main tree signed by a key the witness does not trust, under the origin's name.
     *
     * @param origin the origin
     * @return the log
     */
    public static SimulatedLog untrusted(String origin) {
        return new SimulatedLog(origin, signer(origin, "untrusted"), "main", Long.MAX_VALUE);
    }

    /**
     * The verifier key of the log {@code origin}: configure the witness with it.
     *
     * @param origin the origin
     * @return the vkey
     */
    public static String vkey(String origin) {
        return signer(origin, "log").verifier().vkey().orElseThrow();
    }

    /**
     * The Ed25519 note key of {@code role} for {@code origin}: seed SHA-256("mtc4j conformance witness <role>
     * key\n" + origin), public test material.
     *
     * @param origin the origin (the key's name)
     * @param role   {@code log} for the trusted key, anything else for others
     * @return the signer
     */
    public static NoteSigner signer(String origin, String role) {
        byte[] seed;
        try {
            seed = MessageDigest.getInstance("SHA-256").digest(("mtc4j conformance witness " + role + " key\n"
                    + origin).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Signer key = Keys.signer(SignatureAlgorithm.ED25519, Keys.ed25519SeedPkcs8(seed));
        return NoteSigner.ed25519(origin, key);
    }

    /**
     * The origin.
     *
     * @return the origin line
     */
    public String origin() {
        return origin;
    }

    private void grow(long size) {
        while (tree.size() < size) {
            long i = tree.size();
            tree.appendEntry(((i < forkAt ? "mtc4j conformance witness entry" : variant) + " " + i)
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The root hash at {@code size}.
     *
     * @param size the tree size
     * @return MTH(D[0:size])
     */
    public byte[] root(long size) {
        if (size == 0) {
            return MerkleHash.emptyHash(HashFunction.sha256());
        }
        grow(size);
        return SubtreeProofs.subtreeHash(tree, new Subtree(0, size));
    }

    /**
     * The checkpoint at {@code size}.
     *
     * @param size the tree size
     * @return the checkpoint
     */
    public Checkpoint checkpoint(long size) {
        return new Checkpoint(origin, size, root(size));
    }

    /**
     * The checkpoint of {@code size} signed by this log's key.
     *
     * @param size the tree size
     * @return the signed note
     */
    public byte[] note(long size) {
        return sign(checkpoint(size));
    }

    /**
     * {@code c} signed by this log's key.
     *
     * @param c a checkpoint
     * @return the signed note
     */
    public byte[] sign(Checkpoint c) {
        return SignedNote.sign(c.format(), List.of(signer)).format().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * RFC 6962 §2.1.2 {@code PROOF(old, D[size])}; empty for old 0 or old &gt;= size.
     *
     * @param old  the old size
     * @param size the new size
     * @return the proof (a fresh mutable list)
     */
    public List<byte[]> proof(long old, long size) {
        if (old == 0 || old >= size) {
            return new ArrayList<>();
        }
        grow(size);
        return new ArrayList<>(Rfc9162Proofs.consistencyProof(tree, old, size));
    }

    /**
     * The subtree hash of {@code [start, end)}.
     *
     * @param start the start
     * @param end   the end
     * @return the hash
     */
    public byte[] subtreeHash(long start, long end) {
        grow(end);
        return SubtreeProofs.subtreeHash(tree, new Subtree(start, end));
    }

    /**
     * draft §"Subtree Consistency Proofs" from {@code [start, end)} to the tree of {@code size}.
     *
     * @param size  the tree size
     * @param start the subtree start
     * @param end   the subtree end
     * @return the proof (a fresh mutable list)
     */
    public List<byte[]> subtreeProof(long size, long start, long end) {
        grow(size);
        return new ArrayList<>(SubtreeProofs.consistencyProof(tree, size, new Subtree(start, end)));
    }

    /**
     * The add-checkpoint body from {@code old} to this log's checkpoint of {@code size} with its proof.
     *
     * @param old  the old size
     * @param size the new size
     * @return the body
     */
    public byte[] addCheckpointBody(long old, long size) {
        return WitnessClient.addCheckpointBody(old, proof(old, size), note(size));
    }
}
