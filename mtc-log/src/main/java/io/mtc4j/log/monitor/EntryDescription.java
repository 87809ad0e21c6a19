package io.mtc4j.log.monitor;

import io.mtc4j.spec.Profile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * What an entry presents, for alerts and evidence: its type, DNS names, IP addresses, commonNames and SPKI hash.
 *
 * @param type        the MTCLogEntry type
 * @param dnsNames    subjectAltName dNSNames
 * @param ipAddresses subjectAltName iPAddresses, as text
 * @param commonNames subject commonNames
 * @param spkiHash    subjectPublicKeyInfoHash, hex (empty for other types)
 * @param caTrue      basicConstraints cA=TRUE
 * @param problem     why the entry is malformed, or empty
 */
public record EntryDescription(int type, List<String> dnsNames, List<String> ipAddresses, List<String> commonNames,
        String spkiHash, boolean caTrue, String problem) {
    /**
     * Copies the lists.
     *
     * @param type        the type
     * @param dnsNames    DNS names
     * @param ipAddresses IP addresses
     * @param commonNames commonNames
     * @param spkiHash    the SPKI hash, hex
     * @param caTrue      cA=TRUE
     * @param problem     the problem or empty
     */
    public EntryDescription {
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        commonNames = List.copyOf(commonNames);
    }

    /**
     * Describes {@code entry}.
     *
     * @param profile the wire profile
     * @param entry   the encoded MTCLogEntry
     * @return its description (with the scanner's reason if it is malformed)
     */
    public static EntryDescription of(Profile profile, byte[] entry) {
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        List<String> cns = new ArrayList<>();
        int[] type = {-1};
        String[] spki = {""};
        boolean[] ca = {false};
        String problem = "";
        try {
            new EntryScanner(profile).scan(entry, new EntryScanner.Visitor() {
                @Override
                public void entryType(int t) {
                    type[0] = t;
                }

                @Override
                public void extensionType(int t) {
                    // listed by the alert that names it
                }

                @Override
                public void commonName(byte[] b, int from, int to) {
                    cns.add(new String(b, from, to - from, StandardCharsets.UTF_8));
                }

                @Override
                public void spkiHash(byte[] b, int from, int to) {
                    spki[0] = HexFormat.of().formatHex(b, from, to);
                }

                @Override
                public void validity(byte[] b, int from, int to) {
                    // not described
                }

                @Override
                public void dnsName(byte[] b, int from, int to) {
                    dns.add(new String(b, from, to - from, StandardCharsets.US_ASCII));
                }

                @Override
                public void ipAddress(byte[] b, int from, int to) {
                    ips.add(IpText.format(Arrays.copyOfRange(b, from, to)));
                }

                @Override
                public void caTrue() {
                    ca[0] = true;
                }
            });
        } catch (EntryScanner.MalformedEntryException e) {
            problem = e.getMessage();
        }
        return new EntryDescription(type[0], dns, ips, cns, spki[0], ca[0], problem);
    }

    /** {@code names a,b addresses x,y cn c key <hex>}. */
    @Override
    public String toString() {
        if (type != 1) {
            return "entry type " + type + (problem.isEmpty() ? "" : " (" + problem + ")");
        }
        return "names " + list(dnsNames) + " addresses " + list(ipAddresses) + " cn " + list(commonNames) + " key "
                + spkiHash + (caTrue ? " cA=TRUE" : "") + (problem.isEmpty() ? "" : " (malformed: " + problem + ")");
    }

    private static String list(List<String> l) {
        return l.isEmpty() ? "-" : String.join(",", l);
    }
}
