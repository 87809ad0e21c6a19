package io.mtc4j.spec.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class DecimalTest {
    @Test
    void acceptsCanonicalUnsigned64() {
        assertEquals(0, Decimal.parseUnsigned("f", "0"));
        assertEquals(2036, Decimal.parseUnsigned("f", "2036"));
        assertEquals(Long.MAX_VALUE, Decimal.parseUnsigned("f", "9223372036854775807"));
        assertEquals(-1L, Decimal.parseUnsigned("f", "18446744073709551615"));
    }

    @Test
    void rejectsWithFieldAndRule() {
        String[][] cases = {
            {"", "must be 1..20 decimal digits"},
            {"123456789012345678901", "must be 1..20 decimal digits"},
            {"+1", "must be ASCII decimal digits only (no sign)"},
            {"-1", "must be ASCII decimal digits only (no sign)"},
            {"1 ", "must be ASCII decimal digits only (no sign)"},
            {"\u0661", "must be ASCII decimal digits only (no sign)"}, // ARABIC-INDIC DIGIT ONE
            {"01", "no leading zeros"},
            {"00", "no leading zeros"},
            {"18446744073709551616", "exceeds 2^64-1"},
            {"99999999999999999999", "exceeds 2^64-1"},
        };
        for (String[] c : cases) {
            MtcParseException e = assertThrows(MtcParseException.class, () -> Decimal.parseUnsigned("x.size", c[0]), c[0]);
            assertEquals("x.size", e.field(), c[0]);
            assertEquals(c[1], e.rule(), c[0]);
        }
    }

    @Property(tries = 2000)
    void formatParseRoundTrip(@ForAll long v) {
        assertEquals(v, Decimal.parseUnsigned("f", Long.toUnsignedString(v)));
    }

    @Property(tries = 2000)
    void anyStringParsesCanonicallyOrThrowsParseException(@ForAll String s) {
        try {
            assertEquals(s, Long.toUnsignedString(Decimal.parseUnsigned("f", s)));
        } catch (MtcParseException e) {
            assertTrue(e.getMessage().startsWith("f: "));
        }
    }
}
