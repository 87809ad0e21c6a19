package io.mtc4j.spec.cosign;

import io.mtc4j.spec.MtcParseException;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;

/**
 * Loads and creates cosigner keys through BouncyCastle's lightweight API (no JCA provider is registered, so no
 * global state). Private keys come as PKCS#8 DER, including the ML-DSA seed-only form
 * ({@code PrivateKey ::= [0] IMPLICIT OCTET STRING (SIZE 32)}) that the draft authors' generator writes into
 * {@code config.json}; public keys come as DER SubjectPublicKeyInfo. Input must be DER with no trailing data and
 * must match the requested algorithm (including the ECDSA curve), else {@link MtcParseException}.
 */
public final class Keys {
    /** RFC 8410 §7 PKCS#8 prefix of an Ed25519 private key, followed by the 32-byte seed. */
    private static final byte[] ED25519_PKCS8_PREFIX = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b,
        0x65, 0x70, 0x04, 0x22, 0x04, 0x20};

    private Keys() {}

    /**
     * A randomized-mode signer from PKCS#8 DER.
     *
     * @param algorithm the signature algorithm
     * @param pkcs8 the PKCS #8 private key
     * @return a randomized-mode signer from PKCS#8 DER
     */
    public static Signer signer(SignatureAlgorithm algorithm, byte[] pkcs8) {
        return signer(algorithm, pkcs8, SigningMode.RANDOMIZED);
    }

    /**
     * A signer from PKCS#8 DER, in the given mode.
     *
     * @param algorithm the signature algorithm
     * @param pkcs8 the PKCS #8 private key
     * @param mode the signing mode
     * @return a signer from PKCS#8 DER, in the given mode
     */
    public static Signer signer(SignatureAlgorithm algorithm, byte[] pkcs8, SigningMode mode) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(mode, "mode");
        ASN1Primitive p = strictDer("PrivateKeyInfo", pkcs8);
        AsymmetricKeyParameter key;
        try {
            key = PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(p));
        } catch (IOException | RuntimeException e) {
            throw new MtcParseException("PrivateKeyInfo", "not a supported PKCS#8 private key (" + e.getMessage() + ")", e);
        }
        checkMatches("PrivateKeyInfo", algorithm, key);
        return new BcSigner(algorithm, key, mode);
    }

    /**
     * A verifier from a DER SubjectPublicKeyInfo.
     *
     * @param algorithm the signature algorithm
     * @param spki the DER SubjectPublicKeyInfo
     * @return a verifier from a DER SubjectPublicKeyInfo
     */
    public static Verifier verifier(SignatureAlgorithm algorithm, byte[] spki) {
        Objects.requireNonNull(algorithm, "algorithm");
        ASN1Primitive p = strictDer("SubjectPublicKeyInfo", spki);
        SubjectPublicKeyInfo info;
        AsymmetricKeyParameter key;
        try {
            info = SubjectPublicKeyInfo.getInstance(p);
            key = PublicKeyFactory.createKey(info);
        } catch (IOException | RuntimeException e) {
            throw new MtcParseException("SubjectPublicKeyInfo", "not a supported public key (" + e.getMessage() + ")", e);
        }
        if (!info.getAlgorithm().getAlgorithm().getId().equals(algorithm.keyAlgorithmOid())) {
            throw new MtcParseException("SubjectPublicKeyInfo.algorithm",
                    "key algorithm " + info.getAlgorithm().getAlgorithm().getId() + " does not match " + algorithm);
        }
        if (!algorithm.isEcdsa() && info.getAlgorithm().getParameters() != null) {
            throw new MtcParseException("SubjectPublicKeyInfo.algorithm", "parameters must be absent for " + algorithm);
        }
        checkMatches("SubjectPublicKeyInfo", algorithm, key);
        return new BcVerifier(algorithm, key, spki.clone());
    }

    /**
     * A verifier from the raw public key (the SubjectPublicKeyInfo BIT STRING contents): 32 bytes for Ed25519,
     * the FIPS 204 encoding for ML-DSA, a SEC1 point for ECDSA. This is the key material of a signed-note vkey.
     *
     * @param algorithm the signature algorithm
     * @param raw the raw bytes
     * @return a verifier from the raw public key (the SubjectPublicKeyInfo BIT STRING contents): 32 bytes for Ed25519, the FIPS 204 encoding for ML-DSA, a SEC1 point for ECDSA
     */
    public static Verifier verifierFromRaw(SignatureAlgorithm algorithm, byte[] raw) {
        Objects.requireNonNull(algorithm, "algorithm");
        AlgorithmIdentifier algId;
        if (algorithm.isEcdsa()) {
            algId = new AlgorithmIdentifier(new ASN1ObjectIdentifier(algorithm.keyAlgorithmOid()), curveOid(algorithm));
        } else {
            algId = new AlgorithmIdentifier(new ASN1ObjectIdentifier(algorithm.keyAlgorithmOid()));
        }
        byte[] spki;
        try {
            spki = new SubjectPublicKeyInfo(algId, raw).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new MtcParseException("public key", "cannot encode (" + e.getMessage() + ")", e);
        }
        return verifier(algorithm, spki);
    }

    /**
     * A fresh key pair for {@code algorithm}, drawn from {@code random}.
     *
     * @param algorithm the signature algorithm
     * @param random the randomness source
     * @param mode the signing mode
     * @return a fresh key pair for {@code algorithm}, drawn from {@code random}
     */
    public static Signer generate(SignatureAlgorithm algorithm, SecureRandom random, SigningMode mode) {
        return new BcSigner(algorithm, BcSigner.generate(algorithm, random).getPrivate(), mode);
    }

    /**
     * The ML-DSA seed-only PKCS#8 encoding of a 32-byte seed, exactly as the generator writes it:
     * {@code 30 34 02 01 00 30 0b 06 09 <id-ml-dsa-*> 04 22 80 20 <seed>}.
     *
     * @param algorithm the signature algorithm
     * @param seed the seed
     * @return the ML-DSA seed-only PKCS#8 encoding of a 32-byte seed, exactly as the generator writes it: {@code 30 34 02 01 00 30 0b 06 09 <id-ml-dsa-*> 04 22 80 20 <seed>}
     */
    public static byte[] mlDsaSeedPkcs8(SignatureAlgorithm algorithm, byte[] seed) {
        if (!algorithm.isMlDsa()) {
            throw new IllegalArgumentException(algorithm + " is not ML-DSA");
        }
        if (seed.length != 32) {
            throw new IllegalArgumentException("ML-DSA seed must be 32 bytes");
        }
        try {
            PrivateKeyInfo info = new PrivateKeyInfo(new AlgorithmIdentifier(new ASN1ObjectIdentifier(algorithm.keyAlgorithmOid())),
                    new DERTaggedObject(false, 0, new DEROctetString(seed)));
            return info.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The RFC 8410 §7 PKCS#8 encoding of the Ed25519 private key with a 32-byte seed:
     * {@code 30 2e 02 01 00 30 05 06 03 2b 65 70 04 22 04 20 <seed>}.
     *
     * @param seed the seed
     * @return the RFC 8410 PKCS#8 encoding of the Ed25519 private key with {@code seed}
     */
    public static byte[] ed25519SeedPkcs8(byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("Ed25519 seed must be 32 bytes");
        }
        byte[] pk8 = Arrays.copyOf(ED25519_PKCS8_PREFIX, ED25519_PKCS8_PREFIX.length + 32);
        System.arraycopy(seed, 0, pk8, ED25519_PKCS8_PREFIX.length, 32);
        return pk8;
    }

    /**
     * The BIT STRING contents of a DER SubjectPublicKeyInfo.
     *
     * @param spki the DER SubjectPublicKeyInfo
     * @return the BIT STRING contents of a DER SubjectPublicKeyInfo
     */
    public static byte[] rawPublicKey(byte[] spki) {
        ASN1Primitive p = strictDer("SubjectPublicKeyInfo", spki);
        try {
            return SubjectPublicKeyInfo.getInstance(p).getPublicKeyData().getOctets();
        } catch (RuntimeException e) {
            throw new MtcParseException("SubjectPublicKeyInfo", "malformed (" + e.getMessage() + ")", e);
        }
    }

    static byte[] spkiOf(AsymmetricKeyParameter publicKey) {
        try {
            return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ASN1ObjectIdentifier curveOid(SignatureAlgorithm algorithm) {
        return algorithm == SignatureAlgorithm.ECDSA_P256_SHA256 ? SECObjectIdentifiers.secp256r1 : SECObjectIdentifiers.secp384r1;
    }

    static ECNamedDomainParameters curve(SignatureAlgorithm algorithm) {
        ASN1ObjectIdentifier oid = curveOid(algorithm);
        X9ECParameters x9 = ECNamedCurveTable.getByOID(oid);
        return new ECNamedDomainParameters(oid, x9);
    }

    static MLDSAParameters mlDsaParameters(SignatureAlgorithm algorithm) {
        switch (algorithm) {
            case MLDSA44:
                return MLDSAParameters.ml_dsa_44;
            case MLDSA65:
                return MLDSAParameters.ml_dsa_65;
            case MLDSA87:
                return MLDSAParameters.ml_dsa_87;
            default:
                throw new IllegalArgumentException(algorithm + " is not ML-DSA");
        }
    }

    private static ASN1Primitive strictDer(String field, byte[] der) {
        Objects.requireNonNull(der, field);
        ASN1Primitive p;
        try {
            p = ASN1Primitive.fromByteArray(der);
        } catch (IOException | RuntimeException e) {
            throw new MtcParseException(field, "not a single DER value (" + e.getMessage() + ")", e);
        }
        byte[] reencoded;
        try {
            reencoded = p == null ? new byte[0] : p.getEncoded(ASN1Encoding.DER);
        } catch (IOException | RuntimeException e) {
            throw new MtcParseException(field, "not DER", e);
        }
        if (!Arrays.equals(reencoded, der)) {
            throw new MtcParseException(field, "not DER (BER, indefinite length or trailing data)");
        }
        return p;
    }

    private static void checkMatches(String field, SignatureAlgorithm algorithm, AsymmetricKeyParameter key) {
        boolean ok;
        switch (algorithm) {
            case MLDSA44:
            case MLDSA65:
            case MLDSA87:
                MLDSAParameters want = mlDsaParameters(algorithm);
                ok = (key instanceof MLDSAPrivateKeyParameters && ((MLDSAPrivateKeyParameters) key).getParameters() == want)
                        || (key instanceof MLDSAPublicKeyParameters && ((MLDSAPublicKeyParameters) key).getParameters() == want);
                break;
            case ED25519:
                ok = key instanceof Ed25519PrivateKeyParameters || key instanceof Ed25519PublicKeyParameters;
                break;
            default:
                ASN1ObjectIdentifier curve = curveOid(algorithm);
                Object dp = key instanceof ECPrivateKeyParameters ? ((ECPrivateKeyParameters) key).getParameters()
                        : key instanceof ECPublicKeyParameters ? ((ECPublicKeyParameters) key).getParameters() : null;
                ok = dp instanceof ECNamedDomainParameters && ((ECNamedDomainParameters) dp).getName().equals(curve);
                break;
        }
        if (!ok) {
            throw new MtcParseException(field, "key is not a " + algorithm + " key");
        }
    }
}
