package io.mtc4j.rp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.rp.config.CaCertificates;
import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.config.RelyingPartyConfig;
import io.mtc4j.rp.config.TrustedSubtree;
import io.mtc4j.rp.policy.CosignerPolicy;
import io.mtc4j.rp.verify.LeafChecks;
import io.mtc4j.rp.verify.MtcVerifier;
import io.mtc4j.rp.verify.Step;
import io.mtc4j.rp.verify.VerificationResult;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cosign.Cosigner;
import io.mtc4j.spec.cosign.GeneratorConfig;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.testing.Interop;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The draft authors' generator output (draft-demo-plants05): every standalone certificate is valid under "CA plus
 * any one other cosigner" and under "CA only"; every landmark-relative certificate is valid once its landmark
 * subtree (hash from generation-log.txt) is trusted and invalid without it. The generator's one deliberately
 * broken certificate (cert_2035_2, "BitFlipProof" on a landmark-relative certificate) fails at the trusted subtree.
 */
class DemoCorpusTest {
    static final Instant TIME = Instant.parse("2025-01-01T00:00:00Z");

    /** One "Wrote certificate ..." block of generation-log.txt. */
    record Logged(String file, long entry, long start, long end, byte[] hash, List<String> cosigners) {}

    static List<Logged> generationLog(Path dir) throws Exception {
        String log = Files.readString(dir.resolve("generation-log.txt"), StandardCharsets.UTF_8);
        Pattern block = Pattern.compile("Wrote certificate for entry (\\d+) at \"([^\"]+)\"\\.\\n"
                + "  Subtree \\[(\\d+), (\\d+)\\) with hash (\\S+)\\n((?:  Cosigned by \\S+\\n)*)");
        Matcher m = block.matcher(log);
        List<Logged> out = new ArrayList<>();
        while (m.find()) {
            List<String> cos = new ArrayList<>();
            for (String line : m.group(6).split("\n")) {
                if (!line.isBlank()) {
                    cos.add(line.trim().substring("Cosigned by ".length()));
                }
            }
            out.add(new Logged(m.group(2), Long.parseLong(m.group(1)), Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4)), Base64.getDecoder().decode(m.group(5)), cos));
        }
        return out;
    }

    static byte[] der(Path p) throws Exception {
        return CaCertificates.certificateBytes(Files.readAllBytes(p));
    }

    @Test
    void standaloneAndLandmarkRelative() throws Exception {
        Path dir = Interop.corpus("draft-demo-plants05");
        List<Logged> logged = generationLog(dir);
        assertEquals(12, logged.size(), "certificates in generation-log.txt");
        GeneratorConfig gen = GeneratorConfig.parse(Files.readAllBytes(dir.resolve("config.json")),
                SigningMode.RANDOMIZED);
        CaConfig caOnly = CaCertificates.read(dir.resolve("ca_cert.pem"), Profile.PLANTS_05);
        List<Cosigner> others = gen.trustedCosigners().stream().filter(c -> !c.id().equals(caOnly.caId())).toList();
        List<TrustAnchorId> otherIds = others.stream().map(Cosigner::id).toList();
        CaConfig caPlusOne = caOnly.withOtherCosigners(others)
                .withPolicy(CosignerPolicy.caPlus(caOnly.caId(), 1, otherIds));
        List<TrustedSubtree> landmarkSubtrees = landmarkSubtrees(logged);
        assertEquals(3, landmarkSubtrees.size(), "landmark subtrees [0,32) [32,34) [1024,2036)");
        checkCorpus(dir, logged, caOnly, caPlusOne, landmarkSubtrees, "cert_2035_2.pem", (l, r, standalone) -> { });
    }

    /** The distinct subtrees of the landmark-relative certificates in the generation log (log 1). */
    static List<TrustedSubtree> landmarkSubtrees(List<Logged> logged) {
        List<TrustedSubtree> out = new ArrayList<>();
        for (Logged l : logged) {
            if (l.cosigners().isEmpty()) {
                TrustedSubtree t = new TrustedSubtree(1, l.start(), l.end(), l.hash());
                if (!out.contains(t)) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** Further checks a corpus adds for each certificate's result without trusted subtrees. */
    interface ExtraCheck {
        void check(Logged l, VerificationResult withoutTrustedSubtrees, boolean caOnlyPolicy);
    }

    /**
     * Every logged certificate under "CA only" and "CA plus any one other": standalone ones valid by signatures
     * (with and without trusted subtrees), landmark-relative ones failing at COSIGNATURES until their subtree is
     * trusted, then valid, except the generator's "BitFlipProof" certificate, which fails at TRUSTED_SUBTREE.
     */
    static void checkCorpus(Path dir, List<Logged> logged, CaConfig caOnly, CaConfig caPlusOne,
            List<TrustedSubtree> landmarkSubtrees, String bitFlipFile, ExtraCheck extra) throws Exception {
        int standalone = 0;
        int landmark = 0;
        for (CaConfig policyConfig : List.of(caOnly, caPlusOne)) {
            MtcVerifier without = new MtcVerifier(RelyingPartyConfig.of(policyConfig), LeafChecks.Options.validityOnly());
            MtcVerifier with = new MtcVerifier(RelyingPartyConfig.of(policyConfig.withTrustedSubtrees(landmarkSubtrees)),
                    LeafChecks.Options.validityOnly());
            for (Logged l : logged) {
                byte[] cert = der(dir.resolve(l.file()));
                VerificationResult r = without.verify(cert, TIME);
                assertEquals(Optional.of(l.start()), r.details().start(), l.file());
                assertEquals(Optional.of(l.entry()), r.details().index(), l.file());
                extra.check(l, r, policyConfig == caOnly);
                if (!l.cosigners().isEmpty()) {
                    assertTrue(r.isValid(), l.file() + " under " + policyConfig.policy() + ": " + r.verdict());
                    assertEquals(Optional.of(VerificationResult.TrustPath.SIGNATURES), r.path());
                    assertTrue(r.satisfiedBy().contains(caOnly.caId()));
                    assertEquals(policyConfig == caOnly ? 1 : 2, r.satisfiedBy().size(), l.file());
                    assertTrue(with.verify(cert, TIME).isValid(), l.file());
                    standalone++;
                } else {
                    assertEquals(Optional.of(Step.COSIGNATURES), r.failedStep(), l.file() + ": " + r.verdict());
                    VerificationResult t = with.verify(cert, TIME);
                    if (l.file().equals(bitFlipFile)) {
                        // the generator's "BitFlipProof": the proof no longer evaluates to the landmark hash
                        assertEquals(Optional.of(Step.TRUSTED_SUBTREE), t.failedStep(), t.verdict());
                    } else {
                        assertTrue(t.isValid(), l.file() + ": " + t.verdict());
                        assertEquals(Optional.of(VerificationResult.TrustPath.TRUSTED_SUBTREE), t.path());
                    }
                    landmark++;
                }
            }
        }
        assertEquals(2 * 6, standalone);
        assertEquals(2 * 6, landmark);
    }

    /** Host and leaf checks on the demo's TLS certificates. */
    @Test
    void hostsOfTheDemoCertificates() throws Exception {
        Path dir = Interop.corpus("draft-demo-plants05");
        CaConfig ca = CaCertificates.read(dir.resolve("ca_cert.pem"), Profile.PLANTS_05);
        MtcVerifier v = new MtcVerifier(RelyingPartyConfig.of(ca));
        byte[] c10 = der(dir.resolve("cert_10_0.pem"));
        assertTrue(v.verify(c10, TIME, io.mtc4j.rp.host.HostMatcher.parseReference("b.example")).isValid());
        assertTrue(v.verify(c10, TIME, io.mtc4j.rp.host.HostMatcher.parseReference("x.blah.b.example"))
                .isValid());
        assertEquals(Optional.of(Step.HOST), v.verify(c10, TIME,
                io.mtc4j.rp.host.HostMatcher.parseReference("blah.b.example")).failedStep());
        assertEquals(Optional.of(Step.VALIDITY), v.verify(c10, Instant.parse("2031-01-01T00:00:00Z")).failedStep());
        assertEquals(Optional.of(Step.BASIC_CONSTRAINTS), v.verify(der(dir.resolve("cert_2034_0.pem")), TIME).failedStep());
    }
}
