package io.mtc4j.log.witness;

import java.util.Objects;
import java.util.Optional;

/**
 * The witness's durable record: per log origin, the latest cosigned checkpoint (tlog-witness §"add-checkpoint").
 * {@link #update} is the atomic check-and-persist the spec requires: the decision is taken on the record as it is
 * while no other update of that origin can run, and a new record is durable before {@code update} returns, so
 * "two simultaneous requests for one origin" never both advance it from one view. Thread-safe.
 */
public interface WitnessStore extends AutoCloseable {
    /**
     * The latest cosigned checkpoint of the log whose origin hashes to {@code originHash}.
     *
     * @param originHash lowercase hex SHA-256 of the origin
     * @return the record, empty if the witness never cosigned for that log
     */
    Optional<CosignedCheckpoint> latest(String originHash);

    /**
     * The atomic check-and-persist: runs {@code transition} on the current record of {@code origin} while holding
     * that origin exclusively, and if it returns a new record, makes it durable (replacing the old one only if the
     * old one is still the one decided on) before returning.
     *
     * @param origin     the log origin
     * @param transition the decision
     * @param <T>        the decision's result
     * @return the decision's result, once any new record is durable
     * @throws WitnessStoreException if the record cannot be read or written (nothing was decided then)
     */
    <T> T update(String origin, Transition<T> transition);

    /**
     * Whether the store can take updates now (the health endpoint's answer).
     *
     * @return true if healthy
     */
    boolean healthy();

    /** Closes the store (connections, locks). */
    @Override
    void close();

    /**
     * A decision on the current record of one origin.
     *
     * @param <T> the result
     */
    @FunctionalInterface
    interface Transition<T> {
        /**
         * Decides.
         *
         * @param current the current record, empty if none
         * @return the step: a new record to persist or none, and the result
         */
        Step<T> apply(Optional<CosignedCheckpoint> current);
    }

    /**
     * The outcome of a {@link Transition}.
     *
     * @param next   the new record, empty to keep the current one
     * @param result what {@link #update} returns
     * @param <T>    the result
     */
    record Step<T>(Optional<CosignedCheckpoint> next, T result) {
        /**
         * Checks the components.
         *
         * @param next   the new record, empty to keep the current one
         * @param result what {@link #update} returns
         */
        public Step {
            Objects.requireNonNull(next, "next");
            Objects.requireNonNull(result, "result");
        }

        /**
         * Keeps the current record.
         *
         * @param result the result
         * @param <T>    its type
         * @return the step
         */
        public static <T> Step<T> keep(T result) {
            return new Step<>(Optional.empty(), result);
        }

        /**
         * Persists {@code next}.
         *
         * @param next   the new record
         * @param result the result
         * @param <T>    its type
         * @return the step
         */
        public static <T> Step<T> advance(CosignedCheckpoint next, T result) {
            return new Step<>(Optional.of(next), result);
        }
    }
}
