package io.mtc4j.spec.tiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Entry bundles (tlog-tiles §"Log entries"): round trips, strictness, and 10^4 random and mutated inputs. */
class EntryBundleProperties {

    @Provide
    Arbitrary<List<byte[]>> entryLists() {
        Arbitrary<byte[]> entry = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Arbitraries.bytes().array(byte[].class).ofMinSize(250).ofMaxSize(300));
        return entry.list().ofMinSize(1).ofMaxSize(256);
    }

    @Provide
    Arbitrary<List<byte[]>> smallEntryLists() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(12).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 100)
    void roundTrips(@ForAll("entryLists") List<byte[]> entries) {
        EntryBundle b = EntryBundle.of(entries);
        byte[] enc = b.encode();
        EntryBundle back = EntryBundle.parse(enc);
        assertEquals(b, back);
        assertEquals(b.hashCode(), back.hashCode());
        assertArrayEquals(enc, back.encode());
        assertEquals(entries.size(), back.size());
        for (int i = 0; i < entries.size(); i++) {
            assertArrayEquals(entries.get(i), back.entry(i));
        }
        EntryBundle exact = EntryBundle.parse(TilePath.entryBundle(3, entries.size()), enc);
        assertEquals(b, exact);
        int other = entries.size() == 256 ? 255 : entries.size() + 1;
        MtcParseException e = assertThrows(MtcParseException.class,
                () -> EntryBundle.parse(TilePath.entryBundle(3, other), enc));
        assertEquals("entry bundle", e.field());
    }

    @Provide
    Arbitrary<byte[]> mutatedBundles() {
        return Combinators.combine(smallEntryLists().map(l -> EntryBundle.of(l).encode()),
                Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 100_000),
                Arbitraries.bytes()).as((enc, op, pos, val) -> {
                    int i = pos % enc.length;
                    return switch (op) {
                        case 0 -> { byte[] c = enc.clone(); c[i] = val; yield c; }
                        case 1 -> Arrays.copyOf(enc, i); // truncation
                        case 2 -> { byte[] c = Arrays.copyOf(enc, enc.length + 1); c[enc.length] = val; yield c; }
                        default -> { byte[] c = enc.clone(); c[i] ^= (byte) 0x80; yield c; }
                    };
                });
    }

    @Property(tries = 10_000)
    void mutatedInputsParseCanonicallyOrFailWithATypedError(@ForAll("mutatedBundles") byte[] data) {
        checkParse(data);
    }

    @Property(tries = 10_000)
    void randomInputsParseCanonicallyOrFailWithATypedError(@ForAll("randomBytes") byte[] data) {
        checkParse(data);
    }

    @Provide
    Arbitrary<byte[]> randomBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
    }

    private static void checkParse(byte[] data) {
        EntryBundle b;
        try {
            b = EntryBundle.parse(data);
        } catch (MtcParseException e) {
            assertTrue(e.field().startsWith("entry bundle"), e.field());
            assertFalse(e.rule().isEmpty());
            return;
        }
        assertArrayEquals(data, b.encode(), "encode(parse(b)) == b");
    }

    @Example
    void strictness() {
        HexFormat hex = HexFormat.of();
        assertEquals("entry bundle: empty (tlog-tiles: empty tiles MUST NOT be served)",
                assertThrows(MtcParseException.class, () -> EntryBundle.parse(new byte[0])).getMessage());
        MtcParseException trunc = assertThrows(MtcParseException.class,
                () -> EntryBundle.parse(hex.parseHex("0002aa")));
        assertEquals("entry bundle.entry[0]", trunc.field());
        assertTrue(trunc.rule().contains("truncated"));
        MtcParseException half = assertThrows(MtcParseException.class,
                () -> EntryBundle.parse(hex.parseHex("0001aa00")));
        assertEquals("entry bundle.entry[1] length", half.field());
        List<byte[]> many = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            many.add(new byte[] {(byte) i});
        }
        byte[] full = EntryBundle.of(many).encode();
        byte[] over = Arrays.copyOf(full, full.length + 2);
        MtcParseException tooMany = assertThrows(MtcParseException.class, () -> EntryBundle.parse(over));
        assertTrue(tooMany.rule().contains("more than 256"));
        assertEquals(2, EntryBundle.parse(hex.parseHex("00000000")).size()); // empty entries are allowed
        assertThrows(IllegalArgumentException.class, () -> EntryBundle.of(List.of()));
        many.add(new byte[0]);
        assertThrows(IllegalArgumentException.class, () -> EntryBundle.of(many));
        assertThrows(IllegalArgumentException.class, () -> EntryBundle.of(List.of(new byte[65536])));
        assertThrows(IllegalArgumentException.class,
                () -> EntryBundle.parse(TilePath.hashTile(0, 0, 1), hex.parseHex("0000")));
        assertEquals(1, EntryBundle.of(List.of(new byte[65535])).size());
        EntryBundle one = EntryBundle.of(List.of(new byte[] {1}));
        one.entries().get(0)[0] = 9; // copies out
        assertEquals(1, one.entry(0)[0]);
        assertNotEquals(one, EntryBundle.of(List.of(new byte[] {2})));
        assertNotEquals(one, EntryBundle.of(List.of(new byte[] {1}, new byte[] {1})));
        assertNotEquals(one, "x");
        assertEquals("EntryBundle[1 entries]", one.toString());
    }
}
