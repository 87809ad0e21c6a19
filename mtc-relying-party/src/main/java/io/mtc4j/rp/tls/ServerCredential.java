package io.mtc4j.rp.tls;

import io.mtc4j.spec.tai.CertificatePropertyList;
import io.mtc4j.spec.tai.TrustAnchorId;
import io.mtc4j.spec.tai.TrustAnchorRange;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One certification path a TLS server can send, with what the {@code trust_anchors} negotiation needs to know about
 * it (draft "Use in TLS"): a landmark-relative MTC has trust anchor ID {@code CA.1.N.L} and belongs to the landmark
 * groups {@code CA.2.N.G} for {@code L <= G <= L + max_active_landmarks - 1}; a standalone MTC has the CA ID and
 * belongs to every landmark group of its CA; a classic chain has no trust anchor ID here and is only a fallback.
 * An MTC path may further carry its CertificatePropertyList (draft-ietf-tls-trust-anchor-ids §6): trust anchor group
 * inclusions, such as a {@link TimestampedLandmarkGroup}'s versions, and the {@code trust_anchor_negotiation} flag.
 *
 * @param kind the kind of certificate
 * @param chain the DER certificates, end-entity first
 * @param caId the issuing MTC CA's ID (empty for a classic chain)
 * @param logNumber the log of a landmark-relative certificate (0 otherwise)
 * @param landmark the landmark of a landmark-relative certificate
 * @param maxActiveLandmarks the CA's {@code max_active_landmarks} (for group membership of a landmark-relative one)
 * @param properties the path's certificate properties (an empty list when it has none)
 */
public record ServerCredential(MtcKeyManager.Kind kind, List<byte[]> chain, Optional<TrustAnchorId> caId, int logNumber,
        OptionalLong landmark, OptionalLong maxActiveLandmarks, CertificatePropertyList properties) {
    /**
     * Checks the components fit the kind and copies the chain.
     *
     * @param kind the kind
     * @param chain the DER chain, end-entity first
     * @param caId the CA ID
     * @param logNumber the log number
     * @param landmark the landmark
     * @param maxActiveLandmarks the CA's max_active_landmarks
     * @param properties the certificate properties; a {@code trust_anchor_id} property must be the path's own ID
     */
    public ServerCredential {
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(kind, "kind");
        chain = chain.stream().map(byte[]::clone).toList();
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a credential needs a certificate");
        }
        if (kind == MtcKeyManager.Kind.CLASSIC ? caId.isPresent() : caId.isEmpty()) {
            throw new IllegalArgumentException(kind + " credential: CA ID " + (caId.isPresent() ? "given" : "missing"));
        }
        if ((kind == MtcKeyManager.Kind.LANDMARK_RELATIVE)
                != (landmark.isPresent() && maxActiveLandmarks.isPresent() && logNumber > 0)) {
            throw new IllegalArgumentException("exactly a landmark-relative credential has a log, landmark and window");
        }
        if (kind == MtcKeyManager.Kind.CLASSIC && !properties.equals(CertificatePropertyList.NONE)) {
            throw new IllegalArgumentException("a classic chain is only a fallback here; it takes no certificate "
                    + "properties");
        }
        if (properties.trustAnchorId().isPresent()) {
            // TAI §3.2: the path's trust anchor ID; a mismatch would be incorrect selection metadata (TAI §8.1)
            TrustAnchorId own = kind == MtcKeyManager.Kind.LANDMARK_RELATIVE
                    ? caId.get().landmarkId(logNumber, landmark.getAsLong()) : caId.get();
            if (!properties.trustAnchorId().get().equals(own)) {
                throw new IllegalArgumentException("trust_anchor_id property " + properties.trustAnchorId().get()
                        + " is not the path's trust anchor ID " + own);
            }
        }
    }

    /**
     * The same path configured with {@code properties} (draft-ietf-tls-trust-anchor-ids §3.2, §6).
     *
     * @param properties the path's certificate properties
     * @return the credential
     * @throws IllegalArgumentException if the properties name another trust anchor ID, or the path is classic
     */
    public ServerCredential withProperties(CertificatePropertyList properties) {
        return new ServerCredential(kind, chain, caId, logNumber, landmark, maxActiveLandmarks, properties);
    }

    /**
     * A standalone MTC of CA {@code caId}.
     *
     * @param caId the CA ID
     * @param certificate the DER certificate
     * @return the credential
     */
    public static ServerCredential standalone(TrustAnchorId caId, byte[] certificate) {
        return new ServerCredential(MtcKeyManager.Kind.STANDALONE, List.of(certificate), Optional.of(caId), 0,
                OptionalLong.empty(), OptionalLong.empty(), CertificatePropertyList.NONE);
    }

    /**
     * A landmark-relative MTC of CA {@code caId}, log {@code log}, landmark {@code landmark}.
     *
     * @param caId the CA ID
     * @param log the log number
     * @param landmark the landmark number
     * @param maxActiveLandmarks the CA's max_active_landmarks
     * @param certificate the DER certificate
     * @return the credential
     */
    public static ServerCredential landmarkRelative(TrustAnchorId caId, int log, long landmark, long maxActiveLandmarks,
            byte[] certificate) {
        return new ServerCredential(MtcKeyManager.Kind.LANDMARK_RELATIVE, List.of(certificate), Optional.of(caId), log,
                OptionalLong.of(landmark), OptionalLong.of(maxActiveLandmarks), CertificatePropertyList.NONE);
    }

    /**
     * A classic X.509 chain (fallback only).
     *
     * @param chain the DER chain, end-entity first
     * @return the credential
     */
    public static ServerCredential classic(List<byte[]> chain) {
        return new ServerCredential(MtcKeyManager.Kind.CLASSIC, chain, Optional.empty(), 0, OptionalLong.empty(),
                OptionalLong.empty(), CertificatePropertyList.NONE);
    }

    /**
     * The DER certificates, end-entity first.
     *
     * @return copies of the certificates
     */
    @Override
    public List<byte[]> chain() {
        return chain.stream().map(byte[]::clone).toList();
    }

    /**
     * The trust anchor ID the server lists for this path in its AvailableTrustAnchorList: {@code CA.1.N.L} for a
     * landmark-relative MTC, the CA ID for a standalone one, none for a classic chain.
     *
     * @return the trust anchor ID
     */
    public Optional<TrustAnchorId> trustAnchorId() {
        return switch (kind) {
            case LANDMARK_RELATIVE -> Optional.of(caId.get().landmarkId(logNumber, landmark.getAsLong()));
            case STANDALONE -> caId;
            case CLASSIC -> Optional.empty();
        };
    }

    /**
     * Why {@code requested} names this path, if it does: its own trust anchor ID, or a landmark group that
     * contains it (draft §"Single-Log Landmark Groups": group {@code CA.2.N.G} holds the CA ID and landmarks
     * {@code G - max_active_landmarks + 1} to {@code G} of log N).
     *
     * @param requested one requested trust anchor ID
     * @return a short reason, if it matches
     */
    public Optional<String> matchedBy(TrustAnchorId requested) {
        if (trustAnchorId().isPresent() && trustAnchorId().get().equals(requested)) {
            return Optional.of("requested " + requested);
        }
        for (TrustAnchorRange r : properties.trustAnchorGroupInclusions()) {
            if (r.contains(requested)) {
                // TAI §4.2: one of the path's trust anchor group inclusions contains the requested ID
                return Optional.of("trust anchor group " + requested + " (inclusion " + r + ")");
            }
        }
        if (caId.isEmpty() || !requested.startsWith(caId.get())) {
            return Optional.empty();
        }
        List<Long> rest = requested.components().subList(caId.get().components().size(),
                requested.components().size());
        if (rest.size() != 3 || rest.get(0) != 2) {
            return Optional.empty();
        }
        if (kind == MtcKeyManager.Kind.STANDALONE) {
            return Optional.of("landmark group " + requested + " contains the CA ID");
        }
        long g = rest.get(2);
        long l = landmark.getAsLong();
        if (rest.get(1) == logNumber && l <= g && g - l < maxActiveLandmarks.getAsLong()) {
            return Optional.of("landmark group " + requested + " contains landmark " + l);
        }
        return Optional.empty();
    }
}
