package io.mtc4j.spec.names;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {
    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4", "::", "::1", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4", "::1.2.3.4",
        "fe80::1:2", "[2001:db8::1]", "0.0.0.0", "255.255.255.255"})
    void wellFormedAddresses(String host) {
        assertTrue(IpAddresses.parse(host).isPresent(), host);
    }

    @ParameterizedTest
    @CsvSource({
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "0:0:0:0:0:0:0:0, ::",
        "1:0:0:2:0:0:0:3, 1:0:0:2::3",
        "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
        "1:0:2:3:4:5:6:7, 1:0:2:3:4:5:6:7",
    })
    void formatIsRfc5952(String in, String expected) {
        assertEquals(expected, IpAddresses.format(IpAddresses.parseOrThrow(in)));
    }

    @Property
    void everyIpv6RoundTrips(@ForAll("ipv6") byte[] a) {
        assertArrayEquals(a, IpAddresses.parseOrThrow(IpAddresses.format(a)));
        assertArrayEquals(a, IpAddresses.parseOrThrow("[" + IpAddresses.format(a) + "]"));
    }

    @Provide
    Arbitrary<byte[]> ipv6() {
        // Bias towards zero runs so that '::' compression is exercised.
        return Arbitraries.integers().between(0, 3).list().ofSize(16).map(l -> {
            byte[] b = new byte[16];
            for (int i = 0; i < 16; i++) {
                b[i] = (byte) (l.get(i) == 0 ? 0 : l.get(i) * 85);
            }
            return b;
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3", "010.1.1.1", "1.2.3.4.5", "256.1.1.1", "1.2.3.", ".1.2.3", "0x7f.0.0.1",
        "1..2.3", "::1%eth0", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", ":::1", "1::2::3", "12345::", "g::1",
        "1.2.3.4::", "1:2:3:4:5:6:7:8::", "[1.2.3.4]", "::1.2.3", "", "127.1", "1.2.3.04", "1:2:3:4:5:6:7:8:1.2.3.4",
        "1::2:3:4:5:6:7:8", "::FFFFF"})
    void malformedAddressesAreRefused(String text) {
        MtcParseException e = assertThrows(MtcParseException.class, () -> IpAddresses.parseOrThrow(text));
        assertEquals("ip-address", e.field());
    }

    @Property
    void everyIpv4RoundTrips(@ForAll byte[] raw) {
        byte[] a = java.util.Arrays.copyOf(raw, 4);
        assertArrayEquals(a, IpAddresses.parseOrThrow(IpAddresses.format(a)));
    }

    @Property
    void canonicalMapsOnlyIpv4MappedAddresses(@ForAll("ipv6") byte[] a) {
        byte[] c = IpAddresses.canonical(a);
        boolean mapped = java.util.Arrays.equals(java.util.Arrays.copyOf(a, 12),
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff});
        assertEquals(mapped ? 4 : 16, c.length);
        assertArrayEquals(java.util.Arrays.copyOfRange(a, mapped ? 12 : 0, 16), c);
    }
}
