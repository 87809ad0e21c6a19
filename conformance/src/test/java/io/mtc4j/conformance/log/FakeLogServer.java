package io.mtc4j.conformance.log;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * A tiny static HTTP server on 127.0.0.1 with an ephemeral port, serving an in-memory map of paths. Every request
 * path is recorded so tests can assert what the checker fetched (and that it stayed under its prefix).
 */
final class FakeLogServer implements AutoCloseable {
    /** A served resource. */
    record Resource(int status, byte[] body, String contentType, boolean gzip) {
        static Resource ok(byte[] body, String contentType) {
            return new Resource(200, body.clone(), contentType, false);
        }
    }

    static final String TEXT = "text/plain; charset=utf-8";
    static final String OCTETS = "application/octet-stream";

    private final HttpServer server;
    private final Map<String, Resource> files = new ConcurrentHashMap<>();
    private final List<String> requested = Collections.synchronizedList(new ArrayList<>());

    FakeLogServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            requested.add(exchange.getRequestMethod() + " " + path);
            Resource r = files.get(path);
            try (exchange) {
                if (r == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = r.body();
                if (r.contentType() != null) {
                    exchange.getResponseHeaders().set("Content-Type", r.contentType());
                }
                if (r.gzip()) {
                    exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                    body = gzip(body);
                }
                exchange.sendResponseHeaders(r.status(), body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        });
        server.start();
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    /** {@code http://127.0.0.1:<port>}. */
    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void put(String path, Resource r) {
        files.put(path, r);
    }

    void put(String path, byte[] body, String contentType) {
        files.put(path, Resource.ok(body, contentType));
    }

    void remove(String path) {
        files.remove(path);
    }

    Resource get(String path) {
        return files.get(path);
    }

    /** Serves {@code checkpoint}, {@code landmarks} (if present) and {@code tile/**} of a folder under {@code prefix}. */
    void serveFolder(String prefix, Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(f -> {
                String rel = dir.relativize(f).toString().replace('\\', '/');
                if (rel.equals("checkpoint") || rel.equals("landmarks")) {
                    put(prefix + "/" + rel, read(f), TEXT);
                } else if (rel.startsWith("tile/")) {
                    put(prefix + "/" + rel, read(f), OCTETS);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every request seen, as {@code "GET /path"}. */
    List<String> requested() {
        synchronized (requested) {
            return List.copyOf(requested);
        }
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
