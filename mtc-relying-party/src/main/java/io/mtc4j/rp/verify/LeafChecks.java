package io.mtc4j.rp.verify;

import io.mtc4j.rp.host.HostMatcher;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.TBSCertificate;

/**
 * The checks that remain after the MTC signature procedure for a TLS server certificate (draft §"Verifying
 * Certificate Signatures": "The relying party MUST continue to perform other checks, such as checking expiry"):
 * validity at a time, leaf basicConstraints, keyUsage, extendedKeyUsage, critical extensions, and the host.
 *
 * <p>Extension values are decoded strictly: a value that is not DER fails the step of that extension.
 */
public final class LeafChecks {
    /** Extensions whose criticality this relying party honours (it processes or safely ignores them). */
    private static final Set<ASN1ObjectIdentifier> KNOWN = Set.of(Extension.subjectAlternativeName,
            Extension.keyUsage, Extension.extendedKeyUsage, Extension.basicConstraints,
            Extension.subjectKeyIdentifier, Extension.authorityKeyIdentifier, Extension.issuerAlternativeName);

    /** Which of the optional checks run; validity always runs. */
    public record Options(boolean basicConstraints, boolean keyUsage, boolean extendedKeyUsage,
            boolean criticalExtensions) {
        /** Everything a TLS client checks on a server certificate. */
        public static Options tlsServer() {
            return new Options(true, true, true, true);
        }

        /**
         * Only validity (and the host if one is given): the setup of BoringSSL's X509_verify_cert MTC tests, which
         * set a trust object but no purpose.
         */
        public static Options validityOnly() {
            return new Options(false, false, false, false);
        }
    }

    /** What the leaf checks need from a certificate, decoded from its TBSCertificate. */
    public record LeafFacts(Instant notBefore, Instant notAfter, List<String> dnsNames, List<byte[]> ipAddresses,
            Optional<Boolean> ca, Optional<boolean[]> keyUsage, Optional<List<String>> extendedKeyUsage,
            List<String> criticalExtensions, Optional<Failure> decodingFailure) {
        public LeafFacts {
            dnsNames = List.copyOf(dnsNames);
            ipAddresses = ipAddresses.stream().map(byte[]::clone).toList();
            keyUsage = keyUsage.map(boolean[]::clone);
            extendedKeyUsage = extendedKeyUsage.map(List::copyOf);
            criticalExtensions = List.copyOf(criticalExtensions);
        }

        @Override
        public List<byte[]> ipAddresses() {
            return ipAddresses.stream().map(byte[]::clone).toList();
        }

        @Override
        public Optional<boolean[]> keyUsage() {
            return keyUsage.map(boolean[]::clone);
        }
    }

    /** A failed check. */
    public record Failure(Step step, String message) {}

    private LeafChecks() {}

    /** Decodes the facts from a DER TBSCertificate (already checked to be DER by the certificate parser). */
    public static LeafFacts facts(byte[] tbsCertificateDer) {
        TBSCertificate tbs;
        try {
            tbs = TBSCertificate.getInstance(ASN1Primitive.fromByteArray(tbsCertificateDer));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("TBSCertificate does not decode: " + e.getMessage(), e);
        }
        Instant nb = tbs.getStartDate().getDate().toInstant();
        Instant na = tbs.getEndDate().getDate().toInstant();
        List<String> dns = new ArrayList<>();
        List<byte[]> ips = new ArrayList<>();
        Optional<Boolean> ca = Optional.empty();
        Optional<boolean[]> ku = Optional.empty();
        Optional<List<String>> eku = Optional.empty();
        List<String> critical = new ArrayList<>();
        Extensions exts = tbs.getExtensions();
        Failure failure = null;
        if (exts != null) {
            for (ASN1ObjectIdentifier oid : exts.getExtensionOIDs()) {
                Extension e = exts.getExtension(oid);
                if (e.isCritical()) {
                    critical.add(oid.getId());
                }
                byte[] value = e.getExtnValue().getOctets();
                try {
                    ASN1Primitive v = strictDer(value);
                    if (oid.equals(Extension.subjectAlternativeName)) {
                        for (GeneralName gn : GeneralNames.getInstance(v).getNames()) {
                            if (gn.getTagNo() == GeneralName.dNSName) {
                                dns.add(((ASN1String) gn.getName()).getString());
                            } else if (gn.getTagNo() == GeneralName.iPAddress) {
                                ips.add(ASN1OctetString.getInstance(gn.getName()).getOctets());
                            }
                        }
                    } else if (oid.equals(Extension.basicConstraints)) {
                        ca = Optional.of(BasicConstraints.getInstance(v).isCA());
                    } else if (oid.equals(Extension.keyUsage)) {
                        KeyUsage k = KeyUsage.getInstance(v);
                        boolean[] bits = new boolean[9];
                        int[] masks = {KeyUsage.digitalSignature, KeyUsage.nonRepudiation, KeyUsage.keyEncipherment,
                            KeyUsage.dataEncipherment, KeyUsage.keyAgreement, KeyUsage.keyCertSign, KeyUsage.cRLSign,
                            KeyUsage.encipherOnly, KeyUsage.decipherOnly};
                        for (int i = 0; i < 9; i++) {
                            bits[i] = k.hasUsages(masks[i]);
                        }
                        ku = Optional.of(bits);
                    } else if (oid.equals(Extension.extendedKeyUsage)) {
                        List<String> purposes = new ArrayList<>();
                        for (KeyPurposeId p : org.bouncycastle.asn1.x509.ExtendedKeyUsage.getInstance(v).getUsages()) {
                            purposes.add(p.getId());
                        }
                        eku = Optional.of(purposes);
                    }
                } catch (IOException | IllegalArgumentException | ClassCastException ex) {
                    if (failure == null) {
                        failure = new Failure(stepFor(oid), "extension " + oid.getId() + " value is not valid DER: "
                                + ex.getMessage());
                    }
                }
            }
        }
        return new LeafFacts(nb, na, dns, ips, ca, ku, eku, critical, Optional.ofNullable(failure));
    }

    private static Step stepFor(ASN1ObjectIdentifier oid) {
        if (oid.equals(Extension.subjectAlternativeName)) {
            return Step.HOST;
        } else if (oid.equals(Extension.basicConstraints)) {
            return Step.BASIC_CONSTRAINTS;
        } else if (oid.equals(Extension.keyUsage)) {
            return Step.KEY_USAGE;
        } else if (oid.equals(Extension.extendedKeyUsage)) {
            return Step.EXTENDED_KEY_USAGE;
        }
        return Step.CRITICAL_EXTENSIONS;
    }

    /** Decodes one DER value and refuses BER (anything whose DER re-encoding differs) and trailing bytes. */
    static ASN1Primitive strictDer(byte[] value) throws IOException {
        ASN1Primitive p = ASN1Primitive.fromByteArray(value);
        if (!Arrays.equals(p.getEncoded(ASN1Encoding.DER), value)) {
            throw new IOException("not DER (non-minimal length, indefinite length or non-canonical value)");
        }
        return p;
    }

    /** Runs the checks in {@link Step} order and returns the first failure. */
    public static Optional<Failure> check(LeafFacts f, Instant time, Optional<HostMatcher.Reference> host,
            Options options) {
        // RFC 5280 §4.1.2.5: the validity period includes both notBefore and notAfter.
        if (time.isBefore(f.notBefore())) {
            return fail(Step.VALIDITY, "not yet valid: notBefore " + f.notBefore() + " is after " + time);
        }
        if (time.isAfter(f.notAfter())) {
            return fail(Step.VALIDITY, "expired: notAfter " + f.notAfter() + " is before " + time);
        }
        if (f.decodingFailure().isPresent()) {
            Failure d = f.decodingFailure().get();
            boolean relevant = switch (d.step()) {
                case HOST -> host.isPresent();
                case BASIC_CONSTRAINTS -> options.basicConstraints();
                case KEY_USAGE -> options.keyUsage();
                case EXTENDED_KEY_USAGE -> options.extendedKeyUsage();
                default -> options.criticalExtensions();
            };
            if (relevant) {
                return Optional.of(d);
            }
        }
        if (options.basicConstraints() && f.ca().orElse(false)) {
            return fail(Step.BASIC_CONSTRAINTS, "basicConstraints cA is TRUE: a CA certificate used as a server leaf");
        }
        if (options.keyUsage() && f.keyUsage().isPresent() && !f.keyUsage().get()[0]) {
            return fail(Step.KEY_USAGE, "keyUsage is present without digitalSignature");
        }
        if (options.extendedKeyUsage() && f.extendedKeyUsage().isPresent()
                && !f.extendedKeyUsage().get().contains(KeyPurposeId.id_kp_serverAuth.getId())) {
            return fail(Step.EXTENDED_KEY_USAGE, "extendedKeyUsage " + f.extendedKeyUsage().get()
                    + " lacks id-kp-serverAuth (1.3.6.1.5.5.7.3.1)");
        }
        if (options.criticalExtensions()) {
            for (String oid : f.criticalExtensions()) {
                if (!KNOWN.contains(new ASN1ObjectIdentifier(oid))) {
                    return fail(Step.CRITICAL_EXTENSIONS, "unrecognized critical extension " + oid);
                }
            }
        }
        if (host.isPresent() && !HostMatcher.matches(host.get(), f.dnsNames(), f.ipAddresses())) {
            return fail(Step.HOST, "subjectAltName " + describe(f) + " does not match host " + host.get());
        }
        return Optional.empty();
    }

    private static String describe(LeafFacts f) {
        List<String> all = new ArrayList<>();
        f.dnsNames().forEach(d -> all.add("DNS:" + d));
        f.ipAddresses().forEach(a -> all.add("IP:" + io.mtc4j.rp.host.IpAddresses.format(a)));
        return all.isEmpty() ? "(no DNS or IP names)" : String.join(",", all);
    }

    private static Optional<Failure> fail(Step step, String message) {
        return Optional.of(new Failure(step, message));
    }
}
