package io.mtc4j.log.storage.s3pg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.log.sequencer.TestCa;
import io.mtc4j.log.storage.LogObjects;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.SignedNote;
import io.mtc4j.spec.tiles.EntryBundle;
import io.mtc4j.spec.tiles.TilePath;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Two leader processes (child JVMs on the test classpath) and one log: exactly one leads; the leader is killed
 * with SIGKILL while it drains the pool; the standby takes over once the lease expires. Every entry whose submit
 * returned is in the log exactly once, in submission order, and every checkpoint published during the run is a
 * prefix of the final log (no fork, no rollback). Waits only on the children's output lines.
 */
class LeaderFailoverTest {
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final long WAIT_SECONDS = 120;
    private final Random rnd = new Random(42);

    /** A child JVM running {@link LeaderProcess}, its stdout lines in a queue. */
    private static final class Child implements AutoCloseable {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Child(S3PgConfig config, String name) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path err = Path.of("target", "leader-" + name + "-" + config.schema() + ".err");
            Files.createDirectories(err.getParent());
            process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    LeaderProcess.class.getName(), config.bucket(), config.schema(),
                    Long.toString(config.leaseDuration().toMillis()))
                    .redirectError(err.toFile())
                    .start();
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String l;
                    while ((l = r.readLine()) != null) {
                        lines.add(l);
                    }
                } catch (IOException e) {
                    lines.add("EOF " + e);
                }
                lines.add("EOF");
            }, "child-" + name);
            t.setDaemon(true);
            t.start();
        }

        /** The next line matching {@code p}, skipping others (each skipped line goes to {@code seen}). */
        String await(Predicate<String> p, List<String> seen) throws InterruptedException {
            while (true) {
                String l = lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                if (l == null || l.startsWith("EOF")) {
                    throw new AssertionError("child exited or stalled before the expected line (last: " + l
                            + "); see target/leader-*.err");
                }
                seen.add(l);
                if (p.test(l)) {
                    return l;
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    private static long size(String line) {
        return Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
    }

    @Test
    void aStandbyTakesOverAfterTheLeaderIsKilledLosingAndForkingNothing() throws Exception {
        S3PgConfig config = TestServers.freshConfig(LEASE);
        TestCa ca = new TestCa(7);
        List<byte[]> acknowledged = new ArrayList<>();
        List<byte[]> published = new ArrayList<>();
        try (S3PgLogStore store = S3PgLogStore.open(config);
                Child a = new Child(config, "a")) {
            PendingPool pool = store.pendingPool();
            LogObjects objects = null;
            List<String> seenA = new ArrayList<>();
            List<String> seenB = new ArrayList<>();
            String leadA = a.await(l -> l.startsWith("LEADING"), seenA);
            try (Child b = new Child(config, "b")) {
                for (int i = 0; i < 6; i++) {
                    acknowledged.addAll(submit(pool, 8));
                }
                objects = store.objects(TestCa.LOG_NUMBER).orElseThrow();
                // Let the leader commit part of the pool, then kill -9 it while it drains the rest.
                for (long s = 0; s < 16; ) {
                    s = size(a.await(l -> l.startsWith("COMMITTED"), seenA));
                    published.add(objects.read("checkpoint").orElseThrow());
                }
                a.close();
                assertFalse(a.process.isAlive());
                for (int i = 0; i < 3; i++) {
                    acknowledged.addAll(submit(pool, 8));
                }
                String leadB = b.await(l -> l.startsWith("LEADING"), seenB);
                assertNotEquals(leadA.split(" ")[1], leadB.split(" ")[1], "another process leads");
                long total = acknowledged.size();
                for (long s = size(leadB); s < total; ) {
                    s = size(b.await(l -> l.startsWith("COMMITTED"), seenB));
                    published.add(objects.read("checkpoint").orElseThrow());
                }
                assertTrue(b.process.isAlive());
                assertTrue(seenB.stream().allMatch(l -> size(l) <= total), "nothing beyond what was submitted");
            }
            assertEquals(0, pool.size(TestCa.LOG_NUMBER), "every pool entry left with its commit");
            byte[] finalCheckpoint = objects.read("checkpoint").orElseThrow();
            Checkpoint last = Checkpoint.parse(SignedNote.parse(finalCheckpoint).text());
            assertEquals(acknowledged.size(), last.size());
            List<byte[]> log = entries(objects, last.size());
            assertEquals(acknowledged.size(), log.size());
            for (int i = 0; i < log.size(); i++) {
                assertArrayEquals(acknowledged.get(i), log.get(i), "entry " + i + " in submission order, once");
            }
            published.add(finalCheckpoint);
            for (byte[] cp : published) {
                SignedNote note = SignedNote.parse(cp);
                assertEquals(2, note.verify(ca.verifiers()).size(), "both signatures verify");
                Checkpoint c = Checkpoint.parse(note.text());
                assertArrayEquals(MemoryTree.ofEntries(HashFunction.sha256(), log.subList(0, (int) c.size()))
                        .rootHash(), c.rootHash(), "checkpoint of size " + c.size() + " is a prefix of the final log");
            }
        }
        TestServers.dropSchema(config);
    }

    private List<byte[]> submit(PendingPool pool, int n) {
        List<byte[]> es = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            es.add(TestCa.entry(rnd));
        }
        pool.submit(TestCa.LOG_NUMBER, TestCa.PROFILE, Set.of(), es);
        return es;
    }

    /** The log's entries {@code [0, size)}, read from its entry bundles. */
    private static List<byte[]> entries(LogObjects objects, long size) {
        List<byte[]> out = new ArrayList<>();
        for (long i = 0; i * TilePath.FULL_WIDTH < size; i++) {
            TilePath p = TilePath.entryBundleFor(i, size);
            out.addAll(EntryBundle.parse(p, objects.read(p.path()).orElseThrow()).entries());
        }
        return out;
    }
}
