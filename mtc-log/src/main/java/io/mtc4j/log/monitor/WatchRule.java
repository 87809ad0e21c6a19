package io.mtc4j.log.monitor;

import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * One watch rule: the DNS names and IP prefixes it covers, and the SPKI hashes authorized for them. An entry
 * covering any of them matches the rule; a match whose subjectPublicKeyInfoHash (the draft's "Public Key
 * Hashes": logs carry the hash, not the key) is in {@code authorizedKeys} is recorded and does not alert, every
 * other match alerts. A rule without authorized keys alerts on every match.
 *
 * @param name           the rule's name, as printed in alerts (letters, digits, {@code - _ .})
 * @param dns            the DNS names covered
 * @param ip             the IP addresses and prefixes covered
 * @param authorizedKeys SHA-256 hashes of authorized SubjectPublicKeyInfos, lower-case hex (64 digits)
 */
public record WatchRule(String name, List<DnsPattern> dns, List<IpPrefix> ip, Set<String> authorizedKeys) {
    /**
     * Checks the name and hashes and copies the collections.
     *
     * @param name           the rule's name
     * @param dns            the DNS names covered
     * @param ip             the IP prefixes covered
     * @param authorizedKeys authorized SPKI hashes, hex
     */
    public WatchRule {
        if (name.isEmpty() || name.length() > 100 || !name.chars().allMatch(c -> (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) {
            throw new IllegalArgumentException("rule name '" + name + "' must be 1..100 letters, digits, '-', '_' or"
                    + " '.' (it is printed in ALERT lines)");
        }
        dns = List.copyOf(dns);
        ip = List.copyOf(ip);
        authorizedKeys = Set.copyOf(authorizedKeys);
        for (String k : authorizedKeys) {
            if (k.length() != 64 || !k.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw new IllegalArgumentException("authorized key '" + k + "' is not a lower-case hex SHA-256"
                        + " (64 digits)");
            }
        }
        if (dns.isEmpty() && ip.isEmpty()) {
            throw new IllegalArgumentException("rule " + name + " covers no DNS name and no IP address");
        }
    }

    /** Whether {@code spkiHash} is one of this rule's authorized keys. */
    public boolean authorizes(byte[] spkiHash) {
        return !authorizedKeys.isEmpty() && authorizedKeys.contains(HexFormat.of().formatHex(spkiHash));
    }
}
