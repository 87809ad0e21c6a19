package io.mtc4j.spec.tai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** CertificatePropertyList and its PEM file: round trips, and every malformed input fails only as a typed error. */
class CertificatePropertiesProperties {

    @Provide
    Arbitrary<TrustAnchorId> ids() {
        return Arbitraries.longs().list().ofMinSize(1).ofMaxSize(6).map(arcs -> {
            TrustAnchorId id = TrustAnchorId.parse(Long.toUnsignedString(arcs.get(0)));
            return arcs.size() == 1 ? id : id.child(arcs.subList(1, arcs.size()).stream().mapToLong(x -> x).toArray());
        });
    }

    @Provide
    Arbitrary<TrustAnchorRange> ranges() {
        return Combinators.combine(ids(), Arbitraries.longs(), Arbitraries.longs()).as(TrustAnchorRange::new);
    }

    @Provide
    Arbitrary<List<CertificateProperty>> unknown() {
        return Combinators.combine(Arbitraries.integers().between(3, 0xffff), Arbitraries.bytes().array(byte[].class)
                .ofMaxSize(40)).as(CertificateProperty::new).list().ofMaxSize(5);
    }

    @Property(tries = 400)
    void listRoundTrips(@ForAll("ids") TrustAnchorId id, @ForAll @Size(max = 6) List<@net.jqwik.api.From("ranges")
            TrustAnchorRange> inclusions, @ForAll boolean negotiation, @ForAll("unknown") List<CertificateProperty> other) {
        CertificatePropertyList mtc = CertificatePropertyList.of(id, inclusions, negotiation);
        TreeMap<Integer, CertificateProperty> all = new TreeMap<>();
        mtc.properties().forEach(p -> all.put(p.type(), p));
        other.forEach(p -> all.putIfAbsent(p.type(), p));
        CertificatePropertyList l = CertificatePropertyList.of(new ArrayList<>(all.values()));
        byte[] enc = l.encode();
        CertificatePropertyList back = CertificatePropertyList.parse(enc);
        assertEquals(l, back);
        assertArrayEquals(enc, back.encode());
        assertEquals(id, back.trustAnchorId().orElseThrow());
        assertEquals(inclusions, back.trustAnchorGroupInclusions());
        assertEquals(negotiation, back.trustAnchorNegotiation());
    }

    @Property(tries = 300)
    void unsortedOrDuplicateTypesAreRefused(@ForAll @IntRange(min = 3, max = 0xffff) int a,
            @ForAll @IntRange(min = 3, max = 0xffff) int b) {
        byte[] enc = new byte[] {0, 8, (byte) (a >> 8), (byte) a, 0, 0, (byte) (b >> 8), (byte) b, 0, 0};
        if (a < b) {
            assertEquals(2, CertificatePropertyList.parse(enc).properties().size());
        } else {
            assertThrows(MtcParseException.class, () -> CertificatePropertyList.parse(enc));
        }
    }

    @Property(tries = 300)
    void everyTruncationOrExtensionIsRefused(@ForAll("ids") TrustAnchorId id, @ForAll @Size(max = 3) List<
            @net.jqwik.api.From("ranges") TrustAnchorRange> inclusions, @ForAll boolean negotiation,
            @ForAll @IntRange(min = 0, max = 1000) int cut, @ForAll byte extra) {
        byte[] enc = CertificatePropertyList.of(id, inclusions, negotiation).encode();
        byte[] shorter = Arrays.copyOf(enc, cut % enc.length);
        assertThrows(MtcParseException.class, () -> CertificatePropertyList.parse(shorter));
        byte[] longer = Arrays.copyOf(enc, enc.length + 1);
        longer[enc.length] = extra;
        assertThrows(MtcParseException.class, () -> CertificatePropertyList.parse(longer));
    }

    @Property(tries = 3000)
    void randomBytesFailOnlyWithTypedErrors(@ForAll @Size(max = 60) byte[] in) {
        try {
            CertificatePropertyList l = CertificatePropertyList.parse(in);
            assertArrayEquals(in, l.encode()); // whatever parses is canonical
        } catch (MtcParseException e) {
            // expected for most inputs
        }
    }

    @Property(tries = 200)
    void fileRoundTripsAndRefusesAnyChangedCharacter(@ForAll("ids") TrustAnchorId id, @ForAll @Size(min = 1, max = 3)
            List<@Size(min = 1, max = 200) byte[]> bodies, @ForAll @IntRange(min = 0, max = 100_000) int at,
            @ForAll char c) {
        List<byte[]> certs = bodies.stream().map(CertificatePropertiesProperties::sequence).toList();
        CertificateChainWithProperties f = new CertificateChainWithProperties(CertificatePropertyList.of(id, List.of(),
                true), certs);
        String text = f.encode();
        CertificateChainWithProperties back = CertificateChainWithProperties.parse(text);
        assertEquals(f.properties(), back.properties());
        for (int i = 0; i < certs.size(); i++) {
            assertArrayEquals(certs.get(i), back.certificates().get(i));
        }
        int pos = at % text.length();
        String changed = text.substring(0, pos) + c + text.substring(pos + 1);
        try {
            CertificateChainWithProperties other = CertificateChainWithProperties.parse(changed);
            // a change that still parses must decode to different content, or be a line-end variant
            assertEquals(other.encode().equals(text), changed.replace("\r", "\n").equals(text));
        } catch (MtcParseException e) {
            // refused as a typed error
        }
    }

    /** A DER SEQUENCE around {@code body}. */
    static byte[] sequence(byte[] body) {
        byte[] len = body.length < 128 ? new byte[] {(byte) body.length} : new byte[] {(byte) 0x81, (byte) body.length};
        byte[] out = new byte[1 + len.length + body.length];
        out[0] = 0x30;
        System.arraycopy(len, 0, out, 1, len.length);
        System.arraycopy(body, 0, out, 1 + len.length, body.length);
        return out;
    }

    /** A range with min <= max (unsigned), its bounds often small so that nearby IDs fall in and out. */
    @Provide
    Arbitrary<TrustAnchorRange> orderedRanges() {
        Arbitrary<Long> bound = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(0, 300));
        return Combinators.combine(ids(), bound, bound).as((b, x, y) -> Long.compareUnsigned(x, y) <= 0
                ? new TrustAnchorRange(b, x, y) : new TrustAnchorRange(b, y, x));
    }

    /** TAI draft §"Trust Anchor Ranges": the byte procedure agrees with reading the IDs as component lists. */
    @Property(tries = 1000)
    void rangeProcedureMatchesComponents(@ForAll("ranges") TrustAnchorRange r, @ForAll("ids") TrustAnchorId tail,
            @ForAll @IntRange(min = 0, max = 2) int shape) {
        TrustAnchorId id = switch (shape) {
            case 0 -> tail; // unrelated (or, rarely, related by chance)
            case 1 -> r.base().child(tail.components().get(0)); // one component after the base
            default -> r.base().child(tail.components().stream().mapToLong(Long::longValue).toArray());
        };
        List<Long> b = r.base().components();
        List<Long> c = id.components();
        boolean expected = c.size() == b.size() + 1 && c.subList(0, b.size()).equals(b)
                && Long.compareUnsigned(r.min(), c.get(b.size())) <= 0
                && Long.compareUnsigned(c.get(b.size()), r.max()) <= 0;
        assertEquals(expected, r.contains(id), r + " contains " + id);
    }

    /** A range contains base.min and base.max, and neither its base nor the values just outside its bounds. */
    @Property(tries = 200)
    void aRangeContainsItsBounds(@ForAll("orderedRanges") TrustAnchorRange r) {
        assertTrue(r.contains(r.base().child(r.min())));
        assertTrue(r.contains(r.base().child(r.max())));
        assertFalse(r.contains(r.base()));
        if (r.max() != TrustAnchorRange.UNBOUNDED) {
            assertFalse(r.contains(r.base().child(r.max() + 1)));
        }
        if (r.min() != 0) {
            assertFalse(r.contains(r.base().child(r.min() - 1)));
        }
    }
}
