package io.mtc4j.ca.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.ca.CaException;
import io.mtc4j.ca.IssuanceRequest;
import io.mtc4j.spec.cert.TbsCertificate;
import io.mtc4j.spec.cert.X509Oids;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.X509Der;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

/** Each conversion rule on certificates of the test PKI. */
class BootstrapConversionTest {
    private static final TestPki.Hierarchy PKI = TestPki.hierarchy();
    private static final Duration WEEK = Duration.ofDays(7);

    private static IssuanceRequest convert(TestPki.Cert leaf) {
        return BootstrapConversion.convert(PKI.validator().validate(PKI.chain(leaf), TestPki.NOW), TestPki.NOW, WEEK);
    }

    private static CaException refused(TestPki.Spec s) {
        return assertThrows(CaException.class, () -> convert(PKI.leaf(s)));
    }

    private static Map<String, X509Der.Extension> extensions(IssuanceRequest r) {
        return X509Der.extensionList(Der.tlv(Der.explicit(3), r.extensions())).stream()
                .collect(Collectors.toMap(X509Der.Extension::oid, Function.identity()));
    }

    @Test
    void anEcdsaLeafWithDnsWildcardAndIpNamesConverts() {
        TestPki.Cert leaf = PKI.leaf(TestPki.spec().subject("CN=example.com").dns("example.com", "*.example.com")
                .ip("192.0.2.1", "2001:db8::1"));
        IssuanceRequest r = convert(leaf);
        TbsCertificate tbs = BootstrapConversion.tbsCertificate(leaf.der());
        assertArrayEquals(tbs.subject(), r.subject());
        assertArrayEquals(tbs.subjectPublicKeyInfo(), r.subjectPublicKeyInfo());
        assertEquals(TestPki.NOW, r.notBefore());
        assertEquals(TestPki.NOW.plus(WEEK), r.notAfter());
        Map<String, X509Der.Extension> x = extensions(r);
        // kept: SAN as is; EKU serverAuth only; KU; basicConstraints (cA FALSE). Dropped: SKI, AKI, AIA, policies.
        assertEquals(java.util.Set.of("2.5.29.17", "2.5.29.37", "2.5.29.15", "2.5.29.19"), x.keySet());
        assertEquals("dns:example.com, dns:*.example.com, ip:192.0.2.1, ip:2001:db8:0:0:0:0:0:1",
                BootstrapCheck.generalNames(x.get("2.5.29.17").value()));
        assertArrayEquals(Der.sequence(Der.oid(X509Oids.SERVER_AUTH)), x.get("2.5.29.37").value());
        assertEquals(5, r.bootstrapChain().size() + 2);
    }

    @Test
    void anRsaLeafConvertsWithItsKeyEncipherment() {
        TestPki.Cert leaf = PKI.leaf(TestPki.spec().key(TestPki.key("RSA"))
                .keyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.dataEncipherment));
        X509Der.Extension ku = extensions(convert(leaf)).get("2.5.29.15");
        assertTrue(ku.critical());
        assertArrayEquals(new byte[] {3, 2, 5, (byte) 0xa0}, ku.value());
    }

    @Test
    void validityIsClampedToThePathAndAnEmptyOverlapRefused() {
        Instant end = TestPki.NOW.plus(Duration.ofDays(2));
        IssuanceRequest r = convert(PKI.leaf(TestPki.spec().validity(TestPki.NOW.minus(Duration.ofDays(1)), end)));
        assertEquals(end, r.notAfter());
        Instant[] v = BootstrapConversion.validity(TestPki.NOW.plusMillis(1500), WEEK, List.of());
        assertEquals(TestPki.NOW.plusSeconds(1), v[0]);
        ChainValidator.ValidatedPath p = PKI.validator().validate(PKI.chain(PKI.leaf(TestPki.spec())), TestPki.NOW);
        CaException e = assertThrows(CaException.class, () -> BootstrapConversion.validity(
                TestPki.NOW.plus(Duration.ofDays(400)), WEEK, p.certificates()));
        assertEquals("validity-empty", e.rule());
    }

    @Test
    void extendedKeyUsageMustHoldServerAuthAndNothingButClientAuth() {
        assertEquals("extended-key-usage", refused(TestPki.spec().eku(KeyPurposeId.id_kp_clientAuth)).rule());
        CaException e = refused(TestPki.spec().eku(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_codeSigning));
        assertEquals("extended-key-usage", e.rule());
        assertEquals("chain[0].extensions[2.5.29.37]", e.field());
        assertEquals("extended-key-usage", refused(TestPki.spec().eku(KeyPurposeId.anyExtendedKeyUsage)).rule());
    }

    @Test
    void keyUsageWithoutATlsBitIsRefused() {
        assertEquals("key-usage", refused(TestPki.spec().keyUsage(KeyUsage.keyAgreement)).rule());
    }

    @Test
    void aCaCertificateIsRefused() {
        CaException e = assertThrows(CaException.class, () -> BootstrapConversion.fields(PKI.intermediate().der()));
        assertEquals("basic-constraints-ca", e.rule());
        byte[] pathLenOnly = Der.sequence(Der.integer(java.math.BigInteger.ONE));
        assertEquals("basic-constraints-path-length", assertThrows(CaException.class, () ->
                BootstrapConversion.basicConstraints(new X509Der.Extension("2.5.29.19", true, pathLenOnly))).rule());
    }

    @Test
    void unknownCriticalExtensionsAndPrecertificatesAreRefusedOthersKept() {
        // PKIX already refuses a leaf with an unknown critical extension; the rule refuses it on its own too.
        assertEquals("critical-extension", refused(TestPki.spec().extension("1.3.6.1.4.1.32473.99", true,
                new ASN1Integer(1))).rule());
        assertEquals("critical-extension", assertThrows(CaException.class, () -> BootstrapConversion.otherExtension(
                new X509Der.Extension("1.3.6.1.4.1.32473.99", true, new byte[] {2, 1, 1}))).rule());
        assertEquals("precertificate", assertThrows(CaException.class, () -> BootstrapConversion.otherExtension(
                new X509Der.Extension(X509Oids.CT_POISON, true, new byte[] {5, 0}))).rule());
        IssuanceRequest r = convert(PKI.leaf(TestPki.spec().extension("1.3.6.1.4.1.32473.99", false,
                new ASN1Integer(7))));
        assertTrue(extensions(r).containsKey("1.3.6.1.4.1.32473.99"));
        IssuanceRequest sct = convert(PKI.leaf(TestPki.spec().extension("1.3.6.1.4.1.11129.2.4.2", false,
                new org.bouncycastle.asn1.DEROctetString(new byte[] {0, 0}))));
        assertFalse(extensions(sct).containsKey("1.3.6.1.4.1.11129.2.4.2"));
    }

    @Test
    void aLeafWithoutSubjectAltNameIsRefused() {
        TestPki.Spec s = TestPki.spec();
        s.san = new java.util.ArrayList<>();
        assertEquals("subject-alt-name-required", refused(s).rule());
    }

    @Test
    void duplicateExtensionsAreRefused() {
        byte[] ku = X509Der.extension("2.5.29.15", true, Der.tlv(Der.BIT_STRING, new byte[] {7, (byte) 0x80}));
        byte[] twice = Der.tlv(Der.explicit(3), Der.sequence(ku, ku));
        assertEquals("duplicate-extension", assertThrows(CaException.class, () ->
                BootstrapConversion.extensions(twice)).rule());
    }
}
