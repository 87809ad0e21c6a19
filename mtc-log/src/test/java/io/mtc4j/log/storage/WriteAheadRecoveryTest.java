package io.mtc4j.log.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.tiles.TileFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Collections;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local directory against a power loss. {@link #aPowerLossAtAnyInstantLeavesAValidLogAndLosesNothingAcknowledged}
 * follows a run with {@link PowerLossDisk} and takes what the disk would hold at many instants: read statically (no
 * writer, no write-ahead replay, as nginx would serve it) each must be a valid log, and a writer opened on it must
 * recover every acknowledged batch. The other tests copy the log directory while its writer is open, damage the
 * copy as a power loss (or an older version's writer, which renamed files before syncing them) could, and check
 * that opening a writer on the copy re-creates every tile and the checkpoint byte for byte from the write-ahead
 * log.
 */
class WriteAheadRecoveryTest {
    @TempDir
    Path tmp;

    private record Appended(TestLog model, List<TestLog.Batch> batches) {}

    /** Appends {@code sizes} through the one-sync path, then copies the store while the writer is open. */
    private Appended appendAndCopy(Path live, Path copy, int... sizes) throws IOException {
        TestLog m = new TestLog();
        List<TestLog.Batch> batches = new ArrayList<>();
        try (LocalDirectoryStore s = LocalDirectoryStore.open(live); LogStorage w = s.openWriter(1)) {
            SplittableRandom rnd = new SplittableRandom(sizes.length);
            for (int n : sizes) {
                TestLog.Batch b = m.next(n, 200, rnd);
                w.appendBatch(b.staged(), b.tiles(), b.root(), b.checkpoint());
                batches.add(b);
            }
            w.publishAppended(); // every file in place (none renamed while the tree is copied)
            copyTree(live, copy);
        }
        return new Appended(m, batches);
    }

    /** What the disk held at one instant: the step about to be taken, and the batches acknowledged before. */
    private record Image(long step, String name, Path dir, int acknowledged) {}

    @Test
    void aPowerLossAtAnyInstantLeavesAValidLogAndLosesNothingAcknowledged() throws Exception {
        Path live = tmp.resolve("live");
        Files.createDirectories(live);
        SplittableRandom rnd = new SplittableRandom(11);
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicLong steps = new AtomicLong();
        List<Image> images = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> hookFailures = Collections.synchronizedList(new ArrayList<>());
        PowerLossDisk[] disk = new PowerLossDisk[1];
        Set<String> seen = ConcurrentHashMap.newKeySet();
        disk[0] = new PowerLossDisk(live, (step, path) -> {
            long k = steps.incrementAndGet();
            String name = step + " " + PowerLossDisk.kind(live, path);
            if (!seen.add(name) && k % 9 != 0) { // the first step of each kind, and every 9th
                return;
            }
            int acked = acknowledged.get(); // read first: every batch counted is in the image
            Path img = tmp.resolve("image-" + k);
            try {
                disk[0].writeImage(img);
                images.add(new Image(k, name, img, acked));
            } catch (IOException | RuntimeException e) {
                hookFailures.add(e);
            }
        });
        TestLog m = new TestLog();
        List<TestLog.Batch> batches = new ArrayList<>();
        try (LocalDirectoryStore s = LocalDirectoryStore.open(live, new DurableFiles(disk[0]));
                LogStorage w = s.openWriter(1)) {
            for (int i = 0; i < 24; i++) {
                TestLog.Batch b = m.next(1 + rnd.nextInt(i % 4 == 0 ? 400 : 40), 120, rnd);
                batches.add(b);
                w.appendBatch(b.staged(), b.tiles(), b.root(), b.checkpoint());
                acknowledged.incrementAndGet();
            }
        }
        assertEquals(List.of(), hookFailures);
        Set<String> hit = new TreeSet<>();
        int published = 0;
        for (Image img : images) {
            hit.add(img.name);
            long visible = checkStatically(m, batches, img.dir.resolve("1"), img + ": before recovery");
            published += visible > 0 ? 1 : 0;
            long need = img.acknowledged == 0 ? 0 : batches.get(img.acknowledged - 1).end();
            try (LocalDirectoryStore s = LocalDirectoryStore.open(img.dir); LogStorage w = s.openWriter(1)) {
                long size = w.state().size();
                assertTrue(size >= need, img + ": recovered size " + size + " below the acknowledged " + need);
                assertTrue(size >= visible, img + ": recovery went back from " + visible + " to " + size);
            }
            assertTrue(checkStatically(m, batches, img.dir.resolve("1"), img + ": after recovery") >= need, img
                    + ": recovery publishes every acknowledged batch");
        }
        // The instants cover the steps of a publication pass and of an append.
        for (String step : List.of("force tile-tmp", "rename tile", "force-dir tile-dir", "write checkpoint-tmp",
                "rename checkpoint", "force-dir log-dir", "wal-sync wal")) {
            assertTrue(hit.contains(step), step + " not hit: " + hit);
        }
        assertTrue(published > 0, "some images hold a published checkpoint");
    }

    /**
     * Reads the log in {@code log} as a static server would, without a writer: if it has a checkpoint, it must be
     * the model's for its size, and every tile a client of it may fetch (the full tiles and the partial tiles of
     * that size) must be there, whole, with the model's bytes. Returns the checkpoint's size (0 if none).
     */
    private static long checkStatically(TestLog m, List<TestLog.Batch> batches, Path log, String what)
            throws IOException {
        DirectoryLogObjects o = new DirectoryLogObjects(log);
        Optional<byte[]> cp = o.read("checkpoint");
        if (cp.isEmpty()) {
            return 0;
        }
        long size = io.mtc4j.spec.note.Checkpoint.parse(io.mtc4j.spec.note.SignedNote.parse(cp.get()).text())
                .size();
        TestLog.Batch b = batches.stream().filter(x -> x.end() == size).findFirst().orElseThrow(
                () -> new AssertionError(what + ": a checkpoint of size " + size + ", which no batch ends at"));
        assertArrayEquals(b.checkpoint(), cp.get(), what + ": the checkpoint of size " + size);
        io.mtc4j.spec.tiles.TileBuilder tb = new io.mtc4j.spec.tiles.TileBuilder(
                io.mtc4j.spec.merkle.HashFunction.sha256());
        List<TileFile> needed = new ArrayList<>();
        for (long i = 0; i < size; i++) {
            needed.addAll(tb.appendEntry(m.entry(i)));
        }
        needed.addAll(tb.partialTiles());
        assertArrayEquals(b.root(), tb.rootHash(), what);
        for (TileFile t : needed) {
            Optional<byte[]> got = o.read(t.path().path());
            assertTrue(got.isPresent(), what + ": " + t.path().path() + " of checkpoint " + size + " is missing");
            assertArrayEquals(t.data(), got.get(), what + ": " + t.path().path() + " of checkpoint " + size
                    + " is not whole");
        }
        return size;
    }

    @Test
    void anAcknowledgedBatchIsReadThroughItsWriterAtOnceAndFromTheDirectoryOncePublished() throws IOException {
        Path live = tmp.resolve("live");
        TestLog m = new TestLog();
        try (LocalDirectoryStore s = LocalDirectoryStore.open(live); LogStorage w = s.openWriter(1)) {
            SplittableRandom rnd = new SplittableRandom(5);
            for (int n : new int[] {300, 1, 40}) {
                TestLog.Batch b = m.next(n, 100, rnd);
                w.appendBatch(b.staged(), b.tiles(), b.root(), b.checkpoint());
                LogStoreContract.assertSameObjects(m, w); // the writer's own reads
                LogStoreContract.assertSameObjects(m, s.objects(1).orElseThrow()); // its store's, while it is open
            }
            w.publishAppended();
            LogStoreContract.assertSameObjects(m, new DirectoryLogObjects(live.resolve("1"))); // a static reader
            try (Stream<Path> t = Files.list(live.resolve(".mtc-log/1/tmp"))) {
                assertEquals(0, t.count(), "every temporary file renamed into place");
            }
        }
    }

    @Test
    void lostShortAndStaleFilesAreRecreatedFromTheWriteAheadLog() throws IOException {
        Path live = tmp.resolve("live");
        Path copy = tmp.resolve("copy");
        Appended a = appendAndCopy(live, copy, 300, 1, 255, 700, 3);
        Path log = copy.resolve("1");
        // The power loss: the last two batches' files are gone or short, and the checkpoint is the first one's.
        List<TileFile> lost = new ArrayList<>(a.batches.get(3).tiles());
        lost.addAll(a.batches.get(4).tiles());
        int i = 0;
        for (TileFile t : lost) {
            Path p = log.resolve(t.path().path());
            if (i++ % 3 == 0) {
                Files.write(p, Arrays.copyOf(t.data(), t.data().length / 2));
            } else {
                Files.deleteIfExists(p);
            }
        }
        Files.write(log.resolve("checkpoint"), a.batches.get(0).checkpoint());
        // A torn record after the last one (it was being written, never acknowledged).
        Path segment;
        try (Stream<Path> s = Files.list(copy.resolve(".mtc-log/1/wal"))) {
            segment = s.sorted().reduce((x, y) -> y).orElseThrow();
        }
        Files.write(segment, new byte[] {0, 0, 7, 1, 2, 3}, StandardOpenOption.APPEND);

        try (LocalDirectoryStore s = LocalDirectoryStore.open(copy); LogStorage w = s.openWriter(1)) {
            TestLog.Batch last = a.batches.get(4);
            assertEquals(last.end(), w.state().size());
            assertArrayEquals(last.root(), w.state().rootHash());
            assertArrayEquals(last.checkpoint(), w.read("checkpoint").orElseThrow(),
                    "the last batch's exact signed checkpoint, published again");
            LogStoreContract.assertSameObjects(a.model, w);
            // The writer goes on from there.
            TestLog.Batch next = a.model.next(20, 200, new SplittableRandom(9));
            w.appendBatch(next.staged(), next.tiles(), next.root(), next.checkpoint());
            LogStoreContract.assertSameObjects(a.model, w);
        }
    }

    @Test
    void aNewerCheckpointFileIsKeptAndAForkedOneRefused() throws IOException {
        Path live = tmp.resolve("live");
        Path copy = tmp.resolve("copy");
        Appended a = appendAndCopy(live, copy, 10, 20);
        // Intact after a process crash: the replay only confirms what is there.
        try (LocalDirectoryStore s = LocalDirectoryStore.open(copy); LogStorage w = s.openWriter(1)) {
            assertEquals(30, w.state().size());
            LogStoreContract.assertSameObjects(a.model, w);
        }
        // A checkpoint of the write-ahead log's last size with another root is a fork: refused.
        Path forked = tmp.resolve("forked");
        Appended b = appendAndCopy(tmp.resolve("live2"), forked, 10, 20);
        byte[] otherRoot = b.batches.get(1).root();
        otherRoot[0] ^= 1;
        Files.write(forked.resolve("1/checkpoint"), b.model.checkpoint(30, otherRoot));
        LocalDirectoryStore s = LocalDirectoryStore.open(forked);
        LogStorageException e = assertThrows(LogStorageException.class, () -> s.openWriter(1));
        assertTrue(e.getMessage().contains("another root"), e.getMessage());
        s.close();
    }

    @Test
    void aDamagedRecordBeforeTheLastIsRefused() throws IOException {
        Path live = tmp.resolve("live");
        Path copy = tmp.resolve("copy");
        appendAndCopy(live, copy, 10, 20, 30);
        Path segment;
        try (Stream<Path> st = Files.list(copy.resolve(".mtc-log/1/wal"))) {
            segment = st.sorted().reduce((x, y) -> y).orElseThrow();
        }
        byte[] data = Files.readAllBytes(segment);
        data[56 + 30] ^= 1; // inside the first record (the header of a segment at 0 without checkpoint: 56 bytes)
        Files.write(segment, data);
        LocalDirectoryStore s = LocalDirectoryStore.open(copy);
        LogStorageException e = assertThrows(LogStorageException.class, () -> s.openWriter(1));
        assertTrue(e.getMessage().contains("damaged") || e.getMessage().contains("starts at"), e.getMessage());
        s.close();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else if (!p.getFileName().toString().equals("lock")) {
                    Files.copy(p, q);
                }
            }
        }
    }
}
