package io.mtc4j.log.client;

import io.mtc4j.spec.tiles.TilePath;

/**
 * Sees every response a {@link LogClient} receives, before the client checks it: for tools that report on how a
 * log serves (Content-Types, counts), such as {@code mtc conformance log}. Must not throw.
 */
public interface FetchObserver {
    /** A response was received (any status). */
    void fetched(LogResponse response);

    /** The partial tile or bundle {@code partial} was gone (404) and the full one was used instead (tlog-tiles §"Partial Tiles"). */
    default void fellBack(TilePath partial, TilePath full) {}

    /** Observes nothing. */
    static FetchObserver none() {
        return r -> {};
    }
}
