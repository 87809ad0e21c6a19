package io.mtc4j.log.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.log.client.HttpReply;
import io.mtc4j.log.client.LogClient;
import io.mtc4j.log.fsck.FsckReport;
import io.mtc4j.log.fsck.LogFsck;
import io.mtc4j.log.http.LogServerConfig;
import io.mtc4j.log.sequencer.TestCa;
import io.mtc4j.log.client.HttpLogTransport;
import io.mtc4j.spec.cosign.Cosigner;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.Cosignature;
import io.mtc4j.spec.note.NoteSignature;
import io.mtc4j.spec.note.NoteSigner;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.note.SignedNote;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror over real HTTP on loopback: uploads, the served copy, restarts, and each refusal with its status. Here
 * on the local directory back end; {@link S3PgMirrorTest} runs every test again on S3 + PostgreSQL.
 */
class MirrorTest {
    static final String NAME = "oid/1.3.6.1.4.1.32473.2.2";

    @TempDir
    Path tmp;

    SourceLog log;
    Mirror mirror;
    MirrorServer server;
    MirrorClient client;
    MirrorKeys keys;

    static MirrorKeys keys(long seed) {
        SecureRandom r = new SecureRandom(Long.toString(seed).getBytes(StandardCharsets.US_ASCII));
        byte[] secret = new byte[32];
        r.nextBytes(secret);
        return MirrorKeys.of(NAME, Keys.generate(SignatureAlgorithm.MLDSA44, r, SigningMode.RANDOMIZED),
                Keys.generate(SignatureAlgorithm.ED25519, r, SigningMode.RANDOMIZED), secret,
                () -> System.currentTimeMillis() / 1000);
    }

    @BeforeEach
    void start() throws Exception {
        log = new SourceLog(tmp.resolve("ca"), 7);
        keys = keys(1);
        startMirror();
    }

    /** Opens the mirror on its store: the same store (and so the same copies) on every call of one test. */
    Mirror openMirror() throws Exception {
        return Mirror.open(tmp.resolve("mirror"), keys, Map.of(log.origin(), log.verifiers()));
    }

    /** Releases what {@link #openMirror()} made, once the mirror is closed. */
    void cleanUp() throws Exception {}

    void startMirror() throws Exception {
        mirror = openMirror();
        server = MirrorServer.start(mirror, LogServerConfig.defaults().withListen("127.0.0.1", 0)
                .withAccessLog(false), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        client = new MirrorClient(server.url(), Duration.ofSeconds(30));
    }

    void stopMirror() {
        if (server != null) { // null when the back end's servers are absent (the test was skipped)
            server.close();
        }
        if (mirror != null) {
            mirror.close();
        }
    }

    @AfterEach
    void stop() throws Exception {
        try {
            stopMirror();
            log.close();
        } finally {
            cleanUp();
        }
    }

    /** The mirror's copy as a tlog-tiles client sees it over HTTP. */
    LogClient served() {
        LogClient c = LogClient.builder(HttpLogTransport.of(server.url() + "/" + Mirror.originHash(log.origin())))
                .verifiers(concat(log.verifiers(), keys.verifiers())).build();
        c.update();
        return c;
    }

    static List<NoteVerifier> concat(List<NoteVerifier> a, List<NoteVerifier> b) {
        List<NoteVerifier> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void uploadsInPartsServesTheCopyWithItsCosignatureAndResumesAcrossARestart() throws Exception {
        log.append(700);
        List<Integer> statuses = new ArrayList<>();
        client.packagesPerRequest(1).listener((s, n) -> statuses.add(s));
        MirrorClient.Result r = client.upload(log.client(), keys.verifiers());
        assertEquals(700, r.checkpoint().size());
        assertEquals(2, r.cosignatures().size(), "ML-DSA-44 subtree/v1 and Ed25519 cosignature/v1");
        assertTrue(statuses.contains(202), "partial answers while packages go one by one: " + statuses);
        assertEquals(200, statuses.get(statuses.size() - 1));

        LogClient copy = served();
        assertEquals(log.client().checkpoint().orElseThrow(), copy.checkpoint().orElseThrow());
        SignedNote note = copy.checkpointNote().orElseThrow();
        assertEquals(2, note.verify(keys.verifiers()).size(), "K28: the served checkpoint carries the mirror's cosignatures");
        assertFalse(note.verify(log.verifiers()).isEmpty(), "K21: the log's signatures are kept");
        for (NoteSignature s : note.verify(keys.verifiers())) {
            assertTrue(Cosignature.parse(s.signature().length == 8 + 64 ? SignatureAlgorithm.ED25519
                    : SignatureAlgorithm.MLDSA44, s.signature()).timestamp() > 0, "K5/K17: timestamped");
        }
        fsck(List.of(note.bytes()));

        // more entries, an unaligned start, and a restart in the middle of the upload
        log.append(300);
        client.packagesPerRequest(1).listener((s, n) -> { });
        Checkpoint second = log.client().checkpoint().orElseThrow();
        AddCheckpointRequest add = AddCheckpointRequest.of(700, log.client().consistencyProof(700),
                log.client().checkpointNote().orElseThrow());
        assertEquals(200, client.addCheckpoint(add).status());
        assertEquals(700, served().checkpoint().orElseThrow().size(), "add-checkpoint alone does not advance the copy");
        stopMirror();
        startMirror();
        MirrorClient.Result r2 = client.upload(log.client(), keys.verifiers());
        assertEquals(second, r2.checkpoint());
        assertEquals(1000, served().checkpoint().orElseThrow().size());
        fsck(List.of(note.bytes(), served().checkpointNote().orElseThrow().bytes()));
    }

    void fsck(List<byte[]> earlier) {
        FsckReport report = LogFsck.of(TestCa.PROFILE, log.verifiers()).withOrigin(log.origin())
                .withEarlierCheckpoints(earlier).check(mirror.copy(log.origin()).orElseThrow());
        assertTrue(report.ok(), report.findings().toString());
    }

    @Test
    void thePendingCheckpointAndTheMirroredSizeSurviveCloseAndReopen() throws Exception {
        String origin = log.origin();
        log.append(300);
        assertEquals(300, client.upload(log.client(), keys.verifiers()).checkpoint().size());
        log.append(400);
        LogClient c = log.client();
        SignedNote pendingNote = c.checkpointNote().orElseThrow();
        assertEquals(200, client.addCheckpoint(AddCheckpointRequest.of(300, c.consistencyProof(300), pendingNote))
                .status());
        // one package of [300, 700): the next entry advances to 512, the mirror checkpoint stays at 300
        HttpReply r = addEntries(new AddEntries.Header(origin, 300, 700, new byte[0]),
                List.of(MirrorClient.buildPackage(c, AddEntries.span(300, 700, 0))));
        assertEquals(202, r.status(), r.text());
        assertEquals(512, MirrorInfo.parse(r.body()).nextEntry());

        stopMirror();
        startMirror();
        assertEquals(List.of(origin), mirror.origins(), "the copy is opened at start, before any request");
        assertEquals(300, mirror.progress().get(origin)[0], "the mirror checkpoint survives");
        assertEquals(512, mirror.progress().get(origin)[1], "the next entry survives");
        assertEquals(300, served().checkpoint().orElseThrow().size(), "the copy is served after the restart");
        // the pending checkpoint survives: a wrong old size learns it, the right one is its no-op repeat
        r = client.addCheckpoint(AddCheckpointRequest.of(300, c.consistencyProof(300), pendingNote));
        assertEquals(409, r.status());
        assertEquals("700\n", r.text());
        assertEquals(200, client.addCheckpoint(AddCheckpointRequest.of(700, List.of(), pendingNote)).status());
        // and add-entries finishes against it without a new add-checkpoint
        r = addEntries(new AddEntries.Header(origin, 512, 700, new byte[0]),
                List.of(MirrorClient.buildPackage(c, AddEntries.span(512, 700, 0))));
        assertEquals(200, r.status(), r.text());
        assertEquals(2, SignedNote.parse(pendingNote.text() + "\n" + r.text()).verify(keys.verifiers()).size());

        stopMirror();
        startMirror();
        assertEquals(700, served().checkpoint().orElseThrow().size(), "the commit is durable");
        assertEquals(700, mirror.progress().get(origin)[1]);
        fsck(List.of(served().checkpointNote().orElseThrow().bytes()));
    }

    @Test
    void addCheckpointRefusalsCarryTheSpecStatus() throws Exception {
        log.append(10);
        LogClient c = log.client();
        SignedNote note = c.checkpointNote().orElseThrow();
        // K13: wrong old size learns the pending size
        HttpReply r = client.addCheckpoint(AddCheckpointRequest.of(0, List.of(), note));
        assertEquals(200, r.status());
        log.append(5);
        c = log.client();
        SignedNote newer = c.checkpointNote().orElseThrow();
        r = client.addCheckpoint(AddCheckpointRequest.of(3, List.of(), newer));
        assertEquals(409, r.status());
        assertEquals("text/x.tlog.size", r.contentType());
        assertEquals("10\n", r.text());
        // K14: a bad proof
        List<byte[]> proof = new ArrayList<>(c.consistencyProof(10));
        proof.set(0, new byte[32]);
        assertEquals(422, client.addCheckpoint(AddCheckpointRequest.of(10, proof, newer)).status());
        // K12: old > size
        assertEquals(400, client.addCheckpoint(AddCheckpointRequest.of(20, List.of(), newer)).status());
        // K11: unknown origin, no trusted signature
        NoteSigner stranger = NoteSigner.ed25519("stranger", Keys.generate(SignatureAlgorithm.ED25519,
                new SecureRandom(), SigningMode.RANDOMIZED));
        Checkpoint cp = Checkpoint.parse(newer.text());
        SignedNote other = SignedNote.sign(new Checkpoint("example.com/other", cp.size(), cp.rootHash()).format(),
                List.of(stranger));
        assertEquals(404, client.addCheckpoint(AddCheckpointRequest.of(10, List.of(), other)).status());
        SignedNote wrongKey = SignedNote.sign(newer.text(), List.of(stranger));
        assertEquals(403, client.addCheckpoint(AddCheckpointRequest.of(10, c.consistencyProof(10), wrongKey)).status());
        // rollback: the pending size only grows
        assertEquals(409, client.addCheckpoint(AddCheckpointRequest.of(0, List.of(), note)).status());
        // a split view: size 15 with another root
        SignedNote split = SignedNote.sign(new Checkpoint(cp.origin(), cp.size(), new byte[32]).format(),
                List.of(log.ca.cosigner()));
        assertEquals(200, client.addCheckpoint(AddCheckpointRequest.of(10, c.consistencyProof(10), newer)).status());
        assertEquals(422, client.addCheckpoint(AddCheckpointRequest.of(15, List.of(), split)).status());
        // 64 proof lines: a malformed request
        StringBuilder body = new StringBuilder("old 10\n");
        for (int i = 0; i < 64; i++) {
            body.append(Base64.getEncoder().encodeToString(new byte[32])).append('\n');
        }
        body.append('\n').append(newer.format());
        assertEquals(400, client.post("add-checkpoint", body.toString().getBytes(StandardCharsets.UTF_8),
                "text/plain", false).status());
    }

    @Test
    void addEntriesRefusalsCarryTheSpecStatusAndMirrorInfo() throws Exception {
        log.append(600);
        LogClient c = log.client();
        SignedNote note = c.checkpointNote().orElseThrow();
        String origin = log.origin();
        // 422 before any pending checkpoint
        assertEquals(422, addEntries(new AddEntries.Header(origin, 0, 600, new byte[0]), List.of()).status());
        assertEquals(404, addEntries(new AddEntries.Header("example.com/unknown", 0, 600, new byte[0]),
                List.of()).status());
        assertEquals(200, client.addCheckpoint(AddCheckpointRequest.of(0, List.of(), note)).status());
        // 409: unknown upload_end, with the pending size in the mirror-info body
        HttpReply r = addEntries(new AddEntries.Header(origin, 0, 599, new byte[0]), List.of());
        assertEquals(409, r.status());
        assertEquals(MirrorInfo.CONTENT_TYPE, r.contentType());
        MirrorInfo info = MirrorInfo.parse(r.body());
        assertEquals(600, info.treeSize());
        assertEquals(0, info.nextEntry());
        // 409: upload_start beyond the next entry
        assertEquals(409, addEntries(new AddEntries.Header(origin, 256, 600, new byte[0]), List.of()).status());
        // 400: nothing authenticated
        assertEquals(400, addEntries(new AddEntries.Header(origin, 0, 600, new byte[0]), List.of()).status());
        // 422: a package whose proof does not verify
        AddEntries.Package good = MirrorClient.buildPackage(c, AddEntries.span(0, 600, 0));
        List<byte[]> badProof = new ArrayList<>(good.proof());
        badProof.set(0, new byte[32]);
        assertEquals(422, addEntries(new AddEntries.Header(origin, 0, 600, new byte[0]),
                List.of(new AddEntries.Package(good.entries(), badProof))).status());
        // 422: a misaligned package (entries [1, 257) where [0, 256) is due)
        AddEntries.Package shifted = new AddEntries.Package(entries(c, 1, 257), good.proof());
        assertEquals(422, addEntries(new AddEntries.Header(origin, 0, 600, new byte[0]), List.of(shifted)).status());
        // 400: num_hashes above 63
        byte[] tooMany = good.encode();
        int at = tooMany.length - 32 * good.proof().size() - 1;
        tooMany[at] = 64;
        assertEquals(400, client.post("add-entries", concat(new AddEntries.Header(origin, 0, 600, new byte[0])
                .encode(), tooMany), "application/octet-stream", false).status());
        assertEquals(0, mirror.progress().get(origin)[1], "nothing refused was saved");
        // 202 with the advanced next entry, then 409 for upload_end = a ticket-less stale size is not needed
        r = addEntries(new AddEntries.Header(origin, 0, 600, new byte[0]), List.of(good));
        assertEquals(202, r.status());
        info = MirrorInfo.parse(r.body());
        assertEquals(new MirrorInfo(600, 256, info.ticket()), info);
        assertTrue(info.ticket().length > 0);
        // the ticket is authenticated: a flipped byte is not a known checkpoint
        byte[] forged = info.ticket();
        forged[forged.length - 1] ^= 1;
        assertEquals(256, mirror.progress().get(origin)[1]);
        // completing: a truncated last package keeps the progress
        AddEntries.Package p1 = MirrorClient.buildPackage(c, AddEntries.span(256, 600, 0));
        AddEntries.Package p2 = MirrorClient.buildPackage(c, AddEntries.span(256, 600, 1));
        byte[] cut = java.util.Arrays.copyOf(p2.encode(), 100);
        r = client.post("add-entries", concat(concat(new AddEntries.Header(origin, 256, 600, forged).encode(),
                p1.encode()), cut), "application/octet-stream", true);
        assertEquals(202, r.status());
        assertEquals(512, MirrorInfo.parse(r.body()).nextEntry());
        r = addEntries(new AddEntries.Header(origin, 512, 600, new byte[0]), List.of(p2));
        assertEquals(200, r.status(), r.text());
        SignedNote cosigned = SignedNote.parse(note.text() + "\n" + r.text());
        assertEquals(2, cosigned.verify(keys.verifiers()).size());
        // 409: upload_end below the mirror checkpoint
        log.append(10);
        c = log.client();
        assertEquals(200, client.addCheckpoint(AddCheckpointRequest.of(600, c.consistencyProof(600),
                c.checkpointNote().orElseThrow())).status());
        assertEquals(200, addEntries(new AddEntries.Header(origin, 600, 600, new byte[0]), List.of()).status(),
                "upload_end = the mirror checkpoint: its cosignatures again");
    }

    @Test
    void signSubtreeSignsWithinItsOwnCheckpointsOnly() throws Exception {
        log.append(300);
        LogClient c = log.client();
        MirrorClient.Result up = client.upload(c, keys.verifiers());
        SignedNote mine = SignedNote.parse(c.checkpointNote().orElseThrow().text() + "\n"
                + up.cosignatures().stream().map(s -> s.line() + "\n").reduce("", String::concat));
        Subtree s = new Subtree(256, 300);
        byte[] hash = c.subtreeHash(s);
        HttpReply r = client.signSubtree(SignSubtreeRequest.of(256, 300, hash, c.consistencyProof(s), mine));
        assertEquals(200, r.status(), r.text());
        NoteSignature line = SignedNote.parse(mine.text() + "\n" + r.text()).signatures().get(0);
        Cosignature cs = Cosignature.parse(SignatureAlgorithm.MLDSA44, line.signature());
        assertEquals(0, cs.timestamp(), "K19: timestamp 0");
        Cosigner cosigner = keys.cosigner();
        assertTrue(cosigner.verify(TestCa.PROFILE, new io.mtc4j.spec.cosign.CosignedMessage(
                TrustAnchorId.fromTlogName(NAME), 0, TrustAnchorId.fromTlogName(log.origin()), 256, 300, hash),
                cs.signature()));
        // 400: outside the checkpoint, not a subtree; 422: bad proof; 403: not signed by the mirror; 404: unknown
        assertEquals(400, client.signSubtree(SignSubtreeRequest.of(256, 301, hash, List.of(), mine)).status());
        assertEquals(400, client.signSubtree(SignSubtreeRequest.of(100, 300, hash, List.of(), mine)).status());
        assertEquals(422, client.signSubtree(SignSubtreeRequest.of(256, 300, new byte[32], c.consistencyProof(s),
                mine)).status());
        assertEquals(403, client.signSubtree(SignSubtreeRequest.of(256, 300, hash, c.consistencyProof(s),
                c.checkpointNote().orElseThrow())).status());
    }

    List<byte[]> entries(LogClient c, long from, long to) {
        List<byte[]> out = new ArrayList<>();
        c.entries(from, to).forEachRemaining(e -> out.add(e.entry()));
        return out;
    }

    HttpReply addEntries(AddEntries.Header h, List<AddEntries.Package> packages) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(h.encode());
        packages.forEach(p -> b.writeBytes(p.encode()));
        return client.post("add-entries", b.toByteArray(), "application/octet-stream", true);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
