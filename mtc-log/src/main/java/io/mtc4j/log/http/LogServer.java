package io.mtc4j.log.http;

import io.mtc4j.log.storage.LogStore;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.NanoTime;

/**
 * Serves the issuance logs of one CA over HTTP, as C2SP tlog-tiles and mtc-tlog §"Serving Issuance Logs" define
 * them: log {@code N} of a {@link LogStore} at {@code <prefix>/<N>/checkpoint}, {@code …/landmarks},
 * {@code …/tile/<L>/<N>[.p/<W>]} and {@code …/tile/entries/<N>[.p/<W>]} (gzip when accepted). Only GET and HEAD;
 * 404 for anything else under the prefix, and never an empty tile. {@code /healthz} answers whether every log has
 * a readable checkpoint; {@code /metrics} is in the Prometheus text format. Access and error logs are JSON lines.
 *
 * <p>Reads only through {@link LogStore#objects(long)} (or a {@link ServedLogs}), so it serves any back end. {@link #close()} stops
 * gracefully: it stops accepting, lets requests in progress finish (up to 10 s), then closes.
 */
public final class LogServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final JsonLog log;
    private final LogHandler handler;
    private final LogServerConfig config;

    private LogServer(ServedLogs store, LogServerConfig config, PrintStream logOut, LogHandler.Hook hook, Clock clock,
            Handler front) {
        this.config = config;
        this.log = new JsonLog(logOut);
        ServerMetrics metrics = new ServerMetrics();
        handler = new LogHandler(store, config, metrics, log, hook, clock);
        server = Servers.jetty("mtc-log-http", config.maxConcurrentRequests(), config.host(), config.port(),
                front == null ? handler : new Handler.Sequence(front, handler));
        connector = (ServerConnector) server.getConnectors()[0];
        if (config.accessLog()) {
            server.setRequestLog(this::logRequest);
        }
    }

    /**
     * Starts serving {@code store}'s logs as {@code config} says, writing JSON log lines to {@code logOut}. Returns
     * once the port is bound and requests are answered.
     *
     * @throws LogServerException if the server cannot start (the address is in use, for instance)
     */
    public static LogServer start(LogStore store, LogServerConfig config, PrintStream logOut) {
        return start(ServedLogs.byNumber(store), config, logOut, LogHandler.NO_HOOK, Clock.systemUTC(), null);
    }

    /**
     * Like {@link #start(LogStore, LogServerConfig, PrintStream)}, with {@code front} asked first for every request
     * (a {@link Handler.Sequence}): what it handles (returns true for) never reaches the log routes. A CA serves its
     * intake API beside its logs this way, on one port; {@code front} should claim only paths outside the prefix.
     *
     * @param store  the logs to serve
     * @param config the server configuration
     * @param logOut where JSON log lines go
     * @param front  the handler asked first
     * @return the started server
     * @throws LogServerException if the server cannot start
     */
    public static LogServer start(LogStore store, LogServerConfig config, PrintStream logOut, Handler front) {
        return start(ServedLogs.byNumber(store), config, logOut, front);
    }

    /**
     * Like {@link #start(LogStore, LogServerConfig, PrintStream, Handler)}, serving logs named otherwise than by
     * number (a mirror's copies, by origin hash): log {@code name} at {@code <prefix>/<name>/}.
     *
     * @param logs   the logs to serve
     * @param config the server configuration
     * @param logOut where JSON log lines go
     * @param front  the handler asked first
     * @return the started server
     * @throws LogServerException if the server cannot start
     */
    public static LogServer start(ServedLogs logs, LogServerConfig config, PrintStream logOut, Handler front) {
        return start(logs, config, logOut, LogHandler.NO_HOOK, Clock.systemUTC(), Objects.requireNonNull(front,
                "front"));
    }

    static LogServer start(LogStore store, LogServerConfig config, PrintStream logOut, LogHandler.Hook hook,
            Clock clock) {
        return start(ServedLogs.byNumber(store), config, logOut, hook, clock, null);
    }

    private static LogServer start(ServedLogs store, LogServerConfig config, PrintStream logOut, LogHandler.Hook hook,
            Clock clock, Handler front) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(logOut, "logOut");
        LogServer s = new LogServer(store, config, logOut, hook, clock, front);
        try {
            s.server.start();
        } catch (Exception e) {
            s.close();
            throw new LogServerException("cannot listen on " + config.host() + ":" + config.port() + ": " + e, e);
        }
        s.log.line("info", "started").field("url", s.url().toString()).emit();
        return s;
    }

    /** The CA prefix URL: log {@code N}'s checkpoint is at {@code url() + "/" + N + "/checkpoint"}. */
    public URI url() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return URI.create("http://" + host + ":" + port() + config.prefix());
    }

    /** The port bound (the real one when the configuration asked for 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
        server.join();
    }

    ObjectCache cache() {
        return handler.cache();
    }

    private void logRequest(Request request, Response response) {
        log.line("info", "request")
                .field("method", request.getMethod())
                .field("path", String.valueOf(request.getHttpURI().getPathQuery()))
                .field("status", response.getStatus())
                .field("bytes", Response.getContentBytesWritten(response))
                .field("micros", NanoTime.since(request.getBeginNanoTime()) / 1000)
                .field("remote", Request.getRemoteAddr(request))
                .emit();
    }

    /** Stops gracefully (requests in progress finish), then flushes the log. Idempotent. */
    @Override
    public void close() {
        Servers.stop(server, log);
    }
}
