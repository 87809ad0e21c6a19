package io.mtc4j.spec.cert;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.DerElement;
import io.mtc4j.spec.der.DerReader;
import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.entry.EntryExtension;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.entry.TbsCertificateLogEntry;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * A Merkle Tree Certificate (draft §"Certificate Format") read strictly under an explicit {@link Profile}:
 * DER only (no BER, minimal lengths and INTEGERs, no trailing data), both AlgorithmIdentifiers exactly
 * id-alg-mtcProof without parameters, signatureValue a BIT STRING with zero unused bits holding an MTCProof,
 * the issuer a CA ID Name (either form). Gives the relying party everything it needs, including the rebuilt
 * log entry and its hash. Immutable.
 */
public final class MtcCertificate {
    /** Encoded {@code AlgorithmIdentifier { id-alg-mtcProof }} with absent parameters. */
    static final byte[] MTC_PROOF_ALGORITHM = Der.algorithmIdentifier(MtcOids.ID_ALG_MTC_PROOF);
    private static final BigInteger MAX_SERIAL = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final Profile profile;
    private final byte[] encoded;
    private final TbsCertificate tbs;
    private final CaIdName issuer;
    private final BigInteger serial;
    private final byte[] signatureValue;
    private final MtcProof proof;

    private MtcCertificate(Profile profile, byte[] encoded, TbsCertificate tbs, CaIdName issuer, BigInteger serial,
            byte[] signatureValue, MtcProof proof) {
        this.profile = profile;
        this.encoded = encoded;
        this.tbs = tbs;
        this.issuer = issuer;
        this.serial = serial;
        this.signatureValue = signatureValue;
        this.proof = proof;
    }

    /**
     * Parses with SHA-256's HASH_SIZE (32).
     *
     * @param profile the wire profile
     * @param der the DER encoding
     * @return the parsed value
     */
    public static MtcCertificate parse(Profile profile, byte[] der) {
        return parse(profile, 32, der);
    }

    /**
     * Parses a DER certificate strictly; {@code hashSize} is the CA's HASH_SIZE.
     *
     * @param profile the wire profile
     * @param hashSize HASH_SIZE in bytes
     * @param der the DER encoding
     * @return the parsed value
     */
    public static MtcCertificate parse(Profile profile, int hashSize, byte[] der) {
        DerElement cert = DerReader.single(der, "Certificate");
        if (cert.tag() != Der.SEQUENCE) {
            throw new MtcParseException("Certificate", "must be a SEQUENCE");
        }
        DerReader r = cert.reader();
        DerElement tbsElement = r.read("Certificate.tbsCertificate", Der.SEQUENCE);
        DerElement sigAlg = r.read("Certificate.signatureAlgorithm", Der.SEQUENCE);
        DerElement sigValue = r.read("Certificate.signatureValue", Der.BIT_STRING);
        r.finish();
        TbsCertificate tbs = TbsCertificate.parse(tbsElement);
        X509Der.checkAlgorithmIdentifier(sigAlg);
        // draft §"Verifying Certificate Signatures" step 1
        if (!Arrays.equals(tbs.signature(), MTC_PROOF_ALGORITHM)) {
            throw new MtcParseException("TBSCertificate.signature",
                    "must be id-alg-mtcProof (" + MtcOids.ID_ALG_MTC_PROOF + ") with absent parameters");
        }
        if (!Arrays.equals(sigAlg.encoded(), tbs.signature())) {
            throw new MtcParseException("Certificate.signatureAlgorithm",
                    "differs from TBSCertificate.signature (RFC 5280 §4.1.1.2)");
        }
        byte[] octets = sigValue.bitStringOctets();
        MtcProof proof;
        try {
            proof = MtcProof.parse(profile, hashSize, octets);
        } catch (MtcParseException e) {
            throw e.within("Certificate.signatureValue");
        }
        BigInteger serial = tbs.serialNumber();
        if (serial.signum() < 0 || serial.compareTo(MAX_SERIAL) > 0) {
            throw new MtcParseException("TBSCertificate.serialNumber", "outside 0..2^64-1");
        }
        CaIdName issuer = CaIdName.parse(DerReader.single(tbs.issuer(), "TBSCertificate.issuer"),
                "TBSCertificate.issuer");
        return new MtcCertificate(profile, cert.encoded(), tbs, issuer, serial, octets, proof);
    }

    /**
     * The profile.
     *
     * @return the wire profile
     */
    public Profile profile() {
        return profile;
    }

    /**
     * The whole DER certificate.
     *
     * @return the whole DER certificate
     */
    public byte[] encoded() {
        return encoded.clone();
    }

    /**
     * The DER TBSCertificate bytes (what a unique certificate ID must be derived from).
     *
     * @return the DER TBSCertificate bytes (what a unique certificate ID must be derived from)
     */
    public byte[] tbsCertificate() {
        return tbs.encoded();
    }

    /**
     * The parsed TBSCertificate with each field's TLV.
     *
     * @return the parsed TBSCertificate with each field's TLV
     */
    public TbsCertificate tbs() {
        return tbs;
    }

    /**
     * serialNumber, 0..2^64-1.
     *
     * @return the {@code BigInteger}
     */
    public BigInteger serial() {
        return serial;
    }

    /**
     * {@code serial >> 48} from plants-04 on (0 means invalid for a relying party); always 0 before plants-04,
     * where the serial is the bare index and each CA had one log.
     *
     * @return the {@code int}
     */
    public int logNumber() {
        return profile.serialHasLogNumber() ? serial.shiftRight(48).intValueExact() : 0;
    }

    /**
     * The entry index: the least significant 48 bits of the serial (the whole serial before plants-04).
     *
     * @return the entry index: the least significant 48 bits of the serial (the whole serial before plants-04)
     */
    public long index() {
        return profile.serialHasLogNumber() ? serial.longValue() & ((1L << 48) - 1) : serial.longValue();
    }

    /**
     * The trust anchor ID in the issuer Name: the CA ID (from plants-04; before, the log ID).
     *
     * @return the trust anchor ID in the issuer Name: the CA ID (from plants-04; before, the log ID)
     */
    public TrustAnchorId issuerCaId() {
        return issuer.id();
    }

    /**
     * The issuer Name's form (experimental UTF8String or final RELATIVE-OID).
     *
     * @return the issuer Name's form (experimental UTF8String or final RELATIVE-OID)
     */
    public CaIdName issuerName() {
        return issuer;
    }

    /**
     * The log ID: {@code CA.0.log_number} from plants-04 (empty when log_number is 0), the issuer itself before.
     *
     * @return the log ID: {@code CA.0.log_number} from plants-04 (empty when log_number is 0), the issuer itself before
     */
    public Optional<TrustAnchorId> logId() {
        if (!profile.serialHasLogNumber()) {
            return Optional.of(issuer.id());
        }
        int n = logNumber();
        return n == 0 ? Optional.empty() : Optional.of(issuer.id().logId(n));
    }

    /**
     * The not before.
     *
     * @return the not before
     */
    public Instant notBefore() {
        return X509Der.validityInstants(tbs.validity())[0];
    }

    /**
     * The not after.
     *
     * @return the not after
     */
    public Instant notAfter() {
        return X509Der.validityInstants(tbs.validity())[1];
    }

    /**
     * The subject Name TLV.
     *
     * @return the subject Name TLV
     */
    public byte[] subject() {
        return tbs.subject();
    }

    /**
     * The DER SubjectPublicKeyInfo.
     *
     * @return the DER SubjectPublicKeyInfo
     */
    public byte[] subjectPublicKeyInfo() {
        return tbs.subjectPublicKeyInfo();
    }

    /**
     * The {@code [3]} extensions TLV as received.
     *
     * @return the {@code [3]} extensions TLV as received
     */
    public Optional<byte[]> extensions() {
        return tbs.extensions();
    }

    /**
     * The raw MTCProof bytes (signatureValue without the unused-bits octet).
     *
     * @return the raw MTCProof bytes (signatureValue without the unused-bits octet)
     */
    public byte[] signatureValue() {
        return signatureValue.clone();
    }

    /**
     * The proof.
     *
     * @return the proof
     */
    public MtcProof proof() {
        return proof;
    }

    /**
     * The log entry this certificate proves (draft §"Verifying Certificate Signatures" steps 7-8): the
     * TBSCertificateLogEntry built from the TBSCertificate with {@code hash}, and the MTCProof's extensions.
     *
     * @param hash the log's hash function
     * @return the log entry this certificate proves (draft §"Verifying Certificate Signatures" steps 7-8): the TBSCertificateLogEntry built from the TBSCertificate with {@code hash}, and the MTCProof's extensions
     */
    public MtcLogEntry logEntry(HashFunction hash) {
        TbsCertificateLogEntry e = TbsCertificateLogEntry.fromTbsCertificate(tbs, hash, profile);
        return MtcLogEntry.tbsCertEntry(profile, proof.extensions(), e);
    }

    /**
     * {@link #logEntry(HashFunction)} with SHA-256.
     *
     * @return the {@code MtcLogEntry}
     */
    public MtcLogEntry logEntry() {
        return logEntry(HashFunction.sha256());
    }

    /**
     * {@code entry_hash = HASH(0x00 ‖ entry)} (step 9).
     *
     * @param hash the log's hash function
     * @return the {@code byte[]}
     */
    public byte[] entryHash(HashFunction hash) {
        return logEntry(hash).entryHash(hash);
    }

    /**
     * The MTCProof extensions field with its u16 length, as the single-pass recipe writes it.
     *
     * @return the MTCProof extensions field with its u16 length, as the single-pass recipe writes it
     */
    public byte[] proofExtensionsField() {
        return EntryExtension.encodeList(proof.extensions());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MtcCertificate c && c.profile == profile && Arrays.equals(c.encoded, encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "MtcCertificate[" + profile + ", serial=" + serial + ", issuer=" + issuer.id() + ", " + proof + "]";
    }
}
