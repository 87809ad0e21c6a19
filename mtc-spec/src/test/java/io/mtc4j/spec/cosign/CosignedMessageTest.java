package io.mtc4j.spec.cosign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CosignedMessageTest {
    private static final HexFormat HEX = HexFormat.of();
    static final TrustAnchorId CA = TrustAnchorId.parse("32473.1");
    static final TrustAnchorId LOG = CA.logId(1);

    static byte[] hash(int seed) {
        byte[] h = new byte[32];
        Arrays.fill(h, (byte) seed);
        return h;
    }

    @Test
    void exactBytes() {
        CosignedMessage m = CosignedMessage.forCertificate(CA, LOG, 8, 16, hash(0xab));
        byte[] b = m.encode();
        String expected = HEX.formatHex("subtree/v1\n\0".getBytes())
                + "17" + HEX.formatHex("oid/1.3.6.1.4.1.32473.1".getBytes())
                + "0000000000000000"
                + "1b" + HEX.formatHex("oid/1.3.6.1.4.1.32473.1.0.1".getBytes())
                + "0000000000000008" + "0000000000000010" + "ab".repeat(32);
        assertEquals(expected, HEX.formatHex(b));
        assertEquals(12 + 1 + 23 + 8 + 1 + 27 + 16 + 32, b.length);
        assertArrayEquals(b, m.encode(Profile.PLANTS_04));
        assertArrayEquals(b, CosignedMessage.encodeTlog("oid/1.3.6.1.4.1.32473.1", 0, "oid/1.3.6.1.4.1.32473.1.0.1", 8, 16,
                hash(0xab)));
        // legacy (davidben-09 .. plants-03): binary IDs, no timestamp
        String legacy = HEX.formatHex("mtc-subtree/v1\n\0".getBytes()) + "0481fd5901" + "0681fd59010001"
                + "0000000000000008" + "0000000000000010" + "ab".repeat(32);
        for (Profile p : new Profile[] {Profile.DAVIDBEN_09, Profile.DAVIDBEN_10, Profile.PLANTS_01, Profile.PLANTS_02}) {
            assertEquals(legacy, HEX.formatHex(m.encode(p)));
            assertEquals(m, CosignedMessage.parse(p, 32, m.encode(p)));
        }
    }

    @Test
    void rules() {
        assertThrows(IllegalArgumentException.class, () -> CosignedMessage.forCertificate(CA, LOG, 4, 9, hash(1)));
        assertThrows(IllegalArgumentException.class, () -> new CosignedMessage(CA, 5, LOG, 8, 16, hash(1)));
        assertThrows(IllegalArgumentException.class, () -> CosignedMessage.forCertificate(CA, LOG, 0, 1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> CosignedMessage.forCertificate(CA, LOG, 0, 1, new byte[65]));
        CosignedMessage checkpoint = new CosignedMessage(CA, 1700000000L, LOG, 0, 2036, hash(2));
        assertEquals(1700000000L, CosignedMessage.parse(Profile.PLANTS_05, 32, checkpoint.encode()).timestamp());
        assertThrows(IllegalArgumentException.class, () -> checkpoint.encode(Profile.PLANTS_02));
        CosignedMessage empty = CosignedMessage.forCertificate(CA, LOG, 7, 7, hash(3));
        assertArrayEquals(empty.encode(), empty.encode(Profile.PLANTS_05));
        assertThrows(IllegalArgumentException.class, () -> empty.encode(Profile.PLANTS_02));
        // review item 6: encode applies the empty-subtree rule for every profile, as parse does
        assertThrows(IllegalArgumentException.class, () -> empty.encode(Profile.PLANTS_04));
        // empty subtrees valid only in the current profile
        assertThrows(MtcParseException.class, () -> CosignedMessage.parse(Profile.PLANTS_04, 32, empty.encode()));
        assertThrows(IllegalArgumentException.class, () -> CosignedMessage.parse(Profile.PLANTS_05, 0, empty.encode()));
        // 2^63 overflow case: [0, 2^64-1) and [2^63, 2^64-1) are valid, [2^62, 2^64-1) is not
        CosignedMessage.forCertificate(CA, LOG, 0, -1L, hash(4));
        CosignedMessage.forCertificate(CA, LOG, 1L << 63, -1L, hash(4));
        assertThrows(IllegalArgumentException.class, () -> CosignedMessage.forCertificate(CA, LOG, 1L << 62, -1L, hash(4)));
        assertTrue(CosignedMessage.isValidSubtree(1L << 63, 0, true) == false);
        assertTrue(CosignedMessage.isValidSubtree(0, 1L << 63, true));
        assertTrue(CosignedMessage.isValidSubtree(1L << 62, 1L << 63, true));
        assertFalse(CosignedMessage.isValidSubtree(1L << 61, (1L << 61) + 3 * (1L << 60) + 1, true));
        assertTrue(checkpoint.toString().contains("2036"));
        assertNotEquals(checkpoint, empty);
        assertEquals(checkpoint.hashCode(), new CosignedMessage(CA, 1700000000L, LOG, 0, 2036, hash(2)).hashCode());
        byte[] h = hash(5);
        CosignedMessage m = CosignedMessage.forCertificate(CA, LOG, 0, 1, h);
        h[0] = 9;
        m.subtreeHash()[1] = 9;
        assertArrayEquals(hash(5), m.subtreeHash());
    }

    @Test
    void labelsAreCopies() {
        byte[] label = CosignedMessage.label();
        assertEquals("subtree/v1\n\0", new String(label, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("mtc-subtree/v1\n\0",
                new String(CosignedMessage.legacyLabel(), java.nio.charset.StandardCharsets.US_ASCII));
        byte[] before = CosignedMessage.forCertificate(CA, LOG, 8, 16, hash(1)).encode();
        label[0] = 'X';
        CosignedMessage.legacyLabel()[0] = 'X';
        assertEquals('s', CosignedMessage.label()[0]);
        assertEquals('m', CosignedMessage.legacyLabel()[0]);
        assertArrayEquals(before, CosignedMessage.forCertificate(CA, LOG, 8, 16, hash(1)).encode());
    }

    /** For every profile: encode succeeds iff the message is valid there, and then parse gives it back. */
    @Property(tries = 3000)
    void encodeAndParseAgreePerProfile(@ForAll("messages") CosignedMessage m, @ForAll Profile p,
            @ForAll boolean makeEmpty) {
        if (makeEmpty && m.timestamp() == 0) {
            m = CosignedMessage.forCertificate(m.cosignerId(), m.logId(), m.end(), m.end(), m.subtreeHash());
        }
        boolean valid = (p.allowsEmptySubtrees() || m.start() != m.end()) && (p.hasExtensions() || m.timestamp() == 0);
        byte[] b;
        try {
            b = m.encode(p);
        } catch (IllegalArgumentException e) {
            assertFalse(valid, () -> "valid in " + p + " but not encodable: " + e.getMessage());
            return;
        }
        assertTrue(valid, () -> "encoded although not valid in " + p);
        assertEquals(m, CosignedMessage.parse(p, 32, b));
    }

    @Test
    void parseNamesFieldAndRule() {
        byte[] b = CosignedMessage.forCertificate(CA, LOG, 8, 16, hash(1)).encode();
        byte[] bad = b.clone();
        bad[0] = 'S';
        MtcParseException e = assertThrows(MtcParseException.class, () -> CosignedMessage.parse(Profile.PLANTS_05, 32, bad));
        assertEquals("CosignedMessage.label", e.field());
        byte[] notOid = CosignedMessage.encodeTlog("example.com/w", 0, "oid/1.3.6.1.4.1.32473.1.0.1", 0, 1, hash(1));
        e = assertThrows(MtcParseException.class, () -> CosignedMessage.parse(Profile.PLANTS_05, 32, notOid));
        assertTrue(e.field().startsWith("CosignedMessage.cosigner_name"), e.field());
        byte[] tsWithStart = CosignedMessage.encodeTlog(CA.tlogName(), 9, LOG.tlogName(), 8, 16, hash(1));
        e = assertThrows(MtcParseException.class, () -> CosignedMessage.parse(Profile.PLANTS_05, 32, tsWithStart));
        assertEquals("CosignedMessage.timestamp", e.field());
        byte[] trailing = Arrays.copyOf(b, b.length + 1);
        assertThrows(MtcParseException.class, () -> CosignedMessage.parse(Profile.PLANTS_05, 32, trailing));
        byte[] legacy = CosignedMessage.forCertificate(CA, LOG, 8, 16, hash(1)).encode(Profile.PLANTS_02);
        e = assertThrows(MtcParseException.class, () -> CosignedMessage.parse(Profile.PLANTS_05, 32, legacy));
        assertEquals("CosignedMessage.label", e.field());
        e = assertThrows(MtcParseException.class, () -> CosignedMessage.parse(Profile.PLANTS_02, 32, b));
        assertEquals("CosignedMessage.label", e.field());
        byte[] badLegacyId = legacy.clone();
        badLegacyId[17] = (byte) 0x80; // non-minimal base-128 in cosigner_id
        e = assertThrows(MtcParseException.class, () -> CosignedMessage.parse(Profile.PLANTS_02, 32, badLegacyId));
        assertTrue(e.field().startsWith("CosignedMessage.cosigner_id"), e.field());
    }

    @Provide
    Arbitrary<CosignedMessage> messages() {
        Arbitrary<TrustAnchorId> ids = Arbitraries.longs().between(1, 1L << 40).list().ofMinSize(1).ofMaxSize(6)
                .map(l -> TrustAnchorId.parse(l.stream().map(String::valueOf).reduce((a, c) -> a + "." + c).get()));
        Arbitrary<long[]> ranges = Combinators.combine(Arbitraries.integers().between(0, 62),
                Arbitraries.longs().between(0, 1L << 20), Arbitraries.integers().between(0, 100)).as((lvl, k, cut) -> {
                    long size = 1L << lvl;
                    long start = lvl > 40 ? 0 : k * size;
                    long end = start + Math.max(0, size - (size > 1 ? (size / 2) * cut / 100 : 0));
                    return new long[] {start, end};
                });
        return Combinators.combine(ids, ids, ranges, Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.bytes().array(byte[].class).ofSize(32)).as((c, l, r, ts, h) ->
                        new CosignedMessage(c, r[0] == 0 ? ts : 0, l, r[0], r[1], h));
    }

    @Property(tries = 2000)
    void parseFormatRoundTrip(@ForAll("messages") CosignedMessage m) {
        byte[] b = m.encode();
        assertEquals(m, CosignedMessage.parse(Profile.PLANTS_05, 32, b));
        assertArrayEquals(b, CosignedMessage.parse(Profile.PLANTS_05, 32, b).encode());
        if (m.timestamp() == 0 && m.start() != m.end()) {
            byte[] legacy = m.encode(Profile.PLANTS_02);
            assertEquals(m, CosignedMessage.parse(Profile.PLANTS_02, 32, legacy));
        }
    }

    @Property(tries = 10000)
    void mutatedInputsThrowOnlyParseExceptions(@ForAll("messages") CosignedMessage m,
            @ForAll("mutations") int[] mutation, @ForAll boolean legacy) {
        Profile p = legacy ? Profile.PLANTS_02 : Profile.PLANTS_05;
        byte[] b = m.timestamp() == 0 && m.start() != m.end() || !legacy ? m.encode(p) : m.encode();
        b = mutate(b, mutation);
        try {
            CosignedMessage parsed = CosignedMessage.parse(p, 32, b);
            assertArrayEquals(b, parsed.encode(p));
        } catch (MtcParseException e) {
            assertFalse(e.field().isEmpty());
            assertFalse(e.rule().isEmpty());
        }
    }

    @Property(tries = 10000)
    void randomInputsThrowOnlyParseExceptions(@ForAll byte[] b, @ForAll boolean legacy) {
        try {
            CosignedMessage.parse(legacy ? Profile.PLANTS_02 : Profile.PLANTS_05, 32, b);
        } catch (MtcParseException e) {
            assertTrue(e.getMessage().startsWith(e.field() + ": "));
        }
    }

    @Provide
    Arbitrary<int[]> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 1 << 20),
                Arbitraries.integers().between(0, 255)).as((kind, pos, val) -> new int[] {kind, pos, val});
    }

    /** kind 0: set a byte, 1: truncate, 2: append a byte, 3: delete a byte. */
    static byte[] mutate(byte[] b, int[] m) {
        if (b.length == 0) {
            return new byte[] {(byte) m[2]};
        }
        int pos = m[1] % b.length;
        switch (m[0]) {
            case 0: {
                byte[] c = b.clone();
                c[pos] = (byte) m[2];
                return c;
            }
            case 1:
                return Arrays.copyOf(b, pos);
            case 2: {
                byte[] c = Arrays.copyOf(b, b.length + 1);
                c[b.length] = (byte) m[2];
                return c;
            }
            default: {
                byte[] c = new byte[b.length - 1];
                System.arraycopy(b, 0, c, 0, pos);
                System.arraycopy(b, pos + 1, c, pos, b.length - pos - 1);
                return c;
            }
        }
    }
}
