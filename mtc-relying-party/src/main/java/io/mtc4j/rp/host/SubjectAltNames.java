package io.mtc4j.rp.host;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.cert.X509Oids;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.DerElement;
import io.mtc4j.spec.der.DerReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The names a subjectAltName extension presents (RFC 5280 §4.2.1.6): its {@code dNSName} and {@code iPAddress}
 * GeneralNames, in order; other GeneralName types are skipped. Parsed strictly (DER, at least one GeneralName,
 * ASCII DNS names); the one parser for the relying party's leaf checks and for {@code mtc log tail}.
 *
 * @param dnsNames    the dNSName entries
 * @param ipAddresses the iPAddress entries (4 or 16 bytes in a well-formed certificate; not checked here)
 */
public record SubjectAltNames(List<String> dnsNames, List<byte[]> ipAddresses) {
    /**
     * Copies both lists (and each address).
     *
     * @param dnsNames    the dNSName entries
     * @param ipAddresses the iPAddress entries
     */
    public SubjectAltNames {
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = ipAddresses.stream().map(byte[]::clone).toList();
    }

    /**
     * Copies of the iPAddress entries.
     *
     * @return the addresses, in order
     */
    @Override
    public List<byte[]> ipAddresses() {
        return ipAddresses.stream().map(byte[]::clone).toList();
    }

    /**
     * Parses an extnValue: GeneralNames; dNSName [2] IA5String, iPAddress [7] OCTET STRING (RFC 5280 §4.2.1.6).
     *
     * @param extnValue the contents of the extension's OCTET STRING
     * @return the DNS names and IP addresses it presents
     * @throws MtcParseException if it is not one DER SEQUENCE of at least one GeneralName, or a dNSName is not ASCII
     */
    public static SubjectAltNames parse(byte[] extnValue) {
        DerElement v = DerReader.single(extnValue, X509Oids.SUBJECT_ALT_NAME);
        if (v.tag() != Der.SEQUENCE) {
            throw new MtcParseException("subjectAltName", "must be a SEQUENCE OF GeneralName");
        }
        DerReader r = v.reader();
        if (r.isEmpty()) {
            throw new MtcParseException("subjectAltName", "must hold at least one GeneralName");
        }
        List<String> dns = new ArrayList<>();
        List<byte[]> ips = new ArrayList<>();
        while (!r.isEmpty()) {
            DerElement gn = r.read("GeneralName");
            if (gn.tag() == Der.implicitPrimitive(2)) {
                byte[] b = gn.contents();
                for (byte x : b) {
                    if ((x & 0x80) != 0) {
                        throw new MtcParseException("subjectAltName.dNSName", "IA5String holds a non-ASCII byte");
                    }
                }
                dns.add(new String(b, StandardCharsets.US_ASCII));
            } else if (gn.tag() == Der.implicitPrimitive(7)) {
                ips.add(gn.contents());
            }
        }
        return new SubjectAltNames(dns, ips);
    }
}
