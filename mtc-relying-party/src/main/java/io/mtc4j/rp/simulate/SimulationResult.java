package io.mtc4j.rp.simulate;

import java.util.Objects;

/**
 * What a simulation measured over its measured span (after a warm-up of one lifetime and one landmark interval,
 * so that every subscriber holds certificates as in steady state).
 *
 * @param parameters the parameters simulated
 * @param maxActiveLandmarks {@code max_active_landmarks} (derived as in §"Allocating Landmarks" unless given)
 * @param rpStateHashes the relying party's trusted-subtree state per CA, {@code 2 * max_active_landmarks} hashes
 *     (§"Landmark Tree Sizes")
 * @param rpStateBytes {@code rpStateHashes} SHA-256 hashes in bytes
 * @param rpStateHashesObserved the most non-empty active landmark subtrees the simulated log ever had at once
 * @param checkpoints checkpoints made in the measured span
 * @param landmarks landmarks allocated in the measured span
 * @param certificatesIssued certificates (log entries) issued in the measured span
 * @param entriesPerCheckpoint mean entries per checkpoint interval (what standalone subtrees cover)
 * @param entriesPerLandmark mean entries per landmark interval (what landmark subtrees cover)
 * @param standaloneProofHashes median inclusion-proof hashes of the standalone certificates issued
 * @param standaloneProofHashesMax the most inclusion-proof hashes of any standalone certificate issued
 * @param landmarkProofHashes median inclusion-proof hashes of the landmark-relative certificates issued
 * @param landmarkProofHashesMax the most inclusion-proof hashes of any landmark-relative certificate issued
 * @param standaloneCertificateBytes DER size of a standalone certificate with the median proof and the cosignatures
 * @param landmarkCertificateBytes DER size of a landmark-relative certificate with the median proof
 * @param handshakes handshakes sampled
 * @param landmarkRelativeShare share of handshakes served a landmark-relative certificate
 * @param standaloneShare share of handshakes served a standalone certificate
 * @param noneShare share of handshakes for which the subscriber had no acceptable certificate
 * @param uncoveredShare share of handshakes in which no certificate the subscriber held had a deployed
 *     landmark-relative version yet (issuance not yet covered by a landmark, or not yet deployed)
 * @param meanAuthBytes mean DER bytes of the certificate served per handshake (0 for none)
 * @param p50AuthBytes median of the same
 * @param p99AuthBytes 99th percentile of the same
 */
public record SimulationResult(SimulationParameters parameters, long maxActiveLandmarks, long rpStateHashes,
        long rpStateBytes, long rpStateHashesObserved, long checkpoints, long landmarks, long certificatesIssued,
        double entriesPerCheckpoint, double entriesPerLandmark, int standaloneProofHashes, int standaloneProofHashesMax,
        int landmarkProofHashes, int landmarkProofHashesMax, int standaloneCertificateBytes,
        int landmarkCertificateBytes, long handshakes, double landmarkRelativeShare, double standaloneShare,
        double noneShare, double uncoveredShare, double meanAuthBytes, int p50AuthBytes, int p99AuthBytes) {
    /**
     * Checks that the parameters are present.
     *
     * @param parameters the parameters simulated
     * @param maxActiveLandmarks max_active_landmarks
     * @param rpStateHashes the relying party's state in hashes
     * @param rpStateBytes the relying party's state in bytes
     * @param rpStateHashesObserved the most non-empty active landmark subtrees observed
     * @param checkpoints checkpoints in the measured span
     * @param landmarks landmarks in the measured span
     * @param certificatesIssued certificates issued in the measured span
     * @param entriesPerCheckpoint mean entries per checkpoint
     * @param entriesPerLandmark mean entries per landmark
     * @param standaloneProofHashes median standalone proof hashes
     * @param standaloneProofHashesMax most standalone proof hashes
     * @param landmarkProofHashes median landmark-relative proof hashes
     * @param landmarkProofHashesMax most landmark-relative proof hashes
     * @param standaloneCertificateBytes standalone certificate size
     * @param landmarkCertificateBytes landmark-relative certificate size
     * @param handshakes handshakes sampled
     * @param landmarkRelativeShare landmark-relative share
     * @param standaloneShare standalone share
     * @param noneShare share without a certificate
     * @param uncoveredShare share without any deployed landmark-relative certificate
     * @param meanAuthBytes mean bytes
     * @param p50AuthBytes median bytes
     * @param p99AuthBytes 99th percentile bytes
     */
    public SimulationResult {
        Objects.requireNonNull(parameters, "parameters");
    }
}
