package io.mtc4j.rp.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.rp.host.HostMatcher;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class LeafChecksTest {
    static final Instant NB = Instant.parse("2020-01-01T00:00:00Z");
    static final Instant NA = Instant.parse("2030-12-31T23:59:59Z");
    static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

    static KeyPair key() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    interface Customizer {
        void apply(X509v3CertificateBuilder b) throws Exception;
    }

    static byte[] tbs(Customizer c) throws Exception {
        KeyPair k = key();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=ca"), BigInteger.TEN,
                Date.from(NB), Date.from(NA), new X500Name("CN=leaf"), k.getPublic());
        c.apply(b);
        return b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(k.getPrivate())).toASN1Structure()
                .getTBSCertificate().getEncoded("DER");
    }

    static byte[] server(String... dns) throws Exception {
        return tbs(b -> {
            GeneralName[] names = new GeneralName[dns.length];
            for (int i = 0; i < dns.length; i++) {
                names[i] = dns[i].matches("[0-9.]+") || dns[i].contains(":")
                        ? new GeneralName(GeneralName.iPAddress, dns[i]) : new GeneralName(GeneralName.dNSName, dns[i]);
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        });
    }

    static Optional<LeafChecks.Failure> run(byte[] tbs, Instant t, String host) {
        return LeafChecks.check(LeafChecks.facts(tbs), t,
                host == null ? Optional.empty() : Optional.of(HostMatcher.parseReference(host)),
                LeafChecks.Options.tlsServer());
    }

    static Step step(Optional<LeafChecks.Failure> f) {
        return f.map(LeafChecks.Failure::step).orElse(null);
    }

    @Test
    void goodServerCertificatePasses() throws Exception {
        byte[] t = server("a.example", "*.b.example", "192.0.2.7", "2001:db8::1");
        assertEquals(Optional.empty(), run(t, T, "a.example"));
        assertEquals(Optional.empty(), run(t, T, "x.b.example"));
        assertEquals(Optional.empty(), run(t, T, "192.0.2.7"));
        assertEquals(Optional.empty(), run(t, T, "::ffff:192.0.2.7"));
        assertEquals(Optional.empty(), run(t, T, "[2001:DB8:0::1]"));
        assertEquals(Optional.empty(), run(t, T, null));
        // validity is inclusive at both ends
        assertEquals(Optional.empty(), run(t, NB, null));
        assertEquals(Optional.empty(), run(t, NA, null));
    }

    @Test
    void eachCheckFailsAtItsStep() throws Exception {
        byte[] t = server("a.example", "192.0.2.7");
        assertEquals(Step.VALIDITY, step(run(t, NB.minusSeconds(1), null)));
        assertEquals(Step.VALIDITY, step(run(t, NA.plusSeconds(1), null)));
        assertEquals(Step.HOST, step(run(t, T, "b.example")));
        assertEquals(Step.HOST, step(run(t, T, "192.0.2.8")));
        assertEquals(Step.HOST, step(run(t, T, "x.a.example")));
        assertEquals(Step.BASIC_CONSTRAINTS, step(run(tbs(b -> b.addExtension(Extension.basicConstraints, true,
                new BasicConstraints(5))), T, null)));
        assertEquals(Step.KEY_USAGE, step(run(tbs(b -> b.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.keyCertSign))), T, null)));
        assertEquals(Step.EXTENDED_KEY_USAGE, step(run(tbs(b -> b.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))), T, null)));
        assertEquals(Step.CRITICAL_EXTENSIONS, step(run(tbs(b -> b.addExtension(
                new ASN1ObjectIdentifier("1.2.3.4.5"), true, new DEROctetString(new byte[] {1}))), T, null)));
        // a non-critical unknown extension is fine
        assertEquals(Optional.empty(), run(tbs(b -> b.addExtension(
                new ASN1ObjectIdentifier("1.2.3.4.5"), false, new DEROctetString(new byte[] {1}))), T, null));
        // no subjectAltName at all: nothing matches a host
        assertEquals(Step.HOST, step(run(tbs(b -> { }), T, "a.example")));
    }

    /** draft §"Log Entries": an IssuerAltName MUST be non-critical; a critical one is an unrecognized extension. */
    @Test
    void criticalIssuerAltNameFailsNonCriticalPasses() throws Exception {
        GeneralNames ian = new GeneralNames(new GeneralName(new X500Name("CN=issuer")));
        byte[] critical = tbs(b -> b.addExtension(Extension.issuerAlternativeName, true, ian));
        Optional<LeafChecks.Failure> f = run(critical, T, null);
        assertEquals(Step.CRITICAL_EXTENSIONS, step(f));
        assertTrue(f.get().message().contains("2.5.29.18"), f.get().message());
        assertEquals(Optional.empty(), run(tbs(b -> b.addExtension(Extension.issuerAlternativeName, false, ian)), T,
                null));
        // with the critical-extension check switched off (validityOnly) it is not looked at
        assertEquals(Optional.empty(), LeafChecks.check(LeafChecks.facts(critical), T, Optional.empty(),
                LeafChecks.Options.validityOnly()));
    }

    @Test
    void berInsideAnExtensionValueIsADecodingError() throws Exception {
        // SAN SEQUENCE with a long-form length (81 0b) for an 11-byte body: BER, not DER.
        byte[] ber = HexFormat.of().parseHex("30810b8209612e6578616d706c65");
        byte[] t = tbs(b -> b.addExtension(new Extension(Extension.subjectAlternativeName, false,
                new DEROctetString(ber))));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LeafChecks.facts(t));
        assertTrue(e.getMessage().contains("not minimal"), e.getMessage());
    }

    @Test
    void malformedExtensionValuesFailTheirStep() throws Exception {
        byte[] integer = HexFormat.of().parseHex("020101");
        for (Object[] c : new Object[][] {{Extension.subjectAlternativeName, Step.HOST},
            {Extension.basicConstraints, Step.BASIC_CONSTRAINTS}, {Extension.keyUsage, Step.KEY_USAGE},
            {Extension.extendedKeyUsage, Step.EXTENDED_KEY_USAGE}}) {
            ASN1ObjectIdentifier oid = (ASN1ObjectIdentifier) c[0];
            byte[] t = tbs(b -> b.addExtension(new Extension(oid, false, new DEROctetString(integer))));
            Optional<LeafChecks.Failure> f = run(t, T, "a.example");
            assertEquals(c[1], step(f), oid.getId());
            assertTrue(f.get().message().contains("malformed"), f.get().message());
        }
        // an empty SAN, an empty EKU
        assertEquals(Step.HOST, step(run(tbs(b -> b.addExtension(new Extension(Extension.subjectAlternativeName, false,
                new DEROctetString(new byte[] {0x30, 0})))), T, "a.example")));
        assertEquals(Step.EXTENDED_KEY_USAGE, step(run(tbs(b -> b.addExtension(new Extension(
                Extension.extendedKeyUsage, false, new DEROctetString(new byte[] {0x30, 0})))), T, null)));
        // a SAN without a host to match is not consulted
        byte[] t = tbs(b -> b.addExtension(new Extension(Extension.subjectAlternativeName, false,
                new DEROctetString(integer))));
        assertEquals(Optional.empty(), run(t, T, null));
    }

    /** Review item 1: a malformed SAN listed first must not hide a later malformed extension (no host given). */
    @Test
    void aMalformedSanDoesNotHideALaterMalformedExtension() throws Exception {
        HexFormat hex = HexFormat.of();
        DEROctetString badSan = new DEROctetString(hex.parseHex("020101"));
        // cA TRUE, then a trailing element: basicConstraints does not decode, and it claims to be a CA.
        DEROctetString badBc = new DEROctetString(hex.parseHex("30090101ff020100020100"));
        DEROctetString badKu = new DEROctetString(hex.parseHex("020101"));
        DEROctetString badEku = new DEROctetString(hex.parseHex("020101"));
        for (boolean critical : new boolean[] {true, false}) {
            Object[][] cases = {{Extension.basicConstraints, badBc, Step.BASIC_CONSTRAINTS},
                {Extension.keyUsage, badKu, Step.KEY_USAGE}, {Extension.extendedKeyUsage, badEku,
                    Step.EXTENDED_KEY_USAGE}};
            for (Object[] c : cases) {
                ASN1ObjectIdentifier oid = (ASN1ObjectIdentifier) c[0];
                byte[] t = tbs(b -> {
                    b.addExtension(new Extension(Extension.subjectAlternativeName, false, badSan));
                    b.addExtension(new Extension(oid, critical, (DEROctetString) c[1]));
                });
                LeafChecks.LeafFacts facts = LeafChecks.facts(t);
                assertEquals(2, facts.malformedExtensions().size());
                Optional<LeafChecks.Failure> f = run(t, T, null);
                assertEquals(c[2], step(f), oid.getId() + " critical=" + critical);
                assertTrue(f.get().message().contains(oid.getId()) && f.get().message().contains("malformed"),
                        f.get().message());
                // a malformed critical extension fails even when its check is switched off
                Optional<LeafChecks.Failure> lax = LeafChecks.check(facts, T, Optional.empty(),
                        LeafChecks.Options.validityOnly());
                assertEquals(critical ? c[2] : null, step(lax), oid.getId() + " critical=" + critical);
            }
        }
        // the SAN itself: a malformed critical SAN fails without a host; a non-critical one only with a host
        byte[] critSan = tbs(b -> b.addExtension(new Extension(Extension.subjectAlternativeName, true, badSan)));
        assertEquals(Step.HOST, step(run(critSan, T, null)));
        // with several malformed extensions, the first step in check order is reported
        byte[] all = tbs(b -> {
            b.addExtension(new Extension(Extension.subjectAlternativeName, true, badSan));
            b.addExtension(new Extension(Extension.extendedKeyUsage, true, badEku));
            b.addExtension(new Extension(Extension.keyUsage, true, badKu));
        });
        assertEquals(Step.KEY_USAGE, step(run(all, T, "a.example")));
        // validity still comes first
        assertEquals(Step.VALIDITY, step(run(all, NA.plusSeconds(1), null)));
    }

    @Test
    void validityOnlyOptionsIgnoreUsageAndCa() throws Exception {
        byte[] t = tbs(b -> {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(5));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
        });
        assertEquals(Optional.empty(), LeafChecks.check(LeafChecks.facts(t), T, Optional.empty(),
                LeafChecks.Options.validityOnly()));
    }
}
