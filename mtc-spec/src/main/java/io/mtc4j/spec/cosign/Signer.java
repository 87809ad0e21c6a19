package io.mtc4j.spec.cosign;

/**
 * A private signing key of one {@link SignatureAlgorithm}. Implementations never reveal key material in
 * {@code toString()}. Thread-safe. Obtain one from {@link Keys}.
 */
public interface Signer {
    /**
     * The algorithm this key signs with.
     *
     * @return the algorithm this key signs with
     */
    SignatureAlgorithm algorithm();

    /**
     * Signs {@code message} (the bytes themselves; hashing, if any, is part of the algorithm).
     *
     * @param message the detail message
     * @return the {@code byte[]}
     */
    byte[] sign(byte[] message);

    /**
     * The matching public key as a DER SubjectPublicKeyInfo.
     *
     * @return the matching public key as a DER SubjectPublicKeyInfo
     */
    byte[] publicKeySpki();

    /**
     * A verifier for the matching public key.
     *
     * @return a verifier for the matching public key
     */
    default Verifier verifier() {
        return Keys.verifier(algorithm(), publicKeySpki());
    }
}
