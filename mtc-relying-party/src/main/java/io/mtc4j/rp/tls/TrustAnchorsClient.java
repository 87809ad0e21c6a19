package io.mtc4j.rp.tls;

import io.mtc4j.rp.config.RelyingPartyConfig;
import io.mtc4j.rp.host.HostMatcher;
import io.mtc4j.rp.verify.LeafChecks;
import io.mtc4j.rp.verify.MtcVerifier;
import io.mtc4j.rp.verify.VerificationResult;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.SignatureScheme;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;

/**
 * A TLS 1.3 client (BouncyCastle's TLS API) that requests certificates with {@code trust_anchors} and verifies
 * the server's MTC with {@link MtcVerifier} (draft "Use in TLS"): it sends the trust anchor IDs it is given (its CA
 * IDs and landmark groups {@code CA.2.N.L}); if the certificate the server sends does not verify and the server's
 * AvailableTrustAnchorList names an ID this client trusts, it retries once, requesting only that ID
 * (draft-ietf-tls-trust-anchor-ids §"Retry Mechanism"). Classic chains are not trusted by this client.
 */
public final class TrustAnchorsClient {
    /**
     * What a connection found.
     *
     * @param kind the kind of the certificate the server finally sent
     * @param retried whether the client retried
     * @param verified whether that certificate verified (the connection is then complete)
     * @param matched whether the server echoed {@code trust_anchors} (its certificate matched the request)
     * @param requested what the final attempt requested
     * @param available the server's AvailableTrustAnchorList, if it sent one
     * @param verdict the verification verdict
     * @param certificateBytes the size of the server's Certificate message (header included)
     * @param serverFlightBytes the bytes the server sent during the handshake (TLS records)
     * @param reply the server's first line of application data, if verified
     */
    public record Outcome(MtcKeyManager.Kind kind, boolean retried, boolean verified, boolean matched,
            List<TrustAnchorId> requested, List<TrustAnchorId> available, String verdict, int certificateBytes,
            long serverFlightBytes, String reply) {
        /**
         * Copies the lists.
         *
         * @param kind the kind
         * @param retried whether retried
         * @param verified whether verified
         * @param matched whether matched
         * @param requested the request
         * @param available the server's list
         * @param verdict the verdict
         * @param certificateBytes the Certificate message size
         * @param serverFlightBytes the server flight size
         * @param reply the reply line
         */
        public Outcome {
            requested = List.copyOf(requested);
            available = List.copyOf(available);
        }
    }

    private final RelyingPartyConfig config;
    private final Set<TrustAnchorId> trustedIds;
    private final Clock clock;
    private final Duration timeout;

    /**
     * A client.
     *
     * @param config the relying-party configuration (CAs and trusted subtrees) certificates are verified against
     * @param trustedIds the IDs this client may retry with: its CA IDs and the landmark IDs {@code CA.1.N.L} whose
     *     subtrees it holds
     * @param timeout the connect and read time-out
     */
    public TrustAnchorsClient(RelyingPartyConfig config, Set<TrustAnchorId> trustedIds, Duration timeout) {
        this.config = Objects.requireNonNull(config, "config");
        this.trustedIds = Set.copyOf(trustedIds);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Clock.systemUTC();
    }

    /**
     * Connects to {@code address}, requesting {@code requested} (empty: no {@code trust_anchors} extension), and
     * retries once if the draft's retry mechanism applies.
     *
     * @param address where the server listens
     * @param host the name or IP address the certificate must be valid for (sent as SNI when a name)
     * @param requested the RequestedTrustAnchorList, if any
     * @return the outcome
     * @throws IOException if the connection fails for another reason than an unverifiable certificate
     */
    public Outcome connect(InetSocketAddress address, String host, Optional<List<TrustAnchorId>> requested)
            throws IOException {
        Attempt first = attempt(address, host, requested);
        if (first.verified || requested.isEmpty() || first.available.isEmpty()) {
            return first.outcome(false, requested.orElse(List.of()));
        }
        Optional<TrustAnchorId> retry = first.available.stream().filter(trustedIds::contains).findFirst();
        if (retry.isEmpty()) {
            return first.outcome(false, requested.get());
        }
        Attempt second = attempt(address, host, Optional.of(List.of(retry.get())));
        return second.outcome(true, List.of(retry.get()));
    }

    /** One handshake and what it saw. */
    private final class Attempt extends DefaultTlsClient {
        private final String host;
        private final Optional<List<TrustAnchorId>> requested;
        List<TrustAnchorId> available = List.of();
        boolean matched;
        boolean verified;
        MtcKeyManager.Kind kind = MtcKeyManager.Kind.CLASSIC;
        String verdict = "no certificate received";
        int certificateBytes;
        long serverFlightBytes;
        String reply = "";

        Attempt(String host, Optional<List<TrustAnchorId>> requested) {
            super(TrustAnchorsServer.crypto());
            this.host = host;
            this.requested = requested;
        }

        Outcome outcome(boolean retried, List<TrustAnchorId> sent) {
            return new Outcome(kind, retried, verified, matched, sent, available, verdict, certificateBytes,
                    serverFlightBytes, reply);
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.TLSv13.only();
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        protected Vector getSupportedSignatureAlgorithms() {
            Vector v = new Vector();
            v.add(SignatureScheme.getSignatureAndHashAlgorithm(SignatureScheme.mldsa44));
            v.addAll(TlsUtils.getDefaultSupportedSignatureAlgorithms(context));
            return v;
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        protected Vector getSNIServerNames() {
            if (HostMatcher.parseReference(host).dnsName().isEmpty()) {
                return null; // RFC 6066: no IP literals in server_name
            }
            Vector v = new Vector();
            v.add(new ServerName(org.bouncycastle.tls.NameType.host_name, host.getBytes(StandardCharsets.US_ASCII)));
            return v;
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Hashtable getClientExtensions() throws IOException {
            Hashtable ext = super.getClientExtensions();
            requested.ifPresent(r -> ext.put(TrustAnchorList.EXTENSION_TYPE, TrustAnchorList.encode(r)));
            return ext;
        }

        @Override
        @SuppressWarnings("rawtypes")
        public void processServerExtensions(Hashtable serverExtensions) throws IOException {
            super.processServerExtensions(serverExtensions);
            byte[] data = serverExtensions == null ? null
                    : (byte[]) serverExtensions.get(TrustAnchorList.EXTENSION_TYPE);
            if (data != null) {
                try {
                    available = TrustAnchorList.decode(data);
                } catch (MtcException e) {
                    throw new TlsFatalAlert(AlertDescription.decode_error, e.getMessage());
                }
            }
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate sc) throws IOException {
                    Certificate c = sc.getCertificate();
                    ByteArrayOutputStream enc = new ByteArrayOutputStream();
                    c.encode(context, enc, null);
                    certificateBytes = 4 + enc.size(); // handshake header: type and uint24 length
                    if (c.isEmpty()) {
                        throw new TlsFatalAlert(AlertDescription.bad_certificate, "no certificate");
                    }
                    Hashtable<?, ?> ext = c.getCertificateEntryAt(0).getExtensions();
                    matched = ext != null && ext.containsKey(TrustAnchorList.EXTENSION_TYPE);
                    byte[] leaf = c.getCertificateAt(0).getEncoded();
                    check(leaf);
                    if (!verified) {
                        throw new TlsFatalAlert(AlertDescription.bad_certificate, verdict);
                    }
                }

                @Override
                public TlsCredentials getClientCredentials(org.bouncycastle.tls.CertificateRequest r) {
                    return null;
                }
            };
        }

        private void check(byte[] leaf) {
            Optional<Integer> signatures = proofSignatures(leaf);
            if (signatures.isEmpty()) {
                kind = MtcKeyManager.Kind.CLASSIC;
                verdict = "a classic certificate; this client trusts only its MTC CAs";
                return;
            }
            // draft §"Landmark-Relative Certificates": a proof without signatures
            kind = signatures.get() == 0 ? MtcKeyManager.Kind.LANDMARK_RELATIVE : MtcKeyManager.Kind.STANDALONE;
            VerificationResult r = new MtcVerifier(config, LeafChecks.Options.tlsServer()).verify(leaf,
                    clock.instant(), HostMatcher.parseReference(host));
            verified = r.isValid();
            verdict = r.verdict();
        }
    }

    /**
     * The number of signatures in an MTC's proof (draft §"Certificate Format"), or empty for a certificate that is
     * not an MTC of a configured CA's profile.
     */
    private Optional<Integer> proofSignatures(byte[] der) {
        for (io.mtc4j.rp.config.CaConfig ca : config.cas()) {
            try {
                io.mtc4j.spec.cert.MtcCertificate c = io.mtc4j.spec.cert.MtcCertificate.parse(ca.profile(),
                        ca.hash().size(), der);
                return Optional.of(c.proof().signatures().size());
            } catch (MtcException | IllegalArgumentException e) {
                // not an MTC in this CA's profile
            }
        }
        return Optional.empty();
    }

    private Attempt attempt(InetSocketAddress address, String host, Optional<List<TrustAnchorId>> requested)
            throws IOException {
        Attempt a = new Attempt(host, requested);
        try (Socket s = new Socket()) {
            s.connect(address, (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            CountingInput in = new CountingInput(s.getInputStream());
            TlsClientProtocol p = new TlsClientProtocol(in, s.getOutputStream());
            try {
                p.connect(a);
            } catch (TlsFatalAlert e) {
                if (a.certificateBytes > 0 && !a.verified) {
                    a.serverFlightBytes = in.count;
                    return a; // refused the certificate: not a transport failure
                }
                throw e;
            }
            a.serverFlightBytes = in.count;
            byte[] buf = new byte[256];
            int n = p.getInputStream().read(buf);
            a.reply = n > 0 ? new String(buf, 0, n, StandardCharsets.UTF_8).strip() : "";
            p.close();
        }
        return a;
    }

    /** Counts the bytes read from the server. */
    private static final class CountingInput extends FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
