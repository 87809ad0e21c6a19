package io.mtc4j.log.witness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.cosign.CosignedMessage;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MerkleHash;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.Cosignature;
import io.mtc4j.spec.note.NoteSignature;
import io.mtc4j.spec.note.NoteSigner;
import io.mtc4j.spec.note.SignedNote;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tlog-witness procedures of {@link Witness} on a directory record: every status and body of the spec. */
class WitnessTest {
    static final String ORIGIN = "example.com/witness-test-log";
    static final WitnessKeys KEYS = WitnessKeys.loadOrCreate(freshDir(), "witness.example/w1", new SecureRandom());

    @TempDir
    Path dir;
    private DirectoryWitnessStore store;
    private Witness witness;

    static Path freshDir() {
        try {
            Path d = java.nio.file.Files.createTempDirectory("witness-keys");
            d.toFile().deleteOnExit();
            return d;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeEach
    void open() {
        store = DirectoryWitnessStore.open(dir);
        witness = witness(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static Witness witness(WitnessStore store) {
        return new Witness(TrustedLogs.of(List.of(SimulatedLog.vkey(WitnessTest.ORIGIN))), KEYS, store,
                () -> System.currentTimeMillis() / 1000);
    }

    /** Checks the 200 body: one Ed25519 and one ML-DSA-44 cosignature on the checkpoint, start 0, end = size, ts != 0. */
    static void assertCosigned(WitnessAnswer a, byte[] note) {
        assertEquals(200, a.status(), a.reason());
        String lines = new String(a.body(), StandardCharsets.UTF_8);
        for (String l : lines.split("\n")) {
            assertTrue(l.startsWith(SignedNote.EM_DASH + " witness.example/w1 "), l);
        }
        SignedNote cosigned = SignedNote.parse(new String(note, StandardCharsets.UTF_8) + lines);
        List<NoteSignature> ok = cosigned.verify(KEYS.verifiers());
        assertEquals(2, ok.size(), "both witness keys verify");
        Cosignature ed = Cosignature.parse(SignatureAlgorithm.ED25519, ok.get(0).signature());
        Cosignature ml = Cosignature.parse(SignatureAlgorithm.MLDSA44, ok.get(1).signature());
        assertTrue(ed.timestamp() > 0 && ml.timestamp() > 0, "timestamps must not be zero");
    }

    @Test
    void firstCheckpointIsCosignedRecordedAndServedToMonitors() {
        SimulatedLog log = SimulatedLog.main(WitnessTest.ORIGIN);
        WitnessAnswer a = witness.addCheckpoint(log.addCheckpointBody(0, 10));
        assertCosigned(a, log.note(10));
        WitnessAnswer m = witness.monitoringCheckpoint(CosignedCheckpoint.originHash(WitnessTest.ORIGIN));
        assertEquals(200, m.status());
        SignedNote served = SignedNote.parse(m.body());
        assertEquals(log.checkpoint(10), Checkpoint.parse(served.text()));
        assertEquals(1, served.verify(List.of(SimulatedLog.signer(WitnessTest.ORIGIN, "log").verifier())).size(), "the log's signature is kept");
        assertEquals(2, served.verify(KEYS.verifiers()).size(), "the witness's cosignatures are included");
        assertEquals(404, witness.monitoringCheckpoint(CosignedCheckpoint.originHash("example.com/other")).status());
        assertEquals(404, witness.monitoringCheckpoint("ABC").status());
    }

    @Test
    void extensionsAreCosignedAfterConsistencyProofs() {
        SimulatedLog log = SimulatedLog.main(WitnessTest.ORIGIN);
        long old = 0;
        for (long size : new long[] {1, 2, 3, 7, 8, 9, 255, 256, 257, 511, 999, 999, 1000}) {
            assertCosigned(witness.addCheckpoint(log.addCheckpointBody(old, size)), log.note(size));
            old = size;
        }
    }

    @Test
    void unknownOriginIs404AndUntrustedOrBadSignaturesAre403() {
        SimulatedLog unknown = SimulatedLog.main("example.com/unknown");
        assertEquals(404, witness.addCheckpoint(unknown.addCheckpointBody(0, 5)).status());
        // the right name, another key: no trusted signature
        SimulatedLog wrongKey = SimulatedLog.untrusted(WitnessTest.ORIGIN);
        assertEquals(403, witness.addCheckpoint(wrongKey.addCheckpointBody(0, 5)).status());
        // a trusted key's name and ID with a signature that does not verify
        SimulatedLog log = SimulatedLog.main(WitnessTest.ORIGIN);
        SignedNote n = SignedNote.parse(log.note(5));
        NoteSignature s = n.signatures().get(0);
        byte[] sig = s.signature();
        sig[0] ^= 1;
        byte[] forged = new SignedNote(n.text(), List.of(new NoteSignature(s.keyName(), s.keyId(), sig))).format()
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(403, witness.addCheckpoint(WitnessClient.addCheckpointBody(0, List.of(), forged)).status());
        assertEquals(404, witness.monitoringCheckpoint(CosignedCheckpoint.originHash(WitnessTest.ORIGIN)).status(),
                "nothing was recorded");
    }

    @Test
    void malformedBodiesAre400() {
        SimulatedLog log = SimulatedLog.main(WitnessTest.ORIGIN);
        assertCosigned(witness.addCheckpoint(log.addCheckpointBody(0, 10)), log.note(10));
        byte[] note = log.note(20);
        // old > size
        assertEquals(400, witness.addCheckpoint(log.addCheckpointBody(30, 20)).status());
        // 64 proof lines (63 is the most a client may send)
        List<byte[]> proof = log.proof(10, 20);
        List<byte[]> padded = new ArrayList<>(proof);
        while (padded.size() < 64) {
            padded.add(new byte[32]);
        }
        WitnessAnswer a = witness.addCheckpoint(WitnessClient.addCheckpointBody(10, padded, note));
        assertEquals(400, a.status());
        assertTrue(a.reason().contains("consistency_proof"), a.reason());
        // 63 lines parse, and the proof does not verify
        assertEquals(422, witness.addCheckpoint(WitnessClient.addCheckpointBody(10, padded.subList(0, 63), note))
                .status());
        for (String bad : List.of("old 010\n\n", "old -1\n\n", "old 10 \n\n", "olds 10\n\n", "old 10\n",
                "old 10\nnot base64!\n\n", "old 10\n" + Base64.getEncoder().encodeToString(new byte[31]) + "\n\n",
                "\n")) {
            byte[] head = bad.getBytes(StandardCharsets.US_ASCII);
            byte[] body = new byte[head.length + note.length];
            System.arraycopy(head, 0, body, 0, head.length);
            System.arraycopy(note, 0, body, head.length, note.length);
            assertEquals(400, witness.addCheckpoint(body).status(), bad);
        }
        assertEquals(400, witness.addCheckpoint("old 10\n\nnot a note\n".getBytes(StandardCharsets.UTF_8)).status());
        assertEquals(10, store.latest(CosignedCheckpoint.originHash(WitnessTest.ORIGIN)).orElseThrow().size());
    }

    @Test
    void wrongOldSizeIs409WithTheLatestSize() {
        SimulatedLog log = SimulatedLog.main(WitnessTest.ORIGIN);
        assertCosigned(witness.addCheckpoint(log.addCheckpointBody(0, 10)), log.note(10));
        for (long old : new long[] {0, 5, 11}) {
            WitnessAnswer a = witness.addCheckpoint(log.addCheckpointBody(old, 20));
            assertEquals(409, a.status(), "old " + old);
            assertEquals("text/x.tlog.size", a.contentType());
            assertEquals("10\n", new String(a.body(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void inconsistentCheckpointsAre422AndNeverCosigned() {
        SimulatedLog log = SimulatedLog.main(WitnessTest.ORIGIN);
        assertCosigned(witness.addCheckpoint(log.addCheckpointBody(0, 10)), log.note(10));
        // a bad proof
        List<byte[]> proof = log.proof(10, 20);
        proof.get(0)[0] ^= 1;
        assertEquals(422, witness.addCheckpoint(WitnessClient.addCheckpointBody(10, proof, log.note(20))).status());
        // an oversized proof: the right hashes and one more
        List<byte[]> longer = log.proof(10, 20);
        longer.add(new byte[32]);
        assertEquals(422, witness.addCheckpoint(WitnessClient.addCheckpointBody(10, longer, log.note(20))).status());
        // a split view: a tree of the same size with another hash
        SimulatedLog fork = SimulatedLog.fork(WitnessTest.ORIGIN, "fork", 5);
        assertEquals(422, witness.addCheckpoint(fork.addCheckpointBody(10, 10)).status());
        // a fork before the recorded size: its own proof from 10 does not match the recorded hash
        assertEquals(422, witness.addCheckpoint(fork.addCheckpointBody(10, 20)).status());
        assertEquals(10, store.latest(CosignedCheckpoint.originHash(WitnessTest.ORIGIN)).orElseThrow().size());
        assertArrayEquals(log.root(10), store.latest(CosignedCheckpoint.originHash(WitnessTest.ORIGIN)).orElseThrow()
                .checkpoint().rootHash());
        // the same checkpoint again is cosigned again
        assertCosigned(witness.addCheckpoint(log.addCheckpointBody(10, 10)), log.note(10));
    }

    @Test
    void sizeZeroNeedsTheEmptyHashAndOldZeroAnEmptyProof() {
        SimulatedLog log = SimulatedLog.main(WitnessTest.ORIGIN);
        byte[] notEmpty = SimulatedLog.main(WitnessTest.ORIGIN).sign(new Checkpoint(WitnessTest.ORIGIN, 0, log.root(3)));
        assertEquals(422, witness.addCheckpoint(WitnessClient.addCheckpointBody(0, List.of(), notEmpty)).status());
        assertEquals(422, witness.addCheckpoint(WitnessClient.addCheckpointBody(0, log.proof(3, 10), log.note(10)))
                .status());
        byte[] empty = SimulatedLog.main(WitnessTest.ORIGIN).sign(new Checkpoint(WitnessTest.ORIGIN, 0,
                MerkleHash.emptyHash(HashFunction.sha256())));
        assertCosigned(witness.addCheckpoint(WitnessClient.addCheckpointBody(0, List.of(), empty)), empty);
    }

    @Test
    void theRecordSurvivesARestartAndRollbacksAreRefused() {
        SimulatedLog log = SimulatedLog.main(WitnessTest.ORIGIN);
        assertCosigned(witness.addCheckpoint(log.addCheckpointBody(0, 50)), log.note(50));
        store.close();
        store = DirectoryWitnessStore.open(dir);
        witness = witness(store);
        assertEquals(409, witness.addCheckpoint(log.addCheckpointBody(0, 20)).status(), "rollback to 20 with old 0");
        assertEquals(409, witness.addCheckpoint(log.addCheckpointBody(20, 20)).status(), "rollback to 20 with old 20");
        assertEquals(400, witness.addCheckpoint(log.addCheckpointBody(50, 20)).status(), "rollback to 20 with old 50");
        assertCosigned(witness.addCheckpoint(log.addCheckpointBody(50, 60)), log.note(60));
    }

    @Test
    void simultaneousRequestsForOneOriginNeverBothSucceed() throws Exception {
        SimulatedLog log = SimulatedLog.main(WitnessTest.ORIGIN);
        assertCosigned(witness.addCheckpoint(log.addCheckpointBody(0, 10)), log.note(10));
        assertOneWinner(witness, store);
    }

    /** 12 forks of one log, each extending the record at 10 to 20, sent at once: exactly one is cosigned. */
    static void assertOneWinner(Witness witness, WitnessStore store) throws Exception {
        int n = 12;
        List<SimulatedLog> forks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            forks.add(SimulatedLog.fork(WitnessTest.ORIGIN, "fork" + i, 10));
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<WitnessAnswer>> answers = new ArrayList<>();
            for (SimulatedLog f : forks) {
                byte[] body = f.addCheckpointBody(10, 20);
                answers.add(pool.submit(() -> {
                    go.await();
                    return witness.addCheckpoint(body);
                }));
            }
            go.countDown();
            int winner = -1;
            for (int i = 0; i < n; i++) {
                WitnessAnswer a = answers.get(i).get();
                if (a.status() == 200) {
                    assertEquals(-1, winner, "two forks cosigned at size 20");
                    winner = i;
                } else {
                    assertEquals(409, a.status(), a.reason());
                    assertEquals("20\n", new String(a.body(), StandardCharsets.US_ASCII));
                }
            }
            assertTrue(winner >= 0, "one fork is cosigned");
            assertArrayEquals(forks.get(winner).root(20), store.latest(CosignedCheckpoint.originHash(
                    WitnessTest.ORIGIN)).orElseThrow().checkpoint().rootHash());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void signSubtreeSignsConsistentSubtreesOfItsOwnCheckpoints() {
        SimulatedLog log = SimulatedLog.main(WitnessTest.ORIGIN);
        WitnessAnswer a = witness.addCheckpoint(log.addCheckpointBody(0, 20));
        assertCosigned(a, log.note(20));
        byte[] cosigned = (new String(log.note(20), StandardCharsets.UTF_8) + new String(a.body(),
                StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        WitnessAnswer s = witness.signSubtree(WitnessClient.signSubtreeBody(16, 20, log.subtreeHash(16, 20),
                log.subtreeProof(20, 16, 20), cosigned));
        assertEquals(200, s.status(), s.reason());
        String line = new String(s.body(), StandardCharsets.UTF_8);
        assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, line);
        byte[] payload = Base64.getDecoder().decode(line.substring(line.lastIndexOf(' ') + 1).strip());
        Cosignature c = Cosignature.parse(SignatureAlgorithm.MLDSA44, java.util.Arrays.copyOfRange(payload, 4,
                payload.length));
        assertEquals(0, c.timestamp(), "sign-subtree: the timestamp MUST be zero");
        byte[] msg = CosignedMessage.encodeTlog("witness.example/w1", 0, WitnessTest.ORIGIN, 16, 20,
                log.subtreeHash(16, 20));
        assertTrue(KEYS.verifiers().get(1).keyId() == java.nio.ByteBuffer.wrap(payload).getInt());
        assertTrue(io.mtc4j.spec.cosign.Keys.verifierFromRaw(SignatureAlgorithm.MLDSA44,
                io.mtc4j.spec.note.Vkey.parse(KEYS.vkeys().get(1)).publicKey()).verify(msg, c.signature()));
        // [9, 13) is not a subtree; [16, 24) ends after the checkpoint
        assertEquals(400, witness.signSubtree(WitnessClient.signSubtreeBody(9, 13, log.subtreeHash(8, 12),
                List.of(), cosigned)).status());
        assertEquals(400, witness.signSubtree(WitnessClient.signSubtreeBody(16, 24, log.subtreeHash(16, 20),
                List.of(), cosigned)).status());
        // a wrong hash
        assertEquals(422, witness.signSubtree(WitnessClient.signSubtreeBody(16, 20, log.subtreeHash(0, 16),
                log.subtreeProof(20, 16, 20), cosigned)).status());
        // the log's note without the witness's cosignature
        assertEquals(403, witness.signSubtree(WitnessClient.signSubtreeBody(16, 20, log.subtreeHash(16, 20),
                log.subtreeProof(20, 16, 20), log.note(20))).status());
        // an unknown origin, cosigned by this witness
        Checkpoint other = new Checkpoint("example.com/unknown", 20, log.root(20));
        byte[] otherNote = SignedNote.sign(other.format(), KEYS.checkpointCosigners(() -> 1)).format()
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(404, witness.signSubtree(WitnessClient.signSubtreeBody(16, 20, log.subtreeHash(16, 20),
                log.subtreeProof(20, 16, 20), otherNote)).status());
    }
}
