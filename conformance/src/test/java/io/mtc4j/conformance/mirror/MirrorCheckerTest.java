package io.mtc4j.conformance.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.conformance.log.CheckResult;
import io.mtc4j.log.http.LogServerConfig;
import io.mtc4j.log.mirror.Mirror;
import io.mtc4j.log.mirror.MirrorKeys;
import io.mtc4j.log.mirror.MirrorServer;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.note.NoteVerifier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mtc4j's mirror passes {@code mtc conformance mirror}; the report's forms hold every check. Here with its copies in a
 * local directory; {@link S3PgMirrorCheckerTest} runs the checks again on S3 + PostgreSQL.
 */
class MirrorCheckerTest {
    static final String CA_ID = MirrorCheckCommand.DEFAULT_CA_ID;

    @TempDir
    Path dir;
    Mirror mirror;
    MirrorServer server;
    MirrorKeys keys;

    /** A mirror of mtc4j trusting the checker's log key for every log of its CA. */
    static Mirror mirror(Path dir, MirrorKeys keys) throws Exception {
        return Mirror.open(dir, keys, MirrorCheckerTest::trusted);
    }

    /** The checker's log key, for every log of its CA. */
    static List<NoteVerifier> trusted(String origin) {
        return origin.startsWith("oid/1.3.6.1.4.1." + CA_ID + ".0.")
                ? List.of(NoteVerifier.fromVkey(MirrorChecker.logKey(CA_ID, 1))) : List.of();
    }

    /** The mirror under test; a subclass for another back end overrides this. */
    Mirror openMirror() throws Exception {
        return mirror(dir, keys);
    }

    /** Releases what {@link #openMirror()} made, once the mirror is closed. */
    void cleanUp() {}

    static MirrorKeys keys() {
        SecureRandom r = new SecureRandom();
        byte[] secret = new byte[32];
        r.nextBytes(secret);
        return MirrorKeys.of("oid/1.3.6.1.4.1.32473.2", Keys.generate(SignatureAlgorithm.MLDSA44, r,
                SigningMode.RANDOMIZED), Keys.generate(SignatureAlgorithm.ED25519, r, SigningMode.RANDOMIZED), secret,
                () -> System.currentTimeMillis() / 1000);
    }

    static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    @BeforeEach
    void start() throws Exception {
        keys = keys();
        mirror = openMirror();
        server = MirrorServer.start(mirror, LogServerConfig.defaults().withListen("127.0.0.1", 0).withAccessLog(false),
                quiet());
    }

    @AfterEach
    void stop() {
        try {
            if (server != null) { // null when the back end's servers are absent (the test was skipped)
                server.close();
            }
            if (mirror != null) {
                mirror.close();
            }
        } finally {
            cleanUp();
        }
    }

    static MirrorReport check(String url, MirrorKeys keys, int logNumber) {
        return MirrorChecker.check(new MirrorChecker.Options(url, keys.verifiers(), CA_ID, 1, logNumber,
                Duration.ofSeconds(30)), quiet());
    }

    @Test
    void mtc4jsMirrorPassesEveryCheck() throws Exception {
        MirrorReport r = check(server.url().toString(), keys, 17);
        StringBuilder failed = new StringBuilder();
        r.results().stream().filter(x -> x.status() != CheckResult.Status.PASS).forEach(x -> failed.append(x.line())
                .append('\n'));
        assertTrue(r.passed(), failed.toString());
        assertTrue(r.results().size() >= 35, "checks run: " + r.results().size());
        assertEquals(CheckResult.Status.PASS, r.result("run-completed").orElseThrow().status());
        for (CheckResult c : r.results()) {
            assertTrue(c.ref().equals("-") || c.ref().matches(".*\\b[KE][0-9]+\\b.*|tlog-tiles.*"),
                    "every check names its MUST id: " + c.line());
        }
        // a second run (another log number) passes too: nothing of the first run's attacks leaks into it
        assertTrue(check(server.url().toString(), keys, 18).passed());
        r.write(dir.resolve("report"));
        String html = java.nio.file.Files.readString(dir.resolve("report/mirror-report.html"));
        assertTrue(html.contains("add-entries-package-bad-proof"), "the HTML report lists the checks");
        assertTrue(java.nio.file.Files.readString(dir.resolve("report/mirror-report.json")).contains("\"passed\" : true"));
    }
}
