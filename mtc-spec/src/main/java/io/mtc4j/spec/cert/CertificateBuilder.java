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
 * A standalone certificate carries signatures; a landmark-relative one carries none. {@link #build} parses the
 * result back with {@link MtcCertificate#parse}, so it is checked DER; {@link #encode} writes the same bytes once,
 * without the parse, for a CA that issues many certificates from entries it encoded itself.
 */
public final class CertificateBuilder {
    private static final byte[] EMPTY = new byte[0];

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
        TbsCertificateLogEntry e = checkInputs(entry, subjectPublicKeyInfo, proof, hash);
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
     * The DER of {@link #build}{@code (entry, subjectPublicKeyInfo, logNumber, index, proof, hash).encoded()}, written
     * once into one array and not parsed back: the same checks of the inputs (entry type, key hash and algorithm,
     * proof extensions), not the strict parse of the result. For a CA whose entries it encoded and checked itself.
     *
     * @param entry the log entry
     * @param subjectPublicKeyInfo the DER subjectPublicKeyInfo
     * @param logNumber the log number (1..65535)
     * @param index the entry's index
     * @param proof the proof
     * @param hash the log's hash function
     * @return the DER certificate
     */
    // draft §"Certificate Format"
    public static byte[] encode(MtcLogEntry entry, byte[] subjectPublicKeyInfo, int logNumber, long index,
            MtcProof proof, HashFunction hash) {
        Profile profile = entry.profile();
        TbsCertificateLogEntry e = checkInputs(entry, subjectPublicKeyInfo, proof, hash);
        byte[] serial = serialNumber(profile, logNumber, index).toByteArray();
        byte[] version = e.version().orElse(EMPTY);
        byte[] issuer = e.issuer();
        byte[] validity = e.validity();
        byte[] subject = e.subject();
        byte[] issuerUid = e.issuerUniqueId().orElse(EMPTY);
        byte[] subjectUid = e.subjectUniqueId().orElse(EMPTY);
        byte[] extensions = e.extensions().orElse(EMPTY);
        byte[] alg = MtcCertificate.MTC_PROOF_ALGORITHM;
        byte[] proofBytes = proof.encode(profile);
        int serialTlv = tlvLength(serial.length);
        int tbsLen = version.length + serialTlv + alg.length + issuer.length + validity.length + subject.length
                + subjectPublicKeyInfo.length + issuerUid.length + subjectUid.length + extensions.length;
        int bitsLen = 1 + proofBytes.length;
        int certLen = tlvLength(tbsLen) + alg.length + tlvLength(bitsLen);
        byte[] out = new byte[tlvLength(certLen)];
        int o = header(out, 0, Der.SEQUENCE, certLen);
        o = header(out, o, Der.SEQUENCE, tbsLen);
        o = put(out, o, version);
        o = header(out, o, Der.INTEGER, serial.length);
        o = put(out, o, serial);
        o = put(out, o, alg);
        o = put(out, o, issuer);
        o = put(out, o, validity);
        o = put(out, o, subject);
        o = put(out, o, subjectPublicKeyInfo);
        o = put(out, o, issuerUid);
        o = put(out, o, subjectUid);
        o = put(out, o, extensions);
        o = put(out, o, alg);
        o = header(out, o, Der.BIT_STRING, bitsLen);
        out[o++] = 0; // no unused bits
        o = put(out, o, proofBytes);
        if (o != out.length) {
            throw new IllegalStateException("certificate length " + o + ", computed " + out.length);
        }
        return out;
    }

    /**
     * {@link #encode} of a standalone certificate: the proof must carry at least one signature.
     *
     * @param entry the log entry
     * @param spki the DER SubjectPublicKeyInfo
     * @param logNumber the log number (1..65535)
     * @param index the entry's index
     * @param proof the proof
     * @param hash the log's hash function
     * @return the DER certificate, the bytes of {@link #standalone}
     */
    public static byte[] encodeStandalone(MtcLogEntry entry, byte[] spki, int logNumber, long index, MtcProof proof,
            HashFunction hash) {
        requireSignatures(proof, true);
        return encode(entry, spki, logNumber, index, proof, hash);
    }

    /**
     * {@link #encode} of a landmark-relative certificate: the proof must carry no signatures.
     *
     * @param entry the log entry
     * @param spki the DER SubjectPublicKeyInfo
     * @param logNumber the log number (1..65535)
     * @param index the entry's index
     * @param proof the proof
     * @param hash the log's hash function
     * @return the DER certificate, the bytes of {@link #landmarkRelative}
     */
    public static byte[] encodeLandmarkRelative(MtcLogEntry entry, byte[] spki, int logNumber, long index,
            MtcProof proof, HashFunction hash) {
        requireSignatures(proof, false);
        return encode(entry, spki, logNumber, index, proof, hash);
    }

    /**
     * draft §"Constructing Landmark-Relative Certificates" from the entry's standalone certificate (as {@link #encode}
     * wrote it): the same TBSCertificate and signatureAlgorithm, with {@code proof} (no signatures) as the
     * signatureValue, written once into one array. The standalone certificate is read for its structure only (a
     * Certificate SEQUENCE of a TBSCertificate SEQUENCE, the MTC proof algorithm and a BIT STRING, nothing after),
     * not parsed strictly: for a CA rebuilding from the certificates it wrote, where the strict parse of each would
     * cost more than the build.
     *
     * @param standalone the DER standalone certificate of the entry
     * @param proof      the proof to the landmark subtree holding the entry, without signatures
     * @param profile    the wire profile
     * @return the DER landmark-relative certificate
     * @throws MtcException if the proof carries signatures or {@code standalone} is not an MTC certificate's DER
     */
    public static byte[] encodeLandmarkRelative(byte[] standalone, MtcProof proof, Profile profile) {
        requireSignatures(proof, false);
        DerElement cert = DerReader.single(standalone, "Certificate");
        if (cert.tag() != Der.SEQUENCE) {
            throw new MtcException("Certificate: must be a SEQUENCE");
        }
        DerReader r = cert.reader();
        byte[] tbs = r.read("Certificate.tbsCertificate", Der.SEQUENCE).encoded();
        byte[] alg = r.read("Certificate.signatureAlgorithm", Der.SEQUENCE).encoded();
        r.read("Certificate.signatureValue", Der.BIT_STRING);
        r.finish();
        if (!Arrays.equals(alg, MtcCertificate.MTC_PROOF_ALGORITHM)) {
            throw new MtcException("Certificate.signatureAlgorithm: not the MTC proof algorithm");
        }
        byte[] proofBytes = proof.encode(profile);
        int bitsLen = 1 + proofBytes.length;
        byte[] out = new byte[tlvLength(tbs.length + alg.length + tlvLength(bitsLen))];
        int o = header(out, 0, Der.SEQUENCE, tbs.length + alg.length + tlvLength(bitsLen));
        o = put(out, o, tbs);
        o = put(out, o, alg);
        o = header(out, o, Der.BIT_STRING, bitsLen);
        out[o++] = 0; // no unused bits
        put(out, o, proofBytes);
        return out;
    }

    /** The length of a TLV whose contents are {@code len} bytes (DER minimal length octets). */
    private static int tlvLength(int len) {
        return 1 + (len < 0x80 ? 1 : len <= 0xff ? 2 : len <= 0xffff ? 3 : len <= 0xffffff ? 4 : 5) + len;
    }

    /** Writes a tag and the minimal DER length octets at {@code o}; returns the position after them. */
    private static int header(byte[] out, int o, int tag, int len) {
        out[o++] = (byte) tag;
        if (len < 0x80) {
            out[o++] = (byte) len;
            return o;
        }
        int n = len <= 0xff ? 1 : len <= 0xffff ? 2 : len <= 0xffffff ? 3 : 4;
        out[o++] = (byte) (0x80 | n);
        for (int i = n - 1; i >= 0; i--) {
            out[o++] = (byte) (len >>> (8 * i));
        }
        return o;
    }

    private static int put(byte[] out, int o, byte[] part) {
        System.arraycopy(part, 0, out, o, part.length);
        return o + part.length;
    }

    private static void requireSignatures(MtcProof proof, boolean standalone) {
        if (standalone && proof.signatures().isEmpty()) {
            throw new MtcException("a standalone certificate needs subtree signatures");
        }
        if (!standalone && !proof.signatures().isEmpty()) {
            throw new MtcException("a landmark-relative certificate carries no signatures");
        }
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
        requireSignatures(proof, true);
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
        requireSignatures(proof, false);
        return build(entry, spki, logNumber, index, proof, hash);
    }

    /** The entry's tbs_cert_entry, checked against the key and the proof (draft §"Certificate Format"). */
    private static TbsCertificateLogEntry checkInputs(MtcLogEntry entry, byte[] subjectPublicKeyInfo, MtcProof proof,
            HashFunction hash) {
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
        return e;
    }
}
