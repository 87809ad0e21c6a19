package io.mtc4j.ca.acme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.mtc4j.ca.CaConfig;
import io.mtc4j.ca.CaKeys;
import io.mtc4j.ca.CaServer;
import io.mtc4j.ca.CertificationAuthority;
import io.mtc4j.ca.RequestChecker;
import io.mtc4j.ca.intake.RequestPolicy;
import io.mtc4j.spec.der.Pem;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ACME server over real HTTP on loopback, with the CA's real intake policy and a real http-01 responder (the
 * JDK's HTTP server) that {@code --acme-resolve} points validation at: issuance for every account key type and for
 * dns and ip identifiers, and every refusal of issue 12 with its problem type and field, leaving the state file
 * unchanged.
 */
class AcmeHandlerTest {
    static final String NAME = "www.example.test";
    @TempDir
    Path tmp;
    CaServer server;
    HttpServer responder;
    final Map<String, String> served = new ConcurrentHashMap<>();
    String directoryUrl;

    @BeforeEach
    void start() throws Exception {
        responder = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        responder.createContext("/.well-known/acme-challenge/", ex -> {
            String token = ex.getRequestURI().getPath().substring("/.well-known/acme-challenge/".length());
            String body = served.get(ex.getRequestHeaders().getFirst("Host") + " " + token);
            byte[] b = (body == null ? "not found" : body).getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(body == null ? 404 : 200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        responder.start();
        Path dir = tmp.resolve("ca");
        CaConfig config = new CaConfig(TrustAnchorId.parse("32473.1"), "http://127.0.0.1:8080/log", "127.0.0.1:0",
                Duration.ofDays(7), Duration.ofMillis(100), Duration.ofMillis(500), "log", 100_000, 16);
        CertificationAuthority.init(dir, config, true, new SecureRandom(), Instant.now());
        server = open(dir);
        directoryUrl = AcmeHandler.directoryUrl(server.apiUrl()).toString();
    }

    private CaServer open(Path dir) {
        CertificationAuthority ca = CertificationAuthority.open(dir, CaKeys.load(dir), List.of(), Clock.systemUTC());
        RequestChecker checker = RequestPolicy.of(ca.config(), Clock.systemUTC()).checker();
        InetSocketAddress at = InetSocketAddress.createUnresolved("127.0.0.1", responder.getAddress().getPort());
        AcmeSettings settings = new AcmeSettings(Map.of(NAME, at, "192.0.2.7", at, "2001:db8::7", at,
                "wrong.example.test", at));
        return CaServer.start(ca, checker, new PrintStream(new ByteArrayOutputStream()), AcmeHandler.open(ca,
                checker, settings));
    }

    @AfterEach
    void stop() {
        server.close();
        responder.stop(0);
    }

    private static ObjectNode order(String... idents) {
        ObjectNode o = AcmeTestClient.JSON.createObjectNode();
        for (String i : idents) {
            o.withArray("identifiers").addObject().put("type", i.matches("[0-9a-f:.]+") && !i.contains("example")
                    ? "ip" : "dns").put("value", i);
        }
        return o;
    }

    /** Polls {@code url} (POST-as-GET) until its status leaves {@code from} (bounded; asserts no time). */
    private JsonNode awaitStatus(AcmeTestClient c, String url, String... from) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode j = c.json(c.post(url, null));
        while (List.of(from).contains(j.get("status").textValue()) && System.nanoTime() < deadline) {
            j = c.json(c.post(url, null));
        }
        return j;
    }

    static byte[] csr(KeyPair kp, GeneralName... names) throws Exception {
        return new JcaPKCS10CertificationRequestBuilder(new X500Name(""), kp.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new Extensions(new Extension(
                        Extension.subjectAlternativeName, false, new GeneralNames(names).getEncoded())))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())).getEncoded();
    }

    static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** Answers every challenge of {@code order} through the responder and waits for the order to be ready. */
    private JsonNode authorize(AcmeTestClient c, JsonNode order) throws Exception {
        for (JsonNode az : order.get("authorizations")) {
            JsonNode a = c.json(c.post(az.textValue(), null));
            JsonNode ch = a.get("challenges").get(0);
            assertEquals("http-01", ch.get("type").textValue());
            String host = a.get("identifier").get("value").textValue();
            served.put((host.contains(":") ? "[" + host + "]" : host) + " " + ch.get("token").textValue(),
                    ch.get("token").textValue() + "." + Jws.thumbprint(c.jwk()));
            HttpResponse<String> r = c.post(ch.get("url").textValue(), AcmeTestClient.JSON.createObjectNode());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("valid", awaitStatus(c, az.textValue(), "pending").get("status").textValue());
        }
        return order;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "ES384", "RS256", "EdDSA"})
    void issuesForEveryAccountKeyTypeWithTheLandmarkAsOptionalAlternate(String alg) throws Exception {
        AcmeTestClient c = new AcmeTestClient(directoryUrl, alg);
        assertEquals(201, c.register().statusCode());
        HttpResponse<String> created = c.post(c.directory.get("newOrder").textValue(), order(NAME, "192.0.2.7",
                "2001:db8::7"));
        assertEquals(201, created.statusCode(), created.body());
        String orderUrl = created.headers().firstValue("Location").orElseThrow();
        JsonNode order = authorize(c, c.json(created));
        assertEquals("ready", c.json(c.post(orderUrl, null)).get("status").textValue());
        byte[] csr = csr(p256(), new GeneralName(GeneralName.dNSName, NAME),
                new GeneralName(GeneralName.iPAddress, new DEROctetString(InetAddress.getByName("192.0.2.7")
                        .getAddress())),
                new GeneralName(GeneralName.iPAddress, new DEROctetString(InetAddress.getByName("2001:db8::7")
                        .getAddress())));
        HttpResponse<String> fin = c.post(order.get("finalize").textValue(), AcmeTestClient.JSON.createObjectNode()
                .put("csr", Base64Url.encode(csr)));
        assertEquals(200, fin.statusCode(), fin.body());
        JsonNode valid = awaitStatus(c, orderUrl, "processing");
        assertEquals("valid", valid.get("status").textValue(), valid.toString());
        HttpResponse<String> cert = c.post(valid.get("certificate").textValue(), null);
        assertEquals(200, cert.statusCode());
        assertEquals("application/pem-certificate-chain", cert.headers().firstValue("Content-Type").orElseThrow());
        List<Pem.Block> chain = Pem.decodeAll(cert.body());
        assertEquals(2, chain.size());
        assertArrayEquals(server.ca().caCertificate(), chain.get(1).der());
        String alternate = cert.headers().allValues("Link").stream().filter(l -> l.endsWith(
                ";rel=\"acme-optional-alternate\"")).findFirst().orElseThrow();
        String landmarkUrl = alternate.substring(1, alternate.indexOf('>'));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> lm = c.post(landmarkUrl, null);
        while (lm.statusCode() == 202 && System.nanoTime() < deadline) {
            assertTrue(lm.headers().firstValue("Retry-After").isPresent());
            lm = c.post(landmarkUrl, null);
        }
        assertEquals(200, lm.statusCode(), lm.body());
        java.math.BigInteger serial = new java.math.BigInteger(valid.get("certificate").textValue()
                .replaceAll(".*/", ""));
        byte[] landmarkRelative = server.ca().landmarkRelative(serial).certificate().orElseThrow();
        assertArrayEquals(landmarkRelative, Pem.decodeAll(lm.body()).get(0).der());
        assertPropertiesDownloads(c, valid.get("certificate").textValue(), landmarkUrl, serial, chain.get(0).der(),
                landmarkRelative);
    }

    /**
     * Draft §"Using ACME with Merkle Tree Certificates" with §"Use in TLS": asked for
     * application/pem-certificate-chain-with-properties, the standalone certificate comes with the CA ID and the
     * landmark-relative one with its landmark's ID {@code CA.1.N.L}, each alone (the trust anchor omitted).
     */
    private void assertPropertiesDownloads(AcmeTestClient c, String certUrl, String landmarkUrl,
            java.math.BigInteger serial, byte[] standalone, byte[] landmarkRelative) throws Exception {
        String type = io.mtc4j.spec.tai.CertificateChainWithProperties.MEDIA_TYPE;
        TrustAnchorId caId = server.ca().config().caId();
        int log = serial.shiftRight(48).intValueExact();
        HttpResponse<String> s = c.postAsGet(certUrl, type + ", application/pem-certificate-chain;q=0.5");
        assertEquals(200, s.statusCode(), s.body());
        assertEquals(type, s.headers().firstValue("Content-Type").orElseThrow());
        var sp = io.mtc4j.spec.tai.CertificateChainWithProperties.parse(s.body());
        assertEquals(1, sp.certificates().size());
        assertArrayEquals(standalone, sp.certificates().get(0));
        assertEquals(caId, sp.properties().trustAnchorId().orElseThrow());
        assertEquals(false, sp.properties().trustAnchorNegotiation());
        var inclusion = sp.properties().trustAnchorGroupInclusions().get(0);
        assertTrue(inclusion.contains(caId.landmarkGroupId(log, 0)) && inclusion.contains(caId.landmarkGroupId(log,
                1_000_000)));
        assertTrue(s.headers().allValues("Link").stream().anyMatch(l -> l.endsWith("rel=\"acme-optional-alternate\"")));

        HttpResponse<String> l = c.postAsGet(landmarkUrl, type);
        assertEquals(200, l.statusCode(), l.body());
        var lp = io.mtc4j.spec.tai.CertificateChainWithProperties.parse(l.body());
        assertArrayEquals(landmarkRelative, lp.certificates().get(0));
        TrustAnchorId id = lp.properties().trustAnchorId().orElseThrow();
        assertTrue(id.startsWith(caId.child(1, log)), id.toString());
        long landmark = id.components().get(id.components().size() - 1);
        // the certificate's subtree is one of that landmark's subtrees
        var proof = io.mtc4j.spec.cert.MtcCertificate.parse(CertificationAuthority.PROFILE, landmarkRelative).proof();
        assertTrue(server.ca().landmarkSequence(log).landmarkSubtrees(landmark).stream().anyMatch(t -> t.start()
                == proof.start() && t.end() == proof.end()));
        assertTrue(lp.properties().trustAnchorNegotiation());
        var groups = lp.properties().trustAnchorGroupInclusions().get(0);
        long max = server.ca().maxActiveLandmarks();
        assertTrue(groups.contains(caId.landmarkGroupId(log, landmark))
                && groups.contains(caId.landmarkGroupId(log, landmark + max - 1)));
        assertTrue(!groups.contains(caId.landmarkGroupId(log, landmark - 1))
                && !groups.contains(caId.landmarkGroupId(log, landmark + max)));

        // a wildcard or a zero weight keeps RFC 8555's default type
        for (String a : List.of("*/*", type + ";q=0, application/pem-certificate-chain")) {
            HttpResponse<String> d = c.postAsGet(certUrl, a);
            assertEquals("application/pem-certificate-chain", d.headers().firstValue("Content-Type").orElseThrow());
        }
    }

    private void assertProblem(HttpResponse<String> r, int status, String type, String field) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElseThrow());
        JsonNode p = AcmeTestClient.JSON.readTree(r.body());
        assertEquals("urn:ietf:params:acme:error:" + type, p.get("type").textValue(), r.body());
        assertEquals(field, p.get("field").textValue(), r.body());
        assertTrue(r.headers().firstValue("Replay-Nonce").isPresent());
    }

    private byte[] state() throws Exception {
        return Files.readAllBytes(server.ca().directory().resolve("acme/state.json"));
    }

    /** The inner JWS of a keyChange (RFC 8555 §7.3.5), signed by {@code newKey}. */
    private static JsonNode keyChangeInner(AcmeTestClient newKey, String url, String account, JsonNode oldKey,
            boolean withNonce) throws Exception {
        ObjectNode h = AcmeTestClient.JSON.createObjectNode().put("alg", newKey.alg).put("url", url);
        h.set("jwk", newKey.jwk());
        if (withNonce) {
            h.put("nonce", newKey.nonce());
        }
        ObjectNode payload = AcmeTestClient.JSON.createObjectNode().put("account", account);
        payload.set("oldKey", oldKey);
        return AcmeTestClient.JSON.readTree(newKey.body(h, payload));
    }

    @Test
    void keyChangeRollsTheAccountKeyOverAndRefusesEveryMismatchWithoutChange() throws Exception {
        AcmeTestClient c = new AcmeTestClient(directoryUrl, "ES256");
        assertEquals(201, c.register().statusCode());
        String url = c.directory.get("keyChange").textValue();
        AcmeTestClient next = new AcmeTestClient(directoryUrl, "EdDSA");
        AcmeTestClient other = new AcmeTestClient(directoryUrl, "ES384");
        assertEquals(201, other.register().statusCode());

        byte[] before = state();
        // the inner url differs from the outer one
        assertProblem(c.post(url, keyChangeInner(next, url + "x", c.kid, c.jwk(), false)), 400, "malformed",
                "payload.protected.url");
        // a nonce in the inner JWS
        assertProblem(c.post(url, keyChangeInner(next, url, c.kid, c.jwk(), true)), 400, "malformed",
                "payload.protected.nonce");
        // oldKey is not the account's key
        assertProblem(c.post(url, keyChangeInner(next, url, c.kid, other.jwk(), false)), 400, "malformed",
                "payload.oldKey");
        // another account's URL
        assertProblem(c.post(url, keyChangeInner(next, url, other.kid, c.jwk(), false)), 400, "malformed",
                "payload.account");
        // the inner JWS signed by a key other than its jwk
        ObjectNode forged = (ObjectNode) keyChangeInner(next, url, c.kid, c.jwk(), false);
        forged.put("signature", ((ObjectNode) keyChangeInner(other, url, c.kid, c.jwk(), false)).get("signature")
                .textValue());
        assertEquals(400, c.post(url, forged).statusCode());
        // the new key already belongs to another account: 409 with that account's Location
        HttpResponse<String> conflict = c.post(url, keyChangeInner(other, url, c.kid, c.jwk(), false));
        assertProblem(conflict, 409, "malformed", "payload.protected.jwk");
        assertEquals(other.kid, conflict.headers().firstValue("Location").orElseThrow());
        assertArrayEquals(before, state());

        HttpResponse<String> ok = c.post(url, keyChangeInner(next, url, c.kid, c.jwk(), false));
        assertEquals(200, ok.statusCode(), ok.body());
        // the old key no longer signs for the account; the new one does, and finds the same account
        assertEquals(400, c.post(c.kid, null).statusCode());
        next.kid = c.kid;
        assertEquals(200, next.post(c.kid, null).statusCode());
        next.kid = null;
        HttpResponse<String> found = next.post(next.directory.get("newAccount").textValue(),
                AcmeTestClient.JSON.createObjectNode().put("onlyReturnExisting", true));
        assertEquals(200, found.statusCode(), found.body());
        assertEquals(c.kid, found.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void jwsRefusalsHaveNoSideEffects() throws Exception {
        AcmeTestClient c = new AcmeTestClient(directoryUrl, "ES256");
        String newAccount = c.directory.get("newAccount").textValue();
        String newOrder = c.directory.get("newOrder").textValue();
        ObjectNode empty = AcmeTestClient.JSON.createObjectNode();
        byte[] before = Files.exists(server.ca().directory().resolve("acme/state.json")) ? state() : new byte[0];
        // malformed JSON
        assertProblem(c.postRaw(newAccount, "{\"protected\": "), 400, "malformed", "body");
        // bad signature: payload swapped after signing
        String good = c.body(c.header(newAccount, c.nonce()), empty);
        ObjectNode tampered = (ObjectNode) AcmeTestClient.JSON.readTree(good);
        tampered.put("payload", Base64Url.encode("{\"contact\":[]}".getBytes(StandardCharsets.UTF_8)));
        assertProblem(c.postRaw(newAccount, tampered.toString()), 400, "malformed", "signature");
        // url header not the request URL
        assertProblem(c.postRaw(newAccount, c.body(c.header(newOrder, c.nonce()), empty)), 403, "unauthorized",
                "protected.url");
        // unsupported algorithm
        ObjectNode hs = c.header(newAccount, c.nonce()).put("alg", "HS256");
        assertProblem(c.postRaw(newAccount, c.body(hs, empty)), 400, "badSignatureAlgorithm", "protected.alg");
        // jwk where kid is needed; both jwk and kid
        assertProblem(c.post(newOrder, order(NAME)), 400, "malformed", "protected.jwk");
        ObjectNode both = c.header(newAccount, c.nonce()).put("kid", "x");
        assertProblem(c.postRaw(newAccount, c.body(both, empty)), 400, "malformed", "protected");
        assertArrayEquals(before, Files.exists(server.ca().directory().resolve("acme/state.json")) ? state()
                : new byte[0], "refusals wrote state");
        // replayed nonce: the first use creates the account, the replay is refused and changes nothing
        String nonce = c.nonce();
        assertEquals(201, c.postRaw(newAccount, c.body(c.header(newAccount, nonce), empty)).statusCode());
        byte[] after = state();
        assertProblem(c.postRaw(newAccount, c.body(c.header(newAccount, nonce), empty)), 400, "badNonce",
                "protected.nonce");
        // kid on newAccount
        c.kid = directoryUrl.replace("directory", "acct/nope");
        assertProblem(c.post(newAccount, empty), 400, "malformed", "protected.kid");
        // unknown account
        assertProblem(c.post(newOrder, order(NAME)), 400, "accountDoesNotExist", "protected.kid");
        assertArrayEquals(after, state());
    }

    @Test
    void orderFinalizeAndChallengeRefusals() throws Exception {
        AcmeTestClient c = new AcmeTestClient(directoryUrl, "EdDSA");
        c.register();
        String newOrder = c.directory.get("newOrder").textValue();
        byte[] before = state();
        assertProblem(c.post(newOrder, order("*.example.test")), 400, "rejectedIdentifier", "identifiers[0].value");
        ObjectNode email = AcmeTestClient.JSON.createObjectNode();
        email.withArray("identifiers").addObject().put("type", "email").put("value", "a@example.test");
        assertProblem(c.post(newOrder, email), 400, "unsupportedIdentifier", "identifiers[0].type");
        assertProblem(c.post(newOrder, order(NAME, NAME)), 400, "malformed", "identifiers[1]");
        ObjectNode badIp = AcmeTestClient.JSON.createObjectNode();
        badIp.withArray("identifiers").addObject().put("type", "ip").put("value", "192.0.2.256");
        assertProblem(c.post(newOrder, badIp), 400, "rejectedIdentifier", "identifiers[0].value");
        assertProblem(c.post(newOrder, order(NAME).put("notAfter", "2030-01-01T00:00:00Z")), 400, "malformed",
                "notAfter");
        assertArrayEquals(before, state());

        HttpResponse<String> created = c.post(newOrder, order(NAME));
        JsonNode order = c.json(created);
        String finalizeUrl = order.get("finalize").textValue();
        KeyPair kp = p256();
        ObjectNode rightCsr = AcmeTestClient.JSON.createObjectNode().put("csr", Base64Url.encode(csr(kp,
                new GeneralName(GeneralName.dNSName, NAME))));
        assertProblem(c.post(finalizeUrl, rightCsr), 403, "orderNotReady", "status");
        authorize(c, order);
        byte[] ready = state();
        // CSR names not the order's
        assertProblem(c.post(finalizeUrl, AcmeTestClient.JSON.createObjectNode().put("csr", Base64Url.encode(csr(kp,
                new GeneralName(GeneralName.dNSName, NAME), new GeneralName(GeneralName.dNSName,
                        "other.example.test"))))), 400, "badCSR", "csr");
        // CSR signature broken (last byte of the signature flipped)
        byte[] broken = csr(kp, new GeneralName(GeneralName.dNSName, NAME));
        broken[broken.length - 1] ^= 1;
        HttpResponse<String> sig = c.post(finalizeUrl, AcmeTestClient.JSON.createObjectNode().put("csr",
                Base64Url.encode(broken)));
        assertEquals("urn:ietf:params:acme:error:badCSR", c.json(sig).get("type").textValue(), sig.body());
        assertTrue(c.json(sig).get("field").textValue().startsWith("csr"), sig.body());
        assertProblem(c.post(finalizeUrl, AcmeTestClient.JSON.createObjectNode().put("csr", "not base64!")), 400,
                "malformed", "csr");
        assertArrayEquals(ready, state());
        assertEquals(0, server.ca().treeSize(), "a refused CSR reached the log");

        // http-01 with the wrong body: the challenge and the authorization become invalid
        JsonNode wrong = c.json(c.post(newOrder, order("wrong.example.test")));
        String az = wrong.get("authorizations").get(0).textValue();
        JsonNode ch = c.json(c.post(az, null)).get("challenges").get(0);
        served.put("wrong.example.test " + ch.get("token").textValue(), "not-the-key-authorization");
        c.post(ch.get("url").textValue(), AcmeTestClient.JSON.createObjectNode());
        JsonNode invalid = awaitStatus(c, az, "pending");
        assertEquals("invalid", invalid.get("status").textValue());
        assertEquals("urn:ietf:params:acme:error:incorrectResponse", invalid.get("challenges").get(0).get("error")
                .get("type").textValue());
        // a name without a resolver entry is never fetched
        JsonNode unmapped = c.json(c.post(newOrder, order("unmapped.example.test")));
        String az2 = unmapped.get("authorizations").get(0).textValue();
        c.post(c.json(c.post(az2, null)).get("challenges").get(0).get("url").textValue(),
                AcmeTestClient.JSON.createObjectNode());
        assertEquals("urn:ietf:params:acme:error:dns", awaitStatus(c, az2, "pending").get("challenges").get(0)
                .get("error").get("type").textValue());
    }

    @Test
    void revocationIsRecordedDeactivationIsFinalAndOrdersSurviveARestart() throws Exception {
        AcmeTestClient c = new AcmeTestClient(directoryUrl, "RS256");
        c.register();
        HttpResponse<String> created = c.post(c.directory.get("newOrder").textValue(), order(NAME));
        String orderUrl = created.headers().firstValue("Location").orElseThrow();
        JsonNode order = authorize(c, c.json(created));
        KeyPair kp = p256();
        assertEquals(200, c.post(order.get("finalize").textValue(), AcmeTestClient.JSON.createObjectNode().put("csr",
                Base64Url.encode(csr(kp, new GeneralName(GeneralName.dNSName, NAME))))).statusCode());
        JsonNode valid = awaitStatus(c, orderUrl, "processing");
        byte[] der = Pem.decodeAll(c.post(valid.get("certificate").textValue(), null).body()).get(0).der();

        // restart: the acknowledged order is still there, valid
        Path dir = server.ca().directory();
        server.close();
        server = open(dir);
        String base = server.apiUrl().toString();
        String oldBase = directoryUrl.substring(0, directoryUrl.indexOf("/acme/"));
        c = rebase(c, AcmeHandler.directoryUrl(server.apiUrl()).toString(), oldBase, base);
        assertEquals("valid", c.json(c.post(orderUrl.replace(oldBase, base), null)).get("status").textValue());

        String revoke = c.directory.get("revokeCert").textValue();
        assertProblem(c.post(revoke, AcmeTestClient.JSON.createObjectNode().put("certificate", Base64Url.encode(der))
                .put("reason", 7)), 400, "badRevocationReason", "reason");
        assertEquals(200, c.post(revoke, AcmeTestClient.JSON.createObjectNode().put("certificate",
                Base64Url.encode(der)).put("reason", 4)).statusCode());
        assertTrue(new String(state(), StandardCharsets.UTF_8).contains("\"reason\" : 4"));
        assertProblem(c.post(revoke, AcmeTestClient.JSON.createObjectNode().put("certificate", Base64Url.encode(der))),
                400, "alreadyRevoked", "certificate");

        // deactivation: later requests with the account are refused
        assertEquals("deactivated", c.json(c.post(c.kid, AcmeTestClient.JSON.createObjectNode().put("status",
                "deactivated"))).get("status").textValue());
        assertProblem(c.post(c.directory.get("newOrder").textValue(), order(NAME)), 403, "unauthorized",
                "protected.kid");
    }

    /** The same account key against the restarted server (a new port). */
    private static AcmeTestClient rebase(AcmeTestClient old, String directoryUrl, String oldBase, String base)
            throws Exception {
        AcmeTestClient c = new AcmeTestClient(directoryUrl, old.alg, old.key);
        c.kid = old.kid.replace(oldBase, base);
        return c;
    }
}
