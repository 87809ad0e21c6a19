package io.mtc4j.conformance.logcmd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.cli.Main;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Signer;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.NoteSigner;
import io.mtc4j.spec.note.SignedNote;
import io.mtc4j.spec.tiles.TileBuilder;
import io.mtc4j.spec.tiles.TileFile;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mtc log serve} in a child JVM: prints {@code log: <URL>}, serves over loopback, stops on SIGTERM. */
class ServeCommandTest {
    private static final Signer LOG_KEY = Keys.generate(SignatureAlgorithm.ED25519,
            new java.security.SecureRandom(new byte[] {7}), SigningMode.DETERMINISTIC);

    @TempDir
    Path dir;
    private byte[] checkpoint;

    /** Log 1 of 300 one-byte entries in {@code dir/1/}: one full level-0 tile and bundle, their partials. */
    private TileFile writeLog() throws IOException {
        TileBuilder b = new TileBuilder(HashFunction.sha256());
        List<TileFile> files = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            files.addAll(b.appendEntry(new byte[] {(byte) i}));
        }
        files.addAll(b.partialTiles());
        for (TileFile f : files) {
            put("1/" + f.path().path(), f.data());
        }
        checkpoint = SignedNote.sign(new Checkpoint("example.com/log", b.size(), b.rootHash()).format(),
                List.of(NoteSigner.ed25519("example.com/log", LOG_KEY))).bytes();
        put("1/checkpoint", checkpoint);
        return files.get(0);
    }

    private void put(String key, byte[] data) throws IOException {
        Path p = dir.resolve(key);
        Files.createDirectories(p.getParent());
        Files.write(p, data);
    }

    @Test
    void servesUntilSigtermAndPrintsThePrefixUrl() throws Exception {
        TileFile first = writeLog();
        Path config = dir.resolve("serve.json");
        Files.writeString(config, "{\"prefix\": \"/from-file\", \"listen\": \"127.0.0.1:1\", \"cacheBytes\": 1048576,"
                + " \"maxConcurrentRequests\": 8, \"retryAfterSeconds\": 2, \"accessLog\": true}");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "log", "serve", dir.toString(), "--config", config.toString(),
                "--listen", "127.0.0.1:0", "--prefix", "/mtc").redirectError(dir.resolve("stderr").toFile()).start();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = stdout.readLine();
            assertTrue(line != null && line.matches("log: http://127\\.0\\.0\\.1:[0-9]+/mtc"), String.valueOf(line));
            URI url = URI.create(line.substring("log: ".length()));
            assertNotEquals(0, url.getPort()); // the real port, not 0; --listen overrode the file's
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<byte[]> cp = http.send(HttpRequest.newBuilder(URI.create(url + "/1/checkpoint")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, cp.statusCode());
            assertArrayEquals(checkpoint, cp.body());
            HttpResponse<byte[]> tile = http.send(HttpRequest.newBuilder(
                    URI.create(url + "/1/" + first.path().path())).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, tile.statusCode());
            assertArrayEquals(first.data(), tile.body());
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + url.getPort() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String err = Files.readString(dir.resolve("stderr"));
            assertTrue(err.contains("\"event\":\"request\",\"method\":\"GET\",\"path\":\"/mtc/1/checkpoint\","
                    + "\"status\":200"), err);
            assertTrue(err.contains("\"event\":\"stopped\""), err);
            assertTrue(err.lines().allMatch(l -> l.startsWith("{\"ts\":")), err);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void badConfigurationIsAUsageErrorNamingTheField() throws Exception {
        writeLog();
        Path config = dir.resolve("serve.json");
        Files.writeString(config, "{\"listen\": \"127.0.0.1:0\", \"cacheSize\": 1}");
        assertUsage("unknown field \"cacheSize\"", "serve", dir.toString(), "--config", config.toString());
        Files.writeString(config, "{\"maxConcurrentRequests\": 0}");
        assertUsage("maxConcurrentRequests 0 must be at least 1", "serve", dir.toString(), "--config",
                config.toString());
        assertUsage("--listen 'localhost' must be HOST:PORT", "serve", dir.toString(), "--listen", "localhost");
        assertUsage("prefix 'mtc' must be empty or start with '/'", "serve", dir.toString(), "--prefix", "mtc");
        assertUsage("missing DIR or --storage", "serve");
        assertUsage("does not exist", "serve", dir.resolve("nope").toString());
        assertUsage("unknown scheme", "serve", "--storage", "gopher://x/y");
    }

    private static void assertUsage(String expected, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of("log"));
        argv.addAll(List.of(args));
        int rc = Main.run(argv, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, rc, e);
        assertTrue(e.contains(expected), e);
    }
}
