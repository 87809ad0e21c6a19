package io.mtc4j.ca.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtc4j.ca.CaConfig;
import io.mtc4j.ca.CaException;
import io.mtc4j.ca.DurationText;
import io.mtc4j.ca.IssuanceRequest;
import io.mtc4j.ca.RequestChecker;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.cert.X509Oids;
import io.mtc4j.spec.der.DerReader;
import io.mtc4j.spec.der.Pem;
import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.names.DnsNames;
import io.mtc4j.spec.names.IpAddresses;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.RFC4519Style;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The CA's intake policy (issue 11, "Intake for pre-validated requests"): one request of the intake API, a JSON
 * description or a PKCS#10 CSR, becomes an {@link IssuanceRequest} or a {@link PolicyException} naming the field
 * (a JSON path such as {@code requests[2].ip[0]}) and the rule. Nothing here has side effects; the CA logs only
 * what passed.
 *
 * <p>A request is a JSON object of one of two shapes (unknown members are refused):
 * <ul>
 *   <li>{@code {"csr": "<PEM or base64 DER PKCS#10>", "lifetime": "7d"}}: the subject, key and names come from
 *       the CSR (its subjectAltName, else its common names), which must be strict DER and carry a valid
 *       self-signature;</li>
 *   <li>{@code {"subject": "CN=example.com", "dns": [...], "ip": [...], "spki": "<PEM or base64 DER>"}}: at least
 *       one DNS name or IP address; the subject (RFC 4514, optional) may hold common names only among those names.</li>
 * </ul>
 * Both take {@code notBefore} (RFC 3339, whole seconds; default now) and either {@code notAfter} (inclusive, RFC
 * 5280 §4.1.2.5) or {@code lifetime} (default: the CA maximum), and optionally {@code issuerAltName}, an RFC 4514
 * label (JSON shape only; a CSR requests it as an extension).
 *
 * <p>Checks: DNS names by {@link DnsNames#check} (wildcards allowed), IP addresses by {@link IpAddresses} (strict
 * text, no resolver), at most {@value #MAX_NAMES} names, no duplicate; key algorithm and strict key encoding
 * (ECDSA P-256/P-384, Ed25519, RSA 2048..8192, ML-DSA-44/65/87); validity within the CA maximum, notBefore at most
 * {@link PolicySettings#maxBackdate()} in the past and {@link PolicySettings#maxForwardDate()} in the future,
 * notAfter at most the maximum lifetime from now (so no certificate outlives the active landmarks, draft §"Allocating
 * Landmarks"); a CSR's requested extensions only of known types (subjectAltName, basicConstraints without cA,
 * keyUsage within the key type's bits, extendedKeyUsage serverAuth, IssuerAltName per the draft), since the CA must
 * not log what it does not understand (draft §"Certification Authority Cosigners").
 *
 * <p>The certificate extensions are the CA's own (see {@link CertificateExtensions}): subjectAltName (critical when
 * the subject is empty), keyUsage, extendedKeyUsage serverAuth, authorityKeyIdentifier and IssuerAltName when
 * configured. Instances are thread-safe.
 */
public final class RequestPolicy {
    /** The most names (DNS names plus IP addresses) one certificate may carry. */
    public static final int MAX_NAMES = 100;
    /** Room left in a log entry (at most 65535 bytes) for the issuer, validity and framing. */
    private static final int ENTRY_BUDGET = 65_535 - 1_024;
    private static final Set<String> JSON_FIELDS = Set.of("subject", "dns", "ip", "spki", "notBefore", "notAfter",
            "lifetime", "issuerAltName");
    private static final Set<String> CSR_FIELDS = Set.of("csr", "notBefore", "notAfter", "lifetime");
    /** RFC 3339 §5.6 date-time, upper- or lower-case T and Z. */
    private static final Pattern RFC3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");
    private static final byte[] EMPTY_NAME = {0x30, 0x00};

    private final PolicySettings settings;
    private final Optional<byte[]> issuerLabel;
    private final BouncyCastleProvider provider = new BouncyCastleProvider();

    private RequestPolicy(PolicySettings settings, Optional<byte[]> issuerLabel) {
        this.settings = settings;
        this.issuerLabel = issuerLabel;
    }

    /**
     * A policy with these settings.
     *
     * @param settings what the CA allows
     * @return the policy
     * @throws IllegalArgumentException if the issuer label is not an RFC 4514 name the draft allows in IssuerAltName
     */
    public static RequestPolicy of(PolicySettings settings) {
        Optional<byte[]> label = Optional.empty();
        if (settings.issuerLabel().isPresent()) {
            try {
                byte[] name = rfc4514(settings.issuerLabel().get(), "issuerLabel");
                CertificateExtensions.checkLabelName(name, "issuerLabel");
                label = Optional.of(name);
            } catch (PolicyException e) {
                throw new IllegalArgumentException("issuer label: " + e.getMessage(), e);
            }
        }
        return new RequestPolicy(settings, label);
    }

    /**
     * The policy of a CA with this configuration: its maximum lifetime, the default date allowances, and an
     * authorityKeyIdentifier equal to the CA certificate's subjectKeyIdentifier, the binary CA ID (draft
     * §"Representing Certification Authorities"; RFC 5280 §4.2.1.1 requires it in every certificate a CA issues).
     *
     * @param config the CA's configuration
     * @param clock  the clock
     * @return the policy
     */
    public static RequestPolicy of(CaConfig config, Clock clock) {
        return of(PolicySettings.of(config.maxLifetime(), clock).withAuthorityKeyIdentifier(config.caId().binary()));
    }

    /**
     * The settings.
     *
     * @return the settings
     */
    public PolicySettings settings() {
        return settings;
    }

    /**
     * This policy as the intake HTTP handler calls it: a refusal becomes a {@link CaException} with the same field and
     * rule.
     *
     * @return the checker
     */
    public RequestChecker checker() {
        return (request, field) -> {
            try {
                return check(request, field);
            } catch (PolicyException e) {
                throw new CaException(e.field(), e.rule(), e.getMessage());
            }
        };
    }

    /**
     * Checks one request object of the intake API.
     *
     * @param request the request object
     * @param field   the JSON path of the object, e.g. {@code requests[3]}; refusals name paths below it
     * @return the validated request
     * @throws PolicyException if any rule is broken
     */
    public IssuanceRequest check(JsonNode request, String field) {
        if (!request.isObject()) {
            throw new PolicyException(field, PolicyException.MALFORMED, "a request is a JSON object");
        }
        boolean csr = request.has("csr");
        Set<String> allowed = csr ? CSR_FIELDS : JSON_FIELDS;
        for (Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw new PolicyException(field + "." + name, PolicyException.UNKNOWN_FIELD, "unknown member '" + name
                        + "'" + (csr ? " in a CSR request (allowed: " + CSR_FIELDS + ")" : "; allowed: "
                        + JSON_FIELDS + " or csr"));
            }
        }
        return csr ? checkCsr(request, field) : checkDescription(request, field);
    }

    private IssuanceRequest checkDescription(JsonNode r, String field) {
        byte[] spki = decode(requiredText(r, "spki", field), "PUBLIC KEY", field + ".spki", PolicyException.KEY_ENCODING);
        SubjectKeys.KeyType keyType = SubjectKeys.check(spki, field + ".spki");
        NameSet names = new NameSet();
        stringArray(r, "dns", field).forEach((i, s) -> names.addDns(s, field + ".dns[" + i + "]"));
        stringArray(r, "ip", field).forEach((i, s) -> names.addIp(s, field + ".ip[" + i + "]"));
        names.requireSome(field);
        byte[] subject = optionalText(r, "subject", field).map(s -> rfc4514(s, field + ".subject")).orElse(EMPTY_NAME);
        names.checkCommonNames(subject, field + ".subject");
        Optional<byte[]> label = optionalText(r, "issuerAltName", field).map(s -> {
            byte[] n = rfc4514(s, field + ".issuerAltName");
            CertificateExtensions.checkLabelName(n, field + ".issuerAltName");
            return n;
        });
        return assemble(subject, spki, keyType, names, label, r, field);
    }

    private IssuanceRequest checkCsr(JsonNode r, String field) {
        String csrField = field + ".csr";
        byte[] der = decode(requiredText(r, "csr", field), "CERTIFICATE REQUEST", csrField,
                PolicyException.CSR_ENCODING);
        CertificationRequests.Csr csr = CertificationRequests.parse(der, csrField);
        SubjectKeys.KeyType keyType = SubjectKeys.check(csr.subjectPublicKeyInfo(), csrField + ".subjectPKInfo");
        CertificationRequests.verifySignature(der, provider, csrField);
        NameSet names = new NameSet();
        Optional<byte[]> label = Optional.empty();
        boolean sawSan = false;
        for (X509Der.Extension e : csr.requestedExtensions()) {
            String f = csrField + ".extensionRequest[" + e.oid() + "]";
            switch (e.oid()) {
                case X509Oids.SUBJECT_ALT_NAME -> {
                    sawSan = true;
                    int i = 0;
                    for (CertificateExtensions.GeneralName gn : CertificateExtensions.parseSubjectAltName(e.value(), f)) {
                        String gf = f + "[" + i++ + "]";
                        if (gn.dns()) {
                            names.addDns(new String(gn.value(), java.nio.charset.StandardCharsets.ISO_8859_1), gf);
                        } else {
                            names.addIpBytes(gn.value(), gf);
                        }
                    }
                }
                case X509Oids.BASIC_CONSTRAINTS -> {
                    if (CertificateExtensions.requestsCa(e.value(), f)) {
                        throw new PolicyException(f, PolicyException.CA_TRUE,
                                "basicConstraints cA TRUE: this CA issues end-entity certificates only");
                    }
                }
                case X509Oids.KEY_USAGE -> {
                    int bits = CertificateExtensions.requestedKeyUsage(e.value(), f);
                    if ((bits & ~keyType.keyUsageBits()) != 0) {
                        throw new PolicyException(f, PolicyException.KEY_USAGE, "keyUsage asks for bits beyond what a "
                                + keyType + " key gets (" + Integer.toBinaryString(keyType.keyUsageBits()) + ")");
                    }
                }
                case X509Oids.EXTENDED_KEY_USAGE -> {
                    for (String purpose : CertificateExtensions.requestedExtendedKeyUsage(e.value(), f)) {
                        if (!purpose.equals(X509Oids.SERVER_AUTH)) {
                            throw new PolicyException(f, PolicyException.EXTENDED_KEY_USAGE, "purpose " + purpose
                                    + " is not issued; this CA issues serverAuth (" + X509Oids.SERVER_AUTH
                                    + ") only");
                        }
                    }
                }
                case X509Oids.ISSUER_ALT_NAME ->
                        label = Optional.of(CertificateExtensions.checkIssuerAltName(e.value(), e.critical(), f));
                default -> throw new PolicyException(f, PolicyException.UNKNOWN_EXTENSION, "requested extension "
                        + e.oid() + " is of a type this CA does not issue (draft §\"Certification Authority"
                        + " Cosigners\": nothing unknown is logged)");
            }
        }
        byte[] subject = csr.subject();
        if (!sawSan) {
            int i = 0;
            for (String cn : CertificateExtensions.commonNames(subject)) {
                String f = csrField + ".subject.CN[" + i++ + "]";
                if (IpAddresses.parse(cn).isPresent()) {
                    names.addIp(cn, f);
                } else {
                    names.addDns(cn, f);
                }
            }
        }
        names.requireSome(csrField);
        names.checkCommonNames(subject, csrField + ".subject");
        return assemble(subject, csr.subjectPublicKeyInfo(), keyType, names, label, r, field);
    }

    private IssuanceRequest assemble(byte[] subject, byte[] spki, SubjectKeys.KeyType keyType, NameSet names,
            Optional<byte[]> requestedLabel, JsonNode r, String field) {
        if (issuerLabel.isPresent() && requestedLabel.isPresent()
                && !java.util.Arrays.equals(issuerLabel.get(), requestedLabel.get())) {
            throw new PolicyException(field + ".issuerAltName", PolicyException.ISSUER_ALT_NAME,
                    "this CA labels its entries itself; a request may only repeat that label");
        }
        Optional<byte[]> label = issuerLabel.isPresent() ? issuerLabel : requestedLabel;
        Instant[] validity = validity(r, field);
        byte[] extensions = CertificateExtensions.build(names.names(), keyType,
                java.util.Arrays.equals(subject, EMPTY_NAME), settings.authorityKeyIdentifier(), label);
        if (subject.length + extensions.length + spki.length > ENTRY_BUDGET) {
            throw new PolicyException(field, PolicyException.ENTRY_TOO_LARGE, "the log entry would exceed 65535 bytes"
                    + " (draft §\"Log Entries\")");
        }
        return new IssuanceRequest(subject, spki, validity[0], validity[1], extensions);
    }

    /** notBefore and notAfter (inclusive) from the request, checked against the settings. */
    private Instant[] validity(JsonNode r, String field) {
        Instant now = settings.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        Optional<String> nbText = optionalText(r, "notBefore", field);
        Instant notBefore = nbText.map(s -> time(s, field + ".notBefore")).orElse(now);
        Optional<String> naText = optionalText(r, "notAfter", field);
        Optional<String> lifetimeText = optionalText(r, "lifetime", field);
        if (naText.isPresent() && lifetimeText.isPresent()) {
            throw new PolicyException(field + ".lifetime", PolicyException.LIFETIME,
                    "give notAfter or lifetime, not both");
        }
        String periodField = field + (naText.isPresent() ? ".notAfter" : ".lifetime");
        Instant notAfter;
        if (naText.isPresent()) {
            notAfter = time(naText.get(), field + ".notAfter");
            if (notAfter.isBefore(notBefore)) {
                throw new PolicyException(field + ".notAfter", PolicyException.EXPIRED, "notAfter " + notAfter
                        + " is before notBefore " + notBefore);
            }
        } else {
            Duration lifetime = lifetimeText.map(s -> lifetime(s, field + ".lifetime")).orElse(settings.maxLifetime());
            notAfter = notBefore.plus(lifetime).minusSeconds(1); // RFC 5280 §4.1.2.5: notAfter is inclusive
        }
        Duration period = Duration.between(notBefore, notAfter).plusSeconds(1);
        if (period.compareTo(settings.maxLifetime()) > 0) {
            throw new PolicyException(periodField, PolicyException.LIFETIME_TOO_LONG, "validity period of "
                    + DurationText.format(period) + " exceeds the CA maximum of " + DurationText.format(settings.maxLifetime()));
        }
        if (notBefore.isBefore(now.minus(settings.maxBackdate()))) {
            throw new PolicyException(field + ".notBefore", PolicyException.NOT_BEFORE_TOO_EARLY, "notBefore "
                    + notBefore + " is more than " + settings.maxBackdate() + " before now (" + now + ")");
        }
        if (notBefore.isAfter(now.plus(settings.maxForwardDate()))) {
            throw new PolicyException(field + ".notBefore", PolicyException.NOT_BEFORE_TOO_LATE, "notBefore "
                    + notBefore + " is more than " + settings.maxForwardDate() + " after now (" + now + ")");
        }
        if (notAfter.isBefore(now)) {
            throw new PolicyException(periodField, PolicyException.EXPIRED, "notAfter " + notAfter
                    + " has passed (now " + now + ")");
        }
        if (notAfter.isAfter(now.plus(settings.maxLifetime()))) {
            throw new PolicyException(periodField, PolicyException.NOT_AFTER_TOO_LATE, "notAfter " + notAfter
                    + " lies more than the CA maximum lifetime after now, beyond the active landmarks");
        }
        return new Instant[] {notBefore, notAfter};
    }

    /** A lifetime in the CA's duration syntax ({@link DurationText}), positive and of whole seconds. */
    private static Duration lifetime(String text, String field) {
        Duration d;
        try {
            d = DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new PolicyException(field, PolicyException.LIFETIME, e.getMessage());
        }
        if (d.isZero() || d.getNano() != 0) {
            throw new PolicyException(field, PolicyException.LIFETIME, "a lifetime is a positive whole number of"
                    + " seconds, not " + text);
        }
        return d;
    }

    /** RFC 3339 §5.6 date-time with whole seconds. */
    static Instant time(String text, String field) {
        if (!RFC3339.matcher(text).matches()) {
            throw new PolicyException(field, PolicyException.TIME, "'" + text + "' is not an RFC 3339 date-time"
                    + " such as 2026-12-03T09:00:00Z");
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(text.toUpperCase(java.util.Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new PolicyException(field, PolicyException.TIME, "'" + text + "' is not a calendar date-time");
        }
        if (t.getNano() != 0) {
            throw new PolicyException(field, PolicyException.TIME, "'" + text
                    + "' has a fraction of a second; certificate times have whole seconds (RFC 5280 §4.1.2.5)");
        }
        return t;
    }

    /** An RFC 4514 distinguished name as a DER Name (string values as UTF8String, C as PrintableString). */
    static byte[] rfc4514(String text, String field) {
        if (text.isEmpty()) {
            return EMPTY_NAME.clone();
        }
        byte[] der;
        try {
            der = new X500Name(RFC4519Style.INSTANCE, text).getEncoded(ASN1Encoding.DER);
        } catch (IOException | RuntimeException e) {
            throw new PolicyException(field, PolicyException.SUBJECT, "'" + text
                    + "' is not an RFC 4514 distinguished name: " + e.getMessage());
        }
        try {
            X509Der.checkName(DerReader.single(der, "Name"));
        } catch (MtcParseException e) {
            throw new PolicyException(field, PolicyException.SUBJECT, e.getMessage());
        }
        for (String cn : CertificateExtensions.commonNames(der)) {
            if (cn.isEmpty()) {
                throw new PolicyException(field, PolicyException.SUBJECT, "empty common name");
            }
        }
        return der;
    }

    /** PEM with the given label, or base64 of the DER. */
    private static byte[] decode(String text, String label, String field, String rule) {
        if (text.stripLeading().startsWith("-----BEGIN ")) {
            Pem.Block block;
            try {
                block = Pem.decode(text);
            } catch (MtcParseException e) {
                throw new PolicyException(field, rule, e.getMessage());
            }
            if (!block.label().equals(label) && !block.label().equals("NEW " + label)) {
                throw new PolicyException(field, rule, "PEM block is " + block.label() + ", expected " + label);
            }
            return block.der();
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new PolicyException(field, rule, "neither PEM nor base64 DER: " + e.getMessage());
        }
    }

    private static String requiredText(JsonNode r, String name, String field) {
        return optionalText(r, name, field).orElseThrow(() -> new PolicyException(field + "." + name,
                PolicyException.MALFORMED, "'" + name + "' is required"));
    }

    private static Optional<String> optionalText(JsonNode r, String name, String field) {
        JsonNode n = r.get(name);
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw new PolicyException(field + "." + name, PolicyException.MALFORMED, "'" + name + "' must be a string");
        }
        return Optional.of(n.textValue());
    }

    /** An optional array of strings, by index. */
    private static java.util.SortedMap<Integer, String> stringArray(JsonNode r, String name, String field) {
        java.util.SortedMap<Integer, String> out = new java.util.TreeMap<>();
        JsonNode n = r.get(name);
        if (n == null) {
            return out;
        }
        if (!n.isArray()) {
            throw new PolicyException(field + "." + name, PolicyException.MALFORMED, "'" + name
                    + "' must be an array of strings");
        }
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isTextual()) {
                throw new PolicyException(field + "." + name + "[" + i + "]", PolicyException.MALFORMED,
                        "must be a string");
            }
            out.put(i, n.get(i).textValue());
        }
        return out;
    }

    /** The names of one certificate, checked and normalized as they are added. */
    private static final class NameSet {
        private final List<String> dns = new ArrayList<>();
        private final List<byte[]> ips = new ArrayList<>();
        private final Set<String> seen = new HashSet<>();

        void addDns(String name, String field) {
            String n;
            try {
                n = DnsNames.check(name, field, true);
            } catch (MtcParseException e) {
                throw new PolicyException(field, PolicyException.DNS_NAME, e.rule());
            }
            add(field, "dns:" + n, name);
            dns.add(n);
        }

        void addIp(String text, String field) {
            byte[] a;
            try {
                if (text.startsWith("[")) {
                    throw new MtcParseException(field, "give the address without brackets");
                }
                a = IpAddresses.parseOrThrow(text);
            } catch (MtcParseException e) {
                throw new PolicyException(field, PolicyException.IP_ADDRESS, "'" + text + "': " + e.rule());
            }
            addIpBytes(a, field);
        }

        void addIpBytes(byte[] a, String field) {
            if (a.length != 4 && a.length != 16) {
                throw new PolicyException(field, PolicyException.IP_ADDRESS, "an iPAddress is 4 or 16 bytes, not "
                        + a.length);
            }
            add(field, "ip:" + IpAddresses.format(IpAddresses.canonical(a)), IpAddresses.format(a));
            ips.add(a.clone());
        }

        private void add(String field, String key, String shown) {
            if (!seen.add(key)) {
                throw new PolicyException(field, PolicyException.DUPLICATE_NAME, "'" + shown + "' is named twice");
            }
            if (seen.size() > MAX_NAMES) {
                throw new PolicyException(field, PolicyException.TOO_MANY_NAMES, "more than " + MAX_NAMES + " names");
            }
        }

        void requireSome(String field) {
            if (seen.isEmpty()) {
                throw new PolicyException(field, PolicyException.NO_IDENTIFIER,
                        "a certificate names at least one DNS name or IP address");
            }
        }

        /** Every common name of the subject must be one of the names (CA/B Forum BR §7.1.4.3). */
        void checkCommonNames(byte[] subject, String field) {
            for (String cn : CertificateExtensions.commonNames(subject)) {
                Optional<byte[]> ip = IpAddresses.parse(cn);
                String key = ip.map(a -> "ip:" + IpAddresses.format(IpAddresses.canonical(a)))
                        .orElse("dns:" + cn.toLowerCase(java.util.Locale.ROOT));
                if (!seen.contains(key)) {
                    throw new PolicyException(field, PolicyException.COMMON_NAME, "common name '" + cn
                            + "' is not among the certificate's DNS names and IP addresses");
                }
            }
        }

        CertificateExtensions.Names names() {
            return new CertificateExtensions.Names(dns, ips);
        }
    }
}
