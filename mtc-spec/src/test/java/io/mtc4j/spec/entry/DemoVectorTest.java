package io.mtc4j.spec.entry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mtc4j.spec.Profile;
import io.mtc4j.spec.merkle.HashFunction;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TBSCertificate → MTCLogEntry demo vector (MTC-NOTES §2.5, from the draft authors' demo). */
class DemoVectorTest {
    private static final HexFormat HEX = HexFormat.of();
    static final byte[] TBS = HEX.parseHex("3081afa003020102020204d2300c060a2b0601040182da4b2f00301931173015060a2b06"
            + "01040182da4b2f010c0733323437332e31301e170d3230303130313030303030305a170d3230313233313233353935395a"
            + "30003059301306072a8648ce3d020106082a8648ce3d03010703420004e62b69e2bf659f97be2f1e0d948a4cd5976bb7a9"
            + "1e0d46fbdda9a91e9ddcba5a01e7d697a80a18f9c3c4a31e56e27c8348db161a1cf51d7ef1942d4bcf7222c1");
    static final byte[] ENTRY = HEX.parseHex("00000001a003020102301931173015060a2b0601040182da4b2f010c07333234"
            + "37332e31301e170d3230303130313030303030305a170d3230313233313233353935395a3000301306072a8648ce3d0201"
            + "06082a8648ce3d0301070420b3aea0f0a50538874f2b4c912f2676bd25ccc3dae700e20dcad42d3d5c074ca5");
    static final String LEAF = "c892918f21e78d72a9d04ecd767bf7d698014d265cc063d562c9a22d51d4dcfa";

    @Test
    void entryFromTbsCertificate() {
        HashFunction h = HashFunction.sha256();
        TbsCertificateLogEntry tbs = TbsCertificateLogEntry.fromTbsCertificate(TBS, h, Profile.PLANTS_05);
        MtcLogEntry entry = MtcLogEntry.tbsCertEntry(Profile.PLANTS_05, List.of(), tbs);
        assertEquals(HEX.formatHex(ENTRY), HEX.formatHex(entry.encode()));
        assertEquals(LEAF, HEX.formatHex(entry.entryHash(h)));
        assertEquals(entry, MtcLogEntry.parse(Profile.PLANTS_05, ENTRY));
    }

    @Test
    void singlePassMatchesRebuild() {
        byte[] ext = EntryExtension.encodeList(List.of());
        assertEquals(LEAF, HEX.formatHex(EntryHash.singlePassSha256(Profile.PLANTS_05, ext, TBS)));
        HashFunction h = HashFunction.sha256();
        for (Profile p : Profile.values()) {
            MtcLogEntry e = MtcLogEntry.tbsCertEntry(p, List.of(),
                    TbsCertificateLogEntry.fromTbsCertificate(TBS, h, p));
            assertArrayEquals(e.entryHash(h), EntryHash.singlePass(h, p, ext, TBS), p.wireName());
        }
        List<EntryExtension> exts = List.of(new EntryExtension(3, new byte[] {1, 2}), new EntryExtension(9,
                new byte[0]));
        MtcLogEntry e = MtcLogEntry.tbsCertEntry(Profile.PLANTS_05, exts,
                TbsCertificateLogEntry.fromTbsCertificate(TBS, h, Profile.PLANTS_05));
        assertArrayEquals(e.entryHash(h), EntryHash.singlePass(h, Profile.PLANTS_05,
                EntryExtension.encodeList(exts), TBS));
    }

    @Test
    void nullEntryPerProfile() {
        assertEquals("00000000", HEX.formatHex(MtcLogEntry.nullEntry(Profile.PLANTS_05).encode()));
        assertEquals("00000000", HEX.formatHex(MtcLogEntry.nullEntry(Profile.PLANTS_04).encode()));
        assertEquals("0000", HEX.formatHex(MtcLogEntry.nullEntry(Profile.PLANTS_02).encode()));
        assertEquals("0000", HEX.formatHex(MtcLogEntry.nullEntry(Profile.DAVIDBEN_09).encode()));
        assertEquals(MtcLogEntry.nullEntry(Profile.DAVIDBEN_09), MtcLogEntry.parse(Profile.DAVIDBEN_09,
                new byte[2]));
    }
}
