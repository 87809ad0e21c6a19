package io.mtc4j.log.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mtc4j.log.storage.LogStorage;
import io.mtc4j.log.storage.s3pg.S3PgConfig;
import io.mtc4j.log.storage.s3pg.S3PgLogStore;
import io.mtc4j.log.storage.s3pg.TestServers;
import io.mtc4j.spec.tiles.TilePath;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server over the S3 + PostgreSQL back end (PostgreSQL and S3Proxy from {@code .ci/services}; skipped locally
 * without them, a failure under {@code CI=true}): a log written through that back end's writer is served byte
 * for byte.
 */
class LogServerS3PgTest {
    @TempDir
    Path tmp;
    private S3PgConfig config;

    @AfterEach
    void dropSchema() {
        TestServers.dropSchema(config);
    }

    @Test
    void servesALogKeptInS3AndPostgres() throws Exception {
        config = TestServers.freshConfig(Duration.ofSeconds(15));
        TestLogDir log = TestLogDir.write(tmp, 2, 600, 2); // the objects to store; the directory is not served
        try (S3PgLogStore store = S3PgLogStore.open(config)) {
            try (LogStorage w = store.openWriter(2)) {
                for (Map.Entry<String, byte[]> o : log.objects.entrySet()) {
                    if (o.getKey().startsWith("tile/")) {
                        w.writeTile(TilePath.parse(o.getKey()), o.getValue());
                    }
                }
                w.writeLandmarks(log.objects.get("landmarks"));
                w.commit(0, log.size, log.root, log.objects.get("checkpoint"));
            }
            try (LogServer server = LogServer.start(store, LogServerConfig.defaults().withListen("127.0.0.1", 0)
                    .withPrefix("/s3"), new PrintStream(new ByteArrayOutputStream()))) {
                HttpClient http = HttpClient.newHttpClient();
                for (Map.Entry<String, byte[]> o : log.objects.entrySet()) {
                    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(
                            URI.create(server.url() + "/2/" + o.getKey())).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    assertEquals(200, r.statusCode(), o.getKey());
                    assertArrayEquals(o.getValue(), r.body(), o.getKey());
                }
                assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(server.url() + "/2/tile/0/005"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
                assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(server.url() + "/3/checkpoint"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
            }
        }
    }
}
