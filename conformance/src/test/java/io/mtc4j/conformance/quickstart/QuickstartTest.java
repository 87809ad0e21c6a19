package io.mtc4j.conformance.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.conformance.CliRun;
import io.mtc4j.conformance.tlscmd.CertDirServing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mtc quickstart --dir DIR} end to end (a real CA on loopback), then exactly what a newcomer runs on what it
 * leaves: {@code mtc verify --ca PATH/ca.pem --trusted-subtrees PATH/trusted-subtrees.json --host <name>
 * PATH/<name>.*.pem} accepts both certificates of both names, and {@code mtc log fsck PATH/log} finds nothing.
 */
class QuickstartTest {
    @TempDir
    Path tmp;

    static String[] run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void theTourPassesAndLeavesFilesThatVerifyAndFsck() throws Exception {
        Path dir = tmp.resolve("qs");
        String[] q = run("quickstart", "--dir", dir.toString());
        assertEquals("0", q[0], q[1] + q[2]);
        List<String> lines = q[1].lines().toList();
        assertEquals("dir: " + dir.toAbsolutePath(), lines.get(lines.size() - 1), q[1]);
        assertTrue(q[1].contains("quickstart: every check passed"), q[1]);
        assertTrue(q[1].matches("(?sm).*^size: www\\.example\\.test standalone [0-9,]+ bytes .*landmark-relative"
                + " [0-9,]+ bytes.*"), q[1]);
        assertTrue(Files.isRegularFile(dir.resolve("ca.pem")));
        assertTrue(Files.isRegularFile(dir.resolve("trusted-subtrees.json")));
        assertTrue(Files.isDirectory(dir.resolve("log")));
        for (String name : List.of("www.example.test", "192.0.2.1")) {
            Path standalone = dir.resolve(name + ".standalone.pem");
            Path landmark = dir.resolve(name + ".landmark.pem");
            String[] v = run("verify", "--ca", dir.resolve("ca.pem").toString(), "--trusted-subtrees",
                    dir.resolve("trusted-subtrees.json").toString(), "--host", name, standalone.toString(),
                    landmark.toString());
            assertEquals("0", v[0], v[1] + v[2]);
            assertTrue(v[1].contains(standalone + ": valid path="), v[1]);
            assertTrue(v[1].contains(landmark + ": valid path=trusted_subtree"), v[1]);
            // without trusted subtrees the standalone certificate stands on the CA cosigner's signature alone
            String[] sig = run("verify", "--ca", dir.resolve("ca.pem").toString(), "--host", name,
                    standalone.toString());
            assertEquals("0", sig[0], sig[1] + sig[2]);
            assertTrue(sig[1].contains(standalone + ": valid path=signatures"), sig[1]);
            assertTrue(Files.size(landmark) < Files.size(standalone), "the landmark-relative one is smaller");
        }
        tlsServeTakesTheDirectory(dir);
        String[] fsck = run("log", "fsck", dir.resolve("log").toString());
        assertEquals("0", fsck[0], fsck[1] + fsck[2]);
        assertTrue(fsck[1].matches("(?s)fsck: \\S+/log/1 size [0-9]+: 0 finding\\(s\\), [0-9]+ entries checked.*"),
                fsck[1]);
    }

    /**
     * Issue 14: {@code mtc tls serve --cert-dir} takes the directory the tour leaves (a key per name); each name's
     * client gets that name's landmark-relative certificate, chosen by server_name (none for the IP address).
     */
    private static void tlsServeTakesTheDirectory(Path dir) throws Exception {
        List<String> names = List.of("www.example.test", "192.0.2.1");
        List<String> runs = CertDirServing.serveAndConnect(dir, names.stream().map(name -> List.of("--ca",
                dir.resolve("ca.pem").toString(), "--trusted-subtrees", dir.resolve("trusted-subtrees.json").toString(),
                "--host", name)).toList());
        for (int i = 0; i < names.size(); i++) {
            assertTrue(runs.get(i).startsWith("0\n"), names.get(i) + ": " + runs.get(i));
            assertTrue(runs.get(i).contains("certificate: landmark-relative\nretried: no\nverified: yes\n"),
                    names.get(i) + ": " + runs.get(i));
        }
    }

    @Test
    void refusesADirectoryThatIsNotEmpty() throws Exception {
        Files.writeString(tmp.resolve("something"), "x");
        String[] q = run("quickstart", "--dir", tmp.toString());
        assertEquals("2", q[0], q[1] + q[2]);
        assertTrue(q[2].contains("must be a new or empty directory"), q[2]);
    }
}
