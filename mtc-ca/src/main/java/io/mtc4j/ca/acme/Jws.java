package io.mtc4j.ca.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Iterator;
import java.util.Set;

/**
 * One flattened JWS JSON request body (RFC 8555 §6.2, RFC 7515 §7.2.2) and the account keys (JWK, RFC 7517/7518,
 * OKP per RFC 8037): ES256 on P-256, ES384 on P-384, RS256 on RSA of at least 2048 bits, EdDSA on Ed25519.
 */
record Jws(JsonNode header, String protectedB64, String payloadB64, byte[] payload, byte[] signature) {
    static final Set<String> ALGORITHMS = Set.of("ES256", "ES384", "RS256", "EdDSA");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21,
        0x00};

    /** RFC 8555 §6.2: the body is a flattened JWS with exactly protected, payload and signature. */
    static Jws parse(byte[] body) {
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (IOException e) {
            throw AcmeProblem.malformed("body", "body is not JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw AcmeProblem.malformed("body", "body must be a flattened JWS JSON object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("protected", "payload", "signature").contains(f)) {
                throw AcmeProblem.malformed(f, "a flattened JWS has only protected, payload and signature; '" + f
                        + "' is not allowed (unprotected headers are refused, RFC 8555 §6.2)");
            }
        }
        String p = text(n, "protected");
        String pl = text(n, "payload");
        String s = text(n, "signature");
        JsonNode header;
        try {
            header = JSON.readTree(Base64Url.decode(p, "protected"));
        } catch (IOException e) {
            throw AcmeProblem.malformed("protected", "protected header is not JSON");
        }
        if (header == null || !header.isObject()) {
            throw AcmeProblem.malformed("protected", "protected header must be a JSON object");
        }
        return new Jws(header, p, pl, Base64Url.decode(pl, "payload"), Base64Url.decode(s, "signature"));
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n.get(f);
        if (v == null || !v.isTextual()) {
            throw AcmeProblem.malformed(f, f + " must be a string");
        }
        return v.textValue();
    }

    /** @return the header member {@code name} as a string, or a malformed problem naming it */
    String headerText(String name) {
        JsonNode v = header.get(name);
        if (v == null || !v.isTextual()) {
            throw AcmeProblem.malformed("protected." + name, "protected header '" + name + "' must be a string");
        }
        return v.textValue();
    }

    /** @return whether the payload is empty (a POST-as-GET, RFC 8555 §6.3) */
    boolean postAsGet() {
        return payloadB64.isEmpty();
    }

    /** @return the payload parsed as a JSON object */
    JsonNode payloadJson() {
        JsonNode n;
        try {
            n = JSON.readTree(payload);
        } catch (IOException e) {
            throw AcmeProblem.malformed("payload", "payload is not JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw AcmeProblem.malformed("payload", "payload must be a JSON object");
        }
        return n;
    }

    /** Verifies the signature with {@code key} under the header's {@code alg} (RFC 7515 §5.2). */
    void verify(PublicKey key) {
        String alg = headerText("alg");
        try {
            Signature sig = switch (alg) {
                case "ES256" -> requireLength(Signature.getInstance("SHA256withECDSAinP1363Format"), 64);
                case "ES384" -> requireLength(Signature.getInstance("SHA384withECDSAinP1363Format"), 96);
                case "RS256" -> Signature.getInstance("SHA256withRSA");
                case "EdDSA" -> requireLength(Signature.getInstance("Ed25519"), 64);
                default -> throw new AcmeProblem("badSignatureAlgorithm", 400, "protected.alg", "alg '" + alg
                        + "' is not supported; supported: " + ALGORITHMS);
            };
            sig.initVerify(key);
            sig.update((protectedB64 + "." + payloadB64).getBytes(StandardCharsets.US_ASCII));
            if (!sig.verify(signature)) {
                throw AcmeProblem.malformed("signature", "the JWS signature does not verify under the account key");
            }
        } catch (GeneralSecurityException e) {
            throw AcmeProblem.malformed("signature", "the JWS signature does not verify: " + e.getMessage());
        }
    }

    private Signature requireLength(Signature s, int length) {
        if (signature.length != length) {
            throw AcmeProblem.malformed("signature", "a " + headerText("alg") + " signature is " + length
                    + " bytes, got " + signature.length);
        }
        return s;
    }

    /**
     * RFC 7517/7518: the public key of a JWK, which must fit {@code alg}.
     *
     * @param jwk   the JWK object
     * @param alg   the JWS algorithm it will verify
     * @param field the field named by refusals
     */
    static PublicKey publicKey(JsonNode jwk, String alg, String field) {
        if (jwk == null || !jwk.isObject()) {
            throw AcmeProblem.malformed(field, field + " must be a JWK object");
        }
        if (jwk.has("d") || jwk.has("p") || jwk.has("q")) {
            throw AcmeProblem.malformed(field, field + " holds private key material");
        }
        String kty = member(jwk, "kty", field);
        try {
            switch (kty) {
                case "EC" -> {
                    String crv = member(jwk, "crv", field);
                    int size;
                    String curve;
                    if (crv.equals("P-256") && alg.equals("ES256")) {
                        size = 32;
                        curve = "secp256r1";
                    } else if (crv.equals("P-384") && alg.equals("ES384")) {
                        size = 48;
                        curve = "secp384r1";
                    } else {
                        throw badKey(field, "EC key on " + crv + " does not fit alg " + alg
                                + " (ES256 needs P-256, ES384 needs P-384)");
                    }
                    byte[] x = coordinate(jwk, "x", size, field);
                    byte[] y = coordinate(jwk, "y", size, field);
                    AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
                    params.init(new ECGenParameterSpec(curve));
                    ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
                    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(
                            new BigInteger(1, x), new BigInteger(1, y)), spec));
                }
                case "RSA" -> {
                    if (!alg.equals("RS256")) {
                        throw badKey(field, "an RSA key needs alg RS256, got " + alg);
                    }
                    BigInteger n = new BigInteger(1, Base64Url.decode(member(jwk, "n", field), field + ".n"));
                    BigInteger e = new BigInteger(1, Base64Url.decode(member(jwk, "e", field), field + ".e"));
                    if (n.bitLength() < 2048) {
                        throw badKey(field, "RSA keys need at least 2048 bits, got " + n.bitLength());
                    }
                    return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
                }
                case "OKP" -> {
                    if (!member(jwk, "crv", field).equals("Ed25519") || !alg.equals("EdDSA")) {
                        throw badKey(field, "OKP keys must be Ed25519 with alg EdDSA");
                    }
                    byte[] x = coordinate(jwk, "x", 32, field);
                    byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
                    System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
                    System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, 32);
                    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
                }
                default -> throw badKey(field, "kty '" + kty + "' is not supported (EC, RSA, OKP)");
            }
        } catch (GeneralSecurityException e) {
            throw badKey(field, "not a valid " + kty + " public key: " + e.getMessage());
        }
    }

    /** RFC 7638 §3: the SHA-256 JWK thumbprint over the required members in lexicographic order, base64url. */
    static String thumbprint(JsonNode jwk) {
        String kty = jwk.get("kty").textValue();
        String canonical = switch (kty) {
            case "EC" -> "{\"crv\":\"" + jwk.get("crv").textValue() + "\",\"kty\":\"EC\",\"x\":\"" + jwk.get("x")
                    .textValue() + "\",\"y\":\"" + jwk.get("y").textValue() + "\"}";
            case "RSA" -> "{\"e\":\"" + jwk.get("e").textValue() + "\",\"kty\":\"RSA\",\"n\":\"" + jwk.get("n")
                    .textValue() + "\"}";
            default -> "{\"crv\":\"" + jwk.get("crv").textValue() + "\",\"kty\":\"OKP\",\"x\":\"" + jwk.get("x")
                    .textValue() + "\"}";
        };
        try {
            return Base64Url.encode(java.security.MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(
                    StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AcmeProblem badKey(String field, String detail) {
        return new AcmeProblem("badPublicKey", 400, field, detail);
    }

    private static String member(JsonNode jwk, String name, String field) {
        JsonNode v = jwk.get(name);
        if (v == null || !v.isTextual()) {
            throw AcmeProblem.malformed(field + "." + name, field + "." + name + " must be a string");
        }
        return v.textValue();
    }

    private static byte[] coordinate(JsonNode jwk, String name, int size, String field) {
        byte[] b = Base64Url.decode(member(jwk, name, field), field + "." + name);
        if (b.length != size) {
            throw badKey(field + "." + name, field + "." + name + " must be " + size + " bytes, got " + b.length);
        }
        return b;
    }
}
