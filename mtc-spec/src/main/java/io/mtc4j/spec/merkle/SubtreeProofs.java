package io.mtc4j.spec.merkle;

import io.mtc4j.spec.Profile;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The draft's subtree procedures (§"Subtrees"): subtree hashes, subtree inclusion proofs and subtree consistency
 * proofs. Proofs are lists of node hashes, first hash first, as they appear on the wire. Generation reads stored
 * full nodes through a {@link NodeReader}; evaluation and verification need only the hash function.
 */
public final class SubtreeProofs {
    private SubtreeProofs() {}

    // ---------------------------------------------------------------------------------------------------------
    // Generation

    /**
     * draft §"Definition of a Subtree": {@code MTH(D[start:end])}, from at most 64 full-node reads.
     *
     * @throws IllegalArgumentException if {@code s} is not a valid subtree within the reader's size
     * @param r the reader
     * @param s the subtree
     * @return the {@code byte[]}
     */
    public static byte[] subtreeHash(NodeReader r, Subtree s) {
        requireValid(s);
        requireWithin(r, s.end());
        return rangeHash(r, s.start(), s.end());
    }

    /**
     * draft §"Subtree Inclusion Proofs": {@code PATH(index - start, D[start:end])} (RFC 9162 §2.1.3.1), built top
     * down by splitting at the largest power of two below the size.
     *
     * @throws IllegalArgumentException if {@code s} is not a valid subtree within the reader's size or does not
     *     contain {@code index}
     * @param r the reader
     * @param s the subtree
     * @param index the entry's index
     * @return the {@code List<byte[]>}
     */
    public static List<byte[]> inclusionProof(NodeReader r, Subtree s, long index) {
        return inclusionProof(r, s, index, null);
    }

    /**
     * {@link #inclusionProof(NodeReader, Subtree, long)} for one of many indices of subtree {@code s}, read from the
     * same reader: the hashes of the ranges that are not complete subtrees (they all end at {@code s.end()}, on the
     * subtree's right edge, and are the same for every index) are computed once and kept in {@code rightEdge},
     * keyed by their start. A CA proving each entry of a batch would otherwise recompute them for each.
     *
     * @param r         the reader
     * @param s         the subtree
     * @param index     the entry's index
     * @param rightEdge the right-edge hashes of {@code s} in {@code r} computed so far (thread-safe)
     * @return the proof
     */
    public static List<byte[]> inclusionProof(NodeReader r, Subtree s, long index,
            java.util.concurrent.ConcurrentMap<Long, byte[]> rightEdge) {
        requireValid(s);
        requireWithin(r, s.end());
        if (!s.contains(index)) {
            throw new IllegalArgumentException("index " + Long.toUnsignedString(index) + " is not in " + s);
        }
        List<byte[]> proof = new ArrayList<>();
        long lo = s.start();
        long hi = s.end();
        while (Long.compareUnsigned(hi - lo, 1) > 0) {
            long k = largestPowerOfTwoBelow(hi - lo);
            if (Long.compareUnsigned(index, lo + k) < 0) {
                long from = lo + k;
                long to = hi;
                proof.add(rightEdge == null || to != s.end() ? rangeHash(r, from, to)
                        : rightEdge.computeIfAbsent(from, x -> rangeHash(r, from, to)));
                hi = lo + k;
            } else {
                proof.add(rangeHash(r, lo, lo + k));
                lo = lo + k;
            }
        }
        Collections.reverse(proof);
        return proof;
    }

    /**
     * draft §"Generating a Subtree Consistency Proof": {@code SUBTREE_PROOF(start, end, D_n)}.
     *
     * @throws IllegalArgumentException if {@code s} is not a valid subtree, ends after {@code n}, or {@code n}
     *     exceeds the reader's size
     * @param r the reader
     * @param n the JSON node
     * @param s the subtree
     * @return the {@code List<byte[]>}
     */
    public static List<byte[]> consistencyProof(NodeReader r, long n, Subtree s) {
        requireValid(s);
        if (Long.compareUnsigned(s.end(), n) > 0) {
            throw new IllegalArgumentException(s + " does not end within a tree of size " + Long.toUnsignedString(n));
        }
        requireWithin(r, n);
        List<byte[]> proof = new ArrayList<>();
        if (s.start() == s.end()) {
            return proof;
        }
        long start = s.start();
        long end = s.end();
        long lo = 0;
        long hi = n;
        boolean b = true;
        // SUBTREE_SUBPROOF(start - lo, end - lo, D[lo:hi], b), unrolled; siblings are collected root first.
        while (!(start == lo && end == hi)) {
            long k = largestPowerOfTwoBelow(hi - lo);
            if (Long.compareUnsigned(end, lo + k) <= 0) {
                proof.add(rangeHash(r, lo + k, hi));
                hi = lo + k;
            } else if (Long.compareUnsigned(lo + k, start) <= 0) {
                proof.add(rangeHash(r, lo, lo + k));
                lo = lo + k;
            } else { // start < k < end, so start = 0 relative to lo: the subtree becomes [k, end)
                proof.add(rangeHash(r, lo, lo + k));
                lo = lo + k;
                start = lo;
                b = false;
            }
        }
        if (!b) {
            proof.add(rangeHash(r, lo, hi));
        }
        Collections.reverse(proof);
        return proof;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Evaluation and verification

    /**
     * draft §"Evaluating a Subtree Inclusion Proof": the subtree hash that {@code proof} yields for entry
     * {@code index} with hash {@code entryHash}.
     *
     * @throws MerkleProofException if a step of the procedure fails (the reason names the step)
     * @param h the hash function
     * @param s the subtree
     * @param index the entry's index
     * @param entryHash the entry's hash
     * @param proof the proof
     * @return the {@code byte[]}
     */
    public static byte[] evaluateInclusionProof(
            HashFunction h, Subtree s, long index, byte[] entryHash, List<byte[]> proof) {
        if (!s.isValid()) {
            throw new MerkleProofException(s + " is not a valid subtree");
        }
        if (!s.contains(index)) {
            throw new MerkleProofException("index " + Long.toUnsignedString(index) + " is not in " + s);
        }
        requireHashSize(h, "entry_hash", entryHash);
        long fn = index - s.start();
        long sn = s.end() - s.start() - 1;
        byte[] r = entryHash;
        for (int i = 0; i < proof.size(); i++) {
            byte[] p = proof.get(i);
            requireHashSize(h, "inclusion_proof[" + i + "]", p);
            if (sn == 0) {
                throw new MerkleProofException("inclusion proof has " + (proof.size() - i) + " hashes too many");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleHash.nodeHash(h, p, r);
                while ((fn & 1) == 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                r = MerkleHash.nodeHash(h, r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            throw new MerkleProofException("inclusion proof is too short (" + proof.size() + " hashes)");
        }
        return r;
    }

    /**
     * draft §"Verifying a Subtree Inclusion Proof": true iff the proof evaluates to {@code subtreeHash}.
     *
     * @param h the hash function
     * @param s the subtree
     * @param index the entry's index
     * @param entryHash the entry's hash
     * @param proof the proof
     * @param subtreeHash the subtree's hash
     * @return whether it holds
     */
    public static boolean verifyInclusionProof(
            HashFunction h, Subtree s, long index, byte[] entryHash, List<byte[]> proof, byte[] subtreeHash) {
        try {
            return MessageDigest.isEqual(evaluateInclusionProof(h, s, index, entryHash, proof), subtreeHash);
        } catch (MerkleProofException e) {
            return false;
        }
    }

    /**
     * draft §"Verifying a Subtree Consistency Proof": true iff the procedure accepts.
     *
     * @param h the hash function
     * @param n the JSON node
     * @param s the subtree
     * @param proof the proof
     * @param nodeHash the node's hash
     * @param rootHash the tree's root hash
     * @return whether it holds
     */
    public static boolean verifyConsistencyProof(
            HashFunction h, long n, Subtree s, List<byte[]> proof, byte[] nodeHash, byte[] rootHash) {
        try {
            checkConsistencyProof(h, n, s, proof, nodeHash, rootHash);
            return true;
        } catch (MerkleProofException e) {
            return false;
        }
    }

    /**
     * {@link #verifyConsistencyProof} under {@code profile}'s valid-subtree rule: before the editor's copy an
     * empty subtree is not valid, so its (empty) proof fails.
     *
     * @param h the hash function
     * @param n the JSON node
     * @param s the subtree
     * @param proof the proof
     * @param nodeHash the node's hash
     * @param rootHash the tree's root hash
     * @param profile the wire profile
     * @return whether it holds
     */
    public static boolean verifyConsistencyProof(HashFunction h, long n, Subtree s, List<byte[]> proof,
            byte[] nodeHash, byte[] rootHash, Profile profile) {
        return s.isValid(profile) && verifyConsistencyProof(h, n, s, proof, nodeHash, rootHash);
    }

    /**
     * draft §"Verifying a Subtree Consistency Proof", reporting why it fails.
     *
     * @throws MerkleProofException if the procedure fails (the reason names the step)
     * @param h the hash function
     * @param n the JSON node
     * @param s the subtree
     * @param proof the proof
     * @param nodeHash the node's hash
     * @param rootHash the tree's root hash
     */
    public static void checkConsistencyProof(
            HashFunction h, long n, Subtree s, List<byte[]> proof, byte[] nodeHash, byte[] rootHash) {
        if (!s.isValid()) {
            throw new MerkleProofException(s + " is not a valid subtree");
        }
        if (Long.compareUnsigned(s.end(), n) > 0) {
            throw new MerkleProofException(s + " ends after the tree size " + Long.toUnsignedString(n));
        }
        for (int i = 0; i < proof.size(); i++) {
            requireHashSize(h, "consistency_proof[" + i + "]", proof.get(i));
        }
        if (s.start() == s.end()) {
            if (!proof.isEmpty()) {
                throw new MerkleProofException("the proof for an empty subtree must be empty");
            }
            if (!MessageDigest.isEqual(nodeHash, MerkleHash.emptyHash(h))) {
                throw new MerkleProofException("node_hash of an empty subtree must be HASH()");
            }
            return;
        }
        long fn = s.start();
        long sn = s.end() - 1;
        long tn = n - 1;
        if (sn == tn) {
            while (fn != sn) {
                fn >>>= 1;
                sn >>>= 1;
                tn >>>= 1;
            }
        } else {
            while (fn != sn && (sn & 1) == 1) {
                fn >>>= 1;
                sn >>>= 1;
                tn >>>= 1;
            }
        }
        byte[] fr;
        byte[] sr;
        int i = 0;
        if (fn == sn) {
            fr = nodeHash;
            sr = nodeHash;
        } else {
            if (proof.isEmpty()) {
                throw new MerkleProofException("consistency proof is empty but must start with a node");
            }
            fr = proof.get(0);
            sr = fr;
            i = 1;
        }
        for (; i < proof.size(); i++) {
            byte[] c = proof.get(i);
            if (tn == 0) {
                throw new MerkleProofException("consistency proof has " + (proof.size() - i) + " hashes too many");
            }
            if ((sn & 1) == 1 || sn == tn) {
                if (Long.compareUnsigned(fn, sn) < 0) {
                    fr = MerkleHash.nodeHash(h, c, fr);
                }
                sr = MerkleHash.nodeHash(h, c, sr);
                while ((sn & 1) == 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                    tn >>>= 1;
                }
            } else {
                sr = MerkleHash.nodeHash(h, sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
            tn >>>= 1;
        }
        if (tn != 0) {
            throw new MerkleProofException("consistency proof is too short (" + proof.size() + " hashes)");
        }
        if (!MessageDigest.isEqual(fr, nodeHash)) {
            throw new MerkleProofException("consistency proof does not reproduce node_hash");
        }
        if (!MessageDigest.isEqual(sr, rootHash)) {
            throw new MerkleProofException("consistency proof does not reproduce root_hash");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers

    /**
     * {@code MTH(D[lo:hi])} for an aligned interval: the full nodes for the set bits of {@code hi - lo}, largest
     * first, folded from the right (RFC 9162 §2.1.1 applied to the right edge).
     */
    static byte[] rangeHash(NodeReader r, long lo, long hi) {
        HashFunction h = r.hash();
        long size = hi - lo;
        if (size == 0) {
            return MerkleHash.emptyHash(h);
        }
        byte[][] nodes = new byte[Long.bitCount(size)][];
        int n = 0;
        long pos = lo;
        for (int level = 63; level >= 0; level--) {
            if ((size & (1L << level)) != 0) {
                nodes[n++] = r.node(level, pos >>> level);
                pos += 1L << level;
            }
        }
        byte[] acc = nodes[n - 1];
        for (int i = n - 2; i >= 0; i--) {
            acc = MerkleHash.nodeHash(h, nodes[i], acc);
        }
        return acc;
    }

    /** The largest power of two smaller than {@code n} (unsigned), for {@code n > 1}: RFC 9162's {@code k}. */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static void requireValid(Subtree s) {
        if (!s.isValid()) {
            throw new IllegalArgumentException(s + " is not a valid subtree");
        }
    }

    private static void requireWithin(NodeReader r, long end) {
        if (Long.compareUnsigned(end, r.size()) > 0) {
            throw new IllegalArgumentException("tree has only " + Long.toUnsignedString(r.size())
                    + " leaves, need " + Long.toUnsignedString(end));
        }
    }

    private static void requireHashSize(HashFunction h, String field, byte[] hash) {
        if (hash.length != h.size()) {
            throw new MerkleProofException(field + " has " + hash.length + " bytes, HASH_SIZE is " + h.size());
        }
    }
}
