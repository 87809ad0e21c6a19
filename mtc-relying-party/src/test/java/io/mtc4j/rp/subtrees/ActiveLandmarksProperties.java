package io.mtc4j.rp.subtrees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.rp.config.TrustedSubtree;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ActiveLandmarksProperties {
    static TrustedSubtreeValidator.Outcome accepted(long landmark) {
        TrustedSubtree t = new TrustedSubtree(1, landmark * 10, landmark * 10 + 10, new byte[32]);
        return new TrustedSubtreeValidator.Outcome(Optional.empty(),
                List.of(new TrustedSubtreeValidator.LandmarkSubtrees(landmark, List.of(t))), List.of(), List.of());
    }

    /** After any sequence of updates the window holds exactly the received landmarks in (newest - max, newest]. */
    @Property(tries = 300)
    void windowKeepsTheNewestMaxActive(@ForAll @IntRange(min = 1, max = 6) int max,
            @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 1, max = 40) Integer> arrivals) {
        ActiveLandmarks w = ActiveLandmarks.empty(TrustAnchorId.parse("32473.1"), 1, max);
        TreeSet<Long> seen = new TreeSet<>();
        for (int l : arrivals) {
            w = w.update(accepted(l));
            seen.add((long) l);
            long newest = seen.last();
            List<Long> expected = seen.stream().filter(x -> x > newest - max).toList();
            assertEquals(expected, w.landmarks());
            assertTrue(w.trustedSubtrees().size() <= 2L * max);
            assertEquals(Optional.of(TrustAnchorId.parse("32473.1.2.1." + newest)), w.landmarkGroupId());
        }
    }
}
