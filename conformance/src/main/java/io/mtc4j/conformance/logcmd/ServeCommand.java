package io.mtc4j.conformance.logcmd;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtc4j.conformance.cli.ServeConfigFile;
import io.mtc4j.log.http.LogServer;
import io.mtc4j.log.http.LogServerConfig;
import io.mtc4j.log.storage.LogStore;
import io.mtc4j.log.storage.LogStores;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.UsageException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code mtc log serve DIR | --storage URI [--listen HOST:PORT] [--prefix PATH] [--config FILE]}: serves a CA's
 * issuance logs over HTTP until killed (graceful stop on SIGTERM). Prints {@code log: <URL>} once ready.
 */
final class ServeCommand {
    static final String USAGE = String.join("\n",
            "       mtc log serve DIR | --storage URI [--listen HOST:PORT] [--prefix PATH] [--config FILE]",
            "",
            "serve    serves the logs of one CA (log N of the store at <prefix>/N/checkpoint, /landmarks, /tile/...,",
            "         per C2SP tlog-tiles and mtc-tlog) until killed; SIGTERM stops gracefully. Once ready it prints",
            "         'log: <URL>', the CA prefix URL. DIR holds log N in DIR/N/; --storage takes a storage location",
            "         (a directory path or file: URI). --listen defaults to 127.0.0.1:8080 (port 0 picks a free one);",
            "         --prefix to none. /healthz and /metrics (Prometheus) are served outside the prefix.",
            "         Access and error logs are JSON lines on stderr.",
            "         --config FILE: a JSON object with any of \"listen\", \"prefix\", \"storage\",",
            "         \"maxConcurrentRequests\" (over it: 429 + Retry-After), \"retryAfterSeconds\", \"cacheBytes\"",
            "         (in-memory cache of immutable tiles), \"checkpointRefreshMillis\", \"accessLog\" (true/false).",
            "         Flags override the file.");

    private static final Set<String> CONFIG_FIELDS = Set.of("listen", "prefix", "storage", "maxConcurrentRequests",
            "retryAfterSeconds", "cacheBytes", "checkpointRefreshMillis", "accessLog");

    private ServeCommand() {}

    static int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of(), Set.of("--storage", "--listen", "--prefix", "--config"));
        if (a.positional().size() > 1) {
            throw new UsageException("serve takes one DIR, got " + a.positional());
        }
        JsonNode file = a.value("--config")
                .map(p -> ServeConfigFile.read(Path.of(p), "--config " + p, CONFIG_FIELDS)).orElse(null);
        LogServerConfig config = config(file, a);
        Optional<String> dir = a.positional().stream().findFirst();
        Optional<String> storage = a.value("--storage").or(() -> ServeConfigFile.text(file, "storage"));
        if (dir.isPresent() && a.value("--storage").isPresent()) {
            throw new UsageException("give DIR or --storage, not both");
        }
        String location = dir.or(() -> storage)
                .orElseThrow(() -> new UsageException("missing DIR or --storage (or \"storage\" in --config)"));
        try (LogStore store = openStore(dir, location)) {
            LogServer server = LogServer.start(store, config, err);
            Thread stopper = new Thread(server::close, "mtc-log-serve-stop");
            Runtime.getRuntime().addShutdownHook(stopper);
            out.println("log: " + server.url());
            out.flush();
            server.join();
            return 0;
        }
    }

    /**
     * DIR must exist (serving never creates a log directory); a --storage location is opened by
     * {@link LogStores#open} (a directory path, a file: URI, or another back end's URI).
     */
    private static LogStore openStore(Optional<String> dir, String location) {
        if (dir.isPresent() && !Files.isDirectory(Path.of(dir.get()))) {
            throw new UsageException("log directory " + dir.get() + " does not exist or is not a directory");
        }
        try {
            return LogStores.open(location);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static LogServerConfig config(JsonNode file, Args a) {
        LogServerConfig c = LogServerConfig.defaults();
        try {
            if (file != null) {
                c = c.withLimits(
                        intField(file, "maxConcurrentRequests", c.maxConcurrentRequests()),
                        Duration.ofSeconds(intField(file, "retryAfterSeconds", (int) c.retryAfter().getSeconds())),
                        longField(file, "cacheBytes", c.cacheBytes()),
                        Duration.ofMillis(longField(file, "checkpointRefreshMillis",
                                c.checkpointRefresh().toMillis())));
                if (file.has("accessLog")) {
                    if (!file.get("accessLog").isBoolean()) {
                        throw new UsageException("config field \"accessLog\" must be true or false");
                    }
                    c = c.withAccessLog(file.get("accessLog").booleanValue());
                }
            }
            c = ServeConfigFile.listenAndPrefix(c, file, a);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return c;
    }

    private static long longField(JsonNode file, String field, long dflt) {
        if (!file.has(field)) {
            return dflt;
        }
        JsonNode v = file.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw new UsageException("config field \"" + field + "\" must be a non-negative integer");
        }
        return v.longValue();
    }

    private static int intField(JsonNode file, String field, int dflt) {
        long v = longField(file, field, dflt);
        if (v > Integer.MAX_VALUE) {
            throw new UsageException("config field \"" + field + "\" exceeds " + Integer.MAX_VALUE);
        }
        return (int) v;
    }
}
