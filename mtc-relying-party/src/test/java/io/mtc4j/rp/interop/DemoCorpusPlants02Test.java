package io.mtc4j.rp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.config.RelyingPartyConfig;
import io.mtc4j.rp.config.TrustedSubtree;
import io.mtc4j.rp.interop.DemoCorpusTest.Logged;
import io.mtc4j.rp.policy.CosignerPolicy;
import io.mtc4j.rp.verify.LeafChecks;
import io.mtc4j.rp.verify.MtcVerifier;
import io.mtc4j.rp.verify.Step;
import io.mtc4j.rp.verify.VerificationResult;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cosign.Cosigner;
import io.mtc4j.spec.cosign.GeneratorConfig;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.testing.Interop;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The draft authors' generator in plants-02 mode (draft-demo-plants02): the legacy format (MTC-NOTES §6) with
 * serial = index, issuer = the log ID {@code 32473.1} (the configured {@code ID}: one log per CA), u64 start/end,
 * unordered cosignatures over {@code mtc-subtree/v1}. Every standalone certificate is valid under "CA only" and
 * "CA plus any one other cosigner" with the keys of config.json; every landmark-relative certificate is valid once
 * its subtree (hash from generation-log.txt) is trusted and invalid without it; the generator's "BitFlipProof"
 * certificate (cert_2036_2) fails at the trusted subtree.
 */
class DemoCorpusPlants02Test {
    static final Instant TIME = DemoCorpusTest.TIME;

    /** The relying party's configuration for the demo CA: the log ID is configured as the CA ID. */
    static CaConfig caOnly(GeneratorConfig gen) {
        TrustAnchorId id = gen.logId();
        Cosigner ca = gen.trustedCosigners().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
        return new CaConfig(id, HashFunction.sha256(), gen.profile(), ca, List.of(), CosignerPolicy.require(id),
                List.of(), List.of());
    }

    static GeneratorConfig generator(Path dir) throws Exception {
        return GeneratorConfig.parse(Files.readAllBytes(dir.resolve("config.json")), SigningMode.RANDOMIZED);
    }

    @Test
    void standaloneAndLandmarkRelative() throws Exception {
        Path dir = Interop.corpus("draft-demo-plants02");
        GeneratorConfig gen = generator(dir);
        assertEquals(Profile.PLANTS_02, gen.profile());
        assertEquals(gen.caId(), gen.logId(), "before plants-04 the log ID is the configured ID");
        List<Logged> logged = DemoCorpusTest.generationLog(dir);
        assertEquals(12, logged.size(), "certificates in generation-log.txt");
        CaConfig caOnly = caOnly(gen);
        List<Cosigner> others = gen.trustedCosigners().stream().filter(c -> !c.id().equals(caOnly.caId())).toList();
        assertEquals(3, others.size());
        CaConfig caPlusOne = caOnly.withOtherCosigners(others)
                .withPolicy(CosignerPolicy.caPlus(caOnly.caId(), 1, others.stream().map(Cosigner::id).toList()));
        List<TrustedSubtree> landmarkSubtrees = DemoCorpusTest.landmarkSubtrees(logged);
        assertEquals(3, landmarkSubtrees.size(), "landmark subtrees [0,32) [32,35) [1024,2037)");
        DemoCorpusTest.checkCorpus(dir, logged, caOnly, caPlusOne, landmarkSubtrees, "cert_2036_2.pem",
                (l, r, caOnlyPolicy) -> {
                    assertEquals(Optional.of(l.end()), r.details().end(), l.file());
                    assertEquals(Optional.of(BigInteger.valueOf(l.entry())), r.details().serial(), "serial = index");
                    assertEquals(Optional.empty(), r.details().logNumber(), l.file());
                    if (!l.cosigners().isEmpty()) {
                        // every logged cosignature is valid (the CA-only config ignores the others)
                        long valid = r.details().cosignerNotes().stream().filter(n -> n.endsWith(":valid")).count();
                        assertEquals(caOnlyPolicy ? 1 : l.cosigners().size(), valid,
                                r.details().cosignerNotes() + " " + l.file());
                    }
                });
    }

    /** The "CA plus one" policy is not met when the one other cosigner's key is wrong (keys matter). */
    @Test
    void otherCosignerWithAnotherKeyIsNotEnough() throws Exception {
        Path dir = Interop.corpus("draft-demo-plants02");
        GeneratorConfig gen = generator(dir);
        CaConfig caOnly = caOnly(gen);
        // cert_11_1 is cosigned by 32473.1 and 32473.2.3; configure 32473.2.3 with the CA's key instead
        Cosigner fake = new Cosigner(TrustAnchorId.parse("32473.2.3"), caOnly.caCosigner().verifier());
        CaConfig c = caOnly.withOtherCosigners(List.of(fake))
                .withPolicy(CosignerPolicy.caPlus(caOnly.caId(), 1, List.of(fake.id())));
        VerificationResult r = new MtcVerifier(RelyingPartyConfig.of(c), LeafChecks.Options.validityOnly())
                .verify(DemoCorpusTest.der(dir.resolve("cert_11_1.pem")), TIME);
        assertEquals(Optional.of(Step.COSIGNATURES), r.failedStep(), r.verdict());
        assertTrue(r.details().cosignerNotes().contains("32473.2.3:invalid"), r.details().cosignerNotes().toString());
    }

    /** Nothing in the bytes names the profile: the same CA configured as plants-05, or with its plants-04 log ID. */
    @Test
    void profileAndIdArePinnedByConfiguration() throws Exception {
        Path dir = Interop.corpus("draft-demo-plants02");
        CaConfig caOnly = caOnly(generator(dir));
        byte[] cert = DemoCorpusTest.der(dir.resolve("cert_11_0.pem"));
        VerificationResult current = new MtcVerifier(RelyingPartyConfig.of(caOnly.withProfile(Profile.PLANTS_05)),
                LeafChecks.Options.validityOnly()).verify(cert, TIME);
        assertFalse(current.isValid(), current.verdict());
        TrustAnchorId logIdNow = caOnly.caId().logId(1);
        CaConfig asLogId = new CaConfig(logIdNow, HashFunction.sha256(), Profile.PLANTS_02,
                new Cosigner(logIdNow, caOnly.caCosigner().verifier()), List.of(), CosignerPolicy.require(logIdNow),
                List.of(), List.of());
        VerificationResult r = new MtcVerifier(RelyingPartyConfig.of(asLogId), LeafChecks.Options.validityOnly())
                .verify(cert, TIME);
        assertEquals(Optional.of(Step.ISSUER), r.failedStep(), r.verdict());
    }
}
