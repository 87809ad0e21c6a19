package io.mtc4j.spec.ca;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cert.MtcOids;
import io.mtc4j.spec.cert.TbsCertificate;
import io.mtc4j.spec.cert.X509Oids;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.DerElement;
import io.mtc4j.spec.der.DerReader;
import io.mtc4j.spec.der.X509Der;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The X.509 representation of an MTC CA (draft §"Representing Certification Authorities"): subject = CA ID Name,
 * SPKI = CA cosigner key, a critical MTCCertificationAuthority extension, KeyUsage with keyCertSign, and
 * BasicConstraints cA=TRUE (all MUSTs, checked by {@link #parse}). Built as an RFC 9925 unsigned certificate
 * (id-alg-unsigned, issuer id-rdna-unsigned with an empty UTF8String, empty signature), as the draft recommends.
 * Optionally carries the C2SP mtc-tlog CA prefix URL extension (1.3.6.1.4.1.64829.2.1, IA5String, non-critical)
 * and a SubjectKeyIdentifier holding the binary CA ID. Immutable.
 */
public final class CaCertificate {
    private final Profile profile;
    private final byte[] encoded;
    private final TbsCertificate tbs;
    private final CaIdName subject;
    private final MtcCertificationAuthority authority;
    private final Optional<String> prefixUrl;
    private final Optional<byte[]> subjectKeyIdentifier;
    private final boolean unsigned;

    private CaCertificate(Profile profile, byte[] encoded, TbsCertificate tbs, CaIdName subject,
            MtcCertificationAuthority authority, Optional<String> prefixUrl, Optional<byte[]> ski, boolean unsigned) {
        this.profile = profile;
        this.encoded = encoded;
        this.tbs = tbs;
        this.subject = subject;
        this.authority = authority;
        this.prefixUrl = prefixUrl;
        this.subjectKeyIdentifier = ski;
        this.unsigned = unsigned;
    }

    /**
     * Parses a CA certificate strictly and checks the draft's MUSTs for it.
     *
     * @param profile the wire profile
     * @param der the DER encoding
     * @return the parsed value
     */
    // draft §"Representing Certification Authorities"
    public static CaCertificate parse(Profile profile, byte[] der) {
        DerElement cert = DerReader.single(der, "Certificate");
        if (cert.tag() != Der.SEQUENCE) {
            throw new MtcParseException("Certificate", "must be a SEQUENCE");
        }
        DerReader r = cert.reader();
        DerElement tbsEl = r.read("Certificate.tbsCertificate", Der.SEQUENCE);
        DerElement sigAlg = r.read("Certificate.signatureAlgorithm", Der.SEQUENCE);
        DerElement sig = r.read("Certificate.signatureValue", Der.BIT_STRING);
        r.finish();
        TbsCertificate tbs = TbsCertificate.parse(tbsEl.encoded());
        String alg = X509Der.checkAlgorithmIdentifier(sigAlg);
        if (!Arrays.equals(sigAlg.encoded(), tbs.signature())) {
            throw new MtcParseException("Certificate.signatureAlgorithm", "differs from TBSCertificate.signature");
        }
        byte[] sigBytes = sig.bitStringOctets();
        boolean unsigned = alg.equals(MtcOids.ID_ALG_UNSIGNED);
        if (unsigned && sigBytes.length != 0) {
            throw new MtcParseException("Certificate.signatureValue", "must be empty for id-alg-unsigned (RFC 9925)");
        }
        CaIdName subject = CaIdName.parse(DerReader.single(tbs.subject(), "TBSCertificate.subject"),
                "TBSCertificate.subject");
        List<X509Der.Extension> exts = tbs.extensions().map(X509Der::extensionList).orElse(List.of());
        MtcCertificationAuthority authority = null;
        boolean keyCertSign = false;
        boolean ca = false;
        Optional<String> prefix = Optional.empty();
        Optional<byte[]> ski = Optional.empty();
        for (X509Der.Extension e : exts) {
            String f = "TBSCertificate.extensions[" + e.oid() + "]";
            switch (e.oid()) {
                case MtcOids.ID_PE_MTC_CERTIFICATION_AUTHORITY -> {
                    if (!e.critical()) {
                        throw new MtcParseException(f, "id-pe-mtcCertificationAuthority MUST be critical");
                    }
                    try {
                        authority = MtcCertificationAuthority.parse(profile, e.value());
                    } catch (MtcParseException x) {
                        throw x.within(f);
                    }
                }
                case X509Oids.KEY_USAGE -> {
                    DerElement bits = DerReader.single(e.value(), f);
                    if (bits.tag() != Der.BIT_STRING) {
                        throw new MtcParseException(f, "KeyUsage must be a BIT STRING");
                    }
                    byte[] c = bits.contents();
                    keyCertSign = c.length > 1 && (c[1] & 0x04) != 0;
                }
                case X509Oids.BASIC_CONSTRAINTS -> {
                    DerReader bc = DerReader.single(e.value(), f).reader();
                    ca = bc.nextIs(Der.BOOLEAN) && bc.read(f + ".cA").bool();
                }
                case MtcOids.ID_MTC_TLOG_PREFIX_URL -> {
                    DerElement s = DerReader.single(e.value(), f);
                    if (s.tag() != Der.IA5_STRING) {
                        throw new MtcParseException(f, "prefix URL must be an IA5String");
                    }
                    byte[] c = s.contents();
                    for (byte b : c) {
                        if (b < 0) {
                            throw new MtcParseException(f, "IA5String holds a non-ASCII byte");
                        }
                    }
                    prefix = Optional.of(new String(c, StandardCharsets.US_ASCII));
                }
                case X509Oids.SUBJECT_KEY_IDENTIFIER ->
                        ski = Optional.of(DerReader.single(e.value(), f).octetString());
                default -> { }
            }
        }
        if (authority == null) {
            throw new MtcParseException("TBSCertificate.extensions",
                    "missing the critical id-pe-mtcCertificationAuthority extension");
        }
        if (!keyCertSign) {
            throw new MtcParseException("TBSCertificate.extensions", "KeyUsage with keyCertSign is required");
        }
        if (!ca) {
            throw new MtcParseException("TBSCertificate.extensions", "BasicConstraints with cA TRUE is required");
        }
        return new CaCertificate(profile, cert.encoded(), tbs, subject, authority, prefix, ski, unsigned);
    }

    /**
     * Builds an RFC 9925 unsigned CA certificate in the demo's layout: v3, serial 1, id-alg-unsigned, issuer
     * id-rdna-unsigned (empty UTF8String), extensions KeyUsage(keyCertSign), BasicConstraints(cA), the MTC CA
     * extension (all critical), then the optional SubjectKeyIdentifier (binary CA ID) and prefix URL.
     *
     * @param profile the wire profile
     * @param subject the subject Name
     * @param notBefore notBefore
     * @param notAfter notAfter
     * @param cosignerSpki the cosigner's DER SubjectPublicKeyInfo
     * @param authority the MTCCertificationAuthority
     * @param subjectKeyIdentifier the subject key identifier
     * @param prefixUrl the CA's prefix URL
     * @return the new {@code CaCertificate}
     */
    public static CaCertificate buildUnsigned(Profile profile, CaIdName subject, Instant notBefore, Instant notAfter,
            byte[] cosignerSpki, MtcCertificationAuthority authority, boolean subjectKeyIdentifier,
            Optional<String> prefixUrl) {
        byte[] unsignedAlg = Der.algorithmIdentifier(MtcOids.ID_ALG_UNSIGNED);
        byte[] issuer = Der.sequence(Der.tlv(Der.SET, Der.sequence(Der.oid(MtcOids.ID_RDNA_UNSIGNED),
                Der.tlv(Der.UTF8_STRING, new byte[0]))));
        List<byte[]> exts = new ArrayList<>();
        exts.add(X509Der.extension(X509Oids.KEY_USAGE, true, Der.tlv(Der.BIT_STRING, new byte[] {2, 0x04})));
        exts.add(X509Der.extension(X509Oids.BASIC_CONSTRAINTS, true, Der.sequence(Der.tlv(Der.BOOLEAN,
                new byte[] {(byte) 0xff}))));
        exts.add(X509Der.extension(MtcOids.ID_PE_MTC_CERTIFICATION_AUTHORITY, true, authority.encode(profile)));
        if (subjectKeyIdentifier) {
            exts.add(X509Der.extension(X509Oids.SUBJECT_KEY_IDENTIFIER, false,
                    Der.tlv(Der.OCTET_STRING, subject.id().binary())));
        }
        prefixUrl.ifPresent(u -> exts.add(X509Der.extension(MtcOids.ID_MTC_TLOG_PREFIX_URL, false,
                Der.tlv(Der.IA5_STRING, u.getBytes(StandardCharsets.US_ASCII)))));
        byte[] tbs = Der.sequence(Der.tlv(Der.explicit(0), Der.integer(java.math.BigInteger.TWO)),
                Der.integer(java.math.BigInteger.ONE), unsignedAlg, issuer, X509Der.validity(notBefore, notAfter),
                subject.encode(), cosignerSpki, Der.tlv(Der.explicit(3), Der.sequence(exts.toArray(new byte[0][]))));
        return parse(profile, Der.sequence(tbs, unsignedAlg, Der.bitString(new byte[0])));
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
     * The certificate's DER encoding.
     *
     * @return the encoded
     */
    public byte[] encoded() {
        return encoded.clone();
    }

    /**
     * The parsed TBSCertificate.
     *
     * @return the tbs
     */
    public TbsCertificate tbs() {
        return tbs;
    }

    /**
     * The CA ID from the subject Name.
     *
     * @return the CA ID from the subject Name
     */
    public CaIdName subject() {
        return subject;
    }

    /**
     * The CA cosigner's public key (SPKI DER).
     *
     * @return the CA cosigner's public key (SPKI DER)
     */
    public byte[] cosignerPublicKey() {
        return tbs.subjectPublicKeyInfo();
    }

    /**
     * The authority.
     *
     * @return the MTCCertificationAuthority
     */
    public MtcCertificationAuthority authority() {
        return authority;
    }

    /**
     * The mtc-tlog CA prefix URL, if present.
     *
     * @return the mtc-tlog CA prefix URL, if present
     */
    public Optional<String> prefixUrl() {
        return prefixUrl;
    }

    /**
     * The SubjectKeyIdentifier contents, if present (SHOULD be the binary CA ID).
     *
     * @return the SubjectKeyIdentifier contents, if present (SHOULD be the binary CA ID)
     */
    public Optional<byte[]> subjectKeyIdentifier() {
        return subjectKeyIdentifier.map(byte[]::clone);
    }

    /**
     * True for an RFC 9925 unsigned certificate.
     *
     * @return {@code true} for an RFC 9925 unsigned certificate
     */
    public boolean isUnsigned() {
        return unsigned;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CaCertificate c && c.profile == profile && Arrays.equals(c.encoded, encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "CaCertificate[" + subject.id() + ", " + authority + "]";
    }
}
