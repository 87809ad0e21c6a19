package io.mtc4j.spec.ca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cert.MtcOids;
import io.mtc4j.spec.der.Pem;
import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.tai.TrustAnchorId;
import io.mtc4j.spec.testing.Interop;
import java.math.BigInteger;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CaCertificateTest {
    private static final HexFormat HEX = HexFormat.of();

    static byte[] caCert(String corpus) throws Exception {
        return Pem.decode(Files.readString(Interop.corpus(corpus).resolve("ca_cert.pem"))).der();
    }

    @Test
    void demoCaCertificateParsesAndRebuildsByteForByte() throws Exception {
        byte[] der = caCert("draft-demo-plants05");
        CaCertificate ca = CaCertificate.parse(Profile.PLANTS_05, der);
        assertEquals("32473.1", ca.subject().id().ascii());
        assertTrue(ca.isUnsigned());
        assertEquals(MtcOids.SHA256, ca.authority().logHashOid());
        assertEquals(MtcOids.ML_DSA_44, ca.authority().sigAlgOid());
        assertEquals(BigInteger.ONE.shiftLeft(48), ca.authority().minSerial());
        assertEquals(BigInteger.valueOf(5).shiftLeft(48).or(BigInteger.ONE.shiftLeft(48).subtract(BigInteger.ONE)),
                ca.authority().maxSerial().orElseThrow());
        Instant[] v = X509Der.validityInstants(ca.tbs().validity());
        CaCertificate rebuilt = CaCertificate.buildUnsigned(Profile.PLANTS_05, ca.subject(), v[0], v[1],
                ca.cosignerPublicKey(), ca.authority(), false, Optional.empty());
        assertArrayEquals(der, rebuilt.encoded());
        assertEquals(ca, rebuilt);
    }

    @Test
    void boringsslCaCertificate() throws Exception {
        CaCertificate ca = CaCertificate.parse(Profile.PLANTS_05, caCert("boringssl-plants05"));
        assertEquals(BigInteger.ONE.shiftLeft(48).or(BigInteger.valueOf(8)), ca.authority().minSerial());
        assertEquals(BigInteger.ONE.shiftLeft(48).or(BigInteger.valueOf(4096)),
                ca.authority().maxSerial().orElseThrow());
    }

    @Test
    void nonCriticalExtensionAndMissingPartsRejected() throws Exception {
        byte[] der = caCert("draft-demo-plants05");
        // flip the MTC extension's critical flag: BOOLEAN 0xff -> remove it is a length change; instead mark FALSE
        String hex = HEX.formatHex(der);
        String ext = "060a2b0601040182da4b2f020101ff";
        assertTrue(hex.contains(ext));
        String broken = hex.replace(ext, "060a2b0601040182da4b2f02010100");
        MtcParseException e = assertThrows(MtcParseException.class,
                () -> CaCertificate.parse(Profile.PLANTS_05, HEX.parseHex(broken)));
        assertTrue(e.field().contains("critical"), e.getMessage());
        // plants-04 layout has no maxSerial, so the plants-05 value has trailing data
        assertThrows(MtcParseException.class, () -> CaCertificate.parse(Profile.PLANTS_04, der));
        assertThrows(MtcParseException.class, () -> CaCertificate.parse(Profile.PLANTS_02, der));
    }

    @Test
    void buildWithPrefixUrlAndSkiRoundTrips() throws Exception {
        CaCertificate demo = CaCertificate.parse(Profile.PLANTS_05, caCert("draft-demo-plants05"));
        for (Profile p : new Profile[] {Profile.PLANTS_04, Profile.PLANTS_05}) {
            MtcCertificationAuthority a = new MtcCertificationAuthority(demo.authority().logHash(),
                    demo.authority().sigAlg(), BigInteger.TEN,
                    p == Profile.PLANTS_04 ? Optional.empty() : Optional.of(BigInteger.valueOf(1000)));
            for (CaIdName.Form form : CaIdName.Form.values()) {
                CaIdName name = new CaIdName(TrustAnchorId.parse("32473.7"), form);
                CaCertificate c = CaCertificate.buildUnsigned(p, name, Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.parse("2051-01-01T00:00:00Z"), demo.cosignerPublicKey(), a, true,
                        Optional.of("https://ca.example/mtc"));
                CaCertificate back = CaCertificate.parse(p, c.encoded());
                assertEquals(c, back);
                assertEquals(name, back.subject());
                assertEquals(a, back.authority());
                assertEquals("https://ca.example/mtc", back.prefixUrl().orElseThrow());
                assertArrayEquals(name.id().binary(), back.subjectKeyIdentifier().orElseThrow());
                assertEquals(Instant.parse("2051-01-01T00:00:00Z"), X509Der.validityInstants(back.tbs().validity())[1]);
            }
        }
        assertThrows(MtcException.class, () -> demo.authority().encode(Profile.PLANTS_02));
        assertFalse(demo.prefixUrl().isPresent());
    }

    @Test
    void caIdNameForms() {
        TrustAnchorId id = TrustAnchorId.parse("32473.1");
        assertEquals("3019311730150" + "60a2b0601040182da4b2f010c0733323437332e31",
                HEX.formatHex(CaIdName.experimental(id).encode()));
        CaIdName fin = new CaIdName(id, CaIdName.Form.FINAL);
        assertTrue(HEX.formatHex(fin.encode()).endsWith("0d0481fd5901"));
        assertEquals(fin, CaIdName.parse(fin.encode()));
        assertEquals(CaIdName.experimental(id), CaIdName.parse(CaIdName.experimental(id).encode()));
        for (String bad : new String[] {"3000", "301b3119301706" + "0a2b0601040182da4b2f010c0930333234373" + "32e3131",
                "30193117301506" + "0a2b0601040182da4b2f020c0733323437332e31",
                "30193117301506" + "0a2b0601040182da4b2f011307" + "33323437332e31"}) {
            assertThrows(MtcParseException.class, () -> CaIdName.parse(HEX.parseHex(bad)), bad);
        }
    }
}
