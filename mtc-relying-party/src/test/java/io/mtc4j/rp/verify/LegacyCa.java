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
import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;

/**
 * A test CA in a profile before plants-04 (MTC-NOTES §6): one issuance log whose log ID {@code 32473.1} is the
 * issuer of every entry and the configured CA ID, a {@code null_entry} at index 0, serials that are bare indices,
 * and cosigners that sign the legacy {@code mtc-subtree/v1} input over that log ID. Built only with mtc-spec
 * (entries, tree, proofs, {@link SubtreeSigner}, {@link CertificateBuilder}).
 */
final class LegacyCa {
    static final TrustAnchorId LOG_ID = TrustAnchorId.parse("32473.1");

    final Profile profile;
    final MemoryTree tree = new MemoryTree(TestCa.HASH);
    final List<MtcLogEntry> entries = new ArrayList<>();
    final SubtreeSigner ca;
    final List<SubtreeSigner> witnesses;
    final byte[] leafSpki;

    LegacyCa(Profile profile, long seed) {
        if (profile.serialHasLogNumber()) {
            throw new IllegalArgumentException(profile + " is not a legacy profile");
        }
        this.profile = profile;
        SecureRandom rnd = TestCa.seeded(seed);
        ca = new SubtreeSigner(LOG_ID, Keys.generate(SignatureAlgorithm.ED25519, rnd, SigningMode.DETERMINISTIC));
        witnesses = List.of(
                new SubtreeSigner(TrustAnchorId.parse("32473.2.1"),
                        Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, rnd, SigningMode.DETERMINISTIC)),
                new SubtreeSigner(TrustAnchorId.parse("32473.2.2"),
                        Keys.generate(SignatureAlgorithm.ED25519, rnd, SigningMode.DETERMINISTIC)),
                new SubtreeSigner(TrustAnchorId.parse("32473.2.3"),
                        Keys.generate(SignatureAlgorithm.ED25519, rnd, SigningMode.DETERMINISTIC)));
        leafSpki = TestCa.p256Spki(rnd);
        // before plants-04 "the entry at index zero of every issuance log MUST be of type null_entry"
        append(MtcLogEntry.nullEntry(profile));
    }

    /** A log of {@code size} entries: the null entry at 0, then TLS server leaves. */
    static LegacyCa withEntries(Profile profile, long seed, int size) {
        LegacyCa c = new LegacyCa(profile, seed);
        while (c.entries.size() < size) {
            c.addEntry();
        }
        return c;
    }

    /** Appends a tbs_cert_entry for a TLS server leaf whose issuer is the log ID; returns its index. */
    long addEntry() {
        try {
            V3TBSCertificateGenerator g = new V3TBSCertificateGenerator();
            g.setSerialNumber(new ASN1Integer(1));
            g.setSignature(new AlgorithmIdentifier(new ASN1ObjectIdentifier(MtcOids.ID_ALG_MTC_PROOF)));
            g.setIssuer(X500Name.getInstance(CaIdName.experimental(LOG_ID).encode()));
            g.setStartDate(new Time(Date.from(TestCa.NOT_BEFORE)));
            g.setEndDate(new Time(Date.from(TestCa.NOT_AFTER)));
            g.setSubject(new X500Name("CN=leaf " + entries.size()));
            g.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(leafSpki));
            ExtensionsGenerator eg = new ExtensionsGenerator();
            TestCa.server(eg);
            g.setExtensions(eg.generate());
            byte[] tbs = g.generateTBSCertificate().getEncoded("DER");
            return append(MtcLogEntry.tbsCertEntry(profile, List.of(),
                    TbsCertificateLogEntry.fromTbsCertificate(tbs, TestCa.HASH, profile)));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private long append(MtcLogEntry e) {
        entries.add(e);
        tree.appendEntry(e.encode());
        return entries.size() - 1;
    }

    byte[] subtreeHash(Subtree s) {
        return SubtreeProofs.subtreeHash(tree, s);
    }

    /**
     * A certificate for {@code index} proven to {@code s}, signed over log {@code logId} by {@code signers} in the
     * given order (the legacy wire format does not sort them).
     */
    byte[] certificate(long index, Subtree s, List<SubtreeSigner> signers, TrustAnchorId logId) {
        byte[] hash = subtreeHash(s);
        List<SubtreeSignature> sigs = new ArrayList<>();
        for (SubtreeSigner signer : signers) {
            sigs.add(new SubtreeSignature(signer.id(), signer.signSubtree(profile, logId, s.start(), s.end(), hash)));
        }
        MtcProof proof = new MtcProof(List.of(), s.start(), s.end(), SubtreeProofs.inclusionProof(tree, s, index), sigs);
        // the log number argument is unused before plants-04: the serial is the bare index
        return CertificateBuilder.build(entries.get((int) index), leafSpki, 1, index, proof, TestCa.HASH).encoded();
    }

    /** {@link #certificate(long, Subtree, List, TrustAnchorId)} over the log ID (the issuer). */
    byte[] certificate(long index, Subtree s, List<SubtreeSigner> signers) {
        return certificate(index, s, signers, LOG_ID);
    }

    List<Cosigner> witnessCosigners() {
        return witnesses.stream().map(SubtreeSigner::cosigner).toList();
    }

    List<TrustAnchorId> witnessIds() {
        return witnesses.stream().map(SubtreeSigner::id).toList();
    }

    /** The log ID configured as the CA ID, with every witness key, the given policy, no revocation. */
    CaConfig config(CosignerPolicy policy) {
        return new CaConfig(LOG_ID, TestCa.HASH, profile, ca.cosigner(), witnessCosigners(), policy, List.of(),
                List.of());
    }

    CaConfig config() {
        return config(CosignerPolicy.require(LOG_ID));
    }

    /** A trusted subtree; {@code logNumber} is ignored by legacy matching. */
    TrustedSubtree trusted(int logNumber, Subtree s) {
        return new TrustedSubtree(logNumber, s.start(), s.end(), subtreeHash(s));
    }

    static MtcVerifier verifier(CaConfig c) {
        return new MtcVerifier(RelyingPartyConfig.of(c));
    }
}
