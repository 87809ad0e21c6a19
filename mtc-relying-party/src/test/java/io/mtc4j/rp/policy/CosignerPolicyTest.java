package io.mtc4j.rp.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CosignerPolicyTest {
    static final TrustAnchorId CA = TrustAnchorId.parse("32473.1");
    static final TrustAnchorId W1 = TrustAnchorId.parse("32473.2.1");
    static final TrustAnchorId W2 = TrustAnchorId.parse("32473.2.2");
    static final TrustAnchorId W3 = TrustAnchorId.parse("32473.2.3");
    static final TrustAnchorId UNKNOWN = TrustAnchorId.parse("99.9");

    @Test
    void caOnly() {
        CosignerPolicy p = CosignerPolicy.require(CA);
        assertEquals(List.of(CA), p.evaluate(Set.of(CA, W1, UNKNOWN)).satisfiedBy());
        assertFalse(p.evaluate(Set.of(W1, W2, W3)).satisfied());
        assertEquals("32473.1", p.toString());
    }

    /** Review item 5: the CA cannot count toward "k of the others". */
    @Test
    void caPlusRejectsTheCaAmongTheOthers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CosignerPolicy.caPlus(CA, 1, List.of(CA, W1)));
        assertTrue(e.getMessage().contains("32473.1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CosignerPolicy.caPlus(CA, 0, List.of(CA)));
        // without the CA among them, the CA alone does not meet it
        assertFalse(CosignerPolicy.caPlus(CA, 1, List.of(W1)).evaluate(Set.of(CA)).satisfied());
    }

    @Test
    void caPlusOneOther() {
        CosignerPolicy p = CosignerPolicy.caPlus(CA, 1, List.of(W1, W2, W3));
        assertEquals(List.of(CA, W2), p.evaluate(Set.of(CA, W2)).satisfiedBy());
        assertEquals(List.of(CA, W1), p.evaluate(Set.of(CA, W1, W3)).satisfiedBy());
        assertFalse(p.evaluate(Set.of(CA)).satisfied());
        assertFalse(p.evaluate(Set.of(CA, UNKNOWN)).satisfied());
        assertFalse(p.evaluate(Set.of(W1, W2, W3)).satisfied());
        assertEquals("all(32473.1, 1-of(32473.2.1, 32473.2.2, 32473.2.3))", p.toString());
        assertEquals(List.of(CA, W1, W2, W3), List.copyOf(p.cosigners()));
    }

    @Test
    void orOfAnds() {
        CosignerPolicy p = CosignerPolicy.anyOf(List.of(
                CosignerPolicy.allOf(List.of(CosignerPolicy.require(CA), CosignerPolicy.require(W1))),
                CosignerPolicy.threshold(2, List.of(W2, W3, CA))));
        assertEquals(List.of(CA, W1), p.evaluate(Set.of(CA, W1, W2)).satisfiedBy());
        assertEquals(List.of(CA, W2), p.evaluate(Set.of(CA, W2)).satisfiedBy());
        assertEquals(List.of(W2, W3), p.evaluate(Set.of(W2, W3)).satisfiedBy());
        assertFalse(p.evaluate(Set.of(W1, W3)).satisfied());
        assertEquals("any(all(32473.1, 32473.2.1), 2-of(32473.2.2, 32473.2.3, 32473.1))", p.toString());
    }

    @Test
    void malformedPoliciesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> CosignerPolicy.threshold(0, List.of(CA)));
        assertThrows(IllegalArgumentException.class, () -> CosignerPolicy.threshold(2, List.of(CA)));
        assertThrows(IllegalArgumentException.class, () -> CosignerPolicy.threshold(1, List.of(CA, CA)));
        assertThrows(IllegalArgumentException.class, () -> CosignerPolicy.allOf(List.of()));
        assertThrows(IllegalArgumentException.class, () -> CosignerPolicy.anyOf(List.of()));
        assertThrows(IllegalArgumentException.class, () -> CosignerPolicy.require(null));
    }

    /** k-of-n is met exactly when at least k members are valid, and uses exactly k of them. */
    @Property
    void thresholdSemantics(@ForAll @Size(min = 1, max = 8) Set<@IntRange(min = 1, max = 12) Integer> members,
            @ForAll @Size(max = 12) Set<@IntRange(min = 1, max = 14) Integer> valid, @ForAll @IntRange(min = 1, max = 8) int k) {
        List<TrustAnchorId> ids = new ArrayList<>();
        members.forEach(m -> ids.add(TrustAnchorId.parse("7." + m)));
        if (k > ids.size()) {
            return;
        }
        Set<TrustAnchorId> v = new HashSet<>();
        valid.forEach(m -> v.add(TrustAnchorId.parse("7." + m)));
        long present = ids.stream().filter(v::contains).count();
        CosignerPolicy.PolicyOutcome o = CosignerPolicy.threshold(k, ids).evaluate(v);
        assertEquals(present >= k, o.satisfied());
        if (o.satisfied()) {
            assertEquals(k, o.satisfiedBy().size());
            assertTrue(v.containsAll(o.satisfiedBy()));
            assertTrue(ids.containsAll(o.satisfiedBy()));
        }
    }

    /** Monotone: adding valid cosigners never breaks a met policy; the satisfying set alone meets it. */
    @Property
    void satisfyingSetIsSufficientAndPolicyIsMonotone(@ForAll @Size(max = 6) Set<@IntRange(min = 1, max = 6) Integer> valid,
            @ForAll @IntRange(min = 1, max = 3) int k) {
        List<TrustAnchorId> w = List.of(W1, W2, W3);
        CosignerPolicy p = CosignerPolicy.anyOf(List.of(CosignerPolicy.caPlus(CA, k, w),
                CosignerPolicy.threshold(3, List.of(W1, W2, W3))));
        Set<TrustAnchorId> v = new HashSet<>();
        valid.forEach(m -> v.add(m == 4 ? CA : m == 5 ? UNKNOWN : TrustAnchorId.parse("32473.2." + m)));
        var s = p.satisfiedBy(v);
        if (s.isPresent()) {
            SortedSet<TrustAnchorId> used = s.get();
            assertTrue(p.satisfiedBy(used).isPresent());
            Set<TrustAnchorId> more = new HashSet<>(v);
            more.add(UNKNOWN);
            more.add(W1);
            assertTrue(p.satisfiedBy(more).isPresent());
            assertFalse(used.contains(UNKNOWN));
        }
    }
}
