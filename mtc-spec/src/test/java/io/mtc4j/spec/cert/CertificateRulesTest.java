package io.mtc4j.spec.cert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.entry.EntryExtension;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.entry.TbsCertificateLogEntry;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Builder and parser rules of draft §"Certificate Format" (E7-E17). */
class CertificateRulesTest {
    private static final HashFunction H = HashFunction.sha256();
    private static final TrustAnchorId CA = TrustAnchorId.parse("32473.1");

    @Test
    void builderEnforcesTheEntryRelationship() {
        Random rnd = new Random(5);
        byte[] spki = Samples.spki(rnd);
        TbsCertificateLogEntry t = Samples.logEntry(rnd, Profile.PLANTS_05, CA, spki, CaIdName.Form.EXPERIMENTAL);
        MtcLogEntry entry = MtcLogEntry.tbsCertEntry(Profile.PLANTS_05, List.of(), t);
        MtcProof noSigs = new MtcProof(0, 1, List.of(), List.of());
        MtcProof sigs = new MtcProof(0, 1, List.of(), List.of(new SubtreeSignature(CA, new byte[4])));
        // E9: the SPKI hash must match
        assertThrows(MtcException.class, () -> CertificateBuilder.build(entry, Samples.spki(rnd), 1, 0, noSigs, H));
        // E9: algorithm must match
        byte[] otherAlg = Der.sequence(Der.sequence(Der.oid("1.3.101.112")), Der.bitString(new byte[32]));
        TbsCertificateLogEntry t2 = new TbsCertificateLogEntry(t.version(), t.issuer(), t.validity(), t.subject(),
                t.subjectPublicKeyAlgorithm(), H.digest(otherAlg), Optional.empty(), Optional.empty(),
                Optional.empty());
        assertThrows(MtcException.class, () -> CertificateBuilder.build(
                MtcLogEntry.tbsCertEntry(Profile.PLANTS_05, List.of(), t2), otherAlg, 1, 0, noSigs, H));
        // E11: proof extensions = entry extensions
        assertThrows(MtcException.class, () -> CertificateBuilder.build(entry, spki, 1, 0,
                new MtcProof(List.of(new EntryExtension(1, new byte[0])), 0, 1, List.of(), List.of()), H));
        assertThrows(MtcException.class, () -> CertificateBuilder.build(MtcLogEntry.nullEntry(Profile.PLANTS_05),
                spki, 1, 0, noSigs, H));
        assertThrows(MtcException.class, () -> CertificateBuilder.standalone(entry, spki, 1, 0, noSigs, H));
        assertThrows(MtcException.class, () -> CertificateBuilder.landmarkRelative(entry, spki, 1, 0, sigs, H));
        // the encoder without the parse refuses the same inputs
        assertThrows(MtcException.class, () -> CertificateBuilder.encode(entry, Samples.spki(rnd), 1, 0, noSigs, H));
        assertThrows(MtcException.class, () -> CertificateBuilder.encode(
                MtcLogEntry.tbsCertEntry(Profile.PLANTS_05, List.of(), t2), otherAlg, 1, 0, noSigs, H));
        assertThrows(MtcException.class, () -> CertificateBuilder.encode(entry, spki, 1, 0,
                new MtcProof(List.of(new EntryExtension(1, new byte[0])), 0, 1, List.of(), List.of()), H));
        assertThrows(MtcException.class, () -> CertificateBuilder.encode(MtcLogEntry.nullEntry(Profile.PLANTS_05),
                spki, 1, 0, noSigs, H));
        assertThrows(MtcException.class, () -> CertificateBuilder.encode(entry, spki, 0, 0, noSigs, H));
        assertThrows(MtcException.class, () -> CertificateBuilder.encodeStandalone(entry, spki, 1, 0, noSigs, H));
        assertThrows(MtcException.class, () -> CertificateBuilder.encodeLandmarkRelative(entry, spki, 1, 0, sigs, H));
        MtcCertificate c = CertificateBuilder.standalone(entry, spki, 0xffff, (1L << 48) - 1, sigs, H);
        assertArrayEquals(c.encoded(), CertificateBuilder.encodeStandalone(entry, spki, 0xffff, (1L << 48) - 1, sigs,
                H));
        assertEquals(new BigInteger("ffffffffffffffff", 16), c.serial());
        assertEquals(0xffff, c.logNumber());
        assertEquals((1L << 48) - 1, c.index());
        assertTrue(c.notBefore().isBefore(c.notAfter()) || c.notBefore().equals(c.notAfter()));
        assertTrue(c.extensions().isPresent() || t.extensions().isEmpty());
        assertEquals(CaIdName.Form.EXPERIMENTAL, c.issuerName().form());
        assertEquals(c, MtcCertificate.parse(Profile.PLANTS_05, c.encoded()));
        assertEquals(c.hashCode(), MtcCertificate.parse(Profile.PLANTS_05, c.encoded()).hashCode());
        assertNotEquals(c, MtcCertificate.parse(Profile.PLANTS_04, c.encoded()));
        assertTrue(c.toString().contains("32473.1"));
        assertEquals(Profile.PLANTS_05, c.profile());
    }

    static byte[] cert(byte[] tbs, byte[] alg, byte[] sig) {
        return Der.sequence(tbs, alg, sig);
    }

    @Test
    void parserRejections() {
        Random rnd = new Random(6);
        byte[] spki = Samples.spki(rnd);
        TbsCertificateLogEntry t = Samples.logEntry(rnd, Profile.PLANTS_05, CA, spki, CaIdName.Form.FINAL);
        byte[] alg = MtcCertificate.MTC_PROOF_ALGORITHM;
        byte[] proof = Der.bitString(new MtcProof(0, 1, List.of(), List.of()).encode(Profile.PLANTS_05));
        java.util.function.Function<byte[], byte[]> tbsWithSerial = serial -> Der.sequence(t.version().orElseThrow(),
                serial, alg, t.issuer(), t.validity(), t.subject(), spki, t.extensions().orElse(new byte[0]));
        byte[] good = cert(tbsWithSerial.apply(Der.integer(BigInteger.ONE.shiftLeft(48))), alg, proof);
        assertEquals(1, MtcCertificate.parse(Profile.PLANTS_05, good).logNumber());
        assertEquals(CaIdName.Form.FINAL, MtcCertificate.parse(Profile.PLANTS_05, good).issuerName().form());
        MtcParseException neg = assertThrows(MtcParseException.class, () -> MtcCertificate.parse(Profile.PLANTS_05,
                cert(tbsWithSerial.apply(Der.integer(BigInteger.valueOf(-1))), alg, proof)));
        assertEquals("TBSCertificate.serialNumber", neg.field());
        assertThrows(MtcParseException.class, () -> MtcCertificate.parse(Profile.PLANTS_05,
                cert(tbsWithSerial.apply(Der.integer(BigInteger.ONE.shiftLeft(64))), alg, proof)));
        byte[] withParams = Der.sequence(Der.oid(MtcOids.ID_ALG_MTC_PROOF), Der.tlv(Der.NULL));
        assertThrows(MtcParseException.class, () -> MtcCertificate.parse(Profile.PLANTS_05,
                cert(tbsWithSerial.apply(Der.integer(BigInteger.ONE)), withParams, proof)));
        assertThrows(MtcParseException.class, () -> MtcCertificate.parse(Profile.PLANTS_05, Der.tlv(Der.SET)));
        assertThrows(MtcParseException.class, () -> MtcCertificate.parse(Profile.PLANTS_05,
                Der.concat(good, new byte[1])));
        byte[] cn = Der.sequence(Der.tlv(Der.SET, Der.sequence(Der.oid("2.5.4.3"), Der.tlv(Der.UTF8_STRING,
                new byte[] {'x'}))));
        byte[] tbsCn = Der.sequence(t.version().orElseThrow(), Der.integer(BigInteger.ONE), alg, cn, t.validity(),
                t.subject(), spki);
        MtcParseException issuer = assertThrows(MtcParseException.class,
                () -> MtcCertificate.parse(Profile.PLANTS_05, cert(tbsCn, alg, proof)));
        assertTrue(issuer.field().startsWith("TBSCertificate.issuer"), issuer.getMessage());
        // v1 with extensions / unique IDs
        byte[] v1ext = Der.sequence(Der.integer(BigInteger.ONE), alg, t.issuer(), t.validity(), t.subject(), spki,
                Der.tlv(Der.explicit(3), Der.sequence(Der.sequence(Der.oid("2.5.29.19"),
                        Der.tlv(Der.OCTET_STRING, Der.sequence())))));
        assertThrows(MtcParseException.class, () -> TbsCertificate.parse(v1ext));
        byte[] v1uid = Der.sequence(Der.integer(BigInteger.ONE), alg, t.issuer(), t.validity(), t.subject(), spki,
                Der.tlv(0x81, new byte[] {0}));
        assertThrows(MtcParseException.class, () -> TbsCertificate.parse(v1uid));
        byte[] v3uid = Der.sequence(t.version().orElseThrow(), Der.integer(BigInteger.ONE), alg, t.issuer(),
                t.validity(), t.subject(), spki, Der.tlv(0x81, new byte[] {0}), Der.tlv(0x82, new byte[] {0, 1}));
        TbsCertificate parsed = TbsCertificate.parse(v3uid);
        assertTrue(parsed.issuerUniqueId().isPresent() && parsed.subjectUniqueId().isPresent());
        assertEquals(2, parsed.versionNumber());
        assertEquals(BigInteger.ONE, parsed.serialNumber());
        assertEquals(3, parsed.serialNumberDer().length);
        // duplicate extension and explicit critical FALSE are not DER / RFC 5280
        byte[] bc = Der.sequence(Der.oid("2.5.29.19"), Der.tlv(Der.OCTET_STRING, Der.sequence()));
        assertThrows(MtcParseException.class, () -> TbsCertificate.parse(Der.sequence(t.version().orElseThrow(),
                Der.integer(BigInteger.ONE), alg, t.issuer(), t.validity(), t.subject(), spki,
                Der.tlv(Der.explicit(3), Der.sequence(bc, bc)))));
        byte[] bcFalse = Der.sequence(Der.oid("2.5.29.19"), Der.tlv(Der.BOOLEAN, new byte[] {0}),
                Der.tlv(Der.OCTET_STRING, Der.sequence()));
        assertThrows(MtcParseException.class, () -> TbsCertificate.parse(Der.sequence(t.version().orElseThrow(),
                Der.integer(BigInteger.ONE), alg, t.issuer(), t.validity(), t.subject(), spki,
                Der.tlv(Der.explicit(3), Der.sequence(bcFalse)))));
        assertThrows(MtcParseException.class, () -> TbsCertificate.parse(Der.sequence(t.version().orElseThrow(),
                Der.integer(BigInteger.ONE), alg, t.issuer(), t.validity(), t.subject(), spki,
                Der.tlv(Der.explicit(3), Der.sequence()))));
        assertThrows(MtcParseException.class, () -> TbsCertificate.parse(Der.tlv(Der.SET)));
    }

    @Test
    void proofValueRules() {
        assertThrows(IllegalArgumentException.class, () -> MtcProof.parse(Profile.PLANTS_05, 0, new byte[0]));
        assertThrows(MtcException.class, () -> new MtcProof(0, 2, List.of(new byte[32], new byte[31]), List.of())
                .encode(Profile.PLANTS_05));
        MtcProof p = new MtcProof(0, 2, List.of(new byte[32]), List.of());
        assertEquals(p.hashCode(), new MtcProof(0, 2, List.of(new byte[32]), List.of()).hashCode());
        assertNotEquals(p, new MtcProof(0, 2, List.of(new byte[] {1}), List.of()));
        assertNotEquals(p, new MtcProof(0, 3, List.of(new byte[32]), List.of()));
        assertTrue(p.toString().contains("1 hashes"));
        p.inclusionProof().get(0)[0] = 1;
        assertEquals(0, p.inclusionProof().get(0)[0]);
        SubtreeSignature s = new SubtreeSignature(CA, new byte[] {1, 2});
        assertEquals(2, s.signatureLength());
        assertTrue(s.toString().contains("2 bytes"));
        assertEquals(s.hashCode(), new SubtreeSignature(CA, new byte[] {1, 2}).hashCode());
        assertThrows(IllegalArgumentException.class, () -> new SubtreeSignature(CA, new byte[0x10000]));
        MtcParseException badId = assertThrows(MtcParseException.class, () -> MtcProof.parse(Profile.PLANTS_05, 32,
                java.util.HexFormat.of().parseHex("0000" + "000000000000" + "000000000001" + "0000" + "0004"
                        + "01800000")));
        assertTrue(badId.field().startsWith("MTCProof.signatures"), badId.getMessage());
    }
}
