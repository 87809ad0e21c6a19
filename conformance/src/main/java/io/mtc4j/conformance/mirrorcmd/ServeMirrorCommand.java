package io.mtc4j.conformance.mirrorcmd;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtc4j.conformance.cli.ServeConfigFile;
import io.mtc4j.log.http.LogServerConfig;
import io.mtc4j.log.mirror.Mirror;
import io.mtc4j.log.mirror.MirrorKeys;
import io.mtc4j.log.mirror.MirrorServer;
import io.mtc4j.log.storage.LogStore;
import io.mtc4j.log.storage.LogStores;
import io.mtc4j.log.witness.TrustedLogs;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code mtc mirror serve DIR [--listen HOST:PORT] [--prefix PATH] [--name NAME] [--log-key VKEY]...
 * [--config FILE]}: runs a tlog-mirror until killed. Prints its verifier keys as {@code vkey: } lines, then
 * {@code mirror: <URL>} once ready.
 *
 * <p>The mirror's one configuration file, {@code DIR/mirror.json} (or {@code --config FILE}), every field
 * optional:
 * <pre>
 * {
 *   "name": "oid/1.3.6.1.4.1.32473.2",      the cosigner name (default shown)
 *   "listen": "127.0.0.1:8080",              HOST:PORT (port 0 picks a free one)
 *   "prefix": "",                            the submission and monitoring prefix ("" or "/path")
 *   "logs": ["&lt;name&gt;+&lt;hex id&gt;+&lt;base64&gt;", ...],   log verifier keys ({@link TrustedLogs})
 *   "maxConcurrentRequests": 64,             over it: 429 + Retry-After
 *   "retryAfterSeconds": 1,
 *   "storage": "s3pg://BUCKET[/PREFIX]?endpoint=...&amp;region=...&amp;jdbc=..."
 * }
 * </pre>
 * {@code storage} is where the copies (tiles, entry bundles, the mirror checkpoints) and their pending states
 * (pending checkpoints, next entry) are kept: a storage location as {@link LogStores#open} reads it (a directory
 * path, a {@code file:} URI, or an {@code s3pg://} URI for S3 + PostgreSQL, with the credentials from the
 * environment: {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code PGUSER}, {@code PGPASSWORD}). The
 * location must be the mirror's own. Without it, the local directory {@code DIR/logs}. The keys are always files
 * under {@code DIR/keys/}. See {@link Mirror} for the layout.
 */
final class ServeMirrorCommand {
    /** The configuration file read from DIR when --config is not given. */
    static final String CONFIG_FILE = "mirror.json";
    /** An example MTC cosigner ID (RFC 5612's example enterprise number, as the draft's examples). */
    static final String DEFAULT_NAME = "oid/1.3.6.1.4.1.32473.2";

    static final String USAGE = String.join("\n",
            "       mtc mirror serve DIR [--listen HOST:PORT] [--prefix PATH] [--name NAME] [--log-key VKEY]...",
            "                            [--config FILE]",
            "",
            "serve    runs a C2SP tlog-mirror over HTTP until killed (SIGTERM stops gracefully): POST",
            "         <prefix>/add-checkpoint, /add-entries (gzip accepted), /sign-subtree; each mirrored log's copy",
            "         as tlog-tiles at <prefix>/<hex sha256(origin)>/ with the mirror's cosignatures on its",
            "         checkpoint; /healthz and /metrics. DIR holds the copies, the state and the keys (generated on",
            "         first start in DIR/keys/: ML-DSA-44 for subtree/v1, Ed25519 for cosignature/v1). Prints the",
            "         mirror's verifier keys as 'vkey: <vkey>' lines, then 'mirror: <URL>' once ready.",
            "         --log-key VKEY (repeatable): a log verifier key <name>+<hex id>+<base64>; the log's origin is",
            "         the key's name, except for an ML-DSA-44 MTC CA cosigner key named oid/1.3.6.1.4.1.<CA ID>,",
            "         which is trusted for the CA's logs <name>.0.<N>. --name: the mirror's cosigner name (default",
            "         " + DEFAULT_NAME + "). --listen defaults to 127.0.0.1:8080 (port 0 picks one).",
            "         Configuration: DIR/" + CONFIG_FILE + " (or --config FILE), a JSON object with any of \"name\",",
            "         \"listen\", \"prefix\", \"logs\" (a list of VKEYs), \"maxConcurrentRequests\" (over it: 429 +",
            "         Retry-After), \"retryAfterSeconds\", \"storage\" (where the copies and their pending states",
            "         are kept: a directory, file: URI or s3pg:// URI as for 'mtc log serve --storage', S3 and",
            "         PostgreSQL credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, PGUSER, PGPASSWORD;",
            "         default DIR/logs). Flags override the file; --log-key adds to \"logs\".");

    private static final Set<String> CONFIG_FIELDS = Set.of("name", "listen", "prefix", "logs",
            "maxConcurrentRequests", "retryAfterSeconds", "storage");

    private ServeMirrorCommand() {}

    static int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of(), Set.of("--listen", "--prefix", "--name", "--log-key", "--config"));
        if (a.positional().size() != 1) {
            throw new UsageException("serve takes one DIR, got " + a.positional());
        }
        Path dir = Path.of(a.positional().get(0));
        Path configFile = a.value("--config").map(Path::of).orElse(dir.resolve(CONFIG_FILE));
        JsonNode file = Files.exists(configFile) || a.value("--config").isPresent()
                ? ServeConfigFile.read(configFile, "config " + configFile, CONFIG_FIELDS) : null;
        List<String> vkeys = new ArrayList<>();
        if (file != null && file.has("logs")) {
            if (!file.get("logs").isArray()) {
                throw new UsageException("config field \"logs\" must be a list of verifier keys");
            }
            for (JsonNode k : file.get("logs")) {
                if (!k.isTextual()) {
                    throw new UsageException("config field \"logs\" must be a list of verifier keys");
                }
                vkeys.add(k.textValue());
            }
        }
        vkeys.addAll(a.values("--log-key"));
        TrustedLogs logs;
        try {
            logs = TrustedLogs.of(vkeys);
        } catch (TrustedLogs.BadLogKeyException e) {
            throw new UsageException("log key '" + e.key() + "': " + e.reason());
        }
        if (logs.size() == 0) {
            throw new UsageException("no log to mirror: give --log-key VKEY (or \"logs\" in " + configFile + ")");
        }
        String name = a.value("--name").or(() -> ServeConfigFile.text(file, "name")).orElse(DEFAULT_NAME);
        LogServerConfig config = config(file, a);
        Files.createDirectories(dir);
        MirrorKeys keys;
        try {
            keys = MirrorKeys.loadOrCreate(dir, name, () -> System.currentTimeMillis() / 1000, new SecureRandom());
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Optional<String> storage = ServeConfigFile.text(file, "storage");
        try (Mirror mirror = open(dir, storage, keys, logs)) {
            MirrorServer server = MirrorServer.start(mirror, config, err);
            // SIGTERM: requests in progress finish, then every copy's writer exclusion is released (an s3pg lease at
            // once, not when it expires), before the JVM halts.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                mirror.close();
            }, "mtc-mirror-serve-stop"));
            for (String v : keys.vkeys()) {
                out.println("vkey: " + v);
            }
            out.println("mirror: " + server.url());
            out.flush();
            server.join();
            return 0;
        }
    }

    /**
     * The mirror on the configured storage location, else in DIR/logs. A malformed location is a usage error; a back
     * end that cannot be reached, or a copy held by another process, fails naming it.
     */
    private static Mirror open(Path dir, Optional<String> storage, MirrorKeys keys, TrustedLogs logs)
            throws IOException {
        if (storage.isEmpty()) {
            return Mirror.open(dir, keys, logs::verifiers);
        }
        LogStore store;
        try {
            store = LogStores.open(storage.get());
        } catch (IllegalArgumentException e) {
            throw new UsageException("config field \"storage\": " + e.getMessage());
        }
        return Mirror.open(store, keys, logs::verifiers);
    }

    private static LogServerConfig config(JsonNode file, Args a) {
        LogServerConfig c = LogServerConfig.defaults();
        try {
            if (file != null) {
                c = c.withLimits(intField(file, "maxConcurrentRequests", c.maxConcurrentRequests()),
                        Duration.ofSeconds(intField(file, "retryAfterSeconds", (int) c.retryAfter().getSeconds())),
                        c.cacheBytes(), c.checkpointRefresh());
            }
            c = ServeConfigFile.listenAndPrefix(c, file, a);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return c;
    }

    private static int intField(JsonNode file, String field, int dflt) {
        if (!file.has(field)) {
            return dflt;
        }
        JsonNode v = file.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
            throw new UsageException("config field \"" + field + "\" must be a positive integer");
        }
        return v.intValue();
    }
}
