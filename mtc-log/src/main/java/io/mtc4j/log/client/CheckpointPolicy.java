package io.mtc4j.log.client;

import io.mtc4j.spec.note.NoteVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When a checkpoint is accepted, given the configured note keys whose signatures verified on it (signed-note
 * §"Signatures" has already rejected a note with a failing known signature or none verifying). mtc-tlog requires
 * the CA cosigner's signature ({@link #signedBy}); a relying party may also ask for k of n witnesses
 * ({@link #atLeast}, {@link #allOf}).
 */
@FunctionalInterface
public interface CheckpointPolicy {
    /** Empty if the checkpoint is accepted; otherwise what is missing. */
    Optional<String> unmet(List<NoteVerifier> verified);

    /** Accepts any checkpoint with at least one verified known signature (the signed-note minimum). */
    static CheckpointPolicy anyKnownKey() {
        return verified -> verified.isEmpty() ? Optional.of("no known key signed") : Optional.empty();
    }

    /** Requires a verified signature by {@code key} (matched by name and key ID). */
    static CheckpointPolicy signedBy(NoteVerifier key) {
        return atLeast(1, List.of(key));
    }

    /** Requires verified signatures by at least {@code k} of {@code keys} (matched by name and key ID). */
    static CheckpointPolicy atLeast(int k, List<NoteVerifier> keys) {
        List<NoteVerifier> among = List.copyOf(keys);
        if (k < 1 || k > among.size()) {
            throw new IllegalArgumentException("k = " + k + " outside 1.." + among.size());
        }
        return verified -> {
            List<String> missing = new ArrayList<>();
            int have = 0;
            for (NoteVerifier want : among) {
                if (verified.stream().anyMatch(v -> same(v, want))) {
                    have++;
                } else {
                    missing.add(want.name() + " (key ID " + String.format("%08x", want.keyId()) + ")");
                }
            }
            return have >= k ? Optional.empty() : Optional.of("needs " + k + " of " + among.size()
                    + " signatures, has " + have + "; missing " + String.join(", ", missing));
        };
    }

    /** Requires every one of {@code keys}. */
    static CheckpointPolicy allOf(List<NoteVerifier> keys) {
        return atLeast(keys.size(), keys);
    }

    private static boolean same(NoteVerifier a, NoteVerifier b) {
        return Objects.equals(a.name(), b.name()) && a.keyId() == b.keyId();
    }
}
