package io.mtc4j.rp.tls;

import io.mtc4j.rp.config.RelyingPartyConfig;
import io.mtc4j.rp.host.HostMatcher;
import io.mtc4j.rp.verify.LeafChecks;
import io.mtc4j.rp.verify.MtcVerifier;
import io.mtc4j.rp.verify.VerificationResult;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.cert.MtcOids;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A JSSE trust manager for Merkle Tree Certificates. A chain whose end-entity certificate is an MTC (signature
 * algorithm {@code id-alg-mtcProof}) is verified by {@link MtcVerifier} alone (draft §"Verifying Certificate
 * Signatures": standalone against the cosigner policy, landmark-relative against the trusted subtrees), with the
 * TLS server leaf checks and, when the connection asks for endpoint identification (JSSE's
 * {@code SSLParameters.getEndpointIdentificationAlgorithm()}, which {@code HttpClient} and {@code HttpsURLConnection}
 * set to {@code HTTPS}), the peer's host name or IP address (RFC 9525 / RFC 6125 matching,
 * {@link HostMatcher}). Every other chain goes to the classic trust manager given (normally the JDK's PKIX one,
 * {@link #jdkPkix}), or is refused if there is none.
 *
 * <p>The relying-party configuration is read per handshake from a {@link Supplier}, so trusted subtrees kept
 * current by {@link io.mtc4j.rp.subtrees.LandmarkRefresher} apply to the next handshake. Usable wherever JSSE takes
 * a trust manager: {@code SSLContext.init(null, new TrustManager[] {tm}, null)}, then
 * {@code HttpClient.newBuilder().sslContext(ctx)}. Thread-safe.
 *
 * <p>MTC client certificates (mutual TLS) are checked the same way except for the extended key usage, which the
 * leaf checks know only for servers.
 */
public final class MtcTrustManager extends X509ExtendedTrustManager {
    private static final X509Certificate[] NONE = new X509Certificate[0];

    private final Supplier<RelyingPartyConfig> config;
    private final Optional<X509ExtendedTrustManager> classic;
    private final Clock clock;
    private final Consumer<VerificationResult> observer;

    private MtcTrustManager(Supplier<RelyingPartyConfig> config, Optional<X509ExtendedTrustManager> classic, Clock clock,
            Consumer<VerificationResult> observer) {
        this.config = Objects.requireNonNull(config, "config");
        this.classic = Objects.requireNonNull(classic, "classic");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /**
     * A trust manager for MTCs of the CAs in {@code config}, refusing every classic chain.
     *
     * @param config the relying-party configuration (CAs, cosigners, policies, trusted subtrees)
     * @return the trust manager
     */
    public static MtcTrustManager of(RelyingPartyConfig config) {
        Objects.requireNonNull(config, "config");
        return new MtcTrustManager(() -> config, Optional.empty(), Clock.systemUTC(), r -> { });
    }

    /**
     * A trust manager for MTCs of the CAs {@code config} supplies at each handshake, handing classic chains to
     * {@code classic}.
     *
     * @param config supplies the current relying-party configuration
     * @param classic the trust manager for chains that are not MTCs (e.g. {@link #jdkPkix})
     * @return the trust manager
     */
    public static MtcTrustManager of(Supplier<RelyingPartyConfig> config, X509ExtendedTrustManager classic) {
        return new MtcTrustManager(config, Optional.of(classic), Clock.systemUTC(), r -> { });
    }

    /**
     * The same trust manager, verifying at {@code c}'s time.
     *
     * @param c the clock
     * @return the trust manager
     */
    public MtcTrustManager withClock(Clock c) {
        return new MtcTrustManager(config, classic, c, observer);
    }

    /**
     * The same trust manager, telling {@code o} the result of every MTC verification (valid or not), e.g. to log
     * or count which path (signatures or trusted subtree) was used.
     *
     * @param o the observer
     * @return the trust manager
     */
    public MtcTrustManager withObserver(Consumer<VerificationResult> o) {
        return new MtcTrustManager(config, classic, clock, o);
    }

    /**
     * The JDK's PKIX trust manager over {@code trustStore}, for classic chains.
     *
     * @param trustStore the trust anchors, or empty for the JDK's default ({@code cacerts} or
     *     {@code javax.net.ssl.trustStore})
     * @return the JDK's trust manager
     * @throws GeneralSecurityException if the JDK has no PKIX trust manager for the store
     */
    public static X509ExtendedTrustManager jdkPkix(Optional<KeyStore> trustStore) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance("PKIX");
        f.init(trustStore.orElse(null));
        for (TrustManager t : f.getTrustManagers()) {
            if (t instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("the PKIX TrustManagerFactory has no X509ExtendedTrustManager");
    }

    /**
     * Whether {@code c} is a Merkle Tree Certificate: its signature algorithm is {@code id-alg-mtcProof} (draft
     * §"Certificate Format").
     *
     * @param c the certificate
     * @return true for an MTC
     */
    public static boolean isMtc(X509Certificate c) {
        return MtcOids.ID_ALG_MTC_PROOF.equals(c.getSigAlgOID());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (isMtc(leaf(chain))) {
            verify(chain, Optional.empty(), true);
        } else {
            classic().checkServerTrusted(chain, authType);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        if (isMtc(leaf(chain))) {
            SSLSocket s = socket instanceof SSLSocket x ? x : null;
            verify(chain, s == null ? Optional.empty() : host(s.getSSLParameters(), s.getHandshakeSession()), true);
        } else {
            classic().checkServerTrusted(chain, authType, socket);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        if (isMtc(leaf(chain))) {
            verify(chain, engine == null ? Optional.empty()
                    : host(engine.getSSLParameters(), engine.getHandshakeSession()), true);
        } else {
            classic().checkServerTrusted(chain, authType, engine);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (isMtc(leaf(chain))) {
            verify(chain, Optional.empty(), false);
        } else {
            classic().checkClientTrusted(chain, authType);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        if (isMtc(leaf(chain))) {
            verify(chain, Optional.empty(), false);
        } else {
            classic().checkClientTrusted(chain, authType, socket);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        if (isMtc(leaf(chain))) {
            verify(chain, Optional.empty(), false);
        } else {
            classic().checkClientTrusted(chain, authType, engine);
        }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return classic.map(X509ExtendedTrustManager::getAcceptedIssuers).orElse(NONE);
    }

    private X509ExtendedTrustManager classic() throws CertificateException {
        return classic.orElseThrow(() -> new CertificateException("not a Merkle Tree Certificate, and this trust"
                + " manager has no classic trust manager"));
    }

    private static X509Certificate leaf(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0 || chain[0] == null) {
            throw new CertificateException("empty certificate chain");
        }
        return chain[0];
    }

    /**
     * The reference identity when the connection asks for endpoint identification: the peer host the client
     * connected to (JSSE sets it from the URI host).
     */
    private static Optional<HostMatcher.Reference> host(SSLParameters p, SSLSession session)
            throws CertificateException {
        String algorithm = p == null ? null : p.getEndpointIdentificationAlgorithm();
        if (algorithm == null || algorithm.isEmpty()) {
            return Optional.empty();
        }
        String peer = session == null ? null : session.getPeerHost();
        if (peer == null || peer.isEmpty()) {
            throw new CertificateException("endpoint identification (" + algorithm + ") is on, but the peer host"
                    + " is unknown");
        }
        if (peer.startsWith("[") && peer.endsWith("]")) {
            peer = peer.substring(1, peer.length() - 1);
        }
        try {
            return Optional.of(HostMatcher.parseReference(peer));
        } catch (MtcException e) {
            throw new CertificateException("peer host '" + peer + "' is neither a DNS name nor an IP address: "
                    + e.getMessage(), e);
        }
    }

    private void verify(X509Certificate[] chain, Optional<HostMatcher.Reference> host, boolean server)
            throws CertificateException {
        byte[] der;
        try {
            der = chain[0].getEncoded();
        } catch (CertificateEncodingException e) {
            throw new CertificateException("the certificate cannot be encoded", e);
        }
        MtcVerifier v = new MtcVerifier(config.get(), server ? LeafChecks.Options.tlsServer()
                : new LeafChecks.Options(true, true, false, true));
        VerificationResult r = host.isPresent() ? v.verify(der, clock.instant(), host.get())
                : v.verify(der, clock.instant());
        observer.accept(r);
        if (!r.isValid()) {
            throw new CertificateException("Merkle Tree Certificate " + r.verdict());
        }
    }
}
