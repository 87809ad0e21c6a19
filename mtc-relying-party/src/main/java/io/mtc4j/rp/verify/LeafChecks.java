package io.mtc4j.rp.verify;

import io.mtc4j.rp.host.HostMatcher;
import io.mtc4j.rp.host.SubjectAltNames;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.cert.TbsCertificate;
import io.mtc4j.spec.cert.X509Oids;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.DerElement;
import io.mtc4j.spec.der.DerReader;
import io.mtc4j.spec.der.X509Der;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The checks that remain after the MTC signature procedure for a TLS server certificate (draft §"Verifying
 * Certificate Signatures": "The relying party MUST continue to perform other checks, such as checking expiry"):
 * validity at a time, leaf basicConstraints, keyUsage, extendedKeyUsage, critical extensions, and the host.
 *
 * <p>Extension values are decoded strictly (the TBSCertificate parser has already checked that each is one DER
 * element); a malformed value fails the step of that extension.
 */
public final class LeafChecks {
    /**
     * Extensions whose criticality this relying party honours (it processes or safely ignores them). Not
     * issuerAltName (2.5.29.18): draft §"Log Entries" says an IssuerAltName "MUST be marked non-critical" and is
     * cosmetic, so a critical one fails as an unrecognized critical extension.
     */
    private static final Set<String> KNOWN = Set.of(X509Oids.SUBJECT_ALT_NAME, X509Oids.KEY_USAGE,
            X509Oids.EXTENDED_KEY_USAGE, X509Oids.BASIC_CONSTRAINTS, X509Oids.SUBJECT_KEY_IDENTIFIER,
            X509Oids.AUTHORITY_KEY_IDENTIFIER);

    /** Which of the optional checks run; validity always runs. */
    public record Options(boolean basicConstraints, boolean keyUsage, boolean extendedKeyUsage,
            boolean criticalExtensions) {
        /**
         * Everything a TLS client checks on a server certificate.
         *
         * @return the {@code Options}
         */
        public static Options tlsServer() {
            return new Options(true, true, true, true);
        }

        /**
         * Only validity (and the host if one is given): the setup of BoringSSL's X509_verify_cert MTC tests, which
         * set a trust object but no purpose.
         *
         * @return the {@code Options}
         */
        public static Options validityOnly() {
            return new Options(false, false, false, false);
        }
    }

    /** What the leaf checks need from a certificate, decoded from its TBSCertificate. */
    public record LeafFacts(Instant notBefore, Instant notAfter, List<String> dnsNames, List<byte[]> ipAddresses,
            Optional<Boolean> ca, Optional<boolean[]> keyUsage, Optional<List<String>> extendedKeyUsage,
            List<String> criticalExtensions, List<MalformedExtension> malformedExtensions) {
        /**
         * Checks the components against the rules above and copies byte arrays.
         *
         * @param notBefore notBefore
         * @param notAfter notAfter
         * @param dnsNames the DNS names
         * @param ipAddresses the IP addresses
         * @param ca the CA's configuration
         * @param keyUsage the key usage
         * @param extendedKeyUsage the extended key usage
         * @param criticalExtensions the critical extensions
         * @param malformedExtensions the malformed extensions
         */
        public LeafFacts {
            malformedExtensions = List.copyOf(malformedExtensions);
            dnsNames = List.copyOf(dnsNames);
            ipAddresses = ipAddresses.stream().map(byte[]::clone).toList();
            keyUsage = keyUsage.map(boolean[]::clone);
            extendedKeyUsage = extendedKeyUsage.map(List::copyOf);
            criticalExtensions = List.copyOf(criticalExtensions);
        }

        /**
         * The ip addresses.
         *
         * @return the ip addresses
         */
        @Override
        public List<byte[]> ipAddresses() {
            return ipAddresses.stream().map(byte[]::clone).toList();
        }

        /**
         * The key usage.
         *
         * @return the key usage
         */
        @Override
        public Optional<boolean[]> keyUsage() {
            return keyUsage.map(boolean[]::clone);
        }
    }

    /** A failed check. */
    public record Failure(Step step, String message) {}

    /**
     * An extension whose value did not decode. Every one is kept (not only the first): the fact it would have
     * given ({@link LeafFacts#ca()}, {@link LeafFacts#keyUsage()}, ...) is then empty, and {@link #check} must not
     * read that as "extension absent".
     *
     * @param oid the extnID
     * @param critical whether the extension is marked critical
     * @param failure the failure, at the step that consumes this extension
     */
    public record MalformedExtension(String oid, boolean critical, Failure failure) {}

    private LeafChecks() {}

    /**
     * Decodes the facts from a DER TBSCertificate.
     *
     * @param tbsCertificateDer the DER TBSCertificate
     * @return the {@code LeafFacts}
     */
    public static LeafFacts facts(byte[] tbsCertificateDer) {
        try {
            return facts(TbsCertificate.parse(tbsCertificateDer));
        } catch (MtcException e) {
            throw new IllegalArgumentException("TBSCertificate does not decode: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes the facts from a parsed (hence strictly DER, RFC 5280 structure-checked) TBSCertificate. A malformed
     * value of subjectAltName, basicConstraints, keyUsage or extendedKeyUsage is recorded as a failure of that
     * extension's step; every malformed extension is recorded ({@link LeafFacts#malformedExtensions()}).
     *
     * @param tbs the TBSCertificate
     * @return the {@code LeafFacts}
     */
    public static LeafFacts facts(TbsCertificate tbs) {
        Instant[] validity = X509Der.validityInstants(tbs.validity());
        List<String> dns = new ArrayList<>();
        List<byte[]> ips = new ArrayList<>();
        Optional<Boolean> ca = Optional.empty();
        Optional<boolean[]> ku = Optional.empty();
        Optional<List<String>> eku = Optional.empty();
        List<String> critical = new ArrayList<>();
        List<MalformedExtension> malformed = new ArrayList<>();
        if (tbs.extensions().isPresent()) {
            DerReader exts = DerReader.single(tbs.extensions().get(), "extensions").reader()
                    .read("Extensions", Der.SEQUENCE).reader();
            while (!exts.isEmpty()) {
                DerReader ext = exts.read("Extension", Der.SEQUENCE).reader();
                String oid = ext.read("extnID", Der.OBJECT_IDENTIFIER).oid();
                boolean isCritical = ext.nextIs(Der.BOOLEAN) && ext.read("critical").bool();
                if (isCritical) {
                    critical.add(oid);
                }
                byte[] value = ext.read("extnValue", Der.OCTET_STRING).octetString();
                try {
                    switch (oid) {
                        case X509Oids.SUBJECT_ALT_NAME -> {
                            SubjectAltNames san = SubjectAltNames.parse(value);
                            dns.addAll(san.dnsNames());
                            ips.addAll(san.ipAddresses());
                        }
                        case X509Oids.BASIC_CONSTRAINTS ->
                                ca = Optional.of(basicConstraintsCa(DerReader.single(value, oid)));
                        case X509Oids.KEY_USAGE -> ku = Optional.of(keyUsageBits(DerReader.single(value, oid)));
                        case X509Oids.EXTENDED_KEY_USAGE ->
                                eku = Optional.of(extendedKeyUsage(DerReader.single(value, oid)));
                        default -> { }
                    }
                } catch (MtcException e) {
                    malformed.add(new MalformedExtension(oid, isCritical, new Failure(stepFor(oid),
                            "extension " + oid + (isCritical ? " (critical)" : "") + " is malformed: "
                            + e.getMessage())));
                }
            }
        }
        return new LeafFacts(validity[0], validity[1], dns, ips, ca, ku, eku, critical, malformed);
    }

    /** RFC 5280 §4.2.1.9: the cA BOOLEAN (DEFAULT FALSE). */
    private static boolean basicConstraintsCa(DerElement v) {
        if (v.tag() != Der.SEQUENCE) {
            throw new MtcParseException("basicConstraints", "must be a SEQUENCE");
        }
        DerReader r = v.reader();
        boolean ca = r.nextIs(Der.BOOLEAN) && r.read("basicConstraints.cA").bool();
        if (!r.isEmpty()) {
            r.read("basicConstraints.pathLenConstraint", Der.INTEGER);
        }
        r.finish();
        return ca;
    }

    /** RFC 5280 §4.2.1.3: the KeyUsage BIT STRING as nine booleans, digitalSignature (bit 0) first. */
    private static boolean[] keyUsageBits(DerElement v) {
        if (v.tag() != Der.BIT_STRING) {
            throw new MtcParseException("keyUsage", "must be a BIT STRING");
        }
        byte[] c = v.contents();
        boolean[] bits = new boolean[9];
        for (int i = 0; i < 9; i++) {
            int octet = 1 + i / 8;
            bits[i] = octet < c.length && (c[octet] & (0x80 >>> (i % 8))) != 0;
        }
        return bits;
    }

    /** RFC 5280 §4.2.1.12: SEQUENCE SIZE (1..MAX) OF KeyPurposeId. */
    private static List<String> extendedKeyUsage(DerElement v) {
        if (v.tag() != Der.SEQUENCE) {
            throw new MtcParseException("extendedKeyUsage", "must be a SEQUENCE OF KeyPurposeId");
        }
        DerReader r = v.reader();
        if (r.isEmpty()) {
            throw new MtcParseException("extendedKeyUsage", "must hold at least one KeyPurposeId");
        }
        List<String> out = new ArrayList<>();
        while (!r.isEmpty()) {
            out.add(r.read("KeyPurposeId", Der.OBJECT_IDENTIFIER).oid());
        }
        return out;
    }

    private static Step stepFor(String oid) {
        return switch (oid) {
            case X509Oids.SUBJECT_ALT_NAME -> Step.HOST;
            case X509Oids.BASIC_CONSTRAINTS -> Step.BASIC_CONSTRAINTS;
            case X509Oids.KEY_USAGE -> Step.KEY_USAGE;
            case X509Oids.EXTENDED_KEY_USAGE -> Step.EXTENDED_KEY_USAGE;
            default -> Step.CRITICAL_EXTENSIONS;
        };
    }

    /**
     * Runs the checks in {@link Step} order and returns the first failure. Fails closed on malformed extensions:
     * a malformed extension fails its step when that step runs (the subjectAltName only when a host is given), and
     * a malformed <em>critical</em> extension always fails (RFC 5280 §4.2: a critical extension the relying party
     * cannot process MUST be rejected), whatever the options. When several fail, the one whose step comes first is
     * reported.
     *
     * @param f the function
     * @param time the time
     * @param host the host name or IP address
     * @param options the options
     * @return the {@code Optional<Failure>}
     */
    public static Optional<Failure> check(LeafFacts f, Instant time, Optional<HostMatcher.Reference> host,
            Options options) {
        // RFC 5280 §4.1.2.5: the validity period includes both notBefore and notAfter.
        if (time.isBefore(f.notBefore())) {
            return fail(Step.VALIDITY, "not yet valid: notBefore " + f.notBefore() + " is after " + time);
        }
        if (time.isAfter(f.notAfter())) {
            return fail(Step.VALIDITY, "expired: notAfter " + f.notAfter() + " is before " + time);
        }
        Optional<Failure> malformed = f.malformedExtensions().stream()
                .filter(m -> m.critical() || runs(m.failure().step(), host, options))
                .map(MalformedExtension::failure)
                .min(Comparator.comparing(Failure::step));
        if (malformed.isPresent()) {
            return malformed;
        }
        if (options.basicConstraints() && f.ca().orElse(false)) {
            return fail(Step.BASIC_CONSTRAINTS, "basicConstraints cA is TRUE: a CA certificate used as a server leaf");
        }
        if (options.keyUsage() && f.keyUsage().isPresent() && !f.keyUsage().get()[0]) {
            return fail(Step.KEY_USAGE, "keyUsage is present without digitalSignature");
        }
        if (options.extendedKeyUsage() && f.extendedKeyUsage().isPresent()
                && !f.extendedKeyUsage().get().contains(X509Oids.SERVER_AUTH)) {
            return fail(Step.EXTENDED_KEY_USAGE, "extendedKeyUsage " + f.extendedKeyUsage().get()
                    + " lacks id-kp-serverAuth (1.3.6.1.5.5.7.3.1)");
        }
        if (options.criticalExtensions()) {
            for (String oid : f.criticalExtensions()) {
                if (!KNOWN.contains(oid)) {
                    return fail(Step.CRITICAL_EXTENSIONS, "unrecognized critical extension " + oid);
                }
            }
        }
        if (host.isPresent() && !HostMatcher.matches(host.get(), f.dnsNames(), f.ipAddresses())) {
            return fail(Step.HOST, "subjectAltName " + describe(f) + " does not match host " + host.get());
        }
        return Optional.empty();
    }

    /** Whether {@code step} is one of the checks these options (and the host) switch on. */
    private static boolean runs(Step step, Optional<HostMatcher.Reference> host, Options options) {
        return switch (step) {
            case HOST -> host.isPresent();
            case BASIC_CONSTRAINTS -> options.basicConstraints();
            case KEY_USAGE -> options.keyUsage();
            case EXTENDED_KEY_USAGE -> options.extendedKeyUsage();
            default -> options.criticalExtensions();
        };
    }

    private static String describe(LeafFacts f) {
        List<String> all = new ArrayList<>();
        f.dnsNames().forEach(d -> all.add("DNS:" + d));
        f.ipAddresses().forEach(a -> all.add("IP:" + io.mtc4j.spec.names.IpAddresses.format(a)));
        return all.isEmpty() ? "(no DNS or IP names)" : String.join(",", all);
    }

    private static Optional<Failure> fail(Step step, String message) {
        return Optional.of(new Failure(step, message));
    }
}
