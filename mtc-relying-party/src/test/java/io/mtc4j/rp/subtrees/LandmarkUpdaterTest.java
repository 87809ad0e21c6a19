package io.mtc4j.rp.subtrees;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.log.http.LogServer;
import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.config.RelyingPartyConfig;
import io.mtc4j.rp.config.TrustedSubtree;
import io.mtc4j.rp.policy.CosignerPolicy;
import io.mtc4j.rp.subtrees.LandmarkUpdateException.Reason;
import io.mtc4j.spec.cosign.Cosigner;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LandmarkUpdater} and {@link LandmarkRefresher} against real logs served over HTTP on loopback. */
class LandmarkUpdaterTest {
    @TempDir
    Path tmp;

    private static LandmarkUpdater updater(LiveLog log) {
        return LandmarkUpdater.of(LiveLog.caConfig(), LiveLog.LOG, log.transport());
    }

    /** Every active landmark subtree, with the hash of an independent in-memory tree of the log's entries. */
    private static List<TrustedSubtree> expected(LiveLog log, List<Long> sizes) {
        MemoryTree t = new MemoryTree(HashFunction.sha256());
        log.entries.forEach(t::appendEntry);
        List<TrustedSubtree> out = new ArrayList<>();
        for (int i = 1; i < sizes.size(); i++) {
            for (Subtree s : io.mtc4j.spec.merkle.Covering.coveringSubtrees(sizes.get(i - 1), sizes.get(i))) {
                out.add(new TrustedSubtree(LiveLog.LOG, s.start(), s.end(), io.mtc4j.spec.merkle.SubtreeProofs.subtreeHash(t, s)));
            }
        }
        return out;
    }

    @Test
    void oneRoundTrustsEveryActiveLandmarkSubtreeOfTheCosignedCheckpoint() {
        try (LiveLog log = new LiveLog(tmp.resolve("log"), 1)) {
            log.append(300).allocateLandmark(3).append(211).allocateLandmark(3).append(5);
            LandmarkState s = updater(log).updateOnce(Optional.empty());
            assertEquals(516, s.checkpoint().size());
            assertEquals(List.of(1L, 2L), s.window().landmarks());
            assertEquals(expected(log, List.of(0L, 300L, 511L)), s.trustedSubtrees());
            assertEquals(TrustAnchorId.parse("32473.1.2.1.2"), s.landmarkGroupId().orElseThrow());
            assertEquals(List.of(TrustAnchorId.parse("32473.1.1.1.1"), TrustAnchorId.parse("32473.1.1.1.2")),
                    s.landmarkIds());
            // the state configures the relying party's trusted subtrees
            RelyingPartyConfig rp = s.applyTo(RelyingPartyConfig.of(LiveLog.caConfig()));
            assertEquals(s.trustedSubtrees(), rp.ca(LiveLog.CA_ID).orElseThrow().trustedSubtrees());
        }
    }

    @Test
    void laterRoundsMoveTheWindowAndPruneLandmarksThatLeftIt() {
        try (LiveLog log = new LiveLog(tmp.resolve("log"), 2)) {
            LandmarkUpdater u = updater(log).withMaxActiveLandmarks(2);
            log.append(40).allocateLandmark(2).append(70).allocateLandmark(2);
            LandmarkState first = u.updateOnce(Optional.empty());
            assertEquals(List.of(1L, 2L), first.window().landmarks());
            log.append(90).allocateLandmark(2).append(3);
            LandmarkState second = u.updateOnce(Optional.of(first));
            assertEquals(List.of(2L, 3L), second.window().landmarks());
            assertEquals(expected(log, List.of(40L, 110L, 200L)), second.trustedSubtrees());
            assertEquals(TrustAnchorId.parse("32473.1.2.1.3"), second.landmarkGroupId().orElseThrow());
            // nothing new: the same state again, still accepted
            LandmarkState third = u.updateOnce(Optional.of(second));
            assertEquals(second.trustedSubtrees(), third.trustedSubtrees());
        }
    }

    @Test
    void aLogWithOnlyLandmarkZeroGivesAnEmptyWindow() {
        try (LiveLog log = new LiveLog(tmp.resolve("log"), 3)) {
            log.append(3).publish("0 0\n0\n");
            LandmarkState s = updater(log).updateOnce(Optional.empty());
            assertEquals(List.of(), s.trustedSubtrees());
            assertTrue(s.landmarkGroupId().isEmpty());
        }
    }

    @Test
    void landmarksBeyondTheCosignedCheckpointAreRefused() {
        try (LiveLog log = new LiveLog(tmp.resolve("log"), 4)) {
            log.append(10).publish("1 1\n" + (log.size() + 1) + "\n0\n");
            LandmarkUpdateException e = assertThrows(LandmarkUpdateException.class,
                    () -> updater(log).updateOnce(Optional.empty()));
            assertEquals(Reason.INCONSISTENT_LANDMARKS, e.reason());
            assertTrue(e.getMessage().contains("beyond the cosigned checkpoint"), e.getMessage());
        }
    }

    @Test
    void aLogThatLiesChangesNothingAndIsReportedByReason() throws Exception {
        try (LiveLog log = new LiveLog(tmp.resolve("log"), 5)) {
            log.append(20).allocateLandmark(3).append(30).allocateLandmark(3);
            log.copyTo(tmp.resolve("old"));
            log.append(25).allocateLandmark(3);
            Path file = tmp.resolve("trusted-subtrees.json");
            List<RuntimeException> failures = new ArrayList<>();
            LandmarkRefresher r = new LandmarkRefresher(List.of(updater(log).withMaxActiveLandmarks(3)), file,
                    listener(failures));
            LandmarkState good = r.refreshNow().get(0);
            assertEquals(List.of(1L, 2L, 3L), good.window().landmarks());
            byte[] persisted = Files.readAllBytes(file);

            // a rollback of the landmarks: the older file beside the newer checkpoint
            log.publish("2 2\n50\n20\n0\n");
            assertReason(Reason.ROLLBACK, r, failures, file, persisted);
            // a past landmark's tree size changed
            log.publish("3 3\n75\n50\n21\n0\n");
            assertReason(Reason.INCONSISTENT_LANDMARKS, r, failures, file, persisted);
            // the window shrank: landmark 1 dropped while max_active_landmarks is 3
            log.publish("3 2\n75\n50\n20\n");
            assertReason(Reason.WINDOW_SHRANK, r, failures, file, persisted);
            // the honest file again: accepted
            log.publish("3 3\n75\n50\n20\n0\n");
            r.refreshNow();
            assertEquals(good.trustedSubtrees(), r.current().get(0).trustedSubtrees());

            // a mirror serving the old log (checkpoint of size 50): a rollback of the checkpoint
            try (LogServer old = LiveLog.serve(tmp.resolve("old"))) {
                LandmarkUpdater stale = LandmarkUpdater.of(LiveLog.caConfig(), LiveLog.LOG,
                        LiveLog.transport(old.url().toString()));
                LandmarkUpdateException e = assertThrows(LandmarkUpdateException.class,
                        () -> stale.updateOnce(Optional.of(good)));
                assertEquals(Reason.ROLLBACK, e.reason(), e.getMessage());
            }
        }
    }

    @Test
    void aForkedLogIsRefused() {
        LandmarkState good;
        try (LiveLog log = new LiveLog(tmp.resolve("a"), 6)) {
            log.append(20).allocateLandmark(3);
            good = updater(log).updateOnce(Optional.empty());
        }
        // the same CA key signs another tree with other entries (seed 66): not an extension of the trusted one
        try (LiveLog fork = new LiveLog(tmp.resolve("b"), 66)) {
            fork.append(40).allocateLandmark(3);
            LandmarkUpdateException e = assertThrows(LandmarkUpdateException.class,
                    () -> updater(fork).updateOnce(Optional.of(good)));
            assertEquals(Reason.FORK, e.reason(), e.getMessage());
            assertTrue(e.reason().lying());
        }
    }

    @Test
    void aCheckpointWithoutTheCosignaturesThePolicyNeedsIsRefused() {
        Cosigner witness = new Cosigner(TrustAnchorId.parse("32473.2.1"), Keys.generate(SignatureAlgorithm.MLDSA44,
                new SecureRandom(new byte[] {9}), SigningMode.DETERMINISTIC).verifier());
        CaConfig strict = LiveLog.caConfig().withOtherCosigners(List.of(witness))
                .withPolicy(CosignerPolicy.caPlus(LiveLog.CA_ID, 1, List.of(witness.id())));
        try (LiveLog log = new LiveLog(tmp.resolve("log"), 7)) {
            log.append(20).allocateLandmark(3);
            LandmarkUpdateException e = assertThrows(LandmarkUpdateException.class,
                    () -> LandmarkUpdater.of(strict, LiveLog.LOG, log.transport()).updateOnce(Optional.empty()));
            assertEquals(Reason.POLICY_NOT_MET, e.reason(), e.getMessage());
        }
    }

    @Test
    void aLogWithoutLandmarksOrServerIsReportedAsSuch() throws Exception {
        try (LiveLog log = new LiveLog(tmp.resolve("log"), 8)) {
            log.append(2);
            assertEquals(Reason.NO_LANDMARKS, assertThrows(LandmarkUpdateException.class,
                    () -> updater(log).updateOnce(Optional.empty())).reason());
            log.publish("1 1\n2\n");
            assertEquals(Reason.MALFORMED_LANDMARKS, assertThrows(LandmarkUpdateException.class,
                    () -> updater(log).updateOnce(Optional.empty())).reason());
        }
        LogServer gone = LiveLog.serve(tmp.resolve("none"));
        String url = gone.url().toString();
        gone.close();
        assertEquals(Reason.UNAVAILABLE, assertThrows(LandmarkUpdateException.class, () -> LandmarkUpdater.of(
                LiveLog.caConfig(), 1, LiveLog.transport(url)).updateOnce(Optional.empty())).reason());
    }

    @Test
    void theFileRoundTripsAndMtcVerifyReadsIt() throws Exception {
        try (LiveLog log = new LiveLog(tmp.resolve("log"), 9)) {
            log.append(100).allocateLandmark(4).append(100).allocateLandmark(4);
            LandmarkState s = updater(log).withMaxActiveLandmarks(4).updateOnce(Optional.empty());
            Path file = tmp.resolve("ts.json");
            TrustedSubtreesFile.write(file, List.of(s));
            byte[] bytes = Files.readAllBytes(file);
            LandmarkState back = TrustedSubtreesFile.readStates(bytes).get(0);
            assertEquals(s.trustedSubtrees(), back.trustedSubtrees());
            assertEquals(s.landmarks(), back.landmarks());
            assertEquals(s.maxActiveLandmarks(), back.maxActiveLandmarks());
            assertEquals(s.updatedAt(), back.updatedAt());
            assertArrayEquals(s.checkpoint().rootHash(), back.checkpoint().rootHash());
            assertArrayEquals(bytes, TrustedSubtreesFile.format(List.of(back)));
            RelyingPartyConfig rp = TrustedSubtreesFile.apply(bytes, RelyingPartyConfig.of(LiveLog.caConfig()));
            assertEquals(s.trustedSubtrees(), rp.ca(LiveLog.CA_ID).orElseThrow().trustedSubtrees());
            // a state whose active subtree is missing from the list is refused
            String cut = new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                    .replaceFirst("\\{[^{}]*\"start\" : 0,[^{}]*\\},?", "");
            io.mtc4j.spec.MtcParseException e = assertThrows(io.mtc4j.spec.MtcParseException.class,
                    () -> TrustedSubtreesFile.readStates(cut.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertTrue(e.getMessage().contains("is not in trusted_subtrees"), e.getMessage());
        }
    }

    @Test
    void theRefresherFollowsTheLogOnASchedule() throws Exception {
        try (LiveLog log = new LiveLog(tmp.resolve("log"), 10)) {
            log.append(30).allocateLandmark(3);
            CountDownLatch sawLandmark2 = new CountDownLatch(1);
            List<RuntimeException> failures = new ArrayList<>();
            Path file = tmp.resolve("ts.json");
            try (LandmarkRefresher r = new LandmarkRefresher(List.of(updater(log)), file,
                    new LandmarkRefresher.Listener() {
                        @Override
                        public void updated(LandmarkState s) {
                            if (s.window().lastLandmark().orElse(0L) == 2) {
                                sawLandmark2.countDown();
                            }
                        }

                        @Override
                        public void failed(LandmarkUpdater u, RuntimeException e) {
                            failures.add(e);
                        }
                    })) {
                log.append(30).allocateLandmark(3);
                r.start(Duration.ofMillis(20));
                assertTrue(sawLandmark2.await(60, TimeUnit.SECONDS), "no round saw landmark 2; failures " + failures);
                assertEquals(List.of(TrustAnchorId.parse("32473.1.2.1.2")), r.landmarkGroupIds());
            }
            // a new refresher reads the persisted state back
            try (LandmarkRefresher again = new LandmarkRefresher(List.of(), file, listener(new ArrayList<>()))) {
                assertEquals(List.of(1L, 2L), again.current().get(0).window().landmarks());
            }
        }
    }

    static LandmarkRefresher.Listener listener(List<RuntimeException> failures) {
        return new LandmarkRefresher.Listener() {
            @Override
            public void updated(LandmarkState s) {}

            @Override
            public void failed(LandmarkUpdater u, RuntimeException e) {
                failures.add(e);
            }
        };
    }

    private static void assertReason(Reason want, LandmarkRefresher r, List<RuntimeException> failures, Path file,
            byte[] persisted) throws Exception {
        List<LandmarkState> before = r.current();
        failures.clear();
        r.refreshNow();
        assertEquals(1, failures.size(), "failures " + failures);
        LandmarkUpdateException e = (LandmarkUpdateException) failures.get(0);
        assertEquals(want, e.reason(), e.getMessage());
        assertTrue(e.reason().lying());
        assertEquals(before, r.current());
        assertArrayEquals(persisted, Files.readAllBytes(file));
    }
}
