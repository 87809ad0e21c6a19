package io.mtc4j.spec.merkle;

import io.mtc4j.spec.Profile;
import java.util.List;

/** draft §"Efficiently Covering Arbitrary Intervals": two subtrees that together cover any interval. */
public final class Covering {
    private Covering() {}

    /**
     * draft §"Selecting Two Subtrees": returns {@code left} and {@code right} with {@code left.end == right.start},
     * {@code left.start <= start}, {@code right.end == end}, and for a non-empty interval
     * {@code start - left.start < left.end - start}. Always two; the second may be empty.
     *
     * @param start the interval's start (inclusive)
     * @param end the interval's end (exclusive)
     * @return the two subtrees, left then right
     * @throws MerkleProofException if {@code start > end} (unsigned)
     */
    public static List<Subtree> coveringSubtrees(long start, long end) {
        if (Long.compareUnsigned(start, end) > 0) {
            throw new MerkleProofException("interval [" + Long.toUnsignedString(start) + ", "
                    + Long.toUnsignedString(end) + ") has start > end");
        }
        if (Long.compareUnsigned(end - start, 1) <= 0) {
            return List.of(new Subtree(start, end), new Subtree(end, end));
        }
        long last = end - 1;
        int split = 63 - Long.numberOfLeadingZeros(start ^ last);
        long mask = (1L << split) - 1;
        long mid = last & ~mask;
        int leftSplit = 64 - Long.numberOfLeadingZeros(~start & mask);
        long leftStart = start & ~((1L << leftSplit) - 1);
        return List.of(new Subtree(leftStart, mid), new Subtree(mid, end));
    }

    /**
     * The covering procedure of {@code profile}. Before the editor's copy (-05 as published and earlier, section
     * "Arbitrary Intervals"/"Selecting Two Subtrees") it was defined only for {@code start < end} and returned the
     * single subtree {@code [start, end)} when {@code end - start} is one (MTC-NOTES §3.5).
     *
     * @param start the interval's start (inclusive)
     * @param end the interval's end (exclusive)
     * @param profile the wire profile
     * @return the covering subtrees, left first (one or two)
     * @throws MerkleProofException if the interval is not one the profile's procedure accepts
     */
    public static List<Subtree> coveringSubtrees(long start, long end, Profile profile) {
        if (profile.allowsEmptySubtrees()) {
            return coveringSubtrees(start, end);
        }
        if (Long.compareUnsigned(start, end) >= 0) {
            throw new MerkleProofException("profile " + profile + " covers only non-empty intervals, got ["
                    + Long.toUnsignedString(start) + ", " + Long.toUnsignedString(end) + ")");
        }
        if (end - start == 1) {
            return List.of(new Subtree(start, end));
        }
        return coveringSubtrees(start, end);
    }
}
