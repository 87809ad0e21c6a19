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
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill -9 harness: a child JVM ({@link Kill9Child}) appends batches to a log directory and is stopped at
 * random points, then restarted on the same directory, trial after trial. Three ways of stopping it:
 * <ul>
 *   <li>SIGKILL ({@link ProcessHandle#destroyForcibly}) as soon as the parent has read a randomly chosen line of the
 *       child's output, so the child dies somewhere in the middle of a later append or recovery;</li>
 *   <li>an injected crash: the child halts just before a file-system step (write, force, rename, directory force,
 *       mkdir, delete, and the write-ahead log's {@code wal-write} and {@code wal-sync}): either its k-th step, k
 *       drawn at random, or the n-th step of a named crash point ({@link #CRASH_POINTS}: before a tile's temporary
 *       file is synced, between its sync and its rename, between the rename and the directory's sync, between the
 *       tiles' directory syncs and the checkpoint's publication, between the checkpoint's rename and its
 *       directory's sync, before a write-ahead record's sync, ...). The page cache survives, as after kill -9;</li>
 *   <li>a power loss at such a step: the child first writes what the disk would hold then ({@link PowerLossDisk}:
 *       only synced bytes under synced names), and the next trial starts from that.</li>
 * </ul>
 * After every trial, before any writer reopens the log, {@link LogFsck} reads the directory statically (as nginx
 * would serve it, no write-ahead replay): its checkpoint, if any, must be valid with every tile whole. At the end it
 * checks the log (signatures, every tile against the entries, the root) against every checkpoint ever observed
 * (after each append's acknowledgment, after each recovery, on disk after each trial): each must be consistent
 * with the final one, so no two differ at one size. Every acknowledged batch must be in the log with its exact
 * bytes. The crash points hit are printed at the end.
 *
 * <p>Trials: {@code -Dmtc.kill9.trials=N} (default 51); {@code -Dmtc.kill9.seed=S} repeats a run.
 */
class Kill9Test {
    private static final int BATCHES_PER_TRIAL = 5;
    /** Named crash points: a step on a kind of file ({@link PowerLossDisk#kind}). */
    static final List<String> CRASH_POINTS = List.of("force:tile-tmp", "rename:tile", "force-dir:tile-dir",
            "mkdir:tile-dir", "write:checkpoint-tmp", "force:checkpoint-tmp", "rename:checkpoint",
            "force-dir:log-dir", "wal-write:wal", "wal-sync:wal", "delete:wal");

    @TempDir
    Path dir;

    private record Ack(long start, long end, String digest) {}

    @Test
    void killedAtRandomPointsTheLogLosesNothingAcknowledgedAndNeverForks() throws Exception {
        int trials = Integer.getInteger("mtc.kill9.trials", 51);
        long seed = Long.getLong("mtc.kill9.seed", new SecureRandom().nextLong());
        System.out.println("kill -9 harness: " + trials + " trials, -Dmtc.kill9.seed=" + seed);
        Random r = new Random(seed);
        List<Ack> acks = new ArrayList<>();
        List<byte[]> observed = new ArrayList<>();
        long maxSteps = 150; // the steps of a whole trial: set by each child that runs to the end
        Map<String, Integer> crashedAt = new TreeMap<>();
        int sigkills = 0;
        int crashes = 0;
        int powerLosses = 0;
        int staticChecks = 0;
        Path store = dir.resolve("store");
        Path image = dir.resolve("image");
        for (int t = 0; t < trials; t++) {
            int mode = t % 3; // 0: SIGKILL, 1: process crash, 2: power loss
            boolean inject = mode != 0;
            String crash = !inject ? "0" : r.nextBoolean() ? Long.toString(1 + (long) (r.nextDouble() * maxSteps))
                    : CRASH_POINTS.get(r.nextInt(CRASH_POINTS.size())) + ":" + (1 + r.nextInt(3));
            int killAfterLine = inject ? -1 : r.nextInt(BATCHES_PER_TRIAL + 1);
            deleteTree(image);
            Process p = child(r.nextLong(), BATCHES_PER_TRIAL, crash, mode == 2);
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
                        case "crash" -> crashedAt.merge(s.substring("crash ".length()), 1, Integer::sum);
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
            if (exit == Kill9Child.CRASH_EXIT && mode == 2) {
                // The machine comes back with what the disk held.
                powerLosses++;
                deleteTree(store);
                Files.move(image, store);
            } else if (exit == Kill9Child.CRASH_EXIT) {
                crashes++;
            } else if (exit != 0) {
                assertTrue(killAfterLine >= 0 && exit == 137, "child exit " + exit + ": " + stderr());
                sigkills++;
            }
            // A static server on the directory now, before any writer reopens it: a valid log, every tile whole.
            Optional<byte[]> visible = new DirectoryLogObjects(store.resolve("1")).read("checkpoint");
            if (visible.isPresent()) {
                observed.add(visible.get());
                FsckReport now = fsck().check(new DirectoryLogObjects(store.resolve("1")));
                assertTrue(now.ok(), "trial " + t + " (mode " + mode + ", crash " + crash + ", -Dmtc.kill9.seed="
                        + seed + "): the directory as published: " + now.findings());
                staticChecks++;
            }
        }
        // A last clean run: recovery must succeed after whatever the last trial left.
        Process p = child(r.nextLong(), 1, "0", false);
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
                + powerLosses + " power losses, " + acks.size() + " acknowledged appends, " + observed.size()
                + " checkpoints observed, " + staticChecks + " static checks; crashed before " + crashedAt);

        LogObjects log = new DirectoryLogObjects(store.resolve("1"));
        FsckReport report = fsck().withEarlierCheckpoints(observed).check(log);
        assertTrue(report.ok(), report.findings().toString());
        long size = report.checkpoint().orElseThrow().size();
        for (Ack a : acks) {
            assertTrue(a.end <= size, "acknowledged " + a + " beyond the final size " + size);
            assertEquals(a.digest, Kill9Child.digest(entries(log, size, a.start, a.end)), "entries of " + a);
        }
        assertTrue(trials < 10 || (sigkills > 0 && crashes > 0 && powerLosses > 0),
                "the three ways of stopping the child were exercised");
    }

    private static LogFsck fsck() {
        return LogFsck.of(TestCa.PROFILE, new TestCa(1).verifiers())
                .withOrigin(TestCa.CA_ID.logId(TestCa.LOG_NUMBER).tlogName());
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    private Process child(long seed, int batches, String crash, boolean power) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djava.util.logging.config.file=" + System.getProperty("java.util.logging.config.file", ""),
                Kill9Child.class.getName(), dir.resolve("store").toString(), Long.toString(seed),
                Integer.toString(batches), crash, power ? "power" : "process", dir.resolve("image").toString());
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
