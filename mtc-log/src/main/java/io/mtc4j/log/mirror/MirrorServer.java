package io.mtc4j.log.mirror;

import io.mtc4j.log.http.LogServer;
import io.mtc4j.log.http.LogServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves a {@link Mirror} over HTTP on one port: {@code POST <prefix>/add-checkpoint}, {@code …/add-entries} and
 * {@code …/sign-subtree} (the submission prefix), and through mtc-log's {@link LogServer} each copy as tlog-tiles
 * at {@code <prefix>/<origin hash>/} (the monitoring prefix, the same), with {@code /healthz} and {@code /metrics}.
 * At most {@code maxConcurrentRequests} submissions are handled at once; one more gets 429 with
 * {@code Retry-After}.
 */
public final class MirrorServer implements AutoCloseable {
    private final LogServer server;

    private MirrorServer(LogServer server) {
        this.server = server;
    }

    /**
     * Starts serving {@code mirror}, writing JSON log lines to {@code logOut}; returns once requests are answered.
     *
     * @param mirror the mirror
     * @param config where to listen, the prefix and the limits
     * @param logOut where JSON log lines go
     * @return the server
     */
    public static MirrorServer start(Mirror mirror, LogServerConfig config, PrintStream logOut) {
        Objects.requireNonNull(mirror, "mirror");
        // The mirror checkpoint is re-read on every request: a client that got 200 from add-entries finds it.
        LogServerConfig fresh = config.withLimits(config.maxConcurrentRequests(), config.retryAfter(),
                config.cacheBytes(), Duration.ZERO);
        return new MirrorServer(LogServer.start(mirror, fresh, logOut, new Submissions(mirror, fresh)));
    }

    /**
     * The prefix URL (submission and monitoring): {@code url() + "/add-entries"}, {@code url() + "/<origin
     * hash>/checkpoint"}.
     *
     * @return the URL
     */
    public URI url() {
        return server.url();
    }

    /**
     * Blocks until the server has stopped.
     *
     * @throws InterruptedException if interrupted
     */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops gracefully. */
    @Override
    public void close() {
        server.close();
    }

    /** The three POST endpoints; everything else goes on to the log routes. */
    static final class Submissions extends Handler.Abstract {
        private final Mirror mirror;
        private final String prefix;
        private final Semaphore permits;
        private final long retryAfter;

        Submissions(Mirror mirror, LogServerConfig config) {
            this.mirror = mirror;
            this.prefix = config.prefix();
            this.permits = new Semaphore(config.maxConcurrentRequests());
            this.retryAfter = config.retryAfter().getSeconds();
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = request.getHttpURI().getPath();
            if (path == null || !path.startsWith(prefix + "/")) {
                return false;
            }
            String endpoint = path.substring(prefix.length() + 1);
            if (!endpoint.equals("add-checkpoint") && !endpoint.equals("add-entries")
                    && !endpoint.equals("sign-subtree")) {
                return false;
            }
            if (!HttpMethod.POST.is(request.getMethod())) {
                response.getHeaders().put(HttpHeader.ALLOW, "POST");
                send(response, callback, 405, "text/plain; charset=utf-8", utf8(endpoint + ": only POST\n"), true);
                return true;
            }
            if (!permits.tryAcquire()) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfter);
                send(response, callback, 429, "text/plain; charset=utf-8", utf8("overloaded: retry later\n"), true);
                return true;
            }
            try {
                switch (endpoint) {
                    case "add-checkpoint" -> {
                        mirror.addCheckpoint(body(request));
                        send(response, callback, 200, "text/plain; charset=utf-8", new byte[0], false);
                    }
                    case "sign-subtree" -> send(response, callback, 200, "text/plain; charset=utf-8",
                            mirror.signSubtree(body(request)), false);
                    default -> addEntries(request, response, callback);
                }
            } catch (MirrorException e) {
                send(response, callback, e.status(), e.contentType(), e.body(), true);
            } catch (RuntimeException e) {
                send(response, callback, 500, "text/plain; charset=utf-8",
                        utf8("internal error: " + e.getClass().getSimpleName() + "\n"), true);
            } finally {
                permits.release();
            }
            return true;
        }

        /** tlog-mirror: octet-stream, gzip accepted (K25); the answer advertises gzip in Accept-Encoding. */
        private void addEntries(Request request, Response response, Callback callback) {
            response.getHeaders().put(HttpHeader.ACCEPT_ENCODING, "gzip");
            String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            if (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/octet-stream")) {
                throw MirrorException.of(415, "add-entries: Content-Type MUST be application/octet-stream, not "
                        + type);
            }
            String encoding = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
            try (InputStream raw = Content.Source.asInputStream(request)) {
                InputStream in = raw;
                if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
                    if (!encoding.trim().equalsIgnoreCase("gzip") && !encoding.trim().equalsIgnoreCase("x-gzip")) {
                        throw MirrorException.of(415, "add-entries: Content-Encoding " + encoding
                                + " is not supported (gzip is)");
                    }
                    in = gunzip(raw);
                }
                Mirror.Answer a = mirror.addEntries(new java.io.BufferedInputStream(in, 1 << 16));
                send(response, callback, a.status(), a.contentType(), a.body(), false);
            } catch (IOException e) {
                throw MirrorException.of(400, "add-entries: the body could not be read: " + e.getMessage());
            }
        }

        private static InputStream gunzip(InputStream raw) throws IOException {
            try {
                return new GZIPInputStream(raw, 1 << 16);
            } catch (java.io.EOFException | java.util.zip.ZipException e) {
                throw MirrorException.of(400, "add-entries: Content-Encoding gzip but the body is not gzip: "
                        + e.getMessage());
            }
        }

        private static byte[] body(Request request) {
            try (InputStream in = Content.Source.asInputStream(request)) {
                byte[] b = in.readNBytes(Mirror.MAX_REQUEST_BYTES + 1);
                if (b.length > Mirror.MAX_REQUEST_BYTES) {
                    throw MirrorException.of(413, "request body larger than " + Mirror.MAX_REQUEST_BYTES + " bytes");
                }
                return b;
            } catch (IOException e) {
                throw MirrorException.of(400, "the body could not be read: " + e.getMessage());
            }
        }

        /** A refusal may leave the body unread: the connection is closed after it. */
        private static void send(Response response, Callback callback, int status, String type, byte[] body,
                boolean close) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            if (close) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
            }
            response.write(true, ByteBuffer.wrap(body), callback);
        }

        private static byte[] utf8(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
    }
}
