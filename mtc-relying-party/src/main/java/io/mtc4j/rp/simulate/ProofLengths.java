package io.mtc4j.rp.simulate;

import io.mtc4j.spec.merkle.Subtree;

/**
 * Lengths of subtree inclusion proofs without hashing. draft §"Subtree Inclusion Proofs" defines the proof for
 * entry {@code index} in subtree {@code [start, end)} as {@code PATH(index - start, D[start:end])} (RFC 9162
 * §2.1.3.1), which splits the subtree at the largest power of two {@code k} smaller than its size and adds one
 * hash per split; {@link io.mtc4j.spec.merkle.SubtreeProofs#inclusionProof} builds it that way, and the tests hold
 * these counts to it. The entries of a subtree fall into at most 64 runs of equal proof length, so a histogram over
 * any range costs O(log n).
 */
final class ProofLengths {
    private ProofLengths() {}

    /** Proof lengths never exceed 64 hashes (subtrees of at most 2^64 entries). */
    static final int MAX = 65;

    // draft §"Subtree Inclusion Proofs": the number of hashes in PATH(index - start, D[start:end])
    static int inclusionProofLength(Subtree s, long index) {
        if (!s.contains(index)) {
            throw new IllegalArgumentException("index " + index + " is not in " + s);
        }
        long n = s.end() - s.start();
        long m = index - s.start();
        int length = 0;
        while (n > 1) {
            long k = Long.highestOneBit(n - 1);
            length++;
            if (m < k) {
                return length + Long.numberOfTrailingZeros(k);
            }
            m -= k;
            n -= k;
        }
        return length;
    }

    /**
     * Adds to {@code counts[h]} the number of entries of {@code [from, to) ∩ s} whose inclusion proof in {@code s} has
     * {@code h} hashes.
     */
    static void histogram(Subtree s, long from, long to, long[] counts) {
        long a = Math.max(from, s.start());
        long b = Math.min(to, s.end());
        if (a >= b) {
            return;
        }
        long lo = s.start();
        long n = s.end() - s.start();
        int depth = 0;
        while (n > 1) {
            long k = Long.highestOneBit(n - 1);
            // entries [lo, lo + k): the left split is a full subtree of height log2(k) below depth + 1 splits
            long x = Math.max(a, lo);
            long y = Math.min(b, lo + k);
            if (x < y) {
                counts[depth + 1 + Long.numberOfTrailingZeros(k)] += y - x;
            }
            lo += k;
            n -= k;
            depth++;
        }
        if (n == 1 && a <= lo && lo < b) {
            counts[depth]++;
        }
    }

    /** The median of a histogram (the smallest h with at least half the mass at or below it); 0 if empty. */
    static int median(long[] counts) {
        return quantile(counts, 0.5);
    }

    /** The smallest h with at least {@code q} of the mass at or below it; 0 if empty. */
    static int quantile(long[] counts, double q) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return 0;
        }
        long seen = 0;
        for (int h = 0; h < counts.length; h++) {
            seen += counts[h];
            if (seen >= q * total) {
                return h;
            }
        }
        return counts.length - 1;
    }

    /** The largest h with a non-zero count; 0 if empty. */
    static int max(long[] counts) {
        for (int h = counts.length - 1; h >= 0; h--) {
            if (counts[h] != 0) {
                return h;
            }
        }
        return 0;
    }
}
