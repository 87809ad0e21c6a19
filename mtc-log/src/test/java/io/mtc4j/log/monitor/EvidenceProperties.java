package io.mtc4j.log.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mtc4j.spec.MtcParseException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The evidence bundle's JSON codec and the IP prefix text form round-trip; damaged JSON is a typed error. */
class EvidenceProperties {
    @Provide
    Arbitrary<List<byte[]>> hashes() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32).list().ofMaxSize(20);
    }

    @Property(tries = 100)
    void evidenceRoundTrips(@ForAll("hashes") List<byte[]> proof, @ForAll @Size(max = 500) byte[] entry,
            @ForAll @IntRange(min = 1, max = 65535) int log, @ForAll @IntRange(min = 0) int index,
            @ForAll boolean other, @ForAll boolean demo, @ForAll @Size(max = 3) List<@net.jqwik.api.constraints.AlphaChars
            @net.jqwik.api.constraints.StringLength(min = 1, max = 20) String> keys) {
        Evidence e = new Evidence(other ? "split-view" : "entry", "oid/1.3.6.1.4.1.32473.1.0." + log, log, index, entry,
                proof, "checkpoint text\n1\nroot\n\n— sig\n".getBytes(StandardCharsets.UTF_8), "https://log/checkpoint",
                other ? Optional.of("other\n".getBytes(StandardCharsets.UTF_8)) : Optional.empty(), "w",
                other ? Optional.of(new byte[32]) : Optional.empty(), proof, entry, keys, demo);
        Evidence back = Evidence.parse(e.toJson());
        assertEquals(e.kind(), back.kind());
        assertEquals(e.index(), back.index());
        assertEquals(e.logNumber(), back.logNumber());
        assertArrayEquals(e.entry(), back.entry());
        assertArrayEquals(e.checkpoint(), back.checkpoint());
        assertEquals(e.inclusionProof().size(), back.inclusionProof().size());
        for (int i = 0; i < proof.size(); i++) {
            assertArrayEquals(proof.get(i), back.inclusionProof().get(i));
            assertArrayEquals(proof.get(i), back.consistencyProof().get(i));
        }
        assertEquals(e.other().isPresent(), back.other().isPresent());
        assertEquals(e.keys(), back.keys());
        assertEquals(demo, back.demoCompat());
        // a truncated bundle is a typed error, never a partial value
        byte[] json = e.toJson();
        byte[] cut = java.util.Arrays.copyOf(json, json.length / 2);
        assertThrows(MtcParseException.class, () -> Evidence.parse(cut));
    }

    @Property(tries = 300)
    void prefixTextRoundTrips(@ForAll @Size(min = 16, max = 16) byte[] a, @ForAll boolean v4,
            @ForAll @IntRange(min = 0, max = 128) int len) {
        byte[] addr = v4 ? java.util.Arrays.copyOf(a, 4) : a;
        int l = len % (addr.length * 8 + 1);
        byte[] net = IpPrefix.mask(addr, l);
        if (!v4 && IpText.isV4Mapped(net) && l >= 96) {
            return; // kept as its IPv4 prefix: WatchlistTest covers it
        }
        IpPrefix p = new IpPrefix(net, l);
        assertEquals(p, IpPrefix.parse(p.toString()));
    }
}
