package io.mtc4j.log.http;

import io.mtc4j.log.storage.LogObjects;
import io.mtc4j.log.storage.LogStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The logs a {@link LogServer} serves, each under one path segment below the prefix: {@code <prefix>/<name>/}.
 * A CA's store names its logs by number (mtc-tlog §"Serving Issuance Logs": {@code <prefix>/<N>}); a mirror
 * names each copy by the hex SHA-256 of the origin (tlog-mirror: {@code <monitoring prefix>/<origin hash>}).
 */
public interface ServedLogs {
    /**
     * The names of the logs served now, in the order the health and metrics answers list them.
     *
     * @return the path segments, each non-empty without '/'
     */
    List<String> names();

    /**
     * The read side of the log named {@code name}, if served.
     *
     * @param name a path segment
     * @return the log's objects, or empty when no log has that name
     */
    Optional<LogObjects> objects(String name);

    /**
     * The logs of a CA's store: log {@code N} under the segment {@code N} in decimal, without leading zeros.
     *
     * @param store the store
     * @return the logs of {@code store}, named by number
     */
    static ServedLogs byNumber(LogStore store) {
        Objects.requireNonNull(store, "store");
        return new ServedLogs() {
            @Override
            public List<String> names() {
                return store.logNumbers().stream().map(n -> Long.toString(n)).toList();
            }

            @Override
            public Optional<LogObjects> objects(String name) {
                return LogHandler.parseLogNumber(name).flatMap(store::objects);
            }

            @Override
            public String toString() {
                return store.toString();
            }
        };
    }
}
