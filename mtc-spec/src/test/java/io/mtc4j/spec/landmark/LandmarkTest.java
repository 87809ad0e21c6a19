package io.mtc4j.spec.landmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LandmarkTest {
    /** MTC-NOTES §2.10 example: "42 3" with sizes 5000, 4100, 3000, 2500. */
    @Test
    void publicationExample() {
        String text = "42 3\n5000\n4100\n3000\n2500\n";
        LandmarkList l = LandmarkList.parse(text, 169, 5000);
        assertEquals(42, l.lastLandmark());
        assertEquals(3, l.numActiveLandmarks());
        assertEquals(40, l.firstActiveLandmark());
        assertEquals(text, l.format());
        assertEquals(List.of(new Subtree(2496, 2560), new Subtree(2560, 3000)), l.landmarkSubtrees(40));
        assertEquals(List.of(new Subtree(2048, 4096), new Subtree(4096, 4100)), l.landmarkSubtrees(41));
        assertEquals(List.of(new Subtree(4096, 4608), new Subtree(4608, 5000)), l.landmarkSubtrees(42));
        assertEquals(6, l.activeLandmarkSubtrees().size());
        assertEquals(new LandmarkChoice.Found(new LandmarkSubtree(40, new Subtree(2560, 3000))), l.chooseLandmark(2999));
        assertEquals(new LandmarkChoice.Found(new LandmarkSubtree(40, new Subtree(2496, 2560))), l.chooseLandmark(2500));
        assertEquals(new LandmarkChoice.Found(new LandmarkSubtree(41, new Subtree(2048, 4096))), l.chooseLandmark(3000));
        assertEquals(new LandmarkChoice.Found(new LandmarkSubtree(42, new Subtree(4608, 5000))), l.chooseLandmark(4999));
        assertInstanceOf(LandmarkChoice.Wait.class, l.chooseLandmark(5000));
        assertInstanceOf(LandmarkChoice.Expired.class, l.chooseLandmark(2499));
        assertEquals(2500L, l.treeSize(39).orElseThrow());
        assertTrue(l.treeSize(38).isEmpty());
        assertTrue(l.treeSize(43).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> l.landmarkSubtrees(39));
        // E23/E24 against context
        assertEquals("landmarks.num_active_landmarks",
                assertThrows(MtcParseException.class, () -> LandmarkList.parse(text, 2, 5000)).field());
        assertEquals("landmarks.tree_size",
                assertThrows(MtcParseException.class, () -> LandmarkList.parse(text, 169, 4999)).field());
    }

    @Test
    void strictParse() {
        String[][] cases = {
            {"", "landmarks"},
            {"1 1\n5\n0", "landmarks"},
            {"1 1\r\n5\n0\n", "landmarks.num_active_landmarks"},
            {"1\n5\n", "landmarks.header"},
            {"1  1\n5\n0\n", "landmarks.header"},
            {"01 1\n5\n0\n", "landmarks.last_landmark"},
            {"-1 0\n5\n", "landmarks.last_landmark"},
            {"9223372036854775808 0\n5\n", "landmarks.last_landmark"},
            {"1 2\n5\n0\n", "landmarks.num_active_landmarks"},
            {"2 1\n5\n", "landmarks.tree_size"},
            {"2 1\n5\n4\n3\n", "landmarks.tree_size"},
            {"2 1\n5\n5\n", "landmarks.tree_size"},
            {"2 1\n4\n5\n", "landmarks.tree_size"},
            {"2 1\n5\n\n", "landmarks.tree_size"},
            {"2 1\n5\n+4\n", "landmarks.tree_size"},
            {"2 1\n5\n18446744073709551616\n", "landmarks.tree_size"},
            {"1 1\n5\n3\n", "landmarks.tree_size"},
        };
        for (String[] c : cases) {
            MtcParseException e = assertThrows(MtcParseException.class, () -> LandmarkList.parse(c[0]), c[0]);
            assertEquals(c[1], e.field(), c[0]);
        }
        assertEquals("0 0\n0\n", LandmarkList.parse("0 0\n0\n").format());
        assertThrows(IllegalArgumentException.class, () -> new LandmarkList(-1, List.of(0L)));
        assertThrows(IllegalArgumentException.class, () -> new LandmarkList(1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new LandmarkList(1, List.of(5L, 3L)));
        assertThrows(IllegalArgumentException.class, () -> new LandmarkList(0, List.of(5L, 3L)));
        assertThrows(IllegalArgumentException.class, () -> new LandmarkList(3, List.of(5L, 6L)));
    }

    @Test
    void treeSizesNoLogOrSequenceCanHave() {
        // draft §"Issuance Logs": at most 2^48-1 entries, so no landmark tree size above it
        assertEquals(List.of(281474976710655L, 1L, 0L), LandmarkList.parse("2 2\n281474976710655\n1\n0\n").treeSizes());
        MtcParseException big = assertThrows(MtcParseException.class,
                () -> LandmarkList.parse("2 2\n281474976710656\n1\n0\n"));
        assertEquals("landmarks.tree_size", big.field());
        assertTrue(big.rule().contains("2^48-1"), big.rule());
        assertThrows(MtcParseException.class, () -> LandmarkList.parse("2 1\n18446744073709551615\n1\n"));
        assertThrows(IllegalArgumentException.class, () -> new LandmarkList(2, List.of(1L << 48, 1L, 0L)));
        // §"Landmark Tree Sizes": only landmark zero has tree size 0 (sizes strictly increase from it)
        MtcParseException zero = assertThrows(MtcParseException.class, () -> LandmarkList.parse("5 2\n100\n50\n0\n"));
        assertTrue(zero.rule().contains("landmark 3 has tree size zero"), zero.rule());
        assertThrows(IllegalArgumentException.class, () -> new LandmarkList(5, List.of(100L, 50L, 0L)));
        assertEquals(List.of(100L, 50L, 1L), LandmarkList.parse("5 2\n100\n50\n1\n").treeSizes());
    }

    @Test
    void sequenceRules() {
        LandmarkSequence s = LandmarkSequence.initial().append(10).append(20);
        assertEquals(2, s.lastLandmark());
        assertEquals(List.of(0L, 10L, 20L), s.treeSizes());
        assertEquals(List.of(), s.landmarkSubtrees(0));
        assertEquals(List.of(new Subtree(0, 8), new Subtree(8, 10)), s.landmarkSubtrees(1));
        assertThrows(IllegalArgumentException.class, () -> s.append(20));
        assertThrows(IllegalArgumentException.class, () -> s.treeSize(3));
        assertThrows(IllegalArgumentException.class, () -> s.treeSize(-1));
        assertThrows(IllegalArgumentException.class, () -> LandmarkSequence.of(List.of(1L, 2L)));
        assertThrows(IllegalArgumentException.class, () -> LandmarkSequence.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> LandmarkSequence.of(List.of(0L, 5L, 5L)));
        assertThrows(IllegalArgumentException.class, () -> s.publish(0));
        assertEquals(s, LandmarkSequence.of(s.treeSizes()));
        assertEquals(s.hashCode(), LandmarkSequence.of(s.treeSizes()).hashCode());
        assertEquals("LandmarkSequence[last=2, size=20]", s.toString());
        assertEquals("2 2\n20\n10\n0\n", s.publish(5).format());
        assertEquals("2 1\n20\n10\n", s.publish(1).format());
        assertEquals("0 0\n0\n", LandmarkSequence.initial().publish(3).format());
        assertInstanceOf(LandmarkChoice.Wait.class, LandmarkSequence.initial().publish(3).chooseLandmark(0));
    }

    @Test
    void allocation() {
        // draft §"Landmark Tree Sizes": 7 days, one landmark per hour -> 169 (338 hashes, 10,816 bytes)
        assertEquals(169, LandmarkAllocator.maxActiveLandmarks(Duration.ofDays(7), Duration.ofHours(1)));
        assertEquals(2, LandmarkAllocator.maxActiveLandmarks(Duration.ofMinutes(1), Duration.ofHours(1)));
        assertEquals(1, LandmarkAllocator.maxActiveLandmarks(Duration.ZERO, Duration.ofHours(1)));
        assertEquals(3, LandmarkAllocator.maxActiveLandmarks(Duration.ofMinutes(61), Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> LandmarkAllocator.maxActiveLandmarks(Duration.ofDays(1), Duration.ZERO));
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        LandmarkAllocator a = LandmarkAllocator.start(t0, Duration.ofHours(1));
        a = a.step(t0.plusSeconds(10), 0); // not greater than 0: nothing
        assertEquals(0, a.sequence().lastLandmark());
        a = a.step(t0.plusSeconds(20), 100);
        assertEquals(List.of(0L, 100L), a.sequence().treeSizes());
        a = a.step(t0.plusSeconds(3599), 200); // same interval: at most once
        assertEquals(1, a.sequence().lastLandmark());
        a = a.step(t0.plusSeconds(3600), 200);
        assertEquals(List.of(0L, 100L, 200L), a.sequence().treeSizes());
        a = a.step(t0.plusSeconds(7300), 200); // did not grow
        assertEquals(2, a.sequence().lastLandmark());
        a = a.step(t0.plusSeconds(7400), 201);
        assertEquals(3, a.sequence().lastLandmark());
        assertEquals(-1, a.interval(t0.minusSeconds(1)));
        assertEquals(-1, a.interval(t0.minusSeconds(3600)));
        assertEquals(0, a.interval(t0));
        assertThrows(IllegalArgumentException.class, () -> LandmarkAllocator.start(t0, Duration.ZERO));
    }

    /** Review item 3: last_landmark = 2^63-1 (the largest value parse accepts) must not overflow. */
    @Test
    void lastLandmarkAtTheSignedEdge() {
        long max = Long.MAX_VALUE;
        LandmarkList none = LandmarkList.parse("9223372036854775807 0\n5\n");
        assertEquals(max, none.lastLandmark());
        assertEquals(0, none.numActiveLandmarks());
        assertEquals(List.of(), none.activeLandmarks());
        assertEquals(List.of(), none.activeLandmarkSubtrees());
        assertFalse(none.isActive(max));
        assertEquals("9223372036854775808", Long.toUnsignedString(none.firstActiveLandmark()));
        assertTrue(none.chooseLandmark(5) instanceof LandmarkChoice.Wait);
        assertTrue(none.chooseLandmark(4) instanceof LandmarkChoice.Expired); // no active landmark covers it
        assertThrows(IllegalArgumentException.class, () -> none.landmarkSubtrees(max));
        assertEquals(Optional.of(5L), none.treeSize(max));
        assertEquals(Optional.empty(), none.treeSize(max - 1));
        assertEquals(Optional.empty(), none.treeSize(-1));

        LandmarkList one = LandmarkList.parse("9223372036854775807 1\n5\n3\n");
        assertEquals(List.of(max), one.activeLandmarks());
        assertEquals(max, one.firstActiveLandmark());
        assertEquals(List.of(new LandmarkSubtree(max, new Subtree(3, 4)), new LandmarkSubtree(max, new Subtree(4, 5))),
                one.activeLandmarkSubtrees());
        assertEquals(new LandmarkSubtree(max, new Subtree(3, 4)),
                ((LandmarkChoice.Found) one.chooseLandmark(3)).landmarkSubtree());
        assertEquals(new LandmarkSubtree(max, new Subtree(4, 5)),
                ((LandmarkChoice.Found) one.chooseLandmark(4)).landmarkSubtree());
        assertTrue(one.chooseLandmark(2) instanceof LandmarkChoice.Expired);
        assertFalse(one.isActive(max - 1));
        assertFalse(one.isActive(Long.MIN_VALUE));
        assertThrows(IllegalArgumentException.class, () -> one.landmarkSubtrees(Long.MIN_VALUE));

        LandmarkList three = LandmarkList.parse("9223372036854775807 3\n9\n7\n5\n3\n");
        assertEquals(List.of(max - 2, max - 1, max), three.activeLandmarks());
        assertEquals(6, three.activeLandmarkSubtrees().size());
        // num_active = 0 below the edge too: nothing active, nothing to choose
        LandmarkList small = LandmarkList.parse("4 0\n7\n");
        assertEquals(List.of(), small.activeLandmarkSubtrees());
        assertTrue(small.chooseLandmark(3) instanceof LandmarkChoice.Expired);
        // a group whose latest landmark is 2^63-1
        TrustAnchorId ca = TrustAnchorId.parse("32473.1");
        LandmarkGroup g = new LandmarkGroup(ca, 1, max, 2);
        assertEquals(List.of(ca, ca.landmarkId(1, max - 1), ca.landmarkId(1, max)), g.members());
        assertTrue(g.containsLandmark(max) && !g.containsLandmark(max - 2));
    }

    /** draft §"Single-Log Landmark Groups" example: up to date as of landmark 42 of log 8 of CA 32473.1. */
    @Test
    void groups() {
        TrustAnchorId ca = TrustAnchorId.parse("32473.1");
        LandmarkGroup g = new LandmarkGroup(ca, 8, 42, 3);
        assertEquals("32473.1.2.8.42", g.id().ascii());
        assertTrue(g.contains(ca));
        assertTrue(g.contains(ca.landmarkId(8, 40)));
        assertTrue(g.contains(ca.landmarkId(8, 42)));
        assertFalse(g.contains(ca.landmarkId(8, 39)));
        assertFalse(g.contains(ca.landmarkId(8, 43)));
        assertFalse(g.contains(ca.landmarkId(7, 42)));
        assertFalse(g.contains(ca.logId(8)));
        assertFalse(g.contains(TrustAnchorId.parse("32473.2")));
        assertFalse(g.contains(ca.landmarkGroupId(8, 42)));
        assertEquals(List.of(ca, ca.landmarkId(8, 40), ca.landmarkId(8, 41), ca.landmarkId(8, 42)), g.members());
        assertEquals(g, LandmarkGroup.fromId(ca, g.id(), 3).orElseThrow());
        assertTrue(LandmarkGroup.fromId(ca, ca.landmarkId(8, 42), 3).isEmpty());
        assertTrue(LandmarkGroup.fromId(ca, TrustAnchorId.parse("32473.2.2.8.42"), 3).isEmpty());
        assertTrue(LandmarkGroup.fromId(ca, ca.child(2, 0, 42), 3).isEmpty());
        assertTrue(LandmarkGroup.fromId(ca, ca.child(2, 8), 3).isEmpty());
        assertEquals(0, new LandmarkGroup(ca, 1, 1, 169).firstLandmark());
        assertThrows(IllegalArgumentException.class, () -> new LandmarkGroup(ca, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new LandmarkGroup(ca, 1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new LandmarkGroup(ca, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LandmarkSubtree(0, new Subtree(0, 0)));
    }
}
