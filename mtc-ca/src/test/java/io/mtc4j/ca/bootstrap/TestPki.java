package io.mtc4j.ca.bootstrap;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test PKI made with BouncyCastle (an encoder independent of the code under test): roots, intermediates and
 * leaves, RSA and ECDSA, every certificate valid RFC 5280 unless a test asks otherwise.
 */
final class TestPki {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final AtomicLong SERIAL = new AtomicLong(1000);
    private static final KeyPair RSA = generate("RSA");
    private static final KeyPair EC = generate("EC");

    private TestPki() {}

    /** Keys are made once per algorithm (RSA generation is slow); a "fresh" EC key on request. */
    static KeyPair key(String alg) {
        return switch (alg) {
            case "RSA" -> RSA;
            case "EC" -> EC;
            default -> generate(alg.substring("fresh-".length()));
        };
    }

    static KeyPair generate(String alg) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
            if (alg.equals("EC")) {
                g.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                g.initialize(2048);
            }
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An issued certificate and its key. */
    record Cert(byte[] der, KeyPair key, String subject) {}

    /** A certificate to make: set what differs from the defaults, then {@link #issue}. */
    static final class Spec {
        String subject = "CN=leaf.example";
        KeyPair key = EC;
        Instant notBefore = NOW.minus(Duration.ofDays(10));
        Instant notAfter = NOW.plus(Duration.ofDays(80));
        boolean ca;
        Integer pathLen;
        List<GeneralName> san = new ArrayList<>(List.of(new GeneralName(GeneralName.dNSName, "leaf.example")));
        boolean sanCritical;
        List<KeyPurposeId> eku = new ArrayList<>(List.of(KeyPurposeId.id_kp_serverAuth,
                KeyPurposeId.id_kp_clientAuth));
        Integer keyUsage = KeyUsage.digitalSignature;
        NameConstraints nameConstraints;
        List<Extension> more = new ArrayList<>();

        Spec subject(String s) {
            subject = s;
            return this;
        }

        Spec key(KeyPair k) {
            key = k;
            return this;
        }

        Spec validity(Instant nb, Instant na) {
            notBefore = nb;
            notAfter = na;
            return this;
        }

        Spec ca(Integer pathLength) {
            ca = true;
            pathLen = pathLength;
            san = new ArrayList<>();
            eku = new ArrayList<>();
            keyUsage = KeyUsage.keyCertSign | KeyUsage.cRLSign;
            return this;
        }

        Spec dns(String... names) {
            san = new ArrayList<>();
            for (String n : names) {
                san.add(new GeneralName(GeneralName.dNSName, n));
            }
            return this;
        }

        Spec ip(String... addresses) {
            for (String a : addresses) {
                san.add(new GeneralName(GeneralName.iPAddress, a));
            }
            return this;
        }

        Spec eku(KeyPurposeId... purposes) {
            eku = new ArrayList<>(List.of(purposes));
            return this;
        }

        Spec keyUsage(Integer bits) {
            keyUsage = bits;
            return this;
        }

        Spec permitDns(String name) {
            nameConstraints = new NameConstraints(new GeneralSubtree[] {new GeneralSubtree(new GeneralName(
                    GeneralName.dNSName, name))}, null);
            return this;
        }

        Spec extension(String oid, boolean critical, ASN1Encodable value) {
            try {
                more.add(new Extension(new ASN1ObjectIdentifier(oid), critical, new DEROctetString(value)));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return this;
        }
    }

    static Spec spec() {
        return new Spec();
    }

    /** A self-signed root. */
    static Cert root(String name, KeyPair key) {
        Spec s = spec().subject(name).key(key).ca(null).validity(NOW.minus(Duration.ofDays(3650)),
                NOW.plus(Duration.ofDays(3650)));
        return sign(s, name, key, null);
    }

    /** {@code s} issued by {@code issuer}. */
    static Cert issue(Spec s, Cert issuer) {
        return sign(s, issuer.subject(), issuer.key(), issuer);
    }

    private static Cert sign(Spec s, String issuerName, KeyPair issuerKey, Cert issuer) {
        try {
            JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuerName),
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(s.notBefore), Date.from(s.notAfter),
                    new X500Name(s.subject), s.key.getPublic());
            b.addExtension(Extension.basicConstraints, true, s.pathLen != null ? new BasicConstraints(s.pathLen)
                    : new BasicConstraints(s.ca));
            if (s.keyUsage != null) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(s.keyUsage));
            }
            if (!s.eku.isEmpty()) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        s.eku.toArray(KeyPurposeId[]::new)));
            }
            if (!s.san.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, s.sanCritical, new GeneralNames(
                        s.san.toArray(GeneralName[]::new)));
            }
            b.addExtension(Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(s.key.getPublic()));
            if (issuer != null) {
                b.addExtension(Extension.authorityKeyIdentifier, false, u.createAuthorityKeyIdentifier(
                        issuerKey.getPublic()));
            }
            if (!s.ca) {
                b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                        new AccessDescription(AccessDescription.id_ad_caIssuers, new GeneralName(
                                GeneralName.uniformResourceIdentifier, "http://ca.example/issuer.der"))));
                b.addExtension(Extension.certificatePolicies, false, new DERSequence(new DERSequence(
                        new ASN1ObjectIdentifier("2.23.140.1.2.1"))));
            }
            if (s.nameConstraints != null) {
                b.addExtension(Extension.nameConstraints, true, s.nameConstraints);
            }
            for (Extension x : s.more) {
                b.addExtension(x);
            }
            String alg = issuerKey.getPublic().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            byte[] der = b.build(new JcaContentSignerBuilder(alg).build(issuerKey.getPrivate())).getEncoded();
            return new Cert(der, s.key, s.subject);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The standard test hierarchy: an RSA root, an ECDSA intermediate (pathLen 0) under it. */
    record Hierarchy(Cert root, Cert intermediate) {
        Cert leaf(Spec s) {
            return issue(s, intermediate);
        }

        List<byte[]> chain(Cert leaf) {
            return List.of(leaf.der(), intermediate.der());
        }

        ChainValidator validator() {
            return ChainValidator.of(List.of(root.der()));
        }
    }

    static Hierarchy hierarchy() {
        Cert root = root("CN=Test Root R1,O=mtc4j test", RSA);
        Cert inter = issue(spec().subject("CN=Test Issuing CA,O=mtc4j test").key(EC).ca(0)
                .validity(NOW.minus(Duration.ofDays(365)), NOW.plus(Duration.ofDays(365))), root);
        return new Hierarchy(root, inter);
    }
}
