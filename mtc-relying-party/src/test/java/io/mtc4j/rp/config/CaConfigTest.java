package io.mtc4j.rp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaCertificate;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.ca.MtcCertificationAuthority;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * draft §"Relying Party Configuration": the revoked ranges {@code [0, minSerial)} and {@code [maxSerial+1, 2^64)}
 * that {@link CaConfig#revokedOutside} derives from a CA certificate, checked at both edges of both ranges.
 */
class CaConfigTest {
    static final BigInteger ONE = BigInteger.ONE;
    static final BigInteger TOP = SerialRange.LIMIT.subtract(ONE); // 2^64-1

    static CaConfig config(BigInteger minSerial, BigInteger maxSerial) {
        // the revoked ranges only; the CA's key plays no part here
        CaConfig base = CaCertificates.fromCaCertificate(caCertificate(Profile.PLANTS_05, BigInteger.ZERO,
                Optional.of(TOP)));
        return base.withRevokedRanges(CaConfig.revokedOutside(minSerial, maxSerial));
    }

    static CaCertificate caCertificate(Profile p, BigInteger minSerial, Optional<BigInteger> maxSerial) {
        byte[] spki = Keys.generate(SignatureAlgorithm.ED25519, new SecureRandom(new byte[] {1}),
                SigningMode.DETERMINISTIC).publicKeySpki();
        MtcCertificationAuthority a = new MtcCertificationAuthority(Der.algorithmIdentifier("2.16.840.1.101.3.4.2.1"),
                Der.algorithmIdentifier("1.3.101.112"), minSerial, maxSerial);
        return CaCertificate.buildUnsigned(p, CaIdName.experimental(TrustAnchorId.parse("32473.7")),
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2051-01-01T00:00:00Z"), spki, a, false,
                Optional.empty());
    }

    static boolean revoked(CaConfig c, BigInteger serial) {
        return c.revokedRangeOf(serial).isPresent();
    }

    @Test
    void bothEdgesOfBothRanges() {
        BigInteger min = SerialRange.serial(2, 5);
        BigInteger max = SerialRange.serial(3, 7);
        CaConfig c = config(min, max);
        assertEquals(List.of(new SerialRange(BigInteger.ZERO, min), new SerialRange(max.add(ONE), SerialRange.LIMIT)),
                c.revokedRanges());
        assertTrue(revoked(c, BigInteger.ZERO));
        assertTrue(revoked(c, min.subtract(ONE)));
        assertFalse(revoked(c, min));
        assertFalse(revoked(c, max));
        assertTrue(revoked(c, max.add(ONE)));
        assertTrue(revoked(c, TOP));
        assertEquals(Optional.of(new SerialRange(BigInteger.ZERO, min)), c.revokedRangeOf(min.subtract(ONE)));
        assertEquals(Optional.of(new SerialRange(max.add(ONE), SerialRange.LIMIT)), c.revokedRangeOf(max.add(ONE)));
    }

    @Test
    void minSerialZeroAndMaxSerialTwoToTheSixtyFourMinusOneRevokeNothing() {
        CaConfig c = config(BigInteger.ZERO, TOP);
        assertEquals(List.of(new SerialRange(BigInteger.ZERO, BigInteger.ZERO),
                new SerialRange(SerialRange.LIMIT, SerialRange.LIMIT)), c.revokedRanges());
        assertTrue(c.revokedRanges().stream().allMatch(SerialRange::isEmpty));
        assertFalse(revoked(c, BigInteger.ZERO));
        assertFalse(revoked(c, ONE));
        assertFalse(revoked(c, TOP.subtract(ONE)));
        assertFalse(revoked(c, TOP));
        // a single serial: min = max
        CaConfig one = config(TOP, TOP);
        assertTrue(revoked(one, TOP.subtract(ONE)));
        assertFalse(revoked(one, TOP));
        one = config(BigInteger.ZERO, BigInteger.ZERO);
        assertFalse(revoked(one, BigInteger.ZERO));
        assertTrue(revoked(one, ONE));
    }

    /** A plants-04 CA extension has no maxSerial: only [0, minSerial) is revoked, up to 2^64-1 is allowed. */
    @Test
    void plants04CaExtensionWithoutMaxSerial() {
        BigInteger min = SerialRange.serial(1, 0);
        CaCertificate cert = caCertificate(Profile.PLANTS_04, min, Optional.empty());
        CaCertificate back = CaCertificate.parse(Profile.PLANTS_04, cert.encoded());
        assertEquals(Optional.empty(), back.authority().maxSerial());
        CaConfig c = CaCertificates.fromCaCertificate(back);
        assertTrue(revoked(c, BigInteger.ZERO));
        assertTrue(revoked(c, min.subtract(ONE)));
        assertFalse(revoked(c, min));
        assertFalse(revoked(c, TOP));
        assertEquals(List.of(new SerialRange(BigInteger.ZERO, min), new SerialRange(SerialRange.LIMIT,
                SerialRange.LIMIT)), c.revokedRanges());
        // the same CA certificate under plants-05 carries maxSerial and revokes above it
        CaConfig five = CaCertificates.fromCaCertificate(caCertificate(Profile.PLANTS_05, min,
                Optional.of(SerialRange.serial(1, 9))));
        assertFalse(revoked(five, SerialRange.serial(1, 9)));
        assertTrue(revoked(five, SerialRange.serial(1, 10)));
    }
}
