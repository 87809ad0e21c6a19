package io.mtc4j.conformance.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mtc4j.conformance.log.CheckResult;
import io.mtc4j.log.http.LogServerConfig;
import io.mtc4j.log.mirror.Mirror;
import io.mtc4j.log.mirror.MirrorInfo;
import io.mtc4j.log.mirror.MirrorKeys;
import io.mtc4j.log.mirror.MirrorServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deliberately broken mirrors fail {@code mtc conformance mirror} at the check that covers their bug: each is
 * mtc4j's mirror behind a proxy that changes one kind of answer the way a buggy mirror would give it (as
 * {@code BugInjectionTest} does for the vectors).
 */
class BrokenMirrorTest {
    /** An answer as the proxy passes it on. */
    record Answer(String endpoint, String requestEncoding, int status, String type, byte[] body) {}

    static Path dir;
    static Mirror mirror;
    static MirrorServer server;
    static MirrorKeys keys;
    static int logNumber = 100;

    @BeforeAll
    static void start(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        dir = tmp;
        keys = MirrorCheckerTest.keys();
        mirror = MirrorCheckerTest.mirror(tmp, keys);
        server = MirrorServer.start(mirror, LogServerConfig.defaults().withListen("127.0.0.1", 0)
                .withAccessLog(false), MirrorCheckerTest.quiet());
    }

    @AfterAll
    static void stop() {
        server.close();
        mirror.close();
    }

    static Answer status(Answer a, int status, String type, String body) {
        return new Answer(a.endpoint(), a.requestEncoding(), status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> variants() {
        Map<String, Object[]> v = new java.util.LinkedHashMap<>();
        v.put("accepts any checkpoint", new Object[] {"add-checkpoint-split-view", (UnaryOperator<Answer>) a ->
                a.endpoint().equals("add-checkpoint") && a.status() >= 400 ? status(a, 200, "text/plain", "") : a});
        v.put("skips package proofs", new Object[] {"add-entries-package-bad-proof", (UnaryOperator<Answer>) a ->
                a.endpoint().equals("add-entries") && a.status() == 422 && !new String(a.body(),
                        StandardCharsets.UTF_8).contains("never received")
                        ? status(a, 202, MirrorInfo.CONTENT_TYPE, "700\n256\n\n") : a});
        v.put("refuses gzip", new Object[] {"add-entries-partial-gzip", (UnaryOperator<Answer>) a ->
                a.endpoint().equals("add-entries") && "gzip".equals(a.requestEncoding())
                        ? status(a, 415, "text/plain", "gzip not supported\n") : a});
        v.put("signs outside the checkpoint", new Object[] {"sign-subtree-outside-checkpoint",
                (UnaryOperator<Answer>) a -> a.endpoint().equals("sign-subtree") && a.status() == 400
                        ? status(a, 200, "text/plain", "\u2014 mirror AAAAAAA=\n") : a});
        v.put("plain 409 bodies", new Object[] {"add-entries-unknown-upload-end", (UnaryOperator<Answer>) a ->
                a.endpoint().equals("add-entries") && a.status() == 409 ? status(a, 409, "text/plain", "conflict\n")
                        : a});
        v.put("serves no checkpoint", new Object[] {"mirror-checkpoint-cosigned", (UnaryOperator<Answer>) a ->
                a.endpoint().endsWith("/checkpoint") ? status(a, 404, "text/plain", "not found\n") : a});
        return v.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()[0], e.getValue()[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void aBrokenMirrorFailsTheCheckForItsBug(String name, String check, UnaryOperator<Answer> bug) throws Exception {
        HttpServer proxy = proxy(server.url(), bug);
        try {
            MirrorReport r = MirrorCheckerTest.check("http://127.0.0.1:" + proxy.getAddress().getPort(), keys,
                    logNumber++);
            assertFalse(r.passed(), name + ": the report passed");
            assertEquals(CheckResult.Status.FAIL, r.result(check).orElseThrow().status(), name + ": " + check);
        } finally {
            proxy.stop(0);
        }
    }

    /** A loopback proxy to {@code target} whose answers go through {@code bug}. */
    static HttpServer proxy(URI target, UnaryOperator<Answer> bug) throws IOException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/", (HttpExchange ex) -> {
            try (ex) {
                byte[] body = ex.getRequestBody().readAllBytes();
                String path = ex.getRequestURI().getRawPath();
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + path));
                for (String h : List.of("Content-Type", "Content-Encoding")) {
                    String v = ex.getRequestHeaders().getFirst(h);
                    if (v != null) {
                        b.header(h, v);
                    }
                }
                b.method(ex.getRequestMethod(), body.length == 0 && ex.getRequestMethod().equals("GET")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
                HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                String endpoint = path.substring(path.lastIndexOf('/') + 1);
                if (path.endsWith("/checkpoint")) {
                    endpoint = path;
                }
                Answer a = bug.apply(new Answer(endpoint, ex.getRequestHeaders().getFirst("Content-Encoding"),
                        r.statusCode(), r.headers().firstValue("Content-Type").orElse("text/plain"), r.body()));
                ex.getResponseHeaders().set("Content-Type", a.type());
                ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
                ex.getResponseBody().write(a.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        s.start();
        return s;
    }
}
