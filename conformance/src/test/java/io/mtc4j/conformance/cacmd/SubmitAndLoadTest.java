package io.mtc4j.conformance.cacmd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtc4j.ca.CaConfig;
import io.mtc4j.ca.CaKeys;
import io.mtc4j.ca.CaServer;
import io.mtc4j.ca.CertificationAuthority;
import io.mtc4j.conformance.CliRun;
import io.mtc4j.spec.der.Pem;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mtc ca submit} and {@code mtc ca load} against a real CA (mtc-ca's CaServer with the real intake policy) on
 * loopback: what they print, the files submit writes, and that {@code mtc verify} accepts those files.
 */
class SubmitAndLoadTest {
    @TempDir
    Path tmp;
    private CaServer server;
    private Path caDir;
    private String api;

    static String[] run(String... args) {
        return CliRun.run(args);
    }

    @BeforeEach
    void startCa() {
        caDir = tmp.resolve("ca");
        String[] init = run("ca", "init", caDir.toString(), "--checkpoint-interval", "200ms", "--landmark-interval",
                "1s", "--max-lifetime", "2d", "--public-url", "http://127.0.0.1:8080/log");
        assertEquals("0", init[0], init[2]);
        CertificationAuthority ca = CertificationAuthority.open(caDir, CaConfig.read(caDir).withListen("127.0.0.1:0"),
                CaKeys.load(caDir), List.of(), Clock.systemUTC());
        server = CaServer.start(ca, ServeCaCommand.checker(ca), new PrintStream(OutputStream.nullOutputStream()));
        api = server.apiUrl().toString();
    }

    @AfterEach
    void stopCa() {
        server.close();
    }

    static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static List<String> serials(String out) {
        List<String> s = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^serial: ([0-9]+) log: 1 index: [0-9]+$").matcher(out);
        while (m.find()) {
            s.add(m.group(1));
        }
        return s;
    }

    @Test
    void submitsJsonRequestsAndSavesBothCertificatesPerName() throws Exception {
        String spki = Base64.getEncoder().encodeToString(p256().getPublic().getEncoded());
        Path request = tmp.resolve("request.json");
        Files.writeString(request, "[{\"dns\": [\"www.example.test\"], \"spki\": \"" + spki + "\", \"lifetime\": \"1d\"},"
                + " {\"ip\": [\"2001:db8::7\"], \"spki\": \"" + spki + "\"}]");
        Path out = tmp.resolve("out");
        String[] r = run("ca", "submit", "--api", api, "--request", request.toString(), "--wait", "landmark",
                "--out", out.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertEquals(2, serials(r[1]).size(), r[1]);
        for (String name : List.of("www.example.test", "2001_db8__7")) {
            for (String kind : List.of("standalone", "landmark")) {
                Path f = out.resolve(name + "." + kind + ".pem");
                assertTrue(r[1].contains("saved: " + f), r[1]);
                assertEquals("CERTIFICATE", Pem.decode(Files.readString(f)).label());
            }
        }
        String[] v = run("verify", "--ca", caDir.resolve("ca.pem").toString(), "--host", "www.example.test",
                out.resolve("www.example.test.standalone.pem").toString());
        assertEquals("0", v[0], v[1] + v[2]);
        String[] vip = run("verify", "--ca", caDir.resolve("ca.pem").toString(), "--host", "2001:db8::7",
                out.resolve("2001_db8__7.standalone.pem").toString());
        assertEquals("0", vip[0], vip[1] + vip[2]);
    }

    @Test
    void submitsACsr() throws Exception {
        KeyPair kp = p256();
        Extensions ext = new Extensions(new Extension(Extension.subjectAlternativeName, false, new DEROctetString(
                new GeneralNames(new GeneralName(GeneralName.dNSName, "csr.example.test")))));
        byte[] csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=csr.example.test"), kp.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext)
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())).getEncoded();
        Path csrFile = tmp.resolve("req.csr");
        Files.writeString(csrFile, Pem.encode("CERTIFICATE REQUEST", csr));
        Path out = tmp.resolve("out");
        String[] r = run("ca", "submit", "--api", api, "--csr", csrFile.toString(), "--out", out.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertEquals(1, serials(r[1]).size(), r[1]);
        assertTrue(Files.exists(out.resolve("csr.example.test.standalone.pem")));
        assertTrue(Files.notExists(out.resolve("csr.example.test.landmark.pem")), "--wait standalone is the default");
        String[] v = run("verify", "--ca", caDir.resolve("ca.pem").toString(), "--host", "csr.example.test",
                out.resolve("csr.example.test.standalone.pem").toString());
        assertEquals("0", v[0], v[1] + v[2]);
    }

    @Test
    void aRefusalNamesTheFieldAndTheRuleAndWritesNothing() throws Exception {
        Path request = tmp.resolve("request.json");
        Files.writeString(request, "{\"ip\": [\"192.0.2.1\", \"010.0.0.1\"], \"spki\": \""
                + Base64.getEncoder().encodeToString(p256().getPublic().getEncoded()) + "\"}");
        Path out = tmp.resolve("out");
        String[] r = run("ca", "submit", "--api", api, "--request", request.toString(), "--out", out.toString());
        assertEquals("1", r[0], r[1] + r[2]);
        assertTrue(r[2].startsWith("refused: requests[0].ip[1]: ip-address-syntax: "), r[2]);
        assertTrue(Files.notExists(out));
        assertEquals("", r[1]);
    }

    @Test
    void loadReportsAcceptedRequestsCertificatesAndLatencies() throws Exception {
        String[] r = run("ca", "load", "--url", api, "--rate", "400", "--duration", "3s", "--batch", "40", "--json");
        assertEquals("0", r[0], r[1] + r[2]);
        JsonNode report = new ObjectMapper().readTree(r[1]);
        assertTrue(report.get("accepted").asLong() > 0, r[1]);
        assertEquals(report.get("accepted").asLong(), report.get("certificates").asLong(), r[1]);
        assertEquals(0, report.get("errors").asLong(), r[1] + r[2]);
        assertEquals(0, report.get("refused").asLong(), r[1] + r[2]);
        JsonNode t = report.get("timeToStandaloneMillis");
        assertTrue(t.get("samples").asInt() > 0, r[1]);
        assertTrue(t.get("p50").asLong() <= t.get("p90").asLong() && t.get("p90").asLong() <= t.get("p99").asLong(),
                r[1]);
        String[] text = run("ca", "load", "--url", api, "--rate", "100", "--duration", "1s", "--batch", "10");
        assertEquals("0", text[0], text[1] + text[2]);
        assertTrue(text[1].matches("(?sm).*^accepted requests/s: [0-9]+$.*^certificates/s: [0-9]+$.*"
                + "^time-to-standalone p50: [0-9]+ ms p90: [0-9]+ ms p99: [0-9]+ ms \\([0-9]+ batches\\)$.*"), text[1]);
    }
}
