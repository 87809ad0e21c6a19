package io.mtc4j.log.fsck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.log.sequencer.Sequencer;
import io.mtc4j.log.sequencer.TestCa;
import io.mtc4j.log.storage.DirectoryLogObjects;
import io.mtc4j.log.storage.LocalDirectoryStore;
import io.mtc4j.log.storage.LogObjects;
import io.mtc4j.log.storage.LogStorage;
import io.mtc4j.log.storage.TestLog;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.SignedNote;
import com.sun.net.httpserver.HttpServer;
import io.mtc4j.log.client.HttpLogObjects;
import io.mtc4j.log.client.HttpLogTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFsckTest {
    private static final TestCa CA = new TestCa(1);
    private static final TestCa OTHER = new TestCa(2);
    private static final int SIZE = 70_000 / 100; // a full tile per level 0, partials on two levels

    @TempDir
    Path dir;
    private Path log;
    private final List<byte[]> checkpoints = new ArrayList<>();
    private final LogFsck fsck = LogFsck.of(TestCa.PROFILE, CA.verifiers());

    @BeforeEach
    void build() {
        try (LocalDirectoryStore store = LocalDirectoryStore.open(dir)) {
            LogStorage w = store.openWriter(1);
            Sequencer s = Sequencer.open(w, CA.config());
            checkpoints.add(s.checkpoint());
            Random rnd = new Random(1);
            for (int n : new int[] {100, 200, 400}) {
                checkpoints.add(s.append(TestCa.entries(rnd, n)).checkpoint());
            }
        }
        log = dir.resolve("1");
    }

    private FsckReport check() {
        return fsck.check(new DirectoryLogObjects(log));
    }

    private static String kinds(FsckReport r) {
        return r.findings().stream().map(f -> f.kind().toString()).distinct().sorted()
                .collect(Collectors.joining(","));
    }

    @Test
    void aSoundLogHasNoFindingsAndProgressReachesTheEnd() {
        List<long[]> steps = new ArrayList<>();
        FsckReport r = fsck.withOrigin("oid/1.3.6.1.4.1.32473.1.0.1").withEarlierCheckpoints(checkpoints)
                .check(new DirectoryLogObjects(log), (c, t) -> steps.add(new long[] {c, t}));
        assertTrue(r.ok(), r.findings().toString());
        assertEquals(SIZE, r.entriesChecked());
        assertTrue(r.signaturesChecked());
        assertEquals(SIZE, r.checkpoint().orElseThrow().size());
        assertEquals(3, steps.size(), "one report per bundle");
        assertEquals(SIZE, steps.get(2)[0]);
        assertEquals(SIZE, steps.get(2)[1]);
    }

    @Test
    void withoutVerifiersSignaturesAreNotChecked() {
        FsckReport r = LogFsck.of(TestCa.PROFILE, List.of()).check(new DirectoryLogObjects(log));
        assertTrue(r.ok());
        assertFalse(r.signaturesChecked());
    }

    @Test
    void aFlippedByteInAFullHashTileIsATileMismatch() throws Exception {
        flip(log.resolve("tile/0/000"), 100);
        FsckReport r = check();
        assertEquals("TILE_MISMATCH", kinds(r));
        assertEquals("tile/0/000", r.findings().get(0).object());
    }

    @Test
    void aFlippedByteInAPartialTileIsATileMismatch() throws Exception {
        flip(log.resolve("tile/1/000.p/2"), 0);
        assertEquals("TILE_MISMATCH", kinds(check()));
    }

    @Test
    void aChangedEntryIsAMismatchOfTilesAndRoot() throws Exception {
        Path bundle = log.resolve("tile/entries/001");
        flip(bundle, 300); // inside an entry's DER: tiles and root no longer match, and the entry may not parse
        FsckReport r = check();
        assertTrue(kinds(r).contains("ROOT_MISMATCH"), r.findings().toString());
        assertTrue(kinds(r).contains("TILE_MISMATCH"), r.findings().toString());
    }

    @Test
    void aMissingTileOrBundleIsReported() throws Exception {
        Files.delete(log.resolve("tile/0/002.p/188"));
        FsckReport r = check();
        assertEquals("OBJECT_MISSING", kinds(r));
        assertEquals("tile/0/002.p/188", r.findings().get(0).object());
        Files.delete(log.resolve("tile/entries/001"));
        r = check();
        assertEquals("OBJECT_MISSING,ROOT_MISMATCH", kinds(r), r.findings().toString());
        assertEquals(256, r.entriesChecked(), "the check stops at the missing bundle");
    }

    @Test
    void aTruncatedBundleIsMalformed() throws Exception {
        Path b = log.resolve("tile/entries/002.p/188");
        byte[] d = Files.readAllBytes(b);
        Files.write(b, java.util.Arrays.copyOf(d, d.length - 1));
        assertEquals("OBJECT_MALFORMED,ROOT_MISMATCH", kinds(check()));
    }

    @Test
    void signaturesMustComeFromEveryConfiguredKey() {
        FsckReport r = LogFsck.of(TestCa.PROFILE, OTHER.verifiers()).check(new DirectoryLogObjects(log));
        assertEquals("CHECKPOINT_SIGNATURE", kinds(r));
        r = LogFsck.of(TestCa.PROFILE, List.of(CA.cosigner().verifier(), OTHER.verifiers().get(1)))
                .check(new DirectoryLogObjects(log));
        assertEquals("CHECKPOINT_SIGNATURE", kinds(r));
        assertEquals(1, r.findings().size(), r.findings().toString());
    }

    @Test
    void anUnverifiedCheckpointEndsTheCheckBeforeAnyTileIsRead() throws Exception {
        Path partial = log.resolve("tile/0/002.p/188");
        byte[] d = Files.readAllBytes(partial);
        d[0] ^= 1;
        Files.write(partial, d);
        List<String> read = new ArrayList<>();
        DirectoryLogObjects objects = new DirectoryLogObjects(log);
        LogObjects recording = key -> {
            read.add(key);
            return objects.read(key);
        };
        FsckReport r = LogFsck.of(TestCa.PROFILE, OTHER.verifiers()).check(recording);
        assertEquals("CHECKPOINT_SIGNATURE", kinds(r));
        assertEquals(0, r.entriesChecked());
        assertTrue(read.stream().noneMatch(k -> k.startsWith("tile/")), read.toString());
        assertEquals("TILE_MISMATCH", kinds(check()), "the verified checkpoint's check finds the corrupted tile");
    }

    @Test
    void aCheckpointWithAnotherRootIsARootMismatch() throws Exception {
        byte[] root = new byte[32];
        Files.write(log.resolve("checkpoint"), signed(SIZE, root));
        assertEquals("ROOT_MISMATCH", kinds(check()));
    }

    @Test
    void checkpointProblems() throws Exception {
        assertEquals("CHECKPOINT_ORIGIN", kinds(fsck.withOrigin("oid/1.3.6.1.4.1.32473.1.0.2").check(
                new DirectoryLogObjects(log))));
        Files.writeString(log.resolve("checkpoint"), "garbage\n");
        assertEquals("CHECKPOINT_MALFORMED", kinds(check()));
        Files.delete(log.resolve("checkpoint"));
        assertEquals("CHECKPOINT_MISSING", kinds(check()));
    }

    @Test
    void anOriginThatIsNotAnMtcLogIdIsReported() throws Exception {
        SignedNote n = SignedNote.parse(Files.readAllBytes(log.resolve("checkpoint")));
        Checkpoint c = Checkpoint.parse(n.text());
        Files.write(log.resolve("checkpoint"), SignedNote.sign(new Checkpoint("example.com/log", c.size(),
                c.rootHash()).format(), List.of(CA.cosigner())).bytes());
        FsckReport r = LogFsck.of(TestCa.PROFILE, List.of()).check(new DirectoryLogObjects(log));
        assertEquals("CHECKPOINT_ORIGIN", kinds(r));
    }

    @Test
    void forksAndRollbacksAgainstEarlierCheckpointsAreReported() {
        byte[] fork = signed(300, new byte[32]);
        byte[] ahead = signed(SIZE + 1, new byte[32]);
        FsckReport r = fsck.withEarlierCheckpoints(List.of(checkpoints.get(1), fork, ahead))
                .check(new DirectoryLogObjects(log));
        assertEquals("CHECKPOINT_INCONSISTENT", kinds(r));
        assertEquals(2, r.findings().size(), r.findings().toString());
    }

    @Test
    void malformedEntriesAreReportedAndCapped() throws Exception {
        Path other = dir.resolve("raw");
        try (LocalDirectoryStore store = LocalDirectoryStore.open(other)) {
            LogStorage w = store.openWriter(1);
            TestLog m = new TestLog();
            TestLog.Batch b = m.next(300, 10, new SplittableRandom(3));
            w.appendBatch(b.staged(), b.tiles(), b.root(), b.checkpoint());
        }
        FsckReport r = LogFsck.of(TestCa.PROFILE, List.of()).check(new DirectoryLogObjects(other.resolve("1")));
        assertTrue(kinds(r).contains("ENTRY_MALFORMED"), kinds(r));
        assertTrue(kinds(r).contains("MORE_FINDINGS"), kinds(r));
        assertEquals(LogFsck.MAX_PER_KIND + 1, r.findings().size(), "100 listed, then one count");
        assertEquals(300, r.entriesChecked());
    }

    @Test
    void landmarksBeyondTheCheckpointAreReported() throws Exception {
        Files.writeString(log.resolve("landmarks"), "2 2\n" + (SIZE + 1) + "\n100\n0\n");
        assertEquals("LANDMARKS_MALFORMED", kinds(check()));
        Files.writeString(log.resolve("landmarks"), "2 2\n" + SIZE + "\n100\n0\n");
        assertTrue(check().ok());
    }

    /**
     * tlog-tiles §"Partial Tiles": a log may delete a partial tile once the full one exists, and a client may fetch
     * the full one instead. Over HTTP, fsck reads the checkpoint of 700; the log then grows to 1,000 and replaces
     * the partial tiles of 700 whose full tiles now exist with 404s: fsck falls back to the full ones.
     */
    @Test
    void aLogThatGrowsDuringAnHttpCheckIsNoFinding() throws Exception {
        byte[] at700 = checkpoints.get(3);
        try (LocalDirectoryStore store = LocalDirectoryStore.open(dir)) {
            LogStorage w = store.openWriter(1);
            Sequencer.open(w, CA.config()).append(TestCa.entries(new Random(2), 300));
        }
        DirectoryLogObjects grown = new DirectoryLogObjects(log);
        List<String> gone = new ArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/log/", exchange -> {
            String key = exchange.getRequestURI().getRawPath().substring("/log/".length());
            Optional<byte[]> body = key.equals("checkpoint") ? Optional.of(at700) : grown.read(key);
            if (key.contains(".p/") && grown.read(key.substring(0, key.indexOf(".p/"))).isPresent()) {
                gone.add(key);
                body = Optional.empty();
            }
            try (exchange) {
                if (body.isEmpty()) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.sendResponseHeaders(200, body.get().length);
                    exchange.getResponseBody().write(body.get());
                }
            }
        });
        server.start();
        try {
            LogObjects http = new HttpLogObjects(HttpLogTransport.builder("http://127.0.0.1:"
                    + server.getAddress().getPort() + "/log").build());
            FsckReport r = fsck.withEarlierCheckpoints(checkpoints).check(http);
            assertTrue(r.ok(), r.findings().toString());
            assertEquals(SIZE, r.entriesChecked());
            assertEquals(List.of("tile/0/002.p/188", "tile/entries/002.p/188"), gone.stream().sorted().toList(),
                    "the partials of 700 whose full tiles exist at 1,000 were gone, each asked for once");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aPartialTileGoneWithoutItsFullTileIsMissing() throws Exception {
        Files.delete(log.resolve("tile/0/002.p/188"));
        FsckReport r = check();
        assertEquals("OBJECT_MISSING", kinds(r));
        assertTrue(r.findings().get(0).message().contains("tile/0/002 is absent too"), r.findings().toString());
        Files.write(log.resolve("tile/0/002"), new byte[8192]); // a full tile that is not the tree's
        assertEquals("TILE_MISMATCH", kinds(check()));
    }

    @Test
    void readErrorsAreFindingsNotExceptions() {
        LogObjects broken = key -> {
            if (key.startsWith("tile/0/")) {
                throw new IllegalStateException("connection reset");
            }
            return new DirectoryLogObjects(log).read(key);
        };
        FsckReport r = fsck.check(broken);
        assertEquals("READ_ERROR", kinds(r));
        assertEquals(Optional.of(SIZE), r.checkpoint().map(c -> (int) c.size()));
    }

    private static void flip(Path p, int at) throws Exception {
        byte[] d = Files.readAllBytes(p);
        d[at] ^= 1;
        Files.write(p, d);
    }

    private static byte[] signed(long size, byte[] root) {
        return SignedNote.sign(new Checkpoint("oid/1.3.6.1.4.1.32473.1.0.1", size, root).format(),
                CA.config().signers()).bytes();
    }

}
