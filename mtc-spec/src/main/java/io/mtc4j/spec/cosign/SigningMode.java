package io.mtc4j.spec.cosign;

/** How a {@link Signer} draws per-signature randomness. */
public enum SigningMode {
    /** Fresh randomness per signature: hedged ML-DSA (FIPS 204 default), random-k ECDSA. The production mode. */
    RANDOMIZED,
    /**
     * Reproducible signatures for test vectors: deterministic ML-DSA (FIPS 204 §3.4, rnd = 0^32), RFC 6979
     * ECDSA (HMAC-DRBG nonce). Ed25519 is deterministic in both modes.
     */
    DETERMINISTIC
}
