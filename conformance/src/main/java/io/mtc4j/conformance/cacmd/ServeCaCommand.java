package io.mtc4j.conformance.cacmd;

import io.mtc4j.ca.CaConfig;
import io.mtc4j.ca.CaException;
import io.mtc4j.ca.CaKeys;
import io.mtc4j.ca.CaServer;
import io.mtc4j.ca.CertificationAuthority;
import io.mtc4j.ca.RequestChecker;
import io.mtc4j.ca.acme.AcmeHandler;
import io.mtc4j.ca.acme.AcmeSettings;
import io.mtc4j.ca.bootstrap.BootstrapMode;
import io.mtc4j.ca.bootstrap.BootstrapPolicy;
import io.mtc4j.ca.intake.RequestPolicy;
import io.mtc4j.log.http.LogServerException;
import io.mtc4j.spec.cli.Args;
import io.mtc4j.spec.cli.UsageException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.List;
import java.util.Set;

/**
 * {@code mtc ca serve DIR [--listen HOST:PORT]}: runs the CA in DIR (intake API, issuance runs, log serving) until
 * SIGTERM, which drains the pool and stops cleanly. Once ready prints {@code log: <URL>} then {@code api: <URL>}.
 */
final class ServeCaCommand {
    static final String USAGE = String.join("\n",
            "       mtc ca serve DIR [--listen HOST:PORT] [--acme-resolve NAME=HOST:PORT]...",
            "",
            "serve    runs the CA in DIR: the intake API (POST <api>/v1/requests, GET <api>/v1/certificates/<serial>/",
            "         standalone|landmark, <api>/v1/ca.pem, /healthz, /metrics), an issuance run every checkpoint",
            "         interval, landmarks, and the logs over HTTP (tlog-tiles) under the public URL's path. Once",
            "         ready it prints 'log: <URL>' then 'api: <URL>'. --listen overrides ca.json's (port 0 picks a",
            "         free one). SIGTERM stops accepting (503), issues and answers what was accepted, then stops.",
            "         A full pending pool answers 429 with Retry-After. JSON log lines on stderr.",
            "         The ACME server (RFC 8555, http-01) is at the printed 'acme: <directory URL>'; its state is in",
            "         DIR/acme/state.json. --acme-resolve NAME=HOST:PORT (repeatable) sends the http-01 validation",
            "         for identifier NAME (DNS name or IP address) to HOST:PORT, and only named identifiers are",
            "         validated (also settable in ca.json as \"acmeResolve\": {NAME: \"HOST:PORT\"}; a flag wins for",
            "         its NAME); without any, validation uses the system resolver and port 80.");

    private ServeCaCommand() {}

    static int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = Args.parse(argv, Set.of(), Set.of("--listen", "--acme-resolve"));
        if (a.positional().size() != 1) {
            throw new UsageException("serve takes one DIR, got " + a.positional());
        }
        Path dir = Path.of(a.positional().get(0));
        if (!Files.isRegularFile(dir.resolve("ca.json"))) {
            throw new UsageException(dir + " holds no CA (no ca.json); create one with 'mtc ca init " + dir + "'");
        }
        java.util.Map<String, java.net.InetSocketAddress> flags = new java.util.TreeMap<>();
        try {
            for (String r : a.values("--acme-resolve")) {
                java.util.Map.Entry<String, java.net.InetSocketAddress> e = AcmeSettings.parseResolve(r);
                flags.put(e.getKey(), e.getValue());
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        java.util.Map<String, java.net.InetSocketAddress> resolve = new java.util.TreeMap<>();
        CertificationAuthority ca;
        try {
            CaConfig config = CaConfig.read(dir);
            // ca.json's acmeResolve, then the flags (a flag wins for its name)
            for (java.util.Map.Entry<String, String> e : config.acmeResolve().entrySet()) {
                java.util.Map.Entry<String, java.net.InetSocketAddress> r = AcmeSettings.parseResolve(e.getKey() + "="
                        + e.getValue());
                resolve.put(r.getKey(), r.getValue());
            }
            resolve.putAll(flags);
            if (a.value("--listen").isPresent()) {
                config = config.withListen(a.value("--listen").get());
            }
            ca = CertificationAuthority.open(dir, config, CaKeys.load(dir), List.of(), Clock.systemUTC());
        } catch (CaException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        CaServer server;
        try {
            RequestChecker checker = checker(ca);
            server = CaServer.start(ca, checker, err, AcmeHandler.open(ca, checker, new AcmeSettings(resolve)));
        } catch (LogServerException e) {
            ca.close();
            err.println("error: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "mtc-ca-serve-stop"));
        out.println("log: " + server.logUrl());
        out.println("api: " + server.apiUrl());
        out.println("acme: " + AcmeHandler.directoryUrl(server.apiUrl()));
        out.flush();
        server.join();
        return 0;
    }

    /** The intake policy of the CA (io.mtc4j.ca.intake, RequestPolicy.of(CaConfig, Clock)); refusals become CaExceptions. */
    static RequestChecker checker(CertificationAuthority ca) {
        // a bootstrap-mode CA (DIR/bootstrap-roots.pem) takes only bootstrap chains (io.mtc4j.ca.bootstrap)
        Optional<BootstrapMode> bootstrap = BootstrapMode.open(ca.directory());
        if (bootstrap.isPresent()) {
            return new BootstrapPolicy(bootstrap.get().validator(), ca.config().maxLifetime(), Clock.systemUTC());
        }
        return RequestPolicy.of(ca.config(), Clock.systemUTC()).checker();
    }
}
