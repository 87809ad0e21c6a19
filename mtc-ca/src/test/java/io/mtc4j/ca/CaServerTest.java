package io.mtc4j.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtc4j.spec.der.Pem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The intake API over real HTTP on loopback. */
class CaServerTest {
    static final Instant NOW = CertificationAuthorityTest.NOW;
    static final ObjectMapper JSON = new ObjectMapper();
    /** A stand-in for the intake policy: {"dns": "name"}; "bad" anywhere is refused. */
    static final RequestChecker CHECKER = (JsonNode r, String field) -> {
        JsonNode dns = r.get("dns");
        if (dns == null || !dns.isTextual() || dns.textValue().contains("bad")) {
            throw new CaException(field + ".dns", "dns-name-syntax", "not a name this test accepts");
        }
        return TestRequests.dns(dns.textValue(), NOW);
    };

    @TempDir
    Path tmp;
    final HttpClient http = HttpClient.newHttpClient();

    private CaServer start(CaConfig config) {
        Path dir = CertificationAuthorityTest.newCa(tmp.resolve("ca"), config.withListen("127.0.0.1:0"));
        CertificationAuthority ca = CertificationAuthority.open(dir, CaKeys.load(dir), List.of(),
                Clock.fixed(NOW, ZoneOffset.UTC));
        return CaServer.start(ca, CHECKER, new PrintStream(new ByteArrayOutputStream()));
    }

    private HttpResponse<String> post(CaServer s, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(s.apiUrl() + "/v1/requests"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GETs {@code url} until it is no longer 202 (bounded; asserts no time). */
    private HttpResponse<String> await(String url) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> r = get(url);
        while (r.statusCode() == 202 && System.nanoTime() < deadline) {
            assertTrue(r.headers().firstValue("Retry-After").isPresent());
            r = get(url);
        }
        return r;
    }

    @Test
    void aBatchIsAnsweredOnceLoggedAndItsCertificatesAreServed() throws Exception {
        try (CaServer s = start(CertificationAuthorityTest.config())) {
            HttpResponse<String> r = post(s, "{\"requests\": [{\"dns\": \"a.example\"}, {\"dns\": \"b.example\"}]}");
            assertEquals(200, r.statusCode(), r.body());
            JsonNode certs = JSON.readTree(r.body()).get("certificates");
            assertEquals(2, certs.size());
            for (int i = 0; i < 2; i++) {
                JsonNode c = certs.get(i);
                assertEquals(1, c.get("log").intValue());
                assertEquals(i, c.get("index").intValue());
                assertEquals(BigInteger.ONE.shiftLeft(48).add(BigInteger.valueOf(i)).toString(),
                        c.get("serial").textValue());
                // acknowledged once logged; the certificate follows within the run (202 + Retry-After until then)
                HttpResponse<String> pem = await(c.get("standalone").textValue());
                assertEquals(200, pem.statusCode());
                assertEquals("application/pem-certificate-chain", pem.headers().firstValue("Content-Type")
                        .orElseThrow());
                CertificationAuthorityTest.checkStandalone(CertificationAuthorityTest.caCert(tmp.resolve("ca")),
                        Pem.decode(pem.body()).der(), i);
            }
            // the log is served beside the API, under the public URL's path
            HttpResponse<String> cp = get(s.logUrl() + "/1/checkpoint");
            assertEquals(200, cp.statusCode());
            assertTrue(cp.body().startsWith("oid/1.3.6.1.4.1.32473.1.0.1\n2\n"), cp.body());
            assertEquals(200, get(s.apiUrl() + "/v1/ca.pem").statusCode());
            HttpResponse<String> health = get(s.apiUrl() + "/healthz");
            assertEquals(200, health.statusCode());
            assertEquals(2, JSON.readTree(health.body()).get("treeSize").intValue());
            assertTrue(get(s.apiUrl() + "/metrics").body().contains("mtc_ca_certificates_issued_total 2\n"));
            HttpResponse<String> unknown = get(s.apiUrl() + "/v1/certificates/" + BigInteger.ONE.shiftLeft(48)
                    .add(BigInteger.TEN) + "/standalone");
            assertEquals(404, unknown.statusCode());
        }
    }

    @Test
    void refusalsNameTheFieldAndLogNothing() throws Exception {
        try (CaServer s = start(CertificationAuthorityTest.config())) {
            HttpResponse<String> r = post(s, "{\"requests\": [{\"dns\": \"a.example\"}, {\"dns\": \"bad\"}]}");
            assertEquals(400, r.statusCode());
            JsonNode e = JSON.readTree(r.body());
            assertEquals("requests[1].dns", e.get("field").textValue());
            assertEquals("dns-name-syntax", e.get("error").textValue());
            HttpResponse<String> m = post(s, "{\"requests\": [");
            assertEquals(400, m.statusCode());
            assertEquals("body", JSON.readTree(m.body()).get("field").textValue());
            assertEquals(400, post(s, "{\"requests\": []}").statusCode());
            assertEquals(0, s.ca().pending());
            assertEquals(0, s.ca().treeSize());
        }
    }

    @Test
    void tenTimesWhatThePoolHoldsIsRefusedWith429AndEveryAcceptedRequestIsIssued() throws Exception {
        // no run for an hour: the pool (50) is all the CA holds; 100 concurrent submissions of 5 ask for 10 times that
        CaConfig c = new CaConfig(CertificationAuthorityTest.CA_ID, "http://127.0.0.1:8080/log", "127.0.0.1:0",
                Duration.ofDays(7), Duration.ofHours(1), Duration.ofHours(1), "log", 50, 16);
        CaServer s = start(c);
        List<CompletableFuture<HttpResponse<String>>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            StringBuilder b = new StringBuilder("{\"requests\": [");
            for (int k = 0; k < 5; k++) {
                b.append(k == 0 ? "" : ",").append("{\"dns\": \"o").append(i).append('-').append(k)
                        .append(".example\"}");
            }
            answers.add(http.sendAsync(HttpRequest.newBuilder(URI.create(s.apiUrl() + "/v1/requests"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            b.append("]}").toString())).build(), HttpResponse.BodyHandlers.ofString()));
        }
        int refused = 0;
        // every submission is answered 429 (pool full, or no checker free in time) or accepted into the pool, where
        // its answer waits for the run: wait until each is one or the other
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (answers.stream().filter(CompletableFuture::isDone).count() + s.ca().pending() / 5 < 100
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        int pooled = s.ca().pending();
        assertTrue(pooled <= 50, "the pool holds " + pooled);
        for (CompletableFuture<HttpResponse<String>> a : answers) {
            if (a.isDone()) {
                assertEquals(429, a.get().statusCode(), a.get().body());
                assertTrue(a.get().headers().firstValue("Retry-After").isPresent());
                refused++;
            }
        }
        assertEquals(100 - pooled / 5, refused);
        assertTrue(refused >= 90);
        s.close(); // drains: the accepted submissions are logged and answered
        int accepted = 0;
        for (CompletableFuture<HttpResponse<String>> a : answers) {
            if (a.get().statusCode() == 200) {
                accepted += JSON.readTree(a.get().body()).get("certificates").size();
            }
        }
        assertEquals(pooled, accepted);
        try (CertificationAuthority ca = CertificationAuthority.open(tmp.resolve("ca"))) {
            assertEquals(accepted, ca.treeSize());
            for (long i = 0; i < accepted; i++) {
                assertTrue(ca.standalone(BigInteger.ONE.shiftLeft(48).or(BigInteger.valueOf(i))).certificate()
                        .isPresent());
            }
        }
    }

    @Test
    void aFullPoolAnswers429WithRetryAfterAndTheAcceptedBatchIsStillAnswered() throws Exception {
        CaConfig c = new CaConfig(CertificationAuthorityTest.CA_ID, "http://127.0.0.1:8080/log", "127.0.0.1:0",
                Duration.ofDays(7), Duration.ofHours(1), Duration.ofHours(1), "log", 2, 16);
        CaServer s = start(c);
        CompletableFuture<HttpResponse<String>> accepted = http.sendAsync(HttpRequest.newBuilder(URI.create(
                s.apiUrl() + "/v1/requests")).header("Content-Type", "application/json").POST(
                HttpRequest.BodyPublishers.ofString("{\"requests\": [{\"dns\": \"a.example\"}, {\"dns\":"
                        + " \"b.example\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
        // the run is an hour away: wait until the batch sits in the pool
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (s.ca().pending() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        HttpResponse<String> full = post(s, "{\"requests\": [{\"dns\": \"c.example\"}]}");
        assertEquals(429, full.statusCode());
        assertTrue(Long.parseLong(full.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        // a load run saw connections dropped after 429s: the answer now says the connection ends
        assertEquals("close", full.headers().firstValue("Connection").orElse(""), full.headers().toString());
        assertEquals("overloaded", JSON.readTree(full.body()).get("error").textValue());
        s.close(); // drains: the accepted batch is logged and answered
        assertEquals(200, accepted.get().statusCode());
        assertEquals(2, JSON.readTree(accepted.get().body()).get("certificates").size());
    }
}
