package io.mtc4j.log.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mtc4j.log.fsck.FsckReport;
import io.mtc4j.log.fsck.LogFsck;
import io.mtc4j.log.sequencer.TestCa;
import io.mtc4j.spec.tiles.EntryBundle;
import io.mtc4j.spec.tiles.TilePath;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill -9 harness: a child JVM ({@link Kill9Child}) appends batches to a log directory and is stopped at
 * random points, then restarted on the same directory, trial after trial. Two ways of stopping it:
 * <ul>
 *   <li>SIGKILL ({@link ProcessHandle#destroyForcibly}) as soon as the parent has read a randomly chosen line of the
 *       child's output, so the child dies somewhere in the middle of a later append or recovery;</li>
 *   <li>an injected crash: the child halts just before its k-th file-system step (write, force, rename,
 *       directory force, mkdir, delete, and the write-ahead log's {@code wal-write} and {@code wal-sync}), k drawn
 *       at random, which hits every point between a temporary file's write, its sync, its rename and its
 *       directory's sync, between a batch's write-ahead record and its sync, between that and the renames of
 *       its tiles and checkpoint, and inside the durability thread's syncs and segment changes. The steps hit are
 *       printed at the end.</li>
 * </ul>
 * At the end {@link LogFsck} checks the log (signatures, every tile against the entries, the root) against every
 * checkpoint ever observed (after each append's acknowledgment, after each recovery, on disk after each trial):
 * each must be consistent with the final one, so no two differ at one size. Every acknowledged batch must be in
 * the log with its exact bytes.
 *
 * <p>A process crash keeps what reached the page cache; a power loss would not. The harness thus tests the
 * ordering of renames; the ordering of syncs, which covers power loss, is argued in {@code Sequencer}'s and
 * {@code LocalDirectoryStorage}'s comments, and {@link WriteAheadRecoveryTest} damages a copy of the directory as
 * a power loss could and checks recovery re-creates it.
 *
 * <p>Trials: {@code -Dmtc.kill9.trials=N} (default 50); {@code -Dmtc.kill9.seed=S} repeats a run.
 */
class Kill9Test {
    private static final int BATCHES_PER_TRIAL = 5;

    @TempDir
    Path dir;

    private record Ack(long start, long end, String digest) {}

    @Test
    void killedAtRandomPointsTheLogLosesNothingAcknowledgedAndNeverForks() throws Exception {
        int trials = Integer.getInteger("mtc.kill9.trials", 50);
        long seed = Long.getLong("mtc.kill9.seed", new SecureRandom().nextLong());
        System.out.println("kill -9 harness: " + trials + " trials, -Dmtc.kill9.seed=" + seed);
        Random r = new Random(seed);
        List<Ack> acks = new ArrayList<>();
        List<byte[]> observed = new ArrayList<>();
        long maxSteps = 150; // the steps of a whole trial: set by each child that runs to the end
        Map<String, Integer> crashedAt = new TreeMap<>();
        int sigkills = 0;
        int crashes = 0;
        for (int t = 0; t < trials; t++) {
            boolean inject = r.nextBoolean();
            long crashStep = inject ? 1 + (long) (r.nextDouble() * maxSteps) : 0;
            int killAfterLine = inject ? -1 : r.nextInt(BATCHES_PER_TRIAL + 1);
            Process p = child(r.nextLong(), BATCHES_PER_TRIAL, crashStep);
            int line = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String s = out.readLine(); s != null; s = out.readLine()) {
                    String[] f = s.split(" ");
                    switch (f[0]) {
                        case "open" -> observed.add(Base64.getDecoder().decode(f[2]));
                        case "ack" -> {
                            acks.add(new Ack(Long.parseLong(f[1]), Long.parseLong(f[2]), f[3]));
                            observed.add(Base64.getDecoder().decode(f[4]));
                        }
                        case "done" -> maxSteps = Math.max(1, Long.parseLong(f[1]));
                        case "crash" -> crashedAt.merge(f[1], 1, Integer::sum);
                        default -> fail("unexpected child output: " + s);
                    }
                    if (line++ == killAfterLine) {
                        // SIGKILL through the handle: Process.destroyForcibly would also close the pipe, losing
                        // lines (acknowledgments) the child wrote just before it died.
                        p.toHandle().destroyForcibly();
                    }
                }
            }
            int exit = p.waitFor();
            if (exit == Kill9Child.CRASH_EXIT) {
                crashes++;
            } else if (exit != 0) {
                assertTrue(killAfterLine >= 0 && exit == 137, "child exit " + exit + ": " + stderr());
                sigkills++;
            }
            new DirectoryLogObjects(dir.resolve("1")).read("checkpoint").ifPresent(observed::add);
        }
        // A last clean run: recovery must succeed after whatever the last trial left.
        Process p = child(r.nextLong(), 1, 0);
        String last;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            List<String> lines = out.lines().toList();
            last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
            for (String s : lines) {
                String[] f = s.split(" ");
                if (f[0].equals("ack")) {
                    acks.add(new Ack(Long.parseLong(f[1]), Long.parseLong(f[2]), f[3]));
                    observed.add(Base64.getDecoder().decode(f[4]));
                }
            }
        }
        assertEquals(0, p.waitFor(), "the final clean run: " + stderr());
        assertTrue(last.startsWith("done"), last);
        System.out.println("kill -9 harness: " + sigkills + " SIGKILLs, " + crashes + " injected crashes, "
                + acks.size() + " acknowledged appends, " + observed.size() + " checkpoints observed; crashed before "
                + crashedAt);

        LogObjects log = new DirectoryLogObjects(dir.resolve("1"));
        FsckReport report = LogFsck.of(TestCa.PROFILE, new TestCa(1).verifiers())
                .withOrigin(TestCa.CA_ID.logId(TestCa.LOG_NUMBER).tlogName())
                .withEarlierCheckpoints(observed).check(log);
        assertTrue(report.ok(), report.findings().toString());
        long size = report.checkpoint().orElseThrow().size();
        for (Ack a : acks) {
            assertTrue(a.end <= size, "acknowledged " + a + " beyond the final size " + size);
            assertEquals(a.digest, Kill9Child.digest(entries(log, size, a.start, a.end)), "entries of " + a);
        }
        assertTrue(trials < 10 || (sigkills > 0 && crashes > 0), "both ways of stopping the child were exercised");
    }

    private Process child(long seed, int batches, long crashStep) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djava.util.logging.config.file=" + System.getProperty("java.util.logging.config.file", ""),
                Kill9Child.class.getName(), dir.toString(), Long.toString(seed), Integer.toString(batches),
                Long.toString(crashStep));
        pb.redirectError(dir.resolve("child.stderr").toFile());
        return pb.start();
    }

    private String stderr() throws IOException {
        return Files.readString(dir.resolve("child.stderr"));
    }

    private static List<byte[]> entries(LogObjects log, long size, long start, long end) {
        List<byte[]> out = new ArrayList<>();
        EntryBundle b = null;
        long loaded = -1;
        for (long i = start; i < end; i++) {
            if (i / 256 != loaded) {
                loaded = i / 256;
                TilePath p = TilePath.entryBundleFor(loaded, size);
                b = EntryBundle.parse(p, log.read(p.path()).orElseThrow());
            }
            out.add(b.entry((int) (i % 256)));
        }
        return out;
    }
}
