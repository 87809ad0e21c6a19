package io.mtc4j.rp.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.mtc4j.rp.config.RelyingPartyConfig;
import io.mtc4j.rp.tls.MtcKeyManager.Credential;
import io.mtc4j.rp.tls.MtcKeyManager.Kind;
import io.mtc4j.rp.verify.VerificationResult;
import io.mtc4j.rp.verify.VerificationResult.TrustPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real TLS 1.3 handshakes on loopback through JSSE: the JDK's {@code HttpClient} with {@link MtcTrustManager}
 * against the JDK's {@code HttpsServer} with {@link MtcKeyManager}; ECDSA P-256 and Ed25519 subject keys on SunJSSE,
 * ML-DSA-44 subject keys on BouncyCastle's JSSE provider.
 */
class JsseHandshakeTest {
    static TlsPki pki;
    static KeyPair p256;
    static KeyPair ed25519;
    static KeyPair mlDsa;
    static long p256Leaf;
    static long ed25519Leaf;
    static long mlDsaLeaf;
    static long otherName;
    static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "https-test");
        t.setDaemon(true);
        return t;
    });

    @BeforeAll
    static void issue() throws Exception {
        pki = new TlsPki();
        p256 = TlsPki.p256();
        ed25519 = TlsPki.ed25519();
        mlDsa = TlsPki.mlDsa44();
        p256Leaf = pki.addLeaf(p256, "localhost", "127.0.0.1");
        ed25519Leaf = pki.addLeaf(ed25519, "localhost", "127.0.0.1");
        mlDsaLeaf = pki.addLeaf(mlDsa, "localhost", "127.0.0.1");
        otherName = pki.addLeaf(p256, "other.example");
    }

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    /** An HTTPS server answering "hello" over TLS 1.3 with {@code km}, until closed. */
    record Server(HttpsServer server) implements AutoCloseable {
        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    static Server serve(KeyManager km, Optional<Provider> jsse) throws Exception {
        SSLContext ctx = context(jsse);
        ctx.init(new KeyManager[] {km}, null, null);
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(ctx) {
            @Override
            public void configure(HttpsParameters p) {
                SSLParameters sp = ctx.getDefaultSSLParameters();
                sp.setProtocols(new String[] {"TLSv1.3"});
                p.setSSLParameters(sp);
            }
        });
        s.createContext("/", ex -> {
            byte[] b = "hello".getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        s.setExecutor(POOL);
        s.start();
        return new Server(s);
    }

    static SSLContext context(Optional<Provider> jsse) throws Exception {
        return jsse.isPresent() ? SSLContext.getInstance("TLSv1.3", jsse.get()) : SSLContext.getInstance("TLSv1.3");
    }

    /** GET https://host:port/ through HttpClient trusting {@code tm}; the body. */
    static String get(String host, int port, TrustManager tm, Optional<Provider> jsse) throws Exception {
        SSLContext ctx = context(jsse);
        ctx.init(null, new TrustManager[] {tm}, null);
        SSLParameters p = new SSLParameters();
        p.setProtocols(new String[] {"TLSv1.3"});
        HttpClient c = HttpClient.newBuilder().sslContext(ctx).sslParameters(p).executor(POOL).build();
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("https://" + host + ":" + port + "/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    static MtcKeyManager keyManager(KeyPair key, long index, List<Kind> preference) {
        return MtcKeyManager.of(List.of(
                new Credential("standalone", Kind.STANDALONE, key.getPrivate(), List.of(pki.standalone(index))),
                new Credential("landmark", Kind.LANDMARK_RELATIVE, key.getPrivate(),
                        List.of(pki.landmarkRelative(index)))), preference);
    }

    static MtcTrustManager trust(RelyingPartyConfig rp, List<VerificationResult> seen) {
        return MtcTrustManager.of(rp).withObserver(seen::add);
    }

    private static void handshake(KeyPair key, long index, Optional<Provider> jsse) throws Exception {
        // standalone: verified against the cosigner policy, host name and IP address
        try (Server s = serve(keyManager(key, index, List.of(Kind.STANDALONE)), jsse)) {
            List<VerificationResult> seen = new CopyOnWriteArrayList<>();
            assertEquals("hello", get("localhost", s.port(), trust(pki.withoutLandmarks(), seen), jsse));
            assertEquals("hello", get("127.0.0.1", s.port(), trust(pki.withoutLandmarks(), seen), jsse));
            assertEquals(2, seen.size());
            seen.forEach(r -> assertEquals(Optional.of(TrustPath.SIGNATURES), r.path(), r.verdict()));
        }
        // landmark-relative: verified against the trusted subtrees; refused by a client without them
        try (Server s = serve(keyManager(key, index, List.of(Kind.LANDMARK_RELATIVE, Kind.STANDALONE)), jsse)) {
            List<VerificationResult> seen = new CopyOnWriteArrayList<>();
            assertEquals("hello", get("localhost", s.port(), trust(pki.withLandmarks(), seen), jsse));
            assertEquals(Optional.of(TrustPath.TRUSTED_SUBTREE), seen.get(0).path(), seen.get(0).verdict());
            seen.clear();
            assertThrows(SSLException.class, // BCJSSE reports the refusal as an SSLException
                    () -> get("localhost", s.port(), trust(pki.withoutLandmarks(), seen), jsse));
            assertEquals(1, seen.size());
            assertTrue(!seen.get(0).isValid(), seen.get(0).verdict());
        }
    }

    @Test
    void ecdsaP256SubjectKeysOnSunJsse() throws Exception {
        handshake(p256, p256Leaf, Optional.empty());
    }

    @Test
    void ed25519SubjectKeysOnSunJsse() throws Exception {
        handshake(ed25519, ed25519Leaf, Optional.empty());
    }

    @Test
    void mlDsa44SubjectKeysOnBouncyCastleJsse() throws Exception {
        handshake(mlDsa, mlDsaLeaf, Optional.of(new BouncyCastleJsseProvider(TlsPki.BC)));
    }

    @Test
    void theClientRefusesAnMtcForAnotherHost() throws Exception {
        try (Server s = serve(keyManager(p256, otherName, List.of(Kind.STANDALONE)), Optional.empty())) {
            List<VerificationResult> seen = new CopyOnWriteArrayList<>();
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                    () -> get("localhost", s.port(), trust(pki.withoutLandmarks(), seen), Optional.empty()));
            assertEquals(1, seen.size(), e.toString());
            assertTrue(seen.get(0).verdict().contains("host"), seen.get(0).verdict());
        }
    }

    @Test
    void classicChainsGoToTheJdkPkixTrustManager() throws Exception {
        TlsPki.Classic chain = TlsPki.classic(p256, "localhost", "127.0.0.1");
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("root", chain.root());
        List<VerificationResult> seen = new CopyOnWriteArrayList<>();
        MtcTrustManager tm = MtcTrustManager.of(pki::withoutLandmarks, MtcTrustManager.jdkPkix(Optional.of(anchors)))
                .withObserver(seen::add);
        MtcKeyManager km = MtcKeyManager.of(List.of(new Credential("classic", Kind.CLASSIC, p256.getPrivate(),
                List.of(chain.leaf(), chain.root()))));
        try (Server s = serve(km, Optional.empty())) {
            assertEquals("hello", get("localhost", s.port(), tm, Optional.empty()));
            assertEquals(List.of(), seen); // not an MTC: PKIX decided
            // a trust manager without a classic one refuses the chain
            assertThrows(SSLHandshakeException.class, () -> get("localhost", s.port(),
                    MtcTrustManager.of(pki.withoutLandmarks()), Optional.empty()));
        }
    }

    @Test
    void theKeyManagerPicksByKeyTypeAndSni() throws Exception {
        X509Certificate other = pki.standalone(otherName);
        X509Certificate local = pki.standalone(p256Leaf);
        MtcKeyManager km = MtcKeyManager.of(List.of(
                new Credential("local-ec", Kind.STANDALONE, p256.getPrivate(), List.of(local)),
                new Credential("other-ec", Kind.STANDALONE, p256.getPrivate(), List.of(other)),
                new Credential("local-ed", Kind.STANDALONE, ed25519.getPrivate(),
                        List.of(pki.standalone(ed25519Leaf)))));
        assertEquals("other-ec", km.select("EC", Optional.of("other.example")).orElseThrow().alias());
        assertEquals("local-ec", km.select("EC", Optional.of("localhost")).orElseThrow().alias());
        assertEquals("local-ed", km.select("EdDSA", Optional.empty()).orElseThrow().alias());
        assertTrue(km.select("RSA", Optional.empty()).isEmpty());
        // no certificate covers the name: the first that fits the key (the client refuses the name itself)
        assertEquals("local-ec", km.select("EC", Optional.of("nowhere.example")).orElseThrow().alias());

        // over a real handshake: the client's SNI picks the certificate (SSLSocket; HttpClient sends no SNI for
        // "localhost", a name without a dot)
        SSLContext sctx = SSLContext.getInstance("TLSv1.3");
        sctx.init(new KeyManager[] {km}, null, null);
        try (SSLServerSocket ss = (SSLServerSocket) sctx.getServerSocketFactory().createServerSocket(0, 4,
                InetAddress.getLoopbackAddress())) {
            ss.setEnabledProtocols(new String[] {"TLSv1.3"});
            POOL.submit(() -> {
                try (SSLSocket a = (SSLSocket) ss.accept(); InputStream in = a.getInputStream()) {
                    a.startHandshake();
                    in.read();
                }
                return null;
            });
            List<VerificationResult> seen = new CopyOnWriteArrayList<>();
            SSLContext cctx = SSLContext.getInstance("TLSv1.3");
            cctx.init(null, new TrustManager[] {trust(pki.withoutLandmarks(), seen)}, null);
            try (SSLSocket c = (SSLSocket) cctx.getSocketFactory().createSocket("127.0.0.1", ss.getLocalPort())) {
                SSLParameters p = c.getSSLParameters();
                p.setServerNames(List.of(new SNIHostName("other.example")));
                c.setSSLParameters(p);
                c.startHandshake();
                assertEquals(other, c.getSession().getPeerCertificates()[0]);
                c.getOutputStream().write(1);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            assertTrue(seen.get(0).isValid(), seen.get(0).verdict());
        }
    }
}
