package io.mtc4j.spec.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** TlsReader/TlsWriter: exact bytes, bounds, trailing data and truncation. */
class TlsCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void integersAreBigEndian() {
        byte[] b = TlsWriter.encode(w -> w.u8(0xab).u16(0x1234).u24(0x56789a).u48(0x0102030405L)
                .u64(0xfedcba9876543210L));
        assertEquals("ab" + "1234" + "56789a" + "000102030405" + "fedcba9876543210", HEX.formatHex(b));
        TlsReader r = TlsReader.of(b);
        assertEquals(0xab, r.u8("a"));
        assertEquals(0x1234, r.u16("b"));
        assertEquals(0x56789a, r.u24("c"));
        assertEquals(0x0102030405L, r.u48("d"));
        assertEquals(0xfedcba9876543210L, r.u64("e"));
        assertTrue(r.isEmpty());
        r.finish("S");
    }

    @Test
    void writerRejectsOutOfRangeIntegers() {
        TlsWriter w = new TlsWriter();
        assertThrows(MtcException.class, () -> w.u8(256));
        assertThrows(MtcException.class, () -> w.u8(-1));
        assertThrows(MtcException.class, () -> w.u16(0x10000));
        assertThrows(MtcException.class, () -> w.u24(0x1000000));
        assertThrows(MtcException.class, () -> w.u48(1L << 48));
        assertThrows(MtcException.class, () -> w.u48(-1));
        assertEquals(0, w.size(), "nothing written by failed writes");
        w.u48((1L << 48) - 1).u64(-1L);
        assertEquals("ffffffffffff" + "ffffffffffffffff", HEX.formatHex(w.toByteArray()));
    }

    @Test
    void vectorsCarryTheirLengthAndBounds() {
        byte[] b = TlsWriter.encode(w -> w.u8Bytes("a", 0, 255, new byte[] {1, 2})
                .u16Bytes("b", 1, 10, new byte[] {3})
                .u24Vector("c", 0, 100, v -> v.u16(7).u8(8)));
        assertEquals("02" + "0102" + "0001" + "03" + "000003" + "000708", HEX.formatHex(b));
        TlsReader r = TlsReader.of(b);
        assertArrayEquals(new byte[] {1, 2}, r.u8Bytes("a", 0, 255));
        assertArrayEquals(new byte[] {3}, r.u16Bytes("b", 1, 10));
        TlsReader c = r.u24Vector("c", 0, 100);
        assertEquals(7, c.u16("c.x"));
        assertEquals(8, c.u8("c.y"));
        c.finish("c");
        r.finish("S");

        MtcException tooLong = assertThrows(MtcException.class,
                () -> TlsWriter.encode(w -> w.u16Bytes("f", 0, 2, new byte[3])));
        assertTrue(tooLong.getMessage().contains("f: length 3 outside <0..2>"));
        assertThrows(MtcException.class, () -> TlsWriter.encode(w -> w.u8Bytes("f", 1, 5, new byte[0])));
        assertThrows(MtcException.class, () -> TlsWriter.encode(w -> w.u8Bytes("f", 0, 300, new byte[256])));

        MtcParseException below = assertThrows(MtcParseException.class,
                () -> TlsReader.of(HEX.parseHex("00")).u8Bytes("g", 1, 4));
        assertEquals("g", below.field());
        assertEquals("length 0 outside <1..4>", below.rule());
        MtcParseException above = assertThrows(MtcParseException.class,
                () -> TlsReader.of(HEX.parseHex("0005aabbccddee")).u16Bytes("g", 0, 4));
        assertEquals("length 5 outside <0..4>", above.rule());
    }

    @Test
    void trailingDataIsRejected() {
        TlsReader r = TlsReader.of(HEX.parseHex("0102"));
        r.u8("a");
        assertEquals(1, r.remaining());
        assertEquals(1, r.position());
        MtcParseException e = assertThrows(MtcParseException.class, () -> r.finish("S"));
        assertEquals("S: 1 bytes of trailing data", e.getMessage());
        MtcParseException inner = assertThrows(MtcParseException.class,
                () -> TlsReader.parseAll(HEX.parseHex("0201020304"), "T", t -> {
                    TlsReader v = t.u8Vector("T.v", 0, 9);
                    v.u8("T.v.x");
                    v.finish("T.v");
                    return null;
                }));
        assertEquals("T.v", inner.field());
        assertEquals(7, (int) TlsReader.parseAll(HEX.parseHex("07"), "U", t -> t.u8("U.x")));
        assertThrows(MtcParseException.class, () -> TlsReader.parseAll(HEX.parseHex("0708"), "U", t -> t.u8("U.x")));
    }

    @Test
    void everyTruncationIsATypedError() {
        byte[] full = TlsWriter.encode(w -> w.u16(1).u24(2).u48(3).u64(4).u8Bytes("a", 0, 9, new byte[] {5, 6})
                .u16Bytes("b", 0, 9, new byte[] {7}).u24Vector("c", 0, 9, v -> v.u8(8)).bytes(new byte[] {9, 9}));
        for (int len = 0; len < full.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(full, len);
            MtcParseException e = assertThrows(MtcParseException.class, () -> readAll(cut), "length " + len);
            assertFalse(e.field().isEmpty());
            assertTrue(e.rule().startsWith("truncated"), e.getMessage());
        }
        readAll(full);
    }

    private static void readAll(byte[] b) {
        TlsReader.parseAll(b, "S", r -> {
            r.u16("S.a");
            r.u24("S.b");
            r.u48("S.c");
            r.u64("S.d");
            r.u8Bytes("S.e", 0, 9);
            r.u16Bytes("S.f", 0, 9);
            r.u24Bytes("S.g", 0, 9);
            r.bytes("S.h", 2);
            return null;
        });
    }

    @Test
    void readerCopiesItsInputAndRestReadsEverything() {
        byte[] in = {1, 2, 3};
        TlsReader r = TlsReader.of(in);
        in[0] = 9;
        assertEquals(1, r.u8("x"));
        assertArrayEquals(new byte[] {2, 3}, r.rest());
        assertTrue(r.isEmpty());
        assertArrayEquals(new byte[0], r.rest());
    }
}
