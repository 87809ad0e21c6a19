package io.mtc4j.spec.landmark;

import io.mtc4j.spec.merkle.Subtree;
import java.util.Objects;

/**
 * One landmark subtree: the landmark's number and the subtree (draft §"Landmark Tree Sizes").
 *
 * @param landmark the landmark number (at least 1)
 * @param subtree  one of the two subtrees covering {@code [size(L-1), size(L))}
 */
public record LandmarkSubtree(long landmark, Subtree subtree) {
    /**
     * Checks the components against the rules above and copies byte arrays.
     *
     * @param landmark the landmark number (at least 1)
     * @param subtree one of the two subtrees covering {@code [size(L-1), size(L))}
     */
    public LandmarkSubtree {
        Objects.requireNonNull(subtree, "subtree");
        if (landmark < 1) {
            throw new IllegalArgumentException("landmark zero has no subtrees");
        }
    }
}
