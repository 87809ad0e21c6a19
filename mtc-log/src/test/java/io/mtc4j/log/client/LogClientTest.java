package io.mtc4j.log.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.log.client.LogClientException.Check;
import io.mtc4j.log.storage.DirectoryLogObjects;
import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.merkle.Rfc9162Proofs;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.note.Checkpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** {@link LogClient} against honest and malicious logs served by a real HTTP server on loopback. */
class LogClientTest {
    private static final String P = "/log";
    private LoopbackServer server;
    private final List<Duration> slept = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpLogTransport transport(int attempts, Duration timeout) {
        return HttpLogTransport.builder(server.base() + P).maxAttempts(attempts).requestTimeout(timeout)
                .sleeper(slept::add).build();
    }

    private LogClient client() {
        return LogClient.builder(transport(3, Duration.ofSeconds(20))).verifiers(List.of(TestLogs.CA, TestLogs.WITNESS))
                .policy(CheckpointPolicy.signedBy(TestLogs.CA)).origin(TestLogs.ORIGIN).build();
    }

    private TestLogs.Built serve(int n) {
        TestLogs.Built log = TestLogs.build(TestLogs.entries(n, 7));
        TestLogs.serve(server, P, log, true);
        return log;
    }

    private static LogClientException fails(Check check, Executable e) {
        LogClientException x = assertThrows(LogClientException.class, e);
        assertEquals(check, x.check(), x::getMessage);
        assertTrue(x.getMessage().startsWith(check.label() + " at "), x.getMessage());
        return x;
    }

    @Test
    void anHonestLogIsReadAndProven() {
        List<byte[]> entries = TestLogs.entries(700, 7);
        TestLogs.Built log = serve(700);
        LogClient c = client();
        Checkpoint cp = c.update();
        assertEquals(700, cp.size());
        // tlog-tiles §"Partial Tiles": only the partial tiles of the verified size were requested
        assertEquals(List.of("/log/checkpoint", "/log/tile/0/002.p/188", "/log/tile/1/000.p/2"),
                server.requested().stream().sorted().toList());

        EntryIterator it = c.entries(0, 700);
        int i = 0;
        while (it.hasNext()) {
            LogEntry e = it.next();
            assertEquals(i, e.index());
            assertArrayEquals(entries.get(i), e.entry());
            i++;
        }
        assertEquals(700, i);
        List<String> req = server.requested();
        assertEquals(req.size(), req.stream().distinct().count(), "each object fetched once: " + req);

        MemoryTree tree = MemoryTree.ofEntries(TestLogs.H, entries);
        Subtree s = new Subtree(256, 512);
        assertArrayEquals(SubtreeProofs.subtreeHash(tree, s), c.subtreeHash(s));
        assertEquals(SubtreeProofs.inclusionProof(tree, s, 300).size(), c.inclusionProof(s, 300).size());
        assertTrue(SubtreeProofs.verifyConsistencyProof(TestLogs.H, 700, s, c.consistencyProof(s),
                c.subtreeHash(s), log.root()));
        assertTrue(Rfc9162Proofs.verifyConsistency(TestLogs.H, 300, 700, SubtreeProofs.subtreeHash(tree,
                new Subtree(0, 300)), log.root(), c.consistencyProof(300)));
        fails(Check.BEYOND_CHECKPOINT, () -> c.entries(0, 701));
        fails(Check.BEYOND_CHECKPOINT, () -> c.subtreeHash(new Subtree(512, 768)));
    }

    @Test
    void aGrowingLogIsFollowedAndARollbackOrForkIsRefused() {
        List<byte[]> entries = TestLogs.entries(1000, 7);
        TestLogs.Built at500 = TestLogs.build(entries.subList(0, 500));
        TestLogs.Built at900 = TestLogs.build(entries.subList(0, 900));
        TestLogs.serve(server, P, at500, false);
        LogClient c = client();
        assertEquals(500, c.update().size());
        TestLogs.serve(server, P, at900, false);
        assertEquals(900, c.update().size());
        assertEquals(900, c.update().size(), "the same checkpoint again is fine");

        // rollback: the log serves its (validly signed, consistent) size-500 checkpoint again
        server.put(P + "/checkpoint", at500.objects().get("checkpoint"));
        LogClientException x = fails(Check.ROLLBACK, c::update);
        assertTrue(x.getMessage().contains(server.base() + "/log/checkpoint"), x.getMessage());
        assertTrue(x.detail().contains("went backwards"), x.detail());
        assertEquals(900, c.checkpoint().orElseThrow().size(), "the verified checkpoint stays");

        // fork at the same size: another root
        List<byte[]> other = new ArrayList<>(entries.subList(0, 900));
        other.set(3, new byte[] {1, 2, 3});
        TestLogs.Built forked = TestLogs.build(other);
        server.put(P + "/checkpoint", forked.objects().get("checkpoint"));
        fails(Check.FORK, c::update);

        // fork by extension: a larger tree whose prefix is not the verified tree
        List<byte[]> longer = new ArrayList<>(other);
        longer.addAll(entries.subList(900, 1000));
        TestLogs.Built forkedLonger = TestLogs.build(longer);
        TestLogs.serve(server, P, forkedLonger, false);
        assertTrue(fails(Check.FORK, c::update).detail().contains("inconsistent checkpoints"));
    }

    @Test
    void aTrustedCheckpointFromAnEarlierRunIsHonoured() {
        List<byte[]> entries = TestLogs.entries(600, 7);
        TestLogs.Built at600 = TestLogs.build(entries);
        TestLogs.serve(server, P, TestLogs.build(entries.subList(0, 300)), false);
        LogClient c = LogClient.builder(transport(1, Duration.ofSeconds(20))).verifiers(List.of(TestLogs.CA))
                .trusted(at600.checkpoint()).build();
        fails(Check.ROLLBACK, c::update);
    }

    @Test
    void badSignaturesAreRefusedBeforeAnyTileIsFetched() {
        TestLogs.Built log = serve(300);
        server.put(P + "/checkpoint", TestLogs.checkpoint(log.size(), log.root(), TestLogs.OTHER_KEY));
        fails(Check.CHECKPOINT_SIGNATURE, client()::update);
        assertEquals(List.of("/log/checkpoint"), server.requested(), "R21: no tile for an unverified checkpoint");

        // only the witness known, but the policy wants the CA: the acceptance rule is not met
        TestLogs.serve(server, P, log, false);
        LogClient witnessOnly = LogClient.builder(transport(1, Duration.ofSeconds(20)))
                .verifiers(List.of(TestLogs.WITNESS)).policy(CheckpointPolicy.atLeast(1, List.of(TestLogs.CA))).build();
        assertTrue(fails(Check.CHECKPOINT_SIGNATURE, witnessOnly::update).detail().contains("acceptance rule"));
        LogClient both = LogClient.builder(transport(1, Duration.ofSeconds(20)))
                .verifiers(List.of(TestLogs.CA, TestLogs.WITNESS))
                .policy(CheckpointPolicy.allOf(List.of(TestLogs.CA, TestLogs.WITNESS))).build();
        assertEquals(300, both.update().size());

        LogClient elsewhere = LogClient.builder(transport(1, Duration.ofSeconds(20))).verifiers(List.of(TestLogs.CA))
                .origin("oid/1.3.6.1.4.1.32473.1.0.2").build();
        fails(Check.CHECKPOINT_ORIGIN, elsewhere::update);
        server.put(P + "/checkpoint", "not a note\n".getBytes());
        fails(Check.CHECKPOINT_PARSE, client()::update);
    }

    @Test
    void tamperedTilesAndBundlesAreTypedErrors() {
        TestLogs.Built log = serve(700);
        byte[] t = log.objects().get("tile/0/001").clone();
        t[37] ^= 4;
        server.put(P + "/tile/0/001", t);
        LogClient c = client();
        c.update();
        LogClientException x = fails(Check.TILE_HASH, () -> c.tile(0, 1));
        assertEquals("tile/0/001 does not hash to tile/1/000.p/2[1]", x.detail());
        // the entries of that tile no longer match it
        assertTrue(fails(Check.LEAF_HASH, () -> c.entries(256, 300).next()).detail()
                .contains("entry 257 (tile/entries/001[1])"));

        byte[] p = log.objects().get("tile/1/000.p/2").clone();
        p[0] ^= 1;
        server.put(P + "/tile/1/000.p/2", p);
        fails(Check.ROOT, client()::update);

        TestLogs.serve(server, P, log, false);
        byte[] b = log.objects().get("tile/entries/000");
        server.put(P + "/tile/entries/000", Arrays.copyOf(b, b.length - 1));
        LogClient d = client();
        d.update();
        fails(Check.BUNDLE, () -> d.entries(0, 1).next());
        server.put(P + "/tile/entries/000", log.objects().get("tile/entries/001"));
        fails(Check.LEAF_HASH, () -> d.entries(0, 1).next());

        byte[] wide = Arrays.copyOf(log.objects().get("tile/0/000"), 8224);
        server.put(P + "/tile/0/000", wide);
        assertEquals("tile/0/000: 8224 bytes, want 8192 (256 hashes)", fails(Check.TILE_WIDTH, () -> d.tile(0, 0)).detail());
        server.put(P + "/tile/0/000", new byte[20000]);
        fails(Check.OVERSIZED, () -> d.tile(0, 0));
        server.remove(P + "/tile/0/000");
        assertTrue(fails(Check.HTTP_STATUS, () -> d.tile(0, 0)).detail().equals("tile/0/000: HTTP 404"));
    }

    @Test
    void aSmallTileCacheStillProvesEverything() {
        int n = 20 * 256 + 10; // more full level-0 tiles than the cache holds
        List<byte[]> entries = TestLogs.entries(n, 11);
        TestLogs.Built log = TestLogs.build(entries);
        TestLogs.serve(server, P, log, false);
        LogClient c = LogClient.builder(transport(1, Duration.ofSeconds(20))).verifiers(List.of(TestLogs.CA))
                .cacheTiles(16).build();
        c.update();
        EntryIterator it = c.entries(0, n);
        int i = 0;
        while (it.hasNext()) {
            assertArrayEquals(entries.get(i++), it.next().entry());
        }
        // the proven partial tiles outlive the evictions: the root and any subtree still come out right
        assertArrayEquals(log.root(), c.subtreeHash(new Subtree(0, n)));
        assertArrayEquals(SubtreeProofs.subtreeHash(MemoryTree.ofEntries(TestLogs.H, entries), new Subtree(4096, n)),
                c.subtreeHash(new Subtree(4096, n)));
    }

    @Test
    void entriesResumeAfterABadBundle() {
        List<byte[]> entries = TestLogs.entries(600, 7);
        TestLogs.Built log = serve(600);
        server.put(P + "/tile/entries/001", log.objects().get("tile/entries/000"));
        LogClient c = client();
        c.update();
        EntryIterator it = c.entries(250, 600);
        for (int i = 250; i < 256; i++) {
            assertArrayEquals(entries.get(i), it.next().entry());
        }
        fails(Check.LEAF_HASH, it::next);
        assertEquals(256, it.nextIndex());
        TestLogs.serve(server, P, log, false);
        EntryIterator again = c.entries(it.nextIndex(), 600);
        for (int i = 256; i < 600; i++) {
            assertArrayEquals(entries.get(i), again.next().entry());
        }
        assertFalse(again.hasNext());
    }

    @Test
    void aGonePartialTileFallsBackToTheFullOne() {
        List<byte[]> entries = TestLogs.entries(800, 7);
        TestLogs.Built at700 = TestLogs.build(entries.subList(0, 700));
        TestLogs.serve(server, P, TestLogs.build(entries), false);
        server.put(P + "/checkpoint", at700.objects().get("checkpoint"));
        server.put(P + "/tile/1/000.p/2", at700.objects().get("tile/1/000.p/2"));
        List<String> fell = new ArrayList<>();
        LogClient c = LogClient.builder(transport(1, Duration.ofSeconds(20))).verifiers(List.of(TestLogs.CA))
                .observer(new FetchObserver() {
                    @Override
                    public void fetched(LogResponse r) {}

                    @Override
                    public void fellBack(io.mtc4j.spec.tiles.TilePath partial, io.mtc4j.spec.tiles.TilePath full) {
                        fell.add(partial + " -> " + full);
                    }
                }).build();
        c.update();
        EntryIterator it = c.entries(690, 700);
        for (int i = 690; i < 700; i++) {
            assertArrayEquals(entries.get(i), it.next().entry());
        }
        assertEquals(List.of("tile/0/002.p/188 -> tile/0/002", "tile/entries/002.p/188 -> tile/entries/002"), fell);
    }

    @Test
    void serverErrorsAreRetriedWithBackOff() {
        TestLogs.Built log = serve(10);
        AtomicInteger calls = new AtomicInteger();
        byte[] cp = log.objects().get("checkpoint");
        server.handle(P + "/checkpoint", ex -> {
            int n = calls.incrementAndGet();
            if (n == 1) {
                ex.getResponseHeaders().set("Retry-After", "3");
                ex.sendResponseHeaders(503, -1);
            } else if (n == 2) {
                ex.sendResponseHeaders(500, -1);
            } else {
                LoopbackServer.ok(cp, false).handle(ex);
            }
        });
        LogClient c = LogClient.builder(HttpLogTransport.builder(server.base() + P).maxAttempts(3)
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(5)).sleeper(slept::add).build())
                .verifiers(List.of(TestLogs.CA)).build();
        assertEquals(10, c.update().size());
        assertEquals(3, calls.get());
        assertEquals(List.of(Duration.ofSeconds(3), Duration.ofMillis(200)), slept, "Retry-After, then doubled");

        server.handle(P + "/checkpoint", LoopbackServer.status(502));
        slept.clear();
        LogClientException x = fails(Check.HTTP_STATUS, c::update);
        assertTrue(x.detail().contains("HTTP 502 after 3 attempt(s)"), x.detail());
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200)), slept);
        server.handle(P + "/checkpoint", LoopbackServer.status(404));
        fails(Check.HTTP_STATUS, c::update);
    }

    @Test
    void aStalledServerTimesOut() throws Exception {
        serve(10);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        server.handle(P + "/checkpoint", ex -> {
            calls.incrementAndGet();
            ex.sendResponseHeaders(200, 5000);
            OutputStream o = ex.getResponseBody();
            o.write("oid/".getBytes());
            o.flush();
            try {
                release.await(60, TimeUnit.SECONDS); // headers sent, then nothing
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            LogClient c = LogClient.builder(transport(2, Duration.ofMillis(300))).verifiers(List.of(TestLogs.CA)).build();
            LogClientException x = fails(Check.TIMEOUT, c::update);
            assertTrue(x.detail().contains("body stalled"), x.detail());
            assertEquals(2, calls.get(), "a time-out is retried");
            assertEquals(1, slept.size());
        } finally {
            release.countDown();
        }
    }

    @Test
    void truncatedAndOversizedResponsesAreRefused() {
        serve(10);
        server.handle(P + "/checkpoint", ex -> {
            ex.sendResponseHeaders(200, 5000);
            ex.getResponseBody().write(new byte[100]);
            ex.getResponseBody().flush();
            // and the exchange closes with 4,900 bytes missing
        });
        LogClient c = LogClient.builder(transport(1, Duration.ofSeconds(20))).verifiers(List.of(TestLogs.CA)).build();
        fails(Check.TRANSPORT, c::update);

        server.handle(P + "/checkpoint", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked, longer than any checkpoint
            try (OutputStream o = ex.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    o.write(new byte[1024]);
                }
            } catch (IOException e) {
                // the client hung up, as it should
            }
        });
        assertTrue(fails(Check.OVERSIZED, c::update).detail().contains("more than the 65536 bytes allowed"));
        server.put(P + "/checkpoint", new byte[70000]);
        assertTrue(fails(Check.OVERSIZED, c::update).detail().startsWith("70000 bytes (Content-Length)"));
    }

    @Test
    void gzipBodiesAreDecodedWithinTheirBound() throws IOException {
        TestLogs.Built log = serve(10);
        LogClient c = LogClient.builder(transport(1, Duration.ofSeconds(20))).verifiers(List.of(TestLogs.CA)).build();
        server.handle(P + "/checkpoint", LoopbackServer.ok(log.objects().get("checkpoint"), true));
        assertEquals(10, c.update().size());
        server.handle(P + "/checkpoint", LoopbackServer.ok(new byte[1 << 20], true)); // 1 MiB of zeros, ~1 KiB gzipped
        assertTrue(fails(Check.OVERSIZED, c::update).detail().endsWith("(gzip-decoded)"));
        server.handle(P + "/checkpoint", ex -> {
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            ex.sendResponseHeaders(200, 4);
            ex.getResponseBody().write(new byte[] {1, 2, 3, 4});
        });
        fails(Check.ENCODING, c::update);
        server.handle(P + "/checkpoint", ex -> {
            ex.getResponseHeaders().set("Content-Encoding", "br");
            ex.sendResponseHeaders(200, 4);
            ex.getResponseBody().write(new byte[] {1, 2, 3, 4});
        });
        assertTrue(fails(Check.ENCODING, c::update).detail().contains("unsupported Content-Encoding 'br'"));
        assertEquals(10, c.checkpoint().orElseThrow().size(), "nothing refused replaced the verified checkpoint");
    }

    @Test
    void aDirectoryIsReadThroughLogObjects(@TempDir Path dir) throws IOException {
        List<byte[]> entries = TestLogs.entries(300, 9);
        TestLogs.Built log = TestLogs.build(entries);
        for (var e : log.objects().entrySet()) {
            Path f = dir.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.write(f, e.getValue());
        }
        LogClient c = LogClient.builder(LogTransport.of(new DirectoryLogObjects(dir), dir.toString()))
                .verifiers(List.of(TestLogs.CA)).build();
        assertEquals(300, c.update().size());
        EntryIterator it = c.entries(0, 300);
        for (byte[] e : entries) {
            assertArrayEquals(e, it.next().entry());
        }
        Files.write(dir.resolve("tile/0/000"), new byte[8192]);
        LogClient fresh = LogClient.builder(LogTransport.of(new DirectoryLogObjects(dir), dir.toString()))
                .verifiers(List.of(TestLogs.CA)).build();
        fresh.update();
        LogClientException x = fails(Check.TILE_HASH, () -> fresh.tile(0, 0));
        assertEquals(dir + "/tile/0/000", x.location());
    }

    @Test
    void httpLogObjectsMapsStatuses() {
        TestLogs.Built log = serve(10);
        HttpLogObjects o = new HttpLogObjects(transport(1, Duration.ofSeconds(20)));
        assertArrayEquals(log.objects().get("checkpoint"), o.read("checkpoint").orElseThrow());
        assertTrue(o.read("landmarks").isEmpty());
        assertTrue(o.read("../etc/passwd").isEmpty());
        server.handle(P + "/landmarks", LoopbackServer.status(500));
        fails(Check.HTTP_STATUS, () -> o.read("landmarks"));
    }

    @Test
    void prefixUrlsAreChecked() {
        assertEquals("http://127.0.0.1:1/x", HttpLogTransport.normalize("http://127.0.0.1:1/x/"));
        for (String bad : List.of("ftp://h/x", "/relative", "http://h/x?q=1", "not a url")) {
            assertThrows(IllegalArgumentException.class, () -> HttpLogTransport.normalize(bad), bad);
        }
        LogResponse r = new LogResponse("checkpoint", "u", 200, "Text/Plain;Charset=\"UTF-8\"", new byte[0]);
        assertTrue(r.contentTypeIs("text/plain", "utf-8"));
        assertFalse(new LogResponse("c", "u", 200, "text/plain", new byte[0]).contentTypeIs("text/plain", "utf-8"));
        assertFalse(new LogResponse("c", "u", 200, "text/html; charset=utf-8", new byte[0])
                .contentTypeIs("text/plain", "utf-8"));
    }
}
