package io.mtc4j.spec.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DnsNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"example.com", "a.b", "EXAMPLE.com", "*.example.com", "xn--bcher-kva.example",
            "1a.example.org", "a-b.c-d.example"})
    void acceptsValidNames(String name) {
        String n = DnsNames.check(name, "f", true);
        assertEquals(name.toLowerCase(java.util.Locale.ROOT), n);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "example.com.", "-a.example", "a-.example", "a..example", "*.com", "*",
            "f*.example.com", "a.*.example.com", "*.*.example.com", "bücher.example", "a b.example", "1.2.3.4",
            "example.123", "ab--cd.example", "xn--.example", "xn--a.example", "xn--abc-.example", "a_b.example",
            "xn--bcher-kva.xn--99zz"})
    void refusesInvalidNames(String name) {
        MtcParseException e = assertThrows(MtcParseException.class, () -> DnsNames.check(name, "requests[0].dns[0]",
                true));
        assertEquals("requests[0].dns[0]", e.field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"*.example.com"})
    void wildcardOnlyWhereAllowed(String name) {
        assertThrows(MtcParseException.class, () -> DnsNames.check(name, "f", false));
    }

    @ParameterizedTest
    @ValueSource(ints = {63, 64})
    void labelLengthLimit(int len) {
        String name = "a".repeat(len) + ".example";
        if (len <= 63) {
            assertEquals(name, DnsNames.check(name, "f", false));
        } else {
            assertThrows(MtcParseException.class, () -> DnsNames.check(name, "f", false));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {253, 254})
    void nameLengthLimit(int len) {
        String name = ("a".repeat(63) + ".").repeat(4).substring(0, len - 4) + ".com";
        assertEquals(len, name.length());
        if (len <= 253) {
            assertEquals(name, DnsNames.check(name, "f", false));
        } else {
            assertThrows(MtcParseException.class, () -> DnsNames.check(name, "f", false));
        }
    }

    @Property
    void generatedLdhNamesAreAccepted(@ForAll("names") List<String> labels, @ForAll boolean wildcard) {
        String name = (wildcard ? "*." : "") + String.join(".", labels) + ".example";
        assertEquals(name.toLowerCase(java.util.Locale.ROOT), DnsNames.check(name, "f", true));
    }

    @Property
    void aCharacterOutsideLdhIsRefused(@ForAll("names") List<String> labels,
            @ForAll("notLdh") char bad, @ForAll int where) {
        String name = String.join(".", labels) + ".example";
        int at = Math.floorMod(where, name.length());
        String broken = name.substring(0, at) + bad + name.substring(at);
        assertThrows(MtcParseException.class, () -> DnsNames.check(broken, "f", false));
    }

    @Property
    void checkIsIdempotent(@ForAll("names") List<String> labels) {
        String once = DnsNames.check(String.join(".", labels) + ".Example", "f", false);
        assertEquals(once, DnsNames.check(once, "f", false));
        assertTrue(DnsNames.isLdhLabel(once.split("\\.")[0]));
    }

    @Provide
    Arbitrary<List<String>> names() {
        Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
                .ofMinLength(1).ofMaxLength(63)
                .filter(s -> !s.startsWith("-") && !s.endsWith("-") && !(s.length() >= 4 && s.charAt(2) == '-'
                        && s.charAt(3) == '-'));
        return label.list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<Character> notLdh() {
        return Arbitraries.chars().filter(c -> !(Character.isLetterOrDigit(c) && c < 0x80) && c != '-' && c != '.');
    }
}
