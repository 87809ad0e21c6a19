package io.mtc4j.log.bench;

import io.mtc4j.log.sequencer.Sequencer;
import io.mtc4j.log.sequencer.TestCa;
import io.mtc4j.log.storage.CountingStore;
import io.mtc4j.log.storage.LocalDirectoryStore;
import io.mtc4j.log.storage.LogStorage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Durable appends to a local directory: {@link Sequencer#append} of batches of 1,000 MTCLogEntry values of about
 * 400 bytes, checked, tiled, signed (ML-DSA-44 CA cosigner and Ed25519) and committed to disk, in entries per
 * second, from one appender ({@code durableAppend}) and from four sharing one log
 * ({@code durableAppendFourAppenders}). Their floor, {@code syncFloor}, is what a durable batch would need if it
 * were one file: its ~400 KB written once to a new file, synced, renamed, and the directory synced (the local
 * directory's append syncs once, a write-ahead record appended to an existing file; its durability thread then
 * syncs the tiles, renames them into place, syncs their directories and only then publishes the checkpoint, and
 * the log prints at tear-down how far that publication lagged acknowledgement: {@code log.close ...
 * publicationLagMeanMillis=... publicationLagMaxMillis=...}). Set
 * {@code -Dbench.dir=PATH} to measure another file system (default: the system temporary directory). Run with {@code mvn -q -Pbench -pl mtc-log -am test-compile exec:exec
 * -Dbench.skipSpec=true -Dbench.args="DurableAppendBenchmark"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DurableAppendBenchmark extends WithLog {
    private static final int BATCH = 1_000;
    private static final int BATCHES = 16;

    private final List<List<byte[]>> batches = new ArrayList<>();
    private byte[] batchBytes;
    private int next;
    private long syncs;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        Random rnd = new Random(1);
        int total = 0;
        for (int i = 0; i < BATCHES; i++) {
            List<byte[]> b = TestCa.entries(rnd, BATCH);
            batches.add(b);
            for (byte[] e : b) {
                total += e.length + 2;
            }
        }
        batchBytes = new byte[total / BATCHES];
        log = new Log("mtc-log-bench");
    }

    /** Entries per second: one op is one entry (a batch of 1,000 per invocation). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long durableAppend() {
        return log.sequencer.append(batches.get(next++ % BATCHES)).end();
    }

    /**
     * Four appenders sharing one sequencer (as the CA's front ends would), in entries per second over all four:
     * each checks its batch while another's is written.
     */
    @Benchmark
    @Threads(4)
    @OperationsPerInvocation(BATCH)
    public long durableAppendFourAppenders(Shared shared) {
        return shared.sequencer.append(batches.get(next++ % BATCHES)).end();
    }

    /** One log shared by the threads of {@link #durableAppendFourAppenders}. */
    @State(Scope.Benchmark)
    public static class Shared extends WithLog {
        Sequencer sequencer;

        @Setup(Level.Trial)
        public void setup() throws IOException {
            log = new Log("mtc-log-bench-shared");
            sequencer = log.sequencer;
        }
    }

    /**
     * A log in a new directory under {@code bench.dir}, and its sequencer. At the end of each iteration that
     * appended, it prints the work per entry, which does not depend on how loaded the machine is:
     * {@code work entries=N syncsPerEntry=... cpuMicrosPerEntry=... steps={...}} (syncs: files and directories
     * forced and write-ahead records synced, counting the durability thread's; CPU: the whole process's).
     */
    static final class Log {
        final Path dir;
        final CountingStore counting;
        final LocalDirectoryStore store;
        final LogStorage storage;
        final Sequencer sequencer;
        private long startSize;
        private long startSyncs;
        private long startCpuNanos;
        private Map<String, Long> startSteps = Map.of();

        Log(String prefix) throws IOException {
            Path base = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
            dir = Files.createTempDirectory(base, prefix);
            counting = CountingStore.open(dir);
            store = counting.store();
            storage = store.openWriter(TestCa.LOG_NUMBER);
            sequencer = Sequencer.open(storage, new TestCa(1).config());
        }

        void startIteration() {
            startSize = sequencer.size();
            startSyncs = counting.syncs();
            startSteps = counting.counts();
            startCpuNanos = processCpuNanos();
        }

        void endIteration() {
            long entries = sequencer.size() - startSize;
            if (entries == 0) {
                return;
            }
            long cpu = processCpuNanos() - startCpuNanos;
            Map<String, Long> steps = new TreeMap<>();
            counting.counts().forEach((k, v) -> steps.put(k, v - startSteps.getOrDefault(k, 0L)));
            System.out.printf(Locale.ROOT, "%nwork entries=%d syncsPerEntry=%.4f cpuMicrosPerEntry=%.1f steps=%s%n",
                    entries, (counting.syncs() - startSyncs) / (double) entries, cpu / 1e3 / entries, steps);
        }

        private static long processCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        void close() throws IOException {
            storage.close();
            store.close();
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Floor, in entries per second: one batch's bytes written once, synced, renamed, directory synced. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long syncFloor() throws IOException {
        Path tmp = log.dir.resolve("floor.tmp");
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            c.write(ByteBuffer.wrap(batchBytes));
            c.force(true);
        }
        Files.move(tmp, log.dir.resolve("floor"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(log.dir, StandardOpenOption.READ)) {
            d.force(true);
        }
        return ++syncs;
    }
}
