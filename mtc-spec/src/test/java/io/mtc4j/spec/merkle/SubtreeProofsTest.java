package io.mtc4j.spec.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every generated proof of a 70-leaf tree verifies, the draft's worked examples, and the failure reasons. */
class SubtreeProofsTest {
    private static final HashFunction H = HashFunction.sha256();
    private static final int N = 70;
    private static MemoryTree tree;

    @BeforeAll
    static void buildTree() {
        tree = new MemoryTree(H);
        for (int i = 0; i < N; i++) {
            tree.appendEntry(new byte[] {(byte) i});
        }
    }

    private static byte[] mth(long start, long end) {
        return SubtreeProofs.subtreeHash(tree, new Subtree(start, end));
    }

    @Test
    void subtreeHashMatchesNaiveMth() {
        for (int end = 0; end <= N; end++) {
            for (int start = 0; start <= end; start++) {
                if (Subtree.isValid(start, end)) {
                    assertArrayEquals(NaiveMerkle.mth(H, NaiveMerkle.leaves(start, end)), mth(start, end),
                            "[" + start + ", " + end + ")");
                }
            }
        }
    }

    @Test
    void everyInclusionProofEvaluatesToTheSubtreeHash() {
        for (int end = 1; end <= N; end++) {
            for (int start = 0; start < end; start++) {
                if (!Subtree.isValid(start, end)) {
                    continue;
                }
                Subtree s = new Subtree(start, end);
                byte[] root = mth(start, end);
                for (long i = start; i < end; i++) {
                    List<byte[]> proof = SubtreeProofs.inclusionProof(tree, s, i);
                    byte[] leaf = tree.node(0, i);
                    assertArrayEquals(root, SubtreeProofs.evaluateInclusionProof(H, s, i, leaf, proof));
                    assertTrue(SubtreeProofs.verifyInclusionProof(H, s, i, leaf, proof, root));
                    if (start == 0) {
                        assertTrue(Rfc9162Proofs.verifyInclusion(H, i, end, leaf, proof, root));
                        assertEquals(proof.size(), Rfc9162Proofs.inclusionProof(tree, i, end).size());
                    }
                }
            }
        }
    }

    @Test
    void everyConsistencyProofVerifies() {
        for (int n = 0; n <= N; n++) {
            byte[] root = mth(0, n);
            for (int end = 0; end <= n; end++) {
                for (int start = 0; start <= end; start++) {
                    if (!Subtree.isValid(start, end)) {
                        continue;
                    }
                    Subtree s = new Subtree(start, end);
                    List<byte[]> proof = SubtreeProofs.consistencyProof(tree, n, s);
                    SubtreeProofs.checkConsistencyProof(H, n, s, proof, mth(start, end), root);
                    if (start == 0) {
                        assertTrue(Rfc9162Proofs.verifyConsistency(H, end, n, mth(0, end), root,
                                Rfc9162Proofs.consistencyProof(tree, end, n)), "RFC 9162 " + end + " -> " + n);
                    }
                }
            }
        }
    }

    @Test
    void draftExampleInclusionProofForEntry10Of8To13() {
        // draft §"Example Subtree Inclusion Proofs": {MTH({d[11]}), MTH(D[8:10]), MTH({d[12]})}
        List<byte[]> proof = SubtreeProofs.inclusionProof(tree, new Subtree(8, 13), 10);
        assertEquals(3, proof.size());
        assertArrayEquals(mth(11, 12), proof.get(0));
        assertArrayEquals(mth(8, 10), proof.get(1));
        assertArrayEquals(mth(12, 13), proof.get(2));
    }

    @Test
    void draftExampleConsistencyProofs() {
        // draft §"Example Subtree Consistency Proofs"
        List<byte[]> p1 = SubtreeProofs.consistencyProof(tree, 14, new Subtree(4, 8));
        assertEquals(2, p1.size());
        assertArrayEquals(mth(0, 4), p1.get(0));
        assertArrayEquals(mth(8, 14), p1.get(1));
        List<byte[]> p2 = SubtreeProofs.consistencyProof(tree, 14, new Subtree(8, 13));
        assertEquals(4, p2.size());
        assertArrayEquals(mth(12, 13), p2.get(0));
        assertArrayEquals(mth(13, 14), p2.get(1));
        assertArrayEquals(mth(8, 12), p2.get(2));
        assertArrayEquals(mth(0, 8), p2.get(3));
    }

    @Test
    void evaluationFailureReasons() {
        Subtree s = new Subtree(8, 13);
        byte[] leaf = tree.node(0, 10);
        List<byte[]> proof = SubtreeProofs.inclusionProof(tree, s, 10);
        assertReason("is not a valid subtree", () -> SubtreeProofs.evaluateInclusionProof(
                H, new Subtree(1, 5), 2, leaf, proof));
        assertReason("is not in [8, 13)", () -> SubtreeProofs.evaluateInclusionProof(H, s, 13, leaf, proof));
        assertReason("is not in [8, 13)", () -> SubtreeProofs.evaluateInclusionProof(H, s, 7, leaf, proof));
        List<byte[]> longer = new ArrayList<>(proof);
        longer.add(leaf);
        assertReason("1 hashes too many", () -> SubtreeProofs.evaluateInclusionProof(H, s, 10, leaf, longer));
        assertReason("too short", () -> SubtreeProofs.evaluateInclusionProof(H, s, 10, leaf, proof.subList(0, 2)));
        List<byte[]> badSize = new ArrayList<>(proof);
        badSize.set(1, new byte[31]);
        assertReason("inclusion_proof[1] has 31 bytes", () -> SubtreeProofs.evaluateInclusionProof(
                H, s, 10, leaf, badSize));
        assertReason("entry_hash has 3 bytes", () -> SubtreeProofs.evaluateInclusionProof(
                H, s, 10, new byte[3], proof));
        assertFalse(SubtreeProofs.verifyInclusionProof(H, s, 10, leaf, longer, mth(8, 13)));
        assertFalse(SubtreeProofs.verifyInclusionProof(H, s, 10, leaf, proof, mth(8, 12)));
    }

    @Test
    void consistencyFailureReasons() {
        byte[] root = mth(0, 14);
        Subtree s = new Subtree(8, 13);
        byte[] node = mth(8, 13);
        List<byte[]> proof = SubtreeProofs.consistencyProof(tree, 14, s);
        SubtreeProofs.checkConsistencyProof(H, 14, s, proof, node, root);
        assertReason("is not a valid subtree", () -> SubtreeProofs.checkConsistencyProof(
                H, 14, new Subtree(9, 13), proof, node, root));
        assertReason("ends after the tree size", () -> SubtreeProofs.checkConsistencyProof(
                H, 12, s, proof, node, root));
        assertReason("must be empty", () -> SubtreeProofs.checkConsistencyProof(
                H, 14, new Subtree(3, 3), proof, MerkleHash.emptyHash(H), root));
        assertReason("must be HASH()", () -> SubtreeProofs.checkConsistencyProof(
                H, 14, new Subtree(3, 3), List.of(), node, root));
        SubtreeProofs.checkConsistencyProof(H, 14, new Subtree(3, 3), List.of(), MerkleHash.emptyHash(H), root);
        assertReason("is empty but must start", () -> SubtreeProofs.checkConsistencyProof(
                H, 14, s, List.of(), node, root));
        List<byte[]> longer = new ArrayList<>(proof);
        longer.add(root);
        assertReason("1 hashes too many", () -> SubtreeProofs.checkConsistencyProof(H, 14, s, longer, node, root));
        assertReason("too short", () -> SubtreeProofs.checkConsistencyProof(
                H, 14, s, proof.subList(0, 3), node, root));
        assertReason("node_hash", () -> SubtreeProofs.checkConsistencyProof(H, 14, s, proof, root, root));
        assertReason("root_hash", () -> SubtreeProofs.checkConsistencyProof(H, 14, s, proof, node, node));
        assertReason("consistency_proof[0] has 1 bytes", () -> SubtreeProofs.checkConsistencyProof(
                H, 14, s, List.of(new byte[1]), node, root));
        assertFalse(SubtreeProofs.verifyConsistencyProof(H, 14, s, proof, node, node));
        for (io.mtc4j.spec.Profile p : io.mtc4j.spec.Profile.values()) {
            assertTrue(SubtreeProofs.verifyConsistencyProof(H, 14, s, proof, node, root, p));
            assertEquals(p.allowsEmptySubtrees(), SubtreeProofs.verifyConsistencyProof(
                    H, 14, new Subtree(3, 3), List.of(), MerkleHash.emptyHash(H), root, p), p.wireName());
        }
        assertTrue(SubtreeProofs.verifyConsistencyProof(H, 14, s, proof, node, root));
    }

    @Test
    void rfc9162EdgeCases() {
        byte[] r10 = mth(0, 10);
        byte[] r20 = mth(0, 20);
        List<byte[]> p = Rfc9162Proofs.consistencyProof(tree, 10, 20);
        assertTrue(Rfc9162Proofs.verifyConsistency(H, 10, 20, r10, r20, p));
        assertFalse(Rfc9162Proofs.verifyConsistency(H, 20, 10, r20, r10, p));
        assertFalse(Rfc9162Proofs.verifyConsistency(H, 10, 20, r10, r20, List.of()));
        assertFalse(Rfc9162Proofs.verifyConsistency(H, 10, 20, r10, r20, List.of(new byte[5])));
        assertTrue(Rfc9162Proofs.verifyConsistency(H, 20, 20, r20, r20, List.of()));
        assertFalse(Rfc9162Proofs.verifyConsistency(H, 20, 20, r20, r10, List.of()));
        assertTrue(Rfc9162Proofs.verifyConsistency(H, 0, 20, MerkleHash.emptyHash(H), r20, List.of()));
        assertFalse(Rfc9162Proofs.verifyConsistency(H, 0, 20, r10, r20, List.of()));
        List<byte[]> longer = new ArrayList<>(p);
        longer.add(r10);
        assertFalse(Rfc9162Proofs.verifyConsistency(H, 10, 20, r10, r20, longer));
        assertFalse(Rfc9162Proofs.verifyInclusion(H, 20, 20, tree.node(0, 3), List.of(), r20));
        List<byte[]> incl = Rfc9162Proofs.inclusionProof(tree, 3, 20);
        List<byte[]> inclLonger = new ArrayList<>(incl);
        inclLonger.add(r10);
        assertFalse(Rfc9162Proofs.verifyInclusion(H, 3, 20, tree.node(0, 3), inclLonger, r20));
        assertFalse(Rfc9162Proofs.verifyInclusion(H, 3, 20, tree.node(0, 3), List.of(new byte[2]), r20));
        assertTrue(Rfc9162Proofs.verifyInclusion(H, 3, 20, tree.node(0, 3), incl, r20));
    }

    @Test
    void generationRejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> SubtreeProofs.subtreeHash(tree, new Subtree(1, 3)));
        assertThrows(IllegalArgumentException.class, () -> SubtreeProofs.subtreeHash(tree, new Subtree(0, N + 1)));
        assertThrows(IllegalArgumentException.class, () -> SubtreeProofs.inclusionProof(tree, new Subtree(8, 12), 12));
        assertThrows(IllegalArgumentException.class, () -> SubtreeProofs.consistencyProof(tree, 10, new Subtree(8, 12)));
        assertThrows(IllegalArgumentException.class, () -> SubtreeProofs.consistencyProof(tree, N + 1, new Subtree(8, 12)));
        assertThrows(IllegalArgumentException.class, () -> tree.node(0, N));
        assertThrows(IllegalArgumentException.class, () -> tree.node(7, 1));
        assertThrows(IllegalArgumentException.class, () -> tree.prefix(N + 1));
        NodeReader prefix = tree.prefix(10);
        assertEquals(10, prefix.size());
        assertArrayEquals(mth(0, 8), prefix.node(3, 0));
        assertThrows(IllegalArgumentException.class, () -> prefix.node(1, 5));
        assertArrayEquals(mth(0, 10), SubtreeProofs.subtreeHash(prefix, new Subtree(0, 10)));
        assertThrows(IllegalArgumentException.class, () -> new MemoryTree(H).appendLeafHash(new byte[3]));
    }

    @Test
    void hashFunctions() {
        assertEquals("SHA-256", H.name());
        assertEquals(32, H.size());
        assertEquals("SHA-256", H.toString());
        assertEquals(H, HashFunction.jdk("SHA-256"));
        HashFunction sha384 = HashFunction.jdk("SHA-384");
        assertEquals(48, sha384.size());
        assertEquals("SHA-384", sha384.name());
        assertThrows(IllegalArgumentException.class, () -> HashFunction.jdk("NO-SUCH-HASH"));
        // RFC 6962/9162: MTH({}) = SHA-256("") and the leaf/node prefixes.
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                HexFormat.of().formatHex(MerkleHash.emptyHash(H)));
        assertArrayEquals(H.digest(new byte[] {0, 7}), MerkleHash.leafHash(H, new byte[] {7}));
        assertArrayEquals(H.digest(new byte[] {1, 2, 3}), MerkleHash.nodeHash(H, new byte[] {2}, new byte[] {3}));
        assertEquals(new MerkleProofException("x").reason(), "x");
    }

    private static void assertReason(String fragment, Runnable r) {
        MerkleProofException e = assertThrows(MerkleProofException.class, r::run);
        assertTrue(e.reason().contains(fragment), () -> "reason '" + e.reason() + "' lacks '" + fragment + "'");
        assertTrue(e.getMessage().startsWith("Merkle proof: "));
    }
}
