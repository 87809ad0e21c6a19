package io.mtc4j.conformance.acmecmd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * An RFC 8555 client session: one ES256 (P-256) account key, requests signed as flattened JWS (§6.2) with
 * {@code jwk} until the account exists and {@code kid} after, a nonce taken from every response (§6.5) and one
 * retry on {@code badNonce} (§6.5). Every answer that is not 2xx becomes an {@link AcmeException} carrying the
 * problem document.
 */
final class AcmeClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** An ACME answer: status, headers of interest and the body. */
    record Reply(int status, Optional<String> location, Optional<Duration> retryAfter, java.util.List<String> links,
            String contentType, byte[] body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AcmeException("the server answered " + status + " with a body that is not JSON");
            }
        }

        /** The target of the first {@code Link} with {@code rel}. */
        Optional<String> link(String rel) {
            for (String l : links) {
                if (l.replace(" ", "").endsWith(";rel=\"" + rel + "\"") && l.startsWith("<")) {
                    return Optional.of(l.substring(1, l.indexOf('>')));
                }
            }
            return Optional.empty();
        }
    }

    /** A refusal or a broken answer from the server. */
    static final class AcmeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AcmeException(String message) {
            super(message);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final KeyPair account;
    private final JsonNode directory;
    private String nonce;
    private String kid;

    private AcmeClient(KeyPair account, JsonNode directory) {
        this.account = account;
        this.directory = directory;
    }

    /**
     * Reads the directory (RFC 8555 §7.1.1).
     *
     * @param directoryUrl the server's directory URL
     * @param account      a P-256 account key pair
     * @return the session
     */
    static AcmeClient connect(URI directoryUrl, KeyPair account) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = new AcmeClient(account, JSON.createObjectNode()).http.send(HttpRequest.newBuilder(
                directoryUrl).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new AcmeException("GET " + directoryUrl + " answered " + r.statusCode() + "; is it an ACME"
                    + " directory URL?");
        }
        JsonNode dir;
        try {
            dir = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AcmeException(directoryUrl + " is not an ACME directory (not JSON)");
        }
        for (String f : new String[] {"newNonce", "newAccount", "newOrder"}) {
            if (!dir.path(f).isTextual()) {
                throw new AcmeException(directoryUrl + " is not an ACME directory (no " + f + ")");
            }
        }
        return new AcmeClient(account, dir);
    }

    String url(String resource) {
        return directory.get(resource).textValue();
    }

    /** RFC 8555 §7.3: registers (or finds) the account; later requests use its URL as {@code kid}. */
    String newAccount() throws IOException, InterruptedException {
        Reply r = post(url("newAccount"), JSON.createObjectNode().put("termsOfServiceAgreed", true));
        kid = r.location().orElseThrow(() -> new AcmeException("newAccount answered without a Location"));
        return kid;
    }

    /** RFC 8555 §8.1: the key authorization of {@code token}. */
    String keyAuthorization(String token) {
        try {
            byte[] thumb = MessageDigest.getInstance("SHA-256").digest(canonicalJwk().getBytes(StandardCharsets.UTF_8));
            return token + "." + b64(thumb);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A signed POST (RFC 8555 §6.2); {@code payload} null is POST-as-GET (§6.3).
     *
     * @return the 2xx answer
     * @throws AcmeException for any other status, with the problem document's type and detail
     */
    Reply post(String url, JsonNode payload) throws IOException, InterruptedException {
        return post(url, payload, Optional.empty());
    }

    /** As {@link #post(String, JsonNode)} with an {@code Accept} header. */
    Reply post(String url, JsonNode payload, Optional<String> accept) throws IOException, InterruptedException {
        Reply r = send(url, payload, accept);
        if (r.status() == 400 && problemType(r).equals("urn:ietf:params:acme:error:badNonce")) {
            r = send(url, payload, accept); // §6.5: retry with the fresh nonce the refusal carried
        }
        if (r.status() / 100 != 2) {
            String detail = r.contentType().startsWith("application/problem+json") ? problemType(r).replace(
                    "urn:ietf:params:acme:error:", "") + ": " + r.json().path("detail").asText("") : new String(r.body(),
                    StandardCharsets.UTF_8);
            throw new AcmeException("POST " + url + " answered " + r.status() + " " + detail);
        }
        return r;
    }

    private static String problemType(Reply r) {
        try {
            return JSON.readTree(r.body()).path("type").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    private Reply send(String url, JsonNode payload, Optional<String> accept) throws IOException,
            InterruptedException {
        if (nonce == null) {
            HttpResponse<Void> n = http.send(HttpRequest.newBuilder(URI.create(url("newNonce"))).timeout(TIMEOUT)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            nonce = n.headers().firstValue("Replay-Nonce").orElseThrow(() -> new AcmeException("newNonce answered"
                    + " without a Replay-Nonce"));
        }
        ObjectNode header = JSON.createObjectNode().put("alg", "ES256").put("nonce", nonce).put("url", url);
        if (kid != null) {
            header.put("kid", kid);
        } else {
            header.set("jwk", JSON.readTree(canonicalJwk()));
        }
        nonce = null;
        String p = b64(header.toString().getBytes(StandardCharsets.UTF_8));
        String pl = payload == null ? "" : b64(payload.toString().getBytes(StandardCharsets.UTF_8));
        String sig;
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initSign(account.getPrivate());
            s.update((p + "." + pl).getBytes(StandardCharsets.US_ASCII));
            sig = b64(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        String body = JSON.createObjectNode().put("protected", p).put("payload", pl).put("signature", sig).toString();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Content-Type", "application/jose+json").POST(HttpRequest.BodyPublishers.ofString(body));
        accept.ifPresent(a -> b.header("Accept", a));
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        nonce = r.headers().firstValue("Replay-Nonce").orElse(null);
        Optional<Duration> retry = r.headers().firstValue("Retry-After").flatMap(AcmeClient::seconds);
        return new Reply(r.statusCode(), r.headers().firstValue("Location"), retry, r.headers().allValues("Link"),
                r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    private static Optional<Duration> seconds(String v) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.strip()))));
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP-date: the caller's own pace
        }
    }

    /** RFC 7638 §3.2: the JWK with its required members in lexicographic order, no white space. */
    private String canonicalJwk() {
        ECPublicKey ec = (ECPublicKey) account.getPublic();
        return "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + b64(fixed(ec.getW().getAffineX())) + "\",\"y\":\""
                + b64(fixed(ec.getW().getAffineY())) + "\"}";
    }

    private static byte[] fixed(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b.length > 32) {
            b = Arrays.copyOfRange(b, b.length - 32, b.length);
        }
        byte[] out = new byte[32];
        System.arraycopy(b, 0, out, 32 - b.length, b.length);
        return out;
    }

    static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
