package io.mtc4j.ca.bootstrap;

import io.mtc4j.ca.CaException;
import io.mtc4j.ca.IssuanceRequest;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.cert.TbsCertificate;
import io.mtc4j.spec.cert.X509Oids;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.DerElement;
import io.mtc4j.spec.der.DerReader;
import io.mtc4j.spec.der.X509Der;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The conversion of a bootstrap certificate (an existing certificate from a trusted CA, validated by
 * {@link ChainValidator}) into the TBSCertificateLogEntry of an MTC (draft §"Log Entries", §"Certificate
 * Inputs"), one named rule per field. A rule either produces the field or refuses the certificate with a
 * {@link CaException} naming the field ({@code chain[0].<field>}) and the rule. Decided for the current draft
 * (azul's rules, for an older draft, noted where they differ):
 * <ul>
 *   <li>{@link #version} v3 only.</li>
 *   <li>serialNumber and signature are not copied: the MTC's serial is its log index and its signature algorithm
 *       id-alg-mtcProof (draft §"Certificate Format"); {@code issuer} is the CA ID name, set by the CA.</li>
 *   <li>{@link #subject} copied byte for byte; {@link #subjectPublicKeyInfo} copied (the entry holds its hash and
 *       algorithm).</li>
 *   <li>{@link #uniqueIdentifiers}: a certificate with issuerUniqueID or subjectUniqueID is refused. azul copies
 *       them; RFC 5280 §4.1.2.8 forbids a conforming CA to generate them, and the issuer's would name the
 *       bootstrap CA, not this one.</li>
 *   <li>{@link #validity}: {@code [now, now + maxLifetime]} clamped to the validity of every certificate of the
 *       path, trust anchor included; an empty overlap is refused. Times are whole seconds.</li>
 *   <li>{@link #extensions}, in the certificate's order, each by its rule: duplicates refused;
 *       {@link #subjectAltName} kept with its criticality (required: an MTC names its subject there);
 *       {@link #extendedKeyUsage} must contain serverAuth, clientAuth is dropped, any other purpose refused;
 *       {@link #keyUsage} masked to digitalSignature and keyEncipherment (what a TLS server leaf uses), criticality
 *       kept, nothing left refused; {@link #basicConstraints} cA TRUE (or a pathLenConstraint) refused, else kept;
 *       {@link #DROPPED} (SCT list, AIA, CRL DP, freshest CRL, policies, key identifiers, issuerAltName) dropped:
 *       they describe the bootstrap CA's issuance, revocation and key, not the MTC's (issuerAltName also has the
 *       draft's own meaning in an entry: this CA's label); a CT precertificate poison is refused; any other
 *       critical extension refused; any other non-critical one kept.</li>
 * </ul>
 * Deterministic: the distributor's check ({@link BootstrapCheck}) re-applies the same rules to the published
 * bootstrap certificate.
 */
public final class BootstrapConversion {
    /** digitalSignature (bit 0) and keyEncipherment (bit 2): RFC 5280 §4.2.1.3, the TLS server uses. */
    static final int KEY_USAGE_MASK = 0x80 | 0x20;
    /** Extensions dropped, by OID, with their names. */
    static final Map<String, String> DROPPED = Map.of(
            X509Oids.SCT_LIST, "signedCertificateTimestampList",
            X509Oids.AUTHORITY_INFO_ACCESS, "authorityInfoAccess",
            X509Oids.CRL_DISTRIBUTION_POINTS, "cRLDistributionPoints",
            X509Oids.FRESHEST_CRL, "freshestCRL",
            X509Oids.CERTIFICATE_POLICIES, "certificatePolicies",
            X509Oids.AUTHORITY_KEY_IDENTIFIER, "authorityKeyIdentifier",
            X509Oids.SUBJECT_KEY_IDENTIFIER, "subjectKeyIdentifier",
            X509Oids.ISSUER_ALT_NAME, "issuerAltName");
    private static final String LEAF = "chain[0]";

    private BootstrapConversion() {}

    /** The fields of the entry that depend only on the bootstrap leaf (everything but issuer and validity). */
    record Fields(byte[] subject, byte[] subjectPublicKeyInfo, byte[] extensions) {}

    /**
     * Converts a validated bootstrap path into the request the CA logs.
     *
     * @param path        the validated path (leaf first, trust anchor last)
     * @param now         the issuance time
     * @param maxLifetime the CA's maximum certificate lifetime
     * @return the request, carrying the path as its bootstrap chain
     * @throws CaException naming the field and the rule if the leaf cannot be converted
     */
    public static IssuanceRequest convert(ChainValidator.ValidatedPath path, Instant now, Duration maxLifetime) {
        Fields f = fields(path.der().get(0));
        Instant[] v = validity(now, maxLifetime, path.certificates());
        return new IssuanceRequest(f.subject(), f.subjectPublicKeyInfo(), v[0], v[1], f.extensions(), path.der());
    }

    /**
     * Every rule that depends only on the leaf.
     *
     * @param leafDer the bootstrap certificate, DER
     * @return the converted fields
     */
    static Fields fields(byte[] leafDer) {
        TbsCertificate tbs = tbsCertificate(leafDer);
        version(tbs);
        uniqueIdentifiers(tbs);
        return new Fields(subject(tbs), subjectPublicKeyInfo(tbs), extensions(tbs.extensions().orElseThrow(() ->
                new CaException(LEAF + ".extensions", "subject-alt-name-required", "the certificate has no"
                        + " extensions; an MTC names its subject in subjectAltName"))));
    }

    /** The TBSCertificate of a DER Certificate, read strictly. */
    static TbsCertificate tbsCertificate(byte[] certificateDer) {
        try {
            DerReader r = DerReader.single(certificateDer, "Certificate").reader();
            return TbsCertificate.parse(r.read("Certificate.tbsCertificate", Der.SEQUENCE).encoded());
        } catch (MtcException e) {
            throw new CaException(LEAF, "malformed", e.getMessage());
        }
    }

    /** Rule: v3 only (extensions need v3, RFC 5280 §4.1.2.1). */
    static void version(TbsCertificate tbs) {
        if (tbs.versionNumber() != 2) { // 0 = v1, 1 = v2, 2 = v3
            throw new CaException(LEAF + ".version", "version", "v" + (tbs.versionNumber() + 1) + "; only v3"
                    + " certificates are converted");
        }
    }

    /** Rule: no issuerUniqueID or subjectUniqueID (RFC 5280 §4.1.2.8: conforming CAs do not generate them). */
    static void uniqueIdentifiers(TbsCertificate tbs) {
        if (tbs.issuerUniqueId().isPresent()) {
            throw new CaException(LEAF + ".issuerUniqueID", "unique-identifier", "present; RFC 5280 §4.1.2.8"
                    + " forbids a conforming CA to generate it");
        }
        if (tbs.subjectUniqueId().isPresent()) {
            throw new CaException(LEAF + ".subjectUniqueID", "unique-identifier", "present; RFC 5280 §4.1.2.8"
                    + " forbids a conforming CA to generate it");
        }
    }

    /** Rule: the subject Name is copied byte for byte. */
    static byte[] subject(TbsCertificate tbs) {
        return tbs.subject();
    }

    /** Rule: the SubjectPublicKeyInfo is copied (the entry holds its algorithm and hash). */
    static byte[] subjectPublicKeyInfo(TbsCertificate tbs) {
        return tbs.subjectPublicKeyInfo();
    }

    /**
     * Rule: validity {@code [now, now + maxLifetime]} clamped to every certificate of the path.
     *
     * @return {notBefore, notAfter}, whole seconds
     * @throws CaException {@code validity-empty} if the overlap is empty
     */
    static Instant[] validity(Instant now, Duration maxLifetime, List<X509Certificate> path) {
        return clamp(now, maxLifetime, validityBounds(path));
    }

    /** {@code [now, now + maxLifetime]}, now in whole seconds, clamped to {@code bounds}; empty refused. */
    static Instant[] clamp(Instant now, Duration maxLifetime, Instant[] bounds) {
        Instant nb = latest(now.truncatedTo(ChronoUnit.SECONDS), bounds[0]);
        Instant na = earliest(now.truncatedTo(ChronoUnit.SECONDS).plus(maxLifetime), bounds[1]);
        if (na.isBefore(nb)) {
            throw new CaException(LEAF + ".validity", "validity-empty", "[" + now + ", +" + maxLifetime
                    + "] does not overlap the path's validity [" + bounds[0] + ", " + bounds[1] + "]");
        }
        return new Instant[] {nb, na};
    }

    /** The intersection of the validity periods of {@code path}: {latest notBefore, earliest notAfter}. */
    static Instant[] validityBounds(List<X509Certificate> path) {
        Instant nb = Instant.MIN;
        Instant na = Instant.MAX;
        for (X509Certificate c : path) {
            nb = latest(nb, c.getNotBefore().toInstant());
            na = earliest(na, c.getNotAfter().toInstant());
        }
        return new Instant[] {nb, na};
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /**
     * Rule: the extensions, each by its rule, in the certificate's order; duplicates refused.
     *
     * @param extensionsTlv the leaf's {@code [3] EXPLICIT Extensions}
     * @return the DER Extensions SEQUENCE of the entry
     */
    static byte[] extensions(byte[] extensionsTlv) {
        List<X509Der.Extension> in;
        try {
            in = X509Der.extensionList(extensionsTlv);
        } catch (MtcException e) {
            boolean dup = e.getMessage() != null && e.getMessage().contains("appears twice");
            throw new CaException(LEAF + ".extensions", dup ? "duplicate-extension" : "malformed", e.getMessage());
        }
        List<byte[]> out = new ArrayList<>();
        boolean san = false;
        for (X509Der.Extension x : in) {
            Optional<X509Der.Extension> kept = switch (x.oid()) {
                case X509Oids.SUBJECT_ALT_NAME -> Optional.of(subjectAltName(x));
                case X509Oids.EXTENDED_KEY_USAGE -> Optional.of(extendedKeyUsage(x));
                case X509Oids.KEY_USAGE -> Optional.of(keyUsage(x));
                case X509Oids.BASIC_CONSTRAINTS -> Optional.of(basicConstraints(x));
                default -> otherExtension(x);
            };
            san |= x.oid().equals(X509Oids.SUBJECT_ALT_NAME);
            kept.ifPresent(k -> out.add(X509Der.extension(k.oid(), k.critical(), k.value())));
        }
        if (!san) {
            throw new CaException(LEAF + ".extensions[" + X509Oids.SUBJECT_ALT_NAME + "]", "subject-alt-name-required",
                    "absent; an MTC names its subject in subjectAltName");
        }
        return Der.sequence(out.toArray(byte[][]::new));
    }

    /** Rule: subjectAltName kept as it is, with its criticality (the trusted CA validated these names). */
    static X509Der.Extension subjectAltName(X509Der.Extension x) {
        return x;
    }

    /** Rule: extendedKeyUsage must contain serverAuth; clientAuth is dropped; any other purpose is refused. */
    static X509Der.Extension extendedKeyUsage(X509Der.Extension x) {
        String field = LEAF + ".extensions[" + X509Oids.EXTENDED_KEY_USAGE + "]";
        boolean server = false;
        try {
            DerReader r = DerReader.single(x.value(), field).reader();
            while (!r.isEmpty()) {
                String p = r.read(field, Der.OBJECT_IDENTIFIER).oid();
                if (p.equals(X509Oids.SERVER_AUTH)) {
                    server = true;
                } else if (!p.equals(X509Oids.CLIENT_AUTH)) {
                    throw new CaException(field, "extended-key-usage", "purpose " + p + " is neither serverAuth"
                            + " nor clientAuth");
                }
            }
        } catch (MtcException e) {
            throw new CaException(field, "malformed", e.getMessage());
        }
        if (!server) {
            throw new CaException(field, "extended-key-usage", "serverAuth (" + X509Oids.SERVER_AUTH + ") is missing");
        }
        return new X509Der.Extension(X509Oids.EXTENDED_KEY_USAGE, x.critical(),
                Der.sequence(Der.oid(X509Oids.SERVER_AUTH)));
    }

    /** Rule: keyUsage masked to digitalSignature and keyEncipherment, criticality kept; nothing left is refused. */
    static X509Der.Extension keyUsage(X509Der.Extension x) {
        String field = LEAF + ".extensions[" + X509Oids.KEY_USAGE + "]";
        byte[] c;
        try {
            DerElement e = DerReader.single(x.value(), field);
            if (e.tag() != Der.BIT_STRING) {
                throw new CaException(field, "malformed", "keyUsage is not a BIT STRING");
            }
            c = e.contents();
        } catch (MtcException e) {
            throw new CaException(field, "malformed", e.getMessage());
        }
        int first = c.length > 1 ? c[1] & 0xff : 0;
        int masked = first & KEY_USAGE_MASK;
        if (masked == 0) {
            throw new CaException(field, "key-usage", "neither digitalSignature nor keyEncipherment is asserted");
        }
        // DER named bit list: trailing zero bits removed (X.690 §11.2.2)
        byte[] bits = Der.tlv(Der.BIT_STRING, new byte[] {(byte) Integer.numberOfTrailingZeros(masked),
                (byte) masked});
        return new X509Der.Extension(X509Oids.KEY_USAGE, x.critical(), bits);
    }

    /** Rule: basicConstraints with cA TRUE, or with a pathLenConstraint, is refused; otherwise kept. */
    static X509Der.Extension basicConstraints(X509Der.Extension x) {
        String field = LEAF + ".extensions[" + X509Oids.BASIC_CONSTRAINTS + "]";
        try {
            DerReader r = DerReader.single(x.value(), field).reader();
            if (r.nextIs(Der.BOOLEAN) && r.read(field + ".cA").bool()) {
                throw new CaException(field, "basic-constraints-ca", "cA is TRUE: a CA certificate is not a"
                        + " bootstrap leaf");
            }
            if (!r.isEmpty()) {
                throw new CaException(field, "basic-constraints-path-length", "a pathLenConstraint without cA"
                        + " (RFC 5280 §4.2.1.9)");
            }
        } catch (MtcException e) {
            throw new CaException(field, "malformed", e.getMessage());
        }
        return x;
    }

    /**
     * Rule for every other extension: {@link #DROPPED} ones are dropped; the CT poison is refused (a
     * precertificate is not a certificate, RFC 6962 §3.1); any other critical one is refused; any other
     * non-critical one is kept.
     */
    static Optional<X509Der.Extension> otherExtension(X509Der.Extension x) {
        String field = LEAF + ".extensions[" + x.oid() + "]";
        if (DROPPED.containsKey(x.oid())) {
            return Optional.empty();
        }
        if (x.oid().equals(X509Oids.CT_POISON)) {
            throw new CaException(field, "precertificate", "a CT precertificate (poison extension) is not a"
                    + " certificate");
        }
        if (x.critical()) {
            throw new CaException(field, "critical-extension", "critical extension " + x.oid() + " has no"
                    + " conversion rule");
        }
        return Optional.of(x);
    }
}
