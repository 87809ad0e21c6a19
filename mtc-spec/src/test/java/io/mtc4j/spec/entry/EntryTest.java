package io.mtc4j.spec.entry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.codec.TlsReader;
import io.mtc4j.spec.merkle.HashFunction;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EntryTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final HashFunction H = HashFunction.sha256();

    static TbsCertificateLogEntry demo(Profile p) {
        return TbsCertificateLogEntry.fromTbsCertificate(DemoVectorTest.TBS, H, p);
    }

    @Test
    void extensionRules() {
        EntryExtension a = new EntryExtension(1, new byte[] {1});
        EntryExtension b = new EntryExtension(2, new byte[0]);
        assertEquals(a, new EntryExtension(1, new byte[] {1}));
        assertEquals(a.hashCode(), new EntryExtension(1, new byte[] {1}).hashCode());
        assertNotEquals(a, b);
        assertTrue(a.toString().contains("data=01"));
        byte[] d = a.data();
        d[0] = 9;
        assertEquals(1, a.data()[0]);
        assertThrows(IllegalArgumentException.class, () -> new EntryExtension(-1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new EntryExtension(0x10000, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new EntryExtension(1, new byte[0x10000]));
        assertThrows(MtcParseException.class, () -> EntryExtension.encodeList(List.of(b, a)));
        assertThrows(MtcParseException.class, () -> EntryExtension.encodeList(List.of(a, a)));
        assertEquals("0009" + "0001000101" + "00020000", HEX.formatHex(EntryExtension.encodeList(List.of(a, b))));
        MtcParseException dup = assertThrows(MtcParseException.class, () -> EntryExtension.readList(
                TlsReader.of(HEX.parseHex("0009" + "0001000101" + "00010000")), "x"));
        assertTrue(dup.rule().contains("duplicated"), dup.getMessage());
        MtcParseException order = assertThrows(MtcParseException.class, () -> EntryExtension.readList(
                TlsReader.of(HEX.parseHex("0009" + "0002000101" + "00010000")), "x"));
        assertTrue(order.rule().contains("ascending"), order.getMessage());
    }

    /** The unchecked framing a CA uses is byte for byte what the checked value encodes, in every profile. */
    @net.jqwik.api.Property(tries = 30)
    void encodeTbsCertEntryFramesAsTbsCertEntryEncodes(@net.jqwik.api.ForAll Profile p) {
        TbsCertificateLogEntry t = demo(p);
        byte[] framed = MtcLogEntry.encodeTbsCertEntry(p, t.encodeContents());
        assertArrayEquals(MtcLogEntry.tbsCertEntry(p, List.of(), t).encode(), framed);
        assertEquals(t, MtcLogEntry.parse(p, framed).tbsCertEntry().orElseThrow());
    }

    @Test
    void entriesAcrossProfiles() {
        MtcLogEntry cur = MtcLogEntry.tbsCertEntry(Profile.PLANTS_05, List.of(), demo(Profile.PLANTS_05));
        assertEquals(HEX.formatHex(cur.encode()), HEX.formatHex(cur.encode(Profile.PLANTS_05)));
        assertEquals("0001a0", HEX.formatHex(cur.encode(Profile.PLANTS_02)).substring(0, 6));
        assertArrayEquals(cur.encode(), cur.encode(Profile.PLANTS_04));
        assertThrows(MtcException.class, () -> cur.encode(Profile.PLANTS_01));
        MtcLogEntry old = MtcLogEntry.tbsCertEntry(Profile.DAVIDBEN_10, List.of(), demo(Profile.DAVIDBEN_10));
        assertEquals("000130", HEX.formatHex(old.encode(Profile.DAVIDBEN_09)).substring(0, 6));
        assertThrows(MtcException.class, () -> old.encode(Profile.PLANTS_05));
        assertEquals("0000", HEX.formatHex(MtcLogEntry.nullEntry(Profile.PLANTS_05).encode(Profile.PLANTS_02)));
        assertThrows(MtcException.class, () -> MtcLogEntry.tbsCertEntry(Profile.PLANTS_02,
                List.of(new EntryExtension(1, new byte[0])), demo(Profile.PLANTS_02)));
        assertTrue(cur.tbsCertEntry().isPresent());
        assertFalse(cur.isNull());
        assertEquals(MtcLogEntry.TBS_CERT_ENTRY, cur.type());
        assertEquals(Profile.PLANTS_05, cur.profile());
        assertTrue(cur.toString().contains("plants-05"));
        assertEquals(cur.hashCode(), MtcLogEntry.parse(Profile.PLANTS_05, cur.encode()).hashCode());
        assertArrayEquals(demo(Profile.PLANTS_05).encodeContents(), cur.body());
    }

    @Test
    void futureTypesAndLimits() {
        MtcLogEntry other = MtcLogEntry.otherType(Profile.PLANTS_05, List.of(), 7, new byte[] {1, 2});
        assertEquals("000000070102", HEX.formatHex(other.encode()));
        assertEquals(other, MtcLogEntry.parse(Profile.PLANTS_05, other.encode()));
        assertEquals("00070102", HEX.formatHex(other.encode(Profile.PLANTS_02)));
        assertThrows(IllegalArgumentException.class, () -> MtcLogEntry.otherType(Profile.PLANTS_05, List.of(), 1,
                new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> MtcLogEntry.otherType(Profile.PLANTS_05, List.of(), 0,
                new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> MtcLogEntry.otherType(Profile.PLANTS_05, List.of(),
                0x10000, new byte[0]));
        assertThrows(MtcException.class, () -> MtcLogEntry.otherType(Profile.PLANTS_05, List.of(), 9,
                new byte[0xffff]));
        MtcParseException big = assertThrows(MtcParseException.class,
                () -> MtcLogEntry.parse(Profile.PLANTS_05, new byte[0x10000]));
        assertTrue(big.rule().contains("65535"));
        MtcParseException trailing = assertThrows(MtcParseException.class,
                () -> MtcLogEntry.parse(Profile.PLANTS_05, HEX.parseHex("0000000000")));
        assertTrue(trailing.rule().contains("trailing"));
        MtcParseException nested = assertThrows(MtcParseException.class,
                () -> MtcLogEntry.parse(Profile.PLANTS_05, HEX.parseHex("000000013000")));
        assertTrue(nested.field().startsWith("MTCLogEntry.tbs_cert_entry_data."), nested.field());
    }

    @Test
    void tbsEntryParsingAndAccessors() {
        TbsCertificateLogEntry t = demo(Profile.PLANTS_05);
        assertEquals(t, TbsCertificateLogEntry.parseDer(Profile.PLANTS_05, t.encodeDer()));
        assertThrows(MtcParseException.class, () -> TbsCertificateLogEntry.parseDer(Profile.PLANTS_05,
                HEX.parseHex("0400")));
        assertThrows(MtcParseException.class, () -> TbsCertificateLogEntry.parseContents(Profile.PLANTS_01,
                t.encodeContents()));
        assertEquals(32, t.subjectPublicKeyInfoHash().length);
        assertTrue(t.version().isPresent());
        assertTrue(t.issuerUniqueId().isEmpty());
        assertTrue(t.subjectUniqueId().isEmpty());
        assertTrue(t.extensions().isEmpty());
        assertEquals("3000", HEX.formatHex(t.subject()));
        assertTrue(t.toString().contains("bytes"));
        assertEquals(t.hashCode(), demo(Profile.PLANTS_05).hashCode());
        assertNotEquals(t, demo(Profile.PLANTS_01));
        TbsCertificateLogEntry withUids = new TbsCertificateLogEntry(t.version(), t.issuer(), t.validity(),
                t.subject(), t.subjectPublicKeyAlgorithm(), t.subjectPublicKeyInfoHash(),
                Optional.of(HEX.parseHex("810200ff")), Optional.of(HEX.parseHex("820100")), Optional.empty());
        assertEquals(withUids, TbsCertificateLogEntry.parseContents(Profile.PLANTS_05, withUids.encodeContents()));
        assertThrows(MtcParseException.class, () -> new TbsCertificateLogEntry(t.version(), t.issuer(),
                t.validity(), t.subject(), t.subjectPublicKeyAlgorithm(), new byte[0], Optional.empty(),
                Optional.empty(), Optional.empty()));
        assertThrows(MtcParseException.class, () -> new TbsCertificateLogEntry(
                Optional.of(HEX.parseHex("a003020100")), t.issuer(), t.validity(), t.subject(),
                t.subjectPublicKeyAlgorithm(), t.subjectPublicKeyInfoHash(), Optional.empty(), Optional.empty(),
                Optional.empty()));
    }

    @Test
    void singlePassErrors() {
        assertThrows(IllegalArgumentException.class, () -> EntryHash.singlePass(new HashFunction() {
            public String name() {
                return "NO-SUCH-HASH";
            }

            public int size() {
                return 32;
            }

            public byte[] digest(byte[] data) {
                return new byte[32];
            }
        }, Profile.PLANTS_05, new byte[2], DemoVectorTest.TBS));
        assertThrows(MtcParseException.class, () -> EntryHash.singlePassSha256(Profile.PLANTS_05, new byte[2],
                HEX.parseHex("3000")));
    }
}
