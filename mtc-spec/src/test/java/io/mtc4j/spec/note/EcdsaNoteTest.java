package io.mtc4j.spec.note;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Signer;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.der.Der;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** signed-note type 0x02 (ECDSA as in transparency-dev/witness): key ID = SHA-256(SPKI)[:4], DER over SHA-256. */
class EcdsaNoteTest {
    private static final String TEXT = new Checkpoint("example.com/log", 42, new byte[32]).format();

    static int sha256KeyId(byte[] spki) throws Exception {
        return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(spki)).getInt();
    }

    static KeyPair jdkKey(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve), new SecureRandom());
        return g.generateKeyPair();
    }

    static byte[] jdkSign(KeyPair k, String alg, String text) throws Exception {
        Signature s = Signature.getInstance(alg);
        s.initSign(k.getPrivate());
        s.update(text.getBytes(StandardCharsets.UTF_8));
        return s.sign();
    }

    /** The Sigstore Rekor public key, whose SHA-256 (c0d23d6a...) is Rekor's published log ID. */
    static final String REKOR_SPKI_B64 = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2G2Y+2tabdTV5BcGiBIx0a9fAFwrkBbmLSGtks4L3"
            + "qX6yYY0zufBnhC8Ur/iy55GhWP/9A/bY2LhC30M9+RYtw==";

    @Test
    void rekorVkeyKeyIdIsTheSha256OfTheSpki() throws Exception {
        byte[] spki = Base64.getDecoder().decode(REKOR_SPKI_B64);
        assertEquals(0xc0d23d6a, sha256KeyId(spki));
        byte[] tk = new byte[spki.length + 1];
        tk[0] = 0x02;
        System.arraycopy(spki, 0, tk, 1, spki.length);
        String vkey = "rekor.sigstore.dev+c0d23d6a+" + Base64.getEncoder().encodeToString(tk);
        NoteVerifier v = NoteVerifier.fromVkey(vkey);
        assertEquals("rekor.sigstore.dev", v.name());
        assertEquals(0xc0d23d6a, v.keyId());
        assertEquals(vkey, v.vkey().orElseThrow());
        assertTrue(v.toString().contains("c0d23d6a"));
        // the default (name || 0x0A || type || key) key ID is not the type-0x02 one
        MtcParseException e = assertThrows(MtcParseException.class, () -> NoteVerifier.fromVkey(
                "rekor.sigstore.dev+" + String.format("%08x", Cosignature.keyId("rekor.sigstore.dev", 2, spki)) + "+"
                        + Base64.getEncoder().encodeToString(tk)));
        assertEquals("vkey.id", e.field());
    }

    @Test
    void p256SignsAndVerifiesThroughNotesAndVkeys() throws Exception {
        Signer key = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, new SecureRandom(), SigningMode.RANDOMIZED);
        NoteSigner signer = NoteSigner.ecdsa("witness.example/ec", key);
        assertEquals(sha256KeyId(key.publicKeySpki()), signer.keyId());
        assertFalse(signer.toString().contains(Base64.getEncoder().encodeToString(key.publicKeySpki())));
        SignedNote note = SignedNote.parse(SignedNote.sign(TEXT, List.of(signer)).format());
        NoteVerifier fromVkey = NoteVerifier.fromVkey(signer.verifier().vkey().orElseThrow());
        assertEquals(note.signatures(), note.verify(List.of(fromVkey)));
        assertEquals(note.signatures(), note.verify(List.of(NoteVerifier.ecdsa("witness.example/ec",
                key.publicKeySpki()))));
        // the JDK (an independent implementation) accepts the signature as SHA256withECDSA
        Signature jdk = Signature.getInstance("SHA256withECDSA");
        jdk.initVerify(java.security.KeyFactory.getInstance("EC").generatePublic(
                new java.security.spec.X509EncodedKeySpec(key.publicKeySpki())));
        jdk.update(TEXT.getBytes(StandardCharsets.UTF_8));
        assertTrue(jdk.verify(note.signatures().get(0).signature()));
        assertThrows(IllegalArgumentException.class, () -> NoteSigner.ecdsa("x", Keys.generate(
                SignatureAlgorithm.ECDSA_P384_SHA384, new SecureRandom(), SigningMode.RANDOMIZED)));
    }

    /** P-384 and P-521 keys also sign SHA-256 digests under type 0x02 (not the curve's "natural" hash). */
    @Test
    void p384AndP521UseSha256() throws Exception {
        for (String curve : new String[] {"secp384r1", "secp521r1"}) {
            KeyPair k = jdkKey(curve);
            byte[] spki = k.getPublic().getEncoded();
            NoteVerifier v = NoteVerifier.ecdsa("w.example/" + curve, spki);
            assertEquals(sha256KeyId(spki), v.keyId());
            byte[] good = jdkSign(k, "SHA256withECDSA", TEXT);
            SignedNote note = new SignedNote(TEXT, List.of(new NoteSignature(v.name(), v.keyId(), good)));
            assertEquals(1, note.verify(List.of(v)).size());
            byte[] otherHash = jdkSign(k, curve.equals("secp384r1") ? "SHA384withECDSA" : "SHA512withECDSA", TEXT);
            assertFalse(v.verify(TEXT.getBytes(StandardCharsets.UTF_8), otherHash), curve);
            SignedNote bad = new SignedNote(TEXT, List.of(new NoteSignature(v.name(), v.keyId(), otherHash)));
            assertThrows(NoteVerificationException.class, () -> bad.verify(List.of(v)));
        }
    }

    @Test
    void onlyStrictSignaturesVerify() throws Exception {
        KeyPair k = jdkKey("secp256r1");
        NoteVerifier v = NoteVerifier.ecdsa("w.example/a", k.getPublic().getEncoded());
        byte[] text = TEXT.getBytes(StandardCharsets.UTF_8);
        byte[] sig = jdkSign(k, "SHA256withECDSA", TEXT);
        assertTrue(v.verify(text, sig));
        // the same Ecdsa-Sig-Value with a non-minimal (long-form) outer length is BER, not DER
        byte[] ber = new byte[sig.length + 1];
        ber[0] = 0x30;
        ber[1] = (byte) 0x81;
        ber[2] = sig[1];
        System.arraycopy(sig, 2, ber, 3, sig.length - 2);
        assertFalse(v.verify(text, ber));
        assertFalse(v.verify(text, Arrays.copyOf(sig, sig.length + 1)));
        assertFalse(v.verify(text, new byte[0]));
        assertFalse(v.verify(text, new byte[64])); // raw r||s is not the format
        assertFalse(v.verify("other\n".getBytes(StandardCharsets.UTF_8), sig));
    }

    @Property(tries = 200)
    void anyFlippedSignatureBitFails(@ForAll @IntRange(min = 0, max = 1 << 20) int where,
            @ForAll @IntRange(min = 1, max = 255) int flip) throws Exception {
        Signer key = P256;
        byte[] text = TEXT.getBytes(StandardCharsets.UTF_8);
        byte[] sig = key.sign(text);
        NoteVerifier v = NoteVerifier.ecdsa("w.example/p", key.publicKeySpki());
        assertTrue(v.verify(text, sig));
        sig[where % sig.length] ^= (byte) flip;
        assertFalse(v.verify(text, sig));
    }

    private static final Signer P256 = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, new SecureRandom(),
            SigningMode.DETERMINISTIC);

    @Test
    void keysOutsideTheTypeAreRejected() throws Exception {
        byte[] p256 = jdkKey("secp256r1").getPublic().getEncoded();
        String alg = "vkey.key.SubjectPublicKeyInfo.algorithm";
        // secp256k1 is not one of the three curves
        byte[] k1 = Der.sequence(Der.sequence(Der.oid("1.2.840.10045.2.1"), Der.oid("1.3.132.0.10")),
                Der.bitString(Arrays.copyOfRange(p256, p256.length - 65, p256.length)));
        assertEquals(alg + ".parameters", assertThrows(MtcParseException.class,
                () -> NoteVerifier.ecdsa("a", k1)).field());
        // explicit parameters / no parameters
        byte[] none = Der.sequence(Der.sequence(Der.oid("1.2.840.10045.2.1")),
                Der.bitString(Arrays.copyOfRange(p256, p256.length - 65, p256.length)));
        assertEquals(alg + ".parameters", assertThrows(MtcParseException.class,
                () -> NoteVerifier.ecdsa("a", none)).field());
        byte[] nullParams = Der.sequence(Der.sequence(Der.oid("1.2.840.10045.2.1"), Der.tlv(Der.NULL)),
                Der.bitString(Arrays.copyOfRange(p256, p256.length - 65, p256.length)));
        assertEquals(alg + ".parameters", assertThrows(MtcParseException.class,
                () -> NoteVerifier.ecdsa("a", nullParams)).field());
        // an Ed25519 key
        byte[] ed = Keys.generate(SignatureAlgorithm.ED25519, new SecureRandom(), SigningMode.DETERMINISTIC)
                .publicKeySpki();
        assertEquals(alg, assertThrows(MtcParseException.class, () -> NoteVerifier.ecdsa("a", ed)).field());
        // a point that is not on the curve
        byte[] off = p256.clone();
        off[off.length - 1] ^= 1;
        MtcParseException e = assertThrows(MtcParseException.class, () -> NoteVerifier.ecdsa("a", off));
        assertEquals("vkey.key.SubjectPublicKeyInfo.subjectPublicKey", e.field());
        // not DER: trailing data
        assertThrows(MtcParseException.class, () -> NoteVerifier.ecdsa("a", Arrays.copyOf(p256, p256.length + 1)));
        // a bad key name
        assertThrows(MtcParseException.class, () -> NoteVerifier.ecdsa("a b", p256));
        // the vkey path reports the same errors
        byte[] tk = new byte[k1.length + 1];
        tk[0] = 2;
        System.arraycopy(k1, 0, tk, 1, k1.length);
        assertEquals(alg + ".parameters", assertThrows(MtcParseException.class, () -> NoteVerifier.fromVkey(
                "a+" + String.format("%08x", sha256KeyId(k1)) + "+" + Base64.getEncoder().encodeToString(tk))).field());
        assertArrayEquals(p256, ((EcdsaNoteKey) NoteVerifier.ecdsa("a", p256)).spki());
    }
}
