package io.mtc4j.rp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtc4j.rp.config.CaCertificates;
import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.config.RelyingPartyConfig;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * BoringSSL's plants-05 MTC corpus: every outcome its X509VerifyMTCTest asserts (expected.json), reproduced at the
 * same verification time, for the same reason. BoringSSL's setup checks only the CA cosigner (our policy "CA
 * cosigner required", built from ca_cert.pem alone) and sets no purpose (our {@link LeafChecks.Options#validityOnly}).
 */
class BoringSslPlants05Test {
    /** BoringSSL's reason (the ERR-queue entry / description in expected.json) mapped to the step we fail at. */
    static final Map<String, Step> REASONS = new LinkedHashMap<>();

    static {
        REASONS.put("bit flip in the inclusion proof", Step.COSIGNATURES);
        REASONS.put("X509_R_INVALID_BIT_STRING_BITS_LEFT", Step.PROOF_DECODING);
        REASONS.put("no CA cosignature", Step.COSIGNATURES);
        REASONS.put("cosignatures not sorted", Step.PROOF_DECODING);
        REASONS.put("duplicate CA cosignature", Step.PROOF_DECODING);
        REASONS.put("duplicate non-CA cosignature", Step.PROOF_DECODING);
        REASONS.put("below the CA's minSerial", Step.REVOKED_RANGE);
        REASONS.put("above the CA's maxSerial", Step.REVOKED_RANGE);
        REASONS.put("X509_R_UNSUPPORTED_ALGORITHM", Step.SIGNATURE_ALGORITHM);
        REASONS.put("X509_R_SIGNATURE_ALGORITHM_MISMATCH", Step.SIGNATURE_ALGORITHM);
    }

    static byte[] der(Path p) throws Exception {
        return CaCertificates.certificateBytes(Files.readAllBytes(p));
    }

    @Test
    void everyExpectedOutcomeIsReproduced() throws Exception {
        Path dir = Interop.corpus("boringssl-plants05");
        JsonNode expected = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
        CaConfig ca = CaCertificates.read(dir.resolve(expected.get("ca").asText()), Profile.PLANTS_05);
        assertEquals(TrustAnchorId.parse("32473.1"), ca.caId());
        MtcVerifier verifier = new MtcVerifier(RelyingPartyConfig.of(ca), LeafChecks.Options.validityOnly());
        int valid = 0;
        int invalid = 0;
        List<String> seen = new ArrayList<>();
        for (JsonNode c : expected.get("certificates")) {
            String file = c.get("file").asText();
            Instant time = Instant.ofEpochSecond(c.get("verify_time").asLong());
            VerificationResult r = verifier.verify(der(dir.resolve(file)), time);
            String reason = c.get("reason").asText();
            if (c.get("result").asText().equals("valid")) {
                assertTrue(r.isValid(), file + ": " + r.verdict());
                assertEquals(Optional.of(VerificationResult.TrustPath.SIGNATURES), r.path());
                assertEquals(List.of(ca.caId()), r.satisfiedBy(), file);
                valid++;
            } else {
                Step step = REASONS.entrySet().stream().filter(e -> reason.contains(e.getKey()))
                        .map(Map.Entry::getValue).findFirst()
                        .orElseThrow(() -> new AssertionError("no step mapped for reason: " + reason));
                assertEquals(Optional.of(step), r.failedStep(), file + " (" + reason + "): " + r.verdict());
                invalid++;
            }
            seen.add(file);
        }
        assertEquals(7, valid);
        assertEquals(10, invalid);
        assertEquals(17, seen.size());
    }

    /** With the other two cosigners' keys (from the generator config) and policy "CA plus one other". */
    @Test
    void caPlusOneOtherAcceptsExactlyTheMultiplyCosignedOnes() throws Exception {
        Path dir = Interop.corpus("boringssl-plants05");
        GeneratorConfig gen = GeneratorConfig.parse(Files.readAllBytes(dir.resolve("mtc_testdata_config.json")),
                SigningMode.RANDOMIZED);
        CaConfig ca = CaCertificates.read(dir.resolve("ca_cert.pem"), Profile.PLANTS_05);
        List<Cosigner> others = gen.trustedCosigners().stream().filter(c -> !c.id().equals(ca.caId())).toList();
        List<TrustAnchorId> otherIds = others.stream().map(Cosigner::id).toList();
        CaConfig plus = ca.withOtherCosigners(others).withPolicy(CosignerPolicy.caPlus(ca.caId(), 1, otherIds));
        MtcVerifier v = new MtcVerifier(RelyingPartyConfig.of(plus), LeafChecks.Options.validityOnly());
        Instant t = Instant.ofEpochSecond(1735689600);
        for (String f : List.of("cert_10_0.pem", "cert_10_1.pem", "cert_32_0.pem", "cert_33_0.pem", "cert_2034_0.pem",
                "cert_2035_0.pem")) {
            VerificationResult r = v.verify(der(dir.resolve(f)), t);
            assertTrue(r.isValid(), f + ": " + r.verdict());
            assertEquals(2, r.satisfiedBy().size(), f);
        }
        VerificationResult caOnly = v.verify(der(dir.resolve("cert_33_1.pem")), t);
        assertEquals(Optional.of(Step.COSIGNATURES), caOnly.failedStep(), caOnly.verdict());
    }

    /** The issue-146 certificate (cA=TRUE, keyCertSign) fails the TLS server leaf checks BoringSSL's test skips. */
    @Test
    void caLeafFailsTheTlsServerProfile() throws Exception {
        Path dir = Interop.corpus("boringssl-plants05");
        CaConfig ca = CaCertificates.read(dir.resolve("ca_cert.pem"), Profile.PLANTS_05);
        MtcVerifier v = new MtcVerifier(RelyingPartyConfig.of(ca));
        VerificationResult r = v.verify(der(dir.resolve("cert_2034_0.pem")), Instant.ofEpochSecond(1735689600));
        assertEquals(Optional.of(Step.BASIC_CONSTRAINTS), r.failedStep(), r.verdict());
        assertFalse(r.isValid());
        assertTrue(v.verify(der(dir.resolve("cert_2035_0.pem")), Instant.ofEpochSecond(1735689600),
                io.mtc4j.rp.host.HostMatcher.parseReference("e.example")).isValid());
    }

    /**
     * expected.json "ca_variants_tested": the CA certificate with its MTCCertificationAuthority extension removed,
     * marked non-critical, or with a non-trust-anchor-ID subject. BoringSSL rejects the leaf; here such a
     * certificate cannot configure a Merkle Tree CA at all, so no leaf can verify against it.
     */
    @Test
    void brokenCaCertificatesAreRefused() throws Exception {
        Path dir = Interop.corpus("boringssl-plants05");
        byte[] der = der(dir.resolve("ca_cert.pem"));
        org.bouncycastle.asn1.x509.Certificate c = org.bouncycastle.asn1.x509.Certificate.getInstance(der);
        org.bouncycastle.asn1.x509.TBSCertificate tbs = c.getTBSCertificate();
        org.bouncycastle.asn1.ASN1ObjectIdentifier mtcCa =
                new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.4.1.44363.47.2");
        // unmodified: accepted
        CaCertificates.fromDer(rebuild(c, tbs.getSubject(), tbs.getExtensions()), Profile.PLANTS_05);
        List<org.bouncycastle.asn1.x509.Extension> without = new ArrayList<>();
        List<org.bouncycastle.asn1.x509.Extension> nonCritical = new ArrayList<>();
        for (org.bouncycastle.asn1.ASN1ObjectIdentifier oid : tbs.getExtensions().getExtensionOIDs()) {
            org.bouncycastle.asn1.x509.Extension e = tbs.getExtensions().getExtension(oid);
            if (!oid.equals(mtcCa)) {
                without.add(e);
                nonCritical.add(e);
            } else {
                nonCritical.add(new org.bouncycastle.asn1.x509.Extension(oid, false, e.getExtnValue()));
            }
        }
        for (byte[] variant : List.of(
                rebuild(c, tbs.getSubject(), new org.bouncycastle.asn1.x509.Extensions(
                        without.toArray(new org.bouncycastle.asn1.x509.Extension[0]))),
                rebuild(c, tbs.getSubject(), new org.bouncycastle.asn1.x509.Extensions(
                        nonCritical.toArray(new org.bouncycastle.asn1.x509.Extension[0]))),
                rebuild(c, new org.bouncycastle.asn1.x500.X500Name("CN=Bad CA"), tbs.getExtensions()))) {
            org.junit.jupiter.api.Assertions.assertThrows(io.mtc4j.spec.MtcParseException.class,
                    () -> CaCertificates.fromDer(variant, Profile.PLANTS_05));
        }
    }

    private static byte[] rebuild(org.bouncycastle.asn1.x509.Certificate c, org.bouncycastle.asn1.x500.X500Name subject,
            org.bouncycastle.asn1.x509.Extensions ext) throws Exception {
        org.bouncycastle.asn1.x509.TBSCertificate t = c.getTBSCertificate();
        org.bouncycastle.asn1.x509.V3TBSCertificateGenerator g = new org.bouncycastle.asn1.x509.V3TBSCertificateGenerator();
        g.setSerialNumber(t.getSerialNumber());
        g.setSignature(t.getSignature());
        g.setIssuer(t.getIssuer());
        g.setStartDate(t.getStartDate());
        g.setEndDate(t.getEndDate());
        g.setSubject(subject);
        g.setSubjectPublicKeyInfo(t.getSubjectPublicKeyInfo());
        g.setExtensions(ext);
        org.bouncycastle.asn1.ASN1EncodableVector v = new org.bouncycastle.asn1.ASN1EncodableVector();
        v.add(g.generateTBSCertificate());
        v.add(c.getSignatureAlgorithm());
        v.add(c.getSignature());
        return new org.bouncycastle.asn1.DERSequence(v).getEncoded("DER");
    }
}
