package io.mtc4j.log.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mtc4j.spec.tiles.TilePath;
import java.io.ByteArrayInputStream;
import io.mtc4j.log.storage.LocalDirectoryStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * For random logs, every object the server sends is the stored one: each tile and bundle path (full and partial,
 * gzip and identity), the checkpoint and the landmarks; and the tiles a tree of that size has no room for are 404.
 */
class ServedTilesProperties {
    private static Path root;
    private static LogServer server;
    private static final AtomicLong NEXT_LOG = new AtomicLong(1);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeContainer
    static void start() throws IOException {
        root = Files.createTempDirectory("served-tiles");
        server = LogServer.start(LocalDirectoryStore.open(root), LogServerConfig.defaults().withListen("127.0.0.1", 0)
                .withPrefix("/p").withLimits(64, Duration.ofSeconds(1), 4 << 20, Duration.ZERO).withAccessLog(false),
                new PrintStream(new ByteArrayOutputStream()));
    }

    @AfterContainer
    static void stop() throws IOException {
        server.close();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Property(tries = 25)
    void everyServedObjectIsTheStoredOne(@ForAll @IntRange(min = 1, max = 1500) int size,
            @ForAll long seed) throws Exception {
        long n = NEXT_LOG.getAndIncrement();
        TestLogDir log = TestLogDir.write(root, n, size, seed);
        for (Map.Entry<String, byte[]> o : log.objects.entrySet()) {
            HttpResponse<byte[]> r = get(n + "/" + o.getKey(), "identity");
            assertEquals(200, r.statusCode(), o.getKey());
            assertArrayEquals(o.getValue(), r.body(), o.getKey());
            if (o.getKey().startsWith("tile/entries/")) {
                HttpResponse<byte[]> gz = get(n + "/" + o.getKey(), "gzip");
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
                    assertArrayEquals(o.getValue(), in.readAllBytes(), o.getKey());
                }
            }
        }
        // The rightmost tile of level 0 one step further (full or the next partial width) was never written.
        long full = size / TilePath.FULL_WIDTH;
        int w = size % TilePath.FULL_WIDTH;
        TilePath beyond = w == TilePath.FULL_WIDTH - 1 ? TilePath.hashTile(0, full, TilePath.FULL_WIDTH)
                : TilePath.hashTile(0, full, w + 1);
        assertEquals(404, get(n + "/" + beyond.path(), "identity").statusCode(), beyond.path());
    }

    private static HttpResponse<byte[]> get(String path, String encoding) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/" + path))
                .header("Accept-Encoding", encoding).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
