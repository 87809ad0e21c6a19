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

    /**
     * A published list is rejected when its newest tree size is raised above 2^48-1 (no log holds more entries),
     * or when its oldest listed landmark is not landmark zero but has tree size 0 (sizes strictly increase from
     * landmark zero's 0).
     */
    @Property(tries = 1000)
    void sizesNoLogOrSequenceCanHaveAreRejected(@ForAll("sequences") LandmarkSequence s,
            @ForAll @IntRange(min = 1, max = 40) int max, @ForAll("aboveLogLimit") long big) {
        LandmarkList l = s.publish(max);
        List<Long> sizes = new ArrayList<>(l.treeSizes());
        sizes.set(0, big);
        String tooBig = new StringBuilder().append(l.lastLandmark()).append(' ').append(l.numActiveLandmarks())
                .append('\n').toString() + String.join("\n", sizes.stream().map(Long::toUnsignedString).toList()) + "\n";
        MtcParseException e = org.junit.jupiter.api.Assertions.assertThrows(MtcParseException.class,
                () -> LandmarkList.parse(tooBig));
        assertEquals("landmarks.tree_size", e.field());
        if (l.numActiveLandmarks() < l.lastLandmark() && l.numActiveLandmarks() > 0) {
            List<Long> zeroed = new ArrayList<>(l.treeSizes());
            zeroed.set(zeroed.size() - 1, 0L);
            StringBuilder b = new StringBuilder().append(l.lastLandmark()).append(' ').append(l.numActiveLandmarks())
                    .append('\n');
            zeroed.forEach(z -> b.append(z).append('\n'));
            MtcParseException z = org.junit.jupiter.api.Assertions.assertThrows(MtcParseException.class,
                    () -> LandmarkList.parse(b.toString()));
            assertTrue(z.rule().contains("has tree size zero"), z.rule());
        }
    }

    @Provide
    Arbitrary<Long> aboveLogLimit() {
        return Arbitraries.oneOf(Arbitraries.longs().between(1L << 48, Long.MAX_VALUE),
                Arbitraries.longs().between(Long.MIN_VALUE, -1L));
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

    /** Headers near the 64-bit edges with a few tree-size lines, then maybe mutated (review item 3). */
    @Provide
    Arbitrary<String> edgeLists() {
        Arbitrary<Long> last = Arbitraries.oneOf(Arbitraries.of(0L, 1L, 2L, Long.MAX_VALUE, Long.MAX_VALUE - 1,
                Long.MAX_VALUE - 2, Long.MIN_VALUE, -1L), Arbitraries.longs().between(0, 50));
        Arbitrary<Long> num = Arbitraries.oneOf(Arbitraries.of(0L, 1L, 2L, 3L, Long.MAX_VALUE, -1L),
                Arbitraries.longs().between(0, 5));
        Arbitrary<List<Long>> sizes = Arbitraries.oneOf(Arbitraries.of(0L, 1L, 3L, 5L, Long.MAX_VALUE, -1L),
                Arbitraries.longs().between(0, 1L << 40)).list().ofMaxSize(6).map(l -> {
                    List<Long> sorted = new ArrayList<>(l);
                    sorted.sort((a, b) -> Long.compareUnsigned(b, a));
                    return sorted;
                });
        return Combinators.combine(last, num, sizes, Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 1 << 16), Arbitraries.of('\n', ' ', '0', '1', '9', 'x'))
                .as((l, n, sz, kind, pos, ch) -> {
                    StringBuilder b = new StringBuilder(Long.toUnsignedString(l)).append(' ')
                            .append(Long.toUnsignedString(n)).append('\n');
                    sz.forEach(x -> b.append(Long.toUnsignedString(x)).append('\n'));
                    String t = b.toString();
                    int p = pos % t.length();
                    return kind == 0 ? t : kind == 1 ? t.substring(0, p) + ch + t.substring(p + 1)
                            : kind == 2 ? t.substring(0, p) + t.substring(p + 1) : t.substring(0, p) + ch + t.substring(p);
                });
    }

    /**
     * Any text: parse throws only MtcParseException; on a parsed list, activeLandmarks, activeLandmarkSubtrees and
     * chooseLandmark never throw, and agree with the definitions (review item 3: last_landmark = 2^63-1).
     */
    @Property(tries = 10000)
    void parsedListsNeverThrowUntyped(@ForAll("edgeLists") String text, @ForAll long index) {
        LandmarkList l;
        try {
            l = LandmarkList.parse(text);
        } catch (MtcParseException e) {
            assertTrue(e.field().startsWith("landmarks") && !e.rule().isEmpty());
            return;
        }
        assertEquals(text, l.format());
        List<Long> active = l.activeLandmarks();
        assertEquals(l.numActiveLandmarks(), active.size());
        for (int k = 0; k < active.size(); k++) {
            assertEquals(l.lastLandmark() - (active.size() - 1 - k), (long) active.get(k));
            assertTrue(active.get(k) >= 1 && l.isActive(active.get(k)));
        }
        assertTrue(!l.isActive(l.lastLandmark() - l.numActiveLandmarks()));
        if (l.lastLandmark() < Long.MAX_VALUE) {
            assertTrue(!l.isActive(l.lastLandmark() + 1));
        }
        List<LandmarkSubtree> subtrees = l.activeLandmarkSubtrees();
        assertEquals(2 * active.size(), subtrees.size());
        for (int k = 0; k < subtrees.size(); k++) {
            assertEquals(active.get(k / 2), subtrees.get(k).landmark());
        }
        for (long i : new long[] {index, 0, 2, 4, 5, -1, l.treeSizes().get(0) - 1}) {
            LandmarkChoice c = l.chooseLandmark(i);
            if (c instanceof LandmarkChoice.Found f) {
                assertTrue(l.isActive(f.landmarkSubtree().landmark()));
                assertTrue(f.landmarkSubtree().subtree().contains(i));
            } else if (c instanceof LandmarkChoice.Wait) {
                assertTrue(Long.compareUnsigned(i, l.treeSizes().get(0)) >= 0);
            } else {
                assertTrue(Long.compareUnsigned(l.treeSizes().get(l.treeSizes().size() - 1), i) > 0);
            }
        }
    }
}
