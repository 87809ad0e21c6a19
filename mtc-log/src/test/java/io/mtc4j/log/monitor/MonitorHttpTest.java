package io.mtc4j.log.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.Signer;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.note.NoteSigner;
import io.mtc4j.spec.note.SignedNote;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real HTTP server on loopback: witnesses' monitoring endpoints (split views, rollbacks, agreement), the
 * webhook (retried until accepted) and the exec hook.
 */
class MonitorHttpTest {
    static final Signer WITNESS_KEY = Keys.generate(SignatureAlgorithm.ED25519,
            new java.security.SecureRandom(new byte[] {9}), SigningMode.DETERMINISTIC);
    static final NoteSigner WITNESS = NoteSigner.ed25519Cosigner("witness.example/w1", WITNESS_KEY, () -> 1767225700L);

    private HttpServer server;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final List<String> hookBodies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger hookCalls = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                String path = ex.getRequestURI().getRawPath();
                if (path.equals("/hook")) {
                    byte[] body = ex.getRequestBody().readAllBytes();
                    if (hookCalls.incrementAndGet() == 1) {
                        ex.sendResponseHeaders(503, -1); // the first attempt fails: the sink must retry
                        return;
                    }
                    hookBodies.add(new String(body, StandardCharsets.UTF_8));
                    ex.sendResponseHeaders(204, -1);
                    return;
                }
                byte[] b = served.get(path);
                if (b == null) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                ex.sendResponseHeaders(200, b.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(b);
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves {@code note} cosigned by the witness at its monitoring endpoint for log 1. */
    private void witnessServes(byte[] caNote) {
        byte[] cosigned = SignedNote.parse(caNote).withSignature(WITNESS).bytes();
        served.put("/w/" + MonitorState.hash(TestEntries.CA_ID.logId(1).tlogName()) + "/checkpoint", cosigned);
    }

    private String witnessConfig() {
        return ", \"witnesses\": [{\"url\": \"" + base() + "/w\", \"key\": \"" + WITNESS.verifier().vkey().orElseThrow()
                + "\"}]";
    }

    private static EvidenceVerifier.Verified verified(Alert a, Path caPem) throws IOException {
        return EvidenceVerifier.verify(Evidence.parse(Files.readAllBytes(Path.of(a.evidence()))),
                Optional.of(Files.readAllBytes(caPem)), TestEntries.PROFILE);
    }

    @Test
    void aWitnessShownAnotherTreeOfTheSameSizeIsASplitView(@TempDir Path tmp) throws Exception {
        try (MonitorFixture fx = new MonitorFixture(tmp.resolve("ca")); MonitorFixture other = new MonitorFixture(
                tmp.resolve("other"))) {
            fx.append(1, MonitorTest.batch(10));
            byte[] otherView = other.append(1, MonitorTest.batch(9, 4)).checkpoint(); // the same CA, another tree
            other.append(1, MonitorTest.batch(1));
            witnessServes(Files.readAllBytes(other.log(1).resolve("checkpoint")));
            List<Alert> seen = new ArrayList<>();
            Path config = fx.config("\"dir\": \"store\"" + witnessConfig(), MonitorTest.RULES, "");
            try (Monitor m = MonitorTest.open(config, seen)) {
                m.runOnce();
                m.runOnce();
            }
            assertEquals(1, seen.size(), seen.toString());
            assertTrue(seen.get(0).line().startsWith("ALERT split-view 1:10 "), seen.get(0).line());
            assertTrue(verified(seen.get(0), fx.caPem).summary().startsWith("split view: two signed roots for size 10"));
            // a witness at a smaller size whose root the CA log's tree does not extend
            witnessServes(otherView);
            Files.delete(tmp.resolve("ca/state/cosigners").toFile().listFiles()[0].toPath());
            try (Monitor m = MonitorTest.open(config, seen)) {
                m.runOnce();
            }
            assertEquals(2, seen.size(), seen.toString());
            assertTrue(seen.get(1).line().startsWith("ALERT split-view 1:9 "), seen.get(1).line());
            assertTrue(verified(seen.get(1), fx.caPem).summary().contains("are inconsistent"));
        }
    }

    @Test
    void aMirrorAheadOnAnotherTreeIsASplitViewProvenFromItsTiles(@TempDir Path tmp) throws Exception {
        try (MonitorFixture fx = new MonitorFixture(tmp.resolve("ca")); MonitorFixture other = new MonitorFixture(
                tmp.resolve("other"))) {
            fx.append(1, MonitorTest.batch(10));
            other.append(1, MonitorTest.batch(300, 4)); // a larger tree that does not extend the CA log's
            String prefix = "/m/" + MonitorState.hash(TestEntries.CA_ID.logId(1).tlogName());
            try (var files = Files.walk(other.log(1))) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    served.put(prefix + "/" + other.log(1).relativize(p).toString().replace('\\', '/'),
                            Files.readAllBytes(p));
                }
            }
            served.put(prefix + "/checkpoint", SignedNote.parse(Files.readAllBytes(other.log(1).resolve("checkpoint")))
                    .withSignature(WITNESS).bytes());
            List<Alert> seen = new ArrayList<>();
            Path config = fx.config("\"dir\": \"store\", \"mirrors\": [{\"url\": \"" + base() + "/m\", \"key\": \""
                    + WITNESS.verifier().vkey().orElseThrow() + "\"}]", MonitorTest.RULES, "");
            try (Monitor m = MonitorTest.open(config, seen)) {
                assertEquals(List.of(), m.runOnce().errors());
            }
            assertEquals(1, seen.size(), seen.toString());
            assertTrue(seen.get(0).line().startsWith("ALERT split-view 1:10 "), seen.get(0).line());
            EvidenceVerifier.Verified v = verified(seen.get(0), fx.caPem);
            assertTrue(v.summary().contains("sizes 10 and 300"), v.summary());
        }
    }

    @Test
    void aWitnessThatAgreesRaisesNothingAndOneThatGoesBackIsARollback(@TempDir Path tmp) throws Exception {
        try (MonitorFixture fx = new MonitorFixture(tmp)) {
            byte[] five = fx.append(1, MonitorTest.batch(5)).checkpoint();
            byte[] ten = fx.append(1, MonitorTest.batch(5)).checkpoint();
            witnessServes(five); // behind, consistent
            List<Alert> seen = new ArrayList<>();
            Path config = fx.config("\"dir\": \"store\"" + witnessConfig(), MonitorTest.RULES, "");
            try (Monitor m = MonitorTest.open(config, seen)) {
                m.runOnce();
                witnessServes(ten); // caught up
                m.runOnce();
                assertEquals(List.of(), seen);
                witnessServes(five); // went back
                m.runOnce();
            }
            assertEquals(1, seen.size());
            assertTrue(seen.get(0).line().startsWith("ALERT rollback 1:5 "), seen.get(0).line());
            assertTrue(verified(seen.get(0), fx.caPem).summary().startsWith("rollback: "));
        }
    }

    @Test
    void webhookIsRetriedUntilAcceptedAndExecHookRuns(@TempDir Path tmp) throws Exception {
        try (MonitorFixture fx = new MonitorFixture(tmp)) {
            fx.append(1, MonitorTest.batch(12, 11));
            List<Duration> waits = new ArrayList<>();
            Path out = tmp.resolve("hook.out");
            WebhookSink hook = new WebhookSink(URI.create(base() + "/hook"), 3, waits::add, Duration.ofSeconds(10));
            ExecSink exec = new ExecSink(List.of("sh", "-c", "cat >> \"$0\"; echo \"$MTC_ALERT_RULE $MTC_ALERT_LOG"
                    + " $MTC_ALERT_INDEX\" >> \"$0\"", out.toString()));
            try (Monitor m = Monitor.open(MonitorConfig.read(fx.config("\"dir\": \"store\"", MonitorTest.RULES, "")),
                    MonitorListener.none(), List.of(hook, exec), Duration.ofSeconds(10))) {
                assertEquals(1, m.runOnce().alerts());
            }
            assertEquals(2, hookCalls.get());
            assertEquals(List.of(Duration.ofSeconds(1)), waits);
            JsonNode body = new ObjectMapper().readTree(hookBodies.get(0));
            assertEquals("resolver 1:11", body.get("alert").get("id").asText());
            Evidence e = Evidence.parse(new ObjectMapper().writeValueAsBytes(body.get("evidence")));
            EvidenceVerifier.verify(e, Optional.of(Files.readAllBytes(fx.caPem)), TestEntries.PROFILE);
            List<String> lines = Files.readAllLines(out);
            assertEquals(2, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("\"id\":\"resolver 1:11\""), lines.get(0));
            assertEquals("resolver 1 11", lines.get(1));
        }
    }
}
