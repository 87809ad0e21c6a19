package io.mtc4j.conformance.acmecmd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.conformance.CliRun;
import io.mtc4j.conformance.ServedCa;
import io.mtc4j.spec.tai.CertificateChainWithProperties;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mtc acme certonly} against {@code mtc ca serve} (a child JVM, real HTTP on loopback, {@code --acme-resolve}
 * and ca.json's {@code acmeResolve} pointing validation at the client's own http-01 responder): a DNS name, an IPv4 and an IPv6 address in one order;
 * the standalone and landmark-relative certificates arrive as application/pem-certificate-chain-with-properties with
 * the CA ID and the landmark's ID, and verify with {@code mtc verify}; a second run reuses the account; a name the
 * server cannot validate fails the run with the server's problem and writes no certificate.
 */
class AcmeCertonlyTest {
    static final String NAME = "acme.example.test";
    @TempDir
    Path tmp;

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(
                "no '" + prefix + "' line in\n" + out));
    }

    @Test
    void obtainsStandaloneAndLandmarkCertificatesThatVerify() throws Exception {
        Path dir = tmp.resolve("ca");
        ServedCa.init(dir);
        int http01 = ServedCa.freePort();
        String at = "=127.0.0.1:" + http01;
        // second.example.test is validated through ca.json's acmeResolve (the others through the flag)
        io.mtc4j.ca.CaConfig config = io.mtc4j.ca.CaConfig.read(dir);
        Files.write(dir.resolve(io.mtc4j.ca.CaConfig.FILE), new io.mtc4j.ca.CaConfig(config.caId(), config.publicUrl(),
                config.listen(), config.maxLifetime(), config.checkpointInterval(), config.landmarkInterval(),
                config.storage(), config.poolMaxRequests(), config.maxLogNumber(), java.util.Map.of(
                        "Second.Example.Test", "127.0.0.1:" + http01)).toJson());
        assertTrue(Files.readString(dir.resolve("ca.json")).contains("\"acmeResolve\""));
        Path out = tmp.resolve("out");
        try (ServedCa server = ServedCa.start(dir, tmp.resolve("server.stderr"), NAME + at, "192.0.2.9" + at,
                "2001:db8::9" + at)) {
            String acme = server.acme();
            String[] r = CliRun.run("acme", "certonly", "--server", acme, "--name", NAME, "--ip", "192.0.2.9", "--ip",
                    "2001:db8::9", "--http-01-port", Integer.toString(http01), "--out", out.toString(),
                    "--alternate-wait", "2m");
            assertEquals("0", r[0], r[1] + r[2]);
            String account = line(r[1], "account: ");
            assertTrue(line(r[1], "order: ").startsWith("order: " + acme.replace("/directory", "/order/")), r[1]);
            assertEquals(3, r[1].lines().filter(l -> l.startsWith("authorized: ")).count(), r[1]);
            assertTrue(line(r[1], "standalone: ").startsWith("standalone: " + out.resolve(NAME + ".standalone.pem")),
                    r[1]);
            assertTrue(line(r[1], "landmark: ").startsWith("landmark: " + out.resolve(NAME + ".landmark.pem")), r[1]);

            var standalone = CertificateChainWithProperties.parse(Files.readString(out.resolve(NAME
                    + ".standalone.pem")));
            var landmark = CertificateChainWithProperties.parse(Files.readString(out.resolve(NAME + ".landmark.pem")));
            TrustAnchorId caId = standalone.properties().trustAnchorId().orElseThrow();
            assertFalse(standalone.properties().trustAnchorNegotiation());
            TrustAnchorId landmarkId = landmark.properties().trustAnchorId().orElseThrow();
            assertTrue(landmarkId.startsWith(caId.child(1, 1)) && landmarkId.components().size()
                    == caId.components().size() + 3, landmarkId + " under " + caId);
            assertTrue(landmark.properties().trustAnchorNegotiation());
            assertTrue(line(r[1], "landmark: ").endsWith("(trust anchor " + landmarkId + ")"), r[1]);
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(out.resolve(NAME + ".key.pem")));

            for (String host : List.of(NAME, "192.0.2.9", "2001:db8::9")) {
                String[] v = CliRun.run("verify", "--ca", dir.resolve("ca.pem").toString(), "--host", host,
                        out.resolve(NAME + ".standalone.pem").toString());
                assertEquals("0", v[0], host + ": " + v[1] + v[2]);
            }

            // a second run: the same account (its key is in the output directory); the alternate is not awaited
            String[] again = CliRun.run("acme", "certonly", "--server", acme, "--name", "second.example.test",
                    "--http-01-port", Integer.toString(http01), "--out", out.toString());
            assertEquals("0", again[0], again[1] + again[2]);
            assertEquals(account, line(again[1], "account: "));
            assertTrue(Files.exists(out.resolve("second.example.test.standalone.pem")));
            assertTrue(line(again[1], "landmark: ").matches("landmark: (pending \\(Retry-After [0-9]+ s\\): http\\S+"
                    + "/landmark|\\S+second\\.example\\.test\\.landmark\\.pem .*)"), again[1]);
            byte[] before = Files.readAllBytes(out.resolve(NAME + ".standalone.pem"));

            // a name without an --acme-resolve entry: validation fails, the run fails, nothing is written for it
            String[] refused = CliRun.run("acme", "certonly", "--server", acme, "--name", "unknown.example.test",
                    "--http-01-port", Integer.toString(http01), "--out", out.toString());
            assertEquals("1", refused[0], refused[1] + refused[2]);
            assertTrue(refused[2].contains("unknown.example.test is invalid") && refused[2].contains(
                    "--acme-resolve"), refused[2]);
            assertFalse(Files.exists(out.resolve("unknown.example.test.standalone.pem")));
            assertArrayEquals(before, Files.readAllBytes(out.resolve(NAME + ".standalone.pem")));
        }
    }

    @Test
    void usageErrorsNameTheFlag() {
        String[] r = CliRun.run("acme", "certonly", "--server", "http://127.0.0.1:1/acme/directory", "--name", NAME,
                "--http-01-port", "0", "--out", tmp.toString());
        assertEquals("2", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("--http-01-port"), r[2]);
        r = CliRun.run("acme", "certonly", "--server", "http://127.0.0.1:1/acme/directory", "--http-01-port", "80",
                "--out", tmp.toString());
        assertTrue(r[2].contains("--name or --ip"), r[2]);
    }
}
