package io.mtc4j.spec.tai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TrustAnchorIdTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void draftExamples() {
        assertEquals("81fd5901", HEX.formatHex(TrustAnchorId.parse("32473.1").binary()));
        assertEquals("8fffffff7f", HEX.formatHex(TrustAnchorId.parse("4294967295").binary()));
        assertEquals("81fd59010001", HEX.formatHex(TrustAnchorId.parse("32473.1").logId(1).binary()));
        assertEquals("32473.1.1.8.42", TrustAnchorId.parse("32473.1").landmarkId(8, 42).ascii());
        assertEquals("32473.1.2.8.42", TrustAnchorId.parse("32473.1").landmarkGroupId(8, 42).ascii());
        assertEquals("oid/1.3.6.1.4.1.32473.2.0.42", TrustAnchorId.parse("32473.2").logId(42).tlogName());
        assertEquals("18446744073709551615", TrustAnchorId.parse("18446744073709551615").ascii());
        assertEquals("18446744073709551615",
                TrustAnchorId.fromBinary(TrustAnchorId.parse("18446744073709551615").binary()).ascii());
    }

    @Test
    void rejectsMalformed() {
        for (String bad : new String[] {"", ".", "1..2", "01", "1.02", "a", "1.", "18446744073709551616",
                "123456789012345678901"}) {
            assertThrows(MtcParseException.class, () -> TrustAnchorId.parse(bad), bad);
        }
        for (String bad : new String[] {"", "80", "8001", "81", "0180", "82808080808080808000"}) {
            assertThrows(MtcParseException.class, () -> TrustAnchorId.fromBinary(HEX.parseHex(bad)), bad);
        }
        assertThrows(MtcParseException.class, () -> TrustAnchorId.fromTlogName("oid/1.2.3"));
        assertThrows(MtcParseException.class, () -> TrustAnchorId.fromBinary(new byte[256]));
    }

    @Test
    void orderIsLengthThenBytes() {
        TrustAnchorId a = TrustAnchorId.parse("32473.1");
        TrustAnchorId b = TrustAnchorId.parse("32473.2.1");
        TrustAnchorId c = TrustAnchorId.parse("32473.2.2");
        assertTrue(a.compareTo(b) < 0);
        assertTrue(b.compareTo(c) < 0);
        assertTrue(TrustAnchorId.parse("200").compareTo(TrustAnchorId.parse("1.1")) > 0);
    }

    @Provide
    Arbitrary<String> asciiIds() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE).map(v -> Long.toString(v)).list().ofMinSize(1).ofMaxSize(8)
                .map(l -> String.join(".", l));
    }

    @Property
    void asciiBinaryRoundTrip(@ForAll("asciiIds") String ascii) {
        TrustAnchorId id = TrustAnchorId.parse(ascii);
        assertEquals(ascii, id.ascii());
        TrustAnchorId back = TrustAnchorId.fromBinary(id.binary());
        assertEquals(id, back);
        assertEquals(ascii, back.ascii());
        assertArrayEquals(id.binary(), back.binary());
        assertEquals(id, TrustAnchorId.fromTlogName(id.tlogName()));
    }

    @Property
    void binaryDecodeNeverThrowsUntyped(@ForAll byte[] input) {
        try {
            TrustAnchorId id = TrustAnchorId.fromBinary(input);
            assertArrayEquals(input, id.binary());
        } catch (MtcParseException e) {
            assertTrue(e.getMessage().startsWith("TrustAnchorID: "));
        }
    }
}
