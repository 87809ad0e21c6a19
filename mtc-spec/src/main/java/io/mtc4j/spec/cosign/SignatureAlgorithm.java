package io.mtc4j.spec.cosign;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.cert.X509Oids;
import java.util.Arrays;
import java.util.List;

/**
 * A cosigner signature algorithm. The draft (§"Signature Algorithms") leaves the algorithm to out-of-band
 * configuration: the cosigner ID fixes key and algorithm, and algorithms must be fully specified. These are the
 * algorithms of the draft authors' generator, named as in its {@code config.json}. mtc-tlog requires
 * {@link #MLDSA44} for standalone-certificate cosigners. Every algorithm signs the message bytes directly
 * (MTC-NOTES §8 item 2): ML-DSA with an empty context (FIPS 204 pure ML-DSA), Ed25519 as RFC 8032 PureEdDSA, and
 * ECDSA over the named hash of the message with a DER {@code Ecdsa-Sig-Value} signature.
 */
public enum SignatureAlgorithm {
    /** ML-DSA-44 (FIPS 204), empty context; 1312-byte public key, 2420-byte signature. */
    MLDSA44("mldsa44", X509Oids.ML_DSA_44, 2420),
    /** ML-DSA-65 (FIPS 204), empty context; 3309-byte signature. */
    MLDSA65("mldsa65", X509Oids.ML_DSA_65, 3309),
    /** ML-DSA-87 (FIPS 204), empty context; 4627-byte signature. */
    MLDSA87("mldsa87", X509Oids.ML_DSA_87, 4627),
    /** Ed25519 (RFC 8032), 64-byte signature. */
    ED25519("ed25519", X509Oids.ED25519, 64),
    /** ECDSA on P-256 with SHA-256, DER-encoded signature (at most 72 bytes). */
    ECDSA_P256_SHA256("ecdsa_p256_sha256", X509Oids.EC_PUBLIC_KEY, -1),
    /** ECDSA on P-384 with SHA-384, DER-encoded signature (at most 104 bytes). */
    ECDSA_P384_SHA384("ecdsa_p384_sha384", X509Oids.EC_PUBLIC_KEY, -1);

    private final String wireName;
    private final String keyOid;
    private final int signatureLength;

    SignatureAlgorithm(String wireName, String keyOid, int signatureLength) {
        this.wireName = wireName;
        this.keyOid = keyOid;
        this.signatureLength = signatureLength;
    }

    /**
     * The generator's name, e.g. {@code "mldsa44"}.
     *
     * @return the generator's name, e.g
     */
    public String wireName() {
        return wireName;
    }

    /**
     * The SubjectPublicKeyInfo algorithm OID of this algorithm's keys (id-ecPublicKey for both ECDSA curves).
     *
     * @return the SubjectPublicKeyInfo algorithm OID of this algorithm's keys (id-ecPublicKey for both ECDSA curves)
     */
    public String keyAlgorithmOid() {
        return keyOid;
    }

    /**
     * True for ML-DSA-44/65/87.
     *
     * @return {@code true} for ML-DSA-44/65/87
     */
    public boolean isMlDsa() {
        return this == MLDSA44 || this == MLDSA65 || this == MLDSA87;
    }

    /**
     * True for the two ECDSA algorithms.
     *
     * @return {@code true} for the two ECDSA algorithms
     */
    public boolean isEcdsa() {
        return this == ECDSA_P256_SHA256 || this == ECDSA_P384_SHA384;
    }

    /**
     * The fixed signature length in bytes, or -1 for ECDSA (DER, variable length).
     *
     * @return the fixed signature length in bytes, or -1 for ECDSA (DER, variable length)
     */
    public int fixedSignatureLength() {
        return signatureLength;
    }

    /**
     * Looks an algorithm up by its generator name; throws {@link MtcParseException} for an unknown name.
     *
     * @param name the name
     * @return the new {@code SignatureAlgorithm}
     */
    public static SignatureAlgorithm fromName(String name) {
        for (SignatureAlgorithm a : values()) {
            if (a.wireName.equals(name)) {
                return a;
            }
        }
        throw new MtcParseException("SignatureAlgorithm", "unknown algorithm '" + name + "'; known: " + names());
    }

    /**
     * All generator names.
     *
     * @return all generator names
     */
    public static List<String> names() {
        return Arrays.stream(values()).map(SignatureAlgorithm::wireName).toList();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
