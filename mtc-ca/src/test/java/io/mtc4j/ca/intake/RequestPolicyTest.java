package io.mtc4j.ca.intake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.ca.IssuanceRequest;
import io.mtc4j.spec.der.Pem;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPolicyTest {
    static final Instant NOW = Instant.parse("2026-12-03T07:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, KeyPair> KEYS = new ConcurrentHashMap<>();
    static final RequestPolicy POLICY = RequestPolicy.of(PolicySettings.of(Duration.ofDays(7),
            Clock.fixed(NOW, ZoneOffset.UTC)).withAuthorityKeyIdentifier(new byte[] {(byte) 0x81, (byte) 0xfd, 0x59, 1}));

    static KeyPair key(String alg) {
        return KEYS.computeIfAbsent(alg, TestKeys::generate);
    }

    static ObjectNode request(String json) {
        try {
            ObjectNode n = (ObjectNode) JSON.readTree(json);
            if (!n.has("spki") && !n.has("csr")) {
                n.put("spki", TestKeys.spkiBase64(key("P-256")));
            }
            return n;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static PolicyException refused(JsonNode r) {
        return assertThrows(PolicyException.class, () -> POLICY.check(r, "requests[2]"));
    }

    static void assertRefused(String json, String field, String rule) {
        PolicyException e = refused(request(json));
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(rule, e.rule(), e.getMessage());
    }

    /** The request's fields in an X.509 certificate, signed conventionally, and parsed back by the JDK. */
    static X509Certificate asCertificate(IssuanceRequest r) throws Exception {
        KeyPair issuerKey = key("P-256");
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(new X500Name("CN=Test CA"), BigInteger.TEN,
                java.util.Date.from(r.notBefore()), java.util.Date.from(r.notAfter()),
                X500Name.getInstance(r.subject()), SubjectPublicKeyInfo.getInstance(r.subjectPublicKeyInfo()));
        Extensions exts = Extensions.getInstance(ASN1Sequence.getInstance(r.extensions()));
        for (org.bouncycastle.asn1.ASN1ObjectIdentifier oid : exts.getExtensionOIDs()) {
            b.addExtension(exts.getExtension(oid));
        }
        byte[] der = b.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(TestKeys.BC)
                .build(issuerKey.getPrivate())).getEncoded();
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(der));
    }

    @Test
    void jsonRequestForDnsAndIpBecomesAValidCertificate() throws Exception {
        IssuanceRequest r = POLICY.check(request("{\"dns\": [\"Example.COM\", \"*.example.net\"],"
                + " \"ip\": [\"192.0.2.1\", \"2001:DB8::1\"], \"lifetime\": \"90h\"}"), "requests[0]");
        assertArrayEquals(new byte[] {0x30, 0}, r.subject());
        assertEquals(NOW, r.notBefore());
        assertEquals(NOW.plus(Duration.ofHours(90)).minusSeconds(1), r.notAfter());
        assertArrayEquals(key("P-256").getPublic().getEncoded(), r.subjectPublicKeyInfo());
        X509Certificate c = asCertificate(r);
        assertTrue(c.getCriticalExtensionOIDs().contains("2.5.29.17"), "SAN is critical when the subject is empty");
        assertTrue(c.getCriticalExtensionOIDs().contains("2.5.29.15"));
        assertEquals(List.of(List.of(2, "example.com"), List.of(2, "*.example.net"), List.of(7, "192.0.2.1"),
                List.of(7, "2001:db8:0:0:0:0:0:1")), c.getSubjectAlternativeNames().stream().map(l -> List.copyOf(l))
                .toList());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), c.getExtendedKeyUsage());
        boolean[] ku = c.getKeyUsage();
        assertTrue(ku[0]);
        assertFalse(ku[2], "no keyEncipherment for an EC key");
        assertEquals(-1, c.getBasicConstraints(), "not a CA");
        assertNull(c.getExtensionValue("2.5.29.19"));
        byte[] aki = c.getExtensionValue("2.5.29.35");
        assertArrayEquals(new byte[] {0x04, 0x08, 0x30, 0x06, (byte) 0x80, 0x04, (byte) 0x81, (byte) 0xfd, 0x59, 1}, aki);
    }

    @Test
    void subjectWithCommonNameMakesSanNonCritical() throws Exception {
        IssuanceRequest r = POLICY.check(request("{\"subject\": \"CN=example.com,O=Example\","
                + " \"dns\": [\"example.com\"]}"), "requests[0]");
        X509Certificate c = asCertificate(r);
        assertFalse(c.getCriticalExtensionOIDs().contains("2.5.29.17"));
        assertEquals("CN=example.com,O=Example", c.getSubjectX500Principal().getName());
        assertEquals(NOW.plus(Duration.ofDays(7)).minusSeconds(1), r.notAfter(), "default lifetime is the maximum");
    }

    @ParameterizedTest
    @ValueSource(strings = {"P-256", "P-384", "Ed25519", "RSA-2048", "ML-DSA-44", "ML-DSA-65", "ML-DSA-87"})
    void everyAllowedKeyAlgorithmIsCertifiedByJsonAndCsr(String alg) throws Exception {
        KeyPair kp = key(alg);
        IssuanceRequest r = POLICY.check(request("{\"dns\": [\"example.com\"], \"spki\": \""
                + TestKeys.spkiBase64(kp) + "\"}"), "requests[0]");
        assertArrayEquals(kp.getPublic().getEncoded(), r.subjectPublicKeyInfo());
        String pem = Pem.encode("CERTIFICATE REQUEST", TestKeys.csr(alg, kp, "CN=example.com"));
        IssuanceRequest fromCsr = POLICY.check(JSON.createObjectNode().put("csr", pem), "requests[0]");
        assertArrayEquals(kp.getPublic().getEncoded(), fromCsr.subjectPublicKeyInfo());
        boolean[] ku = asCertificate(fromCsr).getKeyUsage();
        assertEquals(alg.startsWith("RSA"), ku[2], "keyEncipherment only for RSA");
        assertEquals(List.of(List.of(2, "example.com")), asCertificate(fromCsr).getSubjectAlternativeNames().stream()
                .map(l -> List.copyOf(l)).toList());
    }

    @ParameterizedTest
    @CsvSource({"P-521,key-algorithm", "secp256k1,key-algorithm", "RSA-1024,key-size"})
    void refusesOtherKeys(String alg, String rule) {
        assertRefused("{\"dns\": [\"example.com\"], \"spki\": \"" + TestKeys.spkiBase64(key(alg)) + "\"}",
                "requests[2].spki", rule);
    }

    @Test
    void refusesKeysThatAreNotStrictDer() {
        byte[] spki = key("P-256").getPublic().getEncoded();
        byte[] trailing = java.util.Arrays.copyOf(spki, spki.length + 1);
        assertRefused("{\"dns\": [\"example.com\"], \"spki\": \"" + Base64.getEncoder().encodeToString(trailing)
                + "\"}", "requests[2].spki", PolicyException.KEY_ENCODING);
        byte[] offCurve = spki.clone();
        offCurve[offCurve.length - 1] ^= 1;
        assertRefused("{\"dns\": [\"example.com\"], \"spki\": \"" + Base64.getEncoder().encodeToString(offCurve)
                + "\"}", "requests[2].spki", PolicyException.KEY_ENCODING);
        assertRefused("{\"dns\": [\"example.com\"], \"spki\": \"not base64!\"}", "requests[2].spki",
                PolicyException.KEY_ENCODING);
    }

    /** RFC 8032 §5.1.3: y below p and x recoverable; and not of small order. */
    @ParameterizedTest
    @ValueSource(strings = {
        "0100000000000000000000000000000000000000000000000000000000000000", // the identity: order 1
        "0000000000000000000000000000000000000000000000000000000000000000", // y = 0: order 4
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p - 1: order 2
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // y = p: not canonical
        "0200000000000000000000000000000000000000000000000000000000000000"}) // y = 2: no x
    void refusesEd25519KeysThatDoNotDecodeOrHaveSmallOrder(String key) {
        String spki = Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex("302a300506032b6570032100"
                + key));
        assertRefused("{\"dns\": [\"example.com\"], \"spki\": \"" + spki + "\"}", "requests[2].spki",
                PolicyException.KEY_ENCODING);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"dns\": [\"example.com\", \"bad..name\"]}|requests[2].dns[1]|dns-name-syntax",
        "{\"dns\": [\"*.com\"]}|requests[2].dns[0]|dns-name-syntax",
        "{\"dns\": [\"bücher.example\"]}|requests[2].dns[0]|dns-name-syntax",
        "{\"ip\": [\"192.0.2.1\", \"010.0.0.1\"]}|requests[2].ip[1]|ip-address-syntax",
        "{\"ip\": [\"1.2.3\"]}|requests[2].ip[0]|ip-address-syntax",
        "{\"ip\": [\"::1%eth0\"]}|requests[2].ip[0]|ip-address-syntax",
        "{\"ip\": [\"[::1]\"]}|requests[2].ip[0]|ip-address-syntax",
        "{\"ip\": [\"example.com\"]}|requests[2].ip[0]|ip-address-syntax",
        "{\"ip\": [\"192.0.2.1\", \"::ffff:192.0.2.1\"]}|requests[2].ip[1]|duplicate-name",
        "{\"dns\": [\"a.example\", \"A.example\"]}|requests[2].dns[1]|duplicate-name",
        "{}|requests[2]|no-identifier",
        "{\"dns\": []}|requests[2]|no-identifier",
        "{\"dns\": \"example.com\"}|requests[2].dns|malformed-request",
        "{\"dns\": [1]}|requests[2].dns[0]|malformed-request",
        "{\"dns\": [\"example.com\"], \"color\": \"red\"}|requests[2].color|unknown-field",
        "{\"dns\": [\"example.com\"], \"subject\": \"CN=other.example\"}|requests[2].subject|common-name-not-in-names",
        "{\"dns\": [\"example.com\"], \"subject\": \"CN\"}|requests[2].subject|subject-syntax",
        "{\"dns\": [\"example.com\"], \"lifetime\": \"8d\"}|requests[2].lifetime|lifetime-too-long",
        "{\"dns\": [\"example.com\"], \"lifetime\": \"7 days\"}|requests[2].lifetime|lifetime-syntax",
        "{\"dns\": [\"example.com\"], \"lifetime\": \"0s\"}|requests[2].lifetime|lifetime-syntax",
        "{\"dns\": [\"example.com\"], \"lifetime\": \"1500ms\"}|requests[2].lifetime|lifetime-syntax",
        "{\"dns\": [\"example.com\"], \"lifetime\": \"1d\", \"notAfter\": \"2026-12-04T00:00:00Z\"}|requests[2].lifetime|lifetime-syntax",
        "{\"dns\": [\"example.com\"], \"notAfter\": \"2026-12-10T07:00:00Z\"}|requests[2].notAfter|lifetime-too-long",
        "{\"dns\": [\"example.com\"], \"notBefore\": \"2026-12-01T07:00:00Z\"}|requests[2].notBefore|not-before-too-early",
        "{\"dns\": [\"example.com\"], \"notBefore\": \"2026-12-03T09:00:00Z\"}|requests[2].notBefore|not-before-too-late",
        "{\"dns\": [\"example.com\"], \"notBefore\": \"2026-12-03T07:30:00Z\", \"lifetime\": \"7d\"}|requests[2].lifetime|not-after-too-late",
        "{\"dns\": [\"example.com\"], \"notBefore\": \"2026-12-02T08:00:00Z\", \"notAfter\": \"2026-12-02T09:00:00Z\"}|requests[2].notAfter|expired",
        "{\"dns\": [\"example.com\"], \"notAfter\": \"2026-12-03T06:00:00Z\"}|requests[2].notAfter|expired",
        "{\"dns\": [\"example.com\"], \"notBefore\": \"2026-12-03T07:00:00.5Z\"}|requests[2].notBefore|time-syntax",
        "{\"dns\": [\"example.com\"], \"notBefore\": \"2026-12-03T07:00Z\"}|requests[2].notBefore|time-syntax",
        "{\"dns\": [\"example.com\"], \"notBefore\": \"2026-02-30T07:00:00Z\"}|requests[2].notBefore|time-syntax",
        "{\"dns\": [\"example.com\"], \"issuerAltName\": \"CN=a+O=b\"}|requests[2].issuerAltName|issuer-alt-name",
    })
    void refusesEachBrokenRuleNamingTheField(String json, String field, String rule) {
        assertRefused(json, field, rule);
    }

    @Test
    void refusesMoreThanTheMaximumNumberOfNames() {
        StringBuilder b = new StringBuilder("{\"dns\": [");
        for (int i = 0; i <= RequestPolicy.MAX_NAMES; i++) {
            b.append(i == 0 ? "" : ",").append("\"h").append(i).append(".example\"");
        }
        assertRefused(b.append("]}").toString(), "requests[2].dns[" + RequestPolicy.MAX_NAMES + "]",
                PolicyException.TOO_MANY_NAMES);
    }

    @Test
    void theCaPolicyNamesTheCaIdAsAuthorityKeyIdentifierAndItsCheckerRefusesWithCaException() throws Exception {
        RequestPolicy ca = RequestPolicy.of(io.mtc4j.ca.CaConfig.defaults(io.mtc4j.spec.tai.TrustAnchorId.parse(
                "32473.1")), Clock.fixed(NOW, ZoneOffset.UTC));
        X509Certificate c = asCertificate(ca.check(request("{\"dns\": [\"example.com\"]}"), "r"));
        assertArrayEquals(new byte[] {0x04, 0x08, 0x30, 0x06, (byte) 0x80, 0x04, (byte) 0x81, (byte) 0xfd, 0x59, 1},
                c.getExtensionValue("2.5.29.35"));
        io.mtc4j.ca.CaException e = assertThrows(io.mtc4j.ca.CaException.class, () -> ca.checker().check(
                request("{\"dns\": [\"*.com\"]}"), "requests[4]"));
        assertEquals("requests[4].dns[0]", e.field());
        assertEquals(PolicyException.DNS_NAME, e.rule());
    }

    @Test
    void refusesANonObjectRequest() throws Exception {
        PolicyException e = refused(JSON.readTree("[1]"));
        assertEquals("requests[2]", e.field());
        assertEquals(PolicyException.MALFORMED, e.rule());
    }

    @Test
    void issuerAltNameLabelFollowsTheDraft() throws Exception {
        IssuanceRequest r = POLICY.check(request("{\"dns\": [\"example.com\"], \"issuerAltName\": \"O=Example CA,C=US\"}"),
                "requests[0]");
        X509Certificate c = asCertificate(r);
        assertFalse(c.getCriticalExtensionOIDs().contains("2.5.29.18"));
        Collection<List<?>> ian = c.getIssuerAlternativeNames();
        assertEquals(1, ian.size());
        assertEquals(4, ian.iterator().next().get(0));
        RequestPolicy labelled = RequestPolicy.of(POLICY.settings().withIssuerLabel("O=Our CA"));
        PolicyException e = assertThrows(PolicyException.class, () -> labelled.check(request("{\"dns\": [\"example.com\"],"
                + " \"issuerAltName\": \"O=Example CA\"}"), "requests[0]"));
        assertEquals(PolicyException.ISSUER_ALT_NAME, e.rule());
        assertEquals(1, asCertificate(labelled.check(request("{\"dns\": [\"example.com\"]}"), "r"))
                .getIssuerAlternativeNames().size());
        assertThrows(IllegalArgumentException.class, () -> RequestPolicy.of(POLICY.settings()
                .withIssuerLabel("O=a+CN=b")));
    }

    // ---- CSRs ----

    static JsonNode csrRequest(byte[] csr) {
        return JSON.createObjectNode().put("csr", Base64.getEncoder().encodeToString(csr));
    }

    static PolicyException refusedCsr(byte[] csr) {
        return assertThrows(PolicyException.class, () -> POLICY.check(csrRequest(csr), "requests[2]"));
    }

    static Extension ext(org.bouncycastle.asn1.ASN1ObjectIdentifier oid, boolean critical,
            org.bouncycastle.asn1.ASN1Encodable value) throws Exception {
        return new Extension(oid, critical, new DEROctetString(value));
    }

    @Test
    void csrWithSanAndAllowedExtensions() throws Exception {
        KeyPair kp = key("P-256");
        byte[] csr = TestKeys.csr("P-256", kp, "CN=www.example.com",
                ext(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "www.example.com"),
                    new GeneralName(GeneralName.iPAddress, "2001:db8::2")})),
                ext(Extension.basicConstraints, true, new BasicConstraints(false)),
                ext(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature)),
                ext(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth)));
        ObjectNode r = (ObjectNode) csrRequest(csr);
        r.put("lifetime", "1d");
        IssuanceRequest ir = POLICY.check(r, "requests[0]");
        X509Certificate c = asCertificate(ir);
        assertEquals(List.of(List.of(2, "www.example.com"), List.of(7, "2001:db8:0:0:0:0:0:2")),
                c.getSubjectAlternativeNames().stream().map(l -> List.copyOf(l)).toList());
        assertEquals("CN=www.example.com", c.getSubjectX500Principal().getName());
        assertEquals(NOW.plus(Duration.ofDays(1)).minusSeconds(1), ir.notAfter());
    }

    @Test
    void csrWithCaTrueIsRefused() throws Exception {
        KeyPair kp = key("P-256");
        PolicyException e = refusedCsr(TestKeys.csr("P-256", kp, "CN=example.com",
                ext(Extension.basicConstraints, true, new BasicConstraints(true))));
        assertEquals(PolicyException.CA_TRUE, e.rule());
        assertEquals("requests[2].csr.extensionRequest[2.5.29.19]", e.field());
    }

    @Test
    void csrWithUnknownExtensionIsRefused() throws Exception {
        PolicyException e = refusedCsr(TestKeys.csr("P-256", key("P-256"), "CN=example.com",
                ext(new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"), false,
                        new org.bouncycastle.asn1.DERUTF8String("x"))));
        assertEquals(PolicyException.UNKNOWN_EXTENSION, e.rule());
        assertEquals("requests[2].csr.extensionRequest[1.3.6.1.4.1.99999.1]", e.field());
    }

    @Test
    void csrRequestedUsagesBeyondTheKeyTypeAreRefused() throws Exception {
        assertEquals(PolicyException.KEY_USAGE, refusedCsr(TestKeys.csr("P-256", key("P-256"), "CN=example.com",
                ext(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign)))).rule());
        assertEquals(PolicyException.KEY_USAGE, refusedCsr(TestKeys.csr("P-256", key("P-256"), "CN=example.com",
                ext(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyEncipherment)))).rule());
        assertEquals(PolicyException.EXTENDED_KEY_USAGE, refusedCsr(TestKeys.csr("P-256", key("P-256"),
                "CN=example.com", ext(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning)))).rule());
        assertEquals(PolicyException.SUBJECT_ALT_NAME, refusedCsr(TestKeys.csr("P-256", key("P-256"), "CN=a",
                ext(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.rfc822Name,
                        "a@example.com"))))).rule());
    }

    @Test
    void csrIssuerAltNameMustFollowTheDraft() throws Exception {
        GeneralNames label = new GeneralNames(new GeneralName(new X500Name("O=Example CA")));
        PolicyException critical = refusedCsr(TestKeys.csr("P-256", key("P-256"), "CN=example.com",
                ext(Extension.issuerAlternativeName, true, label)));
        assertEquals(PolicyException.ISSUER_ALT_NAME, critical.rule());
        PolicyException notDirectory = refusedCsr(TestKeys.csr("P-256", key("P-256"), "CN=example.com",
                ext(Extension.issuerAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName,
                        "ca.example")))));
        assertEquals(PolicyException.ISSUER_ALT_NAME, notDirectory.rule());
        PolicyException two = refusedCsr(TestKeys.csr("P-256", key("P-256"), "CN=example.com",
                ext(Extension.issuerAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(new X500Name("O=A")), new GeneralName(new X500Name("O=B"))}))));
        assertEquals(PolicyException.ISSUER_ALT_NAME, two.rule());
        IssuanceRequest ok = POLICY.check(csrRequest(TestKeys.csr("P-256", key("P-256"), "CN=example.com",
                ext(Extension.issuerAlternativeName, false, label))), "r");
        assertEquals(1, asCertificate(ok).getIssuerAlternativeNames().size());
    }

    @Test
    void csrWithABadSignatureIsRefused() {
        byte[] csr = TestKeys.csr("P-256", key("P-256"), "CN=example.com");
        // the CertificationRequestInfo ends just before the signature AlgorithmIdentifier: flip a byte of the key
        byte[] spki = key("P-256").getPublic().getEncoded();
        int at = indexOf(csr, spki) + spki.length - 1;
        csr[at] ^= 1;
        PolicyException e = refusedCsr(csr);
        assertTrue(e.rule().equals(PolicyException.CSR_SIGNATURE) || e.rule().equals(PolicyException.KEY_ENCODING),
                e.rule());
        byte[] other = TestKeys.csr("Ed25519", key("Ed25519"), "CN=example.com");
        other[other.length - 1] ^= 1;
        PolicyException sig = refusedCsr(other);
        assertEquals(PolicyException.CSR_SIGNATURE, sig.rule());
        assertEquals("requests[2].csr", sig.field());
    }

    @Test
    void csrThatIsNotStrictDerIsRefused() {
        byte[] csr = TestKeys.csr("P-256", key("P-256"), "CN=example.com");
        byte[] trailing = java.util.Arrays.copyOf(csr, csr.length + 2);
        assertEquals(PolicyException.CSR_ENCODING, refusedCsr(trailing).rule());
        byte[] truncated = java.util.Arrays.copyOf(csr, csr.length - 1);
        assertEquals(PolicyException.CSR_ENCODING, refusedCsr(truncated).rule());
    }

    @Test
    void csrWithoutNamesIsRefusedAndCommonNamesMustBeNames() throws Exception {
        assertEquals(PolicyException.NO_IDENTIFIER, refusedCsr(TestKeys.csr("P-256", key("P-256"), "O=Nobody")).rule());
        assertEquals(PolicyException.COMMON_NAME, refusedCsr(TestKeys.csr("P-256", key("P-256"), "CN=other.example",
                ext(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName,
                        "example.com"))))).rule());
        IssuanceRequest ip = POLICY.check(csrRequest(TestKeys.csr("P-256", key("P-256"), "CN=192.0.2.7")), "r");
        assertEquals(List.of(List.of(7, "192.0.2.7")), asCertificate(ip).getSubjectAlternativeNames().stream()
                .map(l -> List.copyOf(l)).toList());
    }

    @Test
    void csrFieldsBeyondTheApiAreRefused() {
        ObjectNode r = (ObjectNode) csrRequest(TestKeys.csr("P-256", key("P-256"), "CN=example.com"));
        r.putArray("dns").add("example.com");
        PolicyException e = refused(r);
        assertEquals("requests[2].dns", e.field());
        assertEquals(PolicyException.UNKNOWN_FIELD, e.rule());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        int at = new String(hay, java.nio.charset.StandardCharsets.ISO_8859_1)
                .indexOf(new String(needle, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertTrue(at >= 0);
        return at;
    }
}
