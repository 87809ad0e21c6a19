package io.mtc4j.rp.verify;

import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.config.RelyingPartyConfig;
import io.mtc4j.rp.config.TrustedSubtree;
import io.mtc4j.rp.policy.CosignerPolicy;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.cert.CertificateBuilder;
import io.mtc4j.spec.cert.MtcOids;
import io.mtc4j.spec.cert.MtcProof;
import io.mtc4j.spec.cert.SubtreeSignature;
import io.mtc4j.spec.cosign.Cosigner;
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
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
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

/**
 * A small CA for tests: an in-memory issuance log built with mtc-spec, deterministic cosigner keys, and
 * certificates built with mtc-spec's {@link CertificateBuilder}.
 */
public final class TestCa {
    static final Profile PROFILE = Profile.PLANTS_05;
    static final HashFunction HASH = HashFunction.sha256();
    static final TrustAnchorId CA_ID = TrustAnchorId.parse("32473.1");
    static final Instant NOT_BEFORE = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant NOT_AFTER = Instant.parse("2025-01-08T00:00:00Z");
    static final Instant NOW = Instant.parse("2025-01-02T00:00:00Z");

    final TrustAnchorId caId;
    final int logNumber;
    public final MemoryTree tree = new MemoryTree(HASH);
    final List<MtcLogEntry> entries = new ArrayList<>();
    final List<byte[]> spkis = new ArrayList<>();
    /** The CA cosigner (its ID is the CA ID). */
    public final SubtreeSigner ca;
    public final List<SubtreeSigner> witnesses;
    final byte[] leafSpki;

    public TestCa(int logNumber, long seed) {
        this(CA_ID, logNumber, seed);
    }

    TestCa(TrustAnchorId caId, int logNumber, long seed) {
        this.caId = caId;
        this.logNumber = logNumber;
        SecureRandom rnd = seeded(seed);
        ca = new SubtreeSigner(caId, Keys.generate(SignatureAlgorithm.MLDSA44, rnd, SigningMode.DETERMINISTIC));
        witnesses = List.of(
                new SubtreeSigner(TrustAnchorId.parse("32473.2.1"),
                        Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, rnd, SigningMode.DETERMINISTIC)),
                new SubtreeSigner(TrustAnchorId.parse("32473.2.2"),
                        Keys.generate(SignatureAlgorithm.ED25519, rnd, SigningMode.DETERMINISTIC)),
                new SubtreeSigner(TrustAnchorId.parse("32473.2.3"),
                        Keys.generate(SignatureAlgorithm.MLDSA44, rnd, SigningMode.DETERMINISTIC)));
        leafSpki = p256Spki(rnd);
    }

    /** A fresh P-256 SubjectPublicKeyInfo (DER) for a TLS leaf, drawn from {@code rnd}. */
    static byte[] p256Spki(SecureRandom rnd) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), rnd);
            return g.generateKeyPair().getPublic().getEncoded();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static SecureRandom seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    TrustAnchorId logId() {
        return caId.logId(logNumber);
    }

    /** TLS server leaf: SAN a.example + 192.0.2.1, KU digitalSignature, EKU serverAuth, BC cA=FALSE. */
    static void server(ExtensionsGenerator g) throws java.io.IOException {
        g.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "a.example"), new GeneralName(GeneralName.iPAddress, "192.0.2.1")}));
        g.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        g.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        g.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    }

    /** Adds a leaf's extensions. */
    public interface Ext {
        void add(ExtensionsGenerator g) throws java.io.IOException;
    }

    /** Appends a tbs_cert_entry for the standard leaf; returns its index. */
    long addEntry() {
        return addEntry(TestCa::server, NOT_BEFORE, NOT_AFTER);
    }

    long addEntry(Ext ext, Instant nb, Instant na) {
        return addEntry(leafSpki, ext, nb, na);
    }

    /** Appends a tbs_cert_entry for subject key {@code spki} with {@code ext}; returns its index. */
    public long addEntry(byte[] spki, Ext ext, Instant nb, Instant na) {
        try {
            V3TBSCertificateGenerator g = new V3TBSCertificateGenerator();
            g.setSerialNumber(new ASN1Integer(1));
            g.setSignature(new AlgorithmIdentifier(new ASN1ObjectIdentifier(MtcOids.ID_ALG_MTC_PROOF)));
            g.setIssuer(X500Name.getInstance(CaIdName.experimental(caId).encode()));
            g.setStartDate(new Time(Date.from(nb)));
            g.setEndDate(new Time(Date.from(na)));
            g.setSubject(new X500Name("CN=leaf " + entries.size()));
            g.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(spki));
            ExtensionsGenerator eg = new ExtensionsGenerator();
            ext.add(eg);
            if (!eg.isEmpty()) {
                g.setExtensions(eg.generate());
            }
            byte[] tbs = g.generateTBSCertificate().getEncoded("DER");
            MtcLogEntry e = MtcLogEntry.tbsCertEntry(PROFILE, List.of(),
                    TbsCertificateLogEntry.fromTbsCertificate(tbs, HASH, PROFILE));
            return append(e, spki);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public long addNull() {
        return append(MtcLogEntry.nullEntry(PROFILE), null);
    }

    private long append(MtcLogEntry e, byte[] spki) {
        entries.add(e);
        spkis.add(spki);
        tree.appendEntry(e.encode());
        return entries.size() - 1;
    }

    byte[] subtreeHash(Subtree s) {
        return SubtreeProofs.subtreeHash(tree, s);
    }

    /** A certificate for {@code index} proven to {@code s}, signed by {@code signers} (sorted). */
    public byte[] certificate(long index, Subtree s, List<SubtreeSigner> signers) {
        byte[] hash = subtreeHash(s);
        List<SubtreeSignature> sigs = new ArrayList<>();
        for (SubtreeSigner signer : signers) {
            sigs.add(new SubtreeSignature(signer.id(),
                    signer.signSubtree(PROFILE, logId(), s.start(), s.end(), hash)));
        }
        sigs.sort(Comparator.comparing(SubtreeSignature::cosignerId));
        MtcProof proof = new MtcProof(List.of(), s.start(), s.end(), SubtreeProofs.inclusionProof(tree, s, index), sigs);
        MtcLogEntry e = entries.get((int) index);
        return CertificateBuilder.build(e, spkis.get((int) index), logNumber, index, proof, HASH).encoded();
    }

    List<Cosigner> witnessCosigners() {
        return witnesses.stream().map(SubtreeSigner::cosigner).toList();
    }

    List<TrustAnchorId> witnessIds() {
        return witnesses.stream().map(SubtreeSigner::id).toList();
    }

    /** Config: CA + all witnesses, the given policy, minSerial (log, 0), maxSerial (log, 2^48-1). */
    public CaConfig config(CosignerPolicy policy) {
        return CaConfig.of(caId, HASH, PROFILE, ca.cosigner(),
                        BigInteger.valueOf(logNumber).shiftLeft(48),
                        BigInteger.valueOf(logNumber).shiftLeft(48).add(BigInteger.ONE.shiftLeft(48)).subtract(BigInteger.ONE))
                .withOtherCosigners(witnessCosigners()).withPolicy(policy);
    }

    public CaConfig config() {
        return config(CosignerPolicy.require(caId));
    }

    public TrustedSubtree trusted(Subtree s) {
        return new TrustedSubtree(logNumber, s.start(), s.end(), subtreeHash(s));
    }

    MtcVerifier verifier(CaConfig c) {
        return new MtcVerifier(RelyingPartyConfig.of(c));
    }

    static void fill(TestCa ca, int n, Consumer<TestCa> each) {
        for (int i = 0; i < n; i++) {
            each.accept(ca);
        }
    }
}
