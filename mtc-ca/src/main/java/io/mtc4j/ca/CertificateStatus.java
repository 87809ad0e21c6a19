package io.mtc4j.ca;

import java.util.Objects;
import java.util.Optional;

/**
 * What the CA can say about one certificate of one serial.
 *
 * @param state       issued, pending, unknown or gone
 * @param certificate the DER certificate when {@code state} is {@link State#ISSUED}, else empty
 */
public record CertificateStatus(State state, Optional<byte[]> certificate) {
    /** The states of a certificate. */
    public enum State {
        /** It exists: {@link #certificate()} holds it. */
        ISSUED,
        /** The entry is acknowledged; the certificate will exist (after the run or the next landmark). */
        PENDING,
        /** No such entry. */
        UNKNOWN,
        /** It will never exist (e.g. a landmark-relative certificate of a log that was rolled over first). */
        GONE
    }

    /** Copies the certificate; one is present exactly when the state is ISSUED. */
    public CertificateStatus {
        Objects.requireNonNull(state, "state");
        certificate = certificate.map(byte[]::clone);
        if (certificate.isPresent() != (state == State.ISSUED)) {
            throw new IllegalArgumentException("a certificate is present exactly when the state is ISSUED");
        }
    }

    @Override
    public Optional<byte[]> certificate() {
        return certificate.map(byte[]::clone);
    }

    static CertificateStatus issued(byte[] der) {
        return new CertificateStatus(State.ISSUED, Optional.of(der));
    }

    static CertificateStatus of(State s) {
        return new CertificateStatus(s, Optional.empty());
    }
}
