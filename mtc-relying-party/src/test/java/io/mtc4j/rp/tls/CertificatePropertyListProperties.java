package io.mtc4j.rp.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * CertificatePropertyList and trust anchor ranges (draft-ietf-tls-trust-anchor-ids §3.1, §6): the draft's example
 * file, round trips, strictness, and the range procedure against the plain reading of "base followed by one
 * component between min and max".
 */
class CertificatePropertyListProperties {
    /** The example of TAI §6.4 "Media Type" (tlswg/tls-trust-anchor-ids at edb707c). */
    static final String EXAMPLE = "ADsAAAAEgf1ZAQABACsAKQORCwIAAAAAAAAAZAAAAAAAAADIBIH9WQMAAAAAAAAAKv//////////AAIAAA==";

    @Example
    void decodesTheDraftsExample() {
        byte[] enc = Base64.getDecoder().decode(EXAMPLE);
        CertificatePropertyList p = CertificatePropertyList.decode(enc);
        assertEquals(Optional.of(TrustAnchorId.parse("32473.1")), p.trustAnchorId());
        assertEquals(List.of(new TrustAnchorRange(TrustAnchorId.parse("2187.2"), 100, 200),
                new TrustAnchorRange(TrustAnchorId.parse("32473.3"), 42, TrustAnchorRange.UNBOUNDED)),
                p.groupInclusions());
        assertTrue(p.trustAnchorNegotiation());
        assertArrayEquals(enc, p.encode());
        String pem = p.toPem() + "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
        assertArrayEquals(enc, CertificatePropertyList.fromPemChain(pem).orElseThrow().encode());
        assertTrue(p.groupInclusions().get(1).contains(TrustAnchorId.parse("32473.3.42")));
        assertFalse(p.groupInclusions().get(1).contains(TrustAnchorId.parse("32473.3.41")));
        assertFalse(p.groupInclusions().get(0).contains(TrustAnchorId.parse("2187.2.201")));
    }

    @Example
    void refusesWhatSection6Forbids() {
        HexFormat h = HexFormat.of();
        // unsorted: type 2 before type 0
        assertThrows(MtcParseException.class, () -> CertificatePropertyList.decode(h.parseHex("000c" + "00020000"
                + "0000000481fd5901")));
        // duplicate type
        assertThrows(MtcParseException.class, () -> CertificatePropertyList.decode(h.parseHex("0008" + "00020000"
                + "00020000")));
        // trust_anchor_negotiation with data
        assertThrows(MtcParseException.class, () -> CertificatePropertyList.decode(h.parseHex("0005" + "0002000100")));
        // an empty TrustAnchorRangeList (<1..2^16-1>)
        assertThrows(MtcParseException.class, () -> CertificatePropertyList.decode(h.parseHex("0006" + "000100020000")));
        // min above max
        assertThrows(MtcParseException.class, () -> CertificatePropertyList.decode(h.parseHex("001a" + "00010016"
                + "0014" + "0101" + "0000000000000002" + "0000000000000001")));
        // an empty trust_anchor_id
        assertThrows(MtcParseException.class, () -> CertificatePropertyList.decode(h.parseHex("0004" + "00000000")));
        // unknown types are kept, not refused
        CertificatePropertyList u = CertificatePropertyList.decode(h.parseHex("0006" + "00090002abcd"));
        assertEquals(9, u.other().get(0).type());
        // a properties block after a certificate
        assertThrows(MtcParseException.class, () -> CertificatePropertyList.fromPemChain(
                "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n" + u.toPem()));
        assertEquals(Optional.empty(), CertificatePropertyList.fromPemChain(
                "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n"));
    }

    @Provide
    Arbitrary<TrustAnchorId> ids() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE).list().ofMinSize(1).ofMaxSize(5)
                .map(cs -> TrustAnchorId.parse(String.join(".", cs.stream().map(String::valueOf).toList())));
    }

    @Provide
    Arbitrary<TrustAnchorRange> ranges() {
        Arbitrary<Long> bound = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(0, 300));
        return Combinators.combine(ids(), bound, bound).as((b, x, y) -> Long.compareUnsigned(x, y) <= 0
                ? new TrustAnchorRange(b, x, y) : new TrustAnchorRange(b, y, x));
    }

    @Provide
    Arbitrary<CertificatePropertyList> lists() {
        Arbitrary<CertificatePropertyList.Unknown> unknown = Combinators.combine(
                Arbitraries.integers().between(3, 0xffff), Arbitraries.bytes().array(byte[].class).ofMaxSize(20))
                .as(CertificatePropertyList.Unknown::new);
        return Combinators.combine(ids().optional(), ranges().list().ofMaxSize(4), Arbitraries.of(true, false),
                unknown.list().ofMaxSize(3)).as((id, rs, neg, us) -> {
                    List<CertificatePropertyList.Unknown> sorted = new ArrayList<>();
                    us.stream().sorted((a, b) -> Integer.compare(a.type(), b.type())).forEach(x -> {
                        if (sorted.isEmpty() || sorted.get(sorted.size() - 1).type() != x.type()) {
                            sorted.add(x);
                        }
                    });
                    return new CertificatePropertyList(id, rs, neg, sorted);
                });
    }

    @Property(tries = 300)
    void roundTrips(@ForAll("lists") CertificatePropertyList p) {
        byte[] enc = p.encode();
        CertificatePropertyList back = CertificatePropertyList.decode(enc);
        assertEquals(p.trustAnchorId(), back.trustAnchorId());
        assertEquals(p.groupInclusions(), back.groupInclusions());
        assertEquals(p.trustAnchorNegotiation(), back.trustAnchorNegotiation());
        assertArrayEquals(enc, back.encode());
        assertArrayEquals(enc, CertificatePropertyList.fromPemChain(p.toPem()).orElseThrow().encode());
    }

    @Property(tries = 300)
    void refusesTruncatedOrExtendedBytes(@ForAll("lists") CertificatePropertyList p,
            @ForAll @IntRange(min = 1, max = 60) int cut) {
        byte[] enc = p.encode();
        if (cut < enc.length) {
            byte[] shorter = Arrays.copyOf(enc, enc.length - cut);
            assertThrows(MtcParseException.class, () -> CertificatePropertyList.decode(shorter));
        }
        byte[] longer = Arrays.copyOf(enc, enc.length + 1);
        assertThrows(MtcParseException.class, () -> CertificatePropertyList.decode(longer));
    }

    /** TAI §3.1's byte procedure agrees with reading the IDs as component lists. */
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

    @Property(tries = 200)
    void aRangeContainsItsBounds(@ForAll("ranges") TrustAnchorRange r) {
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
