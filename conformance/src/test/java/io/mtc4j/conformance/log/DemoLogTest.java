package io.mtc4j.conformance.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.conformance.log.CheckResult.Status;
import io.mtc4j.spec.testing.Interop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The draft authors' generator output (interop corpus draft-demo-plants05: {@code checkpoint}, {@code tile/},
 * {@code ca_cert.pem}; no landmarks file), served over HTTP on 127.0.0.1. Its checkpoint signature lacks the
 * tlog-cosignature timestamp (MTC-NOTES §8 item 6), so it verifies only in demo generator compatibility mode.
 */
class DemoLogTest {
    private static String lines(LogReport r) {
        return r.results().stream().map(CheckResult::line).collect(Collectors.joining("\n"));
    }

    private static LogReport run(Path corpus, boolean compat) throws Exception {
        try (FakeLogServer server = new FakeLogServer()) {
            server.serveFolder("/demo/1", corpus);
            LogChecker.Options o = LogChecker.Options.of(server.base() + "/demo").withDemoGeneratorCompat(compat);
            LogReport r = LogChecker.check(Files.readAllBytes(corpus.resolve("ca_cert.pem")), o,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertTrue(server.requested().stream().allMatch(s -> s.startsWith("GET /demo/1/")));
            return r;
        }
    }

    @Test
    void theDemoLogPassesInDemoGeneratorCompatibilityMode() throws Exception {
        Path corpus = Interop.corpus("draft-demo-plants05");
        LogReport r = run(corpus, true);
        assertTrue(r.passed(), () -> lines(r));
        for (CheckResult c : r.results()) {
            if (c.check().startsWith("checkpoint-") || c.check().startsWith("tiles-") || c.check().startsWith("entries-")
                    || c.check().equals("ca-certificate")) {
                assertEquals(Status.PASS, c.status(), () -> c.line() + "\n" + lines(r));
            }
        }
        assertTrue(r.demoCompatUsed());
        assertTrue(r.summary().contains("demo generator compatibility mode"), r.summary());
        assertTrue(r.result("checkpoint-ca-signature").orElseThrow().detail()
                .startsWith("verified only in demo generator compatibility mode"));
        assertEquals("oid/1.3.6.1.4.1.32473.1.0.1", r.origin().orElseThrow());
        assertEquals(2036L, r.treeSize().orElseThrow());
        // the three witness signatures (32473.2.1-3) are not the CA's: ignored
        assertTrue(r.result("checkpoint-other-signatures").orElseThrow().detail()
                .startsWith("3 unknown signature(s) ignored"), () -> lines(r));
        assertEquals(2036L, r.counts().get("entries_checked"));
        assertEquals(2036L, r.counts().get("tbs_cert_entry") + r.counts().get("null_entry"));
        assertEquals(Status.WARN, r.result("landmarks-served").orElseThrow().status());
        assertTrue(r.result("landmarks-served").orElseThrow().detail().startsWith("not served"));
        assertEquals(Status.SKIP, r.result("landmarks-parse").orElseThrow().status());
    }

    @Test
    void withoutDemoCompatibilityTheCaSignatureFails() throws Exception {
        Path corpus = Interop.corpus("draft-demo-plants05");
        LogReport r = run(corpus, false);
        assertFalse(r.passed());
        CheckResult sig = r.result("checkpoint-ca-signature").orElseThrow();
        assertEquals(Status.FAIL, sig.status());
        assertTrue(sig.detail().contains("verifies in demo generator compatibility mode (--demo-compat)"), sig.line());
        assertFalse(r.demoCompatUsed());
        assertEquals(List.of(Status.FAIL), r.results().stream().map(CheckResult::status)
                .filter(s -> s == Status.FAIL).toList(), () -> lines(r));
        assertEquals(Status.SKIP, r.result("tiles-root").orElseThrow().status());
    }
}
