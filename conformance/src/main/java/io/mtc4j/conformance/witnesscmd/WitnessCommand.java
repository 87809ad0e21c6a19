package io.mtc4j.conformance.witnesscmd;

import io.mtc4j.conformance.cli.CommandGroup;
import io.mtc4j.log.witness.DirectoryWitnessStore;
import io.mtc4j.log.witness.PostgresWitnessStore;
import io.mtc4j.log.witness.TrustedLogs;
import io.mtc4j.log.witness.Witness;
import io.mtc4j.log.witness.WitnessConfig;
import io.mtc4j.log.witness.WitnessKeys;
import io.mtc4j.log.witness.WitnessServer;
import io.mtc4j.log.witness.WitnessStore;
import io.mtc4j.log.witness.WitnessStoreException;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code mtc witness serve}: runs a C2SP tlog-witness (mtc-log's {@link Witness}). */
public final class WitnessCommand extends CommandGroup {
    static final String USAGE = String.join("\n",
            "usage: mtc witness serve DIR [--listen HOST:PORT] [--name NAME] --log-key VKEY...",
            "",
            "serve    runs a C2SP tlog-witness until killed; SIGTERM stops gracefully (requests in progress finish).",
            "         Endpoints under the prefix: POST add-checkpoint, POST sign-subtree, GET <hex sha256(origin)>/",
            "         checkpoint; /healthz and /metrics outside it. Prints one 'vkey: <vkey>' line per witness key",
            "         (Ed25519 cosignature/v1, type 0x04; ML-DSA-44 subtree/v1, type 0x06), then 'witness: <URL>'",
            "         once ready. DIR holds witness.json (optional configuration: name, listen, prefix, logs,",
            "         maxConcurrentRequests, retryAfterSeconds, postgres {jdbc, schema}; see README), the keys",
            "         (DIR/keys, made on first start) and the record of cosigned checkpoints (DIR/checkpoints, or",
            "         PostgreSQL with PGUSER/PGPASSWORD from the environment). --log-key VKEY (repeatable): a",
            "         signed-note verifier key <origin>+<hex key ID>+<base64> of a log to witness (Ed25519 note keys,",
            "         type 0x01), or an MTC CA's ML-DSA-44 cosigner key (type 0x06, name oid/1.3.6.1.4.1.<CA ID>),",
            "         which covers every issuance log <name>.0.<N>. --listen defaults to 127.0.0.1:8090 (port 0: any",
            "         free one); --name to oid/1.3.6.1.4.1.32473.3. Flags add to / override witness.json. Request",
            "         logs are JSON lines on stderr.");

    /** Creates the command (found through {@link java.util.ServiceLoader}). */
    public WitnessCommand() {
        super("witness", "run a C2SP tlog-witness (add-checkpoint, sign-subtree, monitoring checkpoint)", USAGE,
                Map.of("serve", WitnessCommand::serve));
    }

    static int serve(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of(), Set.of("--listen", "--log-key", "--name"));
        if (a.positional().size() != 1) {
            throw new UsageException("serve takes one DIR, got " + a.positional());
        }
        Path dir = Path.of(a.positional().get(0));
        Files.createDirectories(dir);
        WitnessConfig config;
        TrustedLogs logs;
        try {
            config = WitnessConfig.read(dir).withLogs(a.values("--log-key"));
            if (a.value("--listen").isPresent()) {
                config = config.withListen(a.value("--listen").get());
            }
            if (a.value("--name").isPresent()) {
                config = config.withName(a.value("--name").get());
            }
            logs = TrustedLogs.of(config.logs());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (logs.size() == 0) {
            throw new UsageException("no log to witness: give --log-key VKEY or \"logs\" in " + dir.resolve(
                    WitnessConfig.FILE));
        }
        WitnessKeys keys;
        try {
            keys = WitnessKeys.loadOrCreate(dir, config.name(), new SecureRandom());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        WitnessStore store = openStore(dir, config);
        AtomicBoolean closed = new AtomicBoolean();
        WitnessServer server;
        try {
            server = WitnessServer.start(new Witness(logs, keys, store, () -> System.currentTimeMillis() / 1000),
                    config, err);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        Runnable stop = () -> {
            if (closed.compareAndSet(false, true)) {
                server.close();
                store.close();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "mtc-witness-stop"));
        for (String v : keys.vkeys()) {
            out.println("vkey: " + v);
        }
        out.println("witness: " + server.url());
        out.flush();
        server.join();
        stop.run();
        return 0;
    }

    private static WitnessStore openStore(Path dir, WitnessConfig config) throws IOException {
        try {
            if (config.postgres().isPresent()) {
                WitnessConfig.Postgres p = config.postgres().get();
                String user = System.getenv("PGUSER");
                if (user == null || user.isEmpty()) {
                    throw new UsageException("postgres: the environment variable PGUSER is not set");
                }
                return PostgresWitnessStore.open(p.jdbc(), user, System.getenv().getOrDefault("PGPASSWORD", ""),
                        p.schema());
            }
            return DirectoryWitnessStore.open(dir);
        } catch (WitnessStoreException | IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
