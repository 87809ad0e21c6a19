package io.mtc4j.rp.simulate;

import io.mtc4j.spec.landmark.LandmarkGroup;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The TLS server's certificate selection among a subscriber's certificates, as draft §"Use in TLS" recommends with
 * trust anchor IDs and §"Certificate Renewal" describes for overlapping certificates, over the simulator's abstract
 * holdings (a landmark number per certificate, newest first). The TLS server's own rule over real credentials and
 * their certificate properties is {@code io.mtc4j.rp.tls.TrustAnchorsServer}; the two are kept apart because they
 * select among different things.
 */
final class TlsSelection {
    private TlsSelection() {}

    /** What a handshake is served. */
    enum Kind {
        LANDMARK_RELATIVE, STANDALONE, NONE
    }

    /**
     * One unexpired certificate the subscriber holds.
     *
     * @param landmark the landmark of its deployed landmark-relative certificate, if that is deployed
     */
    record Held(OptionalLong landmark) {}

    /**
     * What the client's ClientHello says about its trust anchors.
     *
     * @param sendsTrustAnchors whether it sends the {@code trust_anchors} extension
     * @param landmarkGroup the single-log landmark group it advertises (its latest trusted landmark), if it has any
     *     trusted subtrees; a client without one advertises only the CA ID
     */
    record ClientSignal(boolean sendsTrustAnchors, Optional<LandmarkGroup> landmarkGroup) {}

    /**
     * The selection.
     *
     * @param kind what is sent
     * @param certificate the index in the held list of the certificate sent (-1 for none)
     */
    record Choice(Kind kind, int certificate) {}

    /**
     * Selects among {@code held} (newest first):
     * <ol>
     *   <li>a landmark-relative certificate only with a signal that the client trusts its landmark (§"Landmark-Relative
     *       Certificates" in §"Use in TLS": SHOULD NOT without it): the advertised landmark group contains it;</li>
     *   <li>a standalone certificate if the client's trust anchors contain the CA ID (every landmark group does) or
     *       the client sends no {@code trust_anchors} at all (§"Standalone Certificates": MAY be sent without
     *       explicit signals);</li>
     *   <li>landmark-relative before standalone (SHOULD preferentially use the landmark-relative certificate), and
     *       within a kind the newest certificate (§"Certificate Renewal": negotiation moves updated clients to the
     *       new certificate while the old one serves the others).</li>
     * </ol>
     */
    // draft §"Use in TLS" (§"Standalone Certificates", §"Landmark-Relative Certificates"), §"Certificate Renewal"
    static Choice selectCertificate(List<Held> held, ClientSignal client) {
        if (client.sendsTrustAnchors() && client.landmarkGroup().isPresent()) {
            LandmarkGroup group = client.landmarkGroup().get();
            for (int c = 0; c < held.size(); c++) {
                OptionalLong l = held.get(c).landmark();
                if (l.isPresent() && group.containsLandmark(l.getAsLong())) {
                    return new Choice(Kind.LANDMARK_RELATIVE, c);
                }
            }
        }
        // the CA ID is in every landmark group, is advertised alone by a client without trusted subtrees, and a
        // client without trust_anchors is assumed to trust the CA
        return held.isEmpty() ? new Choice(Kind.NONE, -1) : new Choice(Kind.STANDALONE, 0);
    }
}
