package io.mtc4j.ca.intake;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.cert.X509Oids;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.DerElement;
import io.mtc4j.spec.der.DerReader;
import io.mtc4j.spec.der.X509Der;
import java.math.BigInteger;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The subject key algorithms the CA certifies and the strict checks of a SubjectPublicKeyInfo (RFC 5280 §4.1.2.7)
 * for each: ECDSA on P-256 and P-384 (RFC 5480: namedCurve parameters, an uncompressed point on the curve), Ed25519
 * (RFC 8410: parameters absent, a 32-byte encoding of a point of large order, RFC 8032 §5.1.3), RSA (RFC 3279 §2.3.1: rsaEncryption with
 * NULL parameters, a DER RSAPublicKey, an odd modulus of 2048..8192 bits, an odd exponent of at least 3) and ML-DSA
 * (RFC 9881: parameters absent, the FIPS 204 public key of 1312, 1952 or 2592 bytes).
 */
final class SubjectKeys {
    static final int MIN_RSA_BITS = 2048;
    static final int MAX_RSA_BITS = 8192;
    /** BouncyCastle's dedicated implementations of the two curves (SEC 2), looked up once. */
    private static final ECCurve P256_CURVE = CustomNamedCurves.getByName("secp256r1").getCurve();
    private static final ECCurve P384_CURVE = CustomNamedCurves.getByName("secp384r1").getCurve();

    /** A certified key type and the keyUsage bits (RFC 5280 §4.2.1.3, bit 0 = digitalSignature) its certificates get. */
    enum KeyType {
        ECDSA_P256(0x80),
        ECDSA_P384(0x80),
        ED25519(0x80),
        /** digitalSignature and keyEncipherment (TLS 1.2 RSA key transport). */
        RSA(0xa0),
        ML_DSA_44(0x80),
        ML_DSA_65(0x80),
        ML_DSA_87(0x80);

        private final int keyUsageBits;

        KeyType(int keyUsageBits) {
            this.keyUsageBits = keyUsageBits;
        }

        /** The keyUsage bits as the first octet of the named bit list (bit 0 is 0x80). */
        int keyUsageBits() {
            return keyUsageBits;
        }
    }

    private SubjectKeys() {}

    /**
     * Checks {@code spki} and says which key type it is.
     *
     * @throws PolicyException {@link PolicyException#KEY_ENCODING}, {@link PolicyException#KEY_ALGORITHM} or
     *                         {@link PolicyException#KEY_SIZE}, naming {@code field}
     */
    static KeyType check(byte[] spki, String field) {
        DerElement alg;
        DerElement subjectPublicKey;
        String oid;
        DerElement params;
        try {
            DerElement e = DerReader.single(spki, "SubjectPublicKeyInfo");
            X509Der.checkSubjectPublicKeyInfo(e);
            DerReader r = e.reader();
            alg = r.read("algorithm");
            subjectPublicKey = r.read("subjectPublicKey");
            DerReader ar = alg.reader();
            oid = ar.read("algorithm.algorithm").oid();
            params = ar.isEmpty() ? null : ar.read("algorithm.parameters");
        } catch (MtcParseException e) {
            throw new PolicyException(field, PolicyException.KEY_ENCODING, "not a DER SubjectPublicKeyInfo: "
                    + e.getMessage());
        }
        try {
            return switch (oid) {
                case X509Oids.EC_PUBLIC_KEY -> ecdsa(params, subjectPublicKey.bitStringOctets(), field);
                case X509Oids.ED25519 -> ed25519(params, subjectPublicKey.bitStringOctets(), field);
                case X509Oids.RSA_ENCRYPTION -> rsa(params, subjectPublicKey.bitStringOctets(), field);
                case X509Oids.ML_DSA_44 ->
                        mlDsa(KeyType.ML_DSA_44, 1312, params, subjectPublicKey.bitStringOctets(), field);
                case X509Oids.ML_DSA_65 ->
                        mlDsa(KeyType.ML_DSA_65, 1952, params, subjectPublicKey.bitStringOctets(), field);
                case X509Oids.ML_DSA_87 ->
                        mlDsa(KeyType.ML_DSA_87, 2592, params, subjectPublicKey.bitStringOctets(), field);
                default -> throw new PolicyException(field, PolicyException.KEY_ALGORITHM, "key algorithm " + oid
                        + " is not certified; allowed: ECDSA P-256/P-384, Ed25519, RSA 2048..8192, ML-DSA-44/65/87");
            };
        } catch (MtcParseException e) {
            throw new PolicyException(field, PolicyException.KEY_ENCODING, e.getMessage());
        }
    }

    private static void noParameters(DerElement params, String what, String field) {
        if (params != null) {
            throw new PolicyException(field, PolicyException.KEY_ENCODING, what
                    + " AlgorithmIdentifier parameters must be absent");
        }
    }

    /** RFC 5480 §2.1.1 (namedCurve only) and §2.2 (uncompressed point), and the point on the curve (SEC 1 §3.2.2). */
    private static KeyType ecdsa(DerElement params, byte[] point, String field) {
        if (params == null || params.tag() != Der.OBJECT_IDENTIFIER) {
            throw new PolicyException(field, PolicyException.KEY_ENCODING,
                    "id-ecPublicKey parameters must be a namedCurve OID (RFC 5480 §2.1.1)");
        }
        String curve = params.oid();
        KeyType type;
        int coordinate;
        if (curve.equals(X509Oids.P256)) {
            type = KeyType.ECDSA_P256;
            coordinate = 32;
        } else if (curve.equals(X509Oids.P384)) {
            type = KeyType.ECDSA_P384;
            coordinate = 48;
        } else {
            throw new PolicyException(field, PolicyException.KEY_ALGORITHM, "elliptic curve " + curve
                    + " is not certified; allowed: P-256, P-384");
        }
        if (point.length != 1 + 2 * coordinate || point[0] != 0x04) {
            throw new PolicyException(field, PolicyException.KEY_ENCODING, "an EC public key must be an uncompressed"
                    + " point of " + (1 + 2 * coordinate) + " bytes starting with 0x04");
        }
        try {
            (type == KeyType.ECDSA_P256 ? P256_CURVE : P384_CURVE).decodePoint(point); // on the curve, coordinates < p
        } catch (IllegalArgumentException e) {
            throw new PolicyException(field, PolicyException.KEY_ENCODING, "the EC point is not on the curve");
        }
        return type;
    }

    /**
     * RFC 8410 §3 (parameters absent) and §4 (32 bytes), and RFC 8032 §5.1.3 (the encoding decodes to a point: y
     * below p, x recoverable), and the point not of small order (such a key verifies forged signatures).
     *
     * <p><b>Decision: no prime-order subgroup check.</b> RFC 8032 §5.1.3 asks only that the key decode; a point
     * with a torsion component (mixed order) is a valid key for RFC 8032's cofactored verification and concerns its
     * holder only. The full check ({@code validatePublicKeyFull}, a scalar multiplication by the group order) costs
     * about ten times the decoding and would bound the intake of Ed25519 requests.
     */
    private static KeyType ed25519(DerElement params, byte[] key, String field) {
        noParameters(params, "Ed25519", field);
        if (key.length != Ed25519.PUBLIC_KEY_SIZE) {
            throw new PolicyException(field, PolicyException.KEY_ENCODING, "an Ed25519 public key is 32 bytes, not "
                    + key.length);
        }
        if (!Ed25519.validatePublicKeyPartial(key, 0)) {
            throw new PolicyException(field, PolicyException.KEY_ENCODING,
                    "the Ed25519 public key does not decode to a point of large order (RFC 8032 §5.1.3)");
        }
        return KeyType.ED25519;
    }

    /** RFC 3279 §2.3.1: rsaEncryption, NULL parameters, RSAPublicKey ::= SEQUENCE { modulus, publicExponent }. */
    private static KeyType rsa(DerElement params, byte[] key, String field) {
        if (params == null || params.tag() != Der.NULL) {
            throw new PolicyException(field, PolicyException.KEY_ENCODING,
                    "rsaEncryption parameters must be NULL (RFC 3279 §2.3.1)");
        }
        DerElement seq = DerReader.single(key, "RSAPublicKey");
        Der.validate(seq);
        DerReader r = seq.reader();
        BigInteger n = r.read("modulus", Der.INTEGER).integer();
        BigInteger e = r.read("publicExponent", Der.INTEGER).integer();
        r.finish();
        if (n.signum() <= 0 || !n.testBit(0)) {
            throw new PolicyException(field, PolicyException.KEY_ENCODING, "the RSA modulus must be positive and odd");
        }
        if (n.bitLength() < MIN_RSA_BITS || n.bitLength() > MAX_RSA_BITS) {
            throw new PolicyException(field, PolicyException.KEY_SIZE, "RSA modulus of " + n.bitLength()
                    + " bits; allowed: " + MIN_RSA_BITS + ".." + MAX_RSA_BITS);
        }
        if (e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0) || e.compareTo(n) >= 0) {
            throw new PolicyException(field, PolicyException.KEY_SIZE, "the RSA exponent must be odd, at least 3"
                    + " and below the modulus");
        }
        return KeyType.RSA;
    }

    /** RFC 9881 §4 / FIPS 204 Table 2: parameters absent, pk of the parameter set's exact size. */
    private static KeyType mlDsa(KeyType type, int size, DerElement params, byte[] key, String field) {
        noParameters(params, type.name(), field);
        if (key.length != size) {
            throw new PolicyException(field, PolicyException.KEY_ENCODING, "a " + type.name().replace('_', '-')
                    + " public key is " + size + " bytes, not " + key.length);
        }
        return type;
    }
}
