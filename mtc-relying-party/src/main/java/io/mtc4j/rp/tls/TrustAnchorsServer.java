package io.mtc4j.rp.tls;

import io.mtc4j.rp.host.HostMatcher;
import io.mtc4j.rp.host.SubjectAltNames;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Vector;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.SignatureScheme;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * A TLS 1.3 server (BouncyCastle's TLS API) that negotiates its certificate with {@code trust_anchors} (draft "Use
 * in TLS"; draft-ietf-tls-trust-anchor-ids): it reads the client's RequestedTrustAnchorList, sends a
 * landmark-relative MTC when a requested landmark ID or landmark group matches it, else a standalone MTC when the
 * CA ID (or a landmark group of the CA) is requested, else its fallback (a classic chain if it has one, else the
 * standalone MTC); it echoes an empty {@code trust_anchors} in the first CertificateEntry when the certificate
 * matched, and lists its AvailableTrustAnchorList in EncryptedExtensions to a client that sent the extension (for
 * the retry mechanism). A client that sends no {@code trust_anchors} gets an ordinary TLS 1.3 handshake with the
 * fallback. One instance serves one connection ({@code new TlsServerProtocol(in, out).accept(server)}).
 */
public final class TrustAnchorsServer extends DefaultTlsServer {
    /** The certificate chosen for a connection and why. */
    public record Selection(ServerCredential credential, boolean matched, String why) {}

    /**
     * One subject's certification paths and their private key: a server holding several (say a DNS name's and an IP
     * address's certificates, each with its own key) picks one per connection by the client's server_name.
     *
     * @param credentials the certification paths, all for {@code key}; at least one
     * @param key the private key (EC P-256, Ed25519 or ML-DSA-44)
     */
    public record Identity(List<ServerCredential> credentials, PrivateKey key) {
        /**
         * Copies the list.
         *
         * @param credentials the certification paths, all for {@code key}; at least one
         * @param key the private key
         * @throws IllegalArgumentException if there is no credential
         */
        public Identity {
            credentials = List.copyOf(credentials);
            Objects.requireNonNull(key, "key");
            if (credentials.isEmpty()) {
                throw new IllegalArgumentException("a server needs a credential");
            }
        }
    }

    private final List<Identity> identities;
    private List<ServerCredential> credentials;
    private PrivateKey key;
    private Optional<List<TrustAnchorId>> requested = Optional.empty();
    private Optional<Selection> selection = Optional.empty();

    /**
     * A server for one connection.
     *
     * @param credentials the certification paths, all for {@code key}
     * @param key the private key (EC P-256, Ed25519 or ML-DSA-44)
     */
    public TrustAnchorsServer(List<ServerCredential> credentials, PrivateKey key) {
        this(List.of(new Identity(credentials, key)));
    }

    /**
     * A server for one connection holding several subjects' certificates. The client's server_name (RFC 6066 §3)
     * picks the identity whose end-entity certificate presents a matching dNSName; a client that sends none is
     * connecting by IP address (RFC 6066 allows no literal addresses in server_name), so it gets the first identity
     * whose certificate presents an iPAddress; otherwise, the first identity.
     *
     * @param identities the subjects' certification paths and keys, at least one
     */
    public TrustAnchorsServer(List<Identity> identities) {
        super(crypto());
        this.identities = identities.stream().map(i -> new Identity(i.credentials(), bcKey(i.key()))).toList();
        if (this.identities.isEmpty()) {
            throw new IllegalArgumentException("a server needs an identity");
        }
        choose(this.identities.get(0));
    }

    private void choose(Identity i) {
        this.credentials = i.credentials();
        this.key = i.key();
    }

    /** RFC 6066 §3: the identity for the client's host_name, or for an address when it sent none. */
    static Identity identityFor(List<Identity> identities, Optional<String> serverName) {
        Optional<String> reference;
        try {
            reference = serverName.map(HostMatcher::normalizeReferenceDnsName);
        } catch (MtcException e) {
            return identities.get(0); // a server_name that is no host name matches no certificate
        }
        for (Identity i : identities) {
            SubjectAltNames names = endEntityNames(i);
            boolean match = reference.isPresent()
                    ? names.dnsNames().stream().anyMatch(p -> HostMatcher.matchesDnsName(reference.get(), p))
                    : !names.ipAddresses().isEmpty();
            if (match) {
                return i;
            }
        }
        return identities.get(0);
    }

    private static SubjectAltNames endEntityNames(Identity i) {
        try {
            Extensions ext = org.bouncycastle.asn1.x509.Certificate.getInstance(i.credentials().get(0).chain().get(0))
                    .getTBSCertificate().getExtensions();
            Extension san = ext == null ? null : ext.getExtension(Extension.subjectAlternativeName);
            return san == null ? new SubjectAltNames(List.of(), List.of())
                    : SubjectAltNames.parse(san.getExtnValue().getOctets());
        } catch (RuntimeException e) {
            return new SubjectAltNames(List.of(), List.of()); // an unreadable name matches nothing
        }
    }

    /** BouncyCastle's JCA crypto over the BC provider (ML-DSA-44 and Ed25519 on every Java 17). */
    static JcaTlsCrypto crypto() {
        return new JcaTlsCryptoProvider().setProvider(new BouncyCastleProvider())
                .create(new java.security.SecureRandom());
    }

    private static PrivateKey bcKey(PrivateKey k) {
        try {
            return KeyFactory.getInstance(k.getAlgorithm(), new BouncyCastleProvider())
                    .generatePrivate(new PKCS8EncodedKeySpec(k.getEncoded()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("unsupported private key " + k.getAlgorithm() + ": " + e.getMessage(), e);
        }
    }

    /**
     * draft "Use in TLS": the certificate to send for {@code requested} (empty: the client sent no
     * {@code trust_anchors}). Landmark-relative before standalone (it is smaller); an unmatched request gets the
     * fallback.
     *
     * @param credentials the server's certification paths
     * @param requested the client's RequestedTrustAnchorList, if it sent one
     * @return the selection
     * @throws IllegalArgumentException if nothing matches and every path has {@code trust_anchor_negotiation}
     */
    public static Selection select(List<ServerCredential> credentials, Optional<List<TrustAnchorId>> requested) {
        if (requested.isPresent()) {
            for (MtcKeyManager.Kind k : List.of(MtcKeyManager.Kind.LANDMARK_RELATIVE, MtcKeyManager.Kind.STANDALONE)) {
                for (ServerCredential c : credentials) {
                    if (c.kind() != k) {
                        continue;
                    }
                    for (TrustAnchorId id : requested.get()) {
                        Optional<String> why = c.matchedBy(id);
                        if (why.isPresent()) {
                            return new Selection(c, true, why.get());
                        }
                    }
                }
            }
        }
        String why = requested.isEmpty() ? "the client sent no trust_anchors" : "no requested trust anchor matches";
        for (MtcKeyManager.Kind k : List.of(MtcKeyManager.Kind.CLASSIC, MtcKeyManager.Kind.STANDALONE,
                MtcKeyManager.Kind.LANDMARK_RELATIVE)) {
            for (ServerCredential c : credentials) {
                // TAI §6.3: a path with trust_anchor_negotiation is not a fallback
                if (c.kind() == k && !c.properties().trustAnchorNegotiation()) {
                    return new Selection(c, false, why + "; fallback " + k.name().toLowerCase(Locale.ROOT));
                }
            }
        }
        throw new IllegalArgumentException("no credential may be a fallback (all have trust_anchor_negotiation)");
    }

    /**
     * The server's AvailableTrustAnchorList: the trust anchor ID of every MTC it holds.
     *
     * @param credentials the server's certification paths
     * @return the IDs, landmark-relative first
     */
    public static List<TrustAnchorId> available(List<ServerCredential> credentials) {
        List<TrustAnchorId> out = new ArrayList<>();
        for (MtcKeyManager.Kind k : List.of(MtcKeyManager.Kind.LANDMARK_RELATIVE, MtcKeyManager.Kind.STANDALONE)) {
            for (ServerCredential c : credentials) {
                if (c.kind() == k && !out.contains(c.trustAnchorId().get())) {
                    out.add(c.trustAnchorId().get());
                }
            }
        }
        return out;
    }

    /**
     * What this connection's handshake selected, once the server has chosen its certificate.
     *
     * @return the selection
     */
    public Optional<Selection> selection() {
        return selection;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.TLSv13.only();
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        if (identities.size() > 1) {
            Optional<String> hostName = Optional.empty();
            Vector names = clientExtensions == null ? null
                    : TlsExtensionsUtils.getServerNameExtensionClient(clientExtensions);
            if (names != null) {
                for (Object o : names) {
                    ServerName n = (ServerName) o;
                    if (n.getNameType() == NameType.host_name) {
                        hostName = Optional.of(new String(n.getNameData(), StandardCharsets.US_ASCII));
                    }
                }
            }
            choose(identityFor(identities, hostName));
        }
        byte[] data = clientExtensions == null ? null : (byte[]) clientExtensions.get(TrustAnchorList.EXTENSION_TYPE);
        if (data != null) {
            try {
                requested = Optional.of(TrustAnchorList.decode(data));
            } catch (MtcException e) {
                throw new TlsFatalAlert(AlertDescription.decode_error, e.getMessage());
            }
        }
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable ext = super.getServerExtensions();
        if (requested.isPresent()) {
            if (ext == null) {
                ext = new Hashtable();
            }
            // TAI "Retry Mechanism": the server's available trust anchors, in EncryptedExtensions
            ext.put(TrustAnchorList.EXTENSION_TYPE, TrustAnchorList.encode(available(credentials)));
        }
        return ext;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public TlsCredentials getCredentials() throws IOException {
        Selection s;
        try {
            s = select(credentials, requested);
        } catch (IllegalArgumentException e) {
            // TAI §4.2: no path matches and none may be a fallback
            throw new TlsFatalAlert(AlertDescription.handshake_failure, e.getMessage());
        }
        selection = Optional.of(s);
        List<byte[]> chain = s.credential().chain();
        CertificateEntry[] entries = new CertificateEntry[chain.size()];
        for (int i = 0; i < chain.size(); i++) {
            Hashtable ext = null;
            if (i == 0 && s.matched()) {
                ext = new Hashtable();
                ext.put(TrustAnchorList.EXTENSION_TYPE, new byte[0]); // TAI: the path matched the request
            }
            TlsCertificate c = getCrypto().createCertificate(chain.get(i));
            entries[i] = new CertificateEntry(c, ext);
        }
        Certificate certificate = new Certificate(new byte[0], entries);
        SignatureAndHashAlgorithm alg = signatureAlgorithm(key);
        Vector offered = context.getSecurityParametersHandshake().getClientSigAlgs();
        if (offered == null || !offered.contains(alg)) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "the client offers no signature scheme for a "
                    + key.getAlgorithm() + " key (" + alg + ")");
        }
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), (JcaTlsCrypto) getCrypto(), key,
                certificate, alg);
    }

    /** The TLS 1.3 signature scheme of a subject key. */
    static SignatureAndHashAlgorithm signatureAlgorithm(PrivateKey k) {
        return switch (MtcKeyManager.canonicalKeyType(k.getAlgorithm())) {
            case "EC" -> SignatureAndHashAlgorithm.getInstance(org.bouncycastle.tls.HashAlgorithm.sha256,
                    org.bouncycastle.tls.SignatureAlgorithm.ecdsa);
            case "ED25519" -> SignatureAndHashAlgorithm.ed25519;
            case "ML-DSA-44" -> SignatureScheme.getSignatureAndHashAlgorithm(SignatureScheme.mldsa44);
            default -> throw new IllegalArgumentException("no TLS 1.3 signature scheme for " + k.getAlgorithm()
                    + " keys here (EC P-256, Ed25519, ML-DSA-44)");
        };
    }
}
