package io.mtc4j.log.witness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mtc4j.log.client.HttpReply;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.SignedNote;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The witness's kill -9 harness: a child JVM witness ({@link WitnessKill9Child}) on one directory is stopped at
 * random points, trial after trial, while two driver threads send it add-checkpoint requests: extensions of its
 * current view, and forks of the log (other trees that agree with the main tree up to a random size), so that
 * requests race and some forks are consistent with the record and win. Two ways of stopping it: SIGKILL after a
 * random number of answers, or an injected crash just before a random file-system step of the record (the write
 * of the temporary file, its sync, the rename, the directory sync).
 *
 * <p>Checked over all trials: no two cosigned (200) checkpoints have one size and different roots, every two
 * cosigned checkpoints are consistent (the smaller is a prefix of the larger's tree), and after every restart the
 * record is at least as large as every checkpoint cosigned before and consistent with all of them (no rollback).
 *
 * <p>Trials: {@code -Dmtc.witness.kill9.trials=N} (default 24); {@code -Dmtc.witness.kill9.seed=S} repeats a run.
 */
class WitnessKill9Test {
    static final String ORIGIN = "example.com/kill9-log";

    @TempDir
    Path dir;

    /** A cosigned checkpoint and the tree it belongs to. */
    private record Ack(long size, byte[] root, SimulatedLog tree) {}

    /** The driver's view of the record: its size and the tree it belongs to. */
    private static final class View {
        long size;
        SimulatedLog tree;

        View(long size, SimulatedLog tree) {
            this.size = size;
            this.tree = tree;
        }
    }

    @Test
    void killedAtRandomPointsTheWitnessNeverCosignsTwoViewsNorRollsBack() throws Exception {
        int trials = Integer.getInteger("mtc.witness.kill9.trials", 24);
        long seed = Long.getLong("mtc.witness.kill9.seed", new SecureRandom().nextLong());
        System.out.println("witness kill -9 harness: " + trials + " trials, -Dmtc.witness.kill9.seed=" + seed);
        Random r = new Random(seed);
        List<SimulatedLog> trees = new ArrayList<>(List.of(SimulatedLog.main(ORIGIN)));
        List<Ack> acks = new ArrayList<>();
        Map<String, Integer> stops = new TreeMap<>();
        View view = new View(0, trees.get(0));
        for (int t = 0; t < trials; t++) {
            boolean inject = r.nextBoolean();
            long crashStep = inject ? 1 + r.nextInt(24) : 0;
            int killAfter = inject ? Integer.MAX_VALUE : r.nextInt(16);
            Process p = child(crashStep);
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String first = out.readLine();
                if (first == null || !first.startsWith("witness ")) {
                    stops.merge("crash at open", 1, Integer::sum);
                    p.waitFor();
                    continue;
                }
                WitnessClient client = new WitnessClient(URI.create(first.substring("witness ".length())),
                        Duration.ofSeconds(60));
                checkNoRollback(client, trees, acks, view);
                drive(client, r.nextLong(), trees, acks, view, killAfter, p);
                p.toHandle().destroyForcibly();
                for (String s = out.readLine(); s != null; s = out.readLine()) {
                    if (s.startsWith("crash ")) {
                        stops.merge("crash before " + s.substring(6), 1, Integer::sum);
                    }
                }
            } finally {
                p.toHandle().destroyForcibly();
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            }
            if (p.exitValue() != WitnessKill9Child.CRASH_EXIT) {
                stops.merge("SIGKILL", 1, Integer::sum);
            }
        }
        Process p = child(0);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("witness "), "the final clean start: " + first + " "
                    + stderr());
            checkNoRollback(new WitnessClient(URI.create(first.substring(8)), Duration.ofSeconds(60)), trees, acks,
                    view);
        } finally {
            p.toHandle().destroyForcibly();
            p.waitFor();
        }
        System.out.println("witness kill -9 harness: " + acks.size() + " checkpoints cosigned, final size "
                + view.size + ", " + trees.size() + " trees; stops " + stops);
        assertTrue(acks.size() >= trials / 2, "the driver got checkpoints cosigned: " + acks.size());
        for (Ack a : acks) {
            for (Ack b : acks) {
                if (a.size <= b.size) {
                    assertArrayEquals(a.root, b.tree.root(a.size), "cosigned " + a.size + " and " + b.size
                            + " are not one log's views");
                }
            }
        }
    }

    /** After a restart: the record (from the monitoring endpoint) is at least every cosigned size, consistent. */
    private static void checkNoRollback(WitnessClient client, List<SimulatedLog> trees, List<Ack> acks, View view)
            throws Exception {
        HttpReply m = client.checkpoint(ORIGIN);
        if (m.status() == 404) {
            assertTrue(acks.isEmpty(), "the record is gone after cosigning " + acks.size() + " checkpoints");
            return;
        }
        assertEquals(200, m.status(), m.toString());
        Checkpoint c = Checkpoint.parse(SignedNote.parse(m.body()).text());
        SimulatedLog tree = trees.stream().filter(t -> Arrays.equals(t.root(c.size()), c.rootHash())).findFirst()
                .orElseThrow(() -> new AssertionError("the record " + c + " is no tree the driver sent"));
        for (Ack a : acks) {
            assertTrue(a.size <= c.size(), "rollback: the record is " + c.size() + " after cosigning " + a.size);
            assertArrayEquals(a.root, tree.root(a.size), "the record is not consistent with cosigned " + a.size);
        }
        view.size = c.size();
        view.tree = tree;
    }

    /** Sets the view to the record the monitoring endpoint serves. */
    private static void refresh(WitnessClient client, List<SimulatedLog> trees, View view) throws IOException,
            InterruptedException {
        HttpReply m = client.checkpoint(ORIGIN);
        if (m.status() != 200) {
            throw new IOException("monitoring checkpoint: " + m);
        }
        Checkpoint c = Checkpoint.parse(SignedNote.parse(m.body()).text());
        if (c.size() > view.size) {
            view.size = c.size();
            view.tree = trees.stream().filter(t -> Arrays.equals(t.root(c.size()), c.rootHash())).findFirst()
                    .orElseThrow(() -> new AssertionError("the record " + c + " is no tree the driver sent"));
        }
    }

    /** Two threads send requests until the child is stopped (or after {@code killAfter} answers, SIGKILL). */
    private static void drive(WitnessClient client, long seed, List<SimulatedLog> trees, List<Ack> acks, View view,
            int killAfter, Process p) throws Exception {
        AtomicInteger answers = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                Random r = new Random(seed + k);
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        byte[] body;
                        SimulatedLog tree;
                        long size;
                        synchronized (acks) {
                            size = view.size + 1 + r.nextInt(20);
                            if (r.nextInt(3) == 0) {
                                // a fork of the main tree at a random point up to the record: consistent with the
                                // record only when it forks at its size and the record is still the main tree's
                                long at = r.nextBoolean() ? view.size : r.nextInt((int) view.size + 1);
                                tree = SimulatedLog.fork(ORIGIN, "fork-" + trees.size(), at);
                                trees.add(tree);
                            } else {
                                tree = view.tree;
                            }
                            body = WitnessClient.addCheckpointBody(view.size, tree.proof(view.size, size),
                                    tree.note(size));
                        }
                        HttpReply a;
                        try {
                            a = client.addCheckpoint(body);
                        } catch (IOException e) {
                            return null; // the child was stopped
                        }
                        synchronized (acks) {
                            if (a.status() == 200) {
                                acks.add(new Ack(size, tree.root(size), tree));
                                if (size > view.size) {
                                    view.size = size;
                                    view.tree = tree;
                                }
                            } else if (a.status() == 409) {
                                if (Long.parseLong(a.text().strip()) > view.size) {
                                    // another request won, maybe one whose answer was lost: learn the record
                                    try {
                                        refresh(client, trees, view);
                                    } catch (IOException e) {
                                        return null;
                                    }
                                }
                            } else if (a.status() != 422) {
                                fail("unexpected answer " + a);
                            }
                        }
                        if (answers.incrementAndGet() == killAfter) {
                            p.toHandle().destroyForcibly();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private Process child(long crashStep) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", WitnessKill9Child.class.getName(),
                dir.resolve("witness").toString(), Long.toString(crashStep));
        pb.redirectError(dir.resolve("child.stderr").toFile());
        return pb.start();
    }

    private String stderr() throws IOException {
        return Files.readString(dir.resolve("child.stderr"));
    }
}
