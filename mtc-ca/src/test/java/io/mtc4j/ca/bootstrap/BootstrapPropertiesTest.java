package io.mtc4j.ca.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.ca.CaException;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.cert.X509Oids;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.DerReader;
import io.mtc4j.spec.der.X509Der;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Properties of the bootstrap codecs and of the conversion rules that are functions of small inputs. */
class BootstrapPropertiesTest {
    @org.junit.jupiter.api.Test
    void vectorsOfTheReadme() {
        java.util.HexFormat h = java.util.HexFormat.of();
        assertEquals("0000053003020107" + "0000", h.formatHex(new BootstrapEntry(h.parseHex("3003020107"), List.of())
                .encode()));
        assertEquals("0000000000", h.formatHex(BootstrapEntry.nullEntry().encode()));
        byte[] fp = new byte[32];
        fp[31] = 1;
        assertEquals("000001" + "30" + "0020" + "00".repeat(31) + "01", h.formatHex(new BootstrapEntry(
                h.parseHex("30"), List.of(fp)).encode()));
        assertEquals("issuer/" + "00".repeat(31) + "01", BootstrapEntry.issuerKey(fp));
        assertEquals("tile/bootstrap/x001/234.p/7", BootstrapTile.key(io.mtc4j.spec.tiles.TilePath.entryBundle(1234,
                7)));
    }

    @Provide
    Arbitrary<BootstrapEntry> elements() {
        Arbitrary<byte[]> cert = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(600);
        Arbitrary<List<byte[]>> fps = Arbitraries.bytes().array(byte[].class).ofSize(32).list().ofMaxSize(6);
        Arbitrary<BootstrapEntry> some = Combinators.combine(cert, fps).as(BootstrapEntry::new);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, some),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(BootstrapEntry.nullEntry())));
    }

    @Property(tries = 300)
    void anElementRoundTripsAndIsParsedStrictly(@ForAll("elements") BootstrapEntry e) {
        byte[] enc = e.encode();
        assertEquals(e, BootstrapEntry.parse(enc));
        assertThrows(MtcException.class, () -> BootstrapEntry.parse(Arrays.copyOf(enc, enc.length + 1)));
        for (int cut : new int[] {0, 1, enc.length / 2, enc.length - 1}) {
            if (cut < enc.length) {
                assertThrows(MtcException.class, () -> BootstrapEntry.parse(Arrays.copyOf(enc, cut)));
            }
        }
    }

    @Property(tries = 100)
    void aTileRoundTripsAtItsWidthOnly(@ForAll @Size(min = 1, max = 40) List<@net.jqwik.api.From("elements")
            BootstrapEntry> tile) {
        byte[] enc = BootstrapTile.encode(tile);
        assertEquals(tile, BootstrapTile.parse(enc, tile.size()));
        if (tile.size() > 1) {
            assertThrows(MtcException.class, () -> BootstrapTile.parse(enc, tile.size() - 1));
        }
        assertThrows(MtcException.class, () -> BootstrapTile.parse(enc, tile.size() + 1));
        // a tile of width W is a prefix of every wider tile of the same index (like an entry bundle)
        byte[] shorter = BootstrapTile.encode(tile.subList(0, (tile.size() + 1) / 2));
        assertArrayEquals(shorter, Arrays.copyOf(enc, shorter.length));
    }

    @Property
    void keyUsageKeepsExactlyTheTlsBitsInDer(@ForAll @IntRange(min = 0, max = 255) int first,
            @ForAll @IntRange(min = 0, max = 255) int second) {
        if (first == 0 && second == 0) {
            return; // not a valid DER named bit list, nothing to mask
        }
        // DER named bit list: no trailing zero bits, so the last octet is non-zero
        byte[] in = second == 0 ? new byte[] {(byte) Integer.numberOfTrailingZeros(first), (byte) first}
                : new byte[] {(byte) Integer.numberOfTrailingZeros(second), (byte) first, (byte) second};
        X509Der.Extension x = new X509Der.Extension("2.5.29.15", true, Der.tlv(Der.BIT_STRING, in));
        int want = first & BootstrapConversion.KEY_USAGE_MASK;
        if (want == 0) {
            assertEquals("key-usage", assertThrows(CaException.class, () -> BootstrapConversion.keyUsage(x)).rule());
            return;
        }
        X509Der.Extension out = BootstrapConversion.keyUsage(x);
        assertTrue(out.critical());
        byte[] c = DerReader.single(out.value(), "ku").contents();
        assertEquals(2, c.length);
        assertEquals(want, c[1] & 0xff);
        assertEquals(Integer.numberOfTrailingZeros(want), c[0]); // DER: no trailing zero bits
    }

    private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";

    @Property
    void extendedKeyUsageIsServerAuthExactlyWhenAllowed(@ForAll @Size(min = 1, max = 5) List<@net.jqwik.api.From(
            "purposes") String> purposes, @ForAll boolean critical) {
        byte[] value = Der.sequence(purposes.stream().map(Der::oid).toArray(byte[][]::new));
        X509Der.Extension x = new X509Der.Extension("2.5.29.37", critical, value);
        boolean ok = purposes.contains(X509Oids.SERVER_AUTH) && !purposes.contains(CODE_SIGNING);
        if (ok) {
            X509Der.Extension out = BootstrapConversion.extendedKeyUsage(x);
            assertArrayEquals(Der.sequence(Der.oid(X509Oids.SERVER_AUTH)), out.value());
            assertEquals(critical, out.critical());
        } else {
            assertEquals("extended-key-usage", assertThrows(CaException.class, () ->
                    BootstrapConversion.extendedKeyUsage(x)).rule());
        }
    }

    @Provide
    Arbitrary<String> purposes() {
        return Arbitraries.of(X509Oids.SERVER_AUTH, X509Oids.CLIENT_AUTH, CODE_SIGNING);
    }

    @Property
    void validityIsInsideNowMaxLifetimeAndThePathOrRefused(@ForAll @LongRange(min = 0, max = 1_000_000) long nowS,
            @ForAll @LongRange(min = 1, max = 100_000) long lifeS, @ForAll @LongRange(min = 0, max = 1_000_000) long nb,
            @ForAll @LongRange(min = 0, max = 1_000_000) long na, @ForAll @IntRange(min = 0, max = 999) int ms) {
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        Instant now = base.plusSeconds(nowS).plusMillis(ms);
        Duration life = Duration.ofSeconds(lifeS);
        Instant[] bounds = {base.plusSeconds(nb), base.plusSeconds(Math.max(nb, na))};
        Instant lo = base.plusSeconds(nowS).isAfter(bounds[0]) ? base.plusSeconds(nowS) : bounds[0];
        Instant hi = base.plusSeconds(nowS).plus(life).isBefore(bounds[1]) ? base.plusSeconds(nowS).plus(life)
                : bounds[1];
        Instant[] v;
        try {
            v = BootstrapConversion.clamp(now, life, bounds);
        } catch (CaException e) {
            assertEquals("validity-empty", e.rule());
            assertTrue(hi.isBefore(lo));
            return;
        }
        assertFalse(hi.isBefore(lo));
        assertEquals(lo, v[0]);
        assertEquals(hi, v[1]);
    }
}
