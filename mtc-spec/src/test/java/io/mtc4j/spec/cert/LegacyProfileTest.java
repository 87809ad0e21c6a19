package io.mtc4j.spec.cert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.entry.EntryExtension;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Older wire layouts (MTC-NOTES §6), including a synthetic "blog certificate". */
class LegacyProfileTest {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * The blog certificate's signatureValue is {@code u64 512 ‖ u64 600 ‖ 00 e0 ‖ 224 B ‖ 00 00} with issuer
     * 44363.48.3 and serial 531. We do not have its bytes, so build one with exactly that layout under davidben-09.
     */
    @Test
    void blogCertificateLayout() {
        Random rnd = new Random(531);
        TrustAnchorId logId = TrustAnchorId.parse("44363.48.3");
        byte[] spki = Samples.spki(rnd);
        MtcLogEntry entry = MtcLogEntry.tbsCertEntry(Profile.DAVIDBEN_09, List.of(),
                Samples.logEntry(rnd, Profile.DAVIDBEN_09, logId, spki, CaIdName.Form.EXPERIMENTAL));
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            byte[] h = new byte[32];
            rnd.nextBytes(h);
            hashes.add(h);
        }
        MtcCertificate c = CertificateBuilder.landmarkRelative(entry, spki, 1, 531,
                new MtcProof(512, 600, hashes, List.of()), HashFunction.sha256());
        String sig = HEX.formatHex(c.signatureValue());
        assertTrue(sig.startsWith("0000000000000200" + "0000000000000258" + "00e0"), sig);
        assertTrue(sig.endsWith("0000"));
        assertEquals(8 + 8 + 2 + 224 + 2, c.signatureValue().length);
        MtcCertificate p = MtcCertificate.parse(Profile.DAVIDBEN_09, c.encoded());
        assertEquals(512, p.proof().start());
        assertEquals(600, p.proof().end());
        assertEquals(7, p.proof().inclusionProof().size());
        assertEquals(0, p.proof().signatures().size());
        assertEquals(BigInteger.valueOf(531), p.serial());
        assertEquals(531, p.index());
        assertEquals(0, p.logNumber());
        assertEquals("44363.48.3", p.issuerCaId().ascii());
        assertEquals(logId, p.logId().orElseThrow());
        assertEquals("0c0a34343336332e34382e33", HEX.formatHex(java.util.Arrays.copyOfRange(
                p.tbs().issuer(), p.tbs().issuer().length - 12, p.tbs().issuer().length)));
        // davidben-09 entry: 00 01 then the whole SEQUENCE
        assertEquals("000130", HEX.formatHex(p.logEntry().encode()).substring(0, 6));
        // A current parser reads ext = 0, start = 512, end = 0, proof length 600: not a multiple of 32.
        MtcParseException e = assertThrows(MtcParseException.class,
                () -> MtcCertificate.parse(Profile.PLANTS_05, c.encoded()));
        assertTrue(e.getMessage().contains("inclusion_proof"), e.getMessage());
    }

    @Test
    void unsortedCosignersOnlyBeforePlants04() {
        List<SubtreeSignature> sigs = List.of(new SubtreeSignature(TrustAnchorId.parse("32473.2.2"), new byte[3]),
                new SubtreeSignature(TrustAnchorId.parse("32473.1"), new byte[2]));
        MtcProof p = new MtcProof(8, 16, List.of(), sigs);
        byte[] old = p.encode(Profile.PLANTS_02);
        assertEquals(p, MtcProof.parse(Profile.PLANTS_02, 32, old));
        assertThrows(MtcParseException.class, () -> p.encode(Profile.PLANTS_04));
        MtcProof sorted = p.withSortedSignatures();
        assertEquals("32473.1", sorted.signatures().get(0).cosignerId().ascii());
        byte[] cur = sorted.encode(Profile.PLANTS_05);
        assertEquals("0000" + "000000000008" + "000000000010" + "0000", HEX.formatHex(cur).substring(0, 32));
        MtcProof dup = new MtcProof(8, 16, List.of(), List.of(sigs.get(1), sigs.get(1)));
        assertThrows(MtcParseException.class, () -> MtcProof.parse(Profile.PLANTS_05, 32,
                dup.encode(Profile.PLANTS_02).length > 0 ? reencode(dup) : new byte[0]));
        assertThrows(MtcException.class, () -> new MtcProof(List.of(new EntryExtension(1, new byte[0])), 0, 1,
                List.of(), List.of()).encode(Profile.PLANTS_02));
        assertThrows(MtcException.class, () -> new MtcProof(1L << 48, 0, List.of(), List.of())
                .encode(Profile.PLANTS_05));
        assertThrows(MtcParseException.class, () -> MtcProof.parse(Profile.PLANTS_05, 32, HEX.parseHex(
                "0000" + "000000000008" + "000000000010" + "0001ff" + "0000")));
    }

    private static byte[] reencode(MtcProof p) {
        // plants-05 layout, bypassing the encoder's order check: ext, u48, u48, proof, sigs
        byte[] old = p.encode(Profile.PLANTS_02);
        byte[] out = new byte[old.length - 4 + 2];
        out[0] = 0;
        out[1] = 0;
        System.arraycopy(old, 2, out, 2, 6);
        System.arraycopy(old, 10, out, 8, 6);
        System.arraycopy(old, 16, out, 14, old.length - 16);
        return out;
    }

    @Test
    void serialNumbers() {
        assertEquals(BigInteger.valueOf(531), CertificateBuilder.serialNumber(Profile.DAVIDBEN_09, 7, 531));
        assertEquals(new BigInteger("ffff000000000002", 16),
                CertificateBuilder.serialNumber(Profile.PLANTS_05, 0xffff, 2));
        assertThrows(MtcException.class, () -> CertificateBuilder.serialNumber(Profile.PLANTS_05, 0, 2));
        assertThrows(MtcException.class, () -> CertificateBuilder.serialNumber(Profile.PLANTS_05, 1, 1L << 48));
        Random rnd = new Random(1);
        MtcCertificate c = Samples.certificate(rnd, Profile.PLANTS_05);
        assertArrayEquals(c.encoded(), MtcCertificate.parse(Profile.PLANTS_05, c.encoded()).encoded());
    }
}
