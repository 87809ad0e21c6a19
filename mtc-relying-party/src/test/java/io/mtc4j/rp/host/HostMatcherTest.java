package io.mtc4j.rp.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.names.IpAddresses;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostMatcherTest {
    private static final HexFormat HEX = HexFormat.of();

    private static boolean dns(String host, String... presented) {
        return HostMatcher.matches(HostMatcher.parseReference(host), List.of(presented), List.of());
    }

    private static boolean ip(String host, String... presentedHex) {
        return HostMatcher.matches(HostMatcher.parseReference(host), List.of(),
                java.util.Arrays.stream(presentedHex).map(HEX::parseHex).toList());
    }

    @ParameterizedTest
    @CsvSource({
        "a.example, a.example, true",
        "A.Example, a.example, true",
        "a.example, A.EXAMPLE, true",
        "a.example., a.example, true",
        "a.example, a.example., true",
        "b.example, a.example, false",
        "a.example, a.example.com, false",
        "x.blah.b.example, *.blah.b.example, true",
        "X.BLAH.b.example, *.Blah.B.Example, true",
        "blah.b.example, *.blah.b.example, false",
        "y.x.blah.b.example, *.blah.b.example, false",
        "foo.example.com, f*.example.com, false",
        "foo.example.com, *o.example.com, false",
        "foo.example.com, fo*o.example.com, false",
        "foo.example, *.example, false",
        "example, *, false",
        "foo.bar.example, foo.*.example, false",
        "foo.bar.example, *.*.example, false",
        "xn--bcher-kva.example, xn--bcher-kva.example, true",
        "xn--bcher-kva.example, XN--BCHER-KVA.example, true",
        "xn--bcher-kva.example, *.example, false",
        "a.example, a..example, false",
        "a.example, '', false",
        "a-b.example, a-b.example, true",
    })
    void dnsMatching(String host, String presented, boolean expected) {
        assertEquals(expected, dns(host, presented), host + " vs " + presented);
    }

    @ParameterizedTest
    @CsvSource({
        "192.0.2.1, c0000201, true",
        "192.0.2.1, c0000202, false",
        "192.0.2.1, 00000000000000000000ffffc0000201, true",
        "::ffff:192.0.2.1, c0000201, true",
        "::ffff:c000:201, c0000201, true",
        "[::ffff:192.0.2.1], c0000201, true",
        "2001:db8::1, 20010db8000000000000000000000001, true",
        "2001:DB8:0:0:0:0:0:1, 20010db8000000000000000000000001, true",
        "2001:db8::1, 20010db8000000000000000000000002, false",
        "::1, 00000000000000000000000000000001, true",
        "::, 00000000000000000000000000000000, true",
        "::c000:201, c0000201, false",
        "192.0.2.1, c0000201ffffffff, false",
    })
    void ipMatching(String host, String presentedHex, boolean expected) {
        assertEquals(expected, ip(host, presentedHex), host + " vs " + presentedHex);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3", "010.1.1.1", "1.2.3.4.5", "256.1.1.1", "1.2.3.", ".1.2.3",
        "0x7f.0.0.1", "1.2.3.-4", "1..2.3", "::1%eth0", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", ":::1",
        "1::2::3", "12345::", "g::1", "1.2.3.4::", "1:2:3:4:5:6:7:8::", "[1.2.3.4]", "::1.2.3", "",
        "a_b.example", "-a.example", "a-.example", "a..example", "ex ample.com", "bücher.example", "*.example",
        "127.1", "1.2.3.04"})
    void malformedReferencesAreRefusedWithoutResolving(String host) {
        MtcParseException e = assertThrows(MtcParseException.class, () -> HostMatcher.parseReference(host));
        assertEquals("host", e.field());
    }

    @Property
    void everyIpv4RoundTrips(@ForAll byte[] raw) {
        byte[] a = java.util.Arrays.copyOf(raw, 4);
        String text = IpAddresses.format(a);
        assertArrayEquals(a, IpAddresses.parseOrThrow(text));
        assertTrue(HostMatcher.matchesIpAddress(a, mapped(a)));
        assertTrue(HostMatcher.matchesIpAddress(mapped(a), a));
    }

    private static byte[] mapped(byte[] v4) {
        byte[] m = new byte[16];
        m[10] = (byte) 0xff;
        m[11] = (byte) 0xff;
        System.arraycopy(v4, 0, m, 12, 4);
        return m;
    }

    @Property
    void aWildcardCoversExactlyOneLeftMostLabel(@ForAll("label") String a, @ForAll("label") String b,
            @ForAll("label") String c) {
        String ref = a + "." + b + "." + c + ".example";
        assertTrue(dns(ref, "*." + b + "." + c + ".example"));
        assertFalse(dns(ref, "*." + c + ".example"));
        assertFalse(dns(b + "." + c + ".example", "*." + b + "." + c + ".example"));
        assertTrue(dns(ref.toUpperCase(java.util.Locale.ROOT), ref));
    }

    @Provide
    Arbitrary<String> label() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789").ofMinLength(1).ofMaxLength(12);
    }

    @org.junit.jupiter.api.Test
    void ipReferenceNeverMatchesDnsNamesAndViceVersa() {
        HostMatcher.Reference ipRef = HostMatcher.parseReference("192.0.2.1");
        assertFalse(HostMatcher.matches(ipRef, List.of("192.0.2.1"), List.of()));
        HostMatcher.Reference dnsRef = HostMatcher.parseReference("a.example");
        assertFalse(HostMatcher.matches(dnsRef, List.of(), List.of(HEX.parseHex("c0000201"))));
        assertEquals(Optional.of("a.example"), dnsRef.dnsName());
        assertEquals("192.0.2.1", ipRef.toString());
        assertEquals(ipRef, HostMatcher.parseReference("::ffff:192.0.2.1".substring(7)));
        assertEquals(ipRef.hashCode(), HostMatcher.parseReference("192.0.2.1").hashCode());
        assertEquals(dnsRef, HostMatcher.parseReference("A.example."));
        org.junit.jupiter.api.Assertions.assertNotEquals(ipRef, dnsRef);
    }

    /** Review (style): a Reference built directly is normalized (or refused), never silently unmatched. */
    @Test
    void directlyBuiltReferencesAreNormalized() {
        HostMatcher.Reference r = new HostMatcher.Reference(Optional.of("A.Example."), Optional.empty());
        assertEquals(Optional.of("a.example"), r.dnsName());
        assertEquals(HostMatcher.parseReference("a.example"), r);
        assertTrue(HostMatcher.matches(r, List.of("a.example"), List.of()));
        assertThrows(MtcParseException.class, () -> new HostMatcher.Reference(Optional.of("a..example"),
                Optional.empty()));
        assertThrows(MtcParseException.class, () -> new HostMatcher.Reference(Optional.empty(),
                Optional.of(new byte[5])));
        assertThrows(IllegalArgumentException.class, () -> new HostMatcher.Reference(Optional.empty(),
                Optional.empty()));
    }
}
