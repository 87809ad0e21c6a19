package io.mtc4j.spec.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * parse(format(x)) == x for every tile path; format(parse(s)) == s for every string the parser accepts; and
 * random or mutated strings (10^4 each) throw only MtcParseException naming the part and the rule.
 */
class TilePathProperties {

    @Provide
    Arbitrary<TilePath> tilePaths() {
        Arbitrary<Long> index = Arbitraries.oneOf(Arbitraries.longs().between(0, 2000),
                Arbitraries.longs().between(0, Long.MAX_VALUE));
        Arbitrary<Integer> width = Arbitraries.oneOf(Arbitraries.just(256), Arbitraries.integers().between(1, 256));
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 63), index, width)
                .as((e, l, n, w) -> new TilePath(e, e ? 0 : l, n, w));
    }

    @Property(tries = 3000)
    void parseOfFormatIsIdentity(@ForAll("tilePaths") TilePath p) {
        assertEquals(p, TilePath.parse(p.path()));
        assertEquals(p.path(), TilePath.parse(p.path()).path());
    }

    @Provide
    Arbitrary<String> mutatedPaths() {
        Arbitrary<String> valid = tilePaths().map(TilePath::path);
        Arbitrary<Character> chars = Arbitraries.of('0', '1', '5', '9', 'x', '/', '.', 'p', 'e', 'a', '-', ' ',
                '\u0663', 'X');
        return Combinators.combine(valid, Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 60),
                chars, Arbitraries.integers().between(1, 3)).as((s, op, pos, c, times) -> {
                    StringBuilder sb = new StringBuilder(s);
                    for (int t = 0; t < times; t++) {
                        int i = sb.length() == 0 ? 0 : pos % sb.length();
                        switch (op) {
                            case 0 -> sb.setCharAt(i, c);
                            case 1 -> sb.insert(i, c);
                            case 2 -> sb.deleteCharAt(i);
                            default -> sb.setLength(i);
                        }
                        if (sb.length() == 0) {
                            break;
                        }
                    }
                    return sb.toString();
                });
    }

    @Property(tries = 10_000)
    void mutatedPathsParseCanonicallyOrFailWithATypedError(@ForAll("mutatedPaths") String s) {
        checkParse(s);
    }

    @Property(tries = 10_000)
    void randomStringsParseCanonicallyOrFailWithATypedError(@ForAll("randomPaths") String s) {
        checkParse(s);
    }

    @Provide
    Arbitrary<String> randomPaths() {
        Arbitrary<String> tail = Arbitraries.strings().withChars("0123456789x/.pentris").ofMaxLength(30);
        return Arbitraries.oneOf(tail.map(t -> "tile/" + t), tail, Arbitraries.strings().ofMaxLength(20));
    }

    private static void checkParse(String s) {
        TilePath p;
        try {
            p = TilePath.parse(s);
        } catch (MtcParseException e) {
            assertTrue(e.field().startsWith("tile path"), e.field());
            assertFalse(e.rule().isEmpty());
            assertEquals(e.field() + ": " + e.rule(), e.getMessage());
            return;
        }
        assertEquals(s, p.path(), "format(parse(s)) == s");
    }
}
