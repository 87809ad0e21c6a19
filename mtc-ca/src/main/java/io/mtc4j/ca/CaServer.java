package io.mtc4j.ca;

import io.mtc4j.log.http.LogServer;
import io.mtc4j.log.http.LogServerConfig;
import java.io.PrintStream;
import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * One process for a CA (issue 11 §2): the intake API ({@code /v1/...}, {@code /healthz}, {@code /metrics}) and the
 * CA's issuance logs (mtc-log's {@link LogServer} under the path of the configured public URL), on one port, with
 * the issuance runs started. {@link #close()} drains: submissions are refused from then on, the pool is issued
 * and answered, then the server stops gracefully and the CA closes.
 */
public final class CaServer implements AutoCloseable {
    private final CertificationAuthority ca;
    private final LogServer server;
    private final Object closeLock = new Object();
    private boolean closed;

    private CaServer(CertificationAuthority ca, LogServer server) {
        this.ca = ca;
        this.server = server;
    }

    /**
     * Starts serving {@code ca} on its configured listen address and starts its issuance runs.
     *
     * @param ca      the open CA (closed by {@link #close()})
     * @param checker the intake policy
     * @param logOut  where the JSON access and error lines go
     * @param more    further handlers asked after the intake API, before the logs (the ACME server,
     *                {@code io.mtc4j.ca.acme.AcmeHandler})
     * @return the running server
     * @throws io.mtc4j.log.http.LogServerException if it cannot listen
     */
    public static CaServer start(CertificationAuthority ca, RequestChecker checker, PrintStream logOut,
            org.eclipse.jetty.server.Handler... more) {
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(checker, "checker");
        Map.Entry<String, Integer> listen = CaConfig.hostPort(ca.config().listen());
        LogServerConfig config = LogServerConfig.defaults().withListen(listen.getKey(), listen.getValue())
                .withPrefix(ca.config().prefixPath());
        LogServer server = LogServer.start(ca.logStore(), config, logOut, more.length == 0
                ? new IntakeHandler(ca, checker)
                : new org.eclipse.jetty.server.Handler.Sequence(concat(new IntakeHandler(ca, checker), more)));
        ca.start();
        return new CaServer(ca, server);
    }

    private static org.eclipse.jetty.server.Handler[] concat(org.eclipse.jetty.server.Handler first,
            org.eclipse.jetty.server.Handler[] rest) {
        org.eclipse.jetty.server.Handler[] all = new org.eclipse.jetty.server.Handler[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /** @return the URL the logs are served under: log N's checkpoint is at {@code logUrl() + "/N/checkpoint"} */
    public URI logUrl() {
        return server.url();
    }

    /** @return the intake API's base URL (no trailing slash): {@code apiUrl() + "/v1/requests"} */
    public URI apiUrl() {
        URI u = server.url();
        return URI.create(u.getScheme() + "://" + u.getRawAuthority());
    }

    /** @return the CA served */
    public CertificationAuthority ca() {
        return ca;
    }

    /**
     * Blocks until the server has stopped.
     *
     * @throws InterruptedException if interrupted
     */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Drains and stops (see the class comment). Idempotent. */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            ca.close(); // refuses new submissions, issues and acknowledges the pool
        } finally {
            server.close(); // answers still being written finish
        }
    }
}
