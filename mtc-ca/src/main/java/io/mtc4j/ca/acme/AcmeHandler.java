package io.mtc4j.ca.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.ca.CaException;
import io.mtc4j.ca.CertificateStatus;
import io.mtc4j.ca.CertificationAuthority;
import io.mtc4j.ca.IssuanceRequest;
import io.mtc4j.ca.IssuedCertificate;
import io.mtc4j.ca.OverloadedException;
import io.mtc4j.ca.RequestChecker;
import io.mtc4j.spec.cert.MtcCertificate;
import io.mtc4j.spec.cert.MtcProof;
import io.mtc4j.spec.der.Pem;
import io.mtc4j.spec.landmark.LandmarkSequence;
import io.mtc4j.spec.tai.CertificateChainWithProperties;
import io.mtc4j.spec.tai.CertificatePropertyList;
import io.mtc4j.spec.tai.TrustAnchorId;
import io.mtc4j.spec.tai.TrustAnchorRange;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * An ACME server (RFC 8555) issuing Merkle Tree Certificates (draft §"ACME Extensions"), a Jetty 12 core handler
 * for the paths under {@code /acme/}: the directory, nonces, accounts, orders ({@code dns} and RFC 8738 {@code ip}
 * identifiers), authorizations with the {@code http-01} challenge, finalize with a CSR checked by the CA's intake
 * policy, certificate download with the landmark-relative certificate as {@code acme-optional-alternate},
 * {@code revokeCert} (recorded), account key rollover ({@code keyChange}) and account deactivation. State is in
 * {@code DIR/acme/state.json} (see {@link AcmeStore}); every refusal is an RFC 8555 §6.7 problem document naming the field, made before any change.
 */
public final class AcmeHandler extends Handler.Abstract {
    /** The directory's path; its URL is printed by {@code mtc ca serve} as {@code acme: <URL>}. */
    public static final String DIRECTORY_PATH = "/acme/directory";
    static final int MAX_BODY = 256 << 10;
    static final int MAX_NONCES = 100_000;
    static final Duration AUTHZ_LIFETIME = Duration.ofDays(7);
    private static final Pattern RESOURCE = Pattern.compile(
            "/acme/(acct|order|authz|chall|cert)/([A-Za-z0-9_-]{1,64})(/finalize|/orders|/landmark)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CertificationAuthority ca;
    private final RequestChecker checker;
    private final AcmeStore store;
    private final Http01Validator validator;
    private final SecureRandom random = new SecureRandom();
    private final LinkedHashSet<String> nonces = new LinkedHashSet<>();
    private final Set<String> finalizing = new HashSet<>();
    private final ExecutorService validations = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "mtc-acme-http-01");
        t.setDaemon(true);
        return t;
    });

    private AcmeHandler(CertificationAuthority ca, RequestChecker checker, AcmeStore store, AcmeSettings settings) {
        this.ca = ca;
        this.checker = checker;
        this.store = store;
        this.validator = new Http01Validator(settings);
    }

    /**
     * Opens the ACME state in {@code ca.directory()/acme} and returns the handler to mount beside the intake API.
     *
     * @param ca       the CA issuing the certificates
     * @param checker  the intake policy every CSR goes through
     * @param settings where http-01 validation connects
     * @return the handler
     */
    public static AcmeHandler open(CertificationAuthority ca, RequestChecker checker, AcmeSettings settings) {
        return new AcmeHandler(ca, checker, AcmeStore.open(ca.directory().resolve("acme")), settings);
    }

    /**
     * @param apiUrl the server's base URL (no trailing slash)
     * @return the ACME directory URL under it
     */
    public static URI directoryUrl(URI apiUrl) {
        return URI.create(apiUrl + DIRECTORY_PATH);
    }

    @Override
    protected void doStop() throws Exception {
        validations.shutdownNow();
        super.doStop();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        if (path == null || !path.startsWith("/acme/")) {
            return false;
        }
        String base = request.getHttpURI().getScheme() + "://" + request.getHttpURI().getAuthority();
        Reply reply = new Reply(response, callback, base);
        try {
            boolean get = HttpMethod.GET.is(request.getMethod());
            boolean head = HttpMethod.HEAD.is(request.getMethod());
            if (path.equals(DIRECTORY_PATH) && (get || head)) {
                reply.json(200, directory(base));
            } else if (path.equals("/acme/new-nonce") && (get || head)) {
                reply.send(get ? 204 : 200, null, new byte[0]); // RFC 8555 §7.2
            } else if (!HttpMethod.POST.is(request.getMethod())) {
                response.getHeaders().put(HttpHeader.ALLOW, "POST");
                throw new AcmeProblem("malformed", 405, "method", "ACME resources take POST (RFC 8555 §6.3)");
            } else {
                post(request, path, reply);
            }
        } catch (AcmeProblem p) {
            reply.problem(p);
        } catch (RuntimeException e) {
            reply.problem(new AcmeProblem("serverInternal", 500, "server", e.toString()));
        }
        return true;
    }

    private ObjectNode directory(String base) {
        ObjectNode d = JSON.createObjectNode();
        d.put("newNonce", base + "/acme/new-nonce");
        d.put("newAccount", base + "/acme/new-account");
        d.put("newOrder", base + "/acme/new-order");
        d.put("revokeCert", base + "/acme/revoke-cert");
        d.put("keyChange", base + "/acme/key-change");
        d.putObject("meta").put("website", ca.config().publicUrl().toString());
        return d;
    }

    private void post(Request request, String path, Reply reply) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/jose+json")) {
            throw new AcmeProblem("malformed", 415, "Content-Type", "must be application/jose+json (RFC 8555 §6.2)");
        }
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw AcmeProblem.malformed("body", "unreadable body: " + e.getMessage());
        }
        if (body.length > MAX_BODY) {
            throw new AcmeProblem("malformed", 413, "body", "over " + MAX_BODY + " bytes");
        }
        Jws jws = Jws.parse(body);
        String url = reply.base + path;
        switch (path) {
            case "/acme/new-account" -> newAccount(jws, url, reply);
            case "/acme/new-order" -> newOrder(jws, url, reply);
            case "/acme/revoke-cert" -> revokeCert(jws, url, reply);
            case "/acme/key-change" -> keyChange(jws, url, reply);
            default -> {
                Matcher m = RESOURCE.matcher(path);
                if (!m.matches()) {
                    throw new AcmeProblem("malformed", 404, "url", "no such ACME resource");
                }
                Auth auth = authenticate(jws, url, false, false, reply.base);
                String id = m.group(2);
                String sub = m.group(3) == null ? "" : m.group(3);
                switch (m.group(1) + sub) {
                    case "acct" -> account(auth, id, jws, reply);
                    case "acct/orders" -> accountOrders(auth, id, jws, reply);
                    case "order" -> order(auth, id, jws, reply);
                    case "order/finalize" -> finalizeOrder(auth, id, jws, reply);
                    case "authz" -> authorization(auth, id, jws, reply);
                    case "chall" -> challenge(auth, id, jws, reply);
                    case "cert" -> certificate(auth, id, jws, reply, true, accept(request));
                    case "cert/landmark" -> certificate(auth, id, jws, reply, false, accept(request));
                    default -> throw new AcmeProblem("malformed", 404, "url", "no such ACME resource");
                }
            }
        }
    }

    /** The account a request is signed by: its id (null for a jwk request without an account) and JWK. */
    private record Auth(String accountId, JsonNode jwk, String thumbprint) {}

    /** RFC 8555 §6.2-6.5: algorithm, url, nonce, exactly one of jwk/kid, signature; the nonce is then used up. */
    private Auth authenticate(Jws jws, String url, boolean jwkAllowed, boolean jwkRequired, String base) {
        String alg = jws.headerText("alg");
        if (!Jws.ALGORITHMS.contains(alg)) {
            throw new AcmeProblem("badSignatureAlgorithm", 400, "protected.alg", "alg '" + alg
                    + "' is not supported; supported: " + new TreeSet<>(Jws.ALGORITHMS));
        }
        if (!jws.headerText("url").equals(url)) {
            throw AcmeProblem.unauthorized("protected.url", "protected header url '" + jws.headerText("url")
                    + "' is not the request URL " + url + " (RFC 8555 §6.4)");
        }
        String nonce = jws.headerText("nonce");
        synchronized (nonces) {
            if (!nonces.contains(nonce)) {
                throw new AcmeProblem("badNonce", 400, "protected.nonce", "nonce unknown or already used (RFC 8555"
                        + " §6.5)");
            }
        }
        boolean hasJwk = jws.header().has("jwk");
        boolean hasKid = jws.header().has("kid");
        if (hasJwk == hasKid) {
            throw AcmeProblem.malformed("protected", "the protected header needs exactly one of jwk and kid"
                    + " (RFC 8555 §6.2)");
        }
        Auth auth;
        PublicKey key;
        if (hasJwk) {
            if (!jwkAllowed) {
                throw AcmeProblem.malformed("protected.jwk", "this resource needs kid, not jwk (RFC 8555 §6.2)");
            }
            JsonNode jwk = jws.header().get("jwk");
            key = Jws.publicKey(jwk, alg, "protected.jwk");
            String thumb = Jws.thumbprint(jwk);
            String id = store.read(s -> {
                for (Iterator<Map.Entry<String, JsonNode>> it = s.get("accounts").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (e.getValue().get("thumbprint").textValue().equals(thumb)) {
                        return e.getKey();
                    }
                }
                return null;
            });
            auth = new Auth(id, jwk, thumb);
        } else {
            if (jwkRequired) {
                throw AcmeProblem.malformed("protected.kid", "newAccount needs jwk, not kid (RFC 8555 §6.2)");
            }
            String kid = jws.headerText("kid");
            String prefix = base + "/acme/acct/";
            String id = kid.startsWith(prefix) ? kid.substring(prefix.length()) : "";
            JsonNode account = store.read(s -> s.get("accounts").get(id));
            if (account == null) {
                throw new AcmeProblem("accountDoesNotExist", 400, "protected.kid", "no account " + kid);
            }
            if (!account.get("status").textValue().equals("valid")) {
                throw AcmeProblem.unauthorized("protected.kid", "account " + kid + " is "
                        + account.get("status").textValue());
            }
            key = Jws.publicKey(account.get("key"), alg, "protected.kid");
            auth = new Auth(id, account.get("key"), account.get("thumbprint").textValue());
        }
        jws.verify(key);
        synchronized (nonces) {
            if (!nonces.remove(nonce)) {
                throw new AcmeProblem("badNonce", 400, "protected.nonce", "nonce already used (RFC 8555 §6.5)");
            }
        }
        return auth;
    }

    private String newNonce() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        String n = Base64Url.encode(b);
        synchronized (nonces) {
            nonces.add(n);
            if (nonces.size() > MAX_NONCES) {
                Iterator<String> it = nonces.iterator();
                it.next();
                it.remove();
            }
        }
        return n;
    }

    private String newId() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return Base64Url.encode(b);
    }

    // RFC 8555 §7.3: newAccount
    private void newAccount(Jws jws, String url, Reply reply) {
        Auth auth = authenticate(jws, url, true, true, reply.base);
        JsonNode p = jws.payloadJson();
        if (auth.accountId() != null) {
            JsonNode a = store.read(s -> s.get("accounts").get(auth.accountId()));
            if (!a.get("status").textValue().equals("valid")) {
                throw AcmeProblem.unauthorized("protected.jwk", "the account of this key is "
                        + a.get("status").textValue());
            }
            reply.location(reply.base + "/acme/acct/" + auth.accountId()).json(200, accountJson(auth.accountId(), a,
                    reply.base));
            return;
        }
        if (p.path("onlyReturnExisting").asBoolean(false)) {
            throw new AcmeProblem("accountDoesNotExist", 400, "onlyReturnExisting", "no account has this key");
        }
        ArrayNode contact = contacts(p);
        String id = newId();
        JsonNode a = store.update(s -> {
            ObjectNode acct = ((ObjectNode) s.get("accounts")).putObject(id);
            acct.put("status", "valid");
            acct.set("key", auth.jwk());
            acct.put("thumbprint", auth.thumbprint());
            acct.set("contact", contact);
            acct.put("createdAt", Instant.now().toString());
            return acct.deepCopy();
        });
        reply.location(reply.base + "/acme/acct/" + id).json(201, accountJson(id, a, reply.base));
    }

    // RFC 8555 §7.3.5: account key rollover, the new key's inner JWS inside the old key's outer JWS
    private void keyChange(Jws outer, String url, Reply reply) {
        Auth auth = authenticate(outer, url, false, false, reply.base);
        Jws inner;
        try {
            inner = Jws.parse(outer.payload());
        } catch (AcmeProblem p) {
            throw AcmeProblem.malformed("payload." + p.field(), "inner JWS: " + p.getMessage());
        }
        // 1. the inner JWS: a jwk (the new key), no kid, no nonce, the outer url, a valid signature by the new key
        String alg;
        PublicKey newKey;
        try {
            alg = inner.headerText("alg");
            if (!Jws.ALGORITHMS.contains(alg)) {
                throw new AcmeProblem("badSignatureAlgorithm", 400, "protected.alg", "alg '" + alg
                        + "' is not supported; supported: " + new TreeSet<>(Jws.ALGORITHMS));
            }
            for (String absent : List.of("kid", "nonce")) {
                if (inner.header().has(absent)) {
                    throw AcmeProblem.malformed("protected." + absent, "the inner JWS must not have '" + absent
                            + "' (RFC 8555 §7.3.5)");
                }
            }
            if (!inner.headerText("url").equals(url)) {
                throw AcmeProblem.malformed("protected.url", "the inner JWS's url must be the outer one, " + url);
            }
            if (!inner.header().has("jwk")) {
                throw AcmeProblem.malformed("protected.jwk", "the inner JWS carries the new key as jwk");
            }
            newKey = Jws.publicKey(inner.header().get("jwk"), alg, "protected.jwk");
            inner.verify(newKey);
        } catch (AcmeProblem p) {
            throw new AcmeProblem(p.type(), p.status(), "payload." + p.field(), "inner JWS: " + p.getMessage());
        }
        // 2. its payload names this account and its current key
        JsonNode p = inner.payloadJson();
        String kid = reply.base + "/acme/acct/" + auth.accountId();
        if (!p.path("account").isTextual() || !p.get("account").textValue().equals(kid)) {
            throw AcmeProblem.malformed("payload.account", "must be the account URL of the outer kid, " + kid);
        }
        if (!p.path("oldKey").isObject() || !Jws.thumbprint(p.get("oldKey")).equals(auth.thumbprint())) {
            throw AcmeProblem.malformed("payload.oldKey", "must be the account's current key");
        }
        // 3. no other account holds the new key (409 + its Location), then the account takes it
        JsonNode newJwk = inner.header().get("jwk");
        String newThumb = Jws.thumbprint(newJwk);
        JsonNode a = store.update(s -> {
            for (Iterator<Map.Entry<String, JsonNode>> it = s.get("accounts").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().equals(auth.accountId()) && e.getValue().get("thumbprint").textValue().equals(
                        newThumb)) {
                    reply.location(reply.base + "/acme/acct/" + e.getKey());
                    throw new AcmeProblem("malformed", 409, "payload.protected.jwk", "another account has this key");
                }
            }
            ObjectNode acct = (ObjectNode) s.get("accounts").get(auth.accountId());
            acct.set("key", newJwk);
            acct.put("thumbprint", newThumb);
            return acct.deepCopy();
        });
        reply.json(200, accountJson(auth.accountId(), a, reply.base));
    }

    private static ArrayNode contacts(JsonNode p) {
        ArrayNode out = JSON.createArrayNode();
        JsonNode c = p.get("contact");
        if (c == null) {
            return out;
        }
        if (!c.isArray()) {
            throw AcmeProblem.malformed("contact", "contact must be an array of URLs");
        }
        for (int i = 0; i < c.size(); i++) {
            JsonNode v = c.get(i);
            if (!v.isTextual() || !v.textValue().startsWith("mailto:") || v.textValue().length() < 10) {
                throw new AcmeProblem("unsupportedContact", 400, "contact[" + i + "]", "only mailto: contacts are"
                        + " supported");
            }
            out.add(v.textValue());
        }
        return out;
    }

    private static ObjectNode accountJson(String id, JsonNode a, String base) {
        ObjectNode o = JSON.createObjectNode();
        o.put("status", a.get("status").textValue());
        o.set("contact", a.get("contact"));
        o.set("key", a.get("key"));
        o.put("orders", base + "/acme/acct/" + id + "/orders");
        return o;
    }

    private static void requireSelf(Auth auth, String id) {
        if (!id.equals(auth.accountId())) {
            throw AcmeProblem.unauthorized("protected.kid", "kid is not this account (RFC 8555 §7.3.2)");
        }
    }

    // RFC 8555 §7.3.2 update, §7.3.6 deactivation
    private void account(Auth auth, String id, Jws jws, Reply reply) {
        requireSelf(auth, id);
        if (jws.postAsGet()) {
            reply.json(200, accountJson(id, store.read(s -> s.get("accounts").get(id).deepCopy()), reply.base));
            return;
        }
        JsonNode p = jws.payloadJson();
        JsonNode status = p.get("status");
        if (status != null && !(status.isTextual() && status.textValue().equals("deactivated"))) {
            throw AcmeProblem.malformed("status", "a client may only set status to \"deactivated\"");
        }
        ArrayNode contact = p.has("contact") ? contacts(p) : null;
        JsonNode a = store.update(s -> {
            ObjectNode acct = (ObjectNode) s.get("accounts").get(id);
            if (contact != null) {
                acct.set("contact", contact);
            }
            if (status != null) {
                acct.put("status", "deactivated");
                acct.put("deactivatedAt", Instant.now().toString());
            }
            return acct.deepCopy();
        });
        reply.json(200, accountJson(id, a, reply.base));
    }

    private void accountOrders(Auth auth, String id, Jws jws, Reply reply) {
        requireSelf(auth, id);
        requirePostAsGet(jws);
        ObjectNode o = JSON.createObjectNode();
        ArrayNode a = o.putArray("orders");
        store.read(s -> {
            s.get("orders").fields().forEachRemaining(e -> {
                if (e.getValue().get("account").textValue().equals(id)) {
                    a.add(reply.base + "/acme/order/" + e.getKey());
                }
            });
            return null;
        });
        reply.json(200, o);
    }

    private static void requirePostAsGet(Jws jws) {
        if (!jws.postAsGet()) {
            throw AcmeProblem.malformed("payload", "this resource is read with POST-as-GET: the payload must be empty"
                    + " (RFC 8555 §6.3)");
        }
    }

    // RFC 8555 §7.4: newOrder
    private void newOrder(Jws jws, String url, Reply reply) {
        Auth auth = authenticate(jws, url, false, false, reply.base);
        JsonNode p = jws.payloadJson();
        for (String f : List.of("notBefore", "notAfter")) {
            if (p.has(f)) {
                throw AcmeProblem.malformed(f, f + " is not supported: the CA's policy sets the validity period");
            }
        }
        JsonNode ids = p.get("identifiers");
        if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > Identifiers.MAX) {
            throw AcmeProblem.malformed("identifiers", "identifiers must be an array of 1 to " + Identifiers.MAX
                    + " identifier objects");
        }
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (!keys.add(Identifiers.check(ids.get(i), "identifiers[" + i + "]"))) {
                throw AcmeProblem.malformed("identifiers[" + i + "]", "duplicate identifier");
            }
        }
        Instant expires = Instant.now().plus(AUTHZ_LIFETIME).truncatedTo(ChronoUnit.SECONDS);
        String orderId = newId();
        JsonNode order = store.update(s -> {
            ObjectNode o = ((ObjectNode) s.get("orders")).putObject(orderId);
            o.put("account", auth.accountId());
            o.put("status", "pending");
            o.put("expires", expires.toString());
            ArrayNode idsOut = o.putArray("identifiers");
            ArrayNode authzs = o.putArray("authorizations");
            for (JsonNode id : ids) {
                ObjectNode ident = idsOut.addObject().put("type", id.get("type").textValue()).put("value",
                        id.get("type").textValue().equals("dns") ? id.get("value").textValue().toLowerCase(Locale.ROOT)
                                : id.get("value").textValue());
                String authzId = newId();
                byte[] token = new byte[32];
                random.nextBytes(token);
                ObjectNode a = ((ObjectNode) s.get("authzs")).putObject(authzId);
                a.put("account", auth.accountId());
                a.set("identifier", ident.deepCopy());
                a.put("status", "pending");
                a.put("expires", expires.toString());
                a.put("token", Base64Url.encode(token));
                a.put("challengeStatus", "pending");
                authzs.add(authzId);
            }
            return o.deepCopy();
        });
        reply.location(reply.base + "/acme/order/" + orderId).json(201, orderJson(orderId, order, reply.base));
    }

    /** The order's status (RFC 8555 §7.1.6) from its stored state and its authorizations'. */
    private String orderStatus(JsonNode o) {
        String stored = o.get("status").textValue();
        if (!stored.equals("pending")) {
            return stored;
        }
        if (Instant.parse(o.get("expires").textValue()).isBefore(Instant.now())) {
            return "invalid";
        }
        boolean allValid = true;
        for (JsonNode id : o.get("authorizations")) {
            String st = authzStatus(store.read(s -> s.get("authzs").get(id.textValue()).deepCopy()));
            if (!st.equals("valid") && !st.equals("pending")) {
                return "invalid";
            }
            allValid &= st.equals("valid");
        }
        return allValid ? "ready" : "pending";
    }

    private static String authzStatus(JsonNode a) {
        String st = a.get("status").textValue();
        if ((st.equals("pending") || st.equals("valid")) && Instant.parse(a.get("expires").textValue()).isBefore(
                Instant.now())) {
            return "expired";
        }
        return st;
    }

    private ObjectNode orderJson(String id, JsonNode o, String base) {
        ObjectNode j = JSON.createObjectNode();
        j.put("status", orderStatus(o));
        j.put("expires", o.get("expires").textValue());
        j.set("identifiers", o.get("identifiers"));
        ArrayNode az = j.putArray("authorizations");
        o.get("authorizations").forEach(a -> az.add(base + "/acme/authz/" + a.textValue()));
        j.put("finalize", base + "/acme/order/" + id + "/finalize");
        if (o.has("serial") && o.get("status").textValue().equals("valid")) {
            j.put("certificate", base + "/acme/cert/" + o.get("serial").textValue());
        }
        if (o.has("error")) {
            j.set("error", o.get("error"));
        }
        return j;
    }

    private JsonNode ownedOrder(Auth auth, String id) {
        JsonNode o = store.read(s -> s.get("orders").has(id) ? s.get("orders").get(id).deepCopy() : null);
        if (o == null) {
            throw new AcmeProblem("malformed", 404, "url", "no such order");
        }
        if (!o.get("account").textValue().equals(auth.accountId())) {
            throw AcmeProblem.unauthorized("protected.kid", "the order belongs to another account");
        }
        return o;
    }

    /**
     * Draft §"Using ACME with Merkle Tree Certificates": a processing order becomes valid once the standalone
     * certificate exists (its entry sequenced, cosignatures collected).
     */
    private JsonNode refreshProcessing(String id, JsonNode o) {
        if (!o.get("status").textValue().equals("processing")) {
            return o;
        }
        CertificateStatus st = ca.standalone(new BigInteger(o.get("serial").textValue()));
        if (st.state() != CertificateStatus.State.ISSUED) {
            return o;
        }
        return store.update(s -> ((ObjectNode) s.get("orders").get(id)).put("status", "valid").deepCopy());
    }

    // RFC 8555 §7.4: the order resource
    private void order(Auth auth, String id, Jws jws, Reply reply) {
        requirePostAsGet(jws);
        JsonNode o = refreshProcessing(id, ownedOrder(auth, id));
        if (o.get("status").textValue().equals("processing")) {
            reply.retryAfter(retrySeconds(ca.config().checkpointInterval()));
        }
        reply.json(200, orderJson(id, o, reply.base));
    }

    private static long retrySeconds(Duration d) {
        return Math.max(1, Math.min((d.toMillis() + 999) / 1000, 3600));
    }

    // RFC 8555 §7.4: finalize, the CSR through the CA's intake policy, answered once the entry is durable
    private void finalizeOrder(Auth auth, String id, Jws jws, Reply reply) {
        JsonNode o = ownedOrder(auth, id);
        String status = orderStatus(o);
        if (!status.equals("ready")) {
            throw new AcmeProblem("orderNotReady", 403, "status", "the order is " + status + ", not ready");
        }
        JsonNode p = jws.payloadJson();
        if (!p.path("csr").isTextual()) {
            throw AcmeProblem.malformed("csr", "csr must be a base64url DER CSR");
        }
        byte[] der = Base64Url.decode(p.get("csr").textValue(), "csr");
        Set<String> want = new TreeSet<>();
        o.get("identifiers").forEach(i -> want.add(Identifiers.check(i, "identifiers")));
        Set<String> got = Identifiers.requested(der);
        if (!got.equals(want)) {
            Set<String> missing = new TreeSet<>(want);
            missing.removeAll(got);
            Set<String> extra = new TreeSet<>(got);
            extra.removeAll(want);
            throw Identifiers.badCsr("csr", "the CSR's names must equal the order's identifiers; missing " + missing
                    + ", not in the order " + extra);
        }
        IssuanceRequest request;
        try {
            request = checker.check(JSON.createObjectNode().put("csr", Base64.getEncoder().encodeToString(der)), "");
        } catch (CaException e) {
            String field = e.field().startsWith(".") ? e.field().substring(1) : e.field();
            throw Identifiers.badCsr(field, e.rule() + ": " + e.getMessage());
        }
        synchronized (finalizing) {
            if (!finalizing.add(id)) {
                throw new AcmeProblem("orderNotReady", 403, "status", "the order is being finalized");
            }
        }
        CompletableFuture<List<IssuedCertificate>> done;
        try {
            done = ca.submit(List.of(request));
        } catch (OverloadedException e) {
            release(id);
            reply.retryAfter(Math.max(1, e.retryAfter().getSeconds()));
            throw e.reason() == OverloadedException.Reason.POOL_FULL
                    ? new AcmeProblem("rateLimited", 429, "csr", "the CA is busy: " + e.getMessage())
                    : new AcmeProblem("serverInternal", 503, "csr", "the CA is unavailable: " + e.getMessage());
        } catch (RuntimeException e) {
            release(id);
            throw e;
        }
        done.whenComplete((issued, failure) -> {
            try {
                if (failure != null) {
                    Throwable t = failure instanceof CompletionException c ? c.getCause() : failure;
                    reply.retryAfter(5);
                    reply.problem(new AcmeProblem("serverInternal", 503, "csr", "issuance failed: " + t));
                    return;
                }
                IssuedCertificate c = issued.get(0);
                JsonNode updated = store.update(s -> {
                    ObjectNode order = (ObjectNode) s.get("orders").get(id);
                    order.put("status", "processing");
                    order.put("serial", c.serial().toString());
                    order.put("log", c.logNumber());
                    order.put("index", c.index());
                    return order.deepCopy();
                });
                JsonNode now = refreshProcessing(id, updated);
                if (now.get("status").textValue().equals("processing")) {
                    reply.retryAfter(retrySeconds(ca.config().checkpointInterval()));
                }
                reply.location(reply.base + "/acme/order/" + id).json(200, orderJson(id, now, reply.base));
            } catch (RuntimeException e) {
                reply.problem(new AcmeProblem("serverInternal", 500, "server", e.toString()));
            } finally {
                release(id);
            }
        });
    }

    private void release(String id) {
        synchronized (finalizing) {
            finalizing.remove(id);
        }
    }

    private JsonNode ownedAuthz(Auth auth, String id) {
        JsonNode a = store.read(s -> s.get("authzs").has(id) ? s.get("authzs").get(id).deepCopy() : null);
        if (a == null) {
            throw new AcmeProblem("malformed", 404, "url", "no such authorization");
        }
        if (!a.get("account").textValue().equals(auth.accountId())) {
            throw AcmeProblem.unauthorized("protected.kid", "the authorization belongs to another account");
        }
        return a;
    }

    private static ObjectNode challengeJson(String id, JsonNode a, String base) {
        ObjectNode c = JSON.createObjectNode();
        c.put("type", "http-01");
        c.put("url", base + "/acme/chall/" + id);
        c.put("status", a.get("challengeStatus").textValue());
        c.put("token", a.get("token").textValue());
        if (a.has("validated")) {
            c.put("validated", a.get("validated").textValue());
        }
        if (a.has("error")) {
            c.set("error", a.get("error"));
        }
        return c;
    }

    // RFC 8555 §7.5 authorization (and §7.5.2 deactivation)
    private void authorization(Auth auth, String id, Jws jws, Reply reply) {
        JsonNode a = ownedAuthz(auth, id);
        if (!jws.postAsGet()) {
            JsonNode st = jws.payloadJson().get("status");
            if (st == null || !st.isTextual() || !st.textValue().equals("deactivated")) {
                throw AcmeProblem.malformed("status", "a client may only set status to \"deactivated\"");
            }
            String now = authzStatus(a);
            if (!now.equals("pending") && !now.equals("valid")) {
                throw AcmeProblem.malformed("status", "the authorization is " + now);
            }
            a = store.update(s -> ((ObjectNode) s.get("authzs").get(id)).put("status", "deactivated").deepCopy());
        }
        ObjectNode j = JSON.createObjectNode();
        j.set("identifier", a.get("identifier"));
        j.put("status", authzStatus(a));
        j.put("expires", a.get("expires").textValue());
        j.putArray("challenges").add(challengeJson(id, a, reply.base));
        reply.json(200, j);
    }

    // RFC 8555 §7.5.1: responding to the challenge starts the validation
    private void challenge(Auth auth, String id, Jws jws, Reply reply) {
        JsonNode a = ownedAuthz(auth, id);
        if (!jws.postAsGet()) {
            jws.payloadJson(); // RFC 8555 §7.5.1: the payload is an (empty) JSON object
            if (a.get("challengeStatus").textValue().equals("pending") && authzStatus(a).equals("pending")) {
                a = store.update(s -> ((ObjectNode) s.get("authzs").get(id)).put("challengeStatus", "processing")
                        .deepCopy());
                String keyAuthorization = a.get("token").textValue() + "." + auth.thumbprint();
                JsonNode ident = a.get("identifier");
                String token = a.get("token").textValue();
                validations.execute(() -> validateHttp01(id, ident, token, keyAuthorization));
            }
        }
        reply.link(reply.base + "/acme/authz/" + id, "up").json(200, challengeJson(id, a, reply.base));
    }

    /** RFC 8555 §8.3 (RFC 8738 §3 for ip): records the outcome on the challenge and its authorization. */
    private void validateHttp01(String id, JsonNode ident, String token, String keyAuthorization) {
        Optional<AcmeProblem> problem = validator.validate(ident.get("type").textValue(), ident.get("value")
                .textValue(), token, keyAuthorization);
        store.update(s -> {
            ObjectNode a = (ObjectNode) s.get("authzs").get(id);
            if (problem.isEmpty()) {
                a.put("challengeStatus", "valid").put("status", "valid").put("validated", Instant.now().truncatedTo(
                        ChronoUnit.SECONDS).toString());
            } else {
                a.put("challengeStatus", "invalid").put("status", "invalid");
                a.set("error", problemJson(problem.get()));
            }
            return null;
        });
    }

    /** Every Accept header of the request, joined (RFC 9110 §5.3). */
    private static String accept(Request request) {
        return String.join(",", request.getHeaders().getValuesList(HttpHeader.ACCEPT));
    }

    /**
     * RFC 9110 §12.5.1: whether {@code accept} names {@code type} itself (not through a wildcard) with a weight
     * above zero.
     */
    static boolean acceptsExplicitly(String accept, String type) {
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            if (!parts[0].strip().equalsIgnoreCase(type)) {
                continue;
            }
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("q")) {
                    try {
                        q = Double.parseDouble(kv[1].strip());
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (q > 0) {
                return true;
            }
        }
        return false;
    }

    // RFC 8555 §7.4.2 download; draft §"ACME Extensions": the landmark-relative certificate is the optional alternate
    private void certificate(Auth auth, String serialText, Jws jws, Reply reply, boolean standalone, String accept) {
        requirePostAsGet(jws);
        JsonNode o = orderBySerial(serialText);
        if (o == null || !o.get("status").textValue().equals("valid")) {
            throw new AcmeProblem("malformed", 404, "url", "no certificate with this serial was issued by ACME");
        }
        if (!o.get("account").textValue().equals(auth.accountId())) {
            throw AcmeProblem.unauthorized("protected.kid", "the certificate belongs to another account");
        }
        BigInteger serial = new BigInteger(serialText);
        CertificateStatus st = standalone ? ca.standalone(serial) : ca.landmarkRelative(serial);
        String url = reply.base + "/acme/cert/" + serialText;
        switch (st.state()) {
            case ISSUED -> {
                if (standalone) {
                    reply.link(url + "/landmark", "acme-optional-alternate");
                } else {
                    reply.link(url, "up");
                }
                reply.vary("Accept");
                byte[] der = st.certificate().orElseThrow();
                if (acceptsExplicitly(accept, CertificateChainWithProperties.MEDIA_TYPE)) {
                    // draft §"Using ACME with Merkle Tree Certificates": the path with its trust anchor properties;
                    // the trust anchor (the CA, ca.pem) is omitted from the path (TAI draft §"Media Type")
                    reply.send(200, CertificateChainWithProperties.MEDIA_TYPE, new CertificateChainWithProperties(
                            properties(serial, der, standalone), List.of(der)).encode()
                            .getBytes(StandardCharsets.US_ASCII));
                } else {
                    // RFC 8555 §7.4.2: the certificate, then its issuer's: the CA certificate (ca.pem) a relying
                    // party is configured with (certbot, for one, refuses a chain of one certificate)
                    reply.send(200, "application/pem-certificate-chain", (Pem.encode("CERTIFICATE", der)
                            + Pem.encode("CERTIFICATE", ca.caCertificate())).getBytes(StandardCharsets.US_ASCII));
                }
            }
            case PENDING -> {
                reply.retryAfter(retrySeconds(standalone ? ca.config().checkpointInterval()
                        : ca.config().landmarkInterval()));
                reply.send(202, null, new byte[0]);
            }
            case GONE -> throw new AcmeProblem("malformed", 410, "url", "this landmark-relative certificate will never"
                    + " exist (the log was rolled over before a landmark covered the entry)");
            default -> throw new AcmeProblem("malformed", 404, "url", "unknown serial");
        }
    }

    /**
     * Draft §"Use in TLS": the CertificatePropertyList of a certificate of log N. Standalone: trust anchor ID = the
     * CA ID, which every landmark group {@code CA.2.N.L} of the log contains (§"Single-Log Landmark Groups"), and no
     * {@code trust_anchor_negotiation} (a standalone certificate may be sent without a signal, so it is a fallback).
     * Landmark-relative for landmark L: trust anchor ID {@code CA.1.N.L}, in the groups {@code CA.2.N.M} for {@code
     * L <= M <= L + max_active_landmarks - 1}, and {@code trust_anchor_negotiation} (it SHOULD NOT be sent without
     * a signal, §"Landmark-Relative Certificates").
     */
    private CertificatePropertyList properties(BigInteger serial, byte[] der, boolean standalone) {
        TrustAnchorId caId = ca.config().caId();
        int log = (int) (serial.longValue() >>> 48);
        TrustAnchorId groups = caId.child(2, log);
        if (standalone) {
            return CertificatePropertyList.of(caId, List.of(new TrustAnchorRange(groups, 0,
                    TrustAnchorRange.UNBOUNDED)), false);
        }
        long landmark = landmarkOf(log, MtcCertificate.parse(CertificationAuthority.PROFILE, der).proof());
        return CertificatePropertyList.of(caId.landmarkId(log, landmark), List.of(new TrustAnchorRange(groups,
                landmark, landmark + ca.maxActiveLandmarks() - 1)), true);
    }

    /** Draft §"Landmark Tree Sizes": the landmark L whose subtrees hold the proof's [start, end). */
    private long landmarkOf(int log, MtcProof proof) {
        LandmarkSequence seq = ca.landmarkSequence(log);
        for (long l = seq.lastLandmark(); l >= 1; l--) {
            if (seq.treeSize(l - 1) <= proof.start() && proof.end() <= seq.treeSize(l)) {
                return l;
            }
        }
        throw new IllegalStateException("no landmark of log " + log + " covers [" + proof.start() + ", "
                + proof.end() + ")");
    }

    // RFC 8555 §7.6: revokeCert, recorded (MTC revocation itself is by revoked ranges)
    private void revokeCert(Jws jws, String url, Reply reply) {
        Auth auth = authenticate(jws, url, true, false, reply.base);
        JsonNode p = jws.payloadJson();
        if (!p.path("certificate").isTextual()) {
            throw AcmeProblem.malformed("certificate", "certificate must be a base64url DER certificate");
        }
        byte[] der = Base64Url.decode(p.get("certificate").textValue(), "certificate");
        org.bouncycastle.asn1.x509.Certificate cert;
        try {
            cert = org.bouncycastle.asn1.x509.Certificate.getInstance(der);
            if (cert == null || !java.util.Arrays.equals(cert.getEncoded("DER"), der)) {
                throw new IllegalArgumentException("not DER");
            }
        } catch (IOException | RuntimeException e) {
            throw AcmeProblem.malformed("certificate", "not a DER X.509 certificate");
        }
        int reason = 0;
        if (p.has("reason")) {
            JsonNode r = p.get("reason");
            if (!r.isInt() || r.intValue() < 0 || r.intValue() > 10 || r.intValue() == 7) {
                throw new AcmeProblem("badRevocationReason", 400, "reason", "reason must be an RFC 5280 CRLReason"
                        + " code 0-10 other than 7");
            }
            reason = r.intValue();
        }
        String serial = cert.getSerialNumber().getValue().toString();
        JsonNode o = orderBySerial(serial);
        if (o == null) {
            throw new AcmeProblem("malformed", 404, "certificate", "this CA issued no certificate with serial "
                    + serial + " over ACME");
        }
        CertificateStatus issued = ca.standalone(new BigInteger(serial));
        if (issued.certificate().isEmpty() || !java.util.Arrays.equals(issued.certificate().get(), der)
                && !isLandmarkRelative(new BigInteger(serial), der)) {
            throw new AcmeProblem("malformed", 404, "certificate", "not a certificate this CA issued");
        }
        boolean byOwner = o.get("account").textValue().equals(auth.accountId()) && jws.header().has("kid");
        boolean byKey = false;
        if (jws.header().has("jwk")) {
            byte[] spki = Jws.publicKey(jws.header().get("jwk"), jws.headerText("alg"), "protected.jwk").getEncoded();
            try {
                byKey = java.util.Arrays.equals(spki, cert.getSubjectPublicKeyInfo().getEncoded("DER"));
            } catch (IOException e) {
                byKey = false;
            }
        }
        if (!byOwner && !byKey) {
            throw AcmeProblem.unauthorized("protected", "neither the account that ordered the certificate nor its"
                    + " key signed this request (RFC 8555 §7.6)");
        }
        int why = reason;
        store.update(s -> {
            ObjectNode rev = (ObjectNode) s.get("revocations");
            if (rev.has(serial)) {
                throw new AcmeProblem("alreadyRevoked", 400, "certificate", "serial " + serial + " is already"
                        + " revoked");
            }
            ObjectNode r = rev.putObject(serial);
            r.put("reason", why);
            r.put("at", Instant.now().toString());
            r.put("by", byOwner ? "account " + auth.accountId() : "certificate key");
            return null;
        });
        reply.send(200, null, new byte[0]);
    }

    /** @return a copy of the order whose certificate has {@code serial}, or null */
    private JsonNode orderBySerial(String serial) {
        return store.read(s -> {
            for (JsonNode order : s.get("orders")) {
                if (order.path("serial").asText("").equals(serial)) {
                    return order.deepCopy();
                }
            }
            return null;
        });
    }

    private boolean isLandmarkRelative(BigInteger serial, byte[] der) {
        CertificateStatus lm = ca.landmarkRelative(serial);
        return lm.certificate().isPresent() && java.util.Arrays.equals(lm.certificate().get(), der);
    }

    private static ObjectNode problemJson(AcmeProblem p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "urn:ietf:params:acme:error:" + p.type());
        o.put("detail", p.getMessage());
        o.put("status", p.status());
        o.put("field", p.field());
        return o;
    }

    /** One response: headers gathered, then exactly one send. */
    private final class Reply {
        private final Response response;
        private final Callback callback;
        private final String base;
        private final List<String> links = new ArrayList<>();

        Reply(Response response, Callback callback, String base) {
            this.response = response;
            this.callback = callback;
            this.base = base;
        }

        Reply location(String url) {
            response.getHeaders().put(HttpHeader.LOCATION, url);
            return this;
        }

        Reply link(String url, String rel) {
            links.add("<" + url + ">;rel=\"" + rel + "\"");
            return this;
        }

        void vary(String header) {
            response.getHeaders().put(HttpHeader.VARY, header);
        }

        void retryAfter(long seconds) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, seconds);
        }

        void json(int status, JsonNode body) {
            send(status, "application/json", (body + "\n").getBytes(StandardCharsets.UTF_8));
        }

        void problem(AcmeProblem p) {
            send(p.status(), "application/problem+json", (problemJson(p) + "\n").getBytes(StandardCharsets.UTF_8));
        }

        void send(int status, String type, byte[] body) {
            response.setStatus(status);
            response.getHeaders().put("Replay-Nonce", newNonce()); // RFC 8555 §6.5: on every response
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            links.add("<" + base + DIRECTORY_PATH + ">;rel=\"index\"");
            for (String l : links) {
                response.getHeaders().add(HttpHeader.LINK, l);
            }
            if (type != null) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
            }
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }
}
