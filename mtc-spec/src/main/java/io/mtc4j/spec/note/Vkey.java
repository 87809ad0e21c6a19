package io.mtc4j.spec.note;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Verifier;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A signed-note verifier key (C2SP signed-note §"Verifier keys"):
 * {@code <name>+hex(32-bit key ID)+base64(type || public key)}, hex fixed-length lowercase.
 *
 * @param name      the key name
 * @param keyId     the key ID
 * @param type      the signature type byte
 * @param publicKey the public key material (32 bytes for Ed25519, 1312 for ML-DSA-44, the DER
 *                  SubjectPublicKeyInfo for ECDSA)
 */
public record Vkey(String name, int keyId, int type, byte[] publicKey) {
    /**
     * Checks the components against the rules above and copies byte arrays.
     *
     * @param name the key name
     * @param keyId the key ID
     * @param type the signature type byte
     * @param publicKey the public key material (32 bytes for Ed25519, 1312 for ML-DSA-44, the DER SubjectPublicKeyInfo for ECDSA)
     */
    public Vkey {
        SignedNote.checkKeyName("vkey.name", name);
        Objects.requireNonNull(publicKey, "publicKey");
        if (type < 0 || type > 255) {
            throw new IllegalArgumentException("type is one byte");
        }
        publicKey = publicKey.clone();
    }

    /**
     * The public key material (32 bytes for Ed25519, 1312 for ML-DSA-44, the DER SubjectPublicKeyInfo for ECDSA).
     *
     * @return the public key material (32 bytes for Ed25519, 1312 for ML-DSA-44, the DER SubjectPublicKeyInfo for ECDSA)
     */
    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * Parses a vkey. Strict: name and ID end at the first two '+' (base64 may contain '+'), 8 lowercase hex digits, canonical base64.
     *
     * @param vkey the verifier key text
     * @return the parsed value
     */
    public static Vkey parse(String vkey) {
        String[] parts = vkey.split("\\+", 3); // base64 may itself contain '+'
        if (parts.length != 3) {
            throw new MtcParseException("vkey", "must be name+hex(id)+base64(type||key)");
        }
        SignedNote.checkKeyName("vkey.name", parts[0]);
        if (!parts[1].matches("[0-9a-f]{8}")) {
            throw new MtcParseException("vkey.id", "must be 8 lowercase hex digits");
        }
        int id = Integer.parseUnsignedInt(parts[1], 16);
        byte[] tk = SignedNote.strictBase64("vkey.key", parts[2]);
        if (tk.length < 2) {
            throw new MtcParseException("vkey.key", "must hold a type byte and key material");
        }
        return new Vkey(parts[0], id, tk[0] & 0xff, Arrays.copyOfRange(tk, 1, tk.length));
    }

    /**
     * The verifier key in its text form (C2SP signed-note).
     *
     * @return the text form
     */
    public String format() {
        byte[] tk = ByteBuffer.allocate(1 + publicKey.length).put((byte) type).put(publicKey).array();
        return name + "+" + String.format("%08x", keyId) + "+" + Base64.getEncoder().encodeToString(tk);
    }

    /**
     * A verifier for this key: type 0x01 (Ed25519 note), 0x02 (ECDSA, key = DER SubjectPublicKeyInfo on P-256,
     * P-384 or P-521, key ID = SHA-256(SPKI)[:4]), 0x04 (Ed25519 cosignature/v1) or 0x06 (ML-DSA-44 subtree/v1).
     * For 0x02, 0x04 and 0x06 the key ID must be the one signed-note / tlog-cosignature prescribes.
     *
     * @return a verifier for this key: type 0x01 (Ed25519 note), 0x02 (ECDSA, key = DER SubjectPublicKeyInfo on P-256, P-384 or P-521, key ID = SHA-256(SPKI)[:4]), 0x04 (Ed25519 cosignature/v1) or 0x06 (ML-DSA-44 subtree/v1)
     */
    public NoteVerifier verifier() {
        if (type == EcdsaNoteKey.TYPE) {
            EcdsaNoteKey k = new EcdsaNoteKey(name, publicKey);
            if (k.keyId() != keyId) {
                throw new MtcParseException("vkey.id", "does not match SHA-256(SubjectPublicKeyInfo)[:4] (type 0x02)");
            }
            return k;
        }
        SignatureAlgorithm alg;
        TypedNoteKey.Kind kind;
        switch (type) {
            case Cosignature.TYPE_ED25519:
                alg = SignatureAlgorithm.ED25519;
                kind = TypedNoteKey.Kind.ED25519_NOTE;
                break;
            case Cosignature.TYPE_ED25519_COSIGNATURE:
                alg = SignatureAlgorithm.ED25519;
                kind = TypedNoteKey.Kind.ED25519_COSIGNATURE;
                break;
            case Cosignature.TYPE_MLDSA44_COSIGNATURE:
                alg = SignatureAlgorithm.MLDSA44;
                kind = TypedNoteKey.Kind.MLDSA44_COSIGNATURE;
                break;
            default:
                throw new MtcParseException("vkey.type", String.format("unsupported signature type 0x%02x", type));
        }
        int expectedLength = alg == SignatureAlgorithm.ED25519 ? 32 : 1312;
        if (publicKey.length != expectedLength) {
            throw new MtcParseException("vkey.key", alg + " public key must be " + expectedLength + " bytes");
        }
        Verifier v = Keys.verifierFromRaw(alg, publicKey);
        if (kind != TypedNoteKey.Kind.ED25519_NOTE && Cosignature.keyId(name, type, publicKey) != keyId) {
            throw new MtcParseException("vkey.id", "does not match SHA-256(name || 0x0A || type || key)[:4]");
        }
        return new TypedNoteKey(kind, name, v, Optional.empty(), OptionalInt.of(keyId));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vkey v && v.name.equals(name) && v.keyId == keyId && v.type == type
                && Arrays.equals(v.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, keyId, type, Arrays.hashCode(publicKey));
    }

    @Override
    public String toString() {
        return "Vkey[" + name + ", " + String.format("%08x", keyId) + ", type " + type + "]";
    }
}
