package io.mtc4j.ca.acme;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Order identifiers (RFC 8555 §7.1.3 {@code dns}, RFC 8738 §3 {@code ip}) and the names a CSR asks for, compared as
 * keys: {@code dns:<lower-case name>} and {@code ip:<address bytes in hex>}.
 */
final class Identifiers {
    static final int MAX = 100;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IP_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

    private Identifiers() {}

    /**
     * Checks one identifier object and returns its key.
     *
     * @throws AcmeProblem malformed, unsupportedIdentifier or rejectedIdentifier naming {@code field}
     */
    static String check(JsonNode id, String field) {
        if (id == null || !id.isObject() || !id.path("type").isTextual() || !id.path("value").isTextual()) {
            throw AcmeProblem.malformed(field, field + " must be {\"type\": ..., \"value\": ...}");
        }
        String type = id.get("type").textValue();
        String value = id.get("value").textValue();
        return switch (type) {
            case "dns" -> "dns:" + dnsName(value, field + ".value");
            case "ip" -> "ip:" + HexFormat.of().formatHex(ipAddress(value, field + ".value"));
            default -> throw new AcmeProblem("unsupportedIdentifier", 400, field + ".type", "identifier type '"
                    + type + "' is not supported (dns, ip)");
        };
    }

    /** RFC 1035 §2.3.1 preferred syntax (LDH labels), lower-cased; wildcards are refused (no dns-01 here). */
    static String dnsName(String value, String field) {
        if (value.startsWith("*.")) {
            throw new AcmeProblem("rejectedIdentifier", 400, field, "wildcard '" + value + "' needs the dns-01"
                    + " challenge (RFC 8555 §7.1.3), which this server does not offer");
        }
        String v = value.toLowerCase(Locale.ROOT);
        String[] labels = v.split("\\.", -1);
        if (v.length() > 253 || labels.length < 2) {
            throw new AcmeProblem("rejectedIdentifier", 400, field, "'" + value + "' is not a fully qualified DNS"
                    + " name of at most 253 characters");
        }
        for (String l : labels) {
            if (!LABEL.matcher(l).matches()) {
                throw new AcmeProblem("rejectedIdentifier", 400, field, "'" + value + "': label '" + l + "' is not"
                        + " 1-63 letters, digits and inner hyphens (RFC 1035 §2.3.1)");
            }
        }
        return v;
    }

    /** RFC 8738 §3: an IPv4 or IPv6 address literal (never resolved). */
    static byte[] ipAddress(String value, String field) {
        boolean v4 = value.matches("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
        if (!IP_CHARS.matcher(value).matches() || (!v4 && !value.contains(":"))) {
            throw new AcmeProblem("rejectedIdentifier", 400, field, "'" + value + "' is not an IPv4 or IPv6 address");
        }
        try {
            return InetAddress.getByName(value).getAddress();
        } catch (IOException e) {
            throw new AcmeProblem("rejectedIdentifier", 400, field, "'" + value + "' is not an IP address");
        }
    }

    /**
     * The names a CSR asks for: its subjectAltName dNSNames and iPAddresses and its subject's common names.
     *
     * @throws AcmeProblem badCSR if the CSR cannot be parsed
     */
    static Set<String> requested(byte[] csrDer) {
        Set<String> keys = new TreeSet<>();
        PKCS10CertificationRequest csr;
        try {
            csr = new PKCS10CertificationRequest(csrDer);
        } catch (IOException | RuntimeException e) {
            throw badCsr("csr", "not a DER PKCS#10 CertificationRequest: " + e.getMessage());
        }
        for (Attribute a : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            Extensions exts = Extensions.getInstance(a.getAttrValues().getObjectAt(0));
            GeneralNames gns = GeneralNames.fromExtensions(exts, Extension.subjectAlternativeName);
            if (gns == null) {
                continue;
            }
            for (GeneralName gn : gns.getNames()) {
                if (gn.getTagNo() == GeneralName.dNSName) {
                    keys.add("dns:" + ((ASN1String) gn.getName()).getString().toLowerCase(Locale.ROOT));
                } else if (gn.getTagNo() == GeneralName.iPAddress) {
                    keys.add("ip:" + HexFormat.of().formatHex(ASN1OctetString.getInstance(gn.getName()).getOctets()));
                } else {
                    throw badCsr("csr.extensionRequest.subjectAltName", "only dNSName and iPAddress names can be"
                            + " validated by this server");
                }
            }
        }
        for (RDN rdn : X500Name.getInstance(csr.getSubject()).getRDNs(BCStyle.CN)) {
            ASN1Encodable v = rdn.getFirst().getValue();
            String cn = ((ASN1String) v).getString().toLowerCase(Locale.ROOT);
            keys.add(IP_CHARS.matcher(cn).matches() && (cn.contains(":") || cn.matches("[0-9.]+"))
                    ? "ip:" + HexFormat.of().formatHex(ipAddress(cn, "csr.subject.CN")) : "dns:" + cn);
        }
        return keys;
    }

    static AcmeProblem badCsr(String field, String detail) {
        return new AcmeProblem("badCSR", 400, field, detail);
    }
}
