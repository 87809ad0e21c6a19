package io.mtc4j.rp.simulate;

import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.cert.CertificateBuilder;
import io.mtc4j.spec.cert.MtcCertificate;
import io.mtc4j.spec.cert.MtcOids;
import io.mtc4j.spec.cert.MtcProof;
import io.mtc4j.spec.cert.SubtreeSignature;
import io.mtc4j.spec.cert.X509Oids;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.cosign.SubtreeSigner;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.entry.TbsCertificateLogEntry;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The DER size of the certificates a simulated subscriber serves, measured on real certificates: for each shape
 * (landmark-relative or standalone, number of inclusion-proof hashes) one certificate is built with
 * {@link CertificateBuilder} (draft §"Certificate Format") and its encoding measured, then cached. The template
 * is a typical TLS server certificate of CA {@code 32473.1}, log 1 (as the project's examples): empty subject, a
 * critical subjectAltName {@code www.example.com}, keyUsage digitalSignature, extKeyUsage serverAuth, the
 * subject's key of the chosen algorithm, validity of the CA's lifetime; standalone certificates carry real
 * ML-DSA-44 subtree signatures (draft §"Standalone Certificates"), the CA's ({@code 32473.1}) first and then
 * cosigners {@code 32473.2.1}, {@code 32473.2.2}, ...
 */
final class CertificateSizes {
    static final TrustAnchorId CA = TrustAnchorId.parse("32473.1");
    static final int LOG_NUMBER = 1;
    private static final HashFunction H = HashFunction.sha256();
    private static final Instant NOT_BEFORE = Instant.parse("2026-12-01T00:00:00Z");

    private final Profile profile = Profile.current();
    private final int cosigners;
    private final long lifetimeMillis;
    private final byte[] spki;
    private final int[] landmarkRelative = new int[ProofLengths.MAX];
    private final int[] standalone = new int[ProofLengths.MAX];
    private List<SubtreeSigner> signers;

    CertificateSizes(SignatureAlgorithm subjectKey, int cosigners, long lifetimeMillis) {
        this.cosigners = cosigners;
        this.lifetimeMillis = lifetimeMillis;
        this.spki = Keys.generate(subjectKey, new SecureRandom(), SigningMode.RANDOMIZED).publicKeySpki();
        Arrays.fill(landmarkRelative, -1);
        Arrays.fill(standalone, -1);
    }

    /** The DER size of a landmark-relative certificate with {@code hashes} inclusion-proof hashes. */
    int landmarkRelative(int hashes) {
        if (landmarkRelative[hashes] < 0) {
            landmarkRelative[hashes] = build(hashes, false).encoded().length;
        }
        return landmarkRelative[hashes];
    }

    /** The DER size of a standalone certificate with {@code hashes} inclusion-proof hashes and the cosignatures. */
    int standalone(int hashes) {
        if (standalone[hashes] < 0) {
            standalone[hashes] = build(hashes, true).encoded().length;
        }
        return standalone[hashes];
    }

    /**
     * A certificate of the shape: entry 0 of subtree {@code [0, 2^(hashes-1) + 1)} (whose proof for entry 0 has
     * {@code hashes} hashes; {@code [0, 1)} for none), all proof hashes distinct. The serial number's DER length does
     * not depend on the index (log number 1 sets bit 48).
     */
    MtcCertificate build(int hashes, boolean signed) {
        if (hashes < 0 || hashes > 48) {
            throw new IllegalArgumentException("proof of " + hashes + " hashes: subtrees hold at most 2^48 entries");
        }
        long start = 0;
        long end = hashes == 0 ? 1 : (1L << (hashes - 1)) + 1;
        MtcLogEntry entry = MtcLogEntry.tbsCertEntry(profile, List.of(),
                TbsCertificateLogEntry.fromTbsCertificate(tbs(start), H, profile));
        List<byte[]> proof = new ArrayList<>();
        for (int i = 0; i < hashes; i++) {
            proof.add(H.digest(new byte[] {(byte) i}));
        }
        if (!signed) {
            return CertificateBuilder.landmarkRelative(entry, spki, LOG_NUMBER, start,
                    new MtcProof(start, end, proof, List.of()), H);
        }
        byte[] subtreeHash = H.digest("simulated subtree".getBytes(StandardCharsets.US_ASCII));
        List<SubtreeSignature> sigs = new ArrayList<>();
        for (SubtreeSigner s : signers()) {
            sigs.add(new SubtreeSignature(s.id(), s.signSubtree(profile, CA.logId(LOG_NUMBER), start, end, subtreeHash)));
        }
        return CertificateBuilder.standalone(entry, spki, LOG_NUMBER, start,
                new MtcProof(start, end, proof, sigs).withSortedSignatures(), H);
    }

    private List<SubtreeSigner> signers() {
        if (signers == null) {
            List<SubtreeSigner> out = new ArrayList<>();
            for (int i = 0; i < cosigners; i++) {
                TrustAnchorId id = i == 0 ? CA : TrustAnchorId.parse("32473.2." + i);
                byte[] seed = H.digest(("mtc simulate cosigner " + i).getBytes(StandardCharsets.US_ASCII));
                out.add(new SubtreeSigner(id, Keys.signer(SignatureAlgorithm.MLDSA44,
                        Keys.mlDsaSeedPkcs8(SignatureAlgorithm.MLDSA44, seed), SigningMode.DETERMINISTIC)));
            }
            signers = List.copyOf(out);
        }
        return signers;
    }

    private byte[] tbs(long index) {
        byte[] dns = "www.example.com".getBytes(StandardCharsets.US_ASCII);
        byte[] keyUsage = X509Der.extension(X509Oids.KEY_USAGE, true,
                Der.tlv(Der.BIT_STRING, new byte[] {7, (byte) 0x80}));
        byte[] extKeyUsage = X509Der.extension(X509Oids.EXTENDED_KEY_USAGE, false,
                Der.sequence(Der.oid(X509Oids.SERVER_AUTH)));
        byte[] san = X509Der.extension(X509Oids.SUBJECT_ALT_NAME, true, Der.sequence(Der.tlv(0x82, dns)));
        Instant notAfter = NOT_BEFORE.plusSeconds(Math.max(1, lifetimeMillis / 1000));
        return Der.sequence(Der.tlv(Der.explicit(0), Der.integer(BigInteger.TWO)),
                Der.integer(CertificateBuilder.serialNumber(profile, LOG_NUMBER, index)),
                Der.algorithmIdentifier(MtcOids.ID_ALG_MTC_PROOF), CaIdName.experimental(CA).encode(),
                X509Der.validity(NOT_BEFORE, notAfter), Der.sequence(), spki,
                Der.tlv(Der.explicit(3), Der.sequence(keyUsage, extKeyUsage, san)));
    }
}
