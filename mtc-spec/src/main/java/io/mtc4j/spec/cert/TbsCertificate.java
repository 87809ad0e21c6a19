package io.mtc4j.spec.cert;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.DerElement;
import io.mtc4j.spec.der.DerReader;
import io.mtc4j.spec.der.X509Der;
import java.math.BigInteger;
import java.util.Optional;

/**
 * An X.509 TBSCertificate (RFC 5280 §4.1) read with the strict DER reader. Every field is kept as its exact DER
 * TLV, so the log entry can be rebuilt byte for byte. Immutable; accessors return copies.
 */
public final class TbsCertificate {
    private final byte[] encoded;
    private final Optional<DerElement> version;
    private final DerElement serial;
    private final DerElement signature;
    private final DerElement issuer;
    private final DerElement validity;
    private final DerElement subject;
    private final DerElement subjectPublicKeyInfo;
    private final DerElement subjectPublicKeyAlgorithm;
    private final Optional<DerElement> issuerUniqueId;
    private final Optional<DerElement> subjectUniqueId;
    private final Optional<DerElement> extensions;

    private TbsCertificate(DerElement tbs) {
        this.encoded = tbs.encoded();
        DerReader r = tbs.reader();
        this.version = r.readOptional("TBSCertificate.version", Der.explicit(0));
        version.ifPresent(X509Der::checkVersion);
        this.serial = r.read("TBSCertificate.serialNumber", Der.INTEGER);
        serial.integer();
        this.signature = r.read("TBSCertificate.signature", Der.SEQUENCE);
        X509Der.checkAlgorithmIdentifier(signature);
        this.issuer = r.read("TBSCertificate.issuer", Der.SEQUENCE);
        X509Der.checkName(issuer);
        this.validity = r.read("TBSCertificate.validity", Der.SEQUENCE);
        X509Der.checkValidity(validity);
        this.subject = r.read("TBSCertificate.subject", Der.SEQUENCE);
        X509Der.checkName(subject);
        this.subjectPublicKeyInfo = r.read("TBSCertificate.subjectPublicKeyInfo", Der.SEQUENCE);
        this.subjectPublicKeyAlgorithm = X509Der.checkSubjectPublicKeyInfo(subjectPublicKeyInfo);
        this.issuerUniqueId = r.readOptional("TBSCertificate.issuerUniqueID", Der.implicitPrimitive(1));
        issuerUniqueId.ifPresent(X509Der::checkUniqueId);
        this.subjectUniqueId = r.readOptional("TBSCertificate.subjectUniqueID", Der.implicitPrimitive(2));
        subjectUniqueId.ifPresent(X509Der::checkUniqueId);
        this.extensions = r.readOptional("TBSCertificate.extensions", Der.explicit(3));
        extensions.ifPresent(X509Der::checkExtensions);
        r.finish();
        int v = version.map(X509Der::checkVersion).orElse(0);
        if ((issuerUniqueId.isPresent() || subjectUniqueId.isPresent()) && v < 1) {
            throw new MtcParseException("TBSCertificate.version", "unique identifiers require v2 or v3");
        }
        if (extensions.isPresent() && v < 2) {
            throw new MtcParseException("TBSCertificate.version", "extensions require v3");
        }
    }

    /**
     * Parses a DER TBSCertificate strictly; nothing may follow it.
     *
     * @param der the DER encoding
     * @return the parsed value
     */
    public static TbsCertificate parse(byte[] der) {
        return parse(DerReader.single(der, "TBSCertificate"));
    }

    static TbsCertificate parse(DerElement tbs) {
        if (tbs.tag() != Der.SEQUENCE) {
            throw new MtcParseException("TBSCertificate", "must be a SEQUENCE");
        }
        return new TbsCertificate(tbs);
    }

    /**
     * The whole DER TBSCertificate.
     *
     * @return the whole DER TBSCertificate
     */
    public byte[] encoded() {
        return encoded.clone();
    }

    /**
     * {@code version} TLV ({@code [0] EXPLICIT}), absent for v1.
     *
     * @return the {@code Optional<byte[]>}
     */
    public Optional<byte[]> version() {
        return version.map(DerElement::encoded);
    }

    /**
     * X.509 version number: 0 = v1, 1 = v2, 2 = v3.
     *
     * @return the {@code int}
     */
    public int versionNumber() {
        return version.map(X509Der::checkVersion).orElse(0);
    }

    /**
     * serialNumber value.
     *
     * @return the {@code BigInteger}
     */
    public BigInteger serialNumber() {
        return serial.integer();
    }

    /**
     * serialNumber TLV.
     *
     * @return the {@code byte[]}
     */
    public byte[] serialNumberDer() {
        return serial.encoded();
    }

    /**
     * {@code signature} AlgorithmIdentifier TLV.
     *
     * @return the {@code byte[]}
     */
    public byte[] signature() {
        return signature.encoded();
    }

    /**
     * issuer Name TLV.
     *
     * @return whether suer
     */
    public byte[] issuer() {
        return issuer.encoded();
    }

    /**
     * validity TLV.
     *
     * @return the {@code byte[]}
     */
    public byte[] validity() {
        return validity.encoded();
    }

    /**
     * subject Name TLV.
     *
     * @return the {@code byte[]}
     */
    public byte[] subject() {
        return subject.encoded();
    }

    /**
     * subjectPublicKeyInfo TLV.
     *
     * @return the {@code byte[]}
     */
    public byte[] subjectPublicKeyInfo() {
        return subjectPublicKeyInfo.encoded();
    }

    /**
     * subjectPublicKeyInfo.algorithm TLV.
     *
     * @return the {@code byte[]}
     */
    public byte[] subjectPublicKeyAlgorithm() {
        return subjectPublicKeyAlgorithm.encoded();
    }

    /**
     * issuerUniqueID TLV ({@code [1] IMPLICIT}).
     *
     * @return whether suer unique id
     */
    public Optional<byte[]> issuerUniqueId() {
        return issuerUniqueId.map(DerElement::encoded);
    }

    /**
     * subjectUniqueID TLV ({@code [2] IMPLICIT}).
     *
     * @return the {@code Optional<byte[]>}
     */
    public Optional<byte[]> subjectUniqueId() {
        return subjectUniqueId.map(DerElement::encoded);
    }

    /**
     * extensions TLV ({@code [3] EXPLICIT}).
     *
     * @return the {@code Optional<byte[]>}
     */
    public Optional<byte[]> extensions() {
        return extensions.map(DerElement::encoded);
    }
}
