package io.mtc4j.spec.cosign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.junit.jupiter.api.Test;

class KeysTest {
    private static final HexFormat HEX = HexFormat.of();
    /** The generator's ML-DSA-44 key: seed-only PKCS#8, seed 00..1f (demo mtc.json / config.json). */
    static final String MLDSA44_SEED_PKCS8 = "MDQCAQAwCwYJYIZIAWUDBAMRBCKAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f";

    @Test
    void mlDsaSeedPkcs8LoadsAndRoundTrips() {
        byte[] der = Base64.getDecoder().decode(MLDSA44_SEED_PKCS8);
        byte[] seed = new byte[32];
        for (int i = 0; i < 32; i++) {
            seed[i] = (byte) i;
        }
        assertArrayEquals(der, Keys.mlDsaSeedPkcs8(SignatureAlgorithm.MLDSA44, seed));
        Signer s = Keys.signer(SignatureAlgorithm.MLDSA44, der);
        byte[] spki = s.publicKeySpki();
        // the generator's SPKI prefix for ML-DSA-44 (demo cosign.go) followed by the 1312-byte key
        assertEquals("30820532300b0609608648016503040311038205210", HEX.formatHex(spki, 0, 22).substring(0, 43));
        assertEquals(1334, spki.length);
        assertEquals(1312, s.verifier().publicKeyRaw().length);
        byte[] msg = "hello".getBytes(StandardCharsets.US_ASCII);
        byte[] sig = s.sign(msg);
        assertEquals(2420, sig.length);
        assertTrue(Keys.verifier(SignatureAlgorithm.MLDSA44, spki).verify(msg, sig));
        assertTrue(Keys.verifierFromRaw(SignatureAlgorithm.MLDSA44, s.verifier().publicKeyRaw()).verify(msg, sig));
        assertThrows(MtcParseException.class, () -> Keys.signer(SignatureAlgorithm.MLDSA65, der));
        assertThrows(MtcParseException.class, () -> Keys.verifier(SignatureAlgorithm.MLDSA87, spki));
        assertThrows(IllegalArgumentException.class, () -> Keys.mlDsaSeedPkcs8(SignatureAlgorithm.ED25519, seed));
        assertThrows(IllegalArgumentException.class, () -> Keys.mlDsaSeedPkcs8(SignatureAlgorithm.MLDSA44, new byte[31]));
    }

    @Test
    void deterministicModesReproduceAndRandomizedDoNot() {
        byte[] msg = "m".getBytes(StandardCharsets.US_ASCII);
        for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
            Signer det = Keys.generate(a, new SecureRandom(), SigningMode.DETERMINISTIC);
            assertArrayEquals(det.sign(msg), det.sign(msg), a.toString());
            assertTrue(det.verifier().verify(msg, det.sign(msg)));
            Signer rnd = Keys.generate(a, new SecureRandom(), SigningMode.RANDOMIZED);
            if (a != SignatureAlgorithm.ED25519) {
                assertNotEquals(HEX.formatHex(rnd.sign(msg)), HEX.formatHex(rnd.sign(msg)), a.toString());
            }
            assertTrue(rnd.verifier().verify(msg, rnd.sign(msg)));
            if (a.fixedSignatureLength() > 0) {
                assertEquals(a.fixedSignatureLength(), rnd.sign(msg).length);
            }
        }
    }

    /** RFC 6979 §A.2.5: P-256, SHA-256, message "sample". */
    @Test
    void ecdsaP256DeterministicMatchesRfc6979() throws Exception {
        BigInteger d = new BigInteger("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721", 16);
        byte[] pkcs8 = PrivateKeyInfoFactory.createPrivateKeyInfo(
                new ECPrivateKeyParameters(d, Keys.curve(SignatureAlgorithm.ECDSA_P256_SHA256))).getEncoded("DER");
        Signer s = Keys.signer(SignatureAlgorithm.ECDSA_P256_SHA256, pkcs8, SigningMode.DETERMINISTIC);
        byte[] sig = s.sign("sample".getBytes(StandardCharsets.US_ASCII));
        ASN1Sequence seq = ASN1Sequence.getInstance(sig);
        assertEquals(new BigInteger("EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716", 16),
                ASN1Integer.getInstance(seq.getObjectAt(0)).getValue());
        assertEquals(new BigInteger("F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8", 16),
                ASN1Integer.getInstance(seq.getObjectAt(1)).getValue());
        assertThrows(MtcParseException.class, () -> Keys.signer(SignatureAlgorithm.ECDSA_P384_SHA384, pkcs8));
        assertThrows(MtcParseException.class, () -> Keys.signer(SignatureAlgorithm.ED25519, pkcs8));
        assertThrows(MtcParseException.class, () -> Keys.verifier(SignatureAlgorithm.ECDSA_P384_SHA384, s.publicKeySpki()));
        assertThrows(MtcParseException.class, () -> Keys.verifier(SignatureAlgorithm.MLDSA44, s.publicKeySpki()));
        assertTrue(Keys.verifierFromRaw(SignatureAlgorithm.ECDSA_P256_SHA256, s.verifier().publicKeyRaw())
                .verify("sample".getBytes(StandardCharsets.US_ASCII), sig));
    }

    /** RFC 8032 §7.1 TEST 1 (empty message). */
    @Test
    void ed25519MatchesRfc8032() {
        byte[] pkcs8 = HEX.parseHex("302e020100300506032b657004220420"
                + "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        Signer s = Keys.signer(SignatureAlgorithm.ED25519, pkcs8);
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                HEX.formatHex(s.verifier().publicKeyRaw()));
        assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46b"
                + "d25bf5f0595bbe24655141438e7a100b", HEX.formatHex(s.sign(new byte[0])));
        Verifier v = Keys.verifierFromRaw(SignatureAlgorithm.ED25519, s.verifier().publicKeyRaw());
        assertTrue(v.verify(new byte[0], s.sign(new byte[0])));
        assertFalse(v.verify(new byte[0], new byte[63]));
        assertEquals(v, s.verifier());
        assertEquals(v.hashCode(), s.verifier().hashCode());
    }

    @Test
    void toStringHidesKeys() {
        byte[] der = Base64.getDecoder().decode(MLDSA44_SEED_PKCS8);
        Signer s = Keys.signer(SignatureAlgorithm.MLDSA44, der);
        for (String text : new String[] {s.toString(), s.verifier().toString(),
                new SubtreeSigner(io.mtc4j.spec.tai.TrustAnchorId.parse("32473.1"), s).toString()}) {
            assertTrue(text.contains("hidden"), text);
            assertFalse(text.contains("000102030405"), text);
            assertFalse(text.contains(HEX.formatHex(s.verifier().publicKeyRaw(), 0, 8)), text);
        }
    }

    @Test
    void rejectsNonDerAndGarbage() {
        byte[] der = Base64.getDecoder().decode(MLDSA44_SEED_PKCS8);
        byte[] trailing = java.util.Arrays.copyOf(der, der.length + 1);
        MtcParseException e = assertThrows(MtcParseException.class, () -> Keys.signer(SignatureAlgorithm.MLDSA44, trailing));
        assertEquals("PrivateKeyInfo", e.field());
        // BER long-form length for the outer SEQUENCE
        byte[] ber = new byte[der.length + 1];
        ber[0] = 0x30;
        ber[1] = (byte) 0x81;
        System.arraycopy(der, 1, ber, 2, der.length - 1);
        assertThrows(MtcParseException.class, () -> Keys.signer(SignatureAlgorithm.MLDSA44, ber));
        assertThrows(MtcParseException.class, () -> Keys.signer(SignatureAlgorithm.MLDSA44, new byte[0]));
        assertThrows(MtcParseException.class, () -> Keys.verifier(SignatureAlgorithm.ED25519, new byte[] {0x30, 0x00}));
        assertThrows(MtcParseException.class, () -> Keys.verifierFromRaw(SignatureAlgorithm.ED25519, new byte[5]));
        assertThrows(MtcParseException.class, () -> Keys.rawPublicKey(new byte[] {1}));
        assertThrows(MtcParseException.class, () -> Keys.rawPublicKey(new byte[] {0x30, 0x00}));
    }

    @Test
    void algorithmNames() {
        for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
            assertEquals(a, SignatureAlgorithm.fromName(a.wireName()));
            assertEquals(a.wireName(), a.toString());
        }
        MtcParseException e = assertThrows(MtcParseException.class, () -> SignatureAlgorithm.fromName("rsa"));
        assertTrue(e.getMessage().contains("mldsa44"));
        assertTrue(SignatureAlgorithm.ECDSA_P384_SHA384.isEcdsa());
        assertFalse(SignatureAlgorithm.ED25519.isMlDsa());
    }
}
