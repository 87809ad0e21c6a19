package io.mtc4j.ca.acme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The ACME codecs: strict base64url, JWK thumbprints (RFC 8037 vector), identifier keys. */
class AcmeCodecPropertiesTest {
    @Property
    void base64UrlRoundTripsAndRefusesPaddedOrStandardText(@ForAll @Size(max = 200) byte[] bytes) {
        String text = Base64Url.encode(bytes);
        assertArrayEquals(bytes, Base64Url.decode(text, "f"));
        String padded = Base64.getUrlEncoder().encodeToString(bytes);
        if (!padded.equals(text)) {
            assertEquals("malformed", assertThrows(AcmeProblem.class, () -> Base64Url.decode(padded, "f")).type());
        }
        String standard = Base64.getEncoder().withoutPadding().encodeToString(bytes);
        if (!standard.equals(text)) {
            assertThrows(AcmeProblem.class, () -> Base64Url.decode(standard, "f"));
        }
    }

    @Property
    void nonCanonicalTrailingBitsAreRefused(@ForAll @Size(min = 1, max = 50) byte[] bytes) {
        String text = Base64Url.encode(bytes);
        if (text.length() % 4 != 0) {
            char last = text.charAt(text.length() - 1);
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            String other = text.substring(0, text.length() - 1) + alphabet.charAt((alphabet.indexOf(last) + 1) % 64);
            byte[] decoded = Base64.getUrlDecoder().decode(other);
            if (Base64Url.encode(decoded).equals(other)) {
                assertArrayEquals(decoded, Base64Url.decode(other, "f"));
            } else {
                assertThrows(AcmeProblem.class, () -> Base64Url.decode(other, "f"));
            }
        }
    }

    @Test
    void ed25519ThumbprintIsRfc8037sExample() throws Exception {
        // RFC 8037 Appendix A.3
        var jwk = new ObjectMapper().readTree("{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
                + "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}");
        assertEquals("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k", Jws.thumbprint(jwk));
    }

    @Property
    void ipIdentifiersAreKeyedByTheirAddressBytes(@ForAll byte[] raw) throws Exception {
        byte[] addr = java.util.Arrays.copyOf(raw, raw.length % 2 == 0 ? 4 : 16);
        InetAddress a = InetAddress.getByAddress(addr);
        // Java reads an IPv4-mapped IPv6 address (::ffff:a.b.c.d) as IPv4; such orders are keyed as IPv4
        net.jqwik.api.Assume.that(a.getAddress().length == addr.length);
        String text = a.getHostAddress();
        assertArrayEquals(addr, Identifiers.ipAddress(text, "value"));
    }
}
