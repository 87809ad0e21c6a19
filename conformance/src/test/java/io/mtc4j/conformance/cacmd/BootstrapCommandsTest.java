package io.mtc4j.conformance.cacmd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.ca.CaConfig;
import io.mtc4j.ca.CaKeys;
import io.mtc4j.ca.CaServer;
import io.mtc4j.ca.CertificationAuthority;
import io.mtc4j.conformance.CliRun;
import io.mtc4j.spec.der.Pem;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bootstrap commands as README "Bootstrap from an existing CA" runs them: {@code mtc ca init --bootstrap-roots},
 * {@code mtc ca submit --chain} against the CA on loopback, {@code mtc verify} of the MTCs, {@code mtc bootstrap
 * check} emitting trusted subtrees that {@code mtc verify --trusted-subtrees} accepts, incrementally; then a log
 * entry whose bootstrap disappears is a finding, the landmark is withheld, the file is unchanged and the exit is 1.
 */
class BootstrapCommandsTest {
    @TempDir
    Path tmp;

    /** A root (RSA) and a leaf it issued (P-256), valid now: real time, since the CA's clock is. */
    private static byte[][] pki(String leafName) throws Exception {
        KeyPair rootKey = java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair();
        KeyPair leafKey = SubmitAndLoadTest.p256();
        Instant now = Instant.now();
        X500Name rootName = new X500Name("CN=Bootstrap Test Root");
        JcaX509v3CertificateBuilder r = new JcaX509v3CertificateBuilder(rootName, BigInteger.ONE,
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), rootName,
                rootKey.getPublic());
        r.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        r.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        byte[] root = r.build(new JcaContentSignerBuilder("SHA256withRSA").build(rootKey.getPrivate())).getEncoded();
        JcaX509v3CertificateBuilder l = new JcaX509v3CertificateBuilder(rootName, BigInteger.TWO,
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))),
                new X500Name("CN=" + leafName), leafKey.getPublic());
        l.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        l.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        l.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(
                GeneralName.dNSName, leafName)));
        byte[] leaf = l.build(new JcaContentSignerBuilder("SHA256withRSA").build(rootKey.getPrivate())).getEncoded();
        return new byte[][] {root, leaf};
    }

    @Test
    void initSubmitVerifyCheckAndAWithheldLandmark() throws Exception {
        byte[][] pki = pki("www.bootstrap.test");
        Path roots = tmp.resolve("roots.pem");
        Files.writeString(roots, Pem.encode("CERTIFICATE", pki[0]));
        Path chain = tmp.resolve("chain.pem");
        Files.writeString(chain, Pem.encode("CERTIFICATE", pki[1]) + Pem.encode("CERTIFICATE", pki[0]));
        Path caDir = tmp.resolve("ca");
        String[] init = CliRun.run("ca", "init", caDir.toString(), "--bootstrap-roots", roots.toString(),
                "--checkpoint-interval", "200ms", "--landmark-interval", "1s", "--max-lifetime", "2d");
        assertEquals("0", init[0], init[2]);
        assertTrue(init[1].contains("bootstrap-roots: " + caDir.resolve("bootstrap-roots.pem") + " (1 roots)"),
                init[1]);

        CertificationAuthority ca = CertificationAuthority.open(caDir, CaConfig.read(caDir).withListen("127.0.0.1:0"),
                CaKeys.load(caDir), List.of(), Clock.systemUTC());
        try (CaServer server = CaServer.start(ca, ServeCaCommand.checker(ca),
                new PrintStream(OutputStream.nullOutputStream()))) {
            String api = server.apiUrl().toString();
            Path out = tmp.resolve("out");
            String[] s = CliRun.run("ca", "submit", "--api", api, "--chain", chain.toString(), "--wait", "landmark",
                    "--out", out.toString());
            assertEquals("0", s[0], s[1] + s[2]);
            assertTrue(s[1].contains("serial: "), s[1]);
            Path landmarkCert = out.resolve("www.bootstrap.test.landmark.pem");
            String caPem = caDir.resolve("ca.pem").toString();
            String[] v = CliRun.run("verify", "--ca", caPem, "--host", "www.bootstrap.test",
                    out.resolve("www.bootstrap.test.standalone.pem").toString());
            assertEquals("0", v[0], v[1] + v[2]);

            // a chain to another root is refused with the reason
            byte[][] other = pki("other.test");
            Path otherChain = tmp.resolve("other.pem");
            Files.writeString(otherChain, Pem.encode("CERTIFICATE", other[1]));
            String[] refused = CliRun.run("ca", "submit", "--api", api, "--chain", otherChain.toString(), "--out",
                    out.toString());
            assertEquals("1", refused[0]);
            assertTrue(refused[2].contains("refused: requests[0].chain[0]: untrusted-root"), refused[2]);

            // the distributor's check: everything agrees, the trusted subtrees are emitted and verify the MTC
            String log = server.logUrl() + "/1";
            Path ts = tmp.resolve("trusted-subtrees.json");
            String[] c = CliRun.run("bootstrap", "check", "--log", log, "--ca", caPem, "--roots", roots.toString(),
                    "--out", ts.toString());
            assertEquals("0", c[0], c[1] + c[2]);
            assertTrue(c[1].contains("agreed: entries [0, "), c[1]);
            assertTrue(c[1].contains("trusted-subtrees: " + ts), c[1]);
            assertTrue(c[2].contains("progress: "), c[2]);
            String[] vl = CliRun.run("verify", "--ca", caPem, "--trusted-subtrees", ts.toString(), "--host",
                    "www.bootstrap.test", landmarkCert.toString());
            assertEquals("0", vl[0], vl[1] + vl[2]);

            // incremental: the next round starts where this one stopped
            String[] again = CliRun.run("bootstrap", "check", "--log", log, "--ca", caPem, "--roots",
                    roots.toString(), "--out", ts.toString(), "--json");
            assertEquals("0", again[0], again[1] + again[2]);
            long size = ca.treeSize();
            assertTrue(again[2].contains("checking: entries [" + size + ", " + size + ")"), again[2]);
            assertTrue(again[1].contains("\"agreed\":true"), again[1]);

            // the CA's bootstrap for entry 0 disappears: a finding, the landmark withheld, nothing new written
            byte[] before = Files.readAllBytes(ts);
            try (var parts = Files.walk(caDir.resolve("log/1/tile/bootstrap"))) {
                for (Path f : parts.filter(Files::isRegularFile).toList()) {
                    Files.delete(f);
                }
            }
            String[] bad = CliRun.run("bootstrap", "check", "--log", log, "--ca", caPem, "--roots", roots.toString(),
                    "--out", ts.toString(), "--from", "0");
            assertEquals("1", bad[0], bad[1] + bad[2]);
            assertTrue(bad[1].contains("finding: entry 0: bootstrap [bootstrap-missing]"), bad[1]);
            assertTrue(bad[1].contains("withheld: landmarks "), bad[1]);
            assertArrayEquals(before, Files.readAllBytes(ts));
        }
    }
}
