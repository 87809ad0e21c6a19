package io.mtc4j.ca.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtc4j.ca.BenchAccess;
import io.mtc4j.ca.CaConfig;
import io.mtc4j.ca.CaException;
import io.mtc4j.ca.CaKeys;
import io.mtc4j.ca.CaServer;
import io.mtc4j.ca.CertificationAuthority;
import io.mtc4j.ca.IssuanceRequest;
import io.mtc4j.ca.IssuedCertificate;
import io.mtc4j.log.client.HttpLogTransport;
import io.mtc4j.log.client.LogClient;
import io.mtc4j.log.client.LogTransport;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.Pem;
import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A bootstrap-mode CA end to end over real HTTP on loopback: chains in, MTCs out, the bootstrap publication served
 * beside the log, the distributor's check passing on the honest log; and a mis-behaving CA (its intake bypassed)
 * caught by the check for every kind of disagreement.
 */
class BootstrapCaTest {
    static final TrustAnchorId CA_ID = TrustAnchorId.parse("32473.1");
    static final TestPki.Hierarchy PKI = TestPki.hierarchy();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static Path newCa(Path dir) {
        CaConfig c = CaConfig.defaults(CA_ID).withListen("127.0.0.1:0");
        CertificationAuthority.init(dir, c, false, new SecureRandom(), TestPki.NOW.minus(Duration.ofDays(1)));
        BootstrapMode.init(dir, Pem.encode("CERTIFICATE", PKI.root().der()).getBytes(StandardCharsets.US_ASCII));
        return dir;
    }

    static CertificationAuthority open(Path dir) {
        return CertificationAuthority.open(dir, CaKeys.load(dir), List.of(), Clock.fixed(TestPki.NOW, ZoneOffset.UTC));
    }

    static BootstrapPolicy policy(CertificationAuthority ca) {
        return new BootstrapPolicy(BootstrapMode.open(ca.directory()).orElseThrow().validator(),
                ca.config().maxLifetime(), Clock.fixed(TestPki.NOW, ZoneOffset.UTC));
    }

    static LogClient client(CertificationAuthority ca, LogTransport t) {
        LogClient c = LogClient.builder(t).verifiers(List.of(NoteVerifier.mlDsa44Cosignature(CA_ID.tlogName(),
                CaKeys.load(ca.directory()).caCosigner().verifier()))).origin(CA_ID.logId(1).tlogName()).build();
        c.update();
        return c;
    }

    static String pem(List<byte[]> certs) {
        StringBuilder b = new StringBuilder();
        certs.forEach(c -> b.append(Pem.encode("CERTIFICATE", c)));
        return b.toString();
    }

    /** {@code {"requests": [{"chain": c}, ...]}} */
    static String body(Object... chains) throws Exception {
        List<Object> rs = new ArrayList<>();
        for (Object c : chains) {
            rs.add(java.util.Map.of("chain", c));
        }
        return JSON.writeValueAsString(java.util.Map.of("requests", rs));
    }

    static HttpResponse<String> post(URI api, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + "/v1/requests"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static BootstrapCheck check() {
        return new BootstrapCheck(ChainValidator.of(List.of(PKI.root().der())), CA_ID, CertificationAuthority.PROFILE);
    }

    @Test
    void chainsBecomeMtcsTheBootstrapIsPublishedAndTheCheckAgrees() throws Exception {
        Path dir = newCa(tmp.resolve("ca"));
        List<TestPki.Cert> leaves = List.of(
                PKI.leaf(TestPki.spec().subject("CN=example.com").dns("example.com", "*.example.com")),
                PKI.leaf(TestPki.spec().subject("CN=ip").dns("ip.example").ip("192.0.2.1", "2001:db8::1")),
                PKI.leaf(TestPki.spec().key(TestPki.key("RSA")).keyUsage(KeyUsage.digitalSignature
                        | KeyUsage.keyEncipherment).dns("rsa.example")));
        CertificationAuthority ca = open(dir);
        try (CaServer server = CaServer.start(ca, policy(ca), new PrintStream(PrintStream.nullOutputStream()))) {
            // over HTTP: a PEM chain, then a base64 DER array
            HttpResponse<String> r = post(server.apiUrl(), body(pem(PKI.chain(leaves.get(0)))));
            assertEquals(200, r.statusCode(), r.body());
            HttpResponse<String> r2 = post(server.apiUrl(), body(PKI.chain(leaves.get(1)).stream().map(c ->
                    java.util.Base64.getEncoder().encodeToString(c)).toList(), pem(PKI.chain(leaves.get(2)))));
            assertEquals(200, r2.statusCode(), r2.body());
            long size = ca.treeSize();
            assertEquals(3, size);

            // a chain that does not validate is refused with the reason, and nothing is logged
            TestPki.Cert expired = PKI.leaf(TestPki.spec().validity(TestPki.NOW.minus(Duration.ofDays(30)),
                    TestPki.NOW.minus(Duration.ofDays(1))));
            HttpResponse<String> bad = post(server.apiUrl(), body(pem(PKI.chain(leaves.get(0))),
                    pem(PKI.chain(expired))));
            assertEquals(400, bad.statusCode());
            JsonNode err = JSON.readTree(bad.body());
            assertEquals("expired", err.get("error").asText());
            assertEquals("requests[1].chain[0]", err.get("field").asText());
            TestPki.Cert untrusted = TestPki.issue(TestPki.spec(), TestPki.root("CN=Elsewhere", TestPki.key("EC")));
            JsonNode err2 = JSON.readTree(post(server.apiUrl(), body(pem(List.of(untrusted.der())))).body());
            assertEquals("untrusted-root", err2.get("error").asText());
            JsonNode err3 = JSON.readTree(post(server.apiUrl(), "{\"requests\":[{\"dns\":[\"a.example\"]}]}").body());
            assertEquals("requests[0].dns", err3.get("field").asText());
            BenchAccess.runNow(ca);
            assertEquals(size, ca.treeSize());

            // the MTCs are valid X.509 certificates that carry the bootstrap leaf's names and key
            JsonNode issued = JSON.readTree(r2.body()).get("certificates").get(0);
            HttpResponse<String> cert = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    issued.get("standalone").asText())).build(), HttpResponse.BodyHandlers.ofString());
            X509Certificate mtc = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(Pem.decode(cert.body()).der()));
            X509Certificate boot = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(leaves.get(1).der()));
            assertEquals(new ArrayList<>(boot.getSubjectAlternativeNames()), new ArrayList<>(
                    mtc.getSubjectAlternativeNames()));
            assertEquals(boot.getPublicKey(), mtc.getPublicKey());
            assertEquals(List.of("1.3.6.1.5.5.7.3.1"), mtc.getExtendedKeyUsage());
            assertEquals(boot.getSubjectX500Principal(), mtc.getSubjectX500Principal());
            assertTrue(mtc.getNotAfter().toInstant().equals(TestPki.NOW.plus(ca.config().maxLifetime())));

            // the publication, read over HTTP as a distributor would
            LogTransport t = HttpLogTransport.of(server.logUrl() + "/1");
            List<BootstrapEntry> tile = BootstrapTile.parse(t.get("tile/bootstrap/000.p/3", 1 << 20).body(), 3);
            assertArrayEquals(leaves.get(2).der(), tile.get(2).certificate());
            assertArrayEquals(PKI.intermediate().der(), t.get(BootstrapEntry.issuerKey(tile.get(2).issuers().get(0)),
                    1 << 16).body());
            assertArrayEquals(PKI.root().der(), t.get(BootstrapEntry.issuerKey(tile.get(2).issuers().get(1)),
                    1 << 16).body());
            BootstrapCheck.Outcome o = check().check(client(ca, t), t, 0, size, i -> { });
            assertTrue(o.agrees(), o.findings().toString());
            assertEquals(size, o.firstDisagreement());
        }
    }

    @Test
    void requestsWithoutAChainAreRefusedByABootstrapCaAndChainsByAnOrdinaryOne() {
        Path dir = newCa(tmp.resolve("ca"));
        try (CertificationAuthority ca = open(dir)) {
            IssuanceRequest plain = BenchAccess.request("a.example", TestPki.NOW);
            assertEquals("bootstrap-chain-required", assertThrows(CaException.class, () -> ca.submit(List.of(plain)))
                    .rule());
        }
    }

    /** The ways a CA can disagree with its bootstrap certificate. */
    enum Misbehaviour {
        ANOTHER_NAME("extensions[2.5.29.17]", r -> withSan(r, "dns:other.example")),
        ANOTHER_KEY("subjectPublicKeyInfoHash", r -> new IssuanceRequest(r.subject(), TestPki.key("fresh-EC").getPublic()
                .getEncoded(), r.notBefore(), r.notAfter(), r.extensions(), r.bootstrapChain())),
        LONGER_VALIDITY("validity.notAfter", r -> new IssuanceRequest(r.subject(), r.subjectPublicKeyInfo(),
                r.notBefore(), Instant.parse("2026-08-20T12:00:01Z"), r.extensions(), r.bootstrapChain())),
        ADDED_SAN("extensions[2.5.29.17]", r -> withSan(r, "dns:leaf.example", "dns:extra.example")),
        ADDED_IP("extensions[2.5.29.17]", r -> withSan(r, "dns:leaf.example", "ip:192.0.2.9")),
        DROPPED_CRITICAL_EXTENSION("extensions[2.5.29.15]", r -> withoutExtension(r, "2.5.29.15")),
        NO_BOOTSTRAP("bootstrap", UnaryOperator.identity());

        final String field;
        final UnaryOperator<IssuanceRequest> tamper;

        Misbehaviour(String field, UnaryOperator<IssuanceRequest> tamper) {
            this.field = field;
            this.tamper = tamper;
        }
    }

    @ParameterizedTest
    @EnumSource(Misbehaviour.class)
    void aMisbehavingCaIsCaughtNamingTheEntryAndTheField(Misbehaviour m) throws Exception {
        Path dir = newCa(tmp.resolve("ca"));
        CertificationAuthority ca = open(dir);
        try (CaServer server = CaServer.start(ca, policy(ca), new PrintStream(PrintStream.nullOutputStream()))) {
            BootstrapPolicy p = policy(ca);
            IssuanceRequest honest = p.check(PKI.chain(PKI.leaf(TestPki.spec().subject("CN=first.example")
                    .dns("first.example"))), "requests[0]");
            IssuanceRequest bad = m.tamper.apply(p.check(PKI.chain(PKI.leaf(TestPki.spec())), "requests[0]"));
            List<IssuedCertificate> out = new ArrayList<>(ca.submit(List.of(honest)).get());
            BenchAccess.runNow(ca);
            if (m == Misbehaviour.NO_BOOTSTRAP) {
                // the CA publishes the entry but not its bootstrap tile
                out.addAll(ca.submit(List.of(bad)).get());
                BenchAccess.runNow(ca);
                Files.delete(dir.resolve("log/1/tile/bootstrap/000.p/2"));
            } else {
                out.addAll(ca.submit(List.of(bad)).get());
                BenchAccess.runNow(ca);
            }
            assertEquals(2, ca.treeSize());
            LogTransport t = HttpLogTransport.of(server.logUrl() + "/1");
            BootstrapCheck.Outcome o = check().check(client(ca, t), t, 0, 2, i -> { });
            assertFalse(o.agrees());
            BootstrapCheck.Finding f = o.findings().stream().filter(x -> x.index() == 1).findFirst().orElseThrow(
                    () -> new AssertionError("no finding for entry 1: " + o.findings()));
            assertEquals(m.field, f.field(), f.text());
            assertFalse(f.bootstrap().equals(f.log()), f.text());
            assertEquals(m == Misbehaviour.NO_BOOTSTRAP ? 0 : 1, o.firstDisagreement());
            assertEquals(m == Misbehaviour.NO_BOOTSTRAP ? 2 : 1, o.findings().size(), o.findings().toString());
        }
    }

    static IssuanceRequest withSan(IssuanceRequest r, String... names) {
        List<byte[]> gn = new ArrayList<>();
        for (String n : names) {
            if (n.startsWith("dns:")) {
                gn.add(Der.tlv(0x82, n.substring(4).getBytes(StandardCharsets.US_ASCII)));
            } else {
                try {
                    gn.add(Der.tlv(0x87, java.net.InetAddress.getByName(n.substring(3)).getAddress()));
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        byte[] san = X509Der.extension("2.5.29.17", false, Der.sequence(gn.toArray(byte[][]::new)));
        return replaceExtension(r, "2.5.29.17", san);
    }

    static IssuanceRequest withoutExtension(IssuanceRequest r, String oid) {
        return replaceExtension(r, oid, null);
    }

    private static IssuanceRequest replaceExtension(IssuanceRequest r, String oid, byte[] replacement) {
        List<byte[]> out = new ArrayList<>();
        for (X509Der.Extension x : X509Der.extensionList(Der.tlv(Der.explicit(3), r.extensions()))) {
            if (!x.oid().equals(oid)) {
                out.add(X509Der.extension(x.oid(), x.critical(), x.value()));
            } else if (replacement != null) {
                out.add(replacement);
            }
        }
        return new IssuanceRequest(r.subject(), r.subjectPublicKeyInfo(), r.notBefore(), r.notAfter(),
                Der.sequence(out.toArray(byte[][]::new)), r.bootstrapChain());
    }
}
