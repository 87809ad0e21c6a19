package io.mtc4j.spec.der;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class StrictDerTest {
    private static final HexFormat HEX = HexFormat.of();

    static void reject(String hex, String rule) {
        MtcParseException e = assertThrows(MtcParseException.class,
                () -> Der.validate(DerReader.single(HEX.parseHex(hex), "x")), hex);
        assertTrue(e.rule().contains(rule), hex + " -> " + e.getMessage());
    }

    @Test
    void rejectsBerAndNonMinimalForms() {
        reject("3080020100" + "0000", "indefinite");
        reject("30810100", "below 128");
        reject("3082000100", "leading zero");
        reject("2403040100", "BER");
        reject("1f0100", "high-tag");
        reject("1000", "constructed");
        reject("0000", "end-of-contents");
        reject("02020001", "0x00");
        reject("0202ff80", "0xff");
        reject("0200", "no contents");
        reject("010101", "0xff");
        reject("01020000", "exactly one");
        reject("030208ff", "above 7");
        reject("030201ff", "not zero");
        reject("030101", "empty BIT STRING");
        reject("0300", "unused-bits");
        reject("050100", "NULL");
        reject("06028001", "0x80");
        reject("060181", "truncated");
        reject("0600", "no contents");
        reject("0d028001", "0x80");
        reject("170d3230303130313030303030302b", "'Z'");
        reject("170d3230313330313030303030305a", "range");
        reject("170d32303031303130303030303a5a", "non-digit");
        reject("180e3230323030313031303030303030", "'Z'");
        reject("3106020102020101", "SET OF");
        reject("3003020101" + "00", "trailing");
        reject("300302", "exceeds");
        reject("3005020101", "exceeds");
        reject("3085010000000000", "too long");
        reject("308201", "truncated length");
        reject("30", "no length");
        reject("", "missing");
    }

    @Test
    void acceptsDer() {
        for (String ok : new String[] {"3106020101020102", "020100", "0201ff", "02020080", "0101ff", "010100",
                "030100", "03020780", "0500", "06032a0304", "170d3230303130313030303030305a",
                "180f32303530303130313030303030305a", "a003020102"}) {
            Der.validate(DerReader.single(HEX.parseHex(ok), "x"));
        }
        DerElement e = DerReader.single(HEX.parseHex("06082b06010505070624"), "oid");
        assertEquals("1.3.6.1.5.5.7.6.36", e.oid());
        assertEquals("2.999.3", DerReader.single(Der.oid("2.999.3"), "oid").oid());
        assertEquals(BigInteger.valueOf(-129), DerReader.single(Der.integer(BigInteger.valueOf(-129)), "i").integer());
        assertTrue(DerReader.single(HEX.parseHex("0101ff"), "b").bool());
        assertThrows(MtcParseException.class, () -> DerReader.single(HEX.parseHex("0101ff"), "b").integer());
        assertThrows(MtcParseException.class, () -> DerReader.single(HEX.parseHex("020100"), "b").bool());
        assertThrows(MtcParseException.class, () -> DerReader.single(HEX.parseHex("020100"), "b").oid());
        assertThrows(MtcParseException.class, () -> DerReader.single(HEX.parseHex("020100"), "b").octetString());
        assertThrows(MtcParseException.class, () -> DerReader.single(HEX.parseHex("020100"), "b").bitStringOctets());
        assertThrows(MtcParseException.class, () -> DerReader.single(HEX.parseHex("03020780"), "b").bitStringOctets());
        assertArrayEquals(new byte[] {1}, DerReader.single(HEX.parseHex("03020001"), "b").bitStringOctets());
        DerReader r = DerReader.of(HEX.parseHex("020100"), "r");
        assertEquals(0x02, r.peekTag().orElseThrow());
        assertFalse(r.readOptional("o", 0x30).isPresent());
        assertThrows(MtcParseException.class, () -> r.read("s", 0x30));
        r.read("i");
        assertTrue(r.peekTag().isEmpty());
        assertTrue(e.toString().contains("oid"));
        assertEquals(e, DerReader.single(HEX.parseHex("06082b06010505070624"), "other"));
        assertEquals(e.hashCode(), DerReader.single(HEX.parseHex("06082b06010505070624"), "other").hashCode());
        assertEquals(10, e.encodedLength());
        assertEquals(8, e.contentLength());
    }

    @Test
    void longLengths() {
        for (int n : new int[] {127, 128, 255, 256, 65535, 65536, 70000}) {
            byte[] der = Der.tlv(Der.OCTET_STRING, new byte[n]);
            assertEquals(n, DerReader.single(der, "o").octetString().length);
        }
    }

    @Test
    void times() {
        assertEquals(Instant.parse("2049-12-31T23:59:59Z"),
                X509Der.validityInstants(X509Der.validity(Instant.parse("1950-01-01T00:00:00Z"),
                        Instant.parse("2049-12-31T23:59:59Z")))[1]);
        assertEquals(Instant.parse("1950-01-01T00:00:00Z"),
                X509Der.validityInstants(X509Der.validity(Instant.parse("1950-01-01T00:00:00Z"),
                        Instant.parse("2050-01-01T00:00:00Z")))[0]);
        assertEquals(Der.GENERALIZED_TIME, X509Der.time(Instant.parse("2050-01-01T00:00:00Z"))[0]);
        assertEquals(Der.GENERALIZED_TIME, X509Der.time(Instant.parse("1949-12-31T23:59:59Z"))[0]);
        assertThrows(IllegalArgumentException.class, () -> X509Der.time(Instant.ofEpochMilli(1)));
        assertThrows(MtcParseException.class, () -> X509Der.validityInstants(
                HEX.parseHex("3020" + "170d3230303233313030303030305a" + "170d3230303130313030303030305a")));
    }

    /** Every whole second of years 0000..9999 round-trips through its DER Time (the digits written by hand). */
    @Property(tries = 1000)
    void timesRoundTrip(@ForAll @net.jqwik.api.constraints.LongRange(min = -62167219200L, max = 253402300799L)
            long second) {
        Instant t = Instant.ofEpochSecond(second);
        byte[] der = X509Der.time(t);
        int year = t.atZone(java.time.ZoneOffset.UTC).getYear();
        assertEquals(year >= 1950 && year <= 2049 ? Der.UTC_TIME : Der.GENERALIZED_TIME, der[0]);
        assertEquals(t, X509Der.validityInstants(X509Der.validity(t, t))[0]);
    }

    @Test
    void timesOutsideFourDigitYearsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> X509Der.time(Instant.parse("+10000-01-01T00:00:00Z")));
        assertThrows(IllegalArgumentException.class, () -> X509Der.time(Instant.parse("-0001-12-31T23:59:59Z")));
    }

    @Property(tries = 500)
    void integersRoundTrip(@ForAll BigInteger v) {
        assertEquals(v, DerReader.single(Der.integer(v), "i").integer());
    }

    @Property(tries = 300)
    void unsignedSerialsRoundTrip(@ForAll long v) {
        assertEquals(new BigInteger(Long.toUnsignedString(v)),
                DerReader.single(Der.unsignedInteger(v), "i").integer());
    }

    @Test
    void pem() {
        String p = Pem.encode("CERTIFICATE", new byte[100]);
        assertArrayEquals(new byte[100], Pem.decode(p).der());
        assertEquals("CERTIFICATE", Pem.decode(p).label());
        assertTrue(Pem.looksLikePem(p.getBytes()));
        assertFalse(Pem.looksLikePem(new byte[] {0x30}));
        assertEquals(2, Pem.decodeAll(p + p).size());
        assertThrows(MtcParseException.class, () -> Pem.decode(p + p));
        assertThrows(MtcParseException.class, () -> Pem.decode("nothing"));
        assertThrows(MtcParseException.class, () -> Pem.decode("-----BEGIN X-----\nAAAA\n"));
        assertThrows(MtcParseException.class, () -> Pem.decode("-----BEGIN X-----\nAAAA\n-----END Y-----\n"));
        assertThrows(MtcParseException.class, () -> Pem.decode("-----BEGIN X-----\n!!!!\n-----END X-----\n"));
        assertThrows(MtcParseException.class, () -> Pem.decode("-----BEGIN X\n"));
    }
}
