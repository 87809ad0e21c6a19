package io.mtc4j.spec.cosign;

import java.security.SecureRandom;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.MLDSAKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/** BouncyCastle-backed {@link Signer}; a fresh BC engine per signature, so instances are thread-safe. */
final class BcSigner implements Signer {
    private final SignatureAlgorithm algorithm;
    private final AsymmetricKeyParameter privateKey;
    private final SigningMode mode;
    private final SecureRandom random;
    private final byte[] spki;

    BcSigner(SignatureAlgorithm algorithm, AsymmetricKeyParameter privateKey, SigningMode mode) {
        this.algorithm = algorithm;
        this.privateKey = privateKey;
        this.mode = mode;
        this.random = mode == SigningMode.RANDOMIZED ? new SecureRandom() : null;
        this.spki = Keys.spkiOf(publicKeyOf(privateKey));
    }

    static AsymmetricCipherKeyPair generate(SignatureAlgorithm algorithm, SecureRandom random) {
        if (algorithm.isMlDsa()) {
            MLDSAKeyPairGenerator g = new MLDSAKeyPairGenerator();
            g.init(new MLDSAKeyGenerationParameters(random, Keys.mlDsaParameters(algorithm)));
            return g.generateKeyPair();
        }
        if (algorithm == SignatureAlgorithm.ED25519) {
            Ed25519KeyPairGenerator g = new Ed25519KeyPairGenerator();
            g.init(new Ed25519KeyGenerationParameters(random));
            return g.generateKeyPair();
        }
        ECKeyPairGenerator g = new ECKeyPairGenerator();
        g.init(new ECKeyGenerationParameters(Keys.curve(algorithm), random));
        return g.generateKeyPair();
    }

    private static AsymmetricKeyParameter publicKeyOf(AsymmetricKeyParameter priv) {
        if (priv instanceof MLDSAPrivateKeyParameters) {
            return ((MLDSAPrivateKeyParameters) priv).getPublicKeyParameters();
        }
        if (priv instanceof Ed25519PrivateKeyParameters) {
            return ((Ed25519PrivateKeyParameters) priv).generatePublicKey();
        }
        ECPrivateKeyParameters ec = (ECPrivateKeyParameters) priv;
        ECPoint q = new FixedPointCombMultiplier().multiply(ec.getParameters().getG(), ec.getD()).normalize();
        return new ECPublicKeyParameters(q, ec.getParameters());
    }

    static Digest digestFor(SignatureAlgorithm algorithm) {
        return algorithm == SignatureAlgorithm.ECDSA_P256_SHA256 ? new SHA256Digest() : new SHA384Digest();
    }

    @Override
    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    public byte[] sign(byte[] message) {
        org.bouncycastle.crypto.Signer s;
        CipherParameters params = random == null ? privateKey : new ParametersWithRandom(privateKey, random);
        if (algorithm.isMlDsa()) {
            s = new MLDSASigner(); // pure ML-DSA, empty context
        } else if (algorithm == SignatureAlgorithm.ED25519) {
            s = new Ed25519Signer();
            params = privateKey;
        } else if (mode == SigningMode.DETERMINISTIC) {
            // RFC 6979 nonce with the algorithm's own hash
            s = new DSADigestSigner(new ECDSASigner(new HMacDSAKCalculator(digestFor(algorithm))), digestFor(algorithm),
                    StandardDSAEncoding.INSTANCE);
        } else {
            s = new DSADigestSigner(new ECDSASigner(), digestFor(algorithm), StandardDSAEncoding.INSTANCE);
        }
        s.init(true, params);
        s.update(message, 0, message.length);
        try {
            return s.generateSignature();
        } catch (CryptoException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    @Override
    public byte[] publicKeySpki() {
        return spki.clone();
    }

    @Override
    public String toString() {
        return "Signer[" + algorithm + ", " + mode + ", key material hidden]";
    }
}
