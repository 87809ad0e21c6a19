package io.mtc4j.spec.cert;

import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.Arrays;

/**
 * {@code SubtreeSignature} (draft §"Certificate Format"; "MTCSignature" up to -05): a cosigner ID in binary form
 * and the raw signature over the CosignedMessage with timestamp 0. Immutable; the signature is copied.
 */
public record SubtreeSignature(TrustAnchorId cosignerId, byte[] signature) {
    /**
     * Checks the components against the rules above and copies byte arrays.
     *
     * @param cosignerId the cosigner's ID
     * @param signature the signature
     */
    public SubtreeSignature {
        if (signature.length > 0xffff) {
            throw new IllegalArgumentException("signature longer than 65535 bytes");
        }
        signature = signature.clone();
    }

    /**
     * The signature.
     *
     * @return the signature
     */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /**
     * Signature length in bytes.
     *
     * @return the {@code int}
     */
    public int signatureLength() {
        return signature.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubtreeSignature s && s.cosignerId.equals(cosignerId)
                && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        return cosignerId.hashCode() * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "SubtreeSignature[" + cosignerId + ", " + signature.length + " bytes]";
    }
}
