package io.mtc4j.rp.subtrees;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.log.client.HttpLogTransport;
import io.mtc4j.log.client.LogClient;
import io.mtc4j.log.client.LogTransport;
import io.mtc4j.log.http.LogServerConfig;
import io.mtc4j.log.mirror.Mirror;
import io.mtc4j.log.mirror.MirrorClient;
import io.mtc4j.log.mirror.MirrorKeys;
import io.mtc4j.log.mirror.MirrorServer;
import io.mtc4j.log.storage.DirectoryLogObjects;
import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.policy.CosignerPolicy;
import io.mtc4j.rp.subtrees.LandmarkUpdateException.Reason;
import io.mtc4j.rp.subtrees.LandmarkUpdater.MirrorUse;
import io.mtc4j.spec.cosign.Cosigner;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Signer;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.note.NoteSigner;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.note.SignedNote;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LandmarkUpdater#withMirrors}: the checkpoint and tiles from a mirror's copy of the log (C2SP tlog-mirror:
 * the log's published directory under {@code <mirror>/<hex sha256(origin)>/}, its checkpoint cosigned by the
 * mirror), the landmarks from the CA; checked exactly as the CA's log, so a mirror that lies changes nothing.
 */
class LandmarkMirrorTest {
    static final TrustAnchorId MIRROR = TrustAnchorId.parse("32473.9.1");
    static final Signer MIRROR_KEY = Keys.signer(SignatureAlgorithm.MLDSA44,
            Keys.mlDsaSeedPkcs8(SignatureAlgorithm.MLDSA44, LiveLog.seed(9)), SigningMode.DETERMINISTIC);
    static final String ORIGIN = LiveLog.CA_ID.logId(LiveLog.LOG).tlogName();

    @TempDir
    Path tmp;

    /** The CA's configuration with the mirror as a cosigner and a policy requiring it beside the CA cosigner. */
    static CaConfig mirrorRequired() {
        return LiveLog.caConfig().withOtherCosigners(List.of(new Cosigner(MIRROR, MIRROR_KEY.verifier())))
                .withPolicy(CosignerPolicy.caPlus(LiveLog.CA_ID, 1, List.of(MIRROR)));
    }

    /**
     * A mirror of {@code log} as it is now: its published directory under {@code <root>/<origin hash>/}, the
     * checkpoint with the mirror's cosignature added; returns the mirror's copy of the log.
     */
    Path mirror(LiveLog log, Path root) throws Exception {
        Path copy = tmp.resolve("copy-" + root.getFileName());
        log.copyTo(copy);
        Path at = root.resolve(LandmarkUpdater.mirrorPath(ORIGIN));
        Files.createDirectories(root);
        Files.move(copy.resolve(Integer.toString(LiveLog.LOG)), at);
        Path cp = at.resolve(DirectoryLogObjects.CHECKPOINT);
        SignedNote note = SignedNote.parse(Files.readAllBytes(cp)).withSignature(
                NoteSigner.mlDsa44Cosigner(MIRROR.tlogName(), MIRROR_KEY, () -> 1_767_300_000L));
        Files.write(cp, note.bytes());
        return at;
    }

    /** A CA whose landmarks file is reachable but whose log's checkpoint and tiles are not. */
    Path landmarksOnly(LiveLog log, String name) throws Exception {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        Files.copy(log.root.resolve(Integer.toString(LiveLog.LOG)).resolve(DirectoryLogObjects.LANDMARKS),
                dir.resolve(DirectoryLogObjects.LANDMARKS), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return dir;
    }

    static LogTransport dir(Path p) {
        return LogTransport.of(new DirectoryLogObjects(p), p.toString());
    }

    @Test
    void theMirrorPathIsTheHexSha256OfTheOrigin() throws Exception {
        assertEquals(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("oid/1.3.6.1.4.1.32473.1.0.1".getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                LandmarkUpdater.mirrorPath(ORIGIN));
        assertEquals(64, LandmarkUpdater.mirrorPath(ORIGIN).length());
    }

    @Test
    void aMirrorProvesTheStateWhenTheLogIsUnreachableOrLacksTheMirrorsCosignature() throws Exception {
        try (LiveLog log = new LiveLog(tmp.resolve("log"), 21)) {
            log.append(300).allocateLandmark(3).append(211).allocateLandmark(3).append(5);
            LandmarkState direct = LandmarkUpdater.of(LiveLog.caConfig(), LiveLog.LOG, log.transport())
                    .updateOnce(Optional.empty());
            Path m = mirror(log, tmp.resolve("mirror"));
            // the CA's log unreachable (only its landmarks are): the mirror's checkpoint and tiles
            LandmarkState viaMirror = LandmarkUpdater.of(mirrorRequired(), LiveLog.LOG, dir(landmarksOnly(log, "ca")))
                    .withMirrors(List.of(dir(m)), MirrorUse.WHEN_LOG_UNAVAILABLE).updateOnce(Optional.empty());
            assertEquals(direct.trustedSubtrees(), viaMirror.trustedSubtrees());
            assertEquals(direct.checkpoint().size(), viaMirror.checkpoint().size());
            assertArrayEquals(direct.checkpoint().rootHash(), viaMirror.checkpoint().rootHash());
            // the CA's log is up, but its checkpoint lacks the mirror's cosignature the policy requires
            LandmarkUpdater strict = LandmarkUpdater.of(mirrorRequired(), LiveLog.LOG, log.transport());
            assertEquals(Reason.POLICY_NOT_MET, assertThrows(LandmarkUpdateException.class,
                    () -> strict.updateOnce(Optional.empty())).reason());
            LandmarkState fellBack = strict.withMirrors(List.of(dir(m)), MirrorUse.WHEN_LOG_UNAVAILABLE)
                    .updateOnce(Optional.empty());
            assertEquals(direct.trustedSubtrees(), fellBack.trustedSubtrees());
            // mirrors first, as configured
            LandmarkState first = LandmarkUpdater.of(mirrorRequired(), LiveLog.LOG, log.transport())
                    .withMirrors(List.of(dir(m)), MirrorUse.MIRRORS_FIRST).updateOnce(Optional.empty());
            assertEquals(direct.trustedSubtrees(), first.trustedSubtrees());
            // no mirror and no log: unavailable, naming both
            Path nowhere = tmp.resolve("nowhere");
            Files.createDirectories(nowhere);
            LandmarkUpdateException e = assertThrows(LandmarkUpdateException.class, () -> LandmarkUpdater.of(
                    mirrorRequired(), LiveLog.LOG, dir(landmarksOnly(log, "ca2"))).withMirrors(List.of(dir(nowhere)),
                    MirrorUse.WHEN_LOG_UNAVAILABLE).updateOnce(Optional.empty()));
            assertEquals(Reason.UNAVAILABLE, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("no source proves the state") && e.getMessage().contains("nowhere"),
                    e.getMessage());
        }
    }

    /**
     * mtc-log's tlog-mirror ({@link Mirror} behind {@link MirrorServer}) fed by {@link MirrorClient#upload} from the
     * CA's log: the updater reads the mirror's copy over HTTP at {@code <mirror URL>/<origin hash>} with the policy
     * requiring the mirror's ML-DSA-44 cosignature, while the CA's log is unreachable.
     */
    @Test
    void mtcLogsMirrorServesTheCopyTheUpdaterReads() throws Exception {
        SecureRandom r = new SecureRandom(new byte[] {31});
        byte[] secret = new byte[32];
        r.nextBytes(secret);
        MirrorKeys keys = MirrorKeys.of(MIRROR.tlogName(), MIRROR_KEY, Keys.generate(SignatureAlgorithm.ED25519, r,
                SigningMode.RANDOMIZED), secret, () -> 1_767_300_000L);
        List<NoteVerifier> caKeys = List.of(NoteVerifier.mlDsa44Cosignature(LiveLog.CA_ID.tlogName(),
                LiveLog.CA_KEY.verifier()));
        assertEquals(Mirror.originHash(ORIGIN), LandmarkUpdater.mirrorPath(ORIGIN));
        try (LiveLog log = new LiveLog(tmp.resolve("log"), 24);
                Mirror mirror = Mirror.open(tmp.resolve("mirror"), keys, Map.of(ORIGIN, caKeys));
                MirrorServer server = MirrorServer.start(mirror, LogServerConfig.defaults()
                        .withListen("127.0.0.1", 0).withAccessLog(false),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            log.append(300).allocateLandmark(3).append(211).allocateLandmark(3).append(5);
            LogClient source = LogClient.builder(log.transport()).verifiers(caKeys).build();
            source.update();
            assertEquals(516, new MirrorClient(server.url(), Duration.ofSeconds(60)).upload(source,
                    keys.verifiers()).checkpoint().size());
            LandmarkState direct = LandmarkUpdater.of(LiveLog.caConfig(), LiveLog.LOG, log.transport())
                    .updateOnce(Optional.empty());
            LogTransport copy = HttpLogTransport.builder(server.url() + "/" + LandmarkUpdater.mirrorPath(ORIGIN))
                    .maxAttempts(1).build();
            LandmarkState viaMirror = LandmarkUpdater.of(mirrorRequired(), LiveLog.LOG, dir(landmarksOnly(log, "ca")))
                    .withMirrors(List.of(copy), MirrorUse.WHEN_LOG_UNAVAILABLE).updateOnce(Optional.empty());
            assertEquals(direct.trustedSubtrees(), viaMirror.trustedSubtrees());
            assertArrayEquals(direct.checkpoint().rootHash(), viaMirror.checkpoint().rootHash());
        }
    }

    @Test
    void aMirrorThatLiesChangesNothing() throws Exception {
        try (LiveLog log = new LiveLog(tmp.resolve("log"), 22)) {
            log.append(20).allocateLandmark(3).append(30).allocateLandmark(3);
            Path stale = mirror(log, tmp.resolve("stale"));
            log.append(25).allocateLandmark(3);
            Path file = tmp.resolve("trusted-subtrees.json");
            List<RuntimeException> failures = new ArrayList<>();
            LandmarkRefresher direct = new LandmarkRefresher(List.of(LandmarkUpdater.of(LiveLog.caConfig(),
                    LiveLog.LOG, log.transport())), file, LandmarkUpdaterTest.listener(failures));
            LandmarkState good = direct.refreshNow().get(0);
            assertEquals(75, good.checkpoint().size());
            byte[] persisted = Files.readAllBytes(file);

            // rollback: the CA's log unreachable, the mirror serves the older checkpoint (size 50)
            LandmarkRefresher viaStale = new LandmarkRefresher(List.of(LandmarkUpdater.of(LiveLog.caConfig(),
                    LiveLog.LOG, dir(landmarksOnly(log, "ca"))).withMirrors(List.of(dir(stale)),
                    MirrorUse.WHEN_LOG_UNAVAILABLE)), file, LandmarkUpdaterTest.listener(failures));
            viaStale.refreshNow();
            assertEquals(1, failures.size(), failures.toString());
            assertEquals(Reason.ROLLBACK, ((LandmarkUpdateException) failures.get(0)).reason(),
                    failures.get(0).getMessage());
            assertEquals(good.trustedSubtrees(), viaStale.current().get(0).trustedSubtrees());
            assertArrayEquals(persisted, Files.readAllBytes(file));

            // another tree: a fork the CA key signed (other entries), cosigned by the mirror; even with the CA's
            // log reachable the lie ends the round
            try (LiveLog fork = new LiveLog(tmp.resolve("fork"), 23)) {
                fork.append(90).allocateLandmark(3);
                Path other = mirror(fork, tmp.resolve("liar"));
                failures.clear();
                LandmarkRefresher viaLiar = new LandmarkRefresher(List.of(LandmarkUpdater.of(LiveLog.caConfig(),
                        LiveLog.LOG, log.transport()).withMirrors(List.of(dir(other)), MirrorUse.MIRRORS_FIRST)),
                        file, LandmarkUpdaterTest.listener(failures));
                viaLiar.refreshNow();
                assertEquals(1, failures.size(), failures.toString());
                LandmarkUpdateException e = (LandmarkUpdateException) failures.get(0);
                assertEquals(Reason.FORK, e.reason(), e.getMessage());
                assertTrue(e.location().contains("liar"), e.location());
                assertEquals(good.trustedSubtrees(), viaLiar.current().get(0).trustedSubtrees());
                assertArrayEquals(persisted, Files.readAllBytes(file));
            }
        }
    }
}
