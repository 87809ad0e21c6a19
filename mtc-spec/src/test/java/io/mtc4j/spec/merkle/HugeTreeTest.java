package io.mtc4j.spec.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Proofs in logs of about 2^40 and up to 2^48 - 1 entries cost O(log n) node reads. The fake reader synthesises
 * a consistent tree whose leaves all have the same hash, so every full node at a level has the same hash and
 * costs nothing to compute; proofs therefore really verify against the root it implies.
 */
class HugeTreeTest {
    private static final HashFunction H = HashFunction.sha256();

    /** All leaves equal: node(level, i) = N_level with N_0 = leaf hash and N_{l+1} = H(01 || N_l || N_l). */
    static final class UniformTree implements NodeReader {
        private final long size;
        private final byte[][] levels = new byte[64][];
        int reads;

        UniformTree(long size) {
            this.size = size;
            levels[0] = MerkleHash.leafHash(H, new byte[] {42});
            for (int l = 1; l < 64; l++) {
                levels[l] = MerkleHash.nodeHash(H, levels[l - 1], levels[l - 1]);
            }
        }

        @Override
        public HashFunction hash() {
            return H;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public byte[] node(int level, long index) {
            assertTrue(index >= 0 && index < (size >>> level), "read outside the tree: " + level + "/" + index);
            reads++;
            return levels[level].clone();
        }
    }

    @Test
    void inclusionAndConsistencyProofsInA2To40Log() {
        Random rnd = new Random(7);
        for (long n : new long[] {1L << 40, (1L << 40) + 12345, (1L << 48) - 1, (1L << 41) - 3}) {
            UniformTree t = new UniformTree(n);
            byte[] root = SubtreeProofs.subtreeHash(t, new Subtree(0, n));
            assertTrue(t.reads <= 48, "root of " + n + " took " + t.reads + " reads");
            for (int k = 0; k < 20; k++) {
                long index = Math.floorMod(rnd.nextLong(), n);
                t.reads = 0;
                List<byte[]> proof = Rfc9162Proofs.inclusionProof(t, index, n);
                assertTrue(t.reads <= 2 * 49, "inclusion proof took " + t.reads + " reads");
                assertTrue(proof.size() <= 48);
                assertTrue(Rfc9162Proofs.verifyInclusion(H, index, n, t.node(0, index), proof, root));
                assertArrayEquals(root, SubtreeProofs.evaluateInclusionProof(
                        H, new Subtree(0, n), index, t.node(0, index), proof));
                assertFalse(Rfc9162Proofs.verifyInclusion(H, index, n, MerkleHash.leafHash(H, new byte[] {43}), proof, root));

                long m = 1 + Math.floorMod(rnd.nextLong(), n);
                t.reads = 0;
                List<byte[]> cproof = Rfc9162Proofs.consistencyProof(t, m, n);
                assertTrue(t.reads <= 2 * 49, "consistency proof took " + t.reads + " reads");
                byte[] mRoot = SubtreeProofs.subtreeHash(t, new Subtree(0, m));
                assertTrue(Rfc9162Proofs.verifyConsistency(H, m, n, mRoot, root, cproof));
                assertTrue(SubtreeProofs.verifyConsistencyProof(H, n, new Subtree(0, m), cproof, mRoot, root));

                // a landmark-style subtree: the right-hand covering subtree of [m/2, m)
                Subtree s = Covering.coveringSubtrees(m / 2, m).get(1);
                if (s.size() > 0) {
                    t.reads = 0;
                    List<byte[]> sp = SubtreeProofs.consistencyProof(t, n, s);
                    List<byte[]> ip = SubtreeProofs.inclusionProof(t, s, s.end() - 1);
                    assertTrue(t.reads <= 4 * 49, "subtree proofs took " + t.reads + " reads");
                    byte[] sh = SubtreeProofs.subtreeHash(t, s);
                    assertTrue(SubtreeProofs.verifyConsistencyProof(H, n, s, sp, sh, root));
                    assertTrue(SubtreeProofs.verifyInclusionProof(H, s, s.end() - 1, t.node(0, 0), ip, sh));
                }
            }
        }
    }

    @Test
    void fullUnsignedRangeArithmetic() {
        // Evaluation uses unsigned arithmetic: a subtree high in the 64-bit range.
        long start = 1L << 63;
        Subtree s = new Subtree(start, start + 5);
        assertTrue(s.isValid());
        UniformTree t = new UniformTree(5); // the subtree's shape is that of a 5-leaf tree
        List<byte[]> proof = Rfc9162Proofs.inclusionProof(t, 3, 5);
        byte[] expected = SubtreeProofs.subtreeHash(t, new Subtree(0, 5));
        assertArrayEquals(expected, SubtreeProofs.evaluateInclusionProof(H, s, start + 3, t.node(0, 0), proof));
        assertEquals(5, s.size());
    }
}
