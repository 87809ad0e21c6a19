package io.mtc4j.rp.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextPolicyTest {
    static final TrustAnchorId CA = TrustAnchorId.parse("32473.1");
    static final TrustAnchorId W1 = TrustAnchorId.parse("32473.2.1");
    static final TrustAnchorId W2 = TrustAnchorId.parse("32473.2.2");
    static final TrustAnchorId W3 = TrustAnchorId.parse("32473.2.3");
    static final TrustAnchorId M1 = TrustAnchorId.parse("99.1");
    static final TrustAnchorId M2 = TrustAnchorId.parse("99.2");

    static final String EXAMPLE = """
            # the CA, two of three witnesses, and a mirror
            cosigner w1 32473.2.1
            cosigner w2\t32473.2.2
              cosigner w3 32473.2.3

            group witnesses 2 w1 w2 w3
            cosigner m1 99.1
            cosigner m2 99.2
            group mirrors any m1 m2
            group main all ca witnesses mirrors
            quorum main
            """;

    @Test
    void theExample() {
        CosignerPolicy p = TextPolicy.parse(EXAMPLE, CA);
        assertEquals("all(32473.1, 2-of(32473.2.1, 32473.2.2, 32473.2.3), 1-of(99.1, 99.2))", p.toString());
        // draft cosigner order: shorter binary IDs first (99.2 is 2 bytes)
        assertEquals(List.of(M2, CA, W1, W3), p.evaluate(Set.of(CA, W1, W3, M2)).satisfiedBy());
        assertFalse(p.evaluate(Set.of(CA, W1, M2)).satisfied());
        assertFalse(p.evaluate(Set.of(W1, W2, M1)).satisfied());
    }

    @Test
    void groupsOfGroupsWithAThreshold() {
        CosignerPolicy p = TextPolicy.parse("""
                cosigner a 1.1
                cosigner b 1.2
                cosigner c 1.3
                group ab all a b
                group two 2 ab c ca
                quorum two
                """, CA);
        assertTrue(p instanceof CosignerPolicy.KOf, p.toString());
        assertEquals("2-of(2-of(1.1, 1.2), 1.3, 32473.1)", p.toString());
        assertTrue(p.evaluate(Set.of(TrustAnchorId.parse("1.1"), TrustAnchorId.parse("1.2"), CA)).satisfied());
        assertTrue(p.evaluate(Set.of(TrustAnchorId.parse("1.3"), CA)).satisfied());
        assertFalse(p.evaluate(Set.of(TrustAnchorId.parse("1.1"), CA)).satisfied());
        assertEquals(CosignerPolicy.require(CA), TextPolicy.parse("quorum ca\n", CA));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "# nothing\n", "quorum none\n", "quorum x\n", "quorum ca\nquorum ca\n", "witness w1 1.2\nquorum ca\n",
        "cosigner w1\nquorum ca\n", "cosigner w1 01.2\nquorum ca\n", "cosigner ca 1.2\nquorum ca\n",
        "cosigner w1 1.2\ncosigner w1 1.3\nquorum w1\n", "cosigner w1 1.2\ncosigner w2 1.2\nquorum w1\n",
        "cosigner w1 1.2\ngroup g 2 w1\nquorum g\n", "cosigner w1 1.2\ngroup g 0 w1\nquorum g\n",
        "cosigner w1 1.2\ngroup g some w1\nquorum g\n", "cosigner w1 1.2\ngroup g any w1 w1\nquorum g\n",
        "group g any w9\nquorum g\n", "group g any g\nquorum g\n", "cosigner w1 1.2\ngroup g any\nquorum g\n",
        "quorum ca extra\n", "cosigner none 1.2\nquorum ca\n", "quorum ca\u0001\n", "group g any none\nquorum g\n"})
    void malformedPoliciesAreRefused(String text) {
        assertThrows(MtcParseException.class, () -> TextPolicy.parse(text, CA), text);
    }

    /** "group g k m1..mn" of single cosigners behaves as the JSON threshold form. */
    @Property(tries = 300)
    void textAndCodeAgree(@ForAll @IntRange(min = 1, max = 5) int n, @ForAll @IntRange(min = 1, max = 5) int k,
            @ForAll @Size(max = 6) Set<@IntRange(min = 1, max = 6) Integer> valid) {
        if (k > n) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        StringBuilder members = new StringBuilder();
        List<TrustAnchorId> ids = new java.util.ArrayList<>();
        for (int i = 1; i <= n; i++) {
            sb.append("cosigner c").append(i).append(" 5.").append(i).append('\n');
            members.append(" c").append(i);
            ids.add(TrustAnchorId.parse("5." + i));
        }
        sb.append("group g ").append(k).append(members).append("\ngroup q all ca g\nquorum q\n");
        CosignerPolicy text = TextPolicy.parse(sb.toString(), CA);
        CosignerPolicy code = CosignerPolicy.caPlus(CA, k, ids);
        Set<TrustAnchorId> v = new HashSet<>();
        valid.forEach(i -> v.add(i == 6 ? CA : TrustAnchorId.parse("5." + i)));
        assertEquals(code.evaluate(v), text.evaluate(v));
    }
}
