package io.mtc4j.rp.policy;

import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A relying party's cosigner requirements (draft §"Trusted Cosigners"): which combinations of cosigners must have
 * signed a subtree before it is trusted. Built from four forms, in the spirit of C2SP tlog-policy's quorum
 * expressions:
 *
 * <ul>
 *   <li>{@link Required} one named cosigner (typically the CA cosigner, "CA cosigner required"),
 *   <li>{@link Threshold} at least k of a set of cosigners,
 *   <li>{@link AllOf} every sub-policy,
 *   <li>{@link AnyOf} at least one sub-policy,
 *   <li>{@link KOf} at least k of several sub-policies (a tlog-policy group whose members are groups).
 * </ul>
 *
 * <p>{@link TextPolicy} reads the same policies in a line format modelled on C2SP tlog-policy.
 *
 * <p>Evaluation takes the set of cosigners whose signatures verified and returns, when the policy is met, the
 * cosigners that satisfied it. Cosigners that the policy does not mention play no part (the draft's
 * "Unrecognized cosigners MUST be ignored"). Immutable.
 */
public sealed interface CosignerPolicy
        permits CosignerPolicy.Required, CosignerPolicy.Threshold, CosignerPolicy.AllOf, CosignerPolicy.AnyOf,
        CosignerPolicy.KOf {

    /**
     * Evaluates the policy against the cosigners whose signatures verified.
     *
     * @return the cosigners that satisfied the policy (in draft cosigner order), or empty when it is not met
     * @param validCosigners the cosigners whose signatures verified
     */
    Optional<SortedSet<TrustAnchorId>> satisfiedBy(Set<TrustAnchorId> validCosigners);

    /**
     * Every cosigner the policy names, in draft cosigner order.
     *
     * @return every cosigner the policy names, in draft cosigner order
     */
    SortedSet<TrustAnchorId> cosigners();

    /**
     * Evaluates and packages the outcome.
     *
     * @param validCosigners the cosigners whose signatures verified
     * @return the {@code PolicyOutcome}
     */
    default PolicyOutcome evaluate(Set<TrustAnchorId> validCosigners) {
        Optional<SortedSet<TrustAnchorId>> s = satisfiedBy(validCosigners);
        return new PolicyOutcome(s.isPresent(), s.map(List::copyOf).orElse(List.of()));
    }

    /**
     * "This cosigner must have signed".
     *
     * @param cosigner the cosigner
     * @return the {@code CosignerPolicy}
     */
    static CosignerPolicy require(TrustAnchorId cosigner) {
        return new Required(cosigner);
    }

    /**
     * "At least {@code k} of these cosigners must have signed".
     *
     * @param k how many must be met
     * @param of the cosigners counted
     * @return the {@code CosignerPolicy}
     */
    static CosignerPolicy threshold(int k, Collection<TrustAnchorId> of) {
        return new Threshold(k, List.copyOf(of));
    }

    /**
     * "Every one of these sub-policies".
     *
     * @param policies the policies
     * @return the {@code CosignerPolicy}
     */
    static CosignerPolicy allOf(List<CosignerPolicy> policies) {
        return new AllOf(policies);
    }

    /**
     * "At least one of these sub-policies".
     *
     * @param policies the policies
     * @return the {@code CosignerPolicy}
     */
    static CosignerPolicy anyOf(List<CosignerPolicy> policies) {
        return new AnyOf(policies);
    }

    /**
     * The common "CA cosigner plus at least {@code k} of the others" policy (draft §"Trusted Cosigners": a quorum of
     * signatures from additional cosigners). {@code others} must not contain {@code ca}: the CA's own signature
     * cannot count toward the quorum, so that is rejected rather than silently allowed or dropped.
     *
     * @throws IllegalArgumentException if {@code others} contains {@code ca}
     * @param ca the CA's configuration
     * @param k how many must be met
     * @param others the other cosigners
     * @return the common "CA cosigner plus at least {@code k} of the others" policy (draft §"Trusted Cosigners": a quorum of signatures from additional cosigners)
     */
    static CosignerPolicy caPlus(TrustAnchorId ca, int k, Collection<TrustAnchorId> others) {
        if (others.contains(ca)) {
            throw new IllegalArgumentException("the CA cosigner " + ca + " cannot be one of the others it needs "
                    + k + " of");
        }
        if (k == 0) {
            return require(ca);
        }
        return allOf(List.of(require(ca), threshold(k, others)));
    }

    /** Result of {@link #evaluate}. */
    record PolicyOutcome(boolean satisfied, List<TrustAnchorId> satisfiedBy) {
        /**
         * Checks the components against the rules above and copies byte arrays.
         *
         * @param satisfied the satisfied
         * @param satisfiedBy the satisfied by
         */
        public PolicyOutcome {
            satisfiedBy = List.copyOf(satisfiedBy);
        }
    }

    /** One named cosigner must have signed. */
    record Required(TrustAnchorId cosigner) implements CosignerPolicy {
        /**
         * Checks the components against the rules above and copies byte arrays.
         *
         * @param cosigner the cosigner
         */
        public Required {
            if (cosigner == null) {
                throw new IllegalArgumentException("cosigner is required");
            }
        }

        @Override
        public Optional<SortedSet<TrustAnchorId>> satisfiedBy(Set<TrustAnchorId> valid) {
            return valid.contains(cosigner) ? Optional.of(new TreeSet<>(Set.of(cosigner))) : Optional.empty();
        }

        @Override
        public SortedSet<TrustAnchorId> cosigners() {
            return new TreeSet<>(Set.of(cosigner));
        }

        @Override
        public String toString() {
            return cosigner.ascii();
        }
    }

    /** At least {@code k} (1..n) of {@code of} (no duplicates) must have signed. */
    record Threshold(int k, List<TrustAnchorId> of) implements CosignerPolicy {
        /**
         * Checks the components against the rules above and copies byte arrays.
         *
         * @param k how many must be met
         * @param of the cosigners counted
         */
        public Threshold {
            of = List.copyOf(of);
            if (new LinkedHashSet<>(of).size() != of.size()) {
                throw new IllegalArgumentException("threshold set names a cosigner twice: " + of);
            }
            if (k < 1 || k > of.size()) {
                throw new IllegalArgumentException("threshold " + k + " outside 1.." + of.size());
            }
        }

        @Override
        public Optional<SortedSet<TrustAnchorId>> satisfiedBy(Set<TrustAnchorId> valid) {
            SortedSet<TrustAnchorId> used = new TreeSet<>();
            for (TrustAnchorId id : new TreeSet<>(of)) {
                if (valid.contains(id)) {
                    used.add(id);
                    if (used.size() == k) {
                        return Optional.of(used);
                    }
                }
            }
            return Optional.empty();
        }

        @Override
        public SortedSet<TrustAnchorId> cosigners() {
            return new TreeSet<>(of);
        }

        @Override
        public String toString() {
            return k + "-of(" + of.stream().map(TrustAnchorId::ascii).collect(Collectors.joining(", ")) + ")";
        }
    }

    /** Every sub-policy must be met; the satisfying set is the union. */
    record AllOf(List<CosignerPolicy> policies) implements CosignerPolicy {
        /**
         * Checks the components against the rules above and copies byte arrays.
         *
         * @param policies the policies
         */
        public AllOf {
            policies = List.copyOf(policies);
            if (policies.isEmpty()) {
                throw new IllegalArgumentException("all-of needs at least one sub-policy");
            }
        }

        @Override
        public Optional<SortedSet<TrustAnchorId>> satisfiedBy(Set<TrustAnchorId> valid) {
            return firstMet(policies, policies.size(), valid);
        }

        @Override
        public SortedSet<TrustAnchorId> cosigners() {
            return union(policies);
        }

        @Override
        public String toString() {
            return "all(" + join(policies) + ")";
        }
    }

    /** At least one sub-policy must be met; the satisfying set is that of the first one met. */
    record AnyOf(List<CosignerPolicy> policies) implements CosignerPolicy {
        /**
         * Checks the components against the rules above and copies byte arrays.
         *
         * @param policies the policies
         */
        public AnyOf {
            policies = List.copyOf(policies);
            if (policies.isEmpty()) {
                throw new IllegalArgumentException("any-of needs at least one sub-policy");
            }
        }

        @Override
        public Optional<SortedSet<TrustAnchorId>> satisfiedBy(Set<TrustAnchorId> valid) {
            return firstMet(policies, 1, valid);
        }

        @Override
        public SortedSet<TrustAnchorId> cosigners() {
            return union(policies);
        }

        @Override
        public String toString() {
            return "any(" + join(policies) + ")";
        }
    }

    /** At least {@code k} (1..n) of the sub-policies must be met; the satisfying set is the union of the first k met. */
    record KOf(int k, List<CosignerPolicy> policies) implements CosignerPolicy {
        /**
         * Checks the components against the rules above and copies byte arrays.
         *
         * @param k how many must be met
         * @param policies the policies
         */
        public KOf {
            policies = List.copyOf(policies);
            if (k < 1 || k > policies.size()) {
                throw new IllegalArgumentException("k-of: k " + k + " outside 1.." + policies.size());
            }
        }

        @Override
        public Optional<SortedSet<TrustAnchorId>> satisfiedBy(Set<TrustAnchorId> valid) {
            return firstMet(policies, k, valid);
        }

        @Override
        public SortedSet<TrustAnchorId> cosigners() {
            return union(policies);
        }

        @Override
        public String toString() {
            return k + "-of(" + join(policies) + ")";
        }
    }

    /**
     * The union of the satisfying sets of the first {@code k} sub-policies that are met, in order; empty if fewer
     * than {@code k} are met. AllOf is k = n, AnyOf k = 1 (the first one met), KOf its own k.
     */
    private static Optional<SortedSet<TrustAnchorId>> firstMet(List<CosignerPolicy> ps, int k,
            Set<TrustAnchorId> valid) {
        SortedSet<TrustAnchorId> used = new TreeSet<>();
        int met = 0;
        for (CosignerPolicy p : ps) {
            Optional<SortedSet<TrustAnchorId>> s = p.satisfiedBy(valid);
            if (s.isPresent()) {
                used.addAll(s.get());
                if (++met == k) {
                    return Optional.of(used);
                }
            }
        }
        return Optional.empty();
    }

    /** Every cosigner the sub-policies name, in draft cosigner order (AllOf, AnyOf and KOf alike). */
    private static SortedSet<TrustAnchorId> union(List<CosignerPolicy> ps) {
        SortedSet<TrustAnchorId> all = new TreeSet<>();
        ps.forEach(p -> all.addAll(p.cosigners()));
        return all;
    }

    private static String join(List<CosignerPolicy> ps) {
        List<String> out = new ArrayList<>();
        ps.forEach(p -> out.add(p.toString()));
        return String.join(", ", out);
    }
}
