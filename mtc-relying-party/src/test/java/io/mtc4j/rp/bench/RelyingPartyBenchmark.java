package io.mtc4j.rp.bench;

import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.config.RelyingPartyConfig;
import io.mtc4j.rp.config.TrustedSubtree;
import io.mtc4j.rp.verify.MtcVerifier;
import io.mtc4j.rp.verify.VerificationResult;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.cert.CertificateBuilder;
import io.mtc4j.spec.cert.MtcOids;
import io.mtc4j.spec.cert.MtcProof;
import io.mtc4j.spec.cert.SubtreeSignature;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.cosign.SubtreeSigner;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.entry.TbsCertificateLogEntry;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A relying party's cost per certificate, in one run: mtc4j's full verification (draft procedure plus validity and
 * TLS leaf checks) of a landmark-relative certificate (inclusion proof to a trusted subtree of 2^16 entries, 16
 * hashes) and of a standalone certificate (inclusion proof to an 2048-entry subtree, 11 hashes, plus one ML-DSA-44
 * CA cosignature), against the JDK's PKIX validation of an equivalent two-certificate ECDSA P-256 chain (leaf with
 * the same extensions, signed by a trust anchor; revocation off). Every benchmark starts from the leaf's DER.
 *
 * <p>Run: {@code mvn -q -Pbench -pl mtc-relying-party -am test-compile exec:exec -Dbench.args="RelyingParty -f 1 -wi 2 -i 3"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RelyingPartyBenchmark {
    static final Profile P = Profile.PLANTS_05;
    static final HashFunction H = HashFunction.sha256();
    static final TrustAnchorId CA = TrustAnchorId.parse("32473.1");
    static final Instant NB = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant NA = Instant.parse("2025-01-08T00:00:00Z");
    static final Instant NOW = Instant.parse("2025-01-02T00:00:00Z");

    MtcVerifier verifier;
    byte[] landmarkCert;
    byte[] standaloneCert;
    /** Distinct leaves, more than the JDK's certificate-factory cache holds (750), used in turn. */
    byte[][] pkixLeaves;
    int next;
    CertificateFactory x509;
    PKIXParameters pkixParams;
    CertPathValidator pkix;

    @Setup
    public void setup() throws Exception {
        SecureRandom rnd = SecureRandom.getInstance("SHA1PRNG");
        rnd.setSeed(1);
        SubtreeSigner ca = new SubtreeSigner(CA, Keys.generate(SignatureAlgorithm.MLDSA44, rnd, SigningMode.DETERMINISTIC));
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), rnd);
        KeyPair leafKey = g.generateKeyPair();
        byte[] spki = leafKey.getPublic().getEncoded();

        // the log: 2^16 leaves, of which entries 40000 and 65000 are real certificates
        int size = 1 << 16;
        long lmIndex = 40000;
        long saIndex = 65000;
        MtcLogEntry lmEntry = entry(spki, "landmark");
        MtcLogEntry saEntry = entry(spki, "standalone");
        MemoryTree tree = new MemoryTree(H);
        byte[] filler = new byte[32];
        for (long i = 0; i < size; i++) {
            if (i == lmIndex) {
                tree.appendEntry(lmEntry.encode());
            } else if (i == saIndex) {
                tree.appendEntry(saEntry.encode());
            } else {
                rnd.nextBytes(filler);
                tree.appendLeafHash(filler);
            }
        }
        Subtree landmark = new Subtree(0, size);
        Subtree standalone = new Subtree(63488, 65536);
        landmarkCert = CertificateBuilder.build(lmEntry, spki, 1, lmIndex, new MtcProof(0, size,
                SubtreeProofs.inclusionProof(tree, landmark, lmIndex), List.of()), H).encoded();
        byte[] saHash = SubtreeProofs.subtreeHash(tree, standalone);
        byte[] sig = ca.signSubtree(P, CA.logId(1), standalone.start(), standalone.end(), saHash);
        standaloneCert = CertificateBuilder.build(saEntry, spki, 1, saIndex, new MtcProof(standalone.start(),
                standalone.end(), SubtreeProofs.inclusionProof(tree, standalone, saIndex),
                List.of(new SubtreeSignature(CA, sig))), H).encoded();
        CaConfig config = CaConfig.of(CA, H, P, ca.cosigner(), BigInteger.ONE.shiftLeft(48),
                        BigInteger.TWO.shiftLeft(48).subtract(BigInteger.ONE))
                .withTrustedSubtrees(List.of(new TrustedSubtree(1, 0, size, SubtreeProofs.subtreeHash(tree, landmark))));
        verifier = new MtcVerifier(RelyingPartyConfig.of(config));

        // PKIX: ECDSA P-256 root and a leaf with the same extensions.
        KeyPair rootKey = g.generateKeyPair();
        X500Name rootName = new X500Name("CN=Bench Root");
        X509v3CertificateBuilder rb = new JcaX509v3CertificateBuilder(rootName, BigInteger.ONE, Date.from(NB),
                Date.from(NA.plusSeconds(86400 * 365)), rootName, rootKey.getPublic());
        rb.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        rb.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
        JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
        X509Certificate root = conv.getCertificate(rb.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(rootKey.getPrivate())));
        ExtensionsGenerator eg = new ExtensionsGenerator();
        serverExtensions(eg);
        pkixLeaves = new byte[1024][];
        for (int i = 0; i < pkixLeaves.length; i++) {
            X509v3CertificateBuilder lb = new JcaX509v3CertificateBuilder(rootName, BigInteger.valueOf(1000 + i),
                    Date.from(NB), Date.from(NA), new X500Name("CN=leaf"), leafKey.getPublic());
            for (ASN1ObjectIdentifier oid : eg.generate().getExtensionOIDs()) {
                lb.addExtension(eg.generate().getExtension(oid));
            }
            pkixLeaves[i] = conv.getCertificate(lb.build(new JcaContentSignerBuilder("SHA256withECDSA")
                    .build(rootKey.getPrivate()))).getEncoded();
        }
        x509 = CertificateFactory.getInstance("X.509");
        pkixParams = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        pkixParams.setRevocationEnabled(false);
        pkixParams.setDate(Date.from(NOW));
        pkix = CertPathValidator.getInstance("PKIX");
        // sanity: all three succeed before measuring
        if (!landmarkRelative().isValid() || !standaloneMlDsa44().isValid()) {
            throw new IllegalStateException("MTC certificates do not verify: " + landmarkRelative().verdict() + " / "
                    + standaloneMlDsa44().verdict());
        }
        pkixEcdsaP256Chain();
    }

    static void serverExtensions(ExtensionsGenerator g) throws java.io.IOException {
        g.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "a.example")}));
        g.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        g.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        g.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    }

    static MtcLogEntry entry(byte[] spki, String cn) throws Exception {
        V3TBSCertificateGenerator g = new V3TBSCertificateGenerator();
        g.setSerialNumber(new ASN1Integer(1));
        g.setSignature(new AlgorithmIdentifier(new ASN1ObjectIdentifier(MtcOids.ID_ALG_MTC_PROOF)));
        g.setIssuer(X500Name.getInstance(CaIdName.experimental(CA).encode()));
        g.setStartDate(new Time(Date.from(NB)));
        g.setEndDate(new Time(Date.from(NA)));
        g.setSubject(new X500Name("CN=" + cn));
        g.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(spki));
        ExtensionsGenerator eg = new ExtensionsGenerator();
        serverExtensions(eg);
        g.setExtensions(eg.generate());
        byte[] tbs = g.generateTBSCertificate().getEncoded("DER");
        return MtcLogEntry.tbsCertEntry(P, List.of(), TbsCertificateLogEntry.fromTbsCertificate(tbs, H, P));
    }

    @Benchmark
    public VerificationResult landmarkRelative() {
        return verifier.verify(landmarkCert, NOW);
    }

    @Benchmark
    public VerificationResult standaloneMlDsa44() {
        return verifier.verify(standaloneCert, NOW);
    }

    /**
     * Decodes a leaf from DER each time, as the MTC benchmarks do. The JDK's certificate factory caches parsed
     * certificates by encoding, and a parsed certificate remembers its signature check; cycling through more
     * distinct leaves than the cache holds makes every call parse and verify the ECDSA signature.
     */
    @Benchmark
    public PKIXCertPathValidatorResult pkixEcdsaP256Chain() throws Exception {
        byte[] der = pkixLeaves[next++ & (pkixLeaves.length - 1)];
        X509Certificate leaf = (X509Certificate) x509.generateCertificate(new java.io.ByteArrayInputStream(der));
        CertPath path = x509.generateCertPath(List.of(leaf));
        return (PKIXCertPathValidatorResult) pkix.validate(path, pkixParams);
    }
}
