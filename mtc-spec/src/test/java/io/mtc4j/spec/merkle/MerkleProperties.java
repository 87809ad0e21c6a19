package io.mtc4j.spec.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Properties of the subtree procedures over trees up to 10^5 leaves: honest proofs verify; a changed proof byte,
 * entry hash, index, start, end or tree size makes verification fail unless the changed statement is itself
 * true with exactly that proof; generation agrees with the literal recursions of RFC 9162 and the draft; the
 * covering subtrees have the draft's three properties.
 */
class MerkleProperties {
    private static final HashFunction H = HashFunction.sha256();
    private static final int MAX = 100_000;
    private static final MemoryTree TREE = buildTree();

    private static MemoryTree buildTree() {
        MemoryTree t = new MemoryTree(H);
        for (int i = 0; i < MAX; i++) {
            t.appendEntry(new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)});
        }
        return t;
    }

    private static byte[] mth(Subtree s) {
        return SubtreeProofs.subtreeHash(TREE, s);
    }

    /** A valid non-empty subtree of [0, MAX) and an index inside it. */
    record Case(Subtree subtree, long index) {}

    @Provide
    Arbitrary<Case> subtreeAndIndex() {
        Arbitrary<Long> ends = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(1, 300)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(1, MAX)));
        return Combinators.combine(ends, Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.longs().between(0, Long.MAX_VALUE)).as((end, a, b) -> {
                    // choose start as a multiple of BIT_CEIL(end - start) by aligning down
                    long size = 1 + a % end;
                    long start = end - size;
                    while (!Subtree.isValid(start, end)) {
                        start++;
                    }
                    Subtree s = new Subtree(start, end);
                    return new Case(s, start + b % s.size());
                });
    }

    @Property(tries = 300)
    void inclusionProofsVerifyAndResistChanges(@ForAll("subtreeAndIndex") Case c,
            @ForAll @IntRange(min = 0, max = 10_000) int pick, @ForAll @IntRange(min = 0, max = 7) int bit) {
        Subtree s = c.subtree();
        long i = c.index();
        List<byte[]> proof = SubtreeProofs.inclusionProof(TREE, s, i);
        byte[] leaf = TREE.node(0, i);
        byte[] root = mth(s);
        assertTrue(SubtreeProofs.verifyInclusionProof(H, s, i, leaf, proof, root));
        if (s.start() == 0) {
            assertTrue(Rfc9162Proofs.verifyInclusion(H, i, s.end(), leaf, proof, root));
        }
        // the draft's expected length: BIT_WIDTH(fn ^ sn) + POPCOUNT(fn >> that)
        long fn = i - s.start();
        long sn = s.size() - 1;
        int l1 = 64 - Long.numberOfLeadingZeros(fn ^ sn);
        assertEquals(l1 + Long.bitCount(l1 == 64 ? 0 : fn >>> l1), proof.size());

        // a changed proof byte
        if (!proof.isEmpty()) {
            List<byte[]> bad = copy(proof);
            bad.get(pick % bad.size())[pick % 32] ^= (byte) (1 << bit);
            assertFalse(SubtreeProofs.verifyInclusionProof(H, s, i, leaf, bad, root));
        }
        // a changed entry hash or expected hash
        byte[] badLeaf = leaf.clone();
        badLeaf[pick % 32] ^= (byte) (1 << bit);
        assertFalse(SubtreeProofs.verifyInclusionProof(H, s, i, badLeaf, proof, root));
        assertFalse(SubtreeProofs.verifyInclusionProof(H, s, i, leaf, proof, badLeaf));
        // a dropped or added hash
        if (!proof.isEmpty()) {
            assertFalse(SubtreeProofs.verifyInclusionProof(H, s, i, leaf, proof.subList(1, proof.size()), root));
        }
        List<byte[]> longer = copy(proof);
        longer.add(root);
        assertFalse(SubtreeProofs.verifyInclusionProof(H, s, i, leaf, longer, root));

        // a changed index, start or end: only a true statement with exactly this proof may verify
        long delta = 1 + pick % 5;
        for (long i2 : new long[] {i + delta, i - delta}) {
            if (s.contains(i2)) {
                assertOnlyHonestInclusion(new Subtree(s.start(), s.end()), i2, leaf, proof, root, false);
            }
        }
        for (Subtree s2 : new Subtree[] {new Subtree(s.start(), s.end() + delta), new Subtree(s.start(),
                s.end() - delta), new Subtree(s.start() + delta, s.end()), new Subtree(s.start() - delta, s.end())}) {
            if (s2.isValid() && s2.contains(i) && Long.compareUnsigned(s2.end(), MAX) <= 0) {
                assertOnlyHonestInclusion(s2, i, leaf, proof, mth(s2), true);
            }
        }
    }

    private static void assertOnlyHonestInclusion(Subtree s2, long i2, byte[] leaf, List<byte[]> proof,
            byte[] expected, boolean leafIsTrue) {
        if (SubtreeProofs.verifyInclusionProof(H, s2, i2, leaf, proof, expected)) {
            assertTrue(leafIsTrue, "verified an entry hash at a different index");
            assertTrue(same(SubtreeProofs.inclusionProof(TREE, s2, i2), proof), "verified a dishonest proof");
        }
    }

    /** A valid subtree [start, end) and a tree size n with end <= n <= MAX. */
    record ConsistencyCase(Subtree subtree, long n) {}

    @Provide
    Arbitrary<ConsistencyCase> subtreeAndSize() {
        return Combinators.combine(subtreeAndIndex(), Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.of(true, false)).as((c, x, small) -> {
                    long end = c.subtree().end();
                    long room = Math.min(MAX - end, small ? 40 : MAX);
                    return new ConsistencyCase(c.subtree(), end + x % (room + 1));
                });
    }

    /** Proofs sharing the subtree's right-edge hashes equal the proofs computed alone, for every index. */
    @Property(tries = 100)
    void inclusionProofsSharingTheRightEdgeAreTheSame(@ForAll("subtreeAndIndex") Case c) {
        Subtree s = c.subtree();
        java.util.concurrent.ConcurrentMap<Long, byte[]> rightEdge = new java.util.concurrent.ConcurrentHashMap<>();
        long from = Math.max(s.start(), c.index() - 40);
        long to = Math.min(s.end(), c.index() + 40);
        for (long i = from; i < to; i++) {
            List<byte[]> alone = SubtreeProofs.inclusionProof(TREE, s, i);
            List<byte[]> shared = SubtreeProofs.inclusionProof(TREE, s, i, rightEdge);
            assertEquals(alone.size(), shared.size());
            for (int k = 0; k < alone.size(); k++) {
                assertArrayEquals(alone.get(k), shared.get(k));
            }
        }
        assertTrue(rightEdge.size() <= 64, "at most one range per level");
    }

    @Property(tries = 300)
    void consistencyProofsVerifyAndResistChanges(@ForAll("subtreeAndSize") ConsistencyCase c,
            @ForAll @IntRange(min = 0, max = 10_000) int pick, @ForAll @IntRange(min = 0, max = 7) int bit) {
        Subtree s = c.subtree();
        long n = c.n();
        List<byte[]> proof = SubtreeProofs.consistencyProof(TREE, n, s);
        byte[] node = mth(s);
        byte[] root = mth(new Subtree(0, n));
        SubtreeProofs.checkConsistencyProof(H, n, s, proof, node, root);
        if (s.start() == 0) {
            assertTrue(Rfc9162Proofs.verifyConsistency(H, s.end(), n, node, root, proof));
        }
        if (!proof.isEmpty()) {
            List<byte[]> bad = copy(proof);
            bad.get(pick % bad.size())[pick % 32] ^= (byte) (1 << bit);
            assertFalse(SubtreeProofs.verifyConsistencyProof(H, n, s, bad, node, root));
            assertFalse(SubtreeProofs.verifyConsistencyProof(H, n, s, proof.subList(1, proof.size()), node, root));
        }
        byte[] badNode = node.clone();
        badNode[pick % 32] ^= (byte) (1 << bit);
        assertFalse(SubtreeProofs.verifyConsistencyProof(H, n, s, proof, badNode, root));
        assertFalse(SubtreeProofs.verifyConsistencyProof(H, n, s, proof, node, badNode));
        List<byte[]> longer = copy(proof);
        longer.add(root);
        assertFalse(SubtreeProofs.verifyConsistencyProof(H, n, s, longer, node, root));

        long delta = 1 + pick % 5;
        for (long n2 : new long[] {n + delta, n - delta}) {
            if (n2 >= 0 && n2 <= MAX && Long.compareUnsigned(s.end(), n2) <= 0) {
                assertOnlyHonestConsistency(n2, s, proof, node, mth(new Subtree(0, n2)));
            }
        }
        for (Subtree s2 : new Subtree[] {new Subtree(s.start(), s.end() + delta), new Subtree(s.start(),
                s.end() - delta), new Subtree(s.start() + delta, s.end()), new Subtree(s.start() - delta, s.end())}) {
            if (s2.isValid() && Long.compareUnsigned(s2.end(), n) <= 0) {
                assertOnlyHonestConsistency(n, s2, proof, mth(s2), root);
                assertFalse(SubtreeProofs.verifyConsistencyProof(H, n, s2, proof, node, root) && !same(
                        SubtreeProofs.consistencyProof(TREE, n, s2), proof));
            }
        }
    }

    private static void assertOnlyHonestConsistency(long n2, Subtree s2, List<byte[]> proof, byte[] node,
            byte[] root) {
        if (SubtreeProofs.verifyConsistencyProof(H, n2, s2, proof, node, root)) {
            assertTrue(same(SubtreeProofs.consistencyProof(TREE, n2, s2), proof), "verified a dishonest proof");
        }
    }

    @Property(tries = 200)
    void generationMatchesTheLiteralRecursions(@ForAll @IntRange(min = 0, max = 300) int n,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long a, @ForAll @LongRange(min = 0) long b) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(TREE.node(0, i));
        }
        assertArrayEquals(NaiveMerkle.mth(H, leaves), mth(new Subtree(0, n)));
        if (n == 0) {
            return;
        }
        int end = (int) (1 + a % n);
        int start = (int) (b % end);
        while (!Subtree.isValid(start, end)) {
            start++;
        }
        Subtree s = new Subtree(start, end);
        List<byte[]> slice = leaves.subList(start, end);
        assertArrayEquals(NaiveMerkle.mth(H, slice), mth(s));
        int m = (int) (a % Math.max(1, end - start));
        if (start < end) {
            assertTrue(same(NaiveMerkle.path(H, m, slice), SubtreeProofs.inclusionProof(TREE, s, start + m)));
        }
        assertTrue(same(NaiveMerkle.subtreeProof(H, start, end, leaves), SubtreeProofs.consistencyProof(TREE, n, s)));
    }

    @Provide
    Arbitrary<long[]> intervals() {
        Arbitrary<Long> any = Arbitraries.longs(); // every unsigned 64-bit value
        Arbitrary<Long> small = Arbitraries.longs().between(0, 5000);
        return Arbitraries.oneOf(
                Combinators.combine(small, small).as((x, y) -> new long[] {Math.min(x, y), Math.max(x, y)}),
                Combinators.combine(any, any).as((x, y) -> Long.compareUnsigned(x, y) <= 0
                        ? new long[] {x, y} : new long[] {y, x}),
                Combinators.combine(any, Arbitraries.longs().between(0, 3)).as((x, d) ->
                        Long.compareUnsigned(x + d, x) >= 0 ? new long[] {x, x + d} : new long[] {x, x}));
    }

    @Property(tries = 3000)
    void coveringSubtreesHaveTheDraftsThreeProperties(@ForAll("intervals") long[] interval) {
        long start = interval[0];
        long end = interval[1];
        List<Subtree> c = Covering.coveringSubtrees(start, end);
        assertEquals(2, c.size());
        Subtree left = c.get(0);
        Subtree right = c.get(1);
        assertTrue(left.isValid() && right.isValid(), () -> c.toString());
        // 1. adjacent
        assertEquals(left.end(), right.start());
        // 2. together they contain [start, end), nothing after end
        assertTrue(Long.compareUnsigned(left.start(), start) <= 0);
        assertEquals(end, right.end());
        // 3. for a non-empty interval, the excess before start is less than half of left
        if (start != end) {
            assertTrue(Long.compareUnsigned(start - left.start(), left.end() - start) < 0, () -> c.toString());
        }
    }

    private static List<byte[]> copy(List<byte[]> proof) {
        List<byte[]> out = new ArrayList<>();
        proof.forEach(p -> out.add(p.clone()));
        return out;
    }

    private static boolean same(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!java.util.Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
