package io.mtc4j.log.storage.s3pg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.log.storage.LogObjects;
import io.mtc4j.log.storage.LogStorage;
import io.mtc4j.log.storage.LogStorageException;
import io.mtc4j.log.storage.SequencingState;
import io.mtc4j.log.storage.StagedBatch;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.SignedNote;
import io.mtc4j.spec.tiles.TilePath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The s3pg back end against PostgreSQL and S3Proxy: staging, immutable tiles, the commit CAS and recovery. */
class S3PgLogStorageTest {
    private S3PgConfig config;
    private S3PgLogStore store;
    private final Random rnd = new Random(10);

    @BeforeEach
    void open() {
        config = TestServers.freshConfig(Duration.ofSeconds(30));
        store = S3PgLogStore.open(config);
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
            TestServers.dropSchema(config);
        }
    }

    @Test
    void appendsAreServedAsTlogTilesUnderTheLogNumber() {
        List<byte[]> all = new ArrayList<>();
        try (LogStorage w = store.openWriter(3)) {
            assertEquals(0, w.state().size());
            for (int n : new int[] {1, 300, 7}) {
                List<byte[]> batch = TestAppender.entries(rnd, n);
                all.addAll(batch);
                TestAppender.append(w, batch);
            }
            SequencingState s = w.state();
            assertEquals(308, s.size());
            assertTrue(s.staged().isEmpty());
            byte[] root = MemoryTree.ofEntries(HashFunction.sha256(), all).rootHash();
            assertArrayEquals(root, s.rootHash());
        }
        assertEquals(List.of(3L), store.logNumbers());
        var objects = store.objects(3).orElseThrow();
        Checkpoint cp = Checkpoint.parse(SignedNote.parse(objects.read("checkpoint").orElseThrow()).text());
        assertEquals(308, cp.size());
        assertTrue(objects.read("tile/0/000").isPresent());
        assertTrue(objects.read("tile/0/001.p/52").isPresent());
        assertTrue(objects.read("tile/entries/001.p/52").isPresent());
        assertTrue(objects.read("tile/1/000.p/1").isPresent());
        assertFalse(objects.read("tile/0/001").isPresent());
        assertFalse(objects.read("../3/checkpoint").isPresent());
        assertTrue(store.objects(4).isEmpty());
    }

    @Test
    void tilesAreImmutable() {
        try (LogStorage w = store.openWriter(1)) {
            TilePath p = TilePath.hashTile(0, 0, 2);
            byte[] data = new byte[64];
            rnd.nextBytes(data);
            w.writeTile(p, data);
            w.writeTile(p, data.clone());
            byte[] other = data.clone();
            other[5] ^= 1;
            LogStorageException e = assertThrows(LogStorageException.class, () -> w.writeTile(p, other));
            assertTrue(e.getMessage().contains("tile/0/000.p/2"), e.getMessage());
            assertArrayEquals(data, w.read("tile/0/000.p/2").orElseThrow());
        }
    }

    @Test
    void stageAndCommitAreCompareAndSwaps() {
        try (LogStorage w = store.openWriter(1)) {
            TestAppender.append(w, TestAppender.entries(rnd, 2));
            assertThrows(LogStorageException.class, () -> w.stage(new StagedBatch(1, TestAppender.entries(rnd, 1))));
            StagedBatch b = new StagedBatch(2, TestAppender.entries(rnd, 3));
            w.stage(b);
            assertEquals(Optional.of(b), w.state().staged());
            assertThrows(LogStorageException.class, () -> w.stage(new StagedBatch(2, TestAppender.entries(rnd, 1))));
            byte[] root = new byte[32];
            LogStorageException e = assertThrows(LogStorageException.class,
                    () -> w.commit(1, 5, root, TestAppender.checkpoint(5, root)));
            assertTrue(e.getMessage().contains("committed size is 2"), e.getMessage());
            assertThrows(LogStorageException.class, () -> w.commit(2, 4, root, TestAppender.checkpoint(4, root)));
            assertEquals(2, w.state().size());
            w.discardStaged();
            assertTrue(w.state().staged().isEmpty());
            assertThrows(LogStorageException.class, () -> w.stage(new StagedBatch(2, List.of())));
        }
    }

    @Test
    void recoveryFinishesAStagedBatchWithTheSameBytes() {
        List<byte[]> batch = TestAppender.entries(rnd, 20);
        try (LogStorage w = store.openWriter(1)) {
            TestAppender.append(w, TestAppender.entries(rnd, 250));
            w.stage(new StagedBatch(250, batch));
            // "crash" after some tiles: write the full tile only, then close without committing
            w.writeTile(TilePath.hashTile(0, 0, 256), fullTileOf(w, batch));
        }
        try (LogStorage w = store.openWriter(1)) {
            assertEquals(Optional.of(new StagedBatch(250, batch)), w.state().staged());
            TestAppender.finishStaged(w);
            assertEquals(270, w.state().size());
        }
    }

    private static byte[] fullTileOf(LogStorage w, List<byte[]> batch) {
        var b = io.mtc4j.spec.tiles.TileBuilder.resume(HashFunction.sha256(), 250, true, p -> w.read(p.path()));
        for (byte[] e : batch) {
            for (var t : b.appendEntry(e)) {
                if (t.path().equals(TilePath.hashTile(0, 0, 256))) {
                    return t.data();
                }
            }
        }
        throw new AssertionError("no full tile");
    }

    @Test
    void openingRepublishesACheckpointThatIsBehind() {
        byte[] cp10;
        LogObjects served = store.logObjects(2);
        try (LogStorage w = store.openWriter(2)) {
            TestAppender.append(w, TestAppender.entries(rnd, 4));
            byte[] cp4 = w.read("checkpoint").orElseThrow();
            TestAppender.append(w, TestAppender.entries(rnd, 6));
            cp10 = w.read("checkpoint").orElseThrow();
            // A crash between the PostgreSQL commit and the PUT: the bucket still has size 4.
            store.bucket().put("2/checkpoint", cp4, "text/plain");
            assertArrayEquals(cp4, served.read("checkpoint").orElseThrow());
            assertArrayEquals(cp10, w.read("checkpoint").orElseThrow(), "the writer reads the committed one");
        }
        try (LogStorage w = store.openWriter(2)) {
            assertArrayEquals(cp10, served.read("checkpoint").orElseThrow());
        }
    }

    @Test
    void aLatePublishCannotRollTheCheckpointBack() {
        try (LogStorage w = store.openWriter(2)) {
            TestAppender.append(w, TestAppender.entries(rnd, 4));
            byte[] cp4 = w.read("checkpoint").orElseThrow();
            TestAppender.append(w, TestAppender.entries(rnd, 6));
            byte[] cp10 = w.read("checkpoint").orElseThrow();
            Bucket.Stored now = store.bucket().get("2/checkpoint").orElseThrow();
            assertEquals("10", now.metadata().get(S3PgLogStorage.TREE_SIZE_METADATA));
            // A deposed leader's stale conditional PUT (it read the object before the newer one was written):
            assertEquals(Bucket.Put.PRECONDITION_FAILED, store.bucket().putIf("2/checkpoint", cp4, "text/plain",
                    Map.of(S3PgLogStorage.TREE_SIZE_METADATA, "4"), Optional.of("\"stale-etag\"")));
            assertEquals(Bucket.Put.PRECONDITION_FAILED, store.bucket().putIf("2/checkpoint", cp4, "text/plain",
                    Map.of(S3PgLogStorage.TREE_SIZE_METADATA, "4"), Optional.empty()));
            assertArrayEquals(cp10, w.read("checkpoint").orElseThrow());
        }
    }

    @Test
    void landmarksArePublished() {
        try (LogStorage w = store.openWriter(0)) {
            w.writeLandmarks("1 0\n".getBytes(StandardCharsets.UTF_8));
            assertArrayEquals("1 0\n".getBytes(StandardCharsets.UTF_8), w.read("landmarks").orElseThrow());
        }
    }
}
