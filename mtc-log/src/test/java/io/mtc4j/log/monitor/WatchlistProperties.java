package io.mtc4j.log.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.entry.MtcLogEntry;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The watchlist's hash lookups agree with the plain definitions, written here the obvious way: a prefix contains
 * an address when their first {@code length} bits agree; a name matches an exact pattern when equal ignoring case
 * and one trailing dot, a subdomain pattern when equal or ending in {@code .pattern}, and {@code *.P} covers a
 * name whose parent is P.
 */
class WatchlistProperties {
    private static final List<String> LABELS = List.of("a", "b", "www", "one", "xn--bcher-kva", "example", "com");

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of(LABELS).list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l));
    }

    private static byte[] parse(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return IpText.parse(b, 0, b.length);
    }

    @Property(tries = 200)
    void ipTextRoundTrips(@ForAll @Size(min = 16, max = 16) byte[] a, @ForAll boolean v4) {
        byte[] addr = v4 ? new byte[] {a[0], a[1], a[2], a[3]} : a;
        String text = IpText.format(addr);
        assertArrayEquals(addr, parse(text), text);
        assertArrayEquals(addr, parse(text.toUpperCase(Locale.ROOT)), text);
    }

    @Provide
    Arbitrary<String> addressLike() {
        return Arbitraries.strings().withChars("0123456789abcdefABCDEF:.").ofMinLength(1).ofMaxLength(40)
                .edgeCases(c -> c.add("::").add("::ffff:1.1.1.1").add("1.1.1.1").add("01.1.1.1"));
    }

    /** The hot-path byte parser accepts exactly what mtc-spec's strict parser accepts, with the same bytes. */
    @Property(tries = 2000)
    void theByteParserAgreesWithMtcSpecsParser(@ForAll("addressLike") String s) {
        Optional<byte[]> spec = io.mtc4j.spec.names.IpAddresses.parse(s);
        byte[] ours = parse(s);
        assertEquals(spec.isPresent(), ours != null, s);
        if (ours != null) {
            assertArrayEquals(spec.get(), ours, s);
        }
    }

    @Property(tries = 300)
    void prefixesContainExactlyTheAddressesAgreeingInTheirFirstBits(@ForAll @Size(min = 16, max = 16) byte[] net,
            @ForAll @Size(min = 16, max = 16) byte[] addr, @ForAll @IntRange(min = 0, max = 128) int len,
            @ForAll boolean v4, @ForAll @IntRange(min = 0, max = 128) int shared) {
        int bytes = v4 ? 4 : 16;
        int l = len % (bytes * 8 + 1);
        byte[] n = IpPrefix.mask(java.util.Arrays.copyOf(net, bytes), l);
        byte[] x = java.util.Arrays.copyOf(addr, bytes);
        // make the address share a random number of leading bits with the network
        int s = shared % (bytes * 8 + 1);
        for (int bit = 0; bit < s; bit++) {
            int m = 0x80 >>> (bit & 7);
            x[bit >>> 3] = (byte) ((x[bit >>> 3] & ~m) | (n[bit >>> 3] & m));
        }
        if (bytes == 16 && IpText.isV4Mapped(n)) {
            return; // stored as IPv4; covered by its own example test
        }
        IpPrefix p = new IpPrefix(n, l);
        BigInteger bn = new BigInteger(1, n).shiftRight(bytes * 8 - l);
        BigInteger bx = new BigInteger(1, x).shiftRight(bytes * 8 - l);
        boolean expected = bn.equals(bx) && !(bytes == 16 && IpText.isV4Mapped(x));
        assertEquals(expected, p.contains(x));
        Watchlist w = Watchlist.of(List.of(new WatchRule("r", List.of(), List.of(p), Set.of())),
                StructuralPolicy.defaults());
        EntryMatcher m = w.matcher(TestEntries.PROFILE);
        assertEquals(expected, !m.check(TestEntries.spec().ips(x).encode()).isEmpty(), p + " " + IpText.format(x));
        assertEquals(expected, !m.check(TestEntries.spec().cn(IpText.format(x)).encode()).isEmpty());
        assertEquals(expected, !m.check(TestEntries.spec().dns(IpText.format(x)).encode()).isEmpty());
    }

    @Property(tries = 300)
    void dnsMatchingAgreesWithTheDefinition(@ForAll("names") String watched, @ForAll boolean subdomains,
            @ForAll("names") String certName, @ForAll boolean wildcard, @ForAll boolean upper, @ForAll boolean dot) {
        DnsPattern p = new DnsPattern(watched, subdomains);
        String presented = (wildcard ? "*." : "") + certName;
        String shown = (upper ? presented.toUpperCase(Locale.ROOT) : presented) + (dot ? "." : "");
        EntryMatcher m = Watchlist.of(List.of(new WatchRule("r", List.of(p), List.of(), Set.of())),
                StructuralPolicy.defaults()).matcher(TestEntries.PROFILE);
        assertEquals(covers(p, presented), !m.check(TestEntries.spec().dns(shown).encode()).isEmpty(),
                p + " vs " + shown);
    }

    /** The definition, on Strings. */
    private static boolean covers(DnsPattern p, String name) {
        if (name.startsWith("*.")) {
            String parent = name.substring(2);
            // the wildcard stands for one label: it covers any name LABEL.parent
            if (p.name().contains(".") && p.name().substring(p.name().indexOf('.') + 1).equals(parent)) {
                return true; // covers the watched name (and, for subdomain patterns, the pattern's root)
            }
            return p.subdomains() && (parent.equals(p.name()) || parent.endsWith("." + p.name()))
                    || name.equals(p.name());
        }
        return name.equals(p.name()) || (p.subdomains() && name.endsWith("." + p.name()));
    }

    @Property(tries = 15)
    void manyRulesMatchLikeEachRuleAlone(@ForAll @IntRange(min = 1, max = 60) int rules, @ForAll long seed) {
        Random r = new Random(seed);
        List<WatchRule> list = new ArrayList<>();
        for (int i = 0; i < rules; i++) {
            List<DnsPattern> dns = List.of(new DnsPattern(LABELS.get(r.nextInt(LABELS.size())) + "."
                    + LABELS.get(r.nextInt(LABELS.size())), r.nextBoolean()));
            byte[] a = {1, (byte) r.nextInt(4), (byte) r.nextInt(4), (byte) r.nextInt(4)};
            int len = 8 + r.nextInt(25);
            List<IpPrefix> ip = List.of(new IpPrefix(IpPrefix.mask(a, len), len));
            Set<String> keys = r.nextBoolean() ? Set.of(HexFormat.of().formatHex(TestEntries.key("k" + i))) : Set.of();
            list.add(new WatchRule("r" + i, dns, ip, keys));
        }
        EntryMatcher all = Watchlist.of(list, StructuralPolicy.defaults()).matcher(TestEntries.PROFILE);
        for (int t = 0; t < 10; t++) {
            String name = LABELS.get(r.nextInt(LABELS.size())) + "." + LABELS.get(r.nextInt(LABELS.size())) + "."
                    + LABELS.get(r.nextInt(LABELS.size()));
            byte[] a = {1, (byte) r.nextInt(4), (byte) r.nextInt(4), (byte) r.nextInt(4)};
            byte[] keyHash = TestEntries.key("k" + r.nextInt(rules));
            byte[] e = TestEntries.spec().dns(name).ips(a).key(keyHash).encode();
            TreeSet<String> expected = new TreeSet<>();
            TreeSet<String> authorized = new TreeSet<>();
            for (WatchRule w : list) {
                EntryMatcher one = Watchlist.of(List.of(w), StructuralPolicy.defaults()).matcher(TestEntries.PROFILE);
                List<Finding> f = one.check(e);
                if (!f.isEmpty()) {
                    expected.add(w.name());
                    if (f.get(0).authorized()) {
                        authorized.add(w.name());
                    }
                }
                boolean plain = w.ip().get(0).contains(a) || covers(w.dns().get(0), name);
                assertEquals(plain, !f.isEmpty(), w + " " + name);
                assertEquals(plain && w.authorizes(keyHash), !f.isEmpty() && f.get(0).authorized());
            }
            List<Finding> got = all.check(e);
            assertEquals(expected, new TreeSet<>(got.stream().map(Finding::rule).toList()));
            assertEquals(authorized, new TreeSet<>(got.stream().filter(Finding::authorized).map(Finding::rule).toList()));
        }
    }

    @Property(tries = 100)
    void theScannerReadsWhatTheFullParserReads(@ForAll("names") String name, @ForAll @Size(max = 3) List<
            @Size(min = 4, max = 4) byte[]> ips, @ForAll boolean ca, @ForAll @Size(min = 32, max = 32) byte[] key) {
        byte[] e = TestEntries.spec().dns(name).ips(ips.toArray(new byte[0][])).key(key).encode();
        byte[] withCa = ca ? TestEntries.spec().dns(name).ips(ips.toArray(new byte[0][])).key(key).ca().encode() : e;
        MtcLogEntry parsed = MtcLogEntry.parse(TestEntries.PROFILE, withCa);
        List<String> dns = new ArrayList<>();
        List<byte[]> addrs = new ArrayList<>();
        boolean[] sawCa = {false};
        byte[][] spki = {null};
        new EntryScanner(TestEntries.PROFILE).scan(withCa, new EntryScanner.Visitor() {
            public void entryType(int type) {
                assertEquals(parsed.type(), type);
            }

            public void extensionType(int type) {}

            public void commonName(byte[] b, int from, int to) {}

            public void spkiHash(byte[] b, int from, int to) {
                spki[0] = java.util.Arrays.copyOfRange(b, from, to);
            }

            public void validity(byte[] b, int from, int to) {
                assertArrayEquals(parsed.tbsCertEntry().get().validity(), java.util.Arrays.copyOfRange(b, from, to));
            }

            public void dnsName(byte[] b, int from, int to) {
                dns.add(new String(b, from, to - from, java.nio.charset.StandardCharsets.US_ASCII));
            }

            public void ipAddress(byte[] b, int from, int to) {
                addrs.add(java.util.Arrays.copyOfRange(b, from, to));
            }

            public void caTrue() {
                sawCa[0] = true;
            }
        });
        assertArrayEquals(parsed.tbsCertEntry().get().subjectPublicKeyInfoHash(), spki[0]);
        assertEquals(List.of(name), dns);
        assertEquals(ips.size(), addrs.size());
        for (int i = 0; i < ips.size(); i++) {
            assertArrayEquals(ips.get(i), addrs.get(i));
        }
        assertEquals(ca, sawCa[0]);
        boolean hasBc = X509Der.extensionList(parsed.tbsCertEntry().get().extensions().get()).stream()
                .anyMatch(x -> x.oid().equals("2.5.29.19"));
        assertEquals(ca, hasBc);
        assertTrue(Optional.of(parsed).isPresent());
    }

    @Property(tries = 200)
    void anyByteFlipIsEitherReadOrRefusedNeverAnException(@ForAll @IntRange(min = 0, max = 10_000) int at,
            @ForAll byte value, @ForAll boolean fullParse) {
        byte[] e = TestEntries.spec().dns("www.example.com").ips(TestEntries.ip("1.1.1.1")).cn("1.1.1.1").encode();
        e[at % e.length] = value;
        EntryMatcher m = Watchlist.of(List.of(new WatchRule("r", List.of(DnsPattern.parse(".example.com")),
                List.of(IpPrefix.parse("1.1.1.1")), Set.of())), new StructuralPolicy(true, true, true, fullParse,
                Optional.empty())).matcher(TestEntries.PROFILE);
        List<Finding> found = m.check(e); // must not throw: a malformed entry is a finding
        boolean saysMalformed = found.stream().anyMatch(f -> f.rule().equals(StructuralPolicy.MALFORMED));
        boolean fullOk;
        try {
            MtcLogEntry.parse(TestEntries.PROFILE, e);
            fullOk = true;
        } catch (RuntimeException x) {
            fullOk = false;
        }
        if (fullParse && !fullOk) {
            assertTrue(saysMalformed, "with fullParse, whatever the full parser refuses is malformed");
        }
        if (fullOk && saysMalformed) {
            // the full parser does not look inside these two extensions; the scanner does (RFC 5280 rules)
            String why = found.stream().filter(f -> f.rule().equals(StructuralPolicy.MALFORMED)).findFirst().get()
                    .reason();
            assertTrue(why.startsWith("subjectAltName") || why.startsWith("basicConstraints"), why);
        }
    }

    /**
     * The monitor checks entries in place, inside the log client's bundle buffer ({@code EntryView}): an entry
     * between arbitrary bytes raises exactly what its copy raises, whether well-formed, byte-flipped or cut short
     * (the scan never reads past the entry's end).
     */
    @Property(tries = 300)
    void anEntryCheckedInPlaceRaisesWhatItsCopyRaises(@ForAll("names") String name, @ForAll boolean wildcard,
            @ForAll @Size(max = 2) List<@Size(min = 4, max = 4) byte[]> ips, @ForAll boolean ipCn,
            @ForAll @IntRange(min = 0, max = 3) int damage, @ForAll @IntRange(min = 0, max = 10_000) int at,
            @ForAll byte value, @ForAll @Size(max = 40) byte[] before, @ForAll @Size(max = 40) byte[] after) {
        TestEntries.Spec spec = TestEntries.spec().dns((wildcard ? "*." : "") + name).ips(ips.toArray(new byte[0][]));
        byte[] e = (ipCn ? spec.cn("1.1.1.1") : spec).key(TestEntries.key(name)).encode();
        if (damage == 1) {
            e[at % e.length] = value;
        } else if (damage == 2) {
            e = java.util.Arrays.copyOf(e, at % e.length);
        }
        byte[] buf = new byte[before.length + e.length + after.length];
        System.arraycopy(before, 0, buf, 0, before.length);
        System.arraycopy(e, 0, buf, before.length, e.length);
        System.arraycopy(after, 0, buf, before.length + e.length, after.length);
        List<WatchRule> rules = List.of(
                new WatchRule("n", List.of(new DnsPattern(name, true)), List.of(IpPrefix.parse("1.0.0.0/8")), Set.of()),
                new WatchRule("k", List.of(new DnsPattern("example.com", true)), List.of(),
                        Set.of(HexFormat.of().formatHex(TestEntries.key(name)))));
        EntryMatcher m = Watchlist.of(rules, StructuralPolicy.defaults()).matcher(TestEntries.PROFILE);
        assertEquals(m.check(e), m.check(buf, before.length, before.length + e.length));
    }

    /** The prefilter before address parsing never hides an address the strict parser reads. */
    @Property(tries = 1000)
    void mayBeAddressHoldsForEveryAddress(@ForAll("addressLike") String s, @ForAll @Size(max = 3) String noise) {
        for (String t : List.of(s, noise + s, s + noise)) {
            byte[] b = t.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            if (IpText.parse(b, 0, b.length) != null) {
                assertTrue(IpText.mayBeAddress(b, 0, b.length), t);
            }
        }
    }
}
