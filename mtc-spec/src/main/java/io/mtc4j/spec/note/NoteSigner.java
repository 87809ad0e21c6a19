package io.mtc4j.spec.note;

import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cosign.Signer;
import java.util.Optional;
import java.util.function.LongSupplier;

/** A note signing key (the counterpart of {@link NoteVerifier}); {@code toString()} hides the key. */
public interface NoteSigner {
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
     * The signature bytes (after the key ID) over the note text {@code text}.
     *
     * @param text the text
     * @return the signature bytes (after the key ID) over the note text {@code text}
     */
    byte[] sign(byte[] text);

    /**
     * The matching verifier.
     *
     * @return the matching verifier
     */
    NoteVerifier verifier();

    /**
     * An Ed25519 note signer (type 0x01).
     *
     * @param name the name
     * @param key the key
     * @return an Ed25519 note signer (type 0x01)
     */
    static NoteSigner ed25519(String name, Signer key) {
        return new TypedNoteSigner(TypedNoteKey.Kind.ED25519_NOTE, name, key, Optional.empty(), () -> 0);
    }

    /**
     * A signed-note type 0x02 (ECDSA) signer; {@code key} must be {@link
     * io.mtc4j.spec.cosign.SignatureAlgorithm#ECDSA_P256_SHA256} (P-256, the curve signed-note recommends).
     *
     * @param name the name
     * @param key the key
     * @return a signed-note type 0x02 (ECDSA) signer; {@code key} must be {@link io.mtc4j.spec.cosign.SignatureAlgorithm#ECDSA_P256_SHA256} (P-256, the curve signed-note recommends)
     */
    static NoteSigner ecdsa(String name, Signer key) {
        return new EcdsaNoteSigner(name, key);
    }

    /**
     * An Ed25519 {@code cosignature/v1} checkpoint cosigner (type 0x04); {@code clock} gives POSIX seconds.
     *
     * @param name the name
     * @param key the key
     * @param clock the clock
     * @return an Ed25519 {@code cosignature/v1} checkpoint cosigner (type 0x04); {@code clock} gives POSIX seconds
     */
    static NoteSigner ed25519Cosigner(String name, Signer key, LongSupplier clock) {
        return new TypedNoteSigner(TypedNoteKey.Kind.ED25519_COSIGNATURE, name, key, Optional.empty(), clock);
    }

    /**
     * An ML-DSA-44 {@code subtree/v1} checkpoint cosigner (type 0x06); {@code clock} gives POSIX seconds, or 0
     * for no timestamp statement.
     *
     * @param name the name
     * @param key the key
     * @param clock the clock
     * @return an ML-DSA-44 {@code subtree/v1} checkpoint cosigner (type 0x06); {@code clock} gives POSIX seconds, or 0 for no timestamp statement
     */
    static NoteSigner mlDsa44Cosigner(String name, Signer key, LongSupplier clock) {
        return new TypedNoteSigner(TypedNoteKey.Kind.MLDSA44_COSIGNATURE, name, key, Optional.empty(), clock);
    }

    /**
     * Signs like the draft authors' generator; see {@link NoteVerifier#demoGeneratorCompat}. Not a spec format.
     *
     * @param profile the wire profile
     * @param name the name
     * @param key the key
     * @return the {@code NoteSigner}
     */
    static NoteSigner demoGeneratorCompat(Profile profile, String name, Signer key) {
        return new TypedNoteSigner(TypedNoteKey.Kind.DEMO_GENERATOR_COMPAT, name, key, Optional.of(profile), () -> 0);
    }
}
