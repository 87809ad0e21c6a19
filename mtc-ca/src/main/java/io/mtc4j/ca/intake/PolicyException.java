package io.mtc4j.ca.intake;

import java.util.Objects;

/**
 * A request the CA's policy refuses, before anything is logged. {@link #field()} is the JSON path of the offending
 * value (for example {@code requests[2].ip[0]}), {@link #rule()} a short stable token naming the broken rule (what
 * the intake API answers as {@code "error"}), and the message a sentence for humans (the API's {@code "detail"}).
 *
 * <p>The rules: {@value #MALFORMED} (not the JSON shape the API describes), {@value #UNKNOWN_FIELD},
 * {@value #NO_IDENTIFIER} (neither a DNS name nor an IP address), {@value #TOO_MANY_NAMES}, {@value #DUPLICATE_NAME},
 * {@value #DNS_NAME}, {@value #IP_ADDRESS}, {@value #SUBJECT}, {@value #COMMON_NAME} (a CN that is not one of the
 * names), {@value #KEY_ENCODING}, {@value #KEY_ALGORITHM}, {@value #KEY_SIZE}, {@value #CSR_ENCODING},
 * {@value #CSR_SIGNATURE}, {@value #CSR_ATTRIBUTE}, {@value #CA_TRUE}, {@value #UNKNOWN_EXTENSION},
 * {@value #KEY_USAGE}, {@value #EXTENDED_KEY_USAGE}, {@value #SUBJECT_ALT_NAME}, {@value #ISSUER_ALT_NAME} (draft
 * §"Log Entries": non-critical, one directoryName, one AttributeTypeAndValue per RDN), {@value #TIME},
 * {@value #LIFETIME}, {@value #LIFETIME_TOO_LONG}, {@value #NOT_BEFORE_TOO_EARLY}, {@value #NOT_BEFORE_TOO_LATE},
 * {@value #NOT_AFTER_TOO_LATE}, {@value #EXPIRED}, {@value #ENTRY_TOO_LARGE}.
 */
public final class PolicyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The request is not a JSON object of the documented shape (a value of the wrong JSON type, say). */
    public static final String MALFORMED = "malformed-request";
    /** The request has a member the API does not define. */
    public static final String UNKNOWN_FIELD = "unknown-field";
    /** The request names no DNS name and no IP address. */
    public static final String NO_IDENTIFIER = "no-identifier";
    /** More names than {@link RequestPolicy#MAX_NAMES}. */
    public static final String TOO_MANY_NAMES = "too-many-names";
    /** A name given twice (after normalization). */
    public static final String DUPLICATE_NAME = "duplicate-name";
    /** A DNS name that is not syntactically valid. */
    public static final String DNS_NAME = "dns-name-syntax";
    /** An IP address that is not a strict IPv4 or IPv6 literal. */
    public static final String IP_ADDRESS = "ip-address-syntax";
    /** A subject that is not a valid RFC 4514 string or Name. */
    public static final String SUBJECT = "subject-syntax";
    /** A subject common name that is not one of the certificate's names. */
    public static final String COMMON_NAME = "common-name-not-in-names";
    /** A SubjectPublicKeyInfo that is not strict DER of its algorithm's key format. */
    public static final String KEY_ENCODING = "key-encoding";
    /** A key algorithm the CA does not certify. */
    public static final String KEY_ALGORITHM = "key-algorithm";
    /** An RSA key outside 2048..8192 bits (or with a bad exponent). */
    public static final String KEY_SIZE = "key-size";
    /** A CSR that is not a strict DER PKCS#10 CertificationRequest. */
    public static final String CSR_ENCODING = "csr-encoding";
    /** A CSR whose signature does not verify with its own key. */
    public static final String CSR_SIGNATURE = "csr-signature";
    /** A CSR attribute other than extensionRequest. */
    public static final String CSR_ATTRIBUTE = "csr-attribute";
    /** basicConstraints with cA TRUE. */
    public static final String CA_TRUE = "ca-true";
    /** A requested extension of a type the CA does not know (draft §"Certification Authority Cosigners", C5). */
    public static final String UNKNOWN_EXTENSION = "unknown-extension";
    /** A requested keyUsage bit the key type does not get. */
    public static final String KEY_USAGE = "key-usage";
    /** A requested extendedKeyUsage purpose other than serverAuth. */
    public static final String EXTENDED_KEY_USAGE = "extended-key-usage";
    /** A subjectAltName entry that is not a dNSName or iPAddress. */
    public static final String SUBJECT_ALT_NAME = "subject-alt-name";
    /** An IssuerAltName that breaks the draft's rules (§"Log Entries"). */
    public static final String ISSUER_ALT_NAME = "issuer-alt-name";
    /** A time that is not RFC 3339 with whole seconds. */
    public static final String TIME = "time-syntax";
    /** A lifetime that is not a positive duration such as {@code 7d} or {@code 90h}, or that conflicts with notAfter. */
    public static final String LIFETIME = "lifetime-syntax";
    /** A validity period longer than the CA's maximum lifetime. */
    public static final String LIFETIME_TOO_LONG = "lifetime-too-long";
    /** notBefore further in the past than the CA allows. */
    public static final String NOT_BEFORE_TOO_EARLY = "not-before-too-early";
    /** notBefore further in the future than the CA allows. */
    public static final String NOT_BEFORE_TOO_LATE = "not-before-too-late";
    /** notAfter later than now plus the maximum lifetime (it would outlive the active landmarks). */
    public static final String NOT_AFTER_TOO_LATE = "not-after-too-late";
    /** notAfter before notBefore or before now. */
    public static final String EXPIRED = "expired";
    /** The log entry would exceed 65535 bytes (draft §"Log Entries"). */
    public static final String ENTRY_TOO_LARGE = "entry-too-large";

    private final String field;
    private final String rule;

    /**
     * A refusal.
     *
     * @param field  the JSON path of the offending value
     * @param rule   the rule's token (one of the constants of this class)
     * @param detail a sentence saying what is wrong
     */
    public PolicyException(String field, String rule, String detail) {
        super(Objects.requireNonNull(detail, "detail"));
        this.field = Objects.requireNonNull(field, "field");
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    /**
     * The JSON path of the offending value, e.g. {@code requests[2].ip[0]}.
     *
     * @return the field
     */
    public String field() {
        return field;
    }

    /**
     * The broken rule's token, e.g. {@value #IP_ADDRESS}.
     *
     * @return the rule
     */
    public String rule() {
        return rule;
    }

    /**
     * What is wrong, for humans.
     *
     * @return the detail
     */
    public String detail() {
        return getMessage();
    }
}
