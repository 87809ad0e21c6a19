package io.mtc4j.spec.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import org.junit.jupiter.api.Test;

/** C2SP tlog-tiles §"Merkle Tree" path examples and the strict parser's error messages. */
class TilePathTest {

    @Test
    void specExamples() {
        // "index 1234067 will be encoded as x001/x234/067"
        assertEquals("tile/0/x001/x234/067", TilePath.hashTile(0, 1234067, 256).path());
        assertEquals(TilePath.hashTile(0, 1234067, 256), TilePath.parse("tile/0/x001/x234/067"));
        assertEquals("tile/entries/007.p/244", TilePath.entryBundle(7, 244).path());
        assertEquals("tile/1/000.p/7", TilePath.hashTile(1, 0, 7).toString());
        assertEquals("tile/63/x009/x223/x372/x036/x854/x775/807",
                TilePath.hashTile(63, Long.MAX_VALUE, 256).path());
        assertEquals(TilePath.hashTile(63, Long.MAX_VALUE, 256),
                TilePath.parse("tile/63/x009/x223/x372/x036/x854/x775/807"));
        assertEquals("tile/2/x001/000", TilePath.hashTile(2, 1000, 256).path());
        assertEquals("tile/2/999", TilePath.hashTile(2, 999, 256).path());
        assertTrue(TilePath.parse("tile/entries/000.p/1").isPartial());
        assertFalse(TilePath.parse("tile/entries/000").isPartial());
    }

    @Test
    void anEntryBundleHasNoLevel() {
        assertEquals(TilePath.entryBundleFor(7, 2036), TilePath.tileFor(true, 0, 7, 2036));
        assertEquals(TilePath.hashTileFor(1, 0, 70_000), TilePath.tileFor(false, 1, 0, 70_000));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TilePath.tileFor(true, 1, 0, 70_000));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("level:"), e.getMessage());
    }

    @Test
    void widthsForATreeOf70000() {
        // tlog-tiles §"Partial Tiles": 273 full level-0 tiles, a level-0 partial of width 112, one full level-1
        // tile, a level-1 partial of width 17 and a level-2 partial of width 1.
        long s = 70_000;
        assertEquals(256, TilePath.hashTileFor(0, 272, s).width());
        assertEquals(112, TilePath.hashTileFor(0, 273, s).width());
        assertEquals(256, TilePath.hashTileFor(1, 0, s).width());
        assertEquals(17, TilePath.hashTileFor(1, 1, s).width());
        assertEquals(1, TilePath.hashTileFor(2, 0, s).width());
        assertEquals(112, TilePath.entryBundleFor(273, s).width());
        assertThrows(IllegalArgumentException.class, () -> TilePath.hashTileFor(0, 274, s));
        assertThrows(IllegalArgumentException.class, () -> TilePath.hashTileFor(3, 0, s));
        // "a tree of size 256 will be represented by a full level 0 tile and a partial level 1 tile of width 1"
        assertEquals(256, TilePath.hashTileFor(0, 0, 256).width());
        assertEquals(1, TilePath.hashTileFor(1, 0, 256).width());
        assertThrows(IllegalArgumentException.class, () -> TilePath.hashTileFor(0, 1, 256));
        assertThrows(IllegalArgumentException.class, () -> TilePath.hashTileFor(9, 0, Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> TilePath.hashTileFor(-1, 0, 5));
    }

    @Test
    void constructorBounds() {
        assertThrows(IllegalArgumentException.class, () -> TilePath.hashTile(64, 0, 256));
        assertThrows(IllegalArgumentException.class, () -> TilePath.hashTile(-1, 0, 256));
        assertThrows(IllegalArgumentException.class, () -> TilePath.hashTile(0, -1, 256));
        assertThrows(IllegalArgumentException.class, () -> TilePath.hashTile(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> TilePath.hashTile(0, 0, 257));
        assertThrows(IllegalArgumentException.class, () -> new TilePath(true, 1, 0, 256));
    }

    @Test
    void parseErrorsNameThePartAndTheRule() {
        assertError("tile/00/000", "tile path <L>", "leading zero");
        assertError("tile/64/000", "tile path <L>", "outside 0..63");
        assertError("tile/1000/000", "tile path <L>", "outside 0..63");
        assertError("tile/a/000", "tile path <L>", "not a decimal integer");
        assertError("tile//000", "tile path <L>", "not a decimal integer");
        assertError("tiles/0/000", "tile path", "must start with 'tile/'");
        assertError("tile/0", "tile path", "must be tile/<L>/<N>");
        assertError("tile/0/00", "tile path <N>", "3 decimal digits");
        assertError("tile/0/0000", "tile path <N>", "3 decimal digits");
        assertError("tile/0/x001", "tile path <N>", "3 decimal digits");
        assertError("tile/0/001/000", "tile path <N>", "must begin with 'x'");
        assertError("tile/0/x000/001", "tile path <N>", "leading element 'x000'");
        assertError("tile/0/x009/x223/x372/x036/x854/x775/808", "tile path <N>", "exceeds 2^63-1");
        assertError("tile/0/x001/x009/x223/x372/x036/x854/x775/807", "tile path <N>", "more than 7");
        assertError("tile/0/000.p/0", "tile path <W>", "outside 1..255");
        assertError("tile/0/000.p/256", "tile path <W>", "outside 1..255");
        assertError("tile/0/000.p/012", "tile path <W>", "leading zero");
        assertError("tile/0/000.p/", "tile path <W>", "not a decimal integer");
        assertError("tile/0/000.p", "tile path <N>", "3 decimal digits");
        assertError("tile/0/000/", "tile path <N>", "must begin with 'x'");
        assertError("tile/entries/000.p/5/", "tile path <N>", "must begin with 'x'");
        assertError("tile/0/\u0661\u0662\u0663", "tile path <N>", "3 decimal digits"); // non-ASCII digits
    }

    private static void assertError(String input, String field, String rule) {
        MtcParseException e = assertThrows(MtcParseException.class, () -> TilePath.parse(input), input);
        assertEquals(field, e.field(), input);
        assertTrue(e.rule().contains(rule), () -> input + ": rule '" + e.rule() + "' lacks '" + rule + "'");
    }
}
