package io.mtc4j.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.log.fsck.FsckReport;
import io.mtc4j.log.fsck.LogFsck;
import io.mtc4j.log.storage.LocalDirectoryStore;
import io.mtc4j.spec.ca.CaCertificate;
import io.mtc4j.spec.cert.MtcCertificate;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.landmark.LandmarkList;
import io.mtc4j.spec.note.NoteVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CA's kill -9 harness: a child JVM ({@link CaKill9Child}) runs the CA (issuance runs every 20 ms, a landmark
 * every second) and submits requests; the parent SIGKILLs it ({@link ProcessHandle#destroyForcibly}) after a randomly
 * chosen number of acknowledgements, so it dies at a random point of a run (journal, append, signing, certificate
 * store, landmark), then starts it again on the same directory, trial after trial (some children finish and close
 * cleanly). At the end the parent opens the CA (recovery) and checks: every acknowledged request has its standalone
 * certificate, for its name, verifying against ca.pem; every entry below the last landmark has its
 * landmark-relative certificate; {@link LogFsck} accepts the log, consistent with every checkpoint a child saw on
 * opening (no fork).
 *
 * <p>Trials: {@code -Dmtc.ca.kill9.trials=N} (default 30); {@code -Dmtc.ca.kill9.seed=S} repeats a run.
 */
class CaKill9Test {
    @TempDir
    Path tmp;

    @Test
    void killedAtRandomPointsTheCaLosesNoAcknowledgedRequestAndEveryOneGetsItsCertificate() throws Exception {
        int trials = Integer.getInteger("mtc.ca.kill9.trials", 30);
        Random r = CaKill9Child.seeded("CA kill -9 harness", "mtc.ca.kill9.seed", trials);
        Path dir = tmp.resolve("ca");
        CaKill9Child.initCa(dir);
        Map<Long, String> acked = new LinkedHashMap<>();
        List<byte[]> observed = new ArrayList<>();
        int killed = 0;
        for (int t = 0; t < trials; t++) {
            int killAfter = r.nextInt(200);
            int rounds = 1 + r.nextInt(4);
            if (CaKill9Child.trial(dir, tmp.resolve("child-stderr"), r.nextLong(), rounds, killAfter, acked,
                    observed)) {
                killed++;
            }
        }
        System.out.println("CA kill -9 harness: " + killed + " of " + trials + " children killed, " + acked.size()
                + " requests acknowledged");
        CaCertificate caCert = CertificationAuthorityTest.caCert(dir);
        long lastLandmarkSize;
        try (CertificationAuthority ca = CertificationAuthority.open(dir)) {
            ca.awaitStandalone();
            ca.awaitLandmarks();
            observed.add(ca.checkpoint());
            LandmarkList l = LandmarkList.parse(new String(ca.logStore().objects(1).orElseThrow().read("landmarks")
                    .orElseThrow(), StandardCharsets.US_ASCII));
            lastLandmarkSize = l.treeSizes().get(0);
            for (Map.Entry<Long, String> a : acked.entrySet()) {
                java.math.BigInteger serial = java.math.BigInteger.ONE.shiftLeft(48).or(java.math.BigInteger.valueOf(
                        a.getKey()));
                byte[] der = ca.standalone(serial).certificate().orElseThrow(() -> new AssertionError(
                        "acknowledged index " + a.getKey() + " has no standalone certificate"));
                CertificationAuthorityTest.checkStandalone(caCert, der, a.getKey());
                MtcCertificate c = MtcCertificate.parse(CertificationAuthority.PROFILE, der);
                assertTrue(new String(c.extensions().orElseThrow(), StandardCharsets.ISO_8859_1).contains(a.getValue()),
                        "index " + a.getKey() + " is not the certificate for " + a.getValue());
                CertificateStatus lr = ca.landmarkRelative(serial);
                if (a.getKey() < lastLandmarkSize) {
                    MtcCertificate x = MtcCertificate.parse(CertificationAuthority.PROFILE,
                            lr.certificate().orElseThrow(() -> new AssertionError("index " + a.getKey()
                                    + " below the last landmark has no landmark-relative certificate")));
                    assertEquals(a.getKey(), x.index());
                    assertTrue(x.proof().signatures().isEmpty());
                } else {
                    assertEquals(CertificateStatus.State.PENDING, lr.state());
                }
            }
        }
        NoteVerifier v = NoteVerifier.mlDsa44Cosignature(CertificationAuthorityTest.CA_ID.tlogName(),
                Keys.verifier(SignatureAlgorithm.MLDSA44, caCert.cosignerPublicKey()));
        try (LocalDirectoryStore s = LocalDirectoryStore.open(dir.resolve("log"))) {
            FsckReport report = LogFsck.of(CertificationAuthority.PROFILE, List.of(v)).withEarlierCheckpoints(observed)
                    .check(s.objects(1).orElseThrow());
            assertTrue(report.ok(), report.toString());
        }
    }
}
