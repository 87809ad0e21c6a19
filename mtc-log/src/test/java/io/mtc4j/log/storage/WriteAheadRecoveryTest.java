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
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local directory's write-ahead log against what a power loss can do to files written without a sync: the
 * log directory is copied while its writer is open (as the disk would hold it if the power failed then, with the
 * durability thread not yet done), the copy is damaged as a power loss may damage it, and opening a writer on the
 * copy must re-create every tile and the checkpoint byte for byte from the write-ahead log.
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
            copyTree(live, copy);
        }
        return new Appended(m, batches);
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
            assertSameObjects(a.model, w);
            // The writer goes on from there.
            TestLog.Batch next = a.model.next(20, 200, new SplittableRandom(9));
            w.appendBatch(next.staged(), next.tiles(), next.root(), next.checkpoint());
            assertSameObjects(a.model, w);
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
            assertSameObjects(a.model, w);
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

    private static void assertSameObjects(TestLog m, LogObjects o) {
        for (Map.Entry<String, byte[]> e : m.objects().entrySet()) {
            Optional<byte[]> got = o.read(e.getKey());
            assertTrue(got.isPresent(), e.getKey() + " is missing");
            assertArrayEquals(e.getValue(), got.get(), e.getKey());
        }
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
