package io.mtc4j.log.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.log.storage.s3pg.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PostgresWitnessStore} against the real PostgreSQL of {@code .ci/services} (skipped with a message when it
 * is not configured, a failure under {@code CI=true}): the check-and-persist is atomic across concurrent requests
 * and across two stores (two witness processes) sharing one database, and the record survives a reconnect.
 */
class PostgresWitnessStoreTest {
    private List<String> pg;
    private String schema;

    @BeforeEach
    void setUp() {
        pg = TestServers.postgres();
        schema = "w_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (schema != null && pg != null) {
            try (Connection c = DriverManager.getConnection(pg.get(0), pg.get(1), pg.get(2));
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private PostgresWitnessStore open() {
        return PostgresWitnessStore.open(pg.get(0), pg.get(1), pg.get(2), schema);
    }

    @Test
    void cosignsRecordsAndRefusesLikeTheDirectoryRecord() throws Exception {
        SimulatedLog log = SimulatedLog.main(WitnessTest.ORIGIN);
        try (PostgresWitnessStore store = open()) {
            assertTrue(store.healthy());
            Witness w = WitnessTest.witness(store);
            WitnessTest.assertCosigned(w.addCheckpoint(log.addCheckpointBody(0, 10)), log.note(10));
            assertEquals(409, w.addCheckpoint(log.addCheckpointBody(5, 20)).status());
            assertEquals(422, w.addCheckpoint(SimulatedLog.fork(WitnessTest.ORIGIN, "fork", 5)
                    .addCheckpointBody(10, 10)).status());
            WitnessTest.assertOneWinner(w, store);
        }
        try (PostgresWitnessStore again = open()) {
            assertEquals(20, again.latest(CosignedCheckpoint.originHash(WitnessTest.ORIGIN)).orElseThrow().size());
            assertEquals(200, WitnessTest.witness(again).monitoringCheckpoint(CosignedCheckpoint.originHash(
                    WitnessTest.ORIGIN)).status());
        }
    }

    @Test
    void twoWitnessProcessesOnOneDatabaseNeverBothCosignTheFirstCheckpoint() throws Exception {
        try (PostgresWitnessStore a = open(); PostgresWitnessStore b = open()) {
            Witness wa = WitnessTest.witness(a);
            Witness wb = WitnessTest.witness(b);
            SimulatedLog x = SimulatedLog.fork(WitnessTest.ORIGIN, "x", 0);
            SimulatedLog y = SimulatedLog.fork(WitnessTest.ORIGIN, "y", 0);
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<WitnessAnswer> fx = CompletableFuture.supplyAsync(() -> {
                await(go);
                return wa.addCheckpoint(x.addCheckpointBody(0, 10));
            });
            CompletableFuture<WitnessAnswer> fy = CompletableFuture.supplyAsync(() -> {
                await(go);
                return wb.addCheckpoint(y.addCheckpointBody(0, 10));
            });
            go.countDown();
            WitnessAnswer ax = fx.get();
            WitnessAnswer ay = fy.get();
            assertEquals(1, (ax.status() == 200 ? 1 : 0) + (ay.status() == 200 ? 1 : 0),
                    "exactly one of two first checkpoints is cosigned: " + ax.reason() + " / " + ay.reason());
            assertEquals(409, Math.max(ax.status(), ay.status()), "the other learns the recorded size");
        }
    }
}
