package io.mtc4j.spec.cosign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.Profile;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/** Sign/verify round trips for every algorithm; any changed message or signature byte fails. */
class SignVerifyProperties {
    private static final Map<SignatureAlgorithm, Signer> SIGNERS = new EnumMap<>(SignatureAlgorithm.class);

    static {
        SecureRandom r = new SecureRandom();
        for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
            SIGNERS.put(a, Keys.generate(a, r, SigningMode.RANDOMIZED));
        }
    }

    @Provide
    Arbitrary<SignatureAlgorithm> classical() {
        return Arbitraries.of(SignatureAlgorithm.ED25519, SignatureAlgorithm.ECDSA_P256_SHA256,
                SignatureAlgorithm.ECDSA_P384_SHA384);
    }

    @Provide
    Arbitrary<SignatureAlgorithm> mlDsa() {
        return Arbitraries.of(SignatureAlgorithm.MLDSA44, SignatureAlgorithm.MLDSA65, SignatureAlgorithm.MLDSA87);
    }

    @Property(tries = 300)
    void classicalRoundTripAndTamper(@ForAll("classical") SignatureAlgorithm a, @ForAll @Size(max = 300) byte[] msg,
            @ForAll @IntRange(min = 0, max = 1 << 20) int where, @ForAll @IntRange(min = 1, max = 255) int flip) {
        check(a, msg, where, flip);
    }

    @Property(tries = 50)
    void mlDsaRoundTripAndTamper(@ForAll("mlDsa") SignatureAlgorithm a, @ForAll @Size(max = 300) byte[] msg,
            @ForAll @IntRange(min = 0, max = 1 << 20) int where, @ForAll @IntRange(min = 1, max = 255) int flip) {
        check(a, msg, where, flip);
    }

    private static void check(SignatureAlgorithm a, byte[] msg, int where, int flip) {
        Signer s = SIGNERS.get(a);
        Verifier v = Keys.verifier(a, s.publicKeySpki());
        byte[] sig = s.sign(msg);
        assertTrue(v.verify(msg, sig));
        byte[] badSig = sig.clone();
        badSig[where % sig.length] ^= (byte) flip;
        assertFalse(v.verify(msg, badSig));
        if (msg.length > 0) {
            byte[] badMsg = msg.clone();
            badMsg[where % msg.length] ^= (byte) flip;
            assertFalse(v.verify(badMsg, sig));
        }
        assertFalse(v.verify(msg, java.util.Arrays.copyOf(sig, sig.length - 1)));
        assertFalse(v.verify(msg, java.util.Arrays.copyOf(sig, sig.length + 1)));
        // another algorithm's key never verifies
        for (SignatureAlgorithm other : SignatureAlgorithm.values()) {
            if (other != a && !other.isMlDsa()) {
                assertFalse(SIGNERS.get(other).verifier().verify(msg, sig));
            }
        }
    }

    @Property(tries = 40)
    void subtreeSignaturesVerifyOnlyForTheirSubtree(@ForAll("any") SignatureAlgorithm a,
            @ForAll @IntRange(min = 0, max = 20) int level, @ForAll @IntRange(min = 0, max = 1000) int k,
            @ForAll @Size(32) byte[] hash, @ForAll boolean legacy) {
        Profile p = legacy ? Profile.PLANTS_02 : Profile.PLANTS_05;
        TrustAnchorId ca = TrustAnchorId.parse("32473.1");
        SubtreeSigner signer = new SubtreeSigner(TrustAnchorId.parse("32473.2.1"), SIGNERS.get(a));
        long start = (long) k << level;
        long end = start + (1L << level);
        byte[] sig = signer.signSubtree(p, ca.logId(1), start, end, hash);
        Cosigner c = signer.cosigner();
        assertTrue(c.verifySubtreeSignature(p, ca.logId(1), start, end, hash, sig));
        assertFalse(c.verifySubtreeSignature(p, ca.logId(2), start, end, hash, sig));
        assertFalse(c.verifySubtreeSignature(p, ca.logId(1), start, end + 1, hash, sig));
        assertFalse(c.verifySubtreeSignature(legacy ? Profile.PLANTS_05 : Profile.PLANTS_02, ca.logId(1), start, end, hash, sig));
        assertFalse(new Cosigner(ca, c.verifier()).verifySubtreeSignature(p, ca.logId(1), start, end, hash, sig));
        CosignedMessage m = CosignedMessage.forCertificate(signer.id(), ca.logId(1), start, end, hash);
        assertTrue(c.verify(p, m, sig));
        assertFalse(c.verify(p, CosignedMessage.forCertificate(ca, ca.logId(1), start, end, hash), sig));
    }

    @Provide
    Arbitrary<SignatureAlgorithm> any() {
        return Arbitraries.of(SignatureAlgorithm.class);
    }

    /**
     * Keys.ed25519SeedPkcs8 is RFC 8410 §7's OneAsymmetricKey v1 (no public key) as BouncyCastle's ASN.1 encodes it,
     * and loads as a key that signs.
     */
    @Property(tries = 50)
    void ed25519SeedPkcs8IsTheRfc8410Encoding(@ForAll @Size(32) byte[] seed, @ForAll @Size(max = 64) byte[] msg)
            throws java.io.IOException {
        byte[] pk8 = Keys.ed25519SeedPkcs8(seed);
        assertArrayEquals(new PrivateKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
                new DEROctetString(seed)).getEncoded("DER"), pk8);
        Signer s = Keys.signer(SignatureAlgorithm.ED25519, pk8);
        assertTrue(s.verifier().verify(msg, s.sign(msg)));
    }
}
