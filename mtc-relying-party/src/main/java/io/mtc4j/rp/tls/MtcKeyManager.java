package io.mtc4j.rp.tls;

import io.mtc4j.rp.host.HostMatcher;
import io.mtc4j.rp.verify.LeafChecks;
import io.mtc4j.spec.MtcException;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A JSSE key manager for a TLS server holding several certificates for one key (draft "Use in TLS"): a
 * landmark-relative and a standalone Merkle Tree Certificate and, optionally, a classic chain; possibly for several
 * keys of different types. For each handshake it picks, among the credentials whose key fits the key type JSSE
 * asks for (e.g. {@code EC}, {@code EdDSA}, {@code ML-DSA}) and whose end-entity certificate covers the client's
 * SNI host name (when it sent one), the first in the preference order.
 *
 * <p>JSSE carries no {@code trust_anchors} signal, so the server cannot know whether a client holds the landmark a
 * landmark-relative certificate needs (draft §"Landmark-Relative Certificates": it SHOULD NOT send one without a
 * signal). The default order is therefore standalone, then classic; a deployment that knows its clients are up to
 * date puts {@link Kind#LANDMARK_RELATIVE} first ({@link #of(List, List)}). The {@code trust_anchors} negotiation
 * needs a TLS stack that lets an application add extensions, which JSSE does not: see {@link TrustAnchorsServer}.
 * Thread-safe (immutable).
 */
public final class MtcKeyManager extends X509ExtendedKeyManager {
    /** What kind of certificate a credential holds. */
    public enum Kind {
        /** An MTC with an inclusion proof to a landmark subtree and no signatures (trust anchor {@code CA.1.N.L}). */
        LANDMARK_RELATIVE,
        /** An MTC with cosignatures (trust anchor: the CA ID). */
        STANDALONE,
        /** An X.509 chain signed by a classic CA. */
        CLASSIC
    }

    /**
     * One certificate chain and its key.
     *
     * @param alias the name JSSE uses for it, unique in a key manager
     * @param kind the kind of certificate
     * @param key the private key of the end-entity certificate
     * @param chain the chain, end-entity certificate first (an MTC alone)
     */
    public record Credential(String alias, Kind kind, PrivateKey key, List<X509Certificate> chain) {
        /**
         * Checks that nothing is missing and copies the chain.
         *
         * @param alias the alias
         * @param kind the kind
         * @param key the private key
         * @param chain the chain, end-entity first
         */
        public Credential {
            Objects.requireNonNull(alias, "alias");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(key, "key");
            chain = List.copyOf(chain);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("credential " + alias + " has no certificate");
            }
            if ((kind == Kind.CLASSIC) == MtcTrustManager.isMtc(chain.get(0))) {
                throw new IllegalArgumentException("credential " + alias + " is declared " + kind + " but its"
                        + " certificate " + (kind == Kind.CLASSIC ? "is" : "is not") + " a Merkle Tree Certificate");
            }
        }
    }

    private final List<Credential> credentials;
    private final List<Kind> preference;

    private MtcKeyManager(List<Credential> credentials, List<Kind> preference) {
        this.credentials = List.copyOf(credentials);
        this.preference = List.copyOf(preference);
        List<String> aliases = new ArrayList<>();
        for (Credential c : this.credentials) {
            if (aliases.contains(c.alias())) {
                throw new IllegalArgumentException("two credentials named " + c.alias());
            }
            aliases.add(c.alias());
        }
        if (this.preference.isEmpty() || this.preference.stream().distinct().count() != this.preference.size()) {
            throw new IllegalArgumentException("the preference lists each kind at most once, at least one");
        }
    }

    /**
     * A key manager preferring standalone MTCs, then classic chains, and never sending a landmark-relative MTC.
     *
     * @param credentials the credentials
     * @return the key manager
     */
    public static MtcKeyManager of(List<Credential> credentials) {
        return new MtcKeyManager(credentials, List.of(Kind.STANDALONE, Kind.CLASSIC));
    }

    /**
     * A key manager choosing among the kinds in {@code preference}, in that order; kinds not listed are never
     * sent.
     *
     * @param credentials the credentials
     * @param preference the kinds to send, most preferred first
     * @return the key manager
     */
    public static MtcKeyManager of(List<Credential> credentials, List<Kind> preference) {
        return new MtcKeyManager(credentials, preference);
    }

    /**
     * The credentials.
     *
     * @return the credentials
     */
    public List<Credential> credentials() {
        return credentials;
    }

    /**
     * The credential the server sends for {@code keyType} and client SNI {@code sni} (draft "Use in TLS"): the
     * first in preference order whose key fits and whose certificate covers the SNI name; if none covers it, the
     * first whose key fits (as JDK key managers do: the client then refuses a name mismatch itself).
     *
     * @param keyType the JSSE key type, e.g. {@code EC}, {@code EdDSA}, {@code Ed25519}, {@code ML-DSA-44}
     * @param sni the host name the client asked for, if any
     * @return the chosen credential, if one fits
     */
    public Optional<Credential> select(String keyType, Optional<String> sni) {
        for (Kind k : preference) {
            for (Credential c : credentials) {
                if (c.kind() == k && keyFits(keyType, c.key()) && covers(c.chain().get(0), sni)) {
                    return Optional.of(c);
                }
            }
        }
        return sni.isPresent() ? select(keyType, Optional.empty()) : Optional.empty();
    }

    /** JSSE's key type names and the JCA key algorithms, mapped to one spelling per algorithm. */
    static String canonicalKeyType(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        int sep = n.indexOf('_'); // SunJSSE's TLS 1.2 names such as EC_EC
        if (sep > 0 && !n.startsWith("ML-DSA")) {
            n = n.substring(0, sep);
        }
        return switch (n) {
            case "EC", "ECDSA" -> "EC";
            case "EDDSA", "ED25519" -> "ED25519";
            case "ML-DSA", "ML-DSA-44", "MLDSA44", "MLDSA" -> "ML-DSA-44";
            default -> n;
        };
    }

    private static boolean keyFits(String keyType, PrivateKey key) {
        return keyType != null && canonicalKeyType(keyType).equals(canonicalKeyType(key.getAlgorithm()));
    }

    private static boolean covers(X509Certificate c, Optional<String> sni) {
        if (sni.isEmpty()) {
            return true;
        }
        try {
            LeafChecks.LeafFacts f = LeafChecks.facts(c.getTBSCertificate());
            return HostMatcher.matches(HostMatcher.parseReference(sni.get()), f.dnsNames(), f.ipAddresses());
        } catch (CertificateEncodingException | MtcException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<String> sni(SSLSession handshake) {
        if (handshake instanceof ExtendedSSLSession e) {
            for (SNIServerName n : e.getRequestedServerNames()) {
                if (n instanceof SNIHostName h) {
                    return Optional.of(h.getAsciiName());
                }
            }
        }
        return Optional.empty();
    }

    private String choose(String keyType, Optional<String> sni) {
        return select(keyType, sni).map(Credential::alias).orElse(null);
    }

    private String chooseAny(String[] keyTypes, Optional<String> sni) {
        if (keyTypes == null) {
            return null;
        }
        for (String t : keyTypes) {
            String a = choose(t, sni);
            if (a != null) {
                return a;
            }
        }
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(keyType, socket instanceof SSLSocket s ? sni(s.getHandshakeSession()) : Optional.empty());
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType, engine == null ? Optional.empty() : sni(engine.getHandshakeSession()));
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return chooseAny(keyTypes, Optional.empty());
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return chooseAny(keyTypes, Optional.empty());
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return aliases(keyType);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return aliases(keyType);
    }

    private String[] aliases(String keyType) {
        List<String> out = new ArrayList<>();
        for (Credential c : credentials) {
            if (preference.contains(c.kind()) && keyFits(keyType, c.key())) {
                out.add(c.alias());
            }
        }
        return out.isEmpty() ? null : out.toArray(new String[0]);
    }

    private Optional<Credential> byAlias(String alias) {
        return credentials.stream().filter(c -> c.alias().equals(alias)).findFirst();
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return byAlias(alias).map(c -> c.chain().toArray(new X509Certificate[0])).orElse(null);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return byAlias(alias).map(Credential::key).orElse(null);
    }
}
