package io.mtc4j.spec.cert;

/**
 * Well-known object identifiers of X.509 and its algorithms that mtc4j reads or writes: the one table for every
 * module (MTC's own are in {@link MtcOids}). Each is a constant, so it may label a {@code switch} case.
 */
public final class X509Oids {
    private X509Oids() {}

    /** id-ce-subjectKeyIdentifier (RFC 5280 §4.2.1.2). */
    public static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
    /** id-ce-keyUsage (RFC 5280 §4.2.1.3). */
    public static final String KEY_USAGE = "2.5.29.15";
    /** id-ce-subjectAltName (RFC 5280 §4.2.1.6). */
    public static final String SUBJECT_ALT_NAME = "2.5.29.17";
    /** id-ce-issuerAltName (RFC 5280 §4.2.1.7). */
    public static final String ISSUER_ALT_NAME = "2.5.29.18";
    /** id-ce-basicConstraints (RFC 5280 §4.2.1.9). */
    public static final String BASIC_CONSTRAINTS = "2.5.29.19";
    /** id-ce-authorityKeyIdentifier (RFC 5280 §4.2.1.1). */
    public static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
    /** id-ce-extKeyUsage (RFC 5280 §4.2.1.12). */
    public static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    /** id-kp-serverAuth (RFC 5280 §4.2.1.12). */
    public static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    /** id-kp-clientAuth (RFC 5280 §4.2.1.12). */
    public static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    /** id-ce-cRLDistributionPoints (RFC 5280 §4.2.1.13). */
    public static final String CRL_DISTRIBUTION_POINTS = "2.5.29.31";
    /** id-ce-certificatePolicies (RFC 5280 §4.2.1.4). */
    public static final String CERTIFICATE_POLICIES = "2.5.29.32";
    /** id-ce-freshestCRL (RFC 5280 §4.2.1.15). */
    public static final String FRESHEST_CRL = "2.5.29.46";
    /** id-pe-authorityInfoAccess (RFC 5280 §4.2.2.1). */
    public static final String AUTHORITY_INFO_ACCESS = "1.3.6.1.5.5.7.1.1";
    /** Certificate Transparency signed certificate timestamp list extension (RFC 6962 §3.3). */
    public static final String SCT_LIST = "1.3.6.1.4.1.11129.2.4.2";
    /** Certificate Transparency precertificate poison extension (RFC 6962 §3.1). */
    public static final String CT_POISON = "1.3.6.1.4.1.11129.2.4.3";
    /** pkcs-9-at-extensionRequest, the CSR attribute carrying requested extensions (RFC 2985 §5.4.2). */
    public static final String EXTENSION_REQUEST = "1.2.840.113549.1.9.14";
    /** id-at-commonName (X.520, RFC 5280 Appendix A). */
    public static final String COMMON_NAME = "2.5.4.3";

    /** id-ecPublicKey (RFC 5480 §2.1.1). */
    public static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";
    /** secp256r1, the P-256 curve (RFC 5480 §2.1.1.1). */
    public static final String P256 = "1.2.840.10045.3.1.7";
    /** secp384r1, the P-384 curve (RFC 5480 §2.1.1.1). */
    public static final String P384 = "1.3.132.0.34";
    /** ecdsa-with-SHA256 (RFC 5758 §3.2). */
    public static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    /** ecdsa-with-SHA384 (RFC 5758 §3.2). */
    public static final String ECDSA_WITH_SHA384 = "1.2.840.10045.4.3.3";
    /** id-Ed25519 (RFC 8410 §3). */
    public static final String ED25519 = "1.3.101.112";
    /** rsaEncryption (RFC 8017 Appendix C). */
    public static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
    /** id-sha256 (RFC 5912). */
    public static final String SHA256 = "2.16.840.1.101.3.4.2.1";
    /** id-ml-dsa-44 (RFC 9881). */
    public static final String ML_DSA_44 = "2.16.840.1.101.3.4.3.17";
    /** id-ml-dsa-65 (RFC 9881). */
    public static final String ML_DSA_65 = "2.16.840.1.101.3.4.3.18";
    /** id-ml-dsa-87 (RFC 9881). */
    public static final String ML_DSA_87 = "2.16.840.1.101.3.4.3.19";
}
