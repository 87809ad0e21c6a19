package io.mtc4j.spec.note;

import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Verifier;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A known note key: its name, 32-bit key ID and how to verify its signatures (C2SP signed-note
 * §"Signatures"). {@link SignedNote#verify} matches signatures by (name, key ID).
 */
public interface NoteVerifier {
    /**
     * The key name.
     *
     * @return the key name
     */
    String name();

    /**
     * The 32-bit key ID.
     *
     * @return the 32-bit key ID
     */
    int keyId();

    /**
     * True iff {@code signature} (the bytes after the key ID) is valid for the note text {@code text}.
     *
     * @param text the text
     * @param signature the signature
     * @return {@code true} iff {@code signature} (the bytes after the key ID) is valid for the note text {@code text}
     */
    boolean verify(byte[] text, byte[] signature);

    /**
     * The vkey encoding, for key types that have one.
     *
     * @return the vkey encoding, for key types that have one
     */
    default Optional<String> vkey() {
        return Optional.empty();
    }

    /**
     * Parses a vkey {@code name+hex(id)+base64(type||key)} (types 0x01, 0x02, 0x04, 0x06).
     *
     * @param vkey the verifier key text
     * @return the new {@code NoteVerifier}
     */
    static NoteVerifier fromVkey(String vkey) {
        return Vkey.parse(vkey).verifier();
    }

    /**
     * signed-note §"Ed25519 signatures" (type 0x01): signs the note text.
     *
     * @param name the name
     * @param key the key
     * @return the {@code NoteVerifier}
     */
    static NoteVerifier ed25519(String name, Verifier key) {
        return new TypedNoteKey(TypedNoteKey.Kind.ED25519_NOTE, name, key);
    }

    /**
     * signed-note type 0x02, ECDSA as implemented by transparency-dev/witness: {@code spki} is a DER
     * SubjectPublicKeyInfo on NIST P-256, P-384 or P-521; signatures are DER over SHA-256 of the note text; the key
     * ID is {@code SHA-256(spki)[:4]}.
     *
     * @throws io.mtc4j.spec.MtcParseException if {@code spki} is not such a key
     * @param name the name
     * @param spki the DER SubjectPublicKeyInfo
     * @return the {@code NoteVerifier}
     */
    static NoteVerifier ecdsa(String name, byte[] spki) {
        return new EcdsaNoteKey(name, spki);
    }

    /**
     * tlog-cosignature Ed25519 {@code cosignature/v1} (type 0x04) over a checkpoint.
     *
     * @param name the name
     * @param key the key
     * @return the {@code NoteVerifier}
     */
    static NoteVerifier ed25519Cosignature(String name, Verifier key) {
        return new TypedNoteKey(TypedNoteKey.Kind.ED25519_COSIGNATURE, name, key);
    }

    /**
     * tlog-cosignature ML-DSA-44 {@code subtree/v1} (type 0x06) over a checkpoint (subtree [0, size)).
     *
     * @param name the name
     * @param key the key
     * @return the {@code NoteVerifier}
     */
    static NoteVerifier mlDsa44Cosignature(String name, Verifier key) {
        return new TypedNoteKey(TypedNoteKey.Kind.MLDSA44_COSIGNATURE, name, key);
    }

    /**
     * <b>Demo generator compatibility mode</b> (not a spec format). The draft authors' generator signs its
     * {@code checkpoint} with each configured cosigner, deviating from tlog-cosignature in two ways
     * (MTC-NOTES §8 item 6; interop README): (1) the signature carries <em>no</em> 8-byte timestamp: it is the raw
     * signature over the CosignedMessage with timestamp 0, start 0, end = size (the legacy
     * {@code mtc-subtree/v1} input before plants-04); (2) the key ID is the tlog-cosignature 0x06 ID only for
     * ML-DSA-44 from plants-04 on, and otherwise the placeholder
     * {@code SHA-256(name || 0x0A || 0xff || "mtc-checkpoint/v1")[:4]}. Any {@link SignatureAlgorithm} is accepted.
     * Use only to read that generator's output.
     *
     * @param profile the wire profile
     * @param name the name
     * @param key the key
     * @return the {@code NoteVerifier}
     */
    static NoteVerifier demoGeneratorCompat(Profile profile, String name, Verifier key) {
        return new TypedNoteKey(TypedNoteKey.Kind.DEMO_GENERATOR_COMPAT, name, key, Optional.of(profile),
                OptionalInt.empty());
    }
}
