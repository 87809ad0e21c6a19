package io.mtc4j.rp.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.policy.CosignerPolicy;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.cosign.SubtreeSigner;
import io.mtc4j.spec.merkle.Covering;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * For random logs, entries, subtrees, signer sets and policies: a certificate built by mtc-spec verifies exactly when
 * the policy is met by the (known) signers, and any single bit flip in a part the decision depends on (the
 * TBSCertificate, the outer structure, the MTCProof and every signature the policy cannot do without) makes it fail.
 */
class VerificationProperties {
    private static final Map<Integer, TestCa> LOGS = new ConcurrentHashMap<>();
    private static final SubtreeSigner STRANGER = new SubtreeSigner(TrustAnchorId.parse("44.1"),
            Keys.generate(SignatureAlgorithm.ED25519, TestCa.seeded(99), SigningMode.DETERMINISTIC));

    static TestCa log(int size) {
        return LOGS.computeIfAbsent(size, n -> {
            TestCa ca = new TestCa(1 + n % 3, 1000 + n);
            for (int i = 0; i < n; i++) {
                if (i % 5 == 4) {
                    ca.addNull();
                } else {
                    ca.addEntry();
                }
            }
            return ca;
        });
    }

    static CosignerPolicy policy(TestCa ca, int kind, int k) {
        List<TrustAnchorId> w = ca.witnessIds();
        return switch (kind) {
            case 0 -> CosignerPolicy.require(TestCa.CA_ID);
            case 1 -> CosignerPolicy.caPlus(TestCa.CA_ID, k, w);
            case 2 -> {
                List<TrustAnchorId> all = new ArrayList<>(w);
                all.add(TestCa.CA_ID);
                yield CosignerPolicy.threshold(k + 1, all);
            }
            default -> CosignerPolicy.anyOf(List.of(CosignerPolicy.require(w.get(k - 1)),
                    CosignerPolicy.allOf(List.of(CosignerPolicy.require(TestCa.CA_ID),
                            CosignerPolicy.threshold(2, w)))));
        };
    }

    @Property(tries = 120)
    void verifiesExactlyWhenThePolicyIsMet(@ForAll @IntRange(min = 1, max = 48) int size,
            @ForAll @IntRange(min = 0, max = 1000) int pick, @ForAll @IntRange(min = 0, max = 1000) int from,
            @ForAll @IntRange(min = 0, max = 31) int signerMask, @ForAll @IntRange(min = 0, max = 3) int kind,
            @ForAll @IntRange(min = 1, max = 3) int k, @ForAll @IntRange(min = 0, max = 1 << 30) int mutation) {
        TestCa ca = log(size);
        List<Long> certIndices = new ArrayList<>();
        for (long i = 0; i < size; i++) {
            if (i % 5 != 4) {
                certIndices.add(i);
            }
        }
        if (certIndices.isEmpty()) {
            return;
        }
        long index = certIndices.get(pick % certIndices.size());
        long start = from % (index + 1);
        long end = index + 1 + (from % (size - index));
        Subtree s = Covering.coveringSubtrees(start, end).stream().filter(x -> x.contains(index)).findFirst()
                .orElseThrow();
        List<SubtreeSigner> all = new ArrayList<>(List.of(ca.ca));
        all.addAll(ca.witnesses);
        all.add(STRANGER);
        List<SubtreeSigner> signers = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if ((signerMask & (1 << i)) != 0) {
                signers.add(all.get(i));
            }
        }
        CosignerPolicy policy = policy(ca, kind, k);
        CaConfig config = ca.config(policy);
        byte[] cert = ca.certificate(index, s, signers);
        Set<TrustAnchorId> signed = new HashSet<>();
        signers.forEach(x -> signed.add(x.id()));
        signed.remove(STRANGER.id());
        boolean expected = policy.satisfiedBy(signed).isPresent();
        MtcVerifier v = ca.verifier(config);
        VerificationResult r = v.verify(cert, TestCa.NOW);
        assertEquals(expected, r.isValid(), policy + " with " + signed + ": " + r.verdict());
        if (!expected) {
            assertEquals(Optional.of(Step.COSIGNATURES), r.failedStep(), r.verdict());
            return;
        }
        assertEquals(policy.satisfiedBy(signed).get().stream().toList(), r.satisfiedBy());
        // Which signatures can the policy not do without?
        List<SubtreeSigner> sorted = new ArrayList<>(signers);
        sorted.sort(Comparator.comparing(SubtreeSigner::id));
        Set<Integer> optional = new HashSet<>();
        for (int i = 0; i < sorted.size(); i++) {
            Set<TrustAnchorId> without = new HashSet<>(signed);
            without.remove(sorted.get(i).id());
            if (policy.satisfiedBy(without).isPresent()) {
                optional.add(i);
            }
        }
        List<int[]> targets = new ArrayList<>();
        for (NegativeCasesTest.Region reg : NegativeCasesTest.regions(cert, false)) {
            boolean skip = false;
            for (int i : optional) {
                if (reg.name().equals("SubtreeSignature[" + i + "].cosigner_id")
                        || reg.name().equals("SubtreeSignature[" + i + "].signature")) {
                    skip = true;
                }
            }
            if (!skip && reg.to() > reg.from()) {
                targets.add(new int[] {reg.from(), reg.to()});
            }
        }
        int total = targets.stream().mapToInt(t -> t[1] - t[0]).sum();
        int n = mutation % total;
        int pos = -1;
        for (int[] t : targets) {
            if (n < t[1] - t[0]) {
                pos = t[0] + n;
                break;
            }
            n -= t[1] - t[0];
        }
        byte[] mutated = Surgery.flip(cert, pos, (mutation >>> 20) & 7);
        VerificationResult m = v.verify(mutated, TestCa.NOW);
        assertFalse(m.isValid(), "bit flip at byte " + pos + " was accepted");
    }
}
