package io.mtc4j.spec.cosign;

import io.mtc4j.spec.Profile;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.Objects;

/**
 * A trusted cosigner as a relying party configures it (draft §"Relying Party Configuration", §"Cosigners"):
 * its cosigner ID and the public key, which fixes the algorithm.
 *
 * @param id       the cosigner ID
 * @param verifier the cosigner's public key
 */
public record Cosigner(TrustAnchorId id, Verifier verifier) {
    public Cosigner {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(verifier, "verifier");
    }

    /**
     * Verifies a certificate's subtree signature: a signature by this cosigner over the CosignedMessage with
     * timestamp 0 for {@code [start, end)} of log {@code logId} (draft §"Verifying Certificate Signatures").
     * False for an invalid subtree or a bad signature.
     */
    public boolean verifySubtreeSignature(Profile profile, TrustAnchorId logId, long start, long end, byte[] subtreeHash,
            byte[] signature) {
        byte[] message;
        try {
            message = CosignedMessage.forCertificate(id, logId, start, end, subtreeHash).encode(profile);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return verifier.verify(message, signature);
    }

    /** Verifies {@code signature} over {@code message} encoded under {@code profile}; message.cosignerId must be ours. */
    public boolean verify(Profile profile, CosignedMessage message, byte[] signature) {
        if (!message.cosignerId().equals(id)) {
            return false;
        }
        try {
            return verifier.verify(message.encode(profile), signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
