package io.mtc4j.ca.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;

/** A minimal ACME client for the tests: signs flattened JWS requests (RFC 8555 §6.2) with one account key. */
final class AcmeTestClient {
    static final ObjectMapper JSON = new ObjectMapper();
    final String alg;
    final KeyPair key;
    final HttpClient http = HttpClient.newHttpClient();
    final JsonNode directory;
    String kid;

    AcmeTestClient(String directoryUrl, String alg) throws Exception {
        this(directoryUrl, alg, generate(alg));
    }

    AcmeTestClient(String directoryUrl, String alg, KeyPair key) throws Exception {
        this.alg = alg;
        this.key = key;
        this.directory = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(directoryUrl)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    static KeyPair generate(String alg) throws Exception {
        KeyPairGenerator g;
        switch (alg) {
            case "ES256", "ES384" -> {
                g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec(alg.equals("ES256") ? "secp256r1" : "secp384r1"));
            }
            case "RS256" -> {
                g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
            }
            default -> g = KeyPairGenerator.getInstance("Ed25519");
        }
        return g.generateKeyPair();
    }

    ObjectNode jwk() {
        ObjectNode j = JSON.createObjectNode();
        if (key.getPublic() instanceof ECPublicKey ec) {
            int size = alg.equals("ES256") ? 32 : 48;
            j.put("kty", "EC").put("crv", alg.equals("ES256") ? "P-256" : "P-384")
                    .put("x", Base64Url.encode(fixed(ec.getW().getAffineX(), size)))
                    .put("y", Base64Url.encode(fixed(ec.getW().getAffineY(), size)));
        } else if (key.getPublic() instanceof RSAPublicKey rsa) {
            j.put("kty", "RSA").put("n", Base64Url.encode(unsigned(rsa.getModulus())))
                    .put("e", Base64Url.encode(unsigned(rsa.getPublicExponent())));
        } else {
            byte[] spki = key.getPublic().getEncoded();
            j.put("kty", "OKP").put("crv", "Ed25519").put("x", Base64Url.encode(Arrays.copyOfRange(spki,
                    spki.length - 32, spki.length)));
        }
        return j;
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 && b.length > 1 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static byte[] fixed(BigInteger v, int size) {
        byte[] b = unsigned(v);
        byte[] out = new byte[size];
        System.arraycopy(b, 0, out, size - b.length, b.length);
        return out;
    }

    String nonce() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(directory.get("newNonce").textValue()))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                .headers().firstValue("Replay-Nonce").orElseThrow();
    }

    /** The protected header for {@code url}: kid once registered, else jwk. */
    ObjectNode header(String url, String nonce) {
        ObjectNode h = JSON.createObjectNode().put("alg", alg).put("nonce", nonce).put("url", url);
        if (kid != null) {
            h.put("kid", kid);
        } else {
            h.set("jwk", jwk());
        }
        return h;
    }

    /** A signed body; {@code payload} null is POST-as-GET. */
    String body(JsonNode header, JsonNode payload) throws Exception {
        String p = Base64Url.encode(header.toString().getBytes(StandardCharsets.UTF_8));
        String pl = payload == null ? "" : Base64Url.encode(payload.toString().getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance(switch (alg) {
            case "ES256" -> "SHA256withECDSAinP1363Format";
            case "ES384" -> "SHA384withECDSAinP1363Format";
            case "RS256" -> "SHA256withRSA";
            default -> "Ed25519";
        });
        s.initSign(key.getPrivate());
        s.update((p + "." + pl).getBytes(StandardCharsets.US_ASCII));
        return JSON.createObjectNode().put("protected", p).put("payload", pl).put("signature",
                Base64Url.encode(s.sign())).toString();
    }

    HttpResponse<String> postRaw(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/jose+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST-as-GET with an Accept header. */
    HttpResponse<String> postAsGet(String url, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/jose+json")
                .header("Accept", accept).POST(HttpRequest.BodyPublishers.ofString(body(header(url, nonce()), null)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String url, JsonNode payload) throws Exception {
        return postRaw(url, body(header(url, nonce()), payload));
    }

    JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    HttpResponse<String> register() throws Exception {
        HttpResponse<String> r = post(directory.get("newAccount").textValue(),
                JSON.createObjectNode().put("termsOfServiceAgreed", true));
        kid = r.headers().firstValue("Location").orElseThrow();
        return r;
    }
}
