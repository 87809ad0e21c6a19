package io.mtc4j.spec.note;

import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cosign.Signer;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.LongSupplier;

/** The signing side of {@link TypedNoteKey}. */
final class TypedNoteSigner implements NoteSigner {
    private final TypedNoteKey verifier;
    private final Signer key;
    private final LongSupplier clock;

    TypedNoteSigner(TypedNoteKey.Kind kind, String name, Signer key, Optional<Profile> profile, LongSupplier clock) {
        this.verifier = new TypedNoteKey(kind, name, key.verifier(), profile, OptionalInt.empty());
        this.key = key;
        this.clock = clock;
    }

    @Override
    public String name() {
        return verifier.name();
    }

    @Override
    public int keyId() {
        return verifier.keyId();
    }

    @Override
    public byte[] sign(byte[] text) {
        if (verifier.kind().timestamped()) {
            long ts = clock.getAsLong();
            if (ts < 0) {
                throw new IllegalArgumentException("timestamp must be 0..2^63-1");
            }
            return new Cosignature(ts, key.sign(verifier.message(text, ts))).encode();
        }
        return key.sign(verifier.message(text, 0));
    }

    @Override
    public NoteVerifier verifier() {
        return verifier;
    }

    @Override
    public String toString() {
        return "NoteSigner[" + verifier.kind() + ", " + name() + ", key material hidden]";
    }
}
