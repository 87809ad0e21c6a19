package io.mtc4j.ca;

import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.X509Der;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

/** Validated requests as the intake policy would produce them: an empty subject and a critical subjectAltName. */
final class TestRequests {
    static final byte[] SPKI = Keys.generate(SignatureAlgorithm.ED25519, new SecureRandom(new byte[] {7}),
            SigningMode.DETERMINISTIC).publicKeySpki();

    private TestRequests() {}

    static IssuanceRequest dns(String name, Instant notBefore) {
        // RFC 5280 §4.2.1.6: with an empty subject, subjectAltName MUST be critical
        byte[] exts = Der.sequence(
                X509Der.extension("2.5.29.15", true, Der.tlv(Der.BIT_STRING, new byte[] {7, (byte) 0x80})),
                X509Der.extension("2.5.29.37", false, Der.sequence(Der.oid("1.3.6.1.5.5.7.3.1"))),
                X509Der.extension("2.5.29.17", true, Der.sequence(Der.tlv(0x82,
                        name.getBytes(StandardCharsets.US_ASCII)))));
        return new IssuanceRequest(Der.sequence(), SPKI, notBefore, notBefore.plus(Duration.ofDays(7)).minusSeconds(1),
                exts);
    }
}
