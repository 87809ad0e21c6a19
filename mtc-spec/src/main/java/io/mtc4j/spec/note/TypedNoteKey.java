package io.mtc4j.spec.note;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cosign.CosignedMessage;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Verifier;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** The note key types mtc4j implements; see the factories on {@link NoteVerifier}. */
final class TypedNoteKey implements NoteVerifier {
    enum Kind {
        ED25519_NOTE(Cosignature.TYPE_ED25519),
        ED25519_COSIGNATURE(Cosignature.TYPE_ED25519_COSIGNATURE),
        MLDSA44_COSIGNATURE(Cosignature.TYPE_MLDSA44_COSIGNATURE),
        DEMO_GENERATOR_COMPAT(Cosignature.TYPE_CUSTOM);

        final int type;

        Kind(int type) {
            this.type = type;
        }

        boolean timestamped() {
            return this == ED25519_COSIGNATURE || this == MLDSA44_COSIGNATURE;
        }
    }

    /** The generator's placeholder key-ID input after 0xff (demo cosign.go). */
    static final byte[] DEMO_PLACEHOLDER = "mtc-checkpoint/v1".getBytes(StandardCharsets.US_ASCII);

    private final Kind kind;
    private final String name;
    private final Verifier key;
    /** Only for {@link Kind#DEMO_GENERATOR_COMPAT}, whose message and key ID depend on the profile. */
    private final Optional<Profile> profile;
    private final int keyId;

    /** A key of a spec type (not the demo mode): no profile; the key ID is computed from name, type and key. */
    TypedNoteKey(Kind kind, String name, Verifier key) {
        this(kind, name, key, Optional.empty(), OptionalInt.empty());
    }

    /**
     * @param profile       required for {@link Kind#DEMO_GENERATOR_COMPAT}, empty otherwise
     * @param explicitKeyId a key ID already checked by the caller (a parsed vkey); else it is computed
     */
    TypedNoteKey(Kind kind, String name, Verifier key, Optional<Profile> profile, OptionalInt explicitKeyId) {
        SignedNote.checkKeyName("key name", name);
        this.kind = kind;
        this.name = name;
        this.key = Objects.requireNonNull(key, "key");
        this.profile = Objects.requireNonNull(profile, "profile");
        if (profile.isPresent() != (kind == Kind.DEMO_GENERATOR_COMPAT)) {
            throw new IllegalArgumentException("a profile is given exactly for the demo generator mode");
        }
        SignatureAlgorithm want = kind == Kind.MLDSA44_COSIGNATURE ? SignatureAlgorithm.MLDSA44
                : kind == Kind.DEMO_GENERATOR_COMPAT ? key.algorithm() : SignatureAlgorithm.ED25519;
        if (key.algorithm() != want) {
            throw new IllegalArgumentException(kind + " needs a " + want + " key, not " + key.algorithm());
        }
        if (kind == Kind.DEMO_GENERATOR_COMPAT) {
            this.keyId = profile.get().hasExtensions() && key.algorithm() == SignatureAlgorithm.MLDSA44
                    ? Cosignature.keyId(name, Cosignature.TYPE_MLDSA44_COSIGNATURE, key.publicKeyRaw())
                    : Cosignature.keyId(name, Cosignature.TYPE_CUSTOM, DEMO_PLACEHOLDER);
        } else {
            this.keyId = explicitKeyId.orElseGet(() -> Cosignature.keyId(name, kind.type, key.publicKeyRaw()));
        }
    }

    Kind kind() {
        return kind;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int keyId() {
        return keyId;
    }

    /** The signed message for note text {@code text} and timestamp {@code ts}; throws if text is not a checkpoint. */
    byte[] message(byte[] text, long ts) {
        switch (kind) {
            case ED25519_NOTE:
                return text;
            case ED25519_COSIGNATURE:
                Checkpoint.parse(new String(text, StandardCharsets.UTF_8));
                return Cosignature.ed25519Message(ts, text);
            case MLDSA44_COSIGNATURE: {
                // tlog-cosignature §"ML-DSA-44 signed message": a checkpoint is the subtree [0, size)
                Checkpoint c = Checkpoint.parse(new String(text, StandardCharsets.UTF_8));
                return CosignedMessage.encodeTlog(name, ts, c.origin(), 0, c.size(), c.rootHash());
            }
            default: {
                Checkpoint c = Checkpoint.parse(new String(text, StandardCharsets.UTF_8));
                Profile profile = this.profile.orElseThrow();
                if (profile.hasExtensions()) {
                    return CosignedMessage.encodeTlog(name, 0, c.origin(), 0, c.size(), c.rootHash());
                }
                return new CosignedMessage(TrustAnchorId.fromTlogName(name), 0, TrustAnchorId.fromTlogName(c.origin()), 0,
                        c.size(), c.rootHash()).encode(profile);
            }
        }
    }

    @Override
    public boolean verify(byte[] text, byte[] signature) {
        try {
            if (kind.timestamped()) {
                Cosignature cs = Cosignature.parse(key.algorithm(), signature);
                return key.verify(message(text, cs.timestamp()), cs.signature());
            }
            return key.verify(message(text, 0), signature);
        } catch (MtcException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public Optional<String> vkey() {
        if (kind == Kind.DEMO_GENERATOR_COMPAT) {
            return Optional.empty();
        }
        return Optional.of(new Vkey(name, keyId, kind.type, key.publicKeyRaw()).format());
    }

    @Override
    public String toString() {
        return "NoteVerifier[" + kind + ", " + name + ", " + String.format("%08x", keyId) + "]";
    }
}
