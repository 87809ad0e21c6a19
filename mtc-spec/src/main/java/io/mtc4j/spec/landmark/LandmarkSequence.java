package io.mtc4j.spec.landmark;

import io.mtc4j.spec.merkle.Covering;
import io.mtc4j.spec.merkle.Subtree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A CA's landmark sequence for one issuance log (draft §"Landmark Tree Sizes"): landmarks are numbered from
 * zero, landmark zero has tree size zero, and the tree sizes are append-only and strictly increasing. Immutable;
 * {@link #append} returns a new sequence. Tree sizes are unsigned 64-bit.
 */
public final class LandmarkSequence {
    private final long[] sizes;

    private LandmarkSequence(long[] sizes) {
        this.sizes = sizes;
    }

    /**
     * The sequence holding only landmark zero (tree size zero).
     *
     * @return the sequence holding only landmark zero (tree size zero)
     */
    public static LandmarkSequence initial() {
        return new LandmarkSequence(new long[] {0});
    }

    /**
     * A sequence from all its tree sizes, landmark zero first.
     *
     * @throws IllegalArgumentException unless the first size is 0 and sizes strictly increase
     * @param treeSizes the tree sizes
     * @return a sequence from all its tree sizes, landmark zero first
     */
    public static LandmarkSequence of(List<Long> treeSizes) {
        if (treeSizes.isEmpty() || treeSizes.get(0) != 0) {
            throw new IllegalArgumentException("landmark zero MUST have tree size zero");
        }
        long[] s = new long[treeSizes.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = treeSizes.get(i);
            if (i > 0 && Long.compareUnsigned(s[i], s[i - 1]) <= 0) {
                throw new IllegalArgumentException("landmark tree sizes MUST be strictly increasing (landmark " + i + ")");
            }
        }
        return new LandmarkSequence(s);
    }

    /**
     * Appends a landmark with {@code treeSize} (draft §"Landmark Tree Sizes": append-only, strictly increasing).
     *
     * @throws IllegalArgumentException if {@code treeSize} is not greater than the last landmark's
     * @param treeSize the tree size
     * @return the {@code LandmarkSequence}
     */
    public LandmarkSequence append(long treeSize) {
        if (Long.compareUnsigned(treeSize, sizes[sizes.length - 1]) <= 0) {
            throw new IllegalArgumentException("landmark tree size " + Long.toUnsignedString(treeSize)
                    + " is not greater than the last landmark's " + Long.toUnsignedString(sizes[sizes.length - 1]));
        }
        long[] s = Arrays.copyOf(sizes, sizes.length + 1);
        s[sizes.length] = treeSize;
        return new LandmarkSequence(s);
    }

    /**
     * The number of the last landmark.
     *
     * @return the number of the last landmark
     */
    public long lastLandmark() {
        return sizes.length - 1;
    }

    /**
     * The tree size of landmark {@code number}.
     *
     * @param number the number
     * @return the tree size of landmark {@code number}
     */
    public long treeSize(long number) {
        if (number < 0 || number >= sizes.length) {
            throw new IllegalArgumentException("no landmark " + number);
        }
        return sizes[(int) number];
    }

    /**
     * All tree sizes, landmark zero first.
     *
     * @return all tree sizes, landmark zero first
     */
    public List<Long> treeSizes() {
        List<Long> out = new ArrayList<>(sizes.length);
        for (long s : sizes) {
            out.add(s);
        }
        return List.copyOf(out);
    }

    /**
     * draft §"Landmark Tree Sizes": the two subtrees covering {@code [size(L-1), size(L))} (draft
     * §"Efficiently Covering Arbitrary Intervals"); landmark zero has none. The second may be empty.
     *
     * @param number the number
     * @return the {@code List<Subtree>}
     */
    public List<Subtree> landmarkSubtrees(long number) {
        if (number == 0) {
            treeSize(0);
            return List.of();
        }
        return Covering.coveringSubtrees(treeSize(number - 1), treeSize(number));
    }

    /**
     * The number of active landmarks: the most recent {@code maxActiveLandmarks}, but never landmark zero.
     *
     * @param maxActiveLandmarks the most landmarks a relying party keeps active
     * @return the number of active landmarks: the most recent {@code maxActiveLandmarks}, but never landmark zero
     */
    public long numActiveLandmarks(long maxActiveLandmarks) {
        if (maxActiveLandmarks < 1) {
            throw new IllegalArgumentException("max_active_landmarks is a positive integer");
        }
        return Math.min(maxActiveLandmarks, lastLandmark());
    }

    /**
     * The publication of the active landmarks (draft §"Publishing Landmarks") with
     * {@code num_active_landmarks = min(max_active_landmarks, last_landmark)}.
     *
     * @param maxActiveLandmarks the most landmarks a relying party keeps active
     * @return the publication of the active landmarks (draft §"Publishing Landmarks") with {@code num_active_landmarks = min(max_active_landmarks, last_landmark)}
     */
    public LandmarkList publish(long maxActiveLandmarks) {
        long n = numActiveLandmarks(maxActiveLandmarks);
        List<Long> out = new ArrayList<>();
        for (long i = 0; i <= n; i++) {
            out.add(sizes[(int) (lastLandmark() - i)]);
        }
        return new LandmarkList(lastLandmark(), out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LandmarkSequence s && Arrays.equals(s.sizes, sizes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sizes);
    }

    @Override
    public String toString() {
        return "LandmarkSequence[last=" + lastLandmark() + ", size=" + Long.toUnsignedString(sizes[sizes.length - 1]) + "]";
    }
}
