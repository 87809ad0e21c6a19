package io.mtc4j.spec.landmark;

import java.util.Objects;

/** The outcome of draft §"Constructing Landmark-Relative Certificates" step 1 for one entry. */
public sealed interface LandmarkChoice {
    /** The landmark and the subtree of it that contains the entry. */
    record Found(LandmarkSubtree landmarkSubtree) implements LandmarkChoice {
        /**
         * Checks the components against the rules above and copies byte arrays.
         *
         * @param landmarkSubtree the landmark subtree
         */
        public Found {
            Objects.requireNonNull(landmarkSubtree, "landmarkSubtree");
        }
    }

    /** No landmark covers the entry yet ({@code i >= size(last_landmark)}): wait for the next one. */
    record Wait() implements LandmarkChoice {}

    /** Every landmark that covered the entry has left the active window: abort. */
    record Expired() implements LandmarkChoice {}
}
