package io.mtc4j.spec.landmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.merkle.Subtree;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class LandmarkProperties {
    @Provide
    Arbitrary<LandmarkSequence> sequences() {
        return Arbitraries.longs().between(1, 1L << 30).list().ofMinSize(0).ofMaxSize(30).map(steps -> {
            LandmarkSequence s = LandmarkSequence.initial();
            long size = 0;
            for (long d : steps) {
                size += d;
                s = s.append(size);
            }
            return s;
        });
    }

    @Property(tries = 2000)
    void publishParseFormatRoundTrip(@ForAll("sequences") LandmarkSequence s, @ForAll @IntRange(min = 1, max = 40) int max) {
        LandmarkList l = s.publish(max);
        String text = l.format();
        long latest = s.treeSize(s.lastLandmark());
        assertEquals(l, LandmarkList.parse(text, max, latest));
        assertEquals(text, LandmarkList.parse(text).format());
        assertEquals(Math.min(max, s.lastLandmark()), l.numActiveLandmarks());
        for (long L = l.firstActiveLandmark(); L <= l.lastLandmark(); L++) {
            assertEquals(s.landmarkSubtrees(L), l.landmarkSubtrees(L));
        }
    }

    /** The landmark subtrees of L are valid, adjacent, and exactly cover [size(L-1), size(L)) plus a prefix. */
    @Property(tries = 1000)
    void landmarkSubtreesCoverTheirInterval(@ForAll("sequences") LandmarkSequence s) {
        for (long L = 1; L <= s.lastLandmark(); L++) {
            List<Subtree> st = s.landmarkSubtrees(L);
            long prev = s.treeSize(L - 1);
            long size = s.treeSize(L);
            assertEquals(2, st.size());
            assertTrue(st.get(0).isValid() && st.get(1).isValid());
            assertEquals(st.get(0).end(), st.get(1).start());
            assertTrue(st.get(0).start() <= prev);
            assertEquals(size, st.get(1).end());
        }
    }

    /** draft §"Constructing Landmark-Relative Certificates": the choice is the smallest active landmark with size > i. */
    @Property(tries = 2000)
    void chooseLandmarkFollowsTheDraft(@ForAll("sequences") LandmarkSequence s, @ForAll @IntRange(min = 1, max = 40) int max,
            @ForAll @IntRange(min = 0, max = 100) int percent) {
        LandmarkList l = s.publish(max);
        long latest = s.treeSize(s.lastLandmark());
        long i = (long) ((latest + 10) * (percent / 100.0));
        LandmarkChoice c = l.chooseLandmark(i);
        long oldest = s.treeSize(l.lastLandmark() - l.numActiveLandmarks());
        if (i >= latest) {
            assertTrue(c instanceof LandmarkChoice.Wait, c.toString());
        } else if (oldest > i) {
            assertTrue(c instanceof LandmarkChoice.Expired, c.toString());
        } else {
            LandmarkSubtree ls = ((LandmarkChoice.Found) c).landmarkSubtree();
            long L = ls.landmark();
            assertTrue(s.treeSize(L) > i && s.treeSize(L - 1) <= i);
            assertTrue(L >= l.firstActiveLandmark());
            assertTrue(ls.subtree().contains(i));
            assertTrue(s.landmarkSubtrees(L).contains(ls.subtree()));
        }
    }

    @Provide
    Arbitrary<String> mutated() {
        return Combinators.combine(sequences(), Arbitraries.integers().between(1, 10), Arbitraries.integers().between(0, 1 << 16),
                Arbitraries.of('\n', ' ', '0', '1', '9', '-', 'x', '\r'), Arbitraries.integers().between(0, 2))
                .as((s, max, pos, ch, kind) -> {
                    String t = s.publish(max).format();
                    int p = pos % t.length();
                    return kind == 0 ? t.substring(0, p) + ch + t.substring(p + 1)
                            : kind == 1 ? t.substring(0, p) + t.substring(p + 1) : t.substring(0, p) + ch + t.substring(p);
                });
    }

    @Property(tries = 10000)
    void mutatedListsThrowOnlyParseExceptions(@ForAll("mutated") String text) {
        try {
            LandmarkList l = LandmarkList.parse(text, 10, Long.MAX_VALUE);
            assertEquals(text, l.format());
        } catch (MtcParseException e) {
            assertTrue(e.field().startsWith("landmarks") && !e.rule().isEmpty());
        }
    }

    @Property(tries = 10000)
    void randomTextThrowsOnlyParseExceptions(@ForAll("randomText") String text) {
        try {
            assertEquals(text, LandmarkList.parse(text).format());
        } catch (MtcParseException e) {
            assertTrue(e.getMessage().startsWith(e.field() + ": "));
        }
    }

    @Provide
    Arbitrary<String> randomText() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789 \n-+x").ofMaxLength(40),
                Arbitraries.strings().ofMaxLength(40));
    }

    @Property(tries = 500)
    void groupMembershipMatchesDefinition(@ForAll @IntRange(min = 0, max = 1000) int L, @ForAll @IntRange(min = 1, max = 300) int max,
            @ForAll @IntRange(min = 0, max = 1400) int probe) {
        io.mtc4j.spec.tai.TrustAnchorId ca = io.mtc4j.spec.tai.TrustAnchorId.parse("32473.1");
        LandmarkGroup g = new LandmarkGroup(ca, 8, L, max);
        boolean expected = probe <= L && probe >= L - max + 1;
        assertEquals(expected, g.contains(ca.landmarkId(8, probe)));
        List<Long> nums = new ArrayList<>();
        g.members().stream().skip(1).forEach(id -> nums.add(id.components().get(id.components().size() - 1)));
        assertEquals(Math.min(max, L + 1), nums.size());
    }
}
