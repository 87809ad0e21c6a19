package io.mtc4j.log.witness;

import io.mtc4j.log.http.JsonLog;
import io.mtc4j.log.http.Servers;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;

/**
 * Serves a {@link Witness} over HTTP (tlog-witness §"HTTP Interface"), with one prefix for submission and
 * monitoring: {@code POST <prefix>/add-checkpoint}, {@code POST <prefix>/sign-subtree},
 * {@code GET <prefix>/<hex sha256(origin)>/checkpoint}; {@code /healthz} (200 while the record takes updates, else
 * 503) and {@code /metrics} (Prometheus text) outside the prefix and outside the concurrency limit. At most
 * {@code maxConcurrentRequests} protocol requests run at once; one more gets 429 with {@code Retry-After}. Bodies
 * over {@link #MAX_BODY} bytes get 413. One JSON log line per request (method, path, status, reason, duration),
 * never a key. {@link #close()} stops gracefully: no new connections, requests in progress finish (up to 10 s).
 */
public final class WitnessServer implements AutoCloseable {
    /** The largest request body read: a checkpoint with 100 ML-DSA-44 signatures and 63 proof lines fits. */
    public static final int MAX_BODY = 1 << 20;

    private final Server server;
    private final ServerConnector connector;
    private final JsonLog log;
    private final WitnessConfig config;
    private final Witness witness;
    private final Semaphore permits;
    private final ConcurrentHashMap<String, LongAdder> answered = new ConcurrentHashMap<>();
    private final LongAdder overloaded = new LongAdder();

    private WitnessServer(Witness witness, WitnessConfig config, PrintStream logOut) {
        this.witness = witness;
        this.config = config;
        this.log = new JsonLog(logOut);
        this.permits = new Semaphore(config.maxConcurrentRequests());
        server = Servers.jetty("mtc-witness-http", config.maxConcurrentRequests(), config.host(), config.port(),
                new Routes());
        connector = (ServerConnector) server.getConnectors()[0];
    }

    /**
     * Starts serving; returns once the port is bound.
     *
     * @param witness the witness
     * @param config  listen address, prefix and limits
     * @param logOut  where the JSON log lines go
     * @return the running server
     * @throws IllegalStateException if it cannot listen
     */
    public static WitnessServer start(Witness witness, WitnessConfig config, PrintStream logOut) {
        WitnessServer s = new WitnessServer(Objects.requireNonNull(witness, "witness"),
                Objects.requireNonNull(config, "config"), Objects.requireNonNull(logOut, "logOut"));
        try {
            s.server.start();
        } catch (Exception e) {
            s.close();
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": " + e, e);
        }
        s.log.line("info", "started").field("url", s.url().toString()).field("name", witness.keys().name())
                .field("logs", witness.logs().size()).emit();
        return s;
    }

    /**
     * The submission and monitoring prefix URL.
     *
     * @return {@code http://host:port<prefix>}
     */
    public URI url() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return URI.create("http://" + host + ":" + connector.getLocalPort() + config.prefix());
    }

    /**
     * Blocks until the server stops.
     *
     * @throws InterruptedException if interrupted
     */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops gracefully, then flushes the log. Idempotent. */
    @Override
    public void close() {
        Servers.stop(server, log);
    }

    private final class Routes extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            long begin = NanoTime.now();
            String path = request.getHttpURI().getPath();
            String method = request.getMethod();
            if (WitnessConfig.HEALTH_PATH.equals(path) || WitnessConfig.METRICS_PATH.equals(path)) {
                boolean health = WitnessConfig.HEALTH_PATH.equals(path);
                boolean ok = !health || witness.healthy();
                WitnessAnswer a = health ? WitnessAnswer.text(ok ? 200 : 503, ok ? "ok" : "the record cannot take"
                        + " updates (see the log)") : new WitnessAnswer(200, "text/plain; version=0.0.4; charset=utf-8",
                        metrics().getBytes(StandardCharsets.UTF_8), "metrics");
                send(request, response, callback, "health", a, begin);
                return true;
            }
            if (!permits.tryAcquire()) {
                overloaded.increment();
                response.getHeaders().put(HttpHeader.RETRY_AFTER, config.retryAfterSeconds());
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                send(request, response, callback, "overload", WitnessAnswer.text(429, "overloaded: retry later"),
                        begin);
                return true;
            }
            Callback done = Servers.releasing(callback, permits);
            try {
                route(request, response, done, path, method, begin);
            } catch (IOException | RuntimeException e) {
                log.line("error", "request-failed").field("path", path).field("error", e.toString()).emit();
                send(request, response, done, "error", WitnessAnswer.text(500, "internal error: " + e.getClass()
                        .getSimpleName()), begin);
            }
            return true;
        }

        private void route(Request request, Response response, Callback done, String path, String method,
                long begin) throws IOException {
            String prefix = config.prefix() + "/";
            String rest = path != null && path.startsWith(prefix) ? path.substring(prefix.length()) : null;
            if (rest == null) {
                send(request, response, done, "other", WitnessAnswer.text(404, "not found"), begin);
            } else if (rest.equals("add-checkpoint") || rest.equals("sign-subtree")) {
                // tlog-witness: "The request MUST be an HTTP POST."
                if (!HttpMethod.POST.is(method)) {
                    response.getHeaders().put(HttpHeader.ALLOW, "POST");
                    send(request, response, done, rest, WitnessAnswer.text(405, rest + ": must be a POST"), begin);
                    return;
                }
                byte[] body = readBody(request);
                if (body == null) {
                    response.getHeaders().put(HttpHeader.CONNECTION, "close");
                    send(request, response, done, rest, WitnessAnswer.text(413, "body: over " + MAX_BODY + " bytes"),
                            begin);
                    return;
                }
                WitnessAnswer a = rest.equals("add-checkpoint") ? witness.addCheckpoint(body)
                        : witness.signSubtree(body);
                send(request, response, done, rest, a, begin);
            } else if (rest.endsWith("/checkpoint") && rest.indexOf('/') == rest.length() - "/checkpoint".length()) {
                // tlog-witness §"Monitor Retrieval Mechanism": "The request MUST be an HTTP GET."
                if (!HttpMethod.GET.is(method)) {
                    response.getHeaders().put(HttpHeader.ALLOW, "GET");
                    send(request, response, done, "checkpoint", WitnessAnswer.text(405, "checkpoint: must be a GET"),
                            begin);
                    return;
                }
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
                send(request, response, done, "checkpoint",
                        witness.monitoringCheckpoint(rest.substring(0, rest.indexOf('/'))), begin);
            } else {
                send(request, response, done, "other", WitnessAnswer.text(404, "not found"), begin);
            }
        }
    }

    /** The body, or null when it exceeds {@link #MAX_BODY}. */
    private static byte[] readBody(Request request) throws IOException {
        long declared = request.getLength();
        if (declared > MAX_BODY) {
            return null;
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            return b.length > MAX_BODY ? null : b;
        }
    }

    private void send(Request request, Response response, Callback done, String endpoint, WitnessAnswer a,
            long begin) {
        byte[] body = a.body();
        response.setStatus(a.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, a.contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        answered.computeIfAbsent(endpoint + "\"," + "code=\"" + a.status(), k -> new LongAdder()).increment();
        if (!endpoint.equals("health")) {
            log.line(a.status() >= 500 ? "error" : "info", "request")
                    .field("method", request.getMethod())
                    .field("path", String.valueOf(request.getHttpURI().getPath()))
                    .field("status", a.status())
                    .field("reason", a.reason())
                    .field("micros", NanoTime.since(begin) / 1000)
                    .field("remote", Request.getRemoteAddr(request))
                    .emit();
        }
        response.write(true, ByteBuffer.wrap(body), done);
    }

    private String metrics() {
        StringBuilder sb = new StringBuilder(512);
        sb.append("# HELP mtc_witness_requests_total Requests answered, by endpoint and status code.\n")
                .append("# TYPE mtc_witness_requests_total counter\n");
        answered.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e -> sb
                .append("mtc_witness_requests_total{endpoint=\"").append(e.getKey()).append("\"} ")
                .append(e.getValue().sum()).append('\n'));
        sb.append("# HELP mtc_witness_overload_rejections_total Requests answered 429 at the concurrency limit.\n")
                .append("# TYPE mtc_witness_overload_rejections_total counter\n")
                .append("mtc_witness_overload_rejections_total ").append(overloaded.sum()).append('\n');
        sb.append("# HELP mtc_witness_requests_in_flight Protocol requests holding a permit.\n")
                .append("# TYPE mtc_witness_requests_in_flight gauge\n")
                .append("mtc_witness_requests_in_flight ").append(config.maxConcurrentRequests()
                        - permits.availablePermits()).append('\n');
        sb.append("# HELP mtc_witness_healthy 1 while the record takes updates.\n")
                .append("# TYPE mtc_witness_healthy gauge\n")
                .append("mtc_witness_healthy ").append(witness.healthy() ? 1 : 0).append('\n');
        sb.append("# HELP mtc_witness_log_dropped_total Log lines dropped because the writer fell behind.\n")
                .append("# TYPE mtc_witness_log_dropped_total counter\n")
                .append("mtc_witness_log_dropped_total ").append(log.dropped()).append('\n');
        return sb.toString();
    }
}
