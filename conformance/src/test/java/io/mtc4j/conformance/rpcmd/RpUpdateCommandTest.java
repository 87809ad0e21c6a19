package io.mtc4j.conformance.rpcmd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.log.http.LogServer;
import io.mtc4j.log.http.LogServerConfig;
import io.mtc4j.log.sequencer.Sequencer;
import io.mtc4j.log.sequencer.SequencerConfig;
import io.mtc4j.log.storage.LocalDirectoryStore;
import io.mtc4j.log.storage.LogStorage;
import io.mtc4j.rp.cli.VerifyCommand;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaCertificate;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.ca.MtcCertificationAuthority;
import io.mtc4j.spec.cert.MtcOids;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Signer;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.der.Pem;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.landmark.LandmarkSequence;
import io.mtc4j.spec.note.NoteSigner;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mtc rp update} against a log written by mtc-log's sequencer and served by its HTTP server on loopback. */
class RpUpdateCommandTest {
    static final Profile PROFILE = Profile.current();
    static final TrustAnchorId CA = TrustAnchorId.parse("32473.1");
    static final Signer CA_KEY = Keys.signer(SignatureAlgorithm.MLDSA44,
            Keys.mlDsaSeedPkcs8(SignatureAlgorithm.MLDSA44, filled(4)), SigningMode.DETERMINISTIC);

    @TempDir
    Path tmp;

    private static byte[] filled(int b) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) b);
        return s;
    }

    private record Run(int status, String out) {}

    private static Run run(String... argv) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new RpCommand().run(List.of(argv), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    private Path caPem() throws Exception {
        MtcCertificationAuthority a = MtcCertificationAuthority.of(MtcOids.SHA256, MtcOids.ML_DSA_44,
                BigInteger.ZERO, BigInteger.TWO.shiftLeft(48).subtract(BigInteger.ONE));
        CaCertificate c = CaCertificate.buildUnsigned(PROFILE, CaIdName.experimental(CA),
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2030-12-31T23:59:59Z"), CA_KEY.publicKeySpki(),
                a, true, Optional.empty());
        Path p = tmp.resolve("ca.pem");
        Files.writeString(p, Pem.encode("CERTIFICATE", c.encoded()));
        return p;
    }

    private static void append(Sequencer s, int n) {
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(MtcLogEntry.nullEntry(PROFILE).encode());
        }
        s.append(batch);
    }

    @Test
    void oneRoundWritesTheFileMtcVerifyReadsAndALyingLogChangesNothing() throws Exception {
        Path ca = caPem();
        Path logs = tmp.resolve("logs");
        Path out = tmp.resolve("trusted-subtrees.json");
        try (LocalDirectoryStore store = LocalDirectoryStore.open(logs); LogStorage w = store.openWriter(1);
                LogServer server = LogServer.start(LocalDirectoryStore.open(logs), LogServerConfig.defaults()
                        .withListen("127.0.0.1", 0).withLimits(16, Duration.ofSeconds(1), 0, Duration.ZERO)
                        .withAccessLog(false), new PrintStream(new ByteArrayOutputStream()))) {
            Sequencer seq = Sequencer.open(w, new SequencerConfig(CA, 1, PROFILE,
                    List.of(NoteSigner.mlDsa44Cosigner(CA.tlogName(), CA_KEY, () -> 1_767_225_600L))));
            append(seq, 100);
            LandmarkSequence lm = LandmarkSequence.initial().append(100);
            append(seq, 60);
            lm = lm.append(160);
            w.writeLandmarks(lm.publish(169).format().getBytes(StandardCharsets.US_ASCII));
            String url = server.url().toString();

            Run r = run("update", "--ca", ca.toString(), "--url", url, "--out", out.toString());
            assertEquals(0, r.status(), r.out());
            assertTrue(r.out().contains("updated: 32473.1 log 1 checkpoint 160 landmarks 1..2 subtrees "), r.out());
            assertTrue(r.out().contains("landmark_group: 32473.1.2.1.2\n"), r.out());
            byte[] good = Files.readAllBytes(out);

            // mtc verify reads the file (it configures the trusted subtrees; no certificate needed for that)
            ByteArrayOutputStream vo = new ByteArrayOutputStream();
            int vs = new VerifyCommand().run(List.of("--ca", ca.toString(), "--trusted-subtrees", out.toString(),
                    ca.toString()), new PrintStream(vo), new PrintStream(vo));
            assertEquals(1, vs, vo.toString()); // the CA certificate itself is no MTC: invalid, but the file loaded
            assertTrue(vo.toString().startsWith(ca + ": invalid"), vo.toString());

            // the log rolls its landmarks back: refused, file unchanged
            w.writeLandmarks(LandmarkSequence.initial().append(100).publish(169).format()
                    .getBytes(StandardCharsets.US_ASCII));
            r = run("update", "--ca", ca.toString(), "--url", url, "--out", out.toString());
            assertEquals(1, r.status(), r.out());
            assertTrue(r.out().startsWith("refused: rollback: "), r.out());
            assertArrayEquals(good, Files.readAllBytes(out));

            // the same log read from its directory, after it grew: accepted
            append(seq, 40);
            w.writeLandmarks(lm.append(200).publish(169).format().getBytes(StandardCharsets.US_ASCII));
            r = run("update", "--ca", ca.toString(), "--url", logs.toString(), "--out", out.toString());
            assertEquals(0, r.status(), r.out());
            assertTrue(r.out().contains("landmarks 1..3"), r.out());
        }
    }

    /**
     * {@code --mirror}: the CA publishes its landmarks but its log's checkpoint and tiles are unreachable; a mirror's
     * copy (the log's directory under {@code <mirror>/<hex sha256(origin)>/}, C2SP tlog-mirror) proves the state; a
     * mirror that fell behind the trusted checkpoint changes nothing.
     */
    @Test
    void aMirrorStandsInForAnUnreachableLog() throws Exception {
        Path ca = caPem();
        Path logs = tmp.resolve("logs");
        Path out = tmp.resolve("trusted-subtrees.json");
        String hex = io.mtc4j.rp.subtrees.LandmarkUpdater.mirrorPath(CA.logId(1).tlogName());
        Path caDir = tmp.resolve("ca");
        Files.createDirectories(caDir.resolve("1"));
        try (LocalDirectoryStore store = LocalDirectoryStore.open(logs); LogStorage w = store.openWriter(1)) {
            Sequencer seq = Sequencer.open(w, new SequencerConfig(CA, 1, PROFILE,
                    List.of(NoteSigner.mlDsa44Cosigner(CA.tlogName(), CA_KEY, () -> 1_767_225_600L))));
            append(seq, 50);
            LandmarkSequence lm = LandmarkSequence.initial().append(50);
            w.writeLandmarks(lm.publish(169).format().getBytes(StandardCharsets.US_ASCII));
            copy(logs.resolve("1"), tmp.resolve("stale").resolve(hex));
            append(seq, 30);
            w.writeLandmarks(lm.append(80).publish(169).format().getBytes(StandardCharsets.US_ASCII));
            copy(logs.resolve("1"), tmp.resolve("mirror").resolve(hex));
            Files.copy(logs.resolve("1").resolve("landmarks"), caDir.resolve("1").resolve("landmarks"));
        }
        Run r = run("update", "--ca", ca.toString(), "--url", caDir.toString(), "--out", out.toString(),
                "--mirror", tmp.resolve("mirror").toString());
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("updated: 32473.1 log 1 checkpoint 80 landmarks 1..2 subtrees "), r.out());
        byte[] good = Files.readAllBytes(out);
        // without the mirror: the CA's log alone cannot prove it
        r = run("update", "--ca", ca.toString(), "--url", caDir.toString(), "--out", out.toString());
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().startsWith("refused: unavailable: "), r.out());
        // a stale mirror, read first: its checkpoint (size 50) rolls back the trusted 80
        r = run("update", "--ca", ca.toString(), "--url", caDir.toString(), "--out", out.toString(),
                "--mirror", tmp.resolve("stale").toString(), "--mirrors-first");
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().startsWith("refused: rollback: "), r.out());
        assertArrayEquals(good, Files.readAllBytes(out));
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path dst = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(p, dst);
                }
            }
        }
    }

    @Test
    void aPolicyTheCheckpointCannotMeetIsRefused() throws Exception {
        Path ca = caPem();
        Path logs = tmp.resolve("logs");
        try (LocalDirectoryStore store = LocalDirectoryStore.open(logs); LogStorage w = store.openWriter(1)) {
            Sequencer seq = Sequencer.open(w, new SequencerConfig(CA, 1, PROFILE,
                    List.of(NoteSigner.mlDsa44Cosigner(CA.tlogName(), CA_KEY, () -> 1_767_225_600L))));
            append(seq, 10);
            w.writeLandmarks("1 1\n10\n0\n".getBytes(StandardCharsets.US_ASCII));
        }
        Path policy = tmp.resolve("policy.txt");
        Files.writeString(policy, "quorum ca\n");
        Path out = tmp.resolve("ts.json");
        Run r = run("update", "--ca", ca.toString(), "--url", logs.toString(), "--out", out.toString(), "--policy",
                policy.toString(), "--max-active-landmarks", "169");
        assertEquals(0, r.status(), r.out());
        assertTrue(Files.exists(out));
    }
}
