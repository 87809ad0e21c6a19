package io.mtc4j.spec.cert;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.DerElement;
import io.mtc4j.spec.der.DerReader;
import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.entry.TbsCertificateLogEntry;
import io.mtc4j.spec.merkle.HashFunction;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds Merkle Tree Certificates (draft §"Certificate Format") from the inputs of §"Certificate Inputs": a
 * tbs_cert_entry log entry, the subject public key whose hash it holds, the log number and index, and an MTCProof.
 * A standalone certificate carries signatures; a landmark-relative one carries none. The result is parsed back
 * with {@link MtcCertificate#parse}, so it is checked DER.
 */
public final class CertificateBuilder {
    private CertificateBuilder() {}

    /**
     * serialNumber = (log_number &lt;&lt; 48) | index from plants-04 on; the bare index before.
     *
     * @param profile the wire profile
     * @param logNumber the log number (1..65535)
     * @param index the entry's index
     * @return the {@code BigInteger}
     */
    public static BigInteger serialNumber(Profile profile, int logNumber, long index) {
        if (!profile.serialHasLogNumber()) {
            return new BigInteger(Long.toUnsignedString(index));
        }
        if (logNumber < 1 || logNumber > 0xffff) {
            throw new MtcException("log_number " + logNumber + " outside 1..65535");
        }
        if (index < 0 || index >= (1L << 48)) {
            throw new MtcException("index " + Long.toUnsignedString(index) + " outside 0..2^48-1");
        }
        return BigInteger.valueOf(logNumber).shiftLeft(48).or(BigInteger.valueOf(index));
    }

    /**
     * Builds a certificate; the profile is the entry's.
     *
     * @param entry the log entry
     * @param subjectPublicKeyInfo the DER subjectPublicKeyInfo
     * @param logNumber the log number (1..65535)
     * @param index the entry's index
     * @param proof the proof
     * @param hash the log's hash function
     * @return the new {@code MtcCertificate}
     */
    // draft §"Certificate Format"
    public static MtcCertificate build(MtcLogEntry entry, byte[] subjectPublicKeyInfo, int logNumber, long index,
            MtcProof proof, HashFunction hash) {
        Profile profile = entry.profile();
        TbsCertificateLogEntry e = entry.tbsCertEntry()
                .orElseThrow(() -> new MtcException("certificate needs a tbs_cert_entry, not type " + entry.type()));
        DerElement spki = DerReader.single(subjectPublicKeyInfo, "SubjectPublicKeyInfo");
        DerElement alg = X509Der.checkSubjectPublicKeyInfo(spki);
        if (!Arrays.equals(hash.digest(subjectPublicKeyInfo), e.subjectPublicKeyInfoHash())) {
            throw new MtcException("subjectPublicKeyInfo: hash does not match the entry's subjectPublicKeyInfoHash");
        }
        if (e.subjectPublicKeyAlgorithm().isPresent()
                && !Arrays.equals(e.subjectPublicKeyAlgorithm().get(), alg.encoded())) {
            throw new MtcException("subjectPublicKeyInfo.algorithm: differs from subjectPublicKeyAlgorithm");
        }
        if (!proof.extensions().equals(entry.extensions())) {
            throw new MtcException("MTCProof.extensions: must equal the log entry's extensions");
        }
        List<byte[]> tbs = new ArrayList<>();
        e.version().ifPresent(tbs::add);
        tbs.add(Der.integer(serialNumber(profile, logNumber, index)));
        tbs.add(MtcCertificate.MTC_PROOF_ALGORITHM);
        tbs.add(e.issuer());
        tbs.add(e.validity());
        tbs.add(e.subject());
        tbs.add(subjectPublicKeyInfo);
        e.issuerUniqueId().ifPresent(tbs::add);
        e.subjectUniqueId().ifPresent(tbs::add);
        e.extensions().ifPresent(tbs::add);
        byte[] tbsDer = Der.sequence(tbs.toArray(new byte[0][]));
        byte[] cert = Der.sequence(tbsDer, MtcCertificate.MTC_PROOF_ALGORITHM, Der.bitString(proof.encode(profile)));
        return MtcCertificate.parse(profile, hash.size(), cert);
    }

    /**
     * A standalone certificate: the proof must carry at least one signature.
     *
     * @param entry the log entry
     * @param spki the DER SubjectPublicKeyInfo
     * @param logNumber the log number (1..65535)
     * @param index the entry's index
     * @param proof the proof
     * @param hash the log's hash function
     * @return a standalone certificate: the proof must carry at least one signature
     */
    public static MtcCertificate standalone(MtcLogEntry entry, byte[] spki, int logNumber, long index,
            MtcProof proof, HashFunction hash) {
        if (proof.signatures().isEmpty()) {
            throw new MtcException("a standalone certificate needs subtree signatures");
        }
        return build(entry, spki, logNumber, index, proof, hash);
    }

    /**
     * A landmark-relative certificate: the proof must carry no signatures (draft §"Landmark-Relative...").
     *
     * @param entry the log entry
     * @param spki the DER SubjectPublicKeyInfo
     * @param logNumber the log number (1..65535)
     * @param index the entry's index
     * @param proof the proof
     * @param hash the log's hash function
     * @return a landmark-relative certificate: the proof must carry no signatures (draft §"Landmark-Relative...")
     */
    public static MtcCertificate landmarkRelative(MtcLogEntry entry, byte[] spki, int logNumber, long index,
            MtcProof proof, HashFunction hash) {
        if (!proof.signatures().isEmpty()) {
            throw new MtcException("a landmark-relative certificate carries no signatures");
        }
        return build(entry, spki, logNumber, index, proof, hash);
    }
}
