package io.mtc4j.spec.der;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The long-arithmetic OID / RELATIVE-OID decoder ({@link Der#decodeOid}, {@link Der#decodeArcs}) and the
 * decode-free check ({@link Der#checkArcs}) agree with a straightforward BigInteger reference decoder on random
 * valid and invalid contents octets: same dotted string, or the same rejected rule.
 */
class OidDecodingProperties {

    /** Reference: one BigInteger per sub-identifier, X.690 §8.19 / §8.20 rules checked inline. */
    static String reference(byte[] b, String type, boolean oid) {
        if (b.length == 0) {
            throw new MtcParseException("x", type + " has no contents octets");
        }
        List<BigInteger> arcs = new ArrayList<>();
        int i = 0;
        while (i < b.length) {
            if ((b[i] & 0xff) == 0x80) {
                throw new MtcParseException("x", type + " sub-identifier has a leading 0x80 (not minimal)");
            }
            BigInteger v = BigInteger.ZERO;
            while (true) {
                if (i >= b.length) {
                    throw new MtcParseException("x", type + " last sub-identifier is truncated");
                }
                int x = b[i++] & 0xff;
                v = v.shiftLeft(7).or(BigInteger.valueOf(x & 0x7f));
                if ((x & 0x80) == 0) {
                    break;
                }
            }
            arcs.add(v);
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < arcs.size(); k++) {
            BigInteger v = arcs.get(k);
            if (k > 0) {
                sb.append('.');
            }
            if (k == 0 && oid) {
                BigInteger forty = BigInteger.valueOf(40);
                BigInteger x = v.divide(forty).min(BigInteger.TWO);
                sb.append(x).append('.').append(v.subtract(x.multiply(forty)));
            } else {
                sb.append(v);
            }
        }
        return sb.toString();
    }

    static String outcome(Runnable check, java.util.function.Supplier<String> decode) {
        try {
            check.run();
        } catch (MtcParseException e) {
            String rule = e.rule();
            try {
                decode.get();
                return "check rejected but decode accepted: " + rule;
            } catch (MtcParseException d) {
                return d.rule().equals(rule) ? "reject: " + rule : "rules differ: " + rule + " / " + d.rule();
            }
        }
        return "ok: " + decode.get();
    }

    static String refOutcome(byte[] b, String type, boolean oid) {
        try {
            return "ok: " + reference(b, type, oid);
        } catch (MtcParseException e) {
            return "reject: " + e.rule();
        }
    }

    static void agree(byte[] b) {
        assertEquals(refOutcome(b, "OBJECT IDENTIFIER", true),
                outcome(() -> Der.checkArcs(b, 0, b.length, "x", "OBJECT IDENTIFIER"),
                        () -> Der.decodeOid(b, 0, b.length, "x")));
        assertEquals(refOutcome(b, "RELATIVE-OID", false),
                outcome(() -> Der.checkArcs(b, 0, b.length, "x", "RELATIVE-OID"),
                        () -> Der.decodeArcs(b, 0, b.length, "x", "RELATIVE-OID")));
        // the same contents inside a larger buffer: offsets respected
        byte[] padded = new byte[b.length + 4];
        padded[0] = (byte) 0x81;
        padded[1] = (byte) 0x80;
        System.arraycopy(b, 0, padded, 2, b.length);
        padded[padded.length - 2] = (byte) 0x80;
        padded[padded.length - 1] = (byte) 0x80;
        assertEquals(refOutcome(b, "OBJECT IDENTIFIER", true),
                outcome(() -> Der.checkArcs(padded, 2, 2 + b.length, "x", "OBJECT IDENTIFIER"),
                        () -> Der.decodeOid(padded, 2, 2 + b.length, "x")));
    }

    static void base128(ByteArrayOutputStream out, BigInteger v) {
        int groups = Math.max(1, (v.bitLength() + 6) / 7);
        for (int g = groups - 1; g >= 0; g--) {
            int x = v.shiftRight(7 * g).intValue() & 0x7f;
            out.write(g == 0 ? x : (x | 0x80));
        }
    }

    /** Arcs around every boundary the fast path has: 7-bit groups, 2^56, 2^63 - 1, 2^63, 2^64 and beyond. */
    @Provide
    Arbitrary<BigInteger> arcs() {
        Arbitrary<Integer> bits = Arbitraries.integers().between(0, 80);
        Arbitrary<Integer> delta = Arbitraries.integers().between(-2, 2);
        Arbitrary<BigInteger> edges = Combinators.combine(bits, delta)
                .as((n, d) -> BigInteger.ONE.shiftLeft(n).add(BigInteger.valueOf(d)).max(BigInteger.ZERO));
        Arbitrary<BigInteger> random = Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.ONE.shiftLeft(90));
        Arbitrary<BigInteger> small = Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(200));
        return Arbitraries.oneOf(edges, random, small);
    }

    @Provide
    Arbitrary<byte[]> validEncodings() {
        return arcs().list().ofMinSize(1).ofMaxSize(8).map(list -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            list.forEach(v -> base128(out, v));
            return out.toByteArray();
        });
    }

    @Provide
    Arbitrary<byte[]> mutatedEncodings() {
        return Combinators.combine(validEncodings(), Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 3), Arbitraries.bytes()).as((b, pos, kind, x) -> {
                    int p = b.length == 0 ? 0 : pos % b.length;
                    byte[] out;
                    switch (kind) {
                        case 0 -> { out = b.clone(); out[p] = (byte) 0x80; }           // 0x80 somewhere
                        case 1 -> { out = java.util.Arrays.copyOf(b, p); }              // truncated / empty
                        case 2 -> { out = b.clone(); out[out.length - 1] |= (byte) 0x80; } // last continues
                        default -> { out = b.clone(); out[p] = x; }                    // any byte anywhere
                    }
                    return out;
                });
    }

    @Property(tries = 2000)
    void validEncodingsDecodeLikeTheReference(@ForAll("validEncodings") byte[] contents) {
        agree(contents);
        // and they are accepted
        assertTrue(refOutcome(contents, "RELATIVE-OID", false).startsWith("ok: "));
    }

    @Property(tries = 2000)
    void mutatedEncodingsBehaveLikeTheReference(@ForAll("mutatedEncodings") byte[] contents) {
        agree(contents);
    }

    @Property(tries = 2000)
    void arbitraryBytesBehaveLikeTheReference(@ForAll byte[] contents) {
        agree(contents);
    }

    @Example
    void boundaries() {
        // 2^63 - 1 is the largest arc on the long path; 2^63 the smallest on the BigInteger path
        assertEquals("2." + (Long.MAX_VALUE - 80), Der.decodeOid(hex("ffffffffffffffff7f"), 0, 9, "x"));
        assertEquals("2." + BigInteger.ONE.shiftLeft(63).subtract(BigInteger.valueOf(80)),
                Der.decodeOid(hex("81808080808080808000"), 0, 10, "x"));
        assertEquals(String.valueOf(Long.MAX_VALUE), Der.decodeArcs(hex("ffffffffffffffff7f"), 0, 9, "x", "R"));
        assertEquals("9223372036854775808.0", Der.decodeArcs(hex("8180808080808080800000"), 0, 11, "x", "R"));
        assertEquals("0.39.1.79", Der.decodeOid(hex("27014f"), 0, 3, "x"));
        assertEquals("2.0.0", Der.decodeOid(hex("5000"), 0, 2, "x"));
        agree(hex("ffffffffffffffff7f"));
        agree(hex("81808080808080808000"));
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
