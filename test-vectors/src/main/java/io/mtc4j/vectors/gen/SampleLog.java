package io.mtc4j.vectors.gen;

import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaCertificate;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.ca.MtcCertificationAuthority;
import io.mtc4j.spec.cert.CertificateBuilder;
import io.mtc4j.spec.cert.MtcCertificate;
import io.mtc4j.spec.cert.MtcOids;
import io.mtc4j.spec.cert.MtcProof;
import io.mtc4j.spec.cert.SubtreeSignature;
import io.mtc4j.spec.cert.X509Oids;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SubtreeSigner;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.entry.EntryExtension;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.entry.TbsCertificateLogEntry;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A small deterministic issuance log for vectors and tests: CA {@code 32473.1}, log 1, a null entry at index 0
 * and TLS server entries after it (entry 11 carries an entry extension of type 7), cosigners with keys derived from fixed labels. Built only through mtc-spec
 * (entries, tree, proofs, signatures, certificate builder).
 */
public final class SampleLog {
    /** The CA ID. */
    public static final TrustAnchorId CA = TrustAnchorId.parse("32473.1");
    /** The log number. */
    public static final int LOG_NUMBER = 1;
    /** notBefore of every entry: 2026-01-01T00:00:00Z. */
    public static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");
    /** notAfter of every entry: 2026-12-31T23:59:59Z. */
    public static final Instant NOT_AFTER = Instant.parse("2026-12-31T23:59:59Z");
    private static final HashFunction H = HashFunction.sha256();

    private final Profile profile;
    private final List<MtcLogEntry> entries = new ArrayList<>();
    private final MemoryTree tree = new MemoryTree(H);
    private final List<SubtreeSigner> cosigners;
    private final byte[] subjectSpki;

    /** A log of {@code size} entries under {@code profile}. */
    public SampleLog(Profile profile, int size) {
        this(profile, size, java.util.Map.of());
    }

    private final java.util.Map<Integer, byte[]> extraExtensions;

    /**
     * A log of {@code size} entries whose entry {@code i}'s TBSCertificate carries the X.509 Extension DER
     * {@code extraExtensions.get(i)} after its subjectAltName, where given.
     */
    public SampleLog(Profile profile, int size, java.util.Map<Integer, byte[]> extraExtensions) {
        this.profile = profile;
        this.extraExtensions = java.util.Map.copyOf(extraExtensions);
        this.cosigners = List.of(
                new SubtreeSigner(CA, FixedKeys.signer(SignatureAlgorithm.MLDSA44, "ca cosigner")),
                new SubtreeSigner(TrustAnchorId.parse("32473.2.1"),
                        FixedKeys.signer(SignatureAlgorithm.ECDSA_P256_SHA256, "witness 1")),
                new SubtreeSigner(TrustAnchorId.parse("32473.2.2"),
                        FixedKeys.signer(SignatureAlgorithm.ED25519, "witness 2")));
        this.subjectSpki = FixedKeys.signer(SignatureAlgorithm.ECDSA_P256_SHA256, "subject").publicKeySpki();
        for (int i = 0; i < size; i++) {
            MtcLogEntry e = i == 0 ? MtcLogEntry.nullEntry(profile) : MtcLogEntry.tbsCertEntry(profile,
                    extensionsOf(i), TbsCertificateLogEntry.fromTbsCertificate(tbs(i), H, profile));
            entries.add(e);
            tree.appendEntry(e.encode());
        }
    }

    /** Entry index that carries an entry extension (from plants-04 on): type 7, data 01 02. */
    public static final int EXTENSION_INDEX = 11;

    private List<EntryExtension> extensionsOf(int i) {
        return i == EXTENSION_INDEX && profile.hasExtensions() ? List.of(new EntryExtension(7, new byte[] {1, 2}))
                : List.of();
    }

    /** The profile. */
    public Profile profile() {
        return profile;
    }

    /** The log ID {@code 32473.1.0.1}. */
    public static TrustAnchorId logId() {
        return CA.logId(LOG_NUMBER);
    }

    /** The issuer Name of entries: the CA ID from plants-04 on, the log ID before (MTC-NOTES §6). */
    public byte[] issuerName() {
        return CaIdName.experimental(profile.serialHasLogNumber() ? CA : logId()).encode();
    }

    /** The DNS name of entry {@code i}. */
    public static String host(int i) {
        return "host" + i + ".example";
    }

    private byte[] tbs(int i) {
        byte[] cn = Der.sequence(Der.tlv(Der.SET, Der.sequence(Der.oid(X509Oids.COMMON_NAME),
                Der.tlv(Der.UTF8_STRING, host(i).getBytes(StandardCharsets.US_ASCII)))));
        byte[] san = Der.sequence(Der.tlv(0x82, host(i).getBytes(StandardCharsets.US_ASCII)));
        byte[] sanExt = X509Der.extension(X509Oids.SUBJECT_ALT_NAME, false, san);
        byte[] exts = Der.tlv(Der.explicit(3), extraExtensions.containsKey(i)
                ? Der.sequence(sanExt, extraExtensions.get(i)) : Der.sequence(sanExt));
        return Der.sequence(Der.tlv(Der.explicit(0), Der.integer(BigInteger.TWO)), Der.integer(BigInteger.valueOf(i)),
                Der.algorithmIdentifier(MtcOids.ID_ALG_MTC_PROOF), issuerName(),
                X509Der.validity(NOT_BEFORE, NOT_AFTER), cn, subjectSpki, exts);
    }

    /** Number of entries. */
    public int size() {
        return entries.size();
    }

    /** The entries. */
    public List<MtcLogEntry> entries() {
        return List.copyOf(entries);
    }

    /** The tree over the entries. */
    public MemoryTree tree() {
        return tree;
    }

    /** The subtree hash of {@code s}. */
    public byte[] hash(Subtree s) {
        return SubtreeProofs.subtreeHash(tree, s);
    }

    /** The cosigners: CA (ML-DSA-44), 32473.2.1 (ECDSA P-256), 32473.2.2 (Ed25519). */
    public List<SubtreeSigner> cosigners() {
        return cosigners;
    }

    /** The SPKI of every entry's subject key. */
    public byte[] subjectSpki() {
        return subjectSpki.clone();
    }

    /**
     * A certificate for entry {@code index} proven to {@code s}, cosigned (timestamp 0) by {@code signers} in
     * the draft's order; no signers gives a landmark-relative certificate.
     */
    public MtcCertificate certificate(long index, Subtree s, List<SubtreeSigner> signers) {
        byte[] h = hash(s);
        List<SubtreeSignature> sigs = new ArrayList<>();
        for (SubtreeSigner c : signers.stream().sorted(Comparator.comparing(SubtreeSigner::id)).toList()) {
            sigs.add(new SubtreeSignature(c.id(), c.signSubtree(profile, logId(), s.start(), s.end(), h)));
        }
        MtcProof proof = new MtcProof(entries.get((int) index).extensions(), s.start(), s.end(),
                SubtreeProofs.inclusionProof(tree, s, index), sigs);
        return CertificateBuilder.build(entries.get((int) index), subjectSpki, LOG_NUMBER, index, proof, H);
    }

    /** The RFC 9925 unsigned CA certificate (current profile): CA cosigner key, serial bounds of logs 1..5. */
    public CaCertificate caCertificate() {
        MtcCertificationAuthority a = MtcCertificationAuthority.of(MtcOids.SHA256, MtcOids.ML_DSA_44,
                BigInteger.ONE.shiftLeft(48), BigInteger.valueOf(5).shiftLeft(48).add(BigInteger.ONE.shiftLeft(48))
                        .subtract(BigInteger.ONE));
        return CaCertificate.buildUnsigned(profile, CaIdName.experimental(CA), Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2030-12-31T23:59:59Z"), cosigners.get(0).signer().publicKeySpki(), a, true,
                Optional.empty());
    }
}
