package io.mtc4j.log.witness;

import io.mtc4j.spec.note.NoteSignature;
import io.mtc4j.spec.note.SignedNote;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Deliberately broken witnesses for the conformance tests ({@code mtc conformance witness} must fail each one):
 * each breaks one rule of tlog-witness §"add-checkpoint" in a way a black box can see.
 */
public final class BrokenWitnesses {
    private BrokenWitnesses() {}

    /** The bugs. */
    public enum Bug {
        /** Cosigns whatever the proof says: never verifies the consistency proof (K6, K14). */
        SKIPS_CONSISTENCY_CHECK,
        /** Answers 200 before recording: the record is written after the next request was checked (K16). */
        RECORDS_AFTER_ANSWERING,
        /** Takes any signature line under the origin's name for the log's (K11). */
        TRUSTS_ANY_LOG_SIGNATURE
    }

    /**
     * A witness with {@code bug} over {@code store}.
     *
     * @param bug   the bug
     * @param logs  the trusted logs
     * @param keys  the keys
     * @param store the record
     * @param clock POSIX seconds
     * @return the broken witness
     */
    public static Witness witness(Bug bug, TrustedLogs logs, WitnessKeys keys, WitnessStore store, LongSupplier clock) {
        switch (bug) {
            case SKIPS_CONSISTENCY_CHECK:
                return new Witness(logs, keys, store, clock) {
                    @Override
                    boolean consistent(long oldSize, long newSize, byte[] oldHash, byte[] newHash, List<byte[]> p) {
                        return true;
                    }
                };
            case RECORDS_AFTER_ANSWERING:
                return new Witness(logs, keys, new Lagging(store), clock);
            default:
                return new Witness(logs, keys, store, clock) {
                    @Override
                    List<NoteSignature> verifyLogSignatures(SignedNote note, String origin) {
                        if (!logs.knows(origin)) {
                            return super.verifyLogSignatures(note, origin);
                        }
                        return note.signatures();
                    }
                };
        }
    }

    /** Decides on the record as it was before the previous answer's update, which it applies only afterwards. */
    private static final class Lagging implements WitnessStore {
        private final WitnessStore store;
        private CosignedCheckpoint pending;

        Lagging(WitnessStore store) {
            this.store = store;
        }

        @Override
        public Optional<CosignedCheckpoint> latest(String originHash) {
            return store.latest(originHash);
        }

        @Override
        public synchronized <T> T update(String origin, Transition<T> transition) {
            List<Step<T>> decided = new java.util.ArrayList<>();
            store.update(origin, current -> {
                decided.add(transition.apply(current));
                return Step.keep(Boolean.TRUE);
            });
            Step<T> step = decided.get(0);
            if (pending != null && pending.origin().equals(origin)) {
                CosignedCheckpoint late = pending;
                store.update(origin, current -> Step.advance(late, Boolean.TRUE));
            }
            pending = step.next().orElse(pending);
            return step.result();
        }

        @Override
        public boolean healthy() {
            return store.healthy();
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
