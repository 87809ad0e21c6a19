package io.mtc4j.log.monitor;

import static io.mtc4j.log.monitor.TestEntries.ip;
import static io.mtc4j.log.monitor.TestEntries.key;
import static io.mtc4j.log.monitor.TestEntries.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.entry.MtcLogEntry;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Watch rules against the incident's certificates and the edge cases of names and addresses. */
class WatchlistTest {
    private static final String AUTHORIZED = HexFormat.of().formatHex(key("resolver-key"));

    private static EntryMatcher matcher(StructuralPolicy sp, WatchRule... rules) {
        return Watchlist.of(List.of(rules), sp).matcher(TestEntries.PROFILE);
    }

    private static WatchRule resolver() {
        return new WatchRule("resolver", List.of(DnsPattern.parse("one.one.one.one"),
                DnsPattern.parse("cloudflare-dns.com")),
                List.of(IpPrefix.parse("1.1.1.1"), IpPrefix.parse("1.0.0.1"), IpPrefix.parse("2606:4700:4700::/48")),
                Set.of(AUTHORIZED));
    }

    private static List<String> alerts(EntryMatcher m, TestEntries.Spec s) {
        return m.check(s.encode()).stream().filter(f -> !f.authorized()).map(Finding::rule).toList();
    }

    @Test
    void theIncidentsCertificatesAlertAndTheAuthorizedOnesDoNot() {
        EntryMatcher m = matcher(StructuralPolicy.defaults(), resolver());
        byte[] bad = key("finatest");
        assertEquals(List.of("resolver"), alerts(m, spec().cn("1.1.1.1").key(bad)));
        assertEquals(List.of("resolver"), alerts(m, spec().dns("testssl.finatest.hr").ips(ip("1.1.1.1")).key(bad)));
        assertEquals(List.of("resolver"), alerts(m, spec().ips(ip("::ffff:1.1.1.1")).key(bad)));
        assertEquals(List.of("resolver"), alerts(m, spec().ips(ip("2606:4700:4700::64")).key(bad)));
        assertEquals(List.of("resolver"), alerts(m, spec().dns("1.0.0.1").key(bad)));
        // the same names under the authorized key: recorded, no alert
        List<Finding> ok = m.check(spec().dns("one.one.one.one").ips(ip("1.1.1.1")).key(key("resolver-key")).encode());
        assertEquals(1, ok.size());
        assertTrue(ok.get(0).authorized());
        assertEquals(List.of(), alerts(m, spec().dns("one.one.one.one", "cloudflare-dns.com")
                .ips(ip("2606:4700:4700::1111"), ip("1.0.0.1")).key(key("resolver-key"))));
        // unrelated: nothing
        assertEquals(List.of(), m.check(spec().dns("example.com").ips(ip("1.1.1.2"), ip("2606:4700:4701::1")).encode()));
    }

    @Test
    void dnsNamesExactSubdomainsWildcardsCaseAndTrailingDots() {
        EntryMatcher m = matcher(StructuralPolicy.defaults(),
                new WatchRule("exact", List.of(DnsPattern.parse("www.example.com")), List.of(), Set.of()),
                new WatchRule("tree", List.of(DnsPattern.parse(".example.org.")), List.of(), Set.of()));
        assertEquals(List.of("exact"), alerts(m, spec().dns("WWW.Example.COM.")));
        assertEquals(List.of("exact"), alerts(m, spec().dns("*.example.com")));
        assertEquals(List.of(), alerts(m, spec().dns("a.www.example.com")));
        assertEquals(List.of(), alerts(m, spec().dns("*.www.example.com")));
        assertEquals(List.of(), alerts(m, spec().dns("example.com", "wwwexample.com")));
        assertEquals(List.of("tree"), alerts(m, spec().dns("example.org")));
        assertEquals(List.of("tree"), alerts(m, spec().dns("deep.sub.EXAMPLE.org")));
        assertEquals(List.of("tree"), alerts(m, spec().dns("*.a.example.org")));
        assertEquals(List.of("tree"), alerts(m, spec().dns("*.org"))); // covers example.org itself
        assertEquals(List.of(), alerts(m, spec().dns("badexample.org", "*.com", "*.b.org")));
        assertEquals(List.of("exact"), alerts(m, spec().cn("www.example.com")));
    }

    @Test
    void unicodeNamesInTheConfigAreComparedAsALabels() {
        DnsPattern p = DnsPattern.parse("bücher.example");
        assertEquals("xn--bcher-kva.example", p.name());
        EntryMatcher m = matcher(StructuralPolicy.defaults(), new WatchRule("idn", List.of(p), List.of(), Set.of()));
        assertEquals(List.of("idn"), alerts(m, spec().dns("XN--BCHER-KVA.example")));
        assertThrows(IllegalArgumentException.class, () -> DnsPattern.parse("*.example.com"));
        assertThrows(IllegalArgumentException.class, () -> DnsPattern.parse("a..b"));
    }

    @Test
    void textualAddressesAreParsedStrictly() {
        EntryMatcher m = matcher(StructuralPolicy.defaults(),
                new WatchRule("one", List.of(), List.of(IpPrefix.parse("1.1.1.1")), Set.of()));
        assertEquals(List.of("one"), alerts(m, spec().cn("1.1.1.1")));
        assertEquals(List.of("one"), alerts(m, spec().dns("::ffff:1.1.1.1")));
        assertEquals(List.of("one"), alerts(m, spec().dns("::FFFF:0101:0101")));
        for (String legacy : List.of("01.1.1.1", "1.1.1", "1.1.1.1.", "0x1.1.1.1", "1.1.257", "16843009", " 1.1.1.1")) {
            assertEquals(List.of(), alerts(m, spec().cn(legacy)), legacy);
        }
        for (String bad : List.of("1:2:3:4:5:6:7:8:9", "1::2::3", "fe80::1%eth0", "[::1]", "1:2:3:4:5:6:7::8", ":1::",
                "1:", "12345::")) {
            byte[] b = bad.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertNull(IpText.parse(b, 0, b.length), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("1.1.1.1/24"));
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("1.1.1.0/024"));
        assertEquals(IpPrefix.parse("1.1.1.1"), IpPrefix.parse("::ffff:1.1.1.1"));
        assertEquals(IpPrefix.parse("1.1.0.0/16"), IpPrefix.parse("::ffff:1.1.0.0/112"));
    }

    @Test
    void structuralAlerts() {
        EntryMatcher m = matcher(new StructuralPolicy(true, true, true, false, Optional.of(Duration.ofDays(398))),
                new WatchRule("w", List.of(DnsPattern.parse("x.example")), List.of(), Set.of()));
        assertEquals(List.of(StructuralPolicy.CA_TRUE), alerts(m, spec().dns("other.example").ca()));
        assertEquals(List.of(StructuralPolicy.VALIDITY), alerts(m, spec().days(399)));
        assertEquals(List.of(), alerts(m, spec().days(398)));
        assertEquals(List.of(StructuralPolicy.UNKNOWN_EXTENSION), alerts(m, spec().extension(7)));
        byte[] other = MtcLogEntry.otherType(TestEntries.PROFILE, List.of(), 9, new byte[] {1, 2}).encode();
        assertEquals(List.of(StructuralPolicy.UNKNOWN_TYPE), m.check(other).stream().map(Finding::rule).toList());
        assertEquals(List.of(), m.check(MtcLogEntry.nullEntry(TestEntries.PROFILE).encode()));
        List<Finding> bad = m.check(new byte[] {0, 0, 0, 1, 0x30, 0x05});
        assertEquals(List.of(StructuralPolicy.MALFORMED), bad.stream().map(Finding::rule).toList());
        // switched off
        EntryMatcher quiet = matcher(new StructuralPolicy(false, false, false, false, Optional.empty()));
        assertEquals(List.of(), quiet.check(spec().ca().extension(7).encode()));
    }

    @Test
    void ruleNamesAreUniqueAndNotReserved() {
        WatchRule a = new WatchRule("a", List.of(DnsPattern.parse("a.example")), List.of(), Set.of());
        assertThrows(IllegalArgumentException.class, () -> Watchlist.of(List.of(a, a), StructuralPolicy.defaults()));
        assertThrows(IllegalArgumentException.class, () -> Watchlist.of(List.of(new WatchRule("ca-true",
                List.of(DnsPattern.parse("a.example")), List.of(), Set.of())), StructuralPolicy.defaults()));
        assertThrows(IllegalArgumentException.class, () -> new WatchRule("bad name", List.of(
                DnsPattern.parse("a.example")), List.of(), Set.of()));
    }
}
