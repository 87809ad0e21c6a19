package io.mtc4j.log.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

/**
 * A real HTTP server (the JDK's) on 127.0.0.1 with an ephemeral port, serving a map of paths; a path can instead
 * be given a handler that misbehaves (stalls, truncates, fails). Handlers run on their own threads, so a stalled
 * one blocks nothing else. Every request is recorded.
 */
final class LoopbackServer implements AutoCloseable {
    /** What to do with one request. */
    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-server");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final List<String> requested = Collections.synchronizedList(new ArrayList<>());

    LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            requested.add(path);
            Handler h = handlers.get(path);
            try (exchange) {
                if (h == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    h.handle(exchange);
                }
            }
        });
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}. */
    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void handle(String path, Handler h) {
        handlers.put(path, h);
    }

    void put(String path, byte[] body) {
        handle(path, ok(body, false));
    }

    void remove(String path) {
        handlers.remove(path);
    }

    /** 200 with {@code body}, gzip-encoded if asked. */
    static Handler ok(byte[] body, boolean gzip) {
        byte[] copy = body.clone();
        return ex -> {
            byte[] b = copy;
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            if (gzip) {
                ex.getResponseHeaders().set("Content-Encoding", "gzip");
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (GZIPOutputStream z = new GZIPOutputStream(out)) {
                    z.write(b);
                }
                b = out.toByteArray();
            }
            ex.sendResponseHeaders(200, b.length == 0 ? -1 : b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        };
    }

    /** A status with no body. */
    static Handler status(int code) {
        return ex -> ex.sendResponseHeaders(code, -1);
    }

    List<String> requested() {
        synchronized (requested) {
            return List.copyOf(requested);
        }
    }

    void clearRequests() {
        requested.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
