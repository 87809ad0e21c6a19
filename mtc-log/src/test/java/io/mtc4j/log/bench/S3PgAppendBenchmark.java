package io.mtc4j.log.bench;

import io.mtc4j.log.sequencer.Sequencer;
import io.mtc4j.log.sequencer.TestCa;
import io.mtc4j.log.storage.LogStorage;
import io.mtc4j.log.storage.s3pg.S3PgConfig;
import io.mtc4j.log.storage.s3pg.S3PgLogStore;
import io.mtc4j.log.storage.s3pg.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Durable appends to the S3 + PostgreSQL back end, as {@link DurableAppendBenchmark} measures the local directory:
 * {@link Sequencer#append} of batches of 1,000 MTCLogEntry values of about 400 bytes (stage in PostgreSQL, PUT
 * every tile and bundle, one commit transaction, PUT the checkpoint), in entries per second, against the servers
 * {@code .ci/services} runs (S3Proxy on its file-system store, PostgreSQL 15, both on loopback). It has no floor:
 * the figure is the back end's, reported without a target. Run with
 * {@code .ci/services start && eval "$(.ci/services env)"}, then {@code mvn -q -Pbench -pl mtc-log -am test-compile
 * exec:exec -Dbench.skipSpec=true -Dbench.args="S3PgAppendBenchmark"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class S3PgAppendBenchmark {
    private static final int BATCH = 1_000;
    private static final int BATCHES = 8;

    private final List<List<byte[]>> batches = new ArrayList<>();
    private S3PgConfig config;
    private S3PgLogStore store;
    private LogStorage storage;
    private Sequencer sequencer;
    private int next;

    @Setup(Level.Trial)
    public void setup() {
        Random rnd = new Random(1);
        for (int i = 0; i < BATCHES; i++) {
            batches.add(TestCa.entries(rnd, BATCH));
        }
        config = TestServers.freshConfig(Duration.ofSeconds(30));
        store = S3PgLogStore.open(config);
        storage = store.openWriter(TestCa.LOG_NUMBER);
        sequencer = Sequencer.open(storage, new TestCa(1).config());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        storage.close();
        store.close();
        TestServers.dropSchema(config);
    }

    /** Entries per second: one op is one entry (a batch of 1,000 per invocation). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long s3pgAppend() {
        return sequencer.append(batches.get(next++ % BATCHES)).end();
    }
}
