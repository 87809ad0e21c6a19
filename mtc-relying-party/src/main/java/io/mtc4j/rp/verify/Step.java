package io.mtc4j.rp.verify;

/**
 * The checks a relying party makes on a Merkle Tree Certificate, in the order they run. Each has one spelling
 * outside Java, {@link #wireName()} (lower-case, as in the test vectors' {@code "step"}), used in {@code mtc
 * verify}'s verdict lines and JSON alike; a failed {@link VerificationResult} names exactly one.
 *
 * <p>Steps {@link #SIGNATURE_ALGORITHM} to {@link #COSIGNATURES} are the numbered steps of draft §"Verifying
 * Certificate Signatures" (which replaces RFC 5280 §6.1.3 (a)(1)); the steps after them are "the rest of path
 * validation" the draft says still applies (RFC 5280 §6.1.3 (a)(2), RFC 6125, and the TLS server-certificate
 * profile).
 */
public enum Step {
    /** The certificate is a strict-DER X.509 Certificate (no BER, no trailing bytes). */
    CERTIFICATE_DECODING,
    /** The issuer Name is the CA ID of a Merkle Tree CA in the configuration. */
    ISSUER,
    /** Draft step 1: {@code signature} (and the outer signatureAlgorithm) is id-alg-mtcProof, parameters absent. */
    SIGNATURE_ALGORITHM,
    /** Draft step 2: signatureValue decodes as an MTCProof (whole octets, sorted unique cosigners, no trailing data). */
    PROOF_DECODING,
    /** Draft step 3: 0 &lt;= serial &lt;= 2^64-1. */
    SERIAL_RANGE,
    /** Draft step 4: serial is in none of the CA's revoked ranges. */
    REVOKED_RANGE,
    /**
     * Draft step 5: log_number = serial &gt;&gt; 48 is not zero. Profiles before plants-04 have no log number (the
     * serial is the bare index, the log is the issuer's log ID), so this step cannot fail for them.
     */
    LOG_NUMBER,
    /**
     * Draft steps 6-9: log_id, TBSCertificateLogEntry and MTCLogEntry reconstruction, entry_hash. Before plants-04
     * also: index 0 holds the log's {@code null_entry}, so a certificate with serial 0 fails here.
     */
    LOG_ENTRY,
    /**
     * Draft step 10: the inclusion proof evaluates for (index, entry_hash, start, end). Before plants-04 an empty
     * subtree {@code [x, x)} fails here with its own message.
     */
    INCLUSION_PROOF,
    /**
     * Draft step 11: (log_number, start, end) is a trusted subtree and the hashes are equal. Before plants-04 trusted
     * subtrees match on (start, end) alone (MTC-NOTES §6).
     */
    TRUSTED_SUBTREE,
    /** Draft step 12: the valid signatures of known cosigners satisfy the cosigner policy. */
    COSIGNATURES,
    /** RFC 5280 §6.1.3 (a)(2): notBefore &lt;= time &lt;= notAfter. */
    VALIDITY,
    /** The leaf is not a CA certificate (basicConstraints cA is not TRUE). */
    BASIC_CONSTRAINTS,
    /** keyUsage, when present, allows digitalSignature. */
    KEY_USAGE,
    /** extendedKeyUsage, when present, contains id-kp-serverAuth. */
    EXTENDED_KEY_USAGE,
    /** No critical extension the relying party does not process (RFC 5280 §4.2). */
    CRITICAL_EXTENSIONS,
    /** The subjectAltName matches the host (RFC 6125 DNS names, iPAddress). */
    HOST;

    /**
     * The step's one spelling in text and JSON output and in the test vectors.
     *
     * @return the constant's name in lower case, such as {@code cosignatures}
     */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
