package io.mtc4j.log.monitor;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The alerts raised regardless of names: what no watch rule needs to ask for. Each is a pseudo-rule name in
 * ALERT lines:
 * <ul>
 *   <li>{@value #CA_TRUE}: a basicConstraints extension with cA=TRUE (draft §"Security Considerations": a
 *       subordinate CA certificate makes later issuance invisible to monitors; RFC 5280 §4.2.1.9);</li>
 *   <li>{@value #UNKNOWN_TYPE} and {@value #UNKNOWN_EXTENSION}: an entry type other than null_entry and
 *       tbs_cert_entry, or any MTCLogEntry extension (the draft defines none): the monitor cannot tell what such
 *       an entry covers (draft §"Extensibility");</li>
 *   <li>{@value #MALFORMED}: an entry the monitor's scanner cannot frame (strict DER framing of every field it
 *       reads); with {@code fullParse}, also any entry mtc-spec's full parser ({@code MtcLogEntry.parse}, every
 *       field checked) refuses, at the full parser's speed;</li>
 *   <li>{@value #VALIDITY}: a validity period longer than {@code maxValidity} (an entry a CA should never
 *       log).</li>
 * </ul>
 *
 * @param caTrue       alert on cA=TRUE
 * @param unknownTypes alert on unknown entry types and entry extensions
 * @param malformed    alert on entries that do not parse
 * @param fullParse    also run the full parser on every entry (slower; catches non-DER fields the monitor does not
 *                     read)
 * @param maxValidity  the longest validity (notAfter - notBefore) that does not alert, if any
 */
public record StructuralPolicy(boolean caTrue, boolean unknownTypes, boolean malformed, boolean fullParse,
        Optional<Duration> maxValidity) {
    /** The pseudo-rule of cA=TRUE entries. */
    public static final String CA_TRUE = "ca-true";
    /** The pseudo-rule of unknown entry types. */
    public static final String UNKNOWN_TYPE = "unknown-entry-type";
    /** The pseudo-rule of entries with MTCLogEntry extensions. */
    public static final String UNKNOWN_EXTENSION = "unknown-entry-extension";
    /** The pseudo-rule of unparseable entries. */
    public static final String MALFORMED = "malformed-entry";
    /** The pseudo-rule of over-long validity. */
    public static final String VALIDITY = "validity";
    /** Every structural pseudo-rule name (reserved: no watch rule may be named so). */
    public static final List<String> NAMES = List.of(CA_TRUE, UNKNOWN_TYPE, UNKNOWN_EXTENSION, MALFORMED, VALIDITY);

    /**
     * Checks {@code maxValidity} is positive.
     *
     * @param caTrue       alert on cA=TRUE
     * @param unknownTypes alert on unknown entry types and extensions
     * @param malformed    alert on unparseable entries
     * @param fullParse    run the full parser on every entry
     * @param maxValidity  the longest validity that does not alert
     */
    public StructuralPolicy {
        maxValidity.ifPresent(d -> {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("maxValidity must be positive, not " + d);
            }
        });
    }

    /** Every check on except the full parse, no validity limit (the default). */
    public static StructuralPolicy defaults() {
        return new StructuralPolicy(true, true, true, false, Optional.empty());
    }
}
