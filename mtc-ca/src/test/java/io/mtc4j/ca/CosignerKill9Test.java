package io.mtc4j.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.log.witness.DirectoryWitnessStore;
import io.mtc4j.log.witness.TrustedLogs;
import io.mtc4j.log.witness.Witness;
import io.mtc4j.log.witness.WitnessConfig;
import io.mtc4j.log.witness.WitnessKeys;
import io.mtc4j.log.witness.WitnessServer;
import io.mtc4j.spec.cosign.Cosigner;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a CA whose standalone certificates need a witness's signature: trial after trial a child JVM
 * ({@link CaKill9Child}) runs the CA configured (ca.json) with an mtc4j witness served by this JVM, which is up in
 * some trials and down in others, and is SIGKILLed after a random number of acknowledgements. Then, with the
 * witness up, the CA is opened once more: every acknowledged request has its standalone certificate, for its name,
 * carrying the CA's and the witness's signatures, each verifying. Trials: {@code -Dmtc.ca.cosign.kill9.trials=N}
 * (default 10); {@code -Dmtc.ca.cosign.kill9.seed=S} repeats a run.
 */
class CosignerKill9Test {
    @TempDir
    Path tmp;

    private WitnessServer server;
    private DirectoryWitnessStore store;

    private void witnessUp(String vkey, String listen) {
        store = DirectoryWitnessStore.open(tmp.resolve("witness"));
        WitnessKeys keys = WitnessKeys.loadOrCreate(tmp.resolve("witness"), CosignerIssuanceTest.WITNESS_ID
                .tlogName(), new SecureRandom());
        server = WitnessServer.start(new Witness(TrustedLogs.of(List.of(vkey)), keys, store,
                () -> System.currentTimeMillis() / 1000), WitnessConfig.defaults().withListen(listen),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private void witnessDown() {
        if (server != null) {
            server.close();
            store.close();
            server = null;
        }
    }

    @Test
    void killedAtRandomPointsWithTheWitnessUpOrDownEveryAcknowledgedRequestEndsWithItsCosignedCertificate()
            throws Exception {
        int trials = Integer.getInteger("mtc.ca.cosign.kill9.trials", 10);
        Random r = CaKill9Child.seeded("CA + witness kill -9 harness", "mtc.ca.cosign.kill9.seed", trials);
        Path dir = tmp.resolve("ca");
        CaKill9Child.initCa(dir);
        String vkey = CaKeys.load(dir).caCosignerVkey(CertificationAuthorityTest.CA_ID);
        witnessUp(vkey, "127.0.0.1:0");
        URI url = server.url();
        String listen = url.getHost() + ":" + url.getPort();
        List<String> witnessKeys = WitnessKeys.loadOrCreate(tmp.resolve("witness"), CosignerIssuanceTest.WITNESS_ID
                .tlogName(), new SecureRandom()).vkeys();
        CosignerEndpoint we = new CosignerEndpoint(CosignerEndpoint.Type.WITNESS, url, CosignerIssuanceTest.WITNESS_ID,
                witnessKeys, Duration.ofSeconds(20));
        Durable.write(dir.resolve(CaConfig.FILE), CaConfig.read(dir).withCosigners(List.of(new CosignerSet(1,
                List.of(we)))).toJson());
        Map<Long, String> acked = new LinkedHashMap<>();
        int down = 0;
        try {
            for (int t = 0; t < trials; t++) {
                boolean up = r.nextInt(3) != 0;
                if (up && server == null) {
                    witnessUp(vkey, listen);
                } else if (!up) {
                    witnessDown();
                    down++;
                }
                CaKill9Child.trial(dir, tmp.resolve("child-stderr"), r.nextLong(), 1 + r.nextInt(3), r.nextInt(120),
                        acked, new java.util.ArrayList<>());
            }
            System.out.println("CA + witness kill -9 harness: witness down in " + down + " of " + trials + " trials, "
                    + acked.size() + " requests acknowledged");
            if (server == null) {
                witnessUp(vkey, listen);
            }
            List<Cosigner> cosigners = List.of(new Cosigner(CertificationAuthorityTest.CA_ID, CaKeys.load(dir)
                    .caCosigner().verifier()), we.cosigner());
            try (CertificationAuthority ca = CertificationAuthority.open(dir)) {
                ca.awaitStandalone();
                assertEquals(0, ca.waitingRuns());
                for (Map.Entry<Long, String> a : acked.entrySet()) {
                    BigInteger serial = BigInteger.ONE.shiftLeft(48).or(BigInteger.valueOf(a.getKey()));
                    byte[] der = ca.standalone(serial).certificate().orElseThrow(() -> new AssertionError(
                            "acknowledged index " + a.getKey() + " has no standalone certificate"));
                    List<TrustAnchorId> ids = CosignerIssuanceTest.checkSignatures(der, cosigners);
                    assertEquals(2, ids.size(), ids.toString());
                    assertTrue(ids.contains(CosignerIssuanceTest.WITNESS_ID), ids.toString());
                    assertTrue(new String(io.mtc4j.spec.cert.MtcCertificate.parse(CertificationAuthority.PROFILE, der)
                            .extensions().orElseThrow(), StandardCharsets.ISO_8859_1).contains(a.getValue()),
                            "index " + a.getKey() + " is not the certificate for " + a.getValue());
                }
            }
        } finally {
            witnessDown();
        }
    }
}
