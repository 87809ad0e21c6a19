package io.mtc4j.rp.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The {@code trust_anchors} list codec: round trip, and strictness on every cut or extension of the bytes. */
class TrustAnchorListProperties {
    @Provide
    Arbitrary<List<TrustAnchorId>> lists() {
        Arbitrary<TrustAnchorId> id = Arbitraries.longs().between(0, Long.MAX_VALUE).list().ofMinSize(1).ofMaxSize(6)
                .map(cs -> TrustAnchorId.parse(String.join(".", cs.stream().map(String::valueOf).toList())));
        return id.list().ofMaxSize(8);
    }

    @Property(tries = 300)
    void roundTrips(@ForAll("lists") List<TrustAnchorId> ids) {
        byte[] enc = TrustAnchorList.encode(ids);
        assertEquals(ids, TrustAnchorList.decode(enc));
        assertArrayEquals(enc, TrustAnchorList.encode(TrustAnchorList.decode(enc)));
    }

    @Property(tries = 300)
    void refusesTruncatedOrExtendedBytes(@ForAll("lists") List<TrustAnchorId> ids, @ForAll @IntRange(min = 1, max = 40) int cut) {
        byte[] enc = TrustAnchorList.encode(ids);
        if (cut < enc.length) {
            byte[] shorter = Arrays.copyOf(enc, enc.length - cut);
            assertThrows(MtcParseException.class, () -> TrustAnchorList.decode(shorter));
        }
        byte[] longer = Arrays.copyOf(enc, enc.length + 1);
        assertThrows(MtcParseException.class, () -> TrustAnchorList.decode(longer));
    }

    @Property(tries = 50)
    void refusesAnEmptyId(@ForAll("lists") List<TrustAnchorId> ids) {
        byte[] enc = TrustAnchorList.encode(ids);
        byte[] withEmpty = Arrays.copyOf(enc, enc.length + 1); // a zero length byte appended
        int len = enc.length - 1;
        withEmpty[0] = (byte) (len >>> 8);
        withEmpty[1] = (byte) len;
        assertThrows(MtcParseException.class, () -> TrustAnchorList.decode(withEmpty));
    }
}
