package io.mtc4j.rp.subtrees;

import io.mtc4j.rp.config.RelyingPartyConfig;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link LandmarkUpdater} rounds for a relying party, now ({@link #refreshNow}) or on a schedule
 * ({@link #start}), and keeps the trusted subtrees file current (draft §"Trusted Subtrees": "a periodically updated,
 * predistributed list of trusted subtrees"). The state of each log is read from the file at construction, so
 * rollback and fork checks hold across restarts. A round that fails for one log keeps that log's previous state and
 * is reported to the {@link Listener}; the others go on. The file is written crash-atomically
 * ({@link TrustedSubtreesFile#write}) before the new states become {@link #current()}, so what is current is
 * always durable. States of logs this refresher does not update are kept in the file as they are.
 *
 * <p>Thread-safe. {@link #close} stops the schedule.
 */
public final class LandmarkRefresher implements AutoCloseable {
    /** Told about every round's outcome for each log. Called on the refreshing thread; must not block long. */
    public interface Listener {
        /**
         * A round succeeded and its state is now current and durable.
         *
         * @param state the new state
         */
        void updated(LandmarkState state);

        /**
         * A round failed; the log's previous state stays current.
         *
         * @param updater the updater whose round failed
         * @param error why (for the file, an {@link UncheckedIOException} wrapping the write failure)
         */
        void failed(LandmarkUpdater updater, RuntimeException error);
    }

    private final List<LandmarkUpdater> updaters;
    private final Path file;
    private final Listener listener;
    private List<LandmarkState> states;
    private ScheduledExecutorService scheduler;

    /**
     * A refresher for {@code updaters}, persisting to {@code file} and reading the states already there.
     *
     * @param updaters one updater per log to keep current
     * @param file the trusted subtrees file (created on the first successful round if absent)
     * @param listener told about each round
     * @throws IOException if the file exists but cannot be read
     * @throws io.mtc4j.spec.MtcParseException if the file is not a trusted subtrees file
     */
    public LandmarkRefresher(List<LandmarkUpdater> updaters, Path file, Listener listener) throws IOException {
        this.updaters = List.copyOf(updaters);
        this.file = Objects.requireNonNull(file, "file");
        this.listener = Objects.requireNonNull(listener, "listener");
        List<LandmarkState> loaded;
        try {
            loaded = TrustedSubtreesFile.readStates(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            loaded = List.of();
        }
        this.states = loaded;
    }

    /**
     * Runs one round for every log, then writes the file if any state changed.
     *
     * @return the states now current
     */
    public synchronized List<LandmarkState> refreshNow() {
        List<LandmarkState> next = new ArrayList<>(states);
        List<LandmarkState> changed = new ArrayList<>();
        for (LandmarkUpdater u : updaters) {
            Optional<LandmarkState> prev = find(next, u.ca().caId(), u.logNumber());
            LandmarkState s;
            try {
                s = u.updateOnce(prev);
            } catch (RuntimeException e) { // LandmarkUpdateException, or a misconfigured updater: the others go on
                listener.failed(u, e);
                continue;
            }
            prev.ifPresent(next::remove);
            next.add(s);
            changed.add(s);
        }
        if (changed.isEmpty()) {
            return states;
        }
        try {
            TrustedSubtreesFile.write(file, next);
        } catch (IOException e) {
            UncheckedIOException err = new UncheckedIOException("writing " + file + ": " + e.getMessage(), e);
            for (LandmarkUpdater u : updaters) {
                listener.failed(u, err);
            }
            return states;
        }
        states = List.copyOf(next);
        changed.forEach(listener::updated);
        return states;
    }

    /**
     * Runs {@link #refreshNow} at once and then every {@code period} (after the previous round ends), on a daemon
     * thread this refresher owns.
     *
     * @param period the time between rounds, positive
     * @throws IllegalStateException if already started or closed
     */
    public synchronized void start(Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive");
        }
        if (scheduler != null) {
            throw new IllegalStateException("already started");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "landmark-refresher");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::refreshNow, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The current state of every log in the file.
     *
     * @return the states
     */
    public synchronized List<LandmarkState> current() {
        return states;
    }

    /**
     * The landmark groups {@code CA.2.N.L} this relying party advertises in TLS, one per log with active
     * landmarks (draft §"Single-Log Landmark Groups").
     *
     * @return the landmark group IDs
     */
    public synchronized List<TrustAnchorId> landmarkGroupIds() {
        List<TrustAnchorId> out = new ArrayList<>();
        states.forEach(s -> s.landmarkGroupId().ifPresent(out::add));
        return out;
    }

    /**
     * {@code config} with the current trusted subtrees of every log whose CA it holds.
     *
     * @param config the relying-party configuration
     * @return the configuration with the current trusted subtrees
     */
    public synchronized RelyingPartyConfig applyTo(RelyingPartyConfig config) {
        RelyingPartyConfig out = config;
        for (LandmarkState s : states) {
            if (out.ca(s.caId()).isPresent()) {
                out = s.applyTo(out);
            }
        }
        return out;
    }

    private static Optional<LandmarkState> find(List<LandmarkState> states, TrustAnchorId ca, int log) {
        return states.stream().filter(s -> s.caId().equals(ca) && s.logNumber() == log).findFirst();
    }

    /** Stops the schedule; a round in progress finishes. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
