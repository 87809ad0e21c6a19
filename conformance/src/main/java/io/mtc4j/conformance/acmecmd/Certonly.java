package io.mtc4j.conformance.acmecmd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.mtc4j.conformance.acmecmd.AcmeClient.AcmeException;
import io.mtc4j.conformance.acmecmd.AcmeClient.Reply;
import io.mtc4j.conformance.cacmd.CertificateFiles;
import io.mtc4j.spec.der.Pem;
import io.mtc4j.spec.tai.CertificateChainWithProperties;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * One {@code mtc acme certonly} run (RFC 8555 §7.1 overview, in order): account (§7.3), order (§7.4), each
 * authorization's http-01 challenge answered from a loopback responder this class runs (§8.3; RFC 8738 for IP
 * addresses), finalize with a CSR for a new P-256 key (§7.4), the standalone certificate downloaded as {@code
 * application/pem-certificate-chain-with-properties} (draft §"Using ACME with Merkle Tree Certificates"), written
 * with its key, then the landmark-relative certificate from the {@code acme-optional-alternate} link (draft
 * §"Optional Certificates"): fetched once, or until {@code alternateWait} runs out, and never before the standalone
 * files are written (deployment is not blocked on it).
 */
public final class Certonly {
    /**
     * The account key's file under the output directory (reused by later runs, so they share one account); in a
     * sub-directory, so that {@code mtc tls serve --cert-dir} does not take it for a subject key.
     */
    public static final String ACCOUNT_KEY = "acme-account/key.pem";
    /** How long any one wait (validation, issuance, a pending alternate with a longer wait) may take. */
    static final Duration PATIENCE = Duration.ofMinutes(5);
    private static final String ACCEPT = CertificateChainWithProperties.MEDIA_TYPE
            + ", application/pem-certificate-chain;q=0.5";

    /** An identifier to order: {@code dns} or {@code ip} (RFC 8738) and its value. */
    public record Identifier(String type, String value) {}

    /**
     * What a run obtained.
     *
     * @param name       the file-name stem ({@link CertificateFiles#name})
     * @param serial     the certificate's serial number
     * @param key        the subject's private key file
     * @param standalone the standalone certificate's file
     * @param landmark   the landmark-relative certificate's file, if it was ready
     * @param alternate  the landmark-relative certificate's URL (the optional alternate), if the server gave one
     */
    public record Result(String name, BigInteger serial, Path key, Path standalone, Optional<Path> landmark,
            Optional<String> alternate) {}

    private final URI directory;
    private final List<Identifier> identifiers;
    private final int http01Port;
    private final Path outDir;
    private final PrintStream out;
    private AcmeClient session;

    /**
     * A run's parameters.
     *
     * @param directory   the ACME directory URL
     * @param identifiers what to order (at least one)
     * @param http01Port  the loopback port the http-01 responder listens on (127.0.0.1)
     * @param outDir      where the key and certificates are written
     * @param out         where progress lines go
     */
    public Certonly(URI directory, List<Identifier> identifiers, int http01Port, Path outDir, PrintStream out) {
        this.directory = directory;
        this.identifiers = List.copyOf(identifiers);
        this.http01Port = http01Port;
        this.outDir = outDir;
        this.out = out;
    }

    /**
     * Runs the whole exchange.
     *
     * @param alternateWait how long to wait for the landmark-relative certificate after the standalone one is written
     * @return what was obtained
     * @throws IOException if the server cannot be reached or a file cannot be written
     * @throws RuntimeException ({@code AcmeException}) with the server's problem when it refuses a step
     */
    public Result run(Duration alternateWait) throws IOException, InterruptedException {
        Files.createDirectories(outDir);
        AcmeClient acme = AcmeClient.connect(directory, accountKey());
        session = acme;
        out.println("account: " + acme.newAccount());
        ObjectNode request = AcmeClient.JSON.createObjectNode();
        ArrayNode ids = request.putArray("identifiers");
        identifiers.forEach(i -> ids.addObject().put("type", i.type()).put("value", i.value()));
        Reply created = acme.post(acme.url("newOrder"), request);
        String orderUrl = created.location().orElseThrow(() -> new AcmeException("newOrder answered without a"
                + " Location"));
        JsonNode order = created.json();
        out.println("order: " + orderUrl);
        authorize(acme, order);
        KeyPair subject = newKey();
        Reply fin = acme.post(order.get("finalize").textValue(), AcmeClient.JSON.createObjectNode().put("csr",
                AcmeClient.b64(csr(subject))));
        JsonNode valid = await(acme, orderUrl, fin.json(), "processing", "the order");
        if (!valid.path("status").asText().equals("valid")) {
            throw new AcmeException("the order is " + valid.path("status").asText() + ": " + valid.path("error"));
        }
        // RFC 8555 §7.4.2 with the draft's Accept
        Reply cert = acme.post(valid.get("certificate").textValue(), null, Optional.of(ACCEPT));
        byte[] der = certificate(cert);
        String name = CertificateFiles.name(der);
        BigInteger serial = io.mtc4j.spec.cert.MtcCertificate.parse(io.mtc4j.spec.Profile.PLANTS_05, der).serial();
        Path key = writeKey(name, subject.getPrivate());
        Path standalone = CertificateFiles.save(outDir, name, CertificateFiles.STANDALONE, cert.body());
        out.println("standalone: " + standalone + " (serial " + serial + ", log " + serial.shiftRight(48)
                + ", index " + serial.and(BigInteger.ONE.shiftLeft(48).subtract(BigInteger.ONE)) + trustAnchor(cert)
                + ")");
        Optional<String> alternate = cert.link("acme-optional-alternate");
        Optional<Path> landmark = Optional.empty();
        if (alternate.isEmpty()) {
            out.println("landmark: the server offers no acme-optional-alternate");
        } else {
            landmark = alternate(acme, alternate.get(), name, alternateWait);
        }
        return new Result(name, serial, key, standalone, landmark, alternate);
    }

    /**
     * Fetches the landmark-relative certificate of an earlier {@link #run} of this object (its account), waiting for
     * it at most {@code wait}.
     *
     * @param r    the run's result
     * @param wait how long to wait
     * @return the file written, if the certificate was ready in time
     * @throws IOException if the server cannot be reached or the file cannot be written
     */
    public Optional<Path> alternate(Result r, Duration wait) throws IOException, InterruptedException {
        if (session == null || r.alternate().isEmpty()) {
            return Optional.empty();
        }
        return alternate(session, r.alternate().get(), r.name(), wait);
    }

    /**
     * Draft §"Optional Certificates": fetches the optional alternate, retrying on 202 (per Retry-After) only while
     * {@code wait} lasts; a failure or a pending alternate does not fail the run.
     */
    private Optional<Path> alternate(AcmeClient acme, String url, String name, Duration wait) throws IOException,
            InterruptedException {
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            Reply r;
            try {
                r = acme.post(url, null, Optional.of(ACCEPT));
            } catch (AcmeException e) {
                out.println("landmark: unavailable: " + e.getMessage());
                return Optional.empty();
            }
            if (r.status() == 200) {
                certificate(r);
                Path p = CertificateFiles.save(outDir, name, CertificateFiles.LANDMARK, r.body());
                out.println("landmark: " + p + trustAnchor(r).replaceFirst("^, (.*)$", " ($1)"));
                return Optional.of(p);
            }
            Duration retry = r.retryAfter().orElse(Duration.ofSeconds(1));
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0) {
                out.println("landmark: pending (Retry-After " + retry.toSeconds() + " s): " + url);
                return Optional.empty();
            }
            Thread.sleep(Math.max(100, Math.min(retry.toMillis(), left + 1)));
        }
    }

    /** The certificate's DER from a download, the properties file parsed strictly. */
    private static byte[] certificate(Reply r) {
        String text = new String(r.body(), StandardCharsets.US_ASCII);
        if (r.contentType().startsWith(CertificateChainWithProperties.MEDIA_TYPE)) {
            return CertificateChainWithProperties.parse(text).certificates().get(0);
        }
        return Pem.decodeAll(text).get(0).der();
    }

    private static String trustAnchor(Reply r) {
        if (!r.contentType().startsWith(CertificateChainWithProperties.MEDIA_TYPE)) {
            return "";
        }
        return CertificateChainWithProperties.parse(new String(r.body(), StandardCharsets.US_ASCII)).properties()
                .trustAnchorId().map(id -> ", trust anchor " + id).orElse("");
    }

    /** RFC 8555 §7.5, §8.3: answers every pending authorization's http-01 challenge from a loopback responder. */
    private void authorize(AcmeClient acme, JsonNode order) throws IOException, InterruptedException {
        Map<String, String> tokens = new ConcurrentHashMap<>();
        HttpServer responder = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), http01Port),
                16);
        responder.createContext("/.well-known/acme-challenge/", ex -> {
            String token = ex.getRequestURI().getPath().substring("/.well-known/acme-challenge/".length());
            String body = tokens.get(token);
            byte[] b = (body == null ? "no such token" : body).getBytes(StandardCharsets.US_ASCII);
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.sendResponseHeaders(body == null ? 404 : 200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        responder.start();
        try {
            out.println("http-01: answering on " + responder.getAddress().getHostString() + ":"
                    + responder.getAddress().getPort());
            for (JsonNode az : order.get("authorizations")) {
                String url = az.textValue();
                JsonNode a = acme.post(url, null).json();
                String ident = a.path("identifier").path("value").asText();
                if (a.path("status").asText().equals("valid")) {
                    out.println("authorized: " + ident + " (already)");
                    continue;
                }
                JsonNode challenge = null;
                for (JsonNode c : a.path("challenges")) {
                    if (c.path("type").asText().equals("http-01")) {
                        challenge = c;
                    }
                }
                if (challenge == null) {
                    throw new AcmeException("the authorization for " + ident + " offers no http-01 challenge");
                }
                String token = challenge.get("token").textValue();
                tokens.put(token, acme.keyAuthorization(token));
                acme.post(challenge.get("url").textValue(), AcmeClient.JSON.createObjectNode());
                JsonNode done = await(acme, url, a, "pending", "the authorization for " + ident);
                if (!done.path("status").asText().equals("valid")) {
                    JsonNode err = done.path("challenges").path(0).path("error");
                    throw new AcmeException("the authorization for " + ident + " is " + done.path("status").asText()
                            + (err.isMissingNode() ? "" : ": " + err.path("detail").asText()));
                }
                out.println("authorized: " + ident);
            }
        } finally {
            responder.stop(0);
        }
    }

    /** Polls {@code url} (POST-as-GET, honouring Retry-After) while its status is {@code from}. */
    private static JsonNode await(AcmeClient acme, String url, JsonNode first, String from, String what)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        JsonNode j = first;
        Duration retry = Duration.ofMillis(200);
        while (j.path("status").asText().equals(from)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AcmeException(what + " is still " + from + " after " + PATIENCE.toMinutes() + " minutes");
            }
            Thread.sleep(Math.max(100, Math.min(retry.toMillis(), 2000)));
            Reply r = acme.post(url, null);
            retry = r.retryAfter().orElse(Duration.ofMillis(500));
            j = r.json();
        }
        return j;
    }

    /** The account key from {@value #ACCOUNT_KEY}, or a new P-256 key saved there (owner-only). */
    private KeyPair accountKey() throws IOException {
        Path f = outDir.resolve(ACCOUNT_KEY);
        Files.createDirectories(f.getParent());
        try {
            if (Files.exists(f)) {
                PrivateKey priv = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Pem.decode(
                        Files.readString(f, StandardCharsets.US_ASCII)).der()));
                ECNamedCurveParameterSpec spec = ECNamedCurveTable.getParameterSpec("secp256r1");
                org.bouncycastle.math.ec.ECPoint q = spec.getG().multiply(((ECPrivateKey) priv).getS()).normalize();
                java.security.spec.ECPoint w = new java.security.spec.ECPoint(q.getAffineXCoord().toBigInteger(),
                        q.getAffineYCoord().toBigInteger());
                return new KeyPair(KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w,
                        ((ECPrivateKey) priv).getParams())), priv);
            }
            KeyPair kp = newKey();
            writePrivate(f, kp.getPrivate());
            return kp;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException(f + ": not a P-256 PKCS#8 account key: " + e.getMessage(), e);
        }
    }

    private static KeyPair newKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path writeKey(String name, PrivateKey key) throws IOException {
        Path f = outDir.resolve(name + ".key.pem");
        writePrivate(f, key);
        return f;
    }

    /** Writes a PKCS#8 PEM key owner-only, atomically (a temporary file renamed into place). */
    private static void writePrivate(Path f, PrivateKey key) throws IOException {
        Path tmp = Files.createTempFile(f.getParent(), "." + f.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, Pem.encode("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** RFC 2986 CSR for the order's identifiers as subjectAltName dNSName / iPAddress, empty subject. */
    private byte[] csr(KeyPair kp) throws IOException {
        GeneralName[] names = new GeneralName[identifiers.size()];
        for (int i = 0; i < names.length; i++) {
            Identifier id = identifiers.get(i);
            names[i] = id.type().equals("ip") ? new GeneralName(GeneralName.iPAddress, new DEROctetString(
                    InetAddress.getByName(id.value()).getAddress())) : new GeneralName(GeneralName.dNSName, id.value());
        }
        try {
            return new JcaPKCS10CertificationRequestBuilder(new X500Name(""), kp.getPublic())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new Extensions(new Extension(
                            Extension.subjectAlternativeName, false, new GeneralNames(names).getEncoded())))
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())).getEncoded();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }
}
