package io.mtc4j.spec.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * Test oracle: RFC 9162 §2.1 and the draft's SUBTREE_PROOF written as literal list recursions over leaf hashes,
 * independent of the NodeReader-based generators.
 */
final class NaiveMerkle {
    private NaiveMerkle() {}

    /** Leaf hashes of d[i] = i (one byte, as in the draft's test vectors) for i in [start, end). */
    static List<byte[]> leaves(long start, long end) {
        List<byte[]> out = new ArrayList<>();
        for (long i = start; i < end; i++) {
            out.add(MerkleHash.leafHash(HashFunction.sha256(), new byte[] {(byte) i}));
        }
        return out;
    }

    static long k(int n) {
        long k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }

    /** RFC 9162 §2.1.1 MTH over leaf hashes. */
    static byte[] mth(HashFunction h, List<byte[]> d) {
        if (d.isEmpty()) {
            return MerkleHash.emptyHash(h);
        }
        if (d.size() == 1) {
            return d.get(0);
        }
        int k = (int) k(d.size());
        return MerkleHash.nodeHash(h, mth(h, d.subList(0, k)), mth(h, d.subList(k, d.size())));
    }

    /** RFC 9162 §2.1.3.1 PATH(m, D_n). */
    static List<byte[]> path(HashFunction h, int m, List<byte[]> d) {
        List<byte[]> out = new ArrayList<>();
        if (d.size() <= 1) {
            return out;
        }
        int k = (int) k(d.size());
        if (m < k) {
            out.addAll(path(h, m, d.subList(0, k)));
            out.add(mth(h, d.subList(k, d.size())));
        } else {
            out.addAll(path(h, m - k, d.subList(k, d.size())));
            out.add(mth(h, d.subList(0, k)));
        }
        return out;
    }

    /** draft §"Generating a Subtree Consistency Proof": SUBTREE_PROOF(start, end, D_n). */
    static List<byte[]> subtreeProof(HashFunction h, int start, int end, List<byte[]> d) {
        return start == end ? new ArrayList<>() : subproof(h, start, end, d, true);
    }

    private static List<byte[]> subproof(HashFunction h, int start, int end, List<byte[]> d, boolean b) {
        int n = d.size();
        List<byte[]> out = new ArrayList<>();
        if (start == 0 && end == n) {
            if (!b) {
                out.add(mth(h, d));
            }
            return out;
        }
        int k = (int) k(n);
        if (end <= k) {
            out.addAll(subproof(h, start, end, d.subList(0, k), b));
            out.add(mth(h, d.subList(k, n)));
        } else if (k <= start) {
            out.addAll(subproof(h, start - k, end - k, d.subList(k, n), b));
            out.add(mth(h, d.subList(0, k)));
        } else {
            out.addAll(subproof(h, 0, end - k, d.subList(k, n), false));
            out.add(mth(h, d.subList(0, k)));
        }
        return out;
    }
}
