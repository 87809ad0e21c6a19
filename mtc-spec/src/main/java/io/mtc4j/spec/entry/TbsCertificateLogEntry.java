package io.mtc4j.spec.entry;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cert.TbsCertificate;
import io.mtc4j.spec.cert.X509Oids;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.DerElement;
import io.mtc4j.spec.der.DerReader;
import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.merkle.HashFunction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * TBSCertificateLogEntry (draft §"Log Entries"): the TBSCertificate without serialNumber and signature, with the
 * SubjectPublicKeyInfo replaced by its algorithm and hash. Every field is held as its exact DER TLV (the hash as
 * the OCTET STRING value). The {@code subjectPublicKeyAlgorithm} field exists from plants-02 on
 * ({@link Profile#hasSubjectPublicKeyAlgorithm()}); it is empty for older profiles. Immutable.
 *
 * <p>Parsing and the public constructor enforce the draft's rules for an issuer alternative name extension in a
 * log entry (§"Log Entries", MTC-NOTES E5; see {@link #checkIssuerAltName}). {@link #fromTbsCertificate}, the
 * relying party's step, does not: the draft calls the extension "purely cosmetic" and says it "MUST NOT be used in
 * path validation or any other trust decision", so a malformed one must not fail a certificate.
 */
public final class TbsCertificateLogEntry {
    private final Optional<byte[]> version;
    private final byte[] issuer;
    private final byte[] validity;
    private final byte[] subject;
    private final Optional<byte[]> subjectPublicKeyAlgorithm;
    private final byte[] subjectPublicKeyInfoHash;
    private final Optional<byte[]> issuerUniqueId;
    private final Optional<byte[]> subjectUniqueId;
    private final Optional<byte[]> extensions;

    /**
     * From the DER TLVs of each field. The TLVs are checked with the strict DER rules; {@code
     * subjectPublicKeyInfoHash} is the raw hash value.
     *
     * @param version the version
     * @param issuer the issuer Name
     * @param validity the DER Validity
     * @param subject the subject Name
     * @param subjectPublicKeyAlgorithm the subject public key's AlgorithmIdentifier
     * @param subjectPublicKeyInfoHash the hash of the subjectPublicKeyInfo
     * @param issuerUniqueId issuerUniqueID
     * @param subjectUniqueId subjectUniqueID
     * @param extensions the extensions
     */
    public TbsCertificateLogEntry(Optional<byte[]> version, byte[] issuer, byte[] validity, byte[] subject,
            Optional<byte[]> subjectPublicKeyAlgorithm, byte[] subjectPublicKeyInfoHash,
            Optional<byte[]> issuerUniqueId, Optional<byte[]> subjectUniqueId, Optional<byte[]> extensions) {
        this.version = version.map(byte[]::clone);
        this.issuer = issuer.clone();
        this.validity = validity.clone();
        this.subject = subject.clone();
        this.subjectPublicKeyAlgorithm = subjectPublicKeyAlgorithm.map(byte[]::clone);
        this.subjectPublicKeyInfoHash = subjectPublicKeyInfoHash.clone();
        this.issuerUniqueId = issuerUniqueId.map(byte[]::clone);
        this.subjectUniqueId = subjectUniqueId.map(byte[]::clone);
        this.extensions = extensions.map(byte[]::clone);
        // Re-read the whole thing: one code path enforces DER for built and parsed entries.
        parseContents(encodeContents(), this.subjectPublicKeyAlgorithm.isPresent());
    }

    /**
     * Builds the entry for a TBSCertificate (draft §"Verifying Certificate Signatures" step 7): copies version,
     * issuer, validity, subject, unique IDs and extensions; sets subjectPublicKeyAlgorithm (when the profile has
     * it) and subjectPublicKeyInfoHash = HASH(DER SPKI).
     *
     * @param tbs the TBSCertificate
     * @param hash the log's hash function
     * @param profile the wire profile
     * @return the new {@code TbsCertificateLogEntry}
     */
    public static TbsCertificateLogEntry fromTbsCertificate(TbsCertificate tbs, HashFunction hash, Profile profile) {
        // The TLVs come from a TBSCertificate that TbsCertificate.parse has already checked field by field. The
        // issuerAltName rules are not applied here: the extension is cosmetic and no trust decision may use it.
        return new TbsCertificateLogEntry(tbs.version(), tbs.issuer(), tbs.validity(), tbs.subject(),
                profile.hasSubjectPublicKeyAlgorithm() ? Optional.of(tbs.subjectPublicKeyAlgorithm())
                        : Optional.empty(),
                hash.digest(tbs.subjectPublicKeyInfo()), tbs.issuerUniqueId(), tbs.subjectUniqueId(),
                tbs.extensions(), true);
    }

    /**
     * As {@link #fromTbsCertificate(TbsCertificate, HashFunction, Profile)} from DER bytes.
     *
     * @param tbsDer the DER TBSCertificate
     * @param hash the log's hash function
     * @param profile the wire profile
     * @return the new {@code TbsCertificateLogEntry}
     */
    public static TbsCertificateLogEntry fromTbsCertificate(byte[] tbsDer, HashFunction hash, Profile profile) {
        return fromTbsCertificate(TbsCertificate.parse(tbsDer), hash, profile);
    }

    /**
     * Parses DER contents octets (the fields' TLVs concatenated, no outer SEQUENCE header) under {@code profile}.
     *
     * @param profile the wire profile
     * @param contents the contents octets
     * @return the parsed value
     */
    public static TbsCertificateLogEntry parseContents(Profile profile, byte[] contents) {
        return parseContents(contents, profile.hasSubjectPublicKeyAlgorithm());
    }

    /**
     * Parses a whole DER SEQUENCE (the davidben-09 entry form).
     *
     * @param profile the wire profile
     * @param der the DER encoding
     * @return the parsed value
     */
    public static TbsCertificateLogEntry parseDer(Profile profile, byte[] der) {
        DerElement seq = DerReader.single(der, "TBSCertificateLogEntry");
        if (seq.tag() != Der.SEQUENCE) {
            throw new MtcParseException("TBSCertificateLogEntry", "must be a SEQUENCE");
        }
        return parseContents(profile, seq.contents());
    }

    private static TbsCertificateLogEntry parseContents(byte[] contents, boolean hasAlgorithm) {
        String s = "TBSCertificateLogEntry";
        DerReader r = DerReader.of(contents, s);
        Optional<DerElement> version = r.readOptional(s + ".version", Der.explicit(0));
        version.ifPresent(X509Der::checkVersion);
        DerElement issuer = r.read(s + ".issuer", Der.SEQUENCE);
        X509Der.checkName(issuer);
        DerElement validity = r.read(s + ".validity", Der.SEQUENCE);
        X509Der.checkValidity(validity);
        DerElement subject = r.read(s + ".subject", Der.SEQUENCE);
        X509Der.checkName(subject);
        Optional<DerElement> alg = Optional.empty();
        if (hasAlgorithm) {
            alg = Optional.of(r.read(s + ".subjectPublicKeyAlgorithm", Der.SEQUENCE));
            X509Der.checkAlgorithmIdentifier(alg.get());
        }
        byte[] hash = r.read(s + ".subjectPublicKeyInfoHash", Der.OCTET_STRING).octetString();
        if (hash.length == 0) {
            throw new MtcParseException(s + ".subjectPublicKeyInfoHash", "empty hash");
        }
        Optional<DerElement> iuid = r.readOptional(s + ".issuerUniqueID", Der.implicitPrimitive(1));
        iuid.ifPresent(X509Der::checkUniqueId);
        Optional<DerElement> suid = r.readOptional(s + ".subjectUniqueID", Der.implicitPrimitive(2));
        suid.ifPresent(X509Der::checkUniqueId);
        Optional<DerElement> ext = r.readOptional(s + ".extensions", Der.explicit(3));
        ext.ifPresent(X509Der::checkExtensions);
        ext.ifPresent(TbsCertificateLogEntry::checkIssuerAltName);
        r.finish();
        return new TbsCertificateLogEntry(version.map(DerElement::encoded), issuer.encoded(), validity.encoded(),
                subject.encoded(), alg.map(DerElement::encoded), hash, iuid.map(DerElement::encoded),
                suid.map(DerElement::encoded), ext.map(DerElement::encoded), true);
    }

    /** The contents octets of id-ce-issuerAltName (RFC 5280 §4.2.1.7), to find the extension without decoding OIDs. */
    private static final byte[] ISSUER_ALT_NAME_OID_CONTENTS = DerReader.single(Der.oid(X509Oids.ISSUER_ALT_NAME),
            "issuerAltName").contents();

    /**
     * draft §"Log Entries": "If present, the extension MUST be marked non-critical. The {@code IssuerAltName}
     * SEQUENCE MUST contain a single {@code GeneralName} of type {@code directoryName}, whose {@code Name} MUST use
     * the {@code rdnSequence} CHOICE. Each {@code RelativeDistinguishedName} MUST contain a single
     * {@code AttributeTypeAndValue}." {@code extensions} is the {@code [3] EXPLICIT Extensions} element, already
     * checked by {@link X509Der#checkExtensions} (DER, unique extnIDs, extnValue one element).
     *
     * @throws MtcParseException naming {@code TBSCertificateLogEntry.extensions[issuerAltName]...} and the rule
     */
    static void checkIssuerAltName(DerElement extensions) {
        String field = extensions.field();
        DerReader exts = extensions.reader().read(field, Der.SEQUENCE).reader();
        String extension = field + ".extension";
        String extnId = field + ".extnID";
        while (!exts.isEmpty()) {
            DerReader ext = exts.read(extension, Der.SEQUENCE).reader();
            if (!ext.read(extnId, Der.OBJECT_IDENTIFIER).contentsEqual(ISSUER_ALT_NAME_OID_CONTENTS)) {
                continue;
            }
            String f = field + "[issuerAltName]";
            if (ext.nextIs(Der.BOOLEAN) && ext.read(f + ".critical").bool()) {
                throw new MtcParseException(f + ".critical", "MUST be non-critical in a log entry (draft §\"Log Entries\")");
            }
            DerElement names = DerReader.single(ext.read(f + ".extnValue", Der.OCTET_STRING).octetString(),
                    f + ".extnValue");
            if (names.tag() != Der.SEQUENCE) {
                throw new MtcParseException(f + ".extnValue", "IssuerAltName (GeneralNames) must be a SEQUENCE");
            }
            DerReader gns = names.reader();
            if (gns.isEmpty()) {
                throw new MtcParseException(f + ".GeneralName", "MUST contain a single GeneralName, found none");
            }
            DerElement gn = gns.read(f + ".GeneralName");
            if (!gns.isEmpty()) {
                throw new MtcParseException(f + ".GeneralName", "MUST contain a single GeneralName, found more");
            }
            if (gn.tag() != Der.explicit(4)) {
                throw new MtcParseException(f + ".GeneralName", "MUST be of type directoryName [4], found tag 0x"
                        + Integer.toHexString(gn.tag()));
            }
            // directoryName [4] Name: Name is a CHOICE, so the tag is explicit around it
            DerReader dn = gn.reader();
            if (dn.isEmpty() || !dn.nextIs(Der.SEQUENCE)) {
                throw new MtcParseException(f + ".directoryName", "Name MUST use the rdnSequence CHOICE");
            }
            DerElement rdnSequence = dn.read(f + ".directoryName");
            if (!dn.isEmpty()) {
                throw new MtcParseException(f + ".directoryName", "trailing data after the Name");
            }
            X509Der.checkName(rdnSequence);
            DerReader rdns = rdnSequence.reader();
            while (!rdns.isEmpty()) {
                DerReader atvs = rdns.read(f + ".directoryName.rdn", Der.SET).reader();
                atvs.read(f + ".directoryName.atv", Der.SEQUENCE);
                if (!atvs.isEmpty()) {
                    throw new MtcParseException(f + ".directoryName.rdn",
                            "each RelativeDistinguishedName MUST contain a single AttributeTypeAndValue");
                }
            }
        }
    }

    // trusted constructor for values already checked by parseContents
    private TbsCertificateLogEntry(Optional<byte[]> version, byte[] issuer, byte[] validity, byte[] subject,
            Optional<byte[]> alg, byte[] hash, Optional<byte[]> iuid, Optional<byte[]> suid,
            Optional<byte[]> ext, boolean checked) {
        this.version = version;
        this.issuer = issuer;
        this.validity = validity;
        this.subject = subject;
        this.subjectPublicKeyAlgorithm = alg;
        this.subjectPublicKeyInfoHash = hash;
        this.issuerUniqueId = iuid;
        this.subjectUniqueId = suid;
        this.extensions = ext;
    }

    /**
     * The DER contents octets: each field's TLV, concatenated (what {@code tbs_cert_entry_data} holds).
     *
     * @return the DER contents octets: each field's TLV, concatenated (what {@code tbs_cert_entry_data} holds)
     */
    public byte[] encodeContents() {
        List<byte[]> parts = new ArrayList<>();
        version.ifPresent(parts::add);
        parts.add(issuer);
        parts.add(validity);
        parts.add(subject);
        subjectPublicKeyAlgorithm.ifPresent(parts::add);
        parts.add(Der.tlv(Der.OCTET_STRING, subjectPublicKeyInfoHash));
        issuerUniqueId.ifPresent(parts::add);
        subjectUniqueId.ifPresent(parts::add);
        extensions.ifPresent(parts::add);
        return Der.concat(parts.toArray(new byte[0][]));
    }

    /**
     * The full DER encoding (SEQUENCE header + contents).
     *
     * @return the full DER encoding (SEQUENCE header + contents)
     */
    public byte[] encodeDer() {
        return Der.tlv(Der.SEQUENCE, encodeContents());
    }

    /** Checks that this entry can be written under {@code profile}. */
    void requireProfile(Profile profile) {
        if (profile.hasSubjectPublicKeyAlgorithm() != subjectPublicKeyAlgorithm.isPresent()) {
            throw new MtcException("TBSCertificateLogEntry.subjectPublicKeyAlgorithm: "
                    + (subjectPublicKeyAlgorithm.isPresent() ? "present, but " + profile + " has no such field"
                            : "absent, but " + profile + " requires it"));
        }
    }

    /**
     * The version.
     *
     * @return the version
     */
    public Optional<byte[]> version() {
        return version.map(byte[]::clone);
    }

    /**
     * Whether suer.
     *
     * @return the issuer Name
     */
    public byte[] issuer() {
        return issuer.clone();
    }

    /**
     * The validity.
     *
     * @return the DER Validity
     */
    public byte[] validity() {
        return validity.clone();
    }

    /**
     * The subject.
     *
     * @return the subject Name
     */
    public byte[] subject() {
        return subject.clone();
    }

    /**
     * The subject public key algorithm.
     *
     * @return the subject public key's AlgorithmIdentifier
     */
    public Optional<byte[]> subjectPublicKeyAlgorithm() {
        return subjectPublicKeyAlgorithm.map(byte[]::clone);
    }

    /**
     * The subject public key info hash.
     *
     * @return the hash of the subjectPublicKeyInfo
     */
    public byte[] subjectPublicKeyInfoHash() {
        return subjectPublicKeyInfoHash.clone();
    }

    /**
     * Whether suer unique id.
     *
     * @return issuerUniqueID
     */
    public Optional<byte[]> issuerUniqueId() {
        return issuerUniqueId.map(byte[]::clone);
    }

    /**
     * The subject unique id.
     *
     * @return subjectUniqueID
     */
    public Optional<byte[]> subjectUniqueId() {
        return subjectUniqueId.map(byte[]::clone);
    }

    /**
     * The extensions.
     *
     * @return the extensions
     */
    public Optional<byte[]> extensions() {
        return extensions.map(byte[]::clone);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TbsCertificateLogEntry e && Arrays.equals(encodeContents(), e.encodeContents())
                && subjectPublicKeyAlgorithm.isPresent() == e.subjectPublicKeyAlgorithm.isPresent();
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encodeContents());
    }

    @Override
    public String toString() {
        return "TBSCertificateLogEntry(" + encodeContents().length + " bytes)";
    }
}
