package io.mtc4j.ca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.log.fsck.FsckReport;
import io.mtc4j.log.fsck.LogFsck;
import io.mtc4j.log.storage.LocalDirectoryStore;
import io.mtc4j.spec.ca.CaCertificate;
import io.mtc4j.spec.cert.MtcCertificate;
import io.mtc4j.spec.cert.MtcProof;
import io.mtc4j.spec.cert.SubtreeSignature;
import io.mtc4j.spec.cosign.Cosigner;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.der.Pem;
import io.mtc4j.spec.landmark.LandmarkList;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificationAuthorityTest {
    static final TrustAnchorId CA_ID = TrustAnchorId.parse("32473.1");
    static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");

    @TempDir
    Path tmp;

    static Path newCa(Path dir, CaConfig config) {
        CertificationAuthority.init(dir, config, true, new SecureRandom(), NOW);
        return dir;
    }

    static CaConfig config() {
        return CaConfig.defaults(CA_ID);
    }

    static CertificationAuthority open(Path dir, Clock clock) {
        return CertificationAuthority.open(dir, CaKeys.load(dir), List.of(), clock);
    }

    static CaCertificate caCert(Path dir) throws Exception {
        return CaCertificate.parse(CertificationAuthority.PROFILE,
                Pem.decode(Files.readString(dir.resolve("ca.pem"))).der());
    }

    /** What a relying party checks of a standalone certificate: the CA cosignature over the subtree it proves. */
    static void checkStandalone(CaCertificate ca, byte[] der, long index) {
        MtcCertificate c = MtcCertificate.parse(CertificationAuthority.PROFILE, der);
        assertEquals(index, c.index());
        MtcProof p = c.proof();
        assertFalse(p.signatures().isEmpty());
        HashFunction h = HashFunction.sha256();
        Subtree s = new Subtree(p.start(), p.end());
        byte[] root = SubtreeProofs.evaluateInclusionProof(h, s, index, c.entryHash(h), p.inclusionProof());
        Cosigner cosigner = new Cosigner(CA_ID, Keys.verifier(SignatureAlgorithm.MLDSA44, ca.cosignerPublicKey()));
        SubtreeSignature sig = p.signatures().get(0);
        assertEquals(CA_ID, sig.cosignerId());
        assertTrue(cosigner.verifySubtreeSignature(CertificationAuthority.PROFILE, c.logId().orElse(CA_ID.logId(
                c.logNumber())), p.start(), p.end(), root, sig.signature()));
    }

    static FsckReport fsck(Path dir, int log) throws Exception {
        CaCertificate ca = caCert(dir);
        NoteVerifier v = NoteVerifier.mlDsa44Cosignature(CA_ID.tlogName(), Keys.verifier(SignatureAlgorithm.MLDSA44,
                ca.cosignerPublicKey()));
        try (LocalDirectoryStore s = LocalDirectoryStore.open(dir.resolve("log"))) {
            return LogFsck.of(CertificationAuthority.PROFILE, List.of(v)).check(s.objects(log).orElseThrow());
        }
    }

    @Test
    void initWritesTheInstanceWithOwnerOnlyKeysAndAValidCaCertificate() throws Exception {
        Path dir = newCa(tmp.resolve("ca"), config());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve("keys/ca-cosigner.pk8"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve("keys/log-ed25519.pk8"))));
        CaCertificate ca = caCert(dir);
        assertEquals(CA_ID, ca.subject().id());
        assertEquals(BigInteger.ONE.shiftLeft(48), ca.authority().minSerial());
        assertEquals(BigInteger.valueOf(17).shiftLeft(48).subtract(BigInteger.ONE), ca.authority().maxSerial().orElseThrow());
        assertEquals("http://127.0.0.1:8080/log", ca.prefixUrl().orElseThrow());
        assertEquals(config(), CaConfig.read(dir));
        CaException again = assertThrows(CaException.class, () -> newCa(dir, config()));
        assertEquals("exists", again.rule());
    }

    @Test
    void keyFilesReadableByOthersAreRefused() throws Exception {
        Path dir = newCa(tmp.resolve("ca"), config());
        Files.setPosixFilePermissions(dir.resolve("keys/ca-cosigner.pk8"), PosixFilePermissions.fromString("rw-r--r--"));
        CaException e = assertThrows(CaException.class, () -> CaKeys.load(dir));
        assertEquals("owner-only", e.rule());
    }

    @Test
    void aRunLogsTheBatchAndIssuesStandaloneCertificatesThatVerify() throws Exception {
        Path dir = newCa(tmp.resolve("ca"), config());
        CaCertificate ca = caCert(dir);
        List<CompletableFuture<List<IssuedCertificate>>> acks = new ArrayList<>();
        try (CertificationAuthority a = open(dir, Clock.fixed(NOW, ZoneOffset.UTC))) {
            for (int run = 0; run < 3; run++) {
                for (int k = 0; k < 2; k++) {
                    List<IssuanceRequest> rs = new ArrayList<>();
                    for (int i = 0; i <= run * 3 + k; i++) {
                        rs.add(TestRequests.dns("h" + run + "-" + k + "-" + i + ".example", NOW));
                    }
                    acks.add(a.submit(rs));
                }
                a.runNow();
            }
            long expect = 0;
            for (CompletableFuture<List<IssuedCertificate>> f : acks) {
                for (IssuedCertificate c : f.getNow(null)) {
                    assertEquals(expect++, c.index());
                    assertEquals(1, c.logNumber());
                    byte[] der = a.standalone(c.serial()).certificate().orElseThrow();
                    checkStandalone(ca, der, c.index());
                }
            }
            assertEquals(expect, a.treeSize());
            assertEquals(CertificateStatus.State.UNKNOWN, a.standalone(BigInteger.ONE.shiftLeft(48)
                    .add(BigInteger.valueOf(expect))).state());
        }
        FsckReport r = fsck(dir, 1);
        assertTrue(r.ok(), r.toString());
    }

    @Test
    void aLandmarkIsAllocatedPublishedAndItsEntriesGetLandmarkRelativeCertificates() throws Exception {
        Path dir = newCa(tmp.resolve("ca"), config());
        MutableClock clock = new MutableClock(NOW);
        List<IssuedCertificate> issued = new ArrayList<>();
        try (CertificationAuthority a = open(dir, clock)) {
            for (int run = 0; run < 2; run++) {
                List<IssuanceRequest> rs = new ArrayList<>();
                for (int i = 0; i < 5 + run; i++) {
                    rs.add(TestRequests.dns("l" + run + "-" + i + ".example", NOW));
                }
                CompletableFuture<List<IssuedCertificate>> f = a.submit(rs);
                a.runNow();
                issued.addAll(f.getNow(null));
            }
            clock.advance(Duration.ofHours(1));
            a.runNow();
            a.awaitLandmarks();
            String published = new String(a.logStore().objects(1).orElseThrow().read("landmarks").orElseThrow(),
                    StandardCharsets.US_ASCII);
            LandmarkList l = LandmarkList.parse(published);
            // the first run's interval allocated landmark 1 (size 5); the next interval's run landmark 2
            assertEquals(2, l.lastLandmark());
            assertEquals(List.of(11L, 5L, 0L), l.treeSizes());
            for (IssuedCertificate c : issued) {
                byte[] der = a.landmarkRelative(c.serial()).certificate().orElseThrow();
                MtcCertificate lr = MtcCertificate.parse(CertificationAuthority.PROFILE, der);
                assertTrue(lr.proof().signatures().isEmpty());
                // built from the standalone certificate's bytes: what the entry and key would build
                MtcCertificate sa = MtcCertificate.parse(CertificationAuthority.PROFILE,
                        a.standalone(c.serial()).certificate().orElseThrow());
                assertArrayEquals(io.mtc4j.spec.cert.CertificateBuilder.encodeLandmarkRelative(
                        sa.logEntry(HashFunction.sha256()), sa.subjectPublicKeyInfo(), 1, c.index(), lr.proof(),
                        HashFunction.sha256()), der);
                assertEquals(c.index(), lr.index());
                Subtree s = new Subtree(lr.proof().start(), lr.proof().end());
                assertTrue(l.landmarkSubtrees(c.index() < 5 ? 1 : 2).contains(s));
            }
        }
        FsckReport r = fsck(dir, 1);
        assertTrue(r.ok(), r.toString());
    }

    @Test
    void aFullPoolRefusesWithRetryAfterAndKeepsWhatItAccepted() throws Exception {
        Path dir = newCa(tmp.resolve("ca"), config().withPoolMaxRequests(3));
        try (CertificationAuthority a = open(dir, Clock.fixed(NOW, ZoneOffset.UTC))) {
            CompletableFuture<List<IssuedCertificate>> first = a.submit(List.of(TestRequests.dns("a.example", NOW),
                    TestRequests.dns("b.example", NOW)));
            OverloadedException e = assertThrows(OverloadedException.class, () -> a.submit(List.of(
                    TestRequests.dns("c.example", NOW), TestRequests.dns("d.example", NOW))));
            assertEquals(OverloadedException.Reason.POOL_FULL, e.reason());
            assertTrue(e.retryAfter().getSeconds() >= 1);
            a.runNow();
            assertEquals(2, first.getNow(null).size());
            assertEquals(2, a.treeSize());
            assertEquals(0, a.pending());
        }
    }

    @Test
    void closeDrainsThePoolAndRefusesNewWork() throws Exception {
        Path dir = newCa(tmp.resolve("ca"), config());
        CertificationAuthority a = open(dir, Clock.fixed(NOW, ZoneOffset.UTC));
        CompletableFuture<List<IssuedCertificate>> f = a.submit(List.of(TestRequests.dns("a.example", NOW)));
        a.close();
        assertTrue(f.isDone() && !f.isCompletedExceptionally());
        assertThrows(OverloadedException.class, () -> a.submit(List.of(TestRequests.dns("b.example", NOW))));
        try (CertificationAuthority b = open(dir, Clock.fixed(NOW, ZoneOffset.UTC))) {
            assertEquals(1, b.treeSize());
            assertTrue(b.standalone(f.getNow(null).get(0).serial()).certificate().isPresent());
        }
    }

    @Test
    void recoveryFinishesAJournaledBatchThatIsInTheLogAndDropsOneThatIsNot() throws Exception {
        Path dir = newCa(tmp.resolve("ca"), config());
        List<IssuedCertificate> issued;
        try (CertificationAuthority a = open(dir, Clock.fixed(NOW, ZoneOffset.UTC))) {
            CompletableFuture<List<IssuedCertificate>> f = a.submit(List.of(TestRequests.dns("a.example", NOW),
                    TestRequests.dns("b.example", NOW), TestRequests.dns("c.example", NOW)));
            a.runNow();
            issued = f.getNow(null);
        }
        // the state of a crash after the append and before the certificates were stored: the journal is back, the
        // certificate file gone; and a journal of a batch the crash stopped before its append (never acknowledged)
        Journal j = new Journal(dir.resolve("journal"));
        j.write(1, 0, List.of(TestRequests.SPKI, TestRequests.SPKI, TestRequests.SPKI));
        j.write(1, 3, List.of(TestRequests.SPKI));
        Files.delete(dir.resolve("certs/1/standalone/0-3"));
        try (CertificationAuthority a = open(dir, Clock.fixed(NOW, ZoneOffset.UTC))) {
            assertEquals(3, a.treeSize());
            a.awaitStandalone();
            for (IssuedCertificate c : issued) {
                checkStandalone(caCert(dir), a.standalone(c.serial()).certificate().orElseThrow(), c.index());
            }
            assertTrue(j.list().isEmpty());
        }
    }

    @Test
    void aSecondOpenOfTheSameCaIsRefused() throws Exception {
        Path dir = newCa(tmp.resolve("ca"), config());
        try (CertificationAuthority a = open(dir, Clock.systemUTC())) {
            CaException e = assertThrows(CaException.class, () -> open(dir, Clock.systemUTC()));
            assertEquals("locked", e.rule());
        }
    }

    @Test
    void rolloverMovesToTheNextLogAndStopsAtMaxLogNumber() throws Exception {
        CaConfig two = new CaConfig(CA_ID, "http://127.0.0.1:8080/log", "127.0.0.1:0", Duration.ofDays(7),
                Duration.ofSeconds(1), Duration.ofHours(1), "log", 1000, 2);
        Path dir = newCa(tmp.resolve("ca"), two);
        IssuedCertificate first;
        try (CertificationAuthority a = open(dir, Clock.fixed(NOW, ZoneOffset.UTC))) {
            CompletableFuture<List<IssuedCertificate>> f = a.submit(List.of(TestRequests.dns("a.example", NOW)));
            a.runNow();
            // the first run allocated landmark 1; a second run in the same interval gets none before the rollover
            CompletableFuture<List<IssuedCertificate>> g = a.submit(List.of(TestRequests.dns("c.example", NOW)));
            a.runNow();
            first = g.getNow(null).get(0);
            assertTrue(a.landmarkRelative(f.getNow(null).get(0).serial()).certificate().isPresent());
            assertEquals(CertificateStatus.State.PENDING, a.landmarkRelative(first.serial()).state());
            CaException open = assertThrows(CaException.class, () -> CertificationAuthority.rollover(dir, "x", NOW));
            assertEquals("locked", open.rule());
        }
        assertEquals(2, CertificationAuthority.rollover(dir, "log 1 forked in a test", NOW));
        try (CertificationAuthority a = open(dir, Clock.fixed(NOW, ZoneOffset.UTC))) {
            assertEquals(2, a.currentLog());
            CompletableFuture<List<IssuedCertificate>> f = a.submit(List.of(TestRequests.dns("b.example", NOW)));
            a.runNow();
            IssuedCertificate c = f.getNow(null).get(0);
            assertEquals(2, c.logNumber());
            assertEquals(0, c.index());
            assertEquals(BigInteger.TWO.shiftLeft(48), c.serial());
            checkStandalone(caCert(dir), a.standalone(c.serial()).certificate().orElseThrow(), 0);
            // log 1 keeps its certificates; it gets no more landmarks
            assertTrue(a.standalone(first.serial()).certificate().isPresent());
            assertEquals(CertificateStatus.State.GONE, a.landmarkRelative(first.serial()).state());
        }
        CaException e = assertThrows(CaException.class, () -> CertificationAuthority.rollover(dir, "again", NOW));
        assertEquals("above-max-serial", e.rule());
        assertTrue(fsck(dir, 1).ok());
        assertTrue(fsck(dir, 2).ok());
    }

    @Test
    void aBadRequestRefusesTheWholeSubmission() throws Exception {
        Path dir = newCa(tmp.resolve("ca"), config());
        try (CertificationAuthority a = open(dir, Clock.fixed(NOW, ZoneOffset.UTC))) {
            IssuanceRequest bad = new IssuanceRequest(new byte[] {0x30, 0x00}, new byte[] {1, 2, 3}, NOW, NOW,
                    TestRequests.dns("x.example", NOW).extensions());
            CaException e = assertThrows(CaException.class, () -> a.submit(List.of(TestRequests.dns("ok.example",
                    NOW), bad)));
            assertEquals("requests[1]", e.field());
            assertEquals(0, a.pending());
        }
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

}
