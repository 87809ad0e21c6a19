package io.mtc4j.log.storage.s3pg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.log.sequencer.InvalidEntryException;
import io.mtc4j.log.sequencer.TestCa;
import io.mtc4j.log.storage.LogStorageException;
import io.mtc4j.log.storage.StagedBatch;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MemoryTree;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pending pool and its leader in one JVM: validation at submit, exactly-once draining, fencing, takeover. */
class PendingPoolTest {
    private static final long LOG = TestCa.LOG_NUMBER;
    private final TestCa ca = new TestCa(7);
    private final Random rnd = new Random(11);
    private S3PgConfig config;
    private S3PgLogStore store;
    private PendingPool pool;

    @BeforeEach
    void open() {
        config = TestServers.freshConfig(Duration.ofSeconds(30));
        store = S3PgLogStore.open(config);
        pool = store.pendingPool();
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        TestServers.dropSchema(config);
    }

    private List<byte[]> entries(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(TestCa.entry(rnd));
        }
        return out;
    }

    /** The committed tree is exactly {@code all}, in order. */
    private void assertLogHolds(List<byte[]> all) {
        try (S3PgLogStorage w = store.openLeader(LOG)) {
            assertEquals(all.size(), w.state().size());
            assertArrayEquals(MemoryTree.ofEntries(HashFunction.sha256(), all).rootHash(), w.state().rootHash());
        }
    }

    private List<Long> submit(List<byte[]> es) {
        return pool.submit(LOG, TestCa.PROFILE, Set.of(), es);
    }

    @Test
    void badEntriesAreRefusedBeforeAnythingIsWritten() {
        List<byte[]> good = entries(2);
        byte[] big = new byte[65_536];
        System.arraycopy(good.get(0), 0, big, 0, good.get(0).length);
        InvalidEntryException e = assertThrows(InvalidEntryException.class,
                () -> submit(List.of(good.get(0), good.get(1), big)));
        assertEquals(2, e.index());
        assertEquals(InvalidEntryException.Rule.TOO_LARGE, e.rule());
        byte[] unknownType = MtcLogEntry.otherType(TestCa.PROFILE, List.of(), 7, new byte[] {1, 2}).encode();
        e = assertThrows(InvalidEntryException.class, () -> submit(List.of(good.get(0), unknownType)));
        assertEquals(InvalidEntryException.Rule.UNKNOWN_TYPE, e.rule());
        e = assertThrows(InvalidEntryException.class, () -> submit(List.of(new byte[] {0, 0, 0, 1, 9})));
        assertEquals(InvalidEntryException.Rule.MALFORMED, e.rule());
        assertEquals(0, pool.size(LOG), "nothing of a refused submit is in the pool");
        assertEquals(2, submit(good).size());
        assertEquals(2, pool.size(LOG));
        assertEquals(1, submit(List.of(MtcLogEntry.nullEntry(TestCa.PROFILE).encode())).size(),
                "null_entry is allowed at any index (draft §Log Entries)");
    }

    @Test
    void theLeaderDrainsInSubmissionOrderAndEntriesLeaveThePoolWithTheirCommit() throws Exception {
        List<byte[]> all = entries(130);
        List<Long> ids = submit(all.subList(0, 100));
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i) > ids.get(i - 1));
        }
        try (PoolSequencer leader = PoolSequencer.lead(store, ca.config(), 40)) {
            assertEquals(40, leader.drainOnce());
            assertEquals(60, pool.size(LOG));
            submit(all.subList(100, 130));
            int n;
            while ((n = leader.drainOnce()) > 0) {
                assertTrue(n <= 40);
            }
            assertEquals(0, pool.size(LOG));
            assertEquals(130, leader.sequencer().size());
        }
        assertLogHolds(all);
    }

    @Test
    void aBatchStagedFromThePoolIsCommittedExactlyOnceAfterACrash() throws Exception {
        List<byte[]> all = entries(25);
        submit(all);
        try (S3PgLogStorage w = store.openLeader(LOG)) {
            List<PendingPool.Pending> batch = pool.oldest(LOG, 10);
            w.expectPoolBatch(batch.stream().map(PendingPool.Pending::id).toList());
            w.stage(new StagedBatch(0, batch.stream().map(PendingPool.Pending::entry).toList()));
            // crash: the batch is staged, nothing committed; the entries are still in the pool
            assertEquals(25, pool.size(LOG));
        }
        try (PoolSequencer leader = PoolSequencer.lead(store, ca.config(), 100)) {
            assertEquals(10, leader.sequencer().size(), "recovery finished the staged batch");
            assertEquals(15, pool.size(LOG), "and its entries left the pool with its commit");
            assertEquals(15, leader.drainOnce());
            assertEquals(0, leader.drainOnce());
            assertEquals(25, leader.sequencer().size());
        }
        assertLogHolds(all);
    }

    @Test
    void aDeposedLeaderCannotCommitAndTheNewOneLosesNothing() throws Exception {
        List<byte[]> all = entries(30);
        submit(all.subList(0, 10));
        try (S3PgLogStore other = S3PgLogStore.open(config.withHolderId("second-leader"));
                PoolSequencer first = PoolSequencer.lead(store, ca.config(), 100)) {
            assertEquals(10, first.drainOnce());
            LeaseHeldException held = assertThrows(LeaseHeldException.class, () -> other.openWriter(LOG));
            assertTrue(held.getMessage().contains(config.holderId()), held.getMessage());
            // The first leader stalls past its lease (made to expire now); the second takes over.
            TestServers.sql(config, "UPDATE mtc_log SET lease_expires = now() - interval '1 second'");
            try (PoolSequencer second = PoolSequencer.lead(other, ca.config(), 100)) {
                submit(all.subList(10, 30));
                LogStorageException e = assertThrows(LogStorageException.class, first::drainOnce);
                assertTrue(e.getMessage().contains("deposed") || e.getMessage().contains("lost"), e.getMessage());
                assertEquals(20, pool.size(LOG), "the refused batch is still pending");
                assertEquals(20, second.drainOnce());
                assertEquals(30, second.sequencer().size());
            }
        }
        assertLogHolds(all);
    }

    @Test
    void aStandbyTakesOverWhenTheLeaderReleases() throws Exception {
        try (S3PgLogStore other = S3PgLogStore.open(config.withHolderId("standby"))) {
            S3PgLogStorage leader = store.openLeader(LOG);
            CompletableFuture<S3PgLogStorage> standby = CompletableFuture.supplyAsync(() -> {
                try {
                    return other.awaitLeader(LOG);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(!standby.isDone());
            long epoch = leader.lease().epoch();
            leader.close();
            try (S3PgLogStorage next = standby.get(60, TimeUnit.SECONDS)) {
                assertEquals(epoch + 1, next.lease().epoch());
                assertEquals("standby", next.lease().holder());
            }
        }
    }
}
