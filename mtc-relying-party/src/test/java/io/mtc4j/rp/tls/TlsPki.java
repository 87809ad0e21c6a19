package io.mtc4j.rp.tls;

import io.mtc4j.rp.config.RelyingPartyConfig;
import io.mtc4j.rp.config.TrustedSubtree;
import io.mtc4j.rp.verify.TestCa;
import io.mtc4j.spec.merkle.Covering;
import io.mtc4j.spec.merkle.Subtree;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for the TLS tests: an MTC CA (the rp tests' {@link TestCa}, an in-memory issuance log) issuing
 * leaves for real subject keys, each as a standalone MTC (the CA cosigner's signature on the subtree) and a
 * landmark-relative MTC (landmark 1 covers every entry); and a classic two-certificate ECDSA chain. Leaves are
 * TLS server certificates: subjectAltName, keyUsage digitalSignature, extendedKeyUsage serverAuth, cA false,
 * valid from an hour ago for a week.
 */
final class TlsPki {
    static final Provider BC = new BouncyCastleProvider();
    static final Instant NOT_BEFORE = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS);
    static final Instant NOT_AFTER = NOT_BEFORE.plus(7, ChronoUnit.DAYS);

    final TestCa ca = new TestCa(1, 77);
    private final List<Long> indices = new ArrayList<>();

    TlsPki() {
        ca.addNull();
    }

    static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static KeyPair ed25519() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    static KeyPair mlDsa44() throws Exception {
        return KeyPairGenerator.getInstance("ML-DSA-44", BC).generateKeyPair();
    }

    /** Logs a TLS server leaf for {@code key} and {@code names} (DNS names or IP literals); returns its index. */
    long addLeaf(KeyPair key, String... names) {
        long i = ca.addEntry(key.getPublic().getEncoded(), g -> {
            g.addExtension(Extension.subjectAlternativeName, false, sans(names));
            g.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            g.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            g.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        }, NOT_BEFORE, NOT_AFTER);
        indices.add(i);
        return i;
    }

    /** Landmark 1's subtrees: [0, size) covered (draft §"Landmark Tree Sizes"), landmark 0 at size 0. */
    List<Subtree> landmarkSubtrees() {
        return Covering.coveringSubtrees(0, ca.tree.size());
    }

    private Subtree subtreeOf(long index) {
        return landmarkSubtrees().stream().filter(s -> s.contains(index)).findFirst().orElseThrow();
    }

    /** The standalone MTC of entry {@code index}: its subtree signed by the CA cosigner. */
    X509Certificate standalone(long index) {
        return x509(ca.certificate(index, subtreeOf(index), List.of(ca.ca)));
    }

    /** The landmark-relative MTC of entry {@code index}: no signatures. */
    X509Certificate landmarkRelative(long index) {
        return x509(ca.certificate(index, subtreeOf(index), List.of()));
    }

    /** The MTC of entry {@code index} proven to its subtree among {@code landmark}'s, signed (standalone) or not. */
    X509Certificate certificate(long index, List<Subtree> landmark, boolean standalone) {
        Subtree s = landmark.stream().filter(x -> x.contains(index)).findFirst().orElseThrow();
        return x509(ca.certificate(index, s, standalone ? List.of(ca.ca) : List.of()));
    }

    /** A relying party trusting the CA and the given landmark subtrees. */
    RelyingPartyConfig withSubtrees(List<Subtree> subtrees) {
        return RelyingPartyConfig.of(ca.config().withTrustedSubtrees(subtrees.stream().map(ca::trusted).toList()));
    }

    /** A relying party trusting the CA (policy: CA cosigner), without trusted subtrees. */
    RelyingPartyConfig withoutLandmarks() {
        return RelyingPartyConfig.of(ca.config());
    }

    /** A relying party trusting the CA and landmark 1's subtrees. */
    RelyingPartyConfig withLandmarks() {
        List<TrustedSubtree> ts = new ArrayList<>();
        for (Subtree s : landmarkSubtrees()) {
            ts.add(ca.trusted(s));
        }
        return RelyingPartyConfig.of(ca.config().withTrustedSubtrees(ts));
    }

    /**
     * The certificate as JSSE objects: the JDK's factory, or BouncyCastle's when the JDK does not know the subject
     * key's algorithm (Java 17 has no ML-DSA; BCJSSE picks keys by {@code getPublicKey().getAlgorithm()}).
     */
    static X509Certificate x509(byte[] der) {
        try {
            X509Certificate jdk = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            if (!jdk.getPublicKey().getAlgorithm().matches("[0-9.]+")) {
                return jdk;
            }
            return (X509Certificate) CertificateFactory.getInstance("X.509", BC)
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A classic chain: a self-signed ECDSA P-256 root and a leaf for {@code key} and {@code names}. */
    record Classic(X509Certificate root, X509Certificate leaf) {}

    static Classic classic(KeyPair key, String... names) throws Exception {
        KeyPair rootKey = p256();
        X500Name rootName = new X500Name("CN=mtc4j test root");
        X509Certificate root = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                rootName, BigInteger.ONE, Date.from(NOT_BEFORE), Date.from(NOT_AFTER), rootName, rootKey.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(rootKey.getPrivate())));
        X509Certificate leaf = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                rootName, BigInteger.TWO, Date.from(NOT_BEFORE), Date.from(NOT_AFTER), new X500Name("CN=" + names[0]),
                key.getPublic())
                .addExtension(Extension.subjectAlternativeName, false, sans(names))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(rootKey.getPrivate())));
        return new Classic(root, leaf);
    }

    /** subjectAltName for DNS names and IP literals. */
    static GeneralNames sans(String... names) {
        GeneralName[] gn = new GeneralName[names.length];
        for (int k = 0; k < names.length; k++) {
            gn[k] = names[k].matches("[0-9.]+|.*:.*") ? new GeneralName(GeneralName.iPAddress, names[k])
                    : new GeneralName(GeneralName.dNSName, names[k]);
        }
        return new GeneralNames(gn);
    }
}
