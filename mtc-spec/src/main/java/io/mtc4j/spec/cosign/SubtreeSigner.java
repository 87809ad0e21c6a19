package io.mtc4j.spec.cosign;

import io.mtc4j.spec.Profile;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.Objects;

/**
 * A cosigner's signing side: its cosigner ID and private key (draft §"Cosigners", §"Certification Authority
 * Cosigners"). {@code toString()} hides the key. As for {@link Cosigner}, the ID's tlog name must fit
 * {@code cosigner_name<1..2^8-1>} (draft §"Signature Format"); checked at construction.
 *
 * @param id     the cosigner ID (for a CA cosigner: the CA ID)
 * @param signer the cosigner's private key
 */
public record SubtreeSigner(TrustAnchorId id, Signer signer) {
    /**
     * Checks the components against the rules above and copies byte arrays.
     *
     * @param id the cosigner ID (for a CA cosigner: the CA ID)
     * @param signer the cosigner's private key
     */
    public SubtreeSigner {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(signer, "signer");
        CosignedMessage.checkCosignerName("SubtreeSigner.id", id);
    }

    /**
     * Signs {@code message} (whose cosigner must be this one) as encoded under {@code profile}.
     *
     * @param profile the wire profile
     * @param message the detail message
     * @return the {@code byte[]}
     */
    public byte[] sign(Profile profile, CosignedMessage message) {
        if (!message.cosignerId().equals(id)) {
            throw new IllegalArgumentException("message is for cosigner " + message.cosignerId() + ", not " + id);
        }
        return signer.sign(message.encode(profile));
    }

    /**
     * The subtree signature for a certificate: timestamp 0 (draft §"Certificate Format").
     *
     * @param profile the wire profile
     * @param logId the log ID
     * @param start the subtree's start (inclusive)
     * @param end the subtree's end (exclusive)
     * @param subtreeHash the subtree's hash
     * @return the subtree signature for a certificate: timestamp 0 (draft §"Certificate Format")
     */
    public byte[] signSubtree(Profile profile, TrustAnchorId logId, long start, long end, byte[] subtreeHash) {
        return sign(profile, CosignedMessage.forCertificate(id, logId, start, end, subtreeHash));
    }

    /**
     * The relying-party view of this cosigner.
     *
     * @return the relying-party view of this cosigner
     */
    public Cosigner cosigner() {
        return new Cosigner(id, signer.verifier());
    }

    @Override
    public String toString() {
        return "SubtreeSigner[" + id + ", " + signer + "]";
    }
}
