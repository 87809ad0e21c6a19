package io.mtc4j.spec.cosign;

/**
 * A public verification key of one {@link SignatureAlgorithm}. Thread-safe. Obtain one from {@link Keys}.
 */
public interface Verifier {
    /**
     * The algorithm this key verifies.
     *
     * @return the algorithm this key verifies
     */
    SignatureAlgorithm algorithm();

    /**
     * True iff {@code signature} is a valid signature over {@code message}. Malformed signatures (wrong length,
     * non-DER ECDSA) are invalid, never an exception.
     *
     * @param message the detail message
     * @param signature the signature
     * @return {@code true} iff {@code signature} is a valid signature over {@code message}
     */
    boolean verify(byte[] message, byte[] signature);

    /**
     * The public key as a DER SubjectPublicKeyInfo.
     *
     * @return the public key as a DER SubjectPublicKeyInfo
     */
    byte[] publicKeySpki();

    /**
     * The raw public key: the SubjectPublicKeyInfo's BIT STRING contents (32 bytes for Ed25519, the FIPS 204
     * encoding for ML-DSA, the uncompressed or compressed SEC1 point for ECDSA). Used for signed-note key IDs.
     *
     * @return the raw public key: the SubjectPublicKeyInfo's BIT STRING contents (32 bytes for Ed25519, the FIPS 204 encoding for ML-DSA, the uncompressed or compressed SEC1 point for ECDSA)
     */
    default byte[] publicKeyRaw() {
        return Keys.rawPublicKey(publicKeySpki());
    }
}
