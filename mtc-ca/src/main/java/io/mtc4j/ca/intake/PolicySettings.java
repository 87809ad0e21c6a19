package io.mtc4j.ca.intake;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the CA's policy allows.
 *
 * @param maxLifetime            the longest validity period, notBefore through notAfter inclusive (the CA's
 *                               configured maximum; it fixes {@code max_active_landmarks}, draft §"Allocating
 *                               Landmarks")
 * @param clock                  the clock that says "now"
 * @param maxBackdate            how far before now a requested notBefore may lie
 * @param maxForwardDate         how far after now a requested notBefore may lie
 * @param authorityKeyIdentifier the keyIdentifier of the authorityKeyIdentifier extension every certificate carries
 *                               (RFC 5280 §4.2.1.1: the CA certificate's subjectKeyIdentifier, for an MTC CA the
 *                               binary CA ID); empty leaves the extension out
 * @param issuerLabel            the CA's human-readable label, an RFC 4514 string put in every entry's
 *                               IssuerAltName (draft §"Log Entries"); empty for none
 */
public record PolicySettings(Duration maxLifetime, Clock clock, Duration maxBackdate, Duration maxForwardDate,
        Optional<byte[]> authorityKeyIdentifier, Optional<String> issuerLabel) {
    /** The default allowance for a notBefore in the past (clock skew between the RA and the CA). */
    public static final Duration DEFAULT_MAX_BACKDATE = Duration.ofDays(1);
    /** The default allowance for a notBefore in the future. */
    public static final Duration DEFAULT_MAX_FORWARD_DATE = Duration.ofHours(1);

    /**
     * Checks that the durations are positive (non-negative for the two allowances) and copies the key identifier.
     */
    public PolicySettings {
        Objects.requireNonNull(clock, "clock");
        if (maxLifetime.isNegative() || maxLifetime.isZero() || maxLifetime.getNano() != 0) {
            throw new IllegalArgumentException("maxLifetime must be a positive whole number of seconds");
        }
        if (maxBackdate.isNegative() || maxForwardDate.isNegative()) {
            throw new IllegalArgumentException("maxBackdate and maxForwardDate must not be negative");
        }
        authorityKeyIdentifier = authorityKeyIdentifier.map(byte[]::clone);
        if (authorityKeyIdentifier.isPresent() && authorityKeyIdentifier.get().length == 0) {
            throw new IllegalArgumentException("an authorityKeyIdentifier is not empty");
        }
        Objects.requireNonNull(issuerLabel, "issuerLabel");
    }

    /**
     * The defaults: one day back, one hour ahead, no authorityKeyIdentifier, no label.
     *
     * @param maxLifetime the CA's maximum lifetime
     * @param clock       the clock
     * @return the settings
     */
    public static PolicySettings of(Duration maxLifetime, Clock clock) {
        return new PolicySettings(maxLifetime, clock, DEFAULT_MAX_BACKDATE, DEFAULT_MAX_FORWARD_DATE,
                Optional.empty(), Optional.empty());
    }

    /**
     * These settings with the given authorityKeyIdentifier.
     *
     * @param keyIdentifier the CA certificate's subjectKeyIdentifier
     * @return the new settings
     */
    public PolicySettings withAuthorityKeyIdentifier(byte[] keyIdentifier) {
        return new PolicySettings(maxLifetime, clock, maxBackdate, maxForwardDate, Optional.of(keyIdentifier),
                issuerLabel);
    }

    /**
     * These settings with the given issuer label.
     *
     * @param label an RFC 4514 distinguished name
     * @return the new settings
     */
    public PolicySettings withIssuerLabel(String label) {
        return new PolicySettings(maxLifetime, clock, maxBackdate, maxForwardDate, authorityKeyIdentifier,
                Optional.of(label));
    }

    @Override
    public Optional<byte[]> authorityKeyIdentifier() {
        return authorityKeyIdentifier.map(byte[]::clone);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolicySettings p && p.maxLifetime.equals(maxLifetime) && p.clock.equals(clock)
                && p.maxBackdate.equals(maxBackdate) && p.maxForwardDate.equals(maxForwardDate)
                && java.util.Arrays.equals(p.authorityKeyIdentifier.orElse(null), authorityKeyIdentifier.orElse(null))
                && p.issuerLabel.equals(issuerLabel);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxLifetime, clock, maxBackdate, maxForwardDate,
                java.util.Arrays.hashCode(authorityKeyIdentifier.orElse(null)), issuerLabel);
    }

    @Override
    public String toString() {
        return "PolicySettings[maxLifetime=" + maxLifetime + ", maxBackdate=" + maxBackdate + ", maxForwardDate="
                + maxForwardDate + ", authorityKeyIdentifier=" + authorityKeyIdentifier.map(k -> k.length + " B")
                .orElse("none") + ", issuerLabel=" + issuerLabel.orElse("none") + "]";
    }
}
