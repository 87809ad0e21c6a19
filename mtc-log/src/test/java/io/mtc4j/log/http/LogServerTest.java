package io.mtc4j.log.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.log.storage.LocalDirectoryStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real HTTP on loopback: the JDK client against {@link LogServer} serving logs written by {@link TestLogDir}. */
class LogServerTest {
    private static final Instant NOW = Instant.ofEpochSecond(TestLogDir.COSIGNED_AT + 90);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

    @TempDir
    Path root;
    private TestLogDir log1;
    private LogServer server;

    @BeforeEach
    void setUp() throws IOException {
        log1 = TestLogDir.write(root, 1, 70_000 / 100 + 3, 1); // 703 entries: full and partial tiles at level 0
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    private LogServer start(LogServerConfig config, LogHandler.Hook hook) {
        server = LogServer.start(LocalDirectoryStore.open(root), config, new PrintStream(logBytes, true),
                hook, Clock.fixed(NOW, ZoneOffset.UTC));
        return server;
    }

    private LogServer start() {
        return start(config(), LogHandler.NO_HOOK);
    }

    private static LogServerConfig config() {
        return LogServerConfig.defaults().withListen("127.0.0.1", 0).withPrefix("/ca")
                .withLimits(64, Duration.ofSeconds(1), 1 << 20, Duration.ZERO);
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return send("GET", path, headers);
    }

    private HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> getRoot(String path) throws Exception {
        URI u = URI.create("http://127.0.0.1:" + server.port() + path);
        return http.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse("<absent>");
    }

    @Test
    void urlIsThePrefixUrlWithTheRealPort() {
        start();
        assertTrue(server.port() > 0);
        assertEquals(URI.create("http://127.0.0.1:" + server.port() + "/ca"), server.url());
    }

    @Test
    void checkpointAndLandmarksAreTextWithShortCaching() throws Exception {
        start();
        for (String key : List.of("checkpoint", "landmarks")) {
            HttpResponse<byte[]> r = get("/1/" + key);
            assertEquals(200, r.statusCode(), key);
            assertArrayEquals(log1.objects.get(key), r.body(), key);
            assertEquals("text/plain; charset=utf-8", header(r, "content-type"), key);
            assertEquals("public, max-age=1", header(r, "cache-control"), key);
        }
    }

    @Test
    void everyTileAndBundleIsServedByteForByteWithImmutableCaching() throws Exception {
        start();
        int tiles = 0;
        for (Map.Entry<String, byte[]> o : log1.objects.entrySet()) {
            if (!o.getKey().startsWith("tile/")) {
                continue;
            }
            for (int pass = 0; pass < 2; pass++) { // the second pass is answered from the cache
                HttpResponse<byte[]> r = get("/1/" + o.getKey());
                assertEquals(200, r.statusCode(), o.getKey());
                assertArrayEquals(o.getValue(), r.body(), o.getKey());
                assertEquals("application/octet-stream", header(r, "content-type"));
                assertEquals("public, max-age=31536000, immutable", header(r, "cache-control"));
                assertEquals("<absent>", header(r, "content-encoding"));
            }
            tiles++;
        }
        // 703 entries: level 0 has 2 full tiles and a partial of 191, level 1 a partial of 2; bundles as level 0.
        assertEquals(7, tiles);
        assertTrue(log1.objects.containsKey("tile/0/002.p/191"));
        assertTrue(log1.objects.containsKey("tile/entries/002.p/191"));
        assertTrue(log1.objects.containsKey("tile/1/000.p/2"));
        assertEquals(7, server.cache().size());
    }

    @Test
    void bundlesAreGzippedWhenAcceptedAndTheRoundTripIsTheStoredBundle() throws Exception {
        start();
        for (String key : List.of("tile/entries/000", "tile/entries/002.p/191")) {
            for (int pass = 0; pass < 2; pass++) {
                HttpResponse<byte[]> r = get("/1/" + key, "Accept-Encoding", "gzip, identity");
                assertEquals(200, r.statusCode());
                assertEquals("gzip", header(r, "content-encoding"));
                assertEquals("Accept-Encoding", header(r, "vary"));
                assertEquals(Integer.toString(r.body().length), header(r, "content-length"));
                try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(r.body()))) {
                    assertArrayEquals(log1.objects.get(key), in.readAllBytes());
                }
            }
            HttpResponse<byte[]> identity = get("/1/" + key, "Accept-Encoding", "gzip;q=0, identity");
            assertEquals("<absent>", header(identity, "content-encoding"));
            assertEquals("Accept-Encoding", header(identity, "vary"));
            assertArrayEquals(log1.objects.get(key), identity.body());
        }
        // Hash tiles are random bytes: never compressed.
        assertEquals("<absent>", header(get("/1/tile/0/000", "Accept-Encoding", "gzip"), "content-encoding"));
    }

    @Test
    void acceptEncodingFollowsRfc9110Qualities() {
        assertFalse(LogHandler.acceptsGzip(null));
        assertFalse(LogHandler.acceptsGzip("identity"));
        assertFalse(LogHandler.acceptsGzip("br, deflate"));
        assertTrue(LogHandler.acceptsGzip("gzip"));
        assertTrue(LogHandler.acceptsGzip("br;q=1.0, GZIP;q=0.5"));
        assertTrue(LogHandler.acceptsGzip("*"));
        assertFalse(LogHandler.acceptsGzip("gzip;q=0"));
        assertFalse(LogHandler.acceptsGzip("gzip; q=0.000, *"));
        assertFalse(LogHandler.acceptsGzip("*;q=0"));
        assertTrue(LogHandler.acceptsGzip("x-gzip"));
    }

    @Test
    void whatDoesNotExistIs404() throws Exception {
        start();
        for (String p : List.of(
                "/1/tile/0/003",            // beyond the tree
                "/1/tile/0/002",            // the full tile of a partial one
                "/1/tile/0/002.p/190",      // a partial width the log never had
                "/1/tile/2/000.p/1",        // a level the tree does not reach
                "/1/tile/0/00",             // <N> not 3 digits
                "/1/tile/00/000",           // <L> with a leading zero
                "/1/tile/0/x000/000",       // zero padding beyond 3 digits
                "/1/tile/0/000.p/256",      // a width above 255
                "/1/tile/0/000.p/0",        // an empty partial tile
                "/1/tile/0/000.p/01",       // <W> with a leading zero
                "/1/tile/entries/000/",     // trailing slash
                "/1/tile/data/000",         // not a tlog-tiles resource
                "/1/tile/64/000",           // level above 63
                "/01/checkpoint",           // log number with a leading zero
                "/+1/checkpoint",
                "/1x/checkpoint",
                "/99999999999999999999/checkpoint", // above 2^63-1
                "/2/checkpoint",            // no such log
                "/1/",
                "/1",
                "/1/checkpoint/",
                "/1/CHECKPOINT",
                "/1/tile/0/000%2e")) {
            HttpResponse<byte[]> r = get(p);
            assertEquals(404, r.statusCode(), p);
            assertEquals("no-cache", header(r, "cache-control"), p);
        }
        assertEquals(404, getRoot("/").statusCode());
        assertEquals(404, getRoot("/1/checkpoint").statusCode()); // outside the prefix
        assertEquals(404, getRoot("/ca1/checkpoint").statusCode());
    }

    @Test
    void anEmptyTileIsNeverServedAndAMalformedOneIsAnError() throws Exception {
        TestLogDir.put(log1.dir, "tile/0/x001/000", new byte[0]);
        TestLogDir.put(log1.dir, "tile/0/x001/001", new byte[31]);
        TestLogDir.put(log1.dir, "tile/entries/x001/001", new byte[] {0, 5, 1});
        start();
        assertEquals(404, get("/1/tile/0/x001/000").statusCode());
        assertEquals(500, get("/1/tile/0/x001/001").statusCode());
        assertEquals(500, get("/1/tile/entries/x001/001").statusCode());
        server.close();
        String logs = logBytes.toString(StandardCharsets.UTF_8);
        assertTrue(logs.contains("\"event\":\"bad-object\",\"log\":1,\"path\":\"tile/0/x001/000\""), logs);
        assertTrue(logs.contains("empty tile"), logs);
    }

    @Test
    void headSendsTheHeadersWithoutTheBody() throws Exception {
        start();
        for (String key : List.of("tile/0/000", "tile/entries/000", "checkpoint")) {
            HttpResponse<byte[]> r = send("HEAD", "/1/" + key);
            assertEquals(200, r.statusCode(), key);
            assertEquals(0, r.body().length);
            assertEquals(Integer.toString(log1.objects.get(key).length), header(r, "content-length"), key);
        }
        HttpResponse<byte[]> gz = send("HEAD", "/1/tile/entries/000", "Accept-Encoding", "gzip");
        assertEquals("gzip", header(gz, "content-encoding"));
        assertEquals(404, send("HEAD", "/1/tile/0/009").statusCode());
    }

    @Test
    void otherMethodsAre405WithAllow() throws Exception {
        start();
        for (String m : List.of("POST", "PUT", "DELETE", "OPTIONS", "PATCH")) {
            for (String p : List.of("/1/checkpoint", "/1/tile/0/000", "/nothing")) {
                HttpResponse<byte[]> r = send(m, p);
                assertEquals(405, r.statusCode(), m + " " + p);
                assertEquals("GET, HEAD", header(r, "allow"));
            }
        }
    }

    @Test
    void companionTilesAreServedOnlyOnceTheCheckpointCoversThem() throws Exception {
        // log 1 has 703 entries: bundles 000, 001 full, 002.p/191
        byte[] one = {1, 2, 3};
        for (String key : List.of("tile/bootstrap/000", "tile/bootstrap/002.p/191", "tile/bootstrap/002.p/192",
                "tile/bootstrap/003", "issuer/" + "ab".repeat(32))) {
            TestLogDir.put(log1.dir, key, one);
        }
        start();
        for (String key : List.of("tile/bootstrap/000", "tile/bootstrap/002.p/191", "issuer/" + "ab".repeat(32))) {
            HttpResponse<byte[]> r = get("/1/" + key);
            assertEquals(200, r.statusCode(), key);
            assertArrayEquals(one, r.body(), key);
            assertEquals("public, max-age=31536000, immutable", header(r, "cache-control"), key);
        }
        // written ahead of the entries they parallel, which are not committed: the writer may still replace them
        for (String key : List.of("tile/bootstrap/002.p/192", "tile/bootstrap/003")) {
            assertEquals(404, get("/1/" + key).statusCode(), key);
        }
    }

    @Test
    void overloadIs429WithRetryAfter() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LogServerConfig c = config().withLimits(1, Duration.ofSeconds(7), 1 << 20, Duration.ZERO);
        start(c, path -> {
            if (path.endsWith("/1/checkpoint")) {
                entered.countDown();
                assertTrue(release.await(30, TimeUnit.SECONDS));
            }
        });
        CompletableFuture<HttpResponse<byte[]>> held = http.sendAsync(
                HttpRequest.newBuilder(URI.create(server.url() + "/1/checkpoint")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertTrue(entered.await(30, TimeUnit.SECONDS));
        for (String p : List.of("/1/tile/0/000", "/1/landmarks")) {
            HttpResponse<byte[]> r = get(p);
            assertEquals(429, r.statusCode(), p);
            assertEquals("7", header(r, "retry-after"));
        }
        // health and metrics answer outside the limit, so probes still see an overloaded server
        assertEquals(200, getRoot("/healthz").statusCode());
        awaitMetricsLine("mtc_log_http_requests_in_flight 1\n");
        release.countDown();
        HttpResponse<byte[]> r = held.get(30, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        assertArrayEquals(log1.objects.get("checkpoint"), r.body());
        // The permit is released once the server has finished the response, which may be just after the client
        // has it: wait (bounded) for the in-flight gauge, which /metrics answers outside the limit, to drop to 0.
        awaitMetricsLine("mtc_log_http_requests_in_flight 0\n");
        assertEquals(200, get("/1/tile/0/000").statusCode()); // the permit came back
        String metrics = new String(getRoot("/metrics").body(), StandardCharsets.UTF_8);
        assertTrue(metrics.contains("mtc_log_http_requests_total{code=\"429\"} 2\n"), metrics);
        assertTrue(metrics.contains("mtc_log_http_overload_rejections_total 2\n"), metrics);
    }

    /** Polls /metrics until it holds {@code line}, for at most 30 s; returns the text that held it. */
    private String awaitMetricsLine(String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String m = new String(getRoot("/metrics").body(), StandardCharsets.UTF_8);
            if (m.contains(line) || System.nanoTime() > deadline) {
                assertTrue(m.contains(line), m);
                return m;
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void metricsCountRequestsBytesTreeSizeAndCheckpointAge() throws Exception {
        TestLogDir.write(root, 5, 300, 5);
        start();
        long bytes = 0;
        bytes += get("/1/tile/0/000").body().length;
        bytes += get("/1/tile/0/000").body().length;
        bytes += get("/5/checkpoint").body().length;
        bytes += get("/1/tile/0/777").body().length;
        HttpResponse<byte[]> r = getRoot("/metrics");
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", header(r, "content-type"));
        String m = new String(r.body(), StandardCharsets.UTF_8);
        assertTrue(m.contains("# TYPE mtc_log_http_requests_total counter\n"), m);
        assertTrue(m.contains("mtc_log_http_requests_total{code=\"200\"} 3\n"), m);
        assertTrue(m.contains("mtc_log_http_requests_total{code=\"404\"} 1\n"), m);
        assertTrue(m.contains("mtc_log_http_response_bytes_total " + bytes + "\n"), m);
        assertTrue(m.contains("mtc_log_tree_size{log=\"1\"} 703\n"), m);
        assertTrue(m.contains("mtc_log_tree_size{log=\"5\"} 300\n"), m);
        // The CA's subtree/v1 cosignature is timestamped COSIGNED_AT; the clock says 90 s later.
        assertTrue(m.contains("mtc_log_checkpoint_age_seconds{log=\"1\"} 90.0\n"), m);
        assertTrue(m.indexOf("log=\"1\"") < m.indexOf("log=\"5\""), m);
        for (String line : m.split("\n")) {
            assertTrue(line.startsWith("# HELP ") || line.startsWith("# TYPE ")
                    || line.matches("[a-z_]+(\\{[a-z]+=\"[0-9]+\"\\})? [0-9.]+"), line);
        }
    }

    @Test
    void healthIsOkWhenEveryLogHasACheckpoint() throws Exception {
        TestLogDir.write(root, 5, 1, 5);
        start();
        HttpResponse<byte[]> r = getRoot("/healthz");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", header(r, "content-type"));
        assertEquals("no-store", header(r, "cache-control"));
        assertEquals("{\"status\":\"ok\",\"logs\":[{\"log\":1,\"tree_size\":703},{\"log\":5,\"tree_size\":1}]}\n",
                new String(r.body(), StandardCharsets.UTF_8));
        Files.delete(log1.dir.resolve("checkpoint"));
        HttpResponse<byte[]> down = getRoot("/healthz");
        assertEquals(503, down.statusCode());
        assertEquals("{\"status\":\"unavailable\",\"logs\":[{\"log\":5,\"tree_size\":1}],"
                + "\"problems\":[\"log 1: no checkpoint\"]}\n", new String(down.body(), StandardCharsets.UTF_8));
        assertEquals(404, get("/1/checkpoint").statusCode());
        TestLogDir.put(log1.dir, "checkpoint", "not a note".getBytes(StandardCharsets.UTF_8));
        assertTrue(new String(getRoot("/healthz").body(), StandardCharsets.UTF_8)
                .contains("\"log 1: the checkpoint does not parse\""));
    }

    @Test
    void healthAndMetricsAreServedWithAnEmptyPrefixBesideTheLogs() throws Exception {
        start(config().withPrefix(""), LogHandler.NO_HOOK);
        assertEquals(200, getRoot("/healthz").statusCode());
        HttpResponse<byte[]> m = getRoot("/metrics");
        assertEquals(200, m.statusCode());
        assertTrue(new String(m.body(), StandardCharsets.UTF_8).contains("mtc_log_tree_size{log=\"1\"} 703"));
        assertArrayEquals(log1.objects.get("checkpoint"), getRoot("/1/checkpoint").body());
        assertEquals(404, getRoot("/healthz/x").statusCode());
    }

    @Test
    void aNewCheckpointIsServedOnceRefreshed() throws Exception {
        start();
        assertArrayEquals(log1.objects.get("checkpoint"), get("/1/checkpoint").body());
        byte[] next = TestLogDir.checkpoint(1, 703, new byte[32]);
        TestLogDir.put(log1.dir, "checkpoint", next);
        assertArrayEquals(next, get("/1/checkpoint").body()); // checkpointRefresh is zero here
        TestLogDir.write(root, 3, 2, 3); // a log created while serving
        assertEquals(200, get("/3/tile/entries/000.p/2").statusCode());
    }

    @Test
    void accessLogIsOneJsonLinePerRequest() throws Exception {
        start();
        get("/1/tile/0/000?x=%221%22");
        get("/1/tile/0/xyz");
        server.close();
        List<String> lines = logBytes.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("\"event\":\"request\"")).toList();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("\\{\"ts\":\"[^\"]+\",\"level\":\"info\",\"event\":\"request\",\"method\":\"GET\","
                + "\"path\":\"/ca/1/tile/0/000\\?x=%221%22\",\"status\":200,\"bytes\":8192,\"micros\":[0-9]+,"
                + "\"remote\":\"127.0.0.1\"}"), lines.get(0));
        assertTrue(lines.get(1).contains("\"status\":404,\"bytes\":10,"), lines.get(1));
    }

    @Test
    void startFailsClearlyWhenThePortIsTaken() {
        start();
        LogServerConfig taken = config().withListen("127.0.0.1", server.port());
        LogServerException e = assertThrows(LogServerException.class, () -> LogServer.start(
                LocalDirectoryStore.open(root), taken, new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + server.port()), e.getMessage());
    }

    @Test
    void configRejectsBadValuesNamingTheField() {
        LogServerConfig d = LogServerConfig.defaults();
        for (String bad : List.of("ca", "/ca/", "/", "/a//b", "/a/../b", "/a b", "/metrics", "/healthz/x")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.withPrefix(bad), bad);
            assertTrue(e.getMessage().startsWith("prefix '" + bad + "'"), e.getMessage());
        }
        assertEquals("/a/b-c/d.e", d.withPrefix("/a/b-c/d.e").prefix());
        assertEquals("::1", d.withListen("[::1]", 0).host());
        assertThrows(IllegalArgumentException.class, () -> d.withListen("h", 65536));
        assertThrows(IllegalArgumentException.class, () -> d.withLimits(0, Duration.ofSeconds(1), 0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> d.withLimits(1, Duration.ofMillis(999), 0, Duration.ZERO));
    }
}
