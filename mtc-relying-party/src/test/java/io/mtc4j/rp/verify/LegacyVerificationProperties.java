package io.mtc4j.rp.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.policy.CosignerPolicy;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.cosign.SubtreeSigner;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * davidben-09 (the oldest legacy profile: whole-SEQUENCE entries, serial = index, issuer = log ID, unordered
 * cosignatures over {@code mtc-subtree/v1}): for random small logs, entries, aligned subtrees, signer sets in
 * random order and policies, a certificate verifies exactly when the policy is met by the known signers (counted
 * here directly, not through {@link CosignerPolicy}), or, for a landmark-relative certificate, exactly when its
 * subtree is trusted; a flipped bit in the inclusion proof always makes it fail.
 */
class LegacyVerificationProperties {
    private static final Profile PROFILE = Profile.DAVIDBEN_09;
    private static final Map<Integer, LegacyCa> LOGS = new ConcurrentHashMap<>();
    private static final SubtreeSigner STRANGER = new SubtreeSigner(TrustAnchorId.parse("44.2"),
            Keys.generate(SignatureAlgorithm.ED25519, TestCa.seeded(97), SigningMode.DETERMINISTIC));

    static LegacyCa log(int size) {
        return LOGS.computeIfAbsent(size, n -> LegacyCa.withEntries(PROFILE, 500 + n, n));
    }

    @Property(tries = 150)
    void verifiesExactlyWhenThePolicyIsMet(@ForAll @IntRange(min = 2, max = 40) int size,
            @ForAll @IntRange(min = 0, max = 1000) int pick, @ForAll @IntRange(min = 0, max = 6) int level,
            @ForAll @IntRange(min = 0, max = 31) int signerMask, @ForAll @IntRange(min = 0, max = 2) int kind,
            @ForAll @IntRange(min = 1, max = 3) int k, @ForAll boolean trust, @ForAll long shuffle) {
        LegacyCa ca = log(size);
        long index = 1 + pick % (size - 1); // index 0 is the null entry
        long start = (index >> level) << level;
        Subtree s = new Subtree(start, Math.min(start + (1L << level), size));
        List<SubtreeSigner> all = new ArrayList<>(List.of(ca.ca));
        all.addAll(ca.witnesses);
        all.add(STRANGER);
        List<SubtreeSigner> signers = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if ((signerMask & (1 << i)) != 0) {
                signers.add(all.get(i));
            }
        }
        Collections.shuffle(signers, new Random(shuffle)); // any order is valid before plants-04
        boolean caSigned = signers.contains(ca.ca);
        long witnesses = signers.stream().filter(ca.witnesses::contains).count();
        List<TrustAnchorId> everyone = new ArrayList<>(ca.witnessIds());
        everyone.add(LegacyCa.LOG_ID);
        CosignerPolicy policy;
        boolean met;
        switch (kind) {
            case 0 -> {
                policy = CosignerPolicy.require(LegacyCa.LOG_ID);
                met = caSigned;
            }
            case 1 -> {
                policy = CosignerPolicy.caPlus(LegacyCa.LOG_ID, k, ca.witnessIds());
                met = caSigned && witnesses >= k;
            }
            default -> {
                policy = CosignerPolicy.threshold(k + 1, everyone);
                met = witnesses + (caSigned ? 1 : 0) >= k + 1;
            }
        }
        CaConfig config = ca.config(policy);
        if (trust) {
            config = config.withTrustedSubtrees(List.of(ca.trusted(1 + (int) (shuffle & 0xff), s)));
        }
        byte[] cert = ca.certificate(index, s, signers);
        VerificationResult r = LegacyCa.verifier(config).verify(cert, TestCa.NOW);
        assertEquals(trust || met, r.isValid(), policy + " signed by " + signers + " trusted=" + trust + ": "
                + r.verdict());
        assertEquals(Optional.of(index), r.details().index());
        assertEquals(Optional.empty(), r.details().logNumber());
        if (trust) {
            assertEquals(Optional.of(VerificationResult.TrustPath.TRUSTED_SUBTREE), r.path());
        } else if (!met) {
            assertEquals(Optional.of(Step.COSIGNATURES), r.failedStep(), r.verdict());
        }
        if (r.isValid() && s.size() > 1) {
            // the first inclusion-proof hash sits after u64 start, u64 end and the u16 length
            int at = Surgery.proofOffset(cert) + 18 + (int) (Math.abs(shuffle % 32));
            VerificationResult m = LegacyCa.verifier(config).verify(Surgery.flip(cert, at, (int) (shuffle >>> 60) & 7),
                    TestCa.NOW);
            assertFalse(m.isValid(), "flipped proof bit accepted");
            assertTrue(m.failedStep().get() == Step.COSIGNATURES || m.failedStep().get() == Step.TRUSTED_SUBTREE,
                    m.verdict());
        }
    }
}
