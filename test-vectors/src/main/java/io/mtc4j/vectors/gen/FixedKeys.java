package io.mtc4j.vectors.gen;

import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Signer;
import io.mtc4j.spec.cosign.SigningMode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.util.HexFormat;

/**
 * The vector keys: every private key is derived from a label (SHA-256 of {@code "mtc4j test vectors " + label}),
 * so the set regenerates byte for byte, and signers run in {@link SigningMode#DETERMINISTIC} (deterministic
 * ML-DSA, RFC 6979 ECDSA; Ed25519 is deterministic anyway). These keys are public test material.
 */
final class FixedKeys {
    private FixedKeys() {}

    static byte[] seed(String label) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(("mtc4j test vectors " + label).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8 DER of the fixed key {@code label} for {@code alg}. */
    static byte[] pkcs8(SignatureAlgorithm alg, String label) {
        byte[] seed = seed(alg.wireName() + " " + label);
        return switch (alg) {
            case MLDSA44, MLDSA65, MLDSA87 -> Keys.mlDsaSeedPkcs8(alg, seed);
            // RFC 8410 OneAsymmetricKey for Ed25519: fixed 16-byte prefix, then the 32-byte seed.
            case ED25519 -> concat(HexFormat.of().parseHex("302e020100300506032b657004220420"), seed);
            case ECDSA_P256_SHA256 -> ec("secp256r1", seed);
            case ECDSA_P384_SHA384 -> ec("secp384r1", concat(seed, seed(alg.wireName() + " " + label + " 2")));
        };
    }

    /** A deterministic signer for the fixed key {@code label}. */
    static Signer signer(SignatureAlgorithm alg, String label) {
        return Keys.signer(alg, pkcs8(alg, label), SigningMode.DETERMINISTIC);
    }

    private static byte[] ec(String curve, byte[] material) {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec(curve));
            ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
            BigInteger n = spec.getOrder();
            BigInteger d = new BigInteger(1, material).mod(n.subtract(BigInteger.ONE)).add(BigInteger.ONE);
            return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, spec)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
