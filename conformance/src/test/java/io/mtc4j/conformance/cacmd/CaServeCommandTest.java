package io.mtc4j.conformance.cacmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtc4j.conformance.CliRun;
import io.mtc4j.conformance.ServedCa;
import io.mtc4j.spec.cli.Main;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SigningMode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mtc ca init}, {@code mtc ca serve} (a child JVM, real HTTP on loopback), the intake API with the real policy,
 * then what a relying party and an auditor run on the result: {@code mtc verify --ca DIR/ca.pem} accepts the
 * standalone and the landmark-relative certificates, {@code mtc log fsck DIR/log --ca DIR/ca.pem} the log; SIGTERM
 * stops the server cleanly; {@code mtc ca rollover} moves to log 2.
 */
class CaServeCommandTest {
    @TempDir
    Path tmp;
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GETs until the answer is no longer 202 (bounded; asserts no time). */
    private HttpResponse<String> await(String url) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        HttpResponse<String> r = get(url);
        while (r.statusCode() == 202 && System.nanoTime() < deadline) {
            r = get(url);
        }
        return r;
    }

    @Test
    void initServeIssueVerifyFsckAndRollover() throws Exception {
        Path dir = tmp.resolve("ca");
        String[] init = ServedCa.init(dir);
        assertTrue(init[1].contains("ca.pem: " + dir.resolve("ca.pem")), init[1]);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "ca", "serve", dir.toString(), "--listen", "127.0.0.1:0")
                .redirectError(tmp.resolve("stderr").toFile()).start();
        String standalonePem;
        String landmarkPem;
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8));
            String logLine = stdout.readLine();
            String apiLine = stdout.readLine();
            assertTrue(logLine != null && logLine.matches("log: http://127\\.0\\.0\\.1:[0-9]+/mtc"), logLine + "\n"
                    + Files.readString(tmp.resolve("stderr")));
            assertTrue(apiLine != null && apiLine.matches("api: http://127\\.0\\.0\\.1:[0-9]+"), apiLine);
            String api = apiLine.substring(5);
            String spki = Base64.getEncoder().encodeToString(Keys.generate(SignatureAlgorithm.ED25519,
                    new SecureRandom(), SigningMode.DETERMINISTIC).publicKeySpki());
            String body = "{\"requests\": [{\"dns\": [\"www.example.test\"], \"spki\": \"" + spki + "\", \"lifetime\":"
                    + " \"1d\"}, {\"ip\": [\"192.0.2.7\", \"2001:db8::7\"], \"spki\": \"" + spki + "\"}]}";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/v1/requests"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode certs = new ObjectMapper().readTree(r.body()).get("certificates");
            assertEquals(2, certs.size());
            HttpResponse<String> sa = await(certs.get(0).get("standalone").textValue());
            assertEquals(200, sa.statusCode(), sa.body());
            standalonePem = sa.body();
            HttpResponse<String> lm = await(certs.get(0).get("landmark").textValue());
            assertEquals(200, lm.statusCode(), lm.body());
            landmarkPem = lm.body();
            HttpResponse<String> ip = await(certs.get(1).get("standalone").textValue());
            assertEquals(200, ip.statusCode());
            Files.writeString(tmp.resolve("192.0.2.7.standalone.pem"), ip.body());
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(api + "/v1/requests"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"requests\": [{\"dns\": [\"ok.example.test\"], \"spki\": \"" + spki + "\"}, {\"dns\":"
                                    + " [\"-bad-.example\"], \"spki\": \"" + spki + "\"}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, refused.statusCode());
            assertTrue(new ObjectMapper().readTree(refused.body()).get("field").textValue().startsWith(
                    "requests[1].dns"), refused.body());
        } finally {
            p.destroy(); // SIGTERM: drain and stop
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        }
        // 128 + SIGTERM once the shutdown hook drained the pool and stopped the server gracefully
        String stderr = Files.readString(tmp.resolve("stderr"));
        assertEquals(143, p.exitValue(), stderr);
        assertTrue(stderr.contains("\"event\":\"stopped\""), stderr);
        Files.writeString(tmp.resolve("www.standalone.pem"), standalonePem);
        Files.writeString(tmp.resolve("www.landmark.pem"), landmarkPem);
        String ca = dir.resolve("ca.pem").toString();
        String[] v = CliRun.run("verify", "--ca", ca, "--host", "www.example.test", tmp.resolve("www.standalone.pem")
                .toString());
        assertEquals("0", v[0], v[1] + v[2]);
        assertTrue(v[1].contains("valid"), v[1]);
        String[] vip = CliRun.run("verify", "--ca", ca, "--host", "192.0.2.7", tmp.resolve("192.0.2.7.standalone.pem")
                .toString());
        assertEquals("0", vip[0], vip[1] + vip[2]);
        String[] fsck = CliRun.run("log", "fsck", dir.resolve("log").toString(), "--log", "1", "--ca", ca);
        assertEquals("0", fsck[0], fsck[1] + fsck[2]);
        String[] roll = CliRun.run("ca", "rollover", dir.toString(), "--reason", "test: log 1 declared failed");
        assertEquals("0", roll[0], roll[2]);
        assertEquals("log: 2\n", roll[1]);
        assertTrue(Files.readString(dir.resolve("state.json")).contains("test: log 1 declared failed"));
    }
}
