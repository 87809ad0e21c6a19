package io.mtc4j.conformance.mirrorcmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mtc4j.conformance.logcmd.LogDirFixture;
import io.mtc4j.log.client.HttpReply;
import io.mtc4j.log.client.LogClient;
import io.mtc4j.log.client.LogTransport;
import io.mtc4j.log.fsck.FsckReport;
import io.mtc4j.log.fsck.LogFsck;
import io.mtc4j.log.mirror.Mirror;
import io.mtc4j.log.mirror.MirrorClient;
import io.mtc4j.log.sequencer.Sequencer;
import io.mtc4j.log.sequencer.SequencerConfig;
import io.mtc4j.log.storage.LocalDirectoryStore;
import io.mtc4j.log.storage.LogObjects;
import io.mtc4j.log.storage.LogStore;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.NoteSigner;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.note.SignedNote;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror's kill -9 harness: {@code mtc mirror serve} runs in a child JVM while an upload client pushes a
 * growing issuance log to it, a few packages per request; the child is SIGKILLed right after the client has read
 * a randomly chosen answer (so it dies somewhere in the next request: reading a package, writing its tiles,
 * persisting the next entry, committing or signing), or right after it is ready; then it is restarted on the same
 * directory, trial after trial. Checked across all trials:
 * <ul>
 *   <li>it never signs two views of one size: every checkpoint it cosigned (200 answers, the copy on disk after
 *       each kill, the served one) has one root per size, each consistent with the log (K26, K1);</li>
 *   <li>it never rewinds: the copy's checkpoint on disk after each kill is at least every size it acknowledged with
 *       200 (persisted before answering) and at least the one after the previous kill;</li>
 *   <li>a crash mid-upload resumes: a final clean run completes the upload, and {@link LogFsck} finds the copy (every
 *       tile against the entries, the root, the log's signatures) consistent with every checkpoint observed.</li>
 * </ul>
 * Trials: {@code -Dmtc.mirror.kill9.trials=N} (default 20); {@code -Dmtc.mirror.kill9.seed=S} repeats a run. Here
 * with the copies in {@code DIR/logs}; {@link S3PgMirrorKill9Test} runs the harness with them in S3 + PostgreSQL.
 */
class MirrorKill9Test {
    private static final TrustAnchorId CA = TrustAnchorId.parse("32473.1");
    private static final Profile PROFILE = Profile.PLANTS_05;

    @TempDir
    Path dir;
    /** Starts refused because a killed child's lease had not expired yet. */
    private int leaseWaits;

    /** Prepares the mirror's directory (its configuration file) before the first start. */
    void configure(Path mirrorDir) throws Exception {}

    /** What the child's environment adds (credentials of the back end). */
    Map<String, String> childEnvironment() {
        return Map.of();
    }

    /** The mirror's store, opened for reading while the child is down. */
    LogStore openCopies() {
        return LocalDirectoryStore.open(dir.resolve("mirror").resolve("logs"));
    }

    /** The number of trials without {@code -Dmtc.mirror.kill9.trials}. */
    int defaultTrials() {
        return 20;
    }

    @Test
    void killedAtRandomPointsTheMirrorNeverForksNorRewindsAndResumes() throws Exception {
        int trials = Integer.getInteger("mtc.mirror.kill9.trials", defaultTrials());
        long seed = Long.getLong("mtc.mirror.kill9.seed", new SecureRandom().nextLong());
        System.out.println("mirror kill -9 harness: " + trials + " trials, -Dmtc.mirror.kill9.seed=" + seed);
        Random r = new Random(seed);
        SecureRandom keyRandom = new SecureRandom(Long.toString(seed).getBytes(StandardCharsets.US_ASCII));
        NoteSigner caCosigner = NoteSigner.mlDsa44Cosigner(CA.tlogName(), Keys.generate(SignatureAlgorithm.MLDSA44,
                keyRandom, SigningMode.RANDOMIZED), () -> 0);
        String origin = CA.logId(1).tlogName();
        NoteSigner logKey = NoteSigner.ed25519(origin, Keys.generate(SignatureAlgorithm.ED25519, keyRandom,
                SigningMode.RANDOMIZED));
        List<NoteVerifier> logVerifiers = List.of(caCosigner.verifier(), logKey.verifier());
        List<byte[]> all = LogDirFixture.entries(400 * (trials + 1));
        Path mirrorDir = dir.resolve("mirror");
        Files.createDirectories(mirrorDir);
        configure(mirrorDir);
        long copy = Mirror.copyNumber(origin);
        List<byte[]> observed = new ArrayList<>();
        Map<Long, byte[]> rootBySize = new HashMap<>();
        long acknowledged = 0;
        long onDisk = 0;
        int kills = 0;
        int completed = 0;
        List<String> vkeys = null;
        try (LogStore store = LocalDirectoryStore.open(dir.resolve("ca"))) {
            Sequencer log = Sequencer.open(store.openWriter(1), new SequencerConfig(CA, 1, PROFILE,
                    List.of(caCosigner, logKey)));
            LogObjects objects = store.objects(1).orElseThrow();
            for (int t = 0; t <= trials; t++) {
                boolean last = t == trials;
                int grow = 1 + r.nextInt(400);
                int from = (int) log.size();
                log.append(all.subList(from, from + grow));
                MirrorProcess child = start(mirrorDir, logKey.verifier().vkey().orElseThrow(),
                        caCosigner.verifier().vkey().orElseThrow());
                if (vkeys == null) {
                    vkeys = child.vkeys();
                }
                assertEquals(vkeys, child.vkeys(), "the mirror's keys survive restarts");
                List<NoteVerifier> mirrorKeys = child.vkeys().stream().map(NoteVerifier::fromVkey).toList();
                int killAfter = last ? Integer.MAX_VALUE : r.nextInt(6) - 1;
                AtomicInteger answers = new AtomicInteger();
                if (killAfter < 0) {
                    child.process().toHandle().destroyForcibly();
                }
                MirrorClient client = new MirrorClient(child.url(), Duration.ofSeconds(60))
                        .packagesPerRequest(1 + r.nextInt(3))
                        .listener((status, next) -> {
                            if (answers.getAndIncrement() == killAfter) {
                                child.process().toHandle().destroyForcibly();
                            }
                        });
                LogClient source = LogClient.builder(LogTransport.of(objects, "ca")).verifiers(logVerifiers).build();
                source.update();
                try {
                    MirrorClient.Result res = client.upload(source, mirrorKeys);
                    assertEquals(2, res.cosignatures().size(), "both mirror keys cosign");
                    SignedNote logged = source.checkpointNote().orElseThrow();
                    List<io.mtc4j.spec.note.NoteSignature> sigs = new ArrayList<>(logged.signatures());
                    sigs.addAll(res.cosignatures());
                    SignedNote note = new SignedNote(logged.text(), sigs);
                    observed.add(note.bytes());
                    Checkpoint cp = res.checkpoint();
                    acknowledged = Math.max(acknowledged, cp.size());
                    completed++;
                } catch (io.mtc4j.log.mirror.MirrorException e) {
                    if (last || e.status() != 500 && e.status() < 500 && e.status() != 409) {
                        throw new AssertionError("trial " + t + ": the mirror refused: " + e.getMessage(), e);
                    }
                } catch (IOException e) {
                    if (last) {
                        throw e;
                    }
                    // the child died under the upload: expected
                }
                if (last) {
                    HttpReply served = get(child.url(), origin);
                    assertEquals(200, served.status());
                    observed.add(served.body());
                    assertEquals(log.size(), Checkpoint.parse(SignedNote.parse(served.body()).text()).size(),
                            "the final clean run completes the upload");
                }
                child.process().toHandle().destroyForcibly();
                int exit = child.process().waitFor();
                if (!last) {
                    assertEquals(137, exit, "killed: " + stderr());
                    kills++;
                }
                Optional<byte[]> stored;
                try (LogStore copies = openCopies()) {
                    stored = copies.objects(copy).flatMap(o -> o.read("checkpoint"));
                }
                if (stored.isPresent()) {
                    byte[] disk = stored.get();
                    observed.add(disk);
                    long size = Checkpoint.parse(SignedNote.parse(disk).text()).size();
                    assertTrue(size >= acknowledged, "trial " + t + ": the copy is at " + size + " after acknowledging "
                            + acknowledged + " (persist before 200)");
                    assertTrue(size >= onDisk, "trial " + t + ": the copy rewound from " + onDisk + " to " + size);
                    onDisk = size;
                }
            }
            for (byte[] o : observed) {
                SignedNote n = SignedNote.parse(o);
                Checkpoint c = Checkpoint.parse(n.text());
                byte[] before = rootBySize.putIfAbsent(c.size(), c.rootHash());
                assertTrue(before == null || Arrays.equals(before, c.rootHash()), "two views of size " + c.size());
                assertTrue(!n.verify(vkeys.stream().map(NoteVerifier::fromVkey).toList()).isEmpty(),
                        "every copy checkpoint carries a mirror cosignature");
            }
            try (LogStore copies = openCopies()) {
                FsckReport report = LogFsck.of(PROFILE, logVerifiers).withOrigin(origin)
                        .withEarlierCheckpoints(observed).check(copies.objects(copy).orElseThrow());
                assertTrue(report.ok(), report.findings().toString());
                assertEquals(log.size(), report.checkpoint().orElseThrow().size());
            }
        }
        System.out.println("mirror kill -9 harness: " + kills + " SIGKILLs, " + completed + " uploads completed, "
                + observed.size() + " cosigned checkpoints observed, " + rootBySize.size() + " sizes, " + leaseWaits
                + " starts refused while a killed child's lease held");
        assertTrue(trials < 10 || kills >= trials, "every trial but the last killed the child");
    }

    /**
     * {@code mtc mirror serve} trusting the log's Ed25519 key (named the origin) and its CA cosigner key. A back end
     * with leases keeps a killed child's copies leased until the lease expires: a start refused for that alone is
     * tried again, for at most a minute.
     */
    private MirrorProcess start(Path mirrorDir, String logVkey, String caVkey) throws IOException,
            InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            Optional<MirrorProcess> p = MirrorProcess.tryStart(mirrorDir, dir.resolve("child.stderr"),
                    childEnvironment(), "--listen", "127.0.0.1:0", "--log-key", logVkey, "--log-key", caVkey);
            if (p.isPresent()) {
                return p.get();
            }
            if (!stderr().contains("the leader lease is held by") || System.nanoTime() > deadline) {
                fail("mtc mirror serve exited before it was ready: " + stderr());
            }
            leaseWaits++;
        }
    }

    private String stderr() {
        return MirrorProcess.tail(dir.resolve("child.stderr"));
    }

    private static HttpReply get(URI url, String origin) throws IOException, InterruptedException {
        java.net.http.HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(URI.create(url + "/" + Mirror.originHash(origin) + "/checkpoint"))
                        .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        return new HttpReply(r.statusCode(), "", r.body());
    }
}
