package io.mtc4j.spec.cosign;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.Objects;

/**
 * A trusted cosigner as a relying party configures it (draft §"Relying Party Configuration", §"Cosigners"):
 * its cosigner ID and the public key, which fixes the algorithm. The ID's tlog name must fit the
 * {@code cosigner_name<1..2^8-1>} field of draft §"Signature Format" (checked at construction, else an
 * {@link MtcException} naming {@code Cosigner.id}); such a cosigner could never sign a valid message.
 *
 * @param id       the cosigner ID
 * @param verifier the cosigner's public key
 */
public record Cosigner(TrustAnchorId id, Verifier verifier) {
    /**
     * Checks the components against the rules above and copies byte arrays.
     *
     * @param id the cosigner ID
     * @param verifier the cosigner's public key
     */
    public Cosigner {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(verifier, "verifier");
        CosignedMessage.checkCosignerName("Cosigner.id", id);
    }

    /**
     * Verifies a certificate's subtree signature: a signature by this cosigner over the CosignedMessage with
     * timestamp 0 for {@code [start, end)} of log {@code logId} (draft §"Verifying Certificate Signatures").
     * False for an invalid subtree, a {@code log_origin} longer than 255 bytes or a bad signature; never throws
     * for such inputs.
     *
     * @param profile the wire profile
     * @param logId the log ID
     * @param start the subtree's start (inclusive)
     * @param end the subtree's end (exclusive)
     * @param subtreeHash the subtree's hash
     * @param signature the signature
     * @return whether it holds
     */
    public boolean verifySubtreeSignature(Profile profile, TrustAnchorId logId, long start, long end, byte[] subtreeHash,
            byte[] signature) {
        byte[] message;
        try {
            message = CosignedMessage.forCertificate(id, logId, start, end, subtreeHash).encode(profile);
        } catch (MtcException | IllegalArgumentException e) {
            return false; // e.g. log_origin over 255 bytes: no valid message exists
        }
        return verifier.verify(message, signature);
    }

    /**
     * Verifies {@code signature} over {@code message} encoded under {@code profile}; message.cosignerId must be
     * ours. False (never an exception) when the message cannot be encoded under {@code profile}.
     *
     * @param profile the wire profile
     * @param message the detail message
     * @param signature the signature
     * @return whether it holds
     */
    public boolean verify(Profile profile, CosignedMessage message, byte[] signature) {
        if (!message.cosignerId().equals(id)) {
            return false;
        }
        try {
            return verifier.verify(message.encode(profile), signature);
        } catch (MtcException | IllegalArgumentException e) {
            return false;
        }
    }
}
