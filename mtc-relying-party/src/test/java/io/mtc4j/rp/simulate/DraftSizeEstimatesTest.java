package io.mtc4j.rp.simulate;

import static io.mtc4j.rp.simulate.SimulationFixtures.DAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The draft's §"Size Estimates" and §"Landmark Tree Sizes" figures, reproduced from its own parameters (4.4 M
 * certificates an hour, 2 s checkpoints, hourly landmarks, 7-day lifetime) by the simulated log.
 */
class DraftSizeEstimatesTest {
    static SimulationResult r;

    @BeforeAll
    static void simulate() {
        r = Simulation.run(SimulationFixtures.draft(2 * DAY, 20_000), SimulationProgress.NONE);
    }

    static int ceilLog2(double v) {
        return 64 - Long.numberOfLeadingZeros((long) Math.ceil(v) - 1);
    }

    @Test
    void relyingPartyState169Landmarks338Hashes10816Bytes() {
        assertEquals(169, r.maxActiveLandmarks());
        assertEquals(338, r.rpStateHashes());
        assertEquals(10_816, r.rpStateBytes());
        // every landmark interval of this log is long enough for two non-empty subtrees
        assertEquals(338, r.rpStateHashesObserved());
    }

    @Test
    void standaloneSubtreesSpanAbout2500Entries12Hashes384Bytes() {
        // "standalone certificate subtrees will span around 2,500 certificates" (4.4M/h * 2s = 2,444)
        assertTrue(Math.abs(r.entriesPerCheckpoint() - 2_444.4) < 25, "entries per checkpoint " + r.entriesPerCheckpoint());
        assertEquals(12, ceilLog2(r.entriesPerCheckpoint()));
        assertEquals(384, 32 * ceilLog2(r.entriesPerCheckpoint()));
        // the draft's 12 hashes is the longest proof a standalone certificate gets ...
        assertEquals(12, r.standaloneProofHashesMax());
        // ... while the covering's split makes most proofs one shorter (MTC-NOTES and report: median 11)
        assertEquals(11, r.standaloneProofHashes());
    }

    @Test
    void landmarkSubtreesSpanAbout4point4MEntries23Hashes736Bytes() {
        assertEquals(48, r.landmarks());
        assertTrue(Math.abs(r.entriesPerLandmark() - 4_400_000) < 4_400, "entries per landmark " + r.entriesPerLandmark());
        assertEquals(23, ceilLog2(r.entriesPerLandmark()));
        assertEquals(736, 32 * ceilLog2(r.entriesPerLandmark()));
        assertEquals(23, r.landmarkProofHashesMax());
        assertEquals(22, r.landmarkProofHashes());
    }

    @Test
    void standaloneCertificateCarriesTheMlDsa44SignatureLandmarkRelativeNone() {
        CertificateSizes sizes = new CertificateSizes(io.mtc4j.spec.cosign.SignatureAlgorithm.ECDSA_P256_SHA256, 1, 7 * DAY);
        // MTCProof.signatures gains one SubtreeSignature: cosigner_id<1..2^8-1> and signature<0..2^16-1> of 2,420 bytes
        int oneSignature = 1 + CertificateSizes.CA.binaryLength() + 2 + 2_420;
        assertEquals(oneSignature, sizes.standalone(12) - sizes.landmarkRelative(12));
        // each proof hash is 32 bytes on the wire
        assertEquals(32 * 11, sizes.landmarkRelative(23) - sizes.landmarkRelative(12));
        // "significantly smaller than a single ML-DSA-44 signature": 23 hashes (736 bytes) < 2,420 bytes
        assertTrue(sizes.standalone(12) - sizes.landmarkRelative(23) > 2_420 - 11 * 32 - 1);
        CertificateSizes three = new CertificateSizes(io.mtc4j.spec.cosign.SignatureAlgorithm.ECDSA_P256_SHA256, 3, 7 * DAY);
        int threeSignatures = 3 * (1 + 2 + 2_420) + CertificateSizes.CA.binaryLength()
                + 2 * io.mtc4j.spec.tai.TrustAnchorId.parse("32473.2.1").binaryLength();
        assertEquals(threeSignatures, three.standalone(12) - three.landmarkRelative(12));
    }
}
