package io.mtc4j.rp.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.rp.config.RelyingPartyConfig;
import io.mtc4j.rp.tls.MtcKeyManager.Kind;
import io.mtc4j.rp.tls.TrustAnchorsClient.Outcome;
import io.mtc4j.spec.tai.CertificatePropertyList;
import io.mtc4j.spec.tai.TrustAnchorId;
import io.mtc4j.spec.tai.TrustAnchorRange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.TlsServerProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code trust_anchors} negotiation in real TLS 1.3 handshakes on loopback (BouncyCastle's TLS API on both
 * ends): which certificate the server picks for up-to-date clients, clients without landmarks, clients behind by
 * one landmark and clients that send nothing; the retry; and a client refusing what it cannot verify.
 */
class TrustAnchorsTlsTest {
    static final TrustAnchorId CA = TrustAnchorId.parse("32473.1");
    static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tai-test");
        t.setDaemon(true);
        return t;
    });
    static TlsPki pki;
    static KeyPair p256;
    static KeyPair mlDsa;
    static long p256Leaf;
    static long mlDsaLeaf;

    @BeforeAll
    static void issue() throws Exception {
        pki = new TlsPki();
        p256 = TlsPki.p256();
        mlDsa = TlsPki.mlDsa44();
        p256Leaf = pki.addLeaf(p256, "localhost", "127.0.0.1");
        mlDsaLeaf = pki.addLeaf(mlDsa, "localhost", "127.0.0.1");
    }

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    /** A TLS server on 127.0.0.1 answering "hello" with a {@link TrustAnchorsServer} per connection. */
    static final class Server implements AutoCloseable {
        final ServerSocket socket;
        final List<TrustAnchorsServer.Selection> served = new CopyOnWriteArrayList<>();
        /** Released once per selection recorded (a refused handshake's is recorded after its client has gone). */
        final Semaphore recorded = new Semaphore(0);

        Server(List<ServerCredential> creds, KeyPair key) throws IOException {
            socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            POOL.submit(() -> {
                while (!socket.isClosed()) {
                    Socket s;
                    try {
                        s = socket.accept();
                    } catch (IOException e) {
                        return;
                    }
                    POOL.submit(() -> {
                        try (s) {
                            TrustAnchorsServer srv = new TrustAnchorsServer(creds, key.getPrivate());
                            TlsServerProtocol p = new TlsServerProtocol(s.getInputStream(), s.getOutputStream());
                            try {
                                p.accept(srv);
                            } finally {
                                srv.selection().ifPresent(served::add);
                                recorded.release();
                            }
                            OutputStream o = p.getOutputStream();
                            o.write("hello\n".getBytes(StandardCharsets.US_ASCII));
                            p.close();
                        } catch (IOException e) {
                            // a client that refused the certificate
                        }
                    });
                }
            });
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static byte[] der(java.security.cert.X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Landmark 1 (max_active_landmarks 3) and standalone, plus the fallback given. */
    static List<ServerCredential> credentials(long leaf, Optional<ServerCredential> fallback) {
        List<ServerCredential> out = new java.util.ArrayList<>(List.of(
                ServerCredential.landmarkRelative(CA, 1, 1, 3, der(pki.landmarkRelative(leaf))),
                ServerCredential.standalone(CA, der(pki.standalone(leaf)))));
        fallback.ifPresent(out::add);
        return out;
    }

    static Outcome connect(Server s, RelyingPartyConfig rp, Set<TrustAnchorId> trusted,
            Optional<List<TrustAnchorId>> request) throws IOException {
        return new TrustAnchorsClient(rp, trusted, Duration.ofSeconds(30)).connect(s.address(), "localhost", request);
    }

    @Test
    void theServerPicksTheCertificateTheRequestNames() throws Exception {
        TrustAnchorId group1 = CA.landmarkGroupId(1, 1);
        try (Server s = new Server(credentials(p256Leaf, Optional.empty()), p256)) {
            // up to date: landmark group 1 contains landmark 1 -> landmark-relative, echoed
            Outcome up = connect(s, pki.withLandmarks(), Set.of(CA, CA.landmarkId(1, 1)),
                    Optional.of(List.of(group1)));
            assertEquals(Kind.LANDMARK_RELATIVE, up.kind(), up.verdict());
            assertTrue(up.verified() && up.matched() && !up.retried(), up.toString());
            assertEquals("hello", up.reply());
            assertEquals(List.of(CA.landmarkId(1, 1), CA), up.available());
            // without landmarks: the CA ID -> standalone
            Outcome none = connect(s, pki.withoutLandmarks(), Set.of(CA), Optional.of(List.of(CA)));
            assertEquals(Kind.STANDALONE, none.kind(), none.verdict());
            assertTrue(none.verified() && none.matched() && !none.retried(), none.toString());
            // behind by one landmark: group 0 holds the CA ID but not landmark 1 -> standalone (draft §"Single-Log
            // Landmark Groups"), no retry needed
            Outcome behind = connect(s, pki.withoutLandmarks(), Set.of(CA), Optional.of(List.of(CA.landmarkGroupId(1, 0))));
            assertEquals(Kind.STANDALONE, behind.kind(), behind.verdict());
            assertTrue(behind.verified() && behind.matched() && !behind.retried(), behind.toString());
            // no trust_anchors at all (an ordinary TLS 1.3 client): the fallback, standalone, not echoed
            Outcome plain = connect(s, pki.withoutLandmarks(), Set.of(CA), Optional.empty());
            assertEquals(Kind.STANDALONE, plain.kind());
            assertTrue(plain.verified() && !plain.matched() && plain.available().isEmpty(), plain.toString());
            assertEquals(List.of(true, true, true, false), s.served.stream().map(TrustAnchorsServer.Selection::matched)
                    .toList());
        }
    }

    @Test
    void aClientRetriesWithTheOneIdItTrustsFromTheServersList() throws Exception {
        // the server's fallback is a classic chain the client does not trust
        TlsPki.Classic classic = TlsPki.classic(p256, "localhost");
        ServerCredential fallback = ServerCredential.classic(List.of(der(classic.leaf()), der(classic.root())));
        try (Server s = new Server(credentials(p256Leaf, Optional.of(fallback)), p256)) {
            // a client behind by one landmark that requests only its landmark ID 0 (no group): no match -> classic
            // -> not verifiable -> retry with the CA ID, the one ID of the server's list it trusts -> standalone
            Outcome o = connect(s, pki.withoutLandmarks(), Set.of(CA), Optional.of(List.of(CA.landmarkId(1, 0))));
            assertTrue(o.retried(), o.toString());
            assertEquals(List.of(CA), o.requested());
            assertEquals(Kind.STANDALONE, o.kind());
            assertTrue(o.verified() && o.matched(), o.toString());
            // an up-to-date client that requested another CA only retries with the landmark it holds
            Outcome l = connect(s, pki.withLandmarks(), Set.of(CA, CA.landmarkId(1, 1)),
                    Optional.of(List.of(TrustAnchorId.parse("32473.9"))));
            assertTrue(l.retried() && l.verified(), l.toString());
            assertEquals(Kind.LANDMARK_RELATIVE, l.kind());
        }
    }

    /**
     * draft §"Timestamped Landmark Groups" end to end: CA 32473.1 allocates landmark 1 at 05:00 and landmark 2 at
     * 07:00 (hourly versions of group 32473.3, with CA 32473.2); the server holds the landmark-relative certificate
     * of a leaf of landmark 2 and its standalone one, configured with their group inclusions. The relying party
     * reached 32473.1 last at 06:30 (it holds landmark 1: behind by one) and 32473.2 at 08:10.
     */
    @Test
    void aClientBehindByOneLandmarkOfATimestampedGroupRetries() throws Exception {
        TrustAnchorId other = TrustAnchorId.parse("32473.2");
        TimestampedLandmarkGroup group = TimestampedLandmarkGroup.since1970(TrustAnchorId.parse("32473.3"),
                Duration.ofHours(1), List.of(CA, other));
        Instant day = Instant.parse("2026-12-03T00:00:00Z");
        TlsPki two = new TlsPki();
        two.addLeaf(p256, "localhost", "127.0.0.1");
        long size1 = two.ca.tree.size();
        long leaf = two.addLeaf(p256, "localhost", "127.0.0.1");
        List<io.mtc4j.spec.merkle.Subtree> landmark1 = io.mtc4j.spec.merkle.Covering.coveringSubtrees(0, size1);
        List<io.mtc4j.spec.merkle.Subtree> landmark2 = io.mtc4j.spec.merkle.Covering.coveringSubtrees(size1,
                two.ca.tree.size());
        TrustAnchorRange lr = group.landmarkInclusion(CA, day.plusSeconds(7 * 3600), Optional.empty()).orElseThrow();
        List<ServerCredential> creds = List.of(
                ServerCredential.landmarkRelative(CA, 1, 2, 3, der(two.certificate(leaf, landmark2, false)))
                        .withProperties(CertificatePropertyList.of(CA.landmarkId(1, 2), List.of(lr), false)),
                ServerCredential.standalone(CA, der(two.certificate(leaf, landmark2, true)))
                        .withProperties(CertificatePropertyList.of(CA, List.of(group.caInclusion(CA)), false)));
        Map<TrustAnchorId, Instant> behind = Map.of(CA, day.plusSeconds(6 * 3600 + 1800), other,
                day.plusSeconds(8 * 3600 + 600));
        RelyingPartyConfig holdsLandmark1 = two.withSubtrees(landmark1);
        Set<TrustAnchorId> trusted = Set.of(CA, CA.landmarkId(1, 1));
        try (Server s = new Server(creds, p256)) {
            // "send the newer timestamp": version 08:00 claims landmark 2 -> landmark-relative it cannot verify ->
            // TAI §4.3 retry with the CA ID from the server's list -> standalone
            TrustAnchorId newer = group.versionToAdvertise(behind,
                    TimestampedLandmarkGroup.Advertising.NEWER_TIMESTAMP).orElseThrow();
            assertEquals(group.versionId(group.latestVersionAsOf(day.plusSeconds(8 * 3600)).getAsLong()), newer);
            Outcome retried = connect(s, holdsLandmark1, trusted, Optional.of(List.of(CA.landmarkGroupId(1, 1),
                    newer)));
            assertTrue(retried.retried(), retried.toString());
            assertEquals(List.of(CA), retried.requested());
            assertEquals(List.of(CA.landmarkId(1, 2), CA), retried.available());
            assertEquals(Kind.STANDALONE, retried.kind(), retried.verdict());
            assertTrue(retried.verified() && retried.matched(), retried.toString());
            assertEquals("hello", retried.reply());
            assertTrue(s.recorded.tryAcquire(2, 60, TimeUnit.SECONDS), "the server recorded both handshakes");
            TrustAnchorsServer.Selection first = s.served.stream()
                    .filter(x -> x.credential().kind() == Kind.LANDMARK_RELATIVE).findFirst().orElseThrow();
            assertTrue(first.matched() && first.why().startsWith("trust anchor group " + newer), first.why());
            // the draft's rule: up to date for both only as of 06:30 -> version 06:00, before landmark 2 -> the
            // standalone certificate matches through the CA ID's inclusion; no retry
            TrustAnchorId safe = group.versionToAdvertise(behind,
                    TimestampedLandmarkGroup.Advertising.UP_TO_DATE_FOR_ALL).orElseThrow();
            assertEquals(group.versionId(group.latestVersionAsOf(day.plusSeconds(6 * 3600)).getAsLong()), safe);
            Outcome standalone = connect(s, holdsLandmark1, trusted, Optional.of(List.of(safe)));
            assertFalse(standalone.retried(), standalone.toString());
            assertEquals(Kind.STANDALONE, standalone.kind());
            assertTrue(standalone.verified() && standalone.matched(), standalone.toString());
            // up to date for both: landmark-relative, verified at once
            Outcome current = connect(s, two.withSubtrees(landmark2), Set.of(CA, CA.landmarkId(1, 2)),
                    Optional.of(List.of(newer)));
            assertFalse(current.retried(), current.toString());
            assertEquals(Kind.LANDMARK_RELATIVE, current.kind(), current.verdict());
            assertTrue(current.verified() && current.matched(), current.toString());
        }
    }

    @Test
    void aClientRefusesAnMtcThatFailsVerification() throws Exception {
        // only a landmark-relative certificate: a client without the landmark cannot verify it and trusts no ID of
        // the server's list, so it does not retry
        List<ServerCredential> onlyLandmark = List.of(
                ServerCredential.landmarkRelative(CA, 1, 1, 3, der(pki.landmarkRelative(p256Leaf))));
        try (Server s = new Server(onlyLandmark, p256)) {
            Outcome o = connect(s, pki.withoutLandmarks(), Set.of(CA), Optional.of(List.of(CA)));
            assertFalse(o.verified(), o.toString());
            assertFalse(o.retried());
            assertEquals(Kind.LANDMARK_RELATIVE, o.kind());
            assertTrue(o.verdict().startsWith("invalid"), o.verdict());
            assertEquals("", o.reply());
        }
    }

    @Test
    void mlDsa44SubjectKeys() throws Exception {
        try (Server s = new Server(credentials(mlDsaLeaf, Optional.empty()), mlDsa)) {
            Outcome up = connect(s, pki.withLandmarks(), Set.of(CA), Optional.of(List.of(CA.landmarkGroupId(1, 2))));
            assertEquals(Kind.LANDMARK_RELATIVE, up.kind(), up.verdict());
            assertTrue(up.verified(), up.toString());
            Outcome sa = connect(s, pki.withoutLandmarks(), Set.of(CA), Optional.of(List.of(CA)));
            assertEquals(Kind.STANDALONE, sa.kind(), sa.verdict());
            assertTrue(sa.verified(), sa.toString());
            assertTrue(sa.certificateBytes() > up.certificateBytes(), sa + " vs " + up);
        }
    }
}
