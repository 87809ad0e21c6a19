package io.mtc4j.spec.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mtc4j.spec.MtcParseException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Round trips of every codec primitive, and random input to a small structure fails only with typed errors. */
class TlsCodecProperties {

    @Property(tries = 500)
    void integersRoundTrip(@ForAll @IntRange(min = 0, max = 0xff) int a, @ForAll @IntRange(min = 0, max = 0xffff) int b,
            @ForAll @IntRange(min = 0, max = 0xffffff) int c, @ForAll @LongRange(min = 0, max = (1L << 48) - 1) long d,
            @ForAll long e) {
        byte[] enc = TlsWriter.encode(w -> w.u8(a).u16(b).u24(c).u48(d).u64(e));
        assertEquals(1 + 2 + 3 + 6 + 8, enc.length);
        TlsReader r = TlsReader.of(enc);
        assertEquals(a, r.u8("a"));
        assertEquals(b, r.u16("b"));
        assertEquals(c, r.u24("c"));
        assertEquals(d, r.u48("d"));
        assertEquals(e, r.u64("e"));
        r.finish("S");
    }

    @Property(tries = 300)
    void vectorsRoundTrip(@ForAll @Size(max = 255) byte[] a, @ForAll @Size(max = 300) byte[] b,
            @ForAll @Size(max = 40) List<@Size(max = 20) byte[]> items) {
        byte[] enc = TlsWriter.encode(w -> w.u8Bytes("a", 0, 255, a).u16Bytes("b", 0, 0xffff, b)
                .u24Vector("c", 0, 0xffffff, v -> items.forEach(i -> v.u8Bytes("c.i", 0, 255, i))));
        TlsReader r = TlsReader.of(enc);
        assertArrayEquals(a, r.u8Bytes("a", 0, 255));
        assertArrayEquals(b, r.u16Bytes("b", 0, 0xffff));
        TlsReader c = r.u24Vector("c", 0, 0xffffff);
        for (byte[] i : items) {
            assertArrayEquals(i, c.u8Bytes("c.i", 0, 255));
        }
        c.finish("c");
        r.finish("S");
    }

    @Provide
    Arbitrary<byte[]> randomInput() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
    }

    /** struct { uint16 x; opaque y<1..8>; uint8 z<0..255> (as a vector of u8) } read strictly. */
    @Property(tries = 10_000)
    void randomInputFailsOnlyWithTypedErrors(@ForAll("randomInput") byte[] in) {
        try {
            byte[] again = TlsReader.parseAll(in, "S", r -> {
                int x = r.u16("S.x");
                byte[] y = r.u8Bytes("S.y", 1, 8);
                byte[] z = r.u8Bytes("S.z", 0, 255);
                return TlsWriter.encode(w -> w.u16(x).u8Bytes("S.y", 1, 8, y).u8Bytes("S.z", 0, 255, z));
            });
            assertArrayEquals(in, again, "encode(parse(b)) == b");
        } catch (MtcParseException e) {
            assertFalse(e.field().isEmpty());
            assertFalse(e.rule().isEmpty());
            assertEquals(true, e.field().startsWith("S"));
        }
    }
}
