package io.mtc4j.conformance.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.conformance.log.CheckResult.Status;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MerkleHash;
import io.mtc4j.spec.tiles.TileBuilder;
import io.mtc4j.spec.tiles.TileFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link LogChecker} against logs built by mtc4j, intact and broken one way at a time. */
class LogCheckerTest {
    private static final String PREFIX = "/ca";
    private static final String LOG = PREFIX + "/1";
    private FakeLogServer server;
    private ByteArrayOutputStream progress;

    @BeforeEach
    void start() throws Exception {
        server = new FakeLogServer();
        progress = new ByteArrayOutputStream();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String caUrl() {
        return server.base() + PREFIX;
    }

    private TestLog serve(int size, List<Long> landmarks) {
        TestLog log = TestLog.of(TestLog.sampleEntries(size), caUrl(), landmarks);
        log.serve(server, LOG, true);
        return log;
    }

    private LogReport check(TestLog log, LogChecker.Options o) {
        return LogChecker.check(log.caPem(), o, new PrintStream(progress, true, StandardCharsets.UTF_8));
    }

    private LogReport check(TestLog log) {
        return check(log, LogChecker.Options.of(caUrl()));
    }

    private static Status status(LogReport r, String check) {
        return r.result(check).orElseThrow(() -> new AssertionError("no result " + check + " in " + lines(r)))
                .status();
    }

    private static String lines(LogReport r) {
        return r.results().stream().map(CheckResult::line).collect(Collectors.joining("\n"));
    }

    private static void assertStatus(Status want, LogReport r, String... checks) {
        for (String c : checks) {
            assertEquals(want, status(r, c), () -> c + " in\n" + lines(r));
        }
    }

    private static void assertAllPass(LogReport r) {
        for (CheckResult c : r.results()) {
            assertEquals(Status.PASS, c.status(), () -> c.line() + "\n--- all:\n" + lines(r));
        }
        assertTrue(r.passed());
    }

    private static final List<String> ALL_CHECKS = List.of("ca-certificate", "ca-prefix-url", "checkpoint-fetch",
            "checkpoint-content-type", "checkpoint-parse", "checkpoint-extension-lines", "checkpoint-origin",
            "checkpoint-ca-signature", "checkpoint-other-signatures", "tiles-fetch", "tiles-width", "tiles-root",
            "tiles-full-consistency", "tiles-content-type", "entries-bundles", "entries-leaf-hashes", "entries-parse",
            "entries-issuer", "landmarks-served", "landmarks-parse", "landmarks-sizes", "landmarks-subtrees");

    @Test
    void ourLogPassesEveryCheck() {
        TestLog log = serve(700, List.of(0L, 100L, 356L, 700L));
        LogReport r = check(log);
        assertAllPass(r);
        assertEquals(ALL_CHECKS, r.results().stream().map(CheckResult::check).sorted(
                (a, b) -> ALL_CHECKS.indexOf(a) - ALL_CHECKS.indexOf(b)).toList(), "one result per check");
        assertEquals(ALL_CHECKS.size(), r.results().size());
        assertEquals(699L, r.counts().get("tbs_cert_entry"));
        assertEquals(1L, r.counts().get("null_entry"));
        assertEquals(700L, r.counts().get("entries_checked"));
        assertEquals(3L, r.counts().get("landmarks_active"));
        assertEquals(TestLog.origin(), r.origin().orElseThrow());
        assertEquals(700L, r.treeSize().orElseThrow());
        assertFalse(r.demoCompatUsed());
        assertTrue(r.result("checkpoint-other-signatures").orElseThrow().detail()
                .contains("1 unknown signature(s) ignored: witness.example/w1"));
        assertTrue(r.result("checkpoint-ca-signature").orElseThrow().detail().contains("timestamp 1767225600"));
        assertTrue(r.result("landmarks-subtrees").orElseThrow().detail().startsWith("6 active landmark subtree"));
        // tlog-tiles §"Partial Tiles": only the partial tiles a size-700 tree needs were requested; all under /ca/1/
        List<String> req = server.requested();
        assertTrue(req.stream().allMatch(s -> s.startsWith("GET " + LOG + "/")), req::toString);
        List<String> partials = req.stream().filter(s -> s.contains(".p/")).sorted().distinct().toList();
        assertEquals(List.of("GET /ca/1/tile/0/002.p/188", "GET /ca/1/tile/1/000.p/2", "GET /ca/1/tile/entries/002.p/188"),
                partials);
        assertEquals(req.size(), req.stream().distinct().count(), "each resource fetched once: " + req);
        assertEquals(req.size(), r.requests());
        String p = progress.toString(StandardCharsets.UTF_8);
        assertTrue(p.contains("log: entries 700/700 (3/3 bundles)"), p);
    }

    @Test
    void anEmptyLogPassesWithNothingToFetch() {
        TestLog log = serve(0, List.of());
        LogReport r = check(log);
        assertTrue(r.passed(), () -> lines(r));
        assertStatus(Status.PASS, r, "tiles-root", "checkpoint-ca-signature", "tiles-fetch");
        assertStatus(Status.SKIP, r, "tiles-full-consistency", "entries-bundles", "entries-parse");
        assertStatus(Status.WARN, r, "landmarks-served");
        assertEquals(List.of("GET /ca/1/checkpoint", "GET /ca/1/landmarks"), server.requested());
        assertTrue(Arrays.equals(MerkleHash.emptyHash(HashFunction.sha256()), log.root));
    }

    @Test
    void maxEntriesBoundsTheWorkOnALogWithFullLevelOneTiles() {
        int size = 65536 + 300;
        List<byte[]> entries = new ArrayList<>(Collections.nCopies(size, TestLog.sampleEntries(1).get(0)));
        List<byte[]> sample = TestLog.sampleEntries(700);
        for (int i = 0; i < sample.size(); i++) {
            entries.set(i, sample.get(i));
        }
        TestLog log = TestLog.of(entries, caUrl(), List.of(0L, 65000L, 65536L));
        log.serve(server, LOG, false);
        LogReport r = check(log, LogChecker.Options.of(caUrl()).withMaxEntries(600));
        assertAllPass(r);
        // level 0: 3 of 257 full tiles; level 1: 1 of 1
        assertEquals("checked 4 of 258 full tiles; each hashes to its parent hash",
                r.result("tiles-full-consistency").orElseThrow().detail());
        assertEquals(768L, r.counts().get("entries_checked"));
        assertTrue(r.result("entries-bundles").orElseThrow().detail().contains("the first 600 of 65836 entries"));
        assertTrue(server.requested().size() < 30, () -> server.requested().toString());
    }

    @Test
    void aGonePartialTileFallsBackToTheFullTile() {
        // the log grew from 700 to 800 entries: the size-700 partial tiles are gone, full tile 0/002 exists
        List<byte[]> entries = TestLog.sampleEntries(800);
        TestLog at700 = TestLog.of(entries.subList(0, 700), caUrl(), List.of());
        TileBuilder b = new TileBuilder(HashFunction.sha256());
        for (byte[] e : entries) {
            for (TileFile f : b.appendEntry(e)) {
                server.put(LOG + "/" + f.path().path(), f.data(), FakeLogServer.OCTETS);
            }
        }
        for (TileFile f : b.partialTiles()) {
            server.put(LOG + "/" + f.path().path(), f.data(), FakeLogServer.OCTETS);
        }
        // level 1 has no full tile yet, so the log still serves the size-700 level-1 partial tile
        server.put(LOG + "/tile/1/000.p/2", at700.tiles.get("tile/1/000.p/2"), FakeLogServer.OCTETS);
        server.put(LOG + "/checkpoint", at700.checkpoint(), FakeLogServer.TEXT);
        LogReport r = check(at700);
        assertTrue(r.passed(), () -> lines(r));
        assertStatus(Status.PASS, r, "tiles-root", "tiles-fetch", "entries-bundles", "entries-leaf-hashes");
        assertTrue(r.result("tiles-fetch").orElseThrow().detail().contains("tile/0/002.p/188 -> tile/0/002"),
                () -> lines(r));
    }

    /** Builds a fresh 700-entry log, breaks it with {@code breaker}, and returns the report. */
    private LogReport broken(Consumer<TestLog> breaker) {
        TestLog log = serve(700, List.of(0L, 100L, 356L, 700L));
        breaker.accept(log);
        LogReport r = check(log);
        assertFalse(r.passed(), () -> lines(r));
        return r;
    }

    private void flip(String path, int offset) {
        FakeLogServer.Resource res = server.get(path);
        byte[] b = res.body();
        b[offset] ^= 0x01;
        server.put(path, new FakeLogServer.Resource(res.status(), b, res.contentType(), res.gzip()));
    }

    @Test
    void aTamperedFullTileByteIsDetected() {
        LogReport r = broken(log -> flip(LOG + "/tile/0/001", 5 * 32 + 3));
        assertStatus(Status.FAIL, r, "tiles-full-consistency", "entries-leaf-hashes");
        assertStatus(Status.PASS, r, "tiles-root", "checkpoint-ca-signature", "tiles-width", "entries-bundles");
        assertTrue(r.result("tiles-full-consistency").orElseThrow().detail()
                .contains("tile/0/001 does not hash to tile/1/000.p/2[1]"), () -> lines(r));
        assertTrue(r.result("entries-leaf-hashes").orElseThrow().detail().contains("entry 261 (tile/entries/001[5])"),
                () -> lines(r));
    }

    @Test
    void aTamperedPartialTileByteBreaksTheRoot() {
        LogReport r = broken(log -> flip(LOG + "/tile/1/000.p/2", 40));
        assertStatus(Status.FAIL, r, "tiles-root", "tiles-full-consistency");
    }

    @Test
    void aWrongRootIsDetected() {
        LogReport r = broken(log -> {
            byte[] root = log.root.clone();
            root[0] ^= (byte) 0x80;
            server.put(LOG + "/checkpoint", TestLog.checkpoint(TestLog.origin(), log.size, root, true),
                    FakeLogServer.TEXT);
        });
        assertStatus(Status.PASS, r, "checkpoint-ca-signature", "checkpoint-origin", "tiles-full-consistency");
        assertStatus(Status.FAIL, r, "tiles-root");
        assertTrue(r.result("tiles-root").orElseThrow().detail().contains("!= checkpoint root"));
    }

    @Test
    void aTruncatedBundleIsDetected() {
        LogReport r = broken(log -> {
            byte[] b = log.tiles.get("tile/entries/001");
            server.put(LOG + "/tile/entries/001", Arrays.copyOf(b, b.length - 1), FakeLogServer.OCTETS);
        });
        assertStatus(Status.FAIL, r, "entries-bundles");
        assertStatus(Status.PASS, r, "tiles-root", "tiles-full-consistency", "entries-leaf-hashes");
        assertTrue(r.result("entries-bundles").orElseThrow().detail().startsWith("1 of 3 bundle(s) bad: tile/entries/001"),
                () -> lines(r));
    }

    @Test
    void aBundleWithTheWrongWidthIsDetected() {
        LogReport r = broken(log -> server.put(LOG + "/tile/entries/002.p/188", log.tiles.get("tile/entries/001"),
                FakeLogServer.OCTETS));
        assertStatus(Status.FAIL, r, "entries-bundles");
        assertTrue(r.result("entries-bundles").orElseThrow().detail().contains("needs 188"), () -> lines(r));
    }

    @Test
    void aTileOfTheWrongLengthIsDetected() {
        LogReport r = broken(log -> {
            byte[] t = log.tiles.get("tile/0/000");
            server.put(LOG + "/tile/0/000", Arrays.copyOf(t, t.length + 32), FakeLogServer.OCTETS);
        });
        assertStatus(Status.FAIL, r, "tiles-width", "tiles-full-consistency");
        assertTrue(r.result("tiles-width").orElseThrow().detail().contains("tile/0/000: 8224 bytes, want 8192"));
    }

    @Test
    void aMissingTileIsDetected() {
        LogReport r = broken(log -> server.remove(LOG + "/tile/0/002.p/188"));
        assertStatus(Status.FAIL, r, "tiles-fetch", "tiles-root");
        assertTrue(r.result("tiles-fetch").orElseThrow().detail().contains("tile/0/002.p/188: HTTP 404"));
    }

    @Test
    void badLandmarksAreDetected() {
        String[][] cases = {
            {"3 3\n700\n100\n356\n0\n", "landmarks-parse"},   // not strictly decreasing (E24)
            {"3 3\n700\n356\n100\n0", "landmarks-parse"},     // no final newline (E22)
            {"2 3\n700\n356\n100\n0\n", "landmarks-parse"},   // num_active > last_landmark (E23)
            {"4 3\n900\n700\n356\n100\n", "landmarks-sizes"}, // beyond the checkpoint size (E24)
        };
        for (String[] c : cases) {
            LogReport r = broken(log -> server.put(LOG + "/landmarks", c[0].getBytes(StandardCharsets.US_ASCII),
                    FakeLogServer.TEXT));
            assertStatus(Status.FAIL, r, c[1]);
            assertTrue(r.results().stream().filter(x -> x.status() == Status.FAIL)
                    .allMatch(x -> x.check().startsWith("landmarks-")), () -> c[0] + "\n" + lines(r));
            stop();
            try {
                start();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void tooManyActiveLandmarksForTheGivenMaximumIsDetected() {
        TestLog log = serve(700, List.of(0L, 100L, 356L, 700L));
        LogReport r = check(log, LogChecker.Options.of(caUrl()).withMaxActiveLandmarks(2));
        assertStatus(Status.FAIL, r, "landmarks-sizes");
        assertTrue(r.result("landmarks-sizes").orElseThrow().detail().contains("exceeds max_active_landmarks 2"));
    }

    @Test
    void aWrongOriginIsDetected() {
        LogReport r = broken(log -> server.put(LOG + "/checkpoint", TestLog.checkpoint(
                TestLog.CA.logId(2).tlogName(), log.size, log.root, true), FakeLogServer.TEXT));
        assertStatus(Status.FAIL, r, "checkpoint-origin");
        assertTrue(r.result("checkpoint-origin").orElseThrow().detail().contains("want 'oid/1.3.6.1.4.1.32473.1.0.1'"));
        assertEquals(1, r.totals().get(Status.FAIL), () -> lines(r));
    }

    @Test
    void aMissingCaSignatureIsDetectedAndNoTileIsFetched() {
        LogReport r = broken(log -> server.put(LOG + "/checkpoint", TestLog.checkpoint(TestLog.origin(), log.size,
                log.root, false), FakeLogServer.TEXT));
        assertStatus(Status.FAIL, r, "checkpoint-ca-signature");
        assertTrue(r.result("checkpoint-ca-signature").orElseThrow().detail()
                .startsWith("no signature named oid/1.3.6.1.4.1.32473.1"), () -> lines(r));
        assertStatus(Status.SKIP, r, "tiles-root", "entries-bundles", "landmarks-subtrees");
        assertStatus(Status.PASS, r, "landmarks-parse", "landmarks-sizes");
        assertTrue(server.requested().stream().noneMatch(s -> s.contains("/tile/")), server.requested()::toString);
    }

    @Test
    void aSignatureByAnotherKeyUnderTheCaNameIsDetected() {
        LogReport r = broken(log -> server.put(LOG + "/checkpoint", TestLog.checkpointSignedByAnotherKey(
                TestLog.origin(), log.size, log.root), FakeLogServer.TEXT));
        assertStatus(Status.FAIL, r, "checkpoint-ca-signature");
        assertTrue(r.result("checkpoint-ca-signature").orElseThrow().detail().contains("the CA certificate key gives"));
    }

    @Test
    void aBadCheckpointIsDetected() {
        LogReport r = broken(log -> server.put(LOG + "/checkpoint", "not a note\n".getBytes(StandardCharsets.UTF_8),
                FakeLogServer.TEXT));
        assertStatus(Status.FAIL, r, "checkpoint-parse");
        assertStatus(Status.SKIP, r, "checkpoint-origin", "tiles-root");
        LogReport r2 = broken(log -> server.put(LOG + "/checkpoint", log.checkpoint(), "text/html"));
        assertStatus(Status.FAIL, r2, "checkpoint-content-type");
        assertEquals(1, r2.totals().get(Status.FAIL), () -> lines(r2));
        LogReport r3 = broken(log -> server.remove(LOG + "/checkpoint"));
        assertStatus(Status.FAIL, r3, "checkpoint-fetch");
    }

    @Test
    void aBadCaCertificateIsReported() {
        TestLog log = serve(10, List.of());
        LogReport r = LogChecker.check("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
                .getBytes(StandardCharsets.US_ASCII), LogChecker.Options.of(caUrl()), new PrintStream(progress));
        assertStatus(Status.FAIL, r, "ca-certificate");
        assertStatus(Status.SKIP, r, "checkpoint-ca-signature", "tiles-root");
        assertFalse(log.tiles.isEmpty());
    }

    @Test
    void aPrefixUrlMismatchIsAWarning() {
        TestLog log = TestLog.of(TestLog.sampleEntries(5), "https://ca.example/mtc", List.of(0L, 5L));
        log.serve(server, LOG, false);
        LogReport r = check(log);
        assertStatus(Status.WARN, r, "ca-prefix-url");
        assertTrue(r.passed());
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void aPreviousCheckpointIsCheckedForConsistency() {
        TestLog log = serve(700, List.of());
        byte[] root500 = TestLog.of(TestLog.sampleEntries(500), caUrl(), List.of()).root;
        LogReport ok = check(log, LogChecker.Options.of(caUrl()).withPreviousCheckpoint(
                text(TestLog.checkpoint(TestLog.origin(), 500, root500, true))));
        assertStatus(Status.PASS, ok, "checkpoint-consistency");
        assertTrue(ok.passed(), () -> lines(ok));
        LogReport same = check(log, LogChecker.Options.of(caUrl()).withPreviousCheckpoint(text(log.checkpoint())));
        assertStatus(Status.PASS, same, "checkpoint-consistency");

        byte[] wrong = root500.clone();
        wrong[31] ^= 1;
        String[][] bad = {
            {text(TestLog.checkpoint(TestLog.origin(), 500, wrong, true)), "inconsistent checkpoints"},
            {text(TestLog.checkpoint(TestLog.origin(), 701, wrong, true)), "went backwards"},
            {text(TestLog.checkpoint(TestLog.origin(), 500, root500, false)), "no valid CA cosignature"},
            {text(TestLog.checkpoint(TestLog.CA.logId(2).tlogName(), 500, root500, true)), "for origin"},
            {"garbage", "previous checkpoint: "},
        };
        for (String[] c : bad) {
            LogReport r = check(log, LogChecker.Options.of(caUrl()).withPreviousCheckpoint(c[0]));
            assertStatus(Status.FAIL, r, "checkpoint-consistency");
            assertTrue(r.result("checkpoint-consistency").orElseThrow().detail().contains(c[1]), () -> lines(r));
            assertEquals(1, r.totals().get(Status.FAIL), () -> lines(r));
        }
    }

    @Test
    void optionsAndUrlsAreValidated() {
        assertEquals("http://127.0.0.1:1/x", LogChecker.normalizePrefix("http://127.0.0.1:1/x/"));
        for (String bad : List.of("ftp://h/x", "/relative", "http://h/x?q=1", "not a url")) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> LogChecker.normalizePrefix(bad), bad);
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LogChecker.Options.of("http://h").withLogNumber(0));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LogChecker.Options.of("http://h").withMaxEntries(-1));
    }
}
