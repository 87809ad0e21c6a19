package io.mtc4j.spec.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9162 §2.1.3 and §2.1.4: Merkle inclusion and consistency proofs between whole trees, as used by
 * checkpoints, witnesses and mirrors. Generation is the draft's subtree generation with {@code start = 0}
 * (draft §"Generating a Subtree Consistency Proof": {@code SUBTREE_PROOF(0, end, D_n) = PROOF(end, D_n)}).
 */
public final class Rfc9162Proofs {
    private Rfc9162Proofs() {}

    /**
     * RFC 9162 §2.1.3.1: {@code PATH(index, D_treeSize)}.
     *
     * @param r the reader
     * @param index the entry's index
     * @param treeSize the tree size
     * @return the {@code List<byte[]>}
     */
    public static List<byte[]> inclusionProof(NodeReader r, long index, long treeSize) {
        return SubtreeProofs.inclusionProof(r, new Subtree(0, treeSize), index);
    }

    /**
     * RFC 9162 §2.1.4.1: {@code PROOF(first, D_second)}; empty when {@code first} is 0 or equals {@code second}.
     *
     * @param r the reader
     * @param first the first
     * @param second the second
     * @return the {@code List<byte[]>}
     */
    public static List<byte[]> consistencyProof(NodeReader r, long first, long second) {
        return SubtreeProofs.consistencyProof(r, second, new Subtree(0, first));
    }

    /**
     * RFC 9162 §2.1.3.2: verifies an inclusion proof of {@code leafHash} at {@code index} in a tree. The RFC's
     * procedure is the draft's subtree inclusion evaluation for the subtree {@code [0, treeSize)}
     * (draft §"Evaluating a Subtree Inclusion Proof" generalises it), so it is evaluated by that one procedure.
     *
     * @param h the hash function
     * @param index the entry's index
     * @param treeSize the tree size
     * @param leafHash the leaf's hash
     * @param proof the proof
     * @param rootHash the tree's root hash
     * @return whether it holds
     */
    public static boolean verifyInclusion(
            HashFunction h, long index, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] rootHash) {
        if (treeSize == 0) {
            return false;
        }
        return SubtreeProofs.verifyInclusionProof(h, new Subtree(0, treeSize), index, leafHash, proof, rootHash);
    }

    /**
     * RFC 9162 §2.1.4.2: verifies a consistency proof between trees of sizes {@code first} and {@code second}.
     * The RFC defines it for {@code 0 < first < second}; outside that, the proof must be empty and
     * {@code first == second} needs equal hashes, {@code first == 0} needs {@code firstHash == HASH()}.
     *
     * @param h the hash function
     * @param first the first
     * @param second the second
     * @param firstHash the first hash
     * @param secondHash the second hash
     * @param proof the proof
     * @return whether it holds
     */
    public static boolean verifyConsistency(HashFunction h, long first, long second,
            byte[] firstHash, byte[] secondHash, List<byte[]> proof) {
        if (Long.compareUnsigned(first, second) > 0 || !hashSizesOk(h, proof)) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && MessageDigest.isEqual(firstHash, secondHash);
        }
        if (first == 0) {
            return proof.isEmpty() && MessageDigest.isEqual(firstHash, MerkleHash.emptyHash(h));
        }
        // 1. An empty consistency_path fails.
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof.size() + 1);
        // 2. If first is an exact power of 2, prepend first_hash.
        if ((first & (first - 1)) == 0) {
            path.add(firstHash);
        }
        path.addAll(proof);
        // 3. fn = first - 1, sn = second - 1; 4. drop trailing set bits of fn.
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        // 5. fr = sr = first value.
        byte[] fr = path.get(0);
        byte[] sr = fr;
        // 6. Each subsequent value c.
        for (int i = 1; i < path.size(); i++) {
            byte[] c = path.get(i);
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleHash.nodeHash(h, c, fr);
                sr = MerkleHash.nodeHash(h, c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                sr = MerkleHash.nodeHash(h, sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        // 7. fr == first_hash, sr == second_hash, sn == 0.
        return sn == 0 && MessageDigest.isEqual(fr, firstHash) && MessageDigest.isEqual(sr, secondHash);
    }

    private static boolean hashSizesOk(HashFunction h, List<byte[]> proof) {
        for (byte[] p : proof) {
            if (p.length != h.size()) {
                return false;
            }
        }
        return true;
    }
}
