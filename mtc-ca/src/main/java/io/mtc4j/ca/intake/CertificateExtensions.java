package io.mtc4j.ca.intake;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.cert.X509Oids;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.DerElement;
import io.mtc4j.spec.der.DerReader;
import io.mtc4j.spec.der.X509Der;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The extensions of the certificates the CA issues (RFC 5280 §4.2) and the checks of extensions a CSR requests.
 * Every certificate gets: subjectAltName (critical exactly when the subject is empty, §4.2.1.6), keyUsage
 * (critical, the bits of its key type, §4.2.1.3), extendedKeyUsage serverAuth (§4.2.1.12), authorityKeyIdentifier
 * when configured (§4.2.1.1), and an IssuerAltName label when configured or requested (draft §"Log Entries").
 * Never basicConstraints: an end-entity certificate may omit it (§4.2.1.9), and cA TRUE is refused.
 */
final class CertificateExtensions {
    private static final int DNS_NAME_TAG = 0x82;
    private static final int IP_ADDRESS_TAG = 0x87;
    private static final int DIRECTORY_NAME_TAG = 0xa4;

    private CertificateExtensions() {}

    /** The certificate names, normalized: DNS names in lower case, addresses as 4 or 16 bytes. */
    record Names(List<String> dnsNames, List<byte[]> ipAddresses) {
        Names {
            dnsNames = List.copyOf(dnsNames);
            ipAddresses = ipAddresses.stream().map(byte[]::clone).toList();
        }
    }

    /**
     * The DER Extensions SEQUENCE of a certificate.
     *
     * @param issuerAltName the IssuerAltName's Name (DER), if any
     */
    static byte[] build(Names names, SubjectKeys.KeyType keyType, boolean subjectEmpty,
            Optional<byte[]> authorityKeyIdentifier, Optional<byte[]> issuerAltName) {
        List<byte[]> exts = new ArrayList<>(5);
        exts.add(extension(SUBJECT_ALT_NAME_OID, subjectEmpty, subjectAltName(names)));
        exts.add(KEY_USAGE_EXTENSIONS.get(keyType));
        exts.add(SERVER_AUTH_EXTENSION);
        authorityKeyIdentifier.ifPresent(k -> exts.add(extension(AUTHORITY_KEY_IDENTIFIER_OID, false,
                Der.sequence(Der.tlv(0x80, k)))));
        issuerAltName.ifPresent(n -> exts.add(extension(ISSUER_ALT_NAME_OID, false,
                Der.sequence(Der.tlv(DIRECTORY_NAME_TAG, n)))));
        return Der.sequence(exts.toArray(byte[][]::new));
    }

    // The fixed parts, encoded once (every request needs them; Der.oid parses the dotted text).
    private static final byte[] SUBJECT_ALT_NAME_OID = Der.oid(X509Oids.SUBJECT_ALT_NAME);
    private static final byte[] AUTHORITY_KEY_IDENTIFIER_OID = Der.oid(X509Oids.AUTHORITY_KEY_IDENTIFIER);
    private static final byte[] ISSUER_ALT_NAME_OID = Der.oid(X509Oids.ISSUER_ALT_NAME);
    private static final byte[] CRITICAL = Der.tlv(Der.BOOLEAN, new byte[] {(byte) 0xff});
    private static final byte[] SERVER_AUTH_EXTENSION = X509Der.extension(X509Oids.EXTENDED_KEY_USAGE, false,
            Der.sequence(Der.oid(X509Oids.SERVER_AUTH)));
    private static final java.util.Map<SubjectKeys.KeyType, byte[]> KEY_USAGE_EXTENSIONS = keyUsageExtensions();

    private static java.util.Map<SubjectKeys.KeyType, byte[]> keyUsageExtensions() {
        java.util.Map<SubjectKeys.KeyType, byte[]> m = new java.util.EnumMap<>(SubjectKeys.KeyType.class);
        for (SubjectKeys.KeyType t : SubjectKeys.KeyType.values()) {
            m.put(t, X509Der.extension(X509Oids.KEY_USAGE, true, keyUsage(t.keyUsageBits())));
        }
        return m;
    }

    /** {@link X509Der#extension} with the OID already encoded. */
    private static byte[] extension(byte[] oid, boolean critical, byte[] value) {
        return critical ? Der.sequence(oid, CRITICAL, Der.tlv(Der.OCTET_STRING, value))
                : Der.sequence(oid, Der.tlv(Der.OCTET_STRING, value));
    }

    /** GeneralNames of dNSName ([2] IA5String) then iPAddress ([7] OCTET STRING) entries. */
    static byte[] subjectAltName(Names names) {
        List<byte[]> out = new ArrayList<>();
        names.dnsNames().forEach(d -> out.add(Der.tlv(DNS_NAME_TAG, d.getBytes(StandardCharsets.US_ASCII))));
        names.ipAddresses().forEach(a -> out.add(Der.tlv(IP_ADDRESS_TAG, a)));
        return Der.sequence(out.toArray(byte[][]::new));
    }

    /** KeyUsage BIT STRING for bits in the first octet, trailing zero bits dropped (X.690 §11.2.2). */
    static byte[] keyUsage(int firstOctet) {
        int unused = Integer.numberOfTrailingZeros(firstOctet);
        return Der.tlv(Der.BIT_STRING, new byte[] {(byte) unused, (byte) firstOctet});
    }

    /**
     * The names a requested subjectAltName holds: only dNSName and iPAddress entries (RFC 5280 §4.2.1.6), as text
     * for the name checks (the addresses formatted back to text).
     */
    static List<GeneralName> parseSubjectAltName(byte[] value, String field) {
        List<GeneralName> out = new ArrayList<>();
        try {
            DerElement seq = DerReader.single(value, "subjectAltName");
            if (seq.tag() != Der.SEQUENCE) {
                throw new MtcParseException("subjectAltName", "GeneralNames must be a SEQUENCE");
            }
            DerReader r = seq.reader();
            if (r.isEmpty()) {
                throw new MtcParseException("subjectAltName", "GeneralNames must not be empty");
            }
            while (!r.isEmpty()) {
                DerElement gn = r.read("subjectAltName");
                if (gn.tag() == DNS_NAME_TAG) {
                    out.add(new GeneralName(true, gn.contents()));
                } else if (gn.tag() == IP_ADDRESS_TAG) {
                    out.add(new GeneralName(false, gn.contents()));
                } else {
                    throw new PolicyException(field, PolicyException.SUBJECT_ALT_NAME, "subjectAltName entry with"
                            + " tag 0x" + Integer.toHexString(gn.tag()) + ": only dNSName and iPAddress are certified");
                }
            }
        } catch (MtcParseException e) {
            throw new PolicyException(field, PolicyException.SUBJECT_ALT_NAME, e.getMessage());
        }
        return out;
    }

    /** One dNSName (IA5String bytes) or iPAddress (4 or 16 bytes, unchecked) entry. */
    record GeneralName(boolean dns, byte[] value) {
        GeneralName {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }
    }

    /** Whether a requested basicConstraints asks for cA TRUE (RFC 5280 §4.2.1.9). */
    static boolean requestsCa(byte[] value, String field) {
        try {
            DerElement seq = DerReader.single(value, "basicConstraints");
            if (seq.tag() != Der.SEQUENCE) {
                throw new MtcParseException("basicConstraints", "must be a SEQUENCE");
            }
            DerReader r = seq.reader();
            boolean ca = r.nextIs(Der.BOOLEAN) && r.read("cA").bool();
            if (r.nextIs(Der.INTEGER)) {
                r.read("pathLenConstraint").integer();
            }
            r.finish();
            return ca;
        } catch (MtcParseException e) {
            throw new PolicyException(field, PolicyException.CSR_ENCODING, e.getMessage());
        }
    }

    /** The bits of a requested keyUsage as the first octet; a second octet (decipherOnly) is returned as 0x100. */
    static int requestedKeyUsage(byte[] value, String field) {
        try {
            DerElement bits = DerReader.single(value, "keyUsage");
            if (bits.tag() != Der.BIT_STRING) {
                throw new MtcParseException("keyUsage", "must be a BIT STRING");
            }
            Der.validate(bits);
            byte[] c = bits.contents();
            int v = c.length > 1 ? c[1] & 0xff : 0;
            for (int i = 2; i < c.length; i++) {
                v |= c[i] != 0 ? 0x100 : 0;
            }
            return v;
        } catch (MtcParseException e) {
            throw new PolicyException(field, PolicyException.CSR_ENCODING, e.getMessage());
        }
    }

    /** The purposes of a requested extendedKeyUsage (RFC 5280 §4.2.1.12). */
    static List<String> requestedExtendedKeyUsage(byte[] value, String field) {
        try {
            DerElement seq = DerReader.single(value, "extendedKeyUsage");
            if (seq.tag() != Der.SEQUENCE) {
                throw new MtcParseException("extendedKeyUsage", "must be a SEQUENCE");
            }
            DerReader r = seq.reader();
            List<String> out = new ArrayList<>();
            while (!r.isEmpty()) {
                out.add(r.read("KeyPurposeId", Der.OBJECT_IDENTIFIER).oid());
            }
            if (out.isEmpty()) {
                throw new MtcParseException("extendedKeyUsage", "must hold at least one KeyPurposeId");
            }
            return out;
        } catch (MtcParseException e) {
            throw new PolicyException(field, PolicyException.CSR_ENCODING, e.getMessage());
        }
    }

    /**
     * Draft §"Log Entries": an IssuerAltName MUST be non-critical and hold a single directoryName whose Name uses
     * rdnSequence with one AttributeTypeAndValue per RDN. Returns that Name's DER.
     */
    static byte[] checkIssuerAltName(byte[] value, boolean critical, String field) {
        if (critical) {
            throw new PolicyException(field, PolicyException.ISSUER_ALT_NAME,
                    "IssuerAltName must be non-critical (draft §\"Log Entries\")");
        }
        try {
            DerElement seq = DerReader.single(value, "IssuerAltName");
            if (seq.tag() != Der.SEQUENCE) {
                throw new MtcParseException("IssuerAltName", "GeneralNames must be a SEQUENCE");
            }
            DerReader r = seq.reader();
            DerElement gn = r.read("IssuerAltName");
            if (!r.isEmpty()) {
                throw new PolicyException(field, PolicyException.ISSUER_ALT_NAME,
                        "IssuerAltName must hold a single GeneralName (draft §\"Log Entries\")");
            }
            if (gn.tag() != DIRECTORY_NAME_TAG) {
                throw new PolicyException(field, PolicyException.ISSUER_ALT_NAME,
                        "IssuerAltName's GeneralName must be a directoryName (draft §\"Log Entries\")");
            }
            DerReader inner = gn.reader();
            DerElement name = inner.read("IssuerAltName.directoryName");
            inner.finish();
            byte[] der = name.encoded();
            checkLabelName(der, field);
            return der;
        } catch (MtcParseException e) {
            throw new PolicyException(field, PolicyException.ISSUER_ALT_NAME, e.getMessage());
        }
    }

    /** The Name of an IssuerAltName label: an rdnSequence, not empty, one AttributeTypeAndValue per RDN. */
    static void checkLabelName(byte[] nameDer, String field) {
        try {
            DerElement name = DerReader.single(nameDer, "directoryName");
            X509Der.checkName(name);
            DerReader rdns = name.reader();
            if (rdns.isEmpty()) {
                throw new PolicyException(field, PolicyException.ISSUER_ALT_NAME, "the label Name is empty");
            }
            while (!rdns.isEmpty()) {
                DerReader atvs = rdns.read("rdn").reader();
                atvs.read("atv");
                if (!atvs.isEmpty()) {
                    throw new PolicyException(field, PolicyException.ISSUER_ALT_NAME, "each RDN of the label must"
                            + " hold a single AttributeTypeAndValue (draft §\"Log Entries\")");
                }
            }
        } catch (MtcParseException e) {
            throw new PolicyException(field, PolicyException.ISSUER_ALT_NAME, e.getMessage());
        }
    }

    /** The common name values of a checked Name, as text. */
    static List<String> commonNames(byte[] nameDer) {
        List<String> out = new ArrayList<>();
        DerReader rdns = DerReader.single(nameDer, "subject").reader();
        while (!rdns.isEmpty()) {
            DerReader atvs = rdns.read("rdn").reader();
            while (!atvs.isEmpty()) {
                DerReader atv = atvs.read("atv").reader();
                String type = atv.read("type").oid();
                DerElement v = atv.read("value");
                if (type.equals(X509Oids.COMMON_NAME)) {
                    out.add(v.string());
                }
            }
        }
        return out;
    }
}
