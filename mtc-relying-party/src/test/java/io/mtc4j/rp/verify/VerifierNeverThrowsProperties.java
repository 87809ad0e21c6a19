package io.mtc4j.rp.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.mtc4j.rp.config.RelyingPartyConfig;
import io.mtc4j.rp.host.HostMatcher;
import io.mtc4j.rp.policy.CosignerPolicy;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * {@link MtcVerifier#verify} returns a result for every input and never throws (review item 2): random bytes, and
 * valid certificates with random byte changes, insertions, deletions and truncations, verified against a
 * configuration with two CAs, one of them with a CA ID whose log IDs reach the 255-byte {@code log_origin} limit.
 */
class VerifierNeverThrowsProperties {
    static final TestCa SHORT = build(TestCa.CA_ID, 2);
    static final TestCa LONG = build(TrustAnchorId.parse("1" + ".1".repeat(115)), 65535);
    static final MtcVerifier VERIFIER = new MtcVerifier(RelyingPartyConfig.of(
            SHORT.config(CosignerPolicy.caPlus(TestCa.CA_ID, 1, SHORT.witnessIds()))
                    .withTrustedSubtrees(List.of(SHORT.trusted(new Subtree(0, 8)))),
            LONG.config()));
    static final List<byte[]> CERTS = List.of(
            SHORT.certificate(3, new Subtree(0, 8), List.of()),
            SHORT.certificate(9, new Subtree(8, 12), List.of(SHORT.ca, SHORT.witnesses.get(1))),
            LONG.certificate(5, new Subtree(4, 8), List.of(LONG.ca)));

    static TestCa build(TrustAnchorId id, int logNumber) {
        TestCa ca = new TestCa(id, logNumber, 17);
        for (int i = 0; i < 12; i++) {
            ca.addEntry();
        }
        return ca;
    }

    static void verifiesWithoutThrowing(byte[] cert) {
        for (VerificationResult r : List.of(VERIFIER.verify(cert, TestCa.NOW),
                VERIFIER.verify(cert, TestCa.NOW, HostMatcher.parseReference("a.example")))) {
            assertNotNull(r);
            assertEquals(r.isValid(), r.failedStep().isEmpty(), r.verdict());
        }
        assertNotNull(VERIFIER.verifySignature(cert));
    }

    @Property(tries = 300)
    void randomBytes(@ForAll @Size(max = 600) byte[] bytes) {
        verifiesWithoutThrowing(bytes);
    }

    @Property(tries = 300)
    void mutatedCertificates(@ForAll @IntRange(min = 0, max = 2) int which, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 6) int mutations) {
        Random rnd = new Random(seed);
        List<Byte> b = new ArrayList<>();
        for (byte x : CERTS.get(which)) {
            b.add(x);
        }
        for (int m = 0; m < mutations && !b.isEmpty(); m++) {
            int at = rnd.nextInt(b.size());
            switch (rnd.nextInt(5)) {
                case 0 -> b.set(at, (byte) rnd.nextInt(256));
                case 1 -> b.set(at, (byte) (b.get(at) ^ (1 << rnd.nextInt(8))));
                case 2 -> b.add(at, (byte) rnd.nextInt(256));
                case 3 -> b.remove(at);
                default -> b.subList(at, b.size()).clear();
            }
        }
        byte[] cert = new byte[b.size()];
        for (int i = 0; i < cert.length; i++) {
            cert[i] = b.get(i);
        }
        verifiesWithoutThrowing(cert);
    }

    @Property(tries = 3)
    void theUnmutatedCertificatesVerify(@ForAll @IntRange(min = 0, max = 2) int which) {
        VerificationResult r = VERIFIER.verify(CERTS.get(which), TestCa.NOW,
                HostMatcher.parseReference("a.example"));
        assertEquals(Optional.empty(), r.failedStep(), r.verdict());
    }
}
