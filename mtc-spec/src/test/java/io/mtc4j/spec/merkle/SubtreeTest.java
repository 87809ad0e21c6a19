package io.mtc4j.spec.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.Profile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** draft §"Definition of a Subtree" and §"Selecting Two Subtrees": examples, overflow and older profiles. */
class SubtreeTest {
    private static final long TWO_63 = 1L << 63;

    @Test
    void validityExamples() {
        assertTrue(Subtree.isValid(4, 8));
        assertTrue(Subtree.isValid(8, 13));
        assertTrue(Subtree.isValid(512, 600)); // MTC-NOTES §6: the blog certificate's subtree
        assertFalse(Subtree.isValid(1, 5)); // draft fig-misaligned-tree
        assertFalse(Subtree.isValid(9, 8));
        assertTrue(Subtree.isValid(0, 0));
        assertTrue(Subtree.isValid(13, 13));
        assertTrue(Subtree.isValid(0, -1L)); // [0, 2^64 - 1)
    }

    @Test
    void validityOverflowCase() {
        // draft: start 0, end 2^63 + 1 makes BIT_CEIL(end - start) = 2^64.
        assertTrue(Subtree.isValid(0, TWO_63 + 1));
        assertFalse(Subtree.isValid(1, TWO_63 + 2));
        assertTrue(Subtree.isValid(TWO_63, -1L)); // size 2^63 - 1, start a multiple of 2^63
        assertTrue(Subtree.isValid(0, TWO_63)); // size exactly 2^63
        assertFalse(Subtree.isValid(TWO_63, 0)); // start > end as unsigned numbers
        assertFalse(Subtree.isValid(-1L, 3));
    }

    @Test
    void olderProfilesRejectEmptySubtrees() {
        for (Profile p : Profile.values()) {
            assertEquals(p.allowsEmptySubtrees(), Subtree.isValid(5, 5, p), p.wireName());
            assertEquals(p.allowsEmptySubtrees(), new Subtree(0, 0).isValid(p), p.wireName());
            assertTrue(Subtree.isValid(8, 13, p));
            assertFalse(Subtree.isValid(1, 5, p));
        }
    }

    @Test
    void sizeContainsFullAndToString() {
        Subtree s = new Subtree(8, 13);
        assertEquals(5, s.size());
        assertTrue(s.contains(8));
        assertTrue(s.contains(12));
        assertFalse(s.contains(13));
        assertFalse(s.contains(7));
        assertFalse(s.isFull());
        assertTrue(new Subtree(4, 8).isFull());
        assertFalse(new Subtree(4, 4).isFull());
        assertEquals("[8, 13)", s.toString());
        assertEquals("[9223372036854775808, 18446744073709551615)", new Subtree(TWO_63, -1L).toString());
        assertTrue(new Subtree(TWO_63, -1L).contains(-2L));
        assertEquals(1, Subtree.bitCeil(0));
        assertEquals(TWO_63, Subtree.bitCeil(TWO_63));
    }

    @Test
    void coveringExamples() {
        // draft fig-subtree-pair-example and MTC-NOTES §3.5
        assertEquals(List.of(new Subtree(4, 8), new Subtree(8, 13)), Covering.coveringSubtrees(5, 13));
        assertEquals(List.of(new Subtree(7, 8), new Subtree(8, 9)), Covering.coveringSubtrees(7, 9));
        assertEquals(List.of(new Subtree(10, 11), new Subtree(11, 11)), Covering.coveringSubtrees(10, 11));
        assertEquals(List.of(new Subtree(6, 6), new Subtree(6, 6)), Covering.coveringSubtrees(6, 6));
        assertThrows(MerkleProofException.class, () -> Covering.coveringSubtrees(7, 6));
        // near the top of the unsigned range
        List<Subtree> top = Covering.coveringSubtrees(1, -1L);
        assertEquals(List.of(new Subtree(0, TWO_63), new Subtree(TWO_63, -1L)), top);
    }

    @Test
    void coveringInOlderProfiles() {
        for (Profile p : Profile.values()) {
            if (p.allowsEmptySubtrees()) {
                assertEquals(2, Covering.coveringSubtrees(10, 11, p).size());
                assertEquals(2, Covering.coveringSubtrees(3, 3, p).size());
            } else {
                assertEquals(List.of(new Subtree(10, 11)), Covering.coveringSubtrees(10, 11, p), p.wireName());
                assertThrows(MerkleProofException.class, () -> Covering.coveringSubtrees(3, 3, p));
                assertThrows(MerkleProofException.class, () -> Covering.coveringSubtrees(4, 3, p));
                assertEquals(List.of(new Subtree(4, 8), new Subtree(8, 13)), Covering.coveringSubtrees(5, 13, p));
            }
        }
    }
}
