package io.mtc4j.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.log.http.LogServerConfig;
import io.mtc4j.log.mirror.Mirror;
import io.mtc4j.log.mirror.MirrorKeys;
import io.mtc4j.log.mirror.MirrorServer;
import io.mtc4j.log.witness.DirectoryWitnessStore;
import io.mtc4j.log.witness.TrustedLogs;
import io.mtc4j.log.witness.Witness;
import io.mtc4j.log.witness.WitnessConfig;
import io.mtc4j.log.witness.WitnessKeys;
import io.mtc4j.log.witness.WitnessServer;
import io.mtc4j.spec.cert.MtcCertificate;
import io.mtc4j.spec.cert.MtcProof;
import io.mtc4j.spec.cert.SubtreeSignature;
import io.mtc4j.spec.cosign.Cosigner;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CA with a real mtc4j witness and mirror over loopback HTTP (draft §"Standalone Certificates" steps 4-5):
 * standalone certificates carry the CA's, the witness's and the mirror's signatures, sorted, each verifying; a
 * witness that is down delays only the standalone certificates of its runs, which appear once it is back, also
 * after a restart of the CA; a cosigner whose signatures do not verify under its configured key counts as refusing.
 */
class CosignerIssuanceTest {
    static final TrustAnchorId CA_ID = CertificationAuthorityTest.CA_ID;
    static final TrustAnchorId WITNESS_ID = TrustAnchorId.parse("32473.3");
    static final TrustAnchorId MIRROR_ID = TrustAnchorId.parse("32473.2");

    @TempDir
    Path tmp;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static String caVkey(Path caDir) {
        return CaKeys.load(caDir).caCosignerVkey(CA_ID);
    }

    /** A running witness: its server and its store. */
    private record Running(WitnessServer server, DirectoryWitnessStore store) implements AutoCloseable {
        URI url() {
            return server.url();
        }

        @Override
        public void close() {
            server.close();
            store.close();
        }
    }

    /** mtc4j's witness, trusting the CA's checkpoint key, listening on {@code listen}. */
    private Running witness(Path caDir, String listen) {
        DirectoryWitnessStore store = DirectoryWitnessStore.open(tmp.resolve("witness"));
        WitnessKeys keys = WitnessKeys.loadOrCreate(tmp.resolve("witness"), WITNESS_ID.tlogName(), new SecureRandom());
        WitnessServer s = WitnessServer.start(new Witness(TrustedLogs.of(List.of(caVkey(caDir))), keys, store,
                () -> System.currentTimeMillis() / 1000), WitnessConfig.defaults().withListen(listen), quiet());
        Running r = new Running(s, store);
        open.add(r);
        return r;
    }

    private static List<String> witnessVkeys(Path dir) {
        return WitnessKeys.loadOrCreate(dir.resolve("witness"), WITNESS_ID.tlogName(), new SecureRandom()).vkeys();
    }

    private MirrorKeys mirrorKeys;

    private MirrorServer mirror(Path caDir) throws Exception {
        SecureRandom r = new SecureRandom();
        byte[] secret = new byte[32];
        r.nextBytes(secret);
        mirrorKeys = MirrorKeys.of(MIRROR_ID.tlogName(), Keys.generate(SignatureAlgorithm.MLDSA44, r,
                SigningMode.RANDOMIZED), Keys.generate(SignatureAlgorithm.ED25519, r, SigningMode.RANDOMIZED), secret,
                () -> System.currentTimeMillis() / 1000);
        NoteVerifier ca = NoteVerifier.fromVkey(caVkey(caDir));
        Mirror m = Mirror.open(tmp.resolve("mirror"), mirrorKeys, origin -> origin.startsWith(CA_ID.tlogName() + ".0.")
                ? List.of(ca) : List.of());
        MirrorServer s = MirrorServer.start(m, LogServerConfig.defaults().withListen("127.0.0.1", 0)
                .withAccessLog(false), quiet());
        open.add(m);
        open.add(s);
        return s;
    }

    private static CosignerSet one(CosignerEndpoint.Type type, URI url, TrustAnchorId id, List<String> keys) {
        return new CosignerSet(1, List.of(new CosignerEndpoint(type, url, id, keys, Duration.ofSeconds(20))));
    }

    private static CertificationAuthority open(Path dir) {
        return CertificationAuthority.open(dir, CaKeys.load(dir), List.of(), Clock.fixed(CertificationAuthorityTest.NOW,
                ZoneOffset.UTC));
    }

    private static List<IssuedCertificate> issue(CertificationAuthority a, String prefix, int n) {
        CompletableFuture<List<IssuedCertificate>> f = a.submit(requests(prefix, n));
        a.runNow();
        return f.getNow(null);
    }

    private static List<IssuanceRequest> requests(String prefix, int n) {
        List<IssuanceRequest> rs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rs.add(TestRequests.dns(prefix + i + ".example", CertificationAuthorityTest.NOW));
        }
        return rs;
    }

    /** Every signature of the certificate verifies under its cosigner's key, in the draft's order; returns the IDs. */
    static List<TrustAnchorId> checkSignatures(byte[] der, List<Cosigner> cosigners) {
        MtcCertificate c = MtcCertificate.parse(CertificationAuthority.PROFILE, der);
        MtcProof p = c.proof();
        HashFunction h = HashFunction.sha256();
        Subtree s = new Subtree(p.start(), p.end());
        byte[] root = SubtreeProofs.evaluateInclusionProof(h, s, c.index(), c.entryHash(h), p.inclusionProof());
        List<TrustAnchorId> ids = new ArrayList<>();
        for (SubtreeSignature sig : p.signatures()) {
            Cosigner k = cosigners.stream().filter(x -> x.id().equals(sig.cosignerId())).findFirst().orElseThrow();
            assertTrue(k.verifySubtreeSignature(CertificationAuthority.PROFILE, CA_ID.logId(c.logNumber()), p.start(),
                    p.end(), root, sig.signature()), "signature of " + sig.cosignerId());
            ids.add(sig.cosignerId());
        }
        assertEquals(p.withSortedSignatures().signatures(), p.signatures(), "signatures sorted (§Certificate Format)");
        return ids;
    }

    private static Cosigner caCosigner(Path dir) {
        return new Cosigner(CA_ID, CaKeys.load(dir).caCosigner().verifier());
    }

    @Test
    void standaloneCertificatesCarryTheWitnessAndTheMirrorSignatures() throws Exception {
        Path dir = CertificationAuthorityTest.newCa(tmp.resolve("ca"), CertificationAuthorityTest.config());
        Running w = witness(dir, "127.0.0.1:0");
        MirrorServer m = mirror(dir);
        CosignerEndpoint we = new CosignerEndpoint(CosignerEndpoint.Type.WITNESS, w.url(), WITNESS_ID,
                witnessVkeys(tmp), Duration.ofSeconds(20));
        CosignerEndpoint me = new CosignerEndpoint(CosignerEndpoint.Type.MIRROR, m.url(), MIRROR_ID,
                mirrorKeys.vkeys(), Duration.ofSeconds(20));
        CaConfig config = CaConfig.read(dir).withCosigners(List.of(new CosignerSet(1, List.of(we)),
                new CosignerSet(1, List.of(me))));
        Durable.write(dir.resolve(CaConfig.FILE), config.toJson());
        assertEquals(config, CaConfig.read(dir));
        List<Cosigner> all = List.of(caCosigner(dir), we.cosigner(), me.cosigner());
        try (CertificationAuthority a = open(dir)) {
            // three runs: the mirror gets each run's entries, the witness each checkpoint from the size it holds
            for (int run = 0; run < 3; run++) {
                // one entry first: its covering has an empty second subtree, which no cosigner is asked for
                for (IssuedCertificate c : issue(a, "r" + run + "-", run == 0 ? 1 : 3 + run * 100)) {
                    byte[] der = a.standalone(c.serial()).certificate().orElseThrow();
                    List<TrustAnchorId> ids = checkSignatures(der, all);
                    assertEquals(3, ids.size());
                    assertTrue(ids.containsAll(List.of(CA_ID, MIRROR_ID, WITNESS_ID)), ids.toString());
                }
            }
            assertEquals(0, a.waitingRuns());
        }
    }

    /** Writes ca.json's cosigners: the witness at {@code url}, required. */
    private CosignerEndpoint requireWitness(Path dir, URI url) {
        CosignerEndpoint we = new CosignerEndpoint(CosignerEndpoint.Type.WITNESS, url, WITNESS_ID, witnessVkeys(tmp),
                Duration.ofSeconds(20));
        Durable.write(dir.resolve(CaConfig.FILE), CaConfig.read(dir).withCosigners(List.of(new CosignerSet(1,
                List.of(we)))).toJson());
        return we;
    }

    @Test
    void aWitnessThatIsDownDelaysOnlyTheStandaloneCertificatesOfItsRunsAcrossARestart() throws Exception {
        Path dir = CertificationAuthorityTest.newCa(tmp.resolve("ca"), CertificationAuthorityTest.config());
        Running first = witness(dir, "127.0.0.1:0");
        URI url = first.url();
        CosignerEndpoint we = requireWitness(dir, url);
        List<Cosigner> all = List.of(caCosigner(dir), we.cosigner());
        List<IssuedCertificate> before;
        List<IssuedCertificate> down;
        try (CertificationAuthority a = open(dir)) {
            before = issue(a, "before-", 5);
            assertEquals(CertificateStatus.State.ISSUED, a.standalone(before.get(0).serial()).state());
            first.close();
            open.remove(first);
            // the witness is down: requests are still acknowledged (logged), their standalone certificates wait
            down = issue(a, "down-", 7);
            assertEquals(7, down.size());
            assertEquals(12, a.treeSize());
            for (IssuedCertificate c : down) {
                assertEquals(CertificateStatus.State.PENDING, a.standalone(c.serial()).state());
            }
            assertEquals(1, a.waitingRuns());
            List<IssuedCertificate> more = issue(a, "more-", 2);
            assertEquals(2, a.waitingRuns());
            down = new ArrayList<>(down);
            down.addAll(more);
        }
        // a restart (the waiting runs' journals survive it, as after kill -9) with the witness still down
        try (CertificationAuthority a = open(dir)) {
            a.awaitStandalone();
            assertEquals(2, a.waitingRuns());
            assertEquals(CertificateStatus.State.PENDING, a.standalone(down.get(0).serial()).state());
        }
        // the witness is back on its address: the next open's recovery issues them
        witness(dir, url.getHost() + ":" + url.getPort());
        try (CertificationAuthority a = open(dir)) {
            a.awaitStandalone();
            assertEquals(0, a.waitingRuns());
            for (IssuedCertificate c : down) {
                byte[] der = a.standalone(c.serial()).certificate().orElseThrow();
                assertEquals(List.of(CA_ID, WITNESS_ID), checkSignatures(der, all).stream().sorted(
                        java.util.Comparator.comparing(all.stream().map(Cosigner::id).toList()::indexOf)).toList());
            }
            // and the runs go on with the witness
            for (IssuedCertificate c : issue(a, "after-", 4)) {
                assertEquals(2, checkSignatures(a.standalone(c.serial()).certificate().orElseThrow(), all).size());
            }
        }
    }

    @Test
    void aRunWaitingForTheWitnessStillGetsItsLandmarkRelativeCertificates() throws Exception {
        Path dir = CertificationAuthorityTest.newCa(tmp.resolve("ca"), CertificationAuthorityTest.config());
        Running w = witness(dir, "127.0.0.1:0");
        URI url = w.url();
        requireWitness(dir, url);
        w.close();
        open.remove(w);
        CertificationAuthorityTest.MutableClock clock = new CertificationAuthorityTest.MutableClock(
                CertificationAuthorityTest.NOW);
        try (CertificationAuthority a = CertificationAuthority.open(dir, CaKeys.load(dir), List.of(), clock)) {
            // the witness is down from the start: the first run waits, and allocates landmark 1 (its size)
            List<IssuedCertificate> got = issue(a, "lm-", 6);
            assertEquals(1, a.waitingRuns());
            a.awaitLandmarks();
            for (IssuedCertificate c : got) {
                assertEquals(CertificateStatus.State.PENDING, a.standalone(c.serial()).state());
                MtcCertificate lr = MtcCertificate.parse(CertificationAuthority.PROFILE, a.landmarkRelative(c.serial())
                        .certificate().orElseThrow(() -> new AssertionError("no landmark-relative certificate for "
                                + c.index() + " while its run waits")));
                assertEquals(c.index(), lr.index());
                assertTrue(lr.proof().signatures().isEmpty());
            }
            // the witness back: the standalone certificates are issued; the landmark-relative ones stay as they were
            witness(dir, url.getHost() + ":" + url.getPort());
            clock.advance(Duration.ofSeconds(1));
            a.runNow();
            assertEquals(0, a.waitingRuns());
            for (IssuedCertificate c : got) {
                MtcCertificate sa = MtcCertificate.parse(CertificationAuthority.PROFILE, a.standalone(c.serial())
                        .certificate().orElseThrow());
                MtcCertificate lr = MtcCertificate.parse(CertificationAuthority.PROFILE, a.landmarkRelative(c.serial())
                        .certificate().orElseThrow());
                assertTrue(java.util.Arrays.equals(sa.logEntry(HashFunction.sha256()).encode(), lr.logEntry(
                        HashFunction.sha256()).encode()));
                assertTrue(java.util.Arrays.equals(sa.subjectPublicKeyInfo(), lr.subjectPublicKeyInfo()));
            }
        }
    }

    @Test
    void aCosignerWhoseSignaturesDoNotVerifyCountsAsRefusing() throws Exception {
        Path dir = CertificationAuthorityTest.newCa(tmp.resolve("ca"), CertificationAuthorityTest.config());
        Cosigner claimed = new Cosigner(WITNESS_ID, Keys.generate(SignatureAlgorithm.MLDSA44, new SecureRandom(),
                SigningMode.RANDOMIZED).verifier());
        List<Integer> asked = new ArrayList<>();
        CosignerClient garbage = new CosignerClient() {
            @Override
            public Cosigner cosigner() {
                return claimed;
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(20);
            }

            @Override
            public List<java.util.Optional<byte[]>> cosign(Request r) {
                synchronized (asked) {
                    asked.add(r.subtrees().size());
                }
                byte[] sig = new byte[2420];
                new SecureRandom().nextBytes(sig);
                return r.subtrees().stream().map(x -> java.util.Optional.of(sig.clone())).toList();
            }
        };
        try (CertificationAuthority a = CertificationAuthority.open(dir, CaKeys.load(dir), List.of(garbage),
                Clock.fixed(CertificationAuthorityTest.NOW, ZoneOffset.UTC))) {
            List<IssuedCertificate> got = issue(a, "x-", 3);
            assertEquals(3, a.treeSize());
            assertEquals(CertificateStatus.State.PENDING, a.standalone(got.get(0).serial()).state());
            assertEquals(1, a.waitingRuns());
            issue(a, "y-", 2);
            assertEquals(2, a.waitingRuns());
        }
        synchronized (asked) {
            assertFalse(asked.isEmpty());
        }
    }
    /**
     * A cosigner that signs correctly, but only once the test lets it: until then it hangs (as a dead host does),
     * holding the standalone stage; or, while {@code down}, refuses every request at once.
     */
    private static final class ScriptedCosigner implements CosignerClient {
        private final io.mtc4j.spec.cosign.SubtreeSigner signer = new io.mtc4j.spec.cosign.SubtreeSigner(WITNESS_ID,
                Keys.generate(SignatureAlgorithm.MLDSA44, new SecureRandom(), SigningMode.RANDOMIZED));
        final java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch released;
        final List<List<Subtree>> asked = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile boolean down;

        ScriptedCosigner(boolean hangs) {
            released = new java.util.concurrent.CountDownLatch(hangs ? 1 : 0);
        }

        @Override
        public Cosigner cosigner() {
            return signer.cosigner();
        }

        @Override
        public Duration timeout() {
            return Duration.ofHours(1);
        }

        @Override
        public List<java.util.Optional<byte[]>> cosign(Request r) throws java.io.IOException, InterruptedException {
            asked.add(r.subtrees());
            entered.countDown();
            released.await();
            if (down) {
                throw new java.io.IOException("connection refused (the test's cosigner is down)");
            }
            List<java.util.Optional<byte[]>> out = new ArrayList<>();
            for (int k = 0; k < r.subtrees().size(); k++) {
                Subtree s = r.subtrees().get(k);
                out.add(java.util.Optional.of(signer.signSubtree(CertificationAuthority.PROFILE, r.logId(), s.start(),
                        s.end(), r.hashes().get(k))));
            }
            return out;
        }
    }

    @Test
    void aCosignerThatHangsDelaysTheStandaloneCertificatesButNotTheAcknowledgements() throws Exception {
        Path dir = CertificationAuthorityTest.newCa(tmp.resolve("ca"), CertificationAuthorityTest.config());
        ScriptedCosigner hanging = new ScriptedCosigner(true);
        List<Cosigner> all = List.of(caCosigner(dir), hanging.cosigner());
        try (CertificationAuthority a = CertificationAuthority.open(dir, CaKeys.load(dir), List.of(hanging),
                Clock.fixed(CertificationAuthorityTest.NOW, ZoneOffset.UTC))) {
            // run 1 is appended and acknowledged; the standalone stage then hangs on the cosigner
            List<IssuedCertificate> first = acknowledge(a, "h1-", 3);
            hanging.entered.await();
            // runs 2 and 3 are appended and acknowledged all the same, and queue behind the stage
            List<IssuedCertificate> second = acknowledge(a, "h2-", 5);
            List<IssuedCertificate> third = acknowledge(a, "h3-", 70);
            assertEquals(78, a.treeSize());
            assertEquals(2, a.queuedRuns());
            List<IssuedCertificate> everything = new ArrayList<>(first);
            everything.addAll(second);
            everything.addAll(third);
            for (IssuedCertificate c : everything) {
                assertEquals(CertificateStatus.State.PENDING, a.standalone(c.serial()).state());
            }
            // the cosigner answers: run 1's certificates, then runs 2 and 3 as one job in the stage's next pass
            hanging.released.countDown();
            a.awaitStandalone();
            assertEquals(0, a.queuedRuns());
            assertEquals(0, a.waitingRuns());
            for (IssuedCertificate c : everything) {
                byte[] der = a.standalone(c.serial()).certificate().orElseThrow();
                assertEquals(2, checkSignatures(der, all).size());
            }
            // run 1 covers [0, 3): two subtrees; runs 2 and 3, one job for [3, 78): the two subtrees covering it
            assertEquals(List.of(List.of(new Subtree(0, 2), new Subtree(2, 3)), List.of(new Subtree(0, 64),
                    new Subtree(64, 78))), hanging.asked);
        }
    }

    @Test
    void waitingRunsAreAskedAgainWithABackOffAndAtOnceWhenANewRunGetsItsQuorum() throws Exception {
        Path dir = CertificationAuthorityTest.newCa(tmp.resolve("ca"), CertificationAuthorityTest.config());
        ScriptedCosigner flaky = new ScriptedCosigner(false);
        flaky.down = true;
        CertificationAuthorityTest.MutableClock clock = new CertificationAuthorityTest.MutableClock(
                CertificationAuthorityTest.NOW);
        try (CertificationAuthority a = CertificationAuthority.open(dir, CaKeys.load(dir), List.of(flaky), clock)) {
            List<IssuedCertificate> got = new ArrayList<>(issue(a, "a-", 3)); // [0, 3): two subtrees, waits
            assertEquals(1, a.waitingRuns());
            got.addAll(issue(a, "b-", 2)); // [3, 5): asked alone, the waiting run's retry is not due
            assertEquals(2, a.waitingRuns());
            a.runNow(); // no batch, not due: nobody is asked
            assertEquals(List.of(2, 2), flaky.asked.stream().map(List::size).toList());
            clock.advance(Duration.ofSeconds(1)); // one checkpoint interval: due, both asked, still down
            a.runNow();
            assertEquals(List.of(2, 2, 4), flaky.asked.stream().map(List::size).toList());
            clock.advance(Duration.ofSeconds(1)); // the back-off doubled to 2 s: not due
            a.runNow();
            assertEquals(3, flaky.asked.size());
            // back: a new run gets its quorum, and the waiting runs are asked at once, without waiting for the back-off
            flaky.down = false;
            got.addAll(issue(a, "c-", 4));
            assertEquals(List.of(2, 2, 4, 2, 4), flaky.asked.stream().map(List::size).toList());
            assertEquals(0, a.waitingRuns());
            List<Cosigner> all = List.of(caCosigner(dir), flaky.cosigner());
            for (IssuedCertificate c : got) {
                assertEquals(2, checkSignatures(a.standalone(c.serial()).certificate().orElseThrow(), all).size());
            }
        }
    }

    /** Submits {@code n} requests and runs the intake only: returns their acknowledgement. */
    private static List<IssuedCertificate> acknowledge(CertificationAuthority a, String prefix, int n) {
        CompletableFuture<List<IssuedCertificate>> f = a.submit(requests(prefix, n));
        a.runIntakeNow();
        assertTrue(f.isDone() && !f.isCompletedExceptionally(), "acknowledged while the cosigner hangs");
        return f.getNow(null);
    }
}
