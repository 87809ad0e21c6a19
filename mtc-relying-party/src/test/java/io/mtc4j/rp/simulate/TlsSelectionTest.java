package io.mtc4j.rp.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mtc4j.spec.landmark.LandmarkGroup;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The selection rule of draft §"Use in TLS" and §"Certificate Renewal". */
class TlsSelectionTest {
    static final TlsSelection.Held NEW_UNLANDMARKED = new TlsSelection.Held(OptionalLong.empty());
    static final TlsSelection.Held OLD_AT_40 = new TlsSelection.Held(OptionalLong.of(40));

    static TlsSelection.ClientSignal upTo(long landmark) {
        return new TlsSelection.ClientSignal(true, Optional.of(new LandmarkGroup(CertificateSizes.CA, 1, landmark, 169)));
    }

    @Test
    void landmarkRelativeOfTheOldCertificateBeatsStandaloneOfTheNew() {
        assertEquals(new TlsSelection.Choice(TlsSelection.Kind.LANDMARK_RELATIVE, 1),
                TlsSelection.selectCertificate(List.of(NEW_UNLANDMARKED, OLD_AT_40), upTo(42)));
    }

    @Test
    void newestLandmarkRelativeFirst() {
        TlsSelection.Held newAt45 = new TlsSelection.Held(OptionalLong.of(45));
        assertEquals(new TlsSelection.Choice(TlsSelection.Kind.LANDMARK_RELATIVE, 0),
                TlsSelection.selectCertificate(List.of(newAt45, OLD_AT_40), upTo(50)));
        // a client not yet at landmark 45 gets the old one
        assertEquals(new TlsSelection.Choice(TlsSelection.Kind.LANDMARK_RELATIVE, 1),
                TlsSelection.selectCertificate(List.of(newAt45, OLD_AT_40), upTo(44)));
    }

    @Test
    void noSignalNoLandmarkRelative() {
        assertEquals(new TlsSelection.Choice(TlsSelection.Kind.STANDALONE, 0),
                TlsSelection.selectCertificate(List.of(NEW_UNLANDMARKED, OLD_AT_40), upTo(39)));
        assertEquals(new TlsSelection.Choice(TlsSelection.Kind.STANDALONE, 0), TlsSelection.selectCertificate(
                List.of(OLD_AT_40), new TlsSelection.ClientSignal(false, Optional.of(new LandmarkGroup(CertificateSizes.CA,
                        1, 42, 169)))));
        assertEquals(new TlsSelection.Choice(TlsSelection.Kind.STANDALONE, 0),
                TlsSelection.selectCertificate(List.of(OLD_AT_40), new TlsSelection.ClientSignal(true, Optional.empty())));
        // a landmark that left the client's window (max_active_landmarks 169) is not in its group
        assertEquals(new TlsSelection.Choice(TlsSelection.Kind.STANDALONE, 0),
                TlsSelection.selectCertificate(List.of(OLD_AT_40), upTo(40 + 169)));
        assertEquals(new TlsSelection.Choice(TlsSelection.Kind.LANDMARK_RELATIVE, 0),
                TlsSelection.selectCertificate(List.of(OLD_AT_40), upTo(40 + 168)));
    }

    @Test
    void nothingHeldNothingSent() {
        assertEquals(new TlsSelection.Choice(TlsSelection.Kind.NONE, -1), TlsSelection.selectCertificate(List.of(), upTo(3)));
    }
}
