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
import java.util.ArrayList;
import java.util.List;

/**
 * A log for the witness tests: entries {@code "<variant>:<i>"} for i at or after {@code forkAt}, {@code "e:<i>"}
 * before it (so two variants agree on their first {@code forkAt} entries and fork after), signed by an Ed25519 note
 * key (type 0x01) named after the origin.
 */
final class TestLogTree {
    static final String ORIGIN = "example.com/witness-test-log";
    static final Signer LOG_KEY = ed25519((byte) 1);
    static final Signer OTHER_KEY = ed25519((byte) 2);
    static final NoteSigner LOG = NoteSigner.ed25519(ORIGIN, LOG_KEY);

    private final MemoryTree tree = new MemoryTree(HashFunction.sha256());
    private final String origin;
    private final NoteSigner signer;

    TestLogTree(String origin, NoteSigner signer, int size, String variant, int forkAt) {
        this.origin = origin;
        this.signer = signer;
        for (int i = 0; i < size; i++) {
            tree.appendEntry(((i < forkAt ? "e" : variant) + ":" + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The main test log of {@code size} entries. */
    static TestLogTree of(int size) {
        return new TestLogTree(ORIGIN, LOG, size, "e", size);
    }

    /** A fork of the main log: the same first {@code forkAt} entries, different ones after. */
    static TestLogTree fork(int size, int forkAt) {
        return new TestLogTree(ORIGIN, LOG, size, "fork", forkAt);
    }

    static Signer ed25519(byte seed) {
        byte[] pk8 = new byte[48];
        byte[] prefix = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
        System.arraycopy(prefix, 0, pk8, 0, 16);
        java.util.Arrays.fill(pk8, 16, 48, seed);
        return Keys.signer(SignatureAlgorithm.ED25519, pk8);
    }

    static String logVkey() {
        return LOG.verifier().vkey().orElseThrow();
    }

    byte[] root(long size) {
        return size == 0 ? MerkleHash.emptyHash(HashFunction.sha256())
                : SubtreeProofs.subtreeHash(tree, new Subtree(0, size));
    }

    Checkpoint checkpoint(long size) {
        return new Checkpoint(origin, size, root(size));
    }

    /** The checkpoint of {@code size} signed by the log key. */
    byte[] note(long size) {
        return note(checkpoint(size), signer);
    }

    static byte[] note(Checkpoint c, NoteSigner s) {
        return SignedNote.sign(c.format(), List.of(s)).format().getBytes(StandardCharsets.UTF_8);
    }

    List<byte[]> proof(long oldSize, long newSize) {
        return oldSize == 0 || oldSize >= newSize ? new ArrayList<>()
                : new ArrayList<>(Rfc9162Proofs.consistencyProof(tree, oldSize, newSize));
    }

    List<byte[]> subtreeProof(long size, long start, long end) {
        return new ArrayList<>(SubtreeProofs.consistencyProof(tree, size, new Subtree(start, end)));
    }

    byte[] subtreeHash(long start, long end) {
        return SubtreeProofs.subtreeHash(tree, new Subtree(start, end));
    }

    /** An add-checkpoint body from {@code oldSize} to this log's checkpoint of {@code size}. */
    byte[] add(long oldSize, long size) {
        return WitnessClient.addCheckpointBody(oldSize, proof(oldSize, size), note(size));
    }
}
