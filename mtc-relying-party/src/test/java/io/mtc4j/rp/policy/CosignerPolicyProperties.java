package io.mtc4j.rp.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * An independent brute-force oracle for {@link CosignerPolicy}: random small policies over at most 5 cosigner IDs
 * (numbered 0..4) are built twice, once as a {@link CosignerPolicy} and once as the test's own tree ({@link P}),
 * and {@code evaluate(signers).satisfied()} is compared with a direct set computation on that tree. Signer sets
 * draw from 0..5, where 5 is never named by any policy.
 */
class CosignerPolicyProperties {

    static TrustAnchorId id(int i) {
        return TrustAnchorId.parse("32473.9." + (i + 1));
    }

    /** The test's own policy tree; {@link #met} is the oracle and {@link #build} the policy under test. */
    sealed interface P permits Req, Thr, All, Any, KOf {}

    record Req(int id) implements P {}

    record Thr(int k, Set<Integer> ids) implements P {}

    record All(List<P> subs) implements P {}

    record Any(List<P> subs) implements P {}

    record KOf(int k, List<P> subs) implements P {}

    /** The oracle: set arithmetic only, no code from CosignerPolicy. */
    static boolean met(P p, Set<Integer> s) {
        if (p instanceof Req r) {
            return s.contains(r.id());
        }
        if (p instanceof Thr t) {
            return t.ids().stream().filter(s::contains).count() >= t.k();
        }
        if (p instanceof All a) {
            return a.subs().stream().filter(q -> met(q, s)).count() == a.subs().size();
        }
        if (p instanceof Any a) {
            return a.subs().stream().filter(q -> met(q, s)).count() >= 1;
        }
        KOf k = (KOf) p;
        return k.subs().stream().filter(q -> met(q, s)).count() >= k.k();
    }

    static Set<Integer> named(P p) {
        if (p instanceof Req r) {
            return Set.of(r.id());
        }
        if (p instanceof Thr t) {
            return t.ids();
        }
        List<P> subs = p instanceof All a ? a.subs() : p instanceof Any a ? a.subs() : ((KOf) p).subs();
        return subs.stream().flatMap(q -> named(q).stream()).collect(Collectors.toSet());
    }

    static CosignerPolicy build(P p) {
        if (p instanceof Req r) {
            return CosignerPolicy.require(id(r.id()));
        }
        if (p instanceof Thr t) {
            return CosignerPolicy.threshold(t.k(), t.ids().stream().map(CosignerPolicyProperties::id).toList());
        }
        if (p instanceof All a) {
            return CosignerPolicy.allOf(a.subs().stream().map(CosignerPolicyProperties::build).toList());
        }
        if (p instanceof Any a) {
            return CosignerPolicy.anyOf(a.subs().stream().map(CosignerPolicyProperties::build).toList());
        }
        KOf k = (KOf) p;
        return new CosignerPolicy.KOf(k.k(), k.subs().stream().map(CosignerPolicyProperties::build).toList());
    }

    @Provide
    Arbitrary<P> policies() {
        return policy(3);
    }

    static Arbitrary<P> policy(int depth) {
        Arbitrary<P> req = Arbitraries.integers().between(0, 4).map(Req::new);
        Arbitrary<P> thr = Arbitraries.integers().between(0, 4).set().ofMinSize(1).ofMaxSize(5)
                .flatMap(ids -> Arbitraries.integers().between(1, ids.size()).map(k -> (P) new Thr(k, Set.copyOf(ids))));
        if (depth == 0) {
            return Arbitraries.oneOf(req, thr);
        }
        Arbitrary<List<P>> subs = Arbitraries.lazy(() -> policy(depth - 1)).list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<P> all = subs.map(All::new);
        Arbitrary<P> any = subs.map(Any::new);
        Arbitrary<P> kof = subs.flatMap(l -> Arbitraries.integers().between(1, l.size()).map(k -> (P) new KOf(k, l)));
        return Arbitraries.oneOf(req, thr, all, any, kof);
    }

    /**
     * satisfied() agrees with the oracle; when met, satisfiedBy is a subset of the signers that the policy names
     * and meets the policy on its own (per the oracle); when not met, it is empty.
     */
    @Property(tries = 2000)
    void evaluateAgreesWithBruteForce(@ForAll("policies") P p,
            @ForAll @Size(max = 6) Set<@IntRange(min = 0, max = 5) Integer> signers) {
        CosignerPolicy policy = build(p);
        Set<TrustAnchorId> valid = signers.stream().map(CosignerPolicyProperties::id).collect(Collectors.toSet());
        CosignerPolicy.PolicyOutcome o = policy.evaluate(valid);
        boolean expected = met(p, signers);
        assertEquals(expected, o.satisfied(), policy + " with " + signers);
        if (!expected) {
            assertEquals(List.of(), o.satisfiedBy());
            return;
        }
        Set<Integer> named = named(p);
        Set<Integer> used = new TreeSet<>();
        for (TrustAnchorId t : o.satisfiedBy()) {
            int i = -1;
            for (int j = 0; j <= 5; j++) {
                if (id(j).equals(t)) {
                    i = j;
                }
            }
            assertTrue(signers.contains(i) && named.contains(i), t + " is not a named signer: " + policy);
            used.add(i);
        }
        assertTrue(met(p, used), "satisfiedBy " + used + " does not meet " + policy + " by itself");
        // the outcome is in draft cosigner order with no duplicates
        assertEquals(new TreeSet<>(o.satisfiedBy()).stream().toList(), o.satisfiedBy());
    }

    /** Exhaustive over all 64 signer subsets of 0..5 for each random policy. */
    @Property(tries = 200)
    void everySignerSubsetAgrees(@ForAll("policies") P p) {
        CosignerPolicy policy = build(p);
        for (int mask = 0; mask < 64; mask++) {
            Set<Integer> s = new TreeSet<>();
            for (int i = 0; i < 6; i++) {
                if ((mask & (1 << i)) != 0) {
                    s.add(i);
                }
            }
            Set<TrustAnchorId> valid = s.stream().map(CosignerPolicyProperties::id).collect(Collectors.toSet());
            assertEquals(met(p, s), policy.evaluate(valid).satisfied(), policy + " with " + s);
        }
    }
}
