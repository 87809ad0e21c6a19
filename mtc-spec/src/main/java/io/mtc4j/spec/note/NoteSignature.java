package io.mtc4j.spec.note;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One signature line of a signed note (C2SP signed-note §"Signatures"):
 * {@code — <key name> base64(32-bit key ID || signature)}.
 *
 * @param keyName   the key name (non-empty, no Unicode spaces, no '+')
 * @param keyId     the 32-bit key ID (big-endian on the wire)
 * @param signature the bytes after the key ID (for cosignatures: a timestamped_signature)
 */
public record NoteSignature(String keyName, int keyId, byte[] signature) {
    /**
     * Checks the components against the rules above and copies byte arrays.
     *
     * @param keyName the key name (non-empty, no Unicode spaces, no '+')
     * @param keyId the 32-bit key ID (big-endian on the wire)
     * @param signature the bytes after the key ID (for cosignatures: a timestamped_signature)
     */
    public NoteSignature {
        SignedNote.checkKeyName("NoteSignature.keyName", keyName);
        Objects.requireNonNull(signature, "signature");
        if (signature.length == 0) {
            throw new IllegalArgumentException("signature must not be empty");
        }
        signature = signature.clone();
    }

    /**
     * The bytes after the key ID (for cosignatures: a timestamped_signature).
     *
     * @return the bytes after the key ID (for cosignatures: a timestamped_signature)
     */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /**
     * {@code keyID || signature}, the base64 payload of the line.
     *
     * @return the {@code byte[]}
     */
    public byte[] payload() {
        return ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature).array();
    }

    /**
     * The line without its final newline: {@code "— " + name + " " + base64(payload)}.
     *
     * @return the line without its final newline: {@code "— " + name + " " + base64(payload)}
     */
    public String line() {
        return SignedNote.EM_DASH + " " + keyName + " " + Base64.getEncoder().encodeToString(payload());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteSignature s && s.keyName.equals(keyName) && s.keyId == keyId
                && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyName, keyId, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "NoteSignature[" + keyName + ", " + String.format("%08x", keyId) + ", " + signature.length + " bytes]";
    }
}
