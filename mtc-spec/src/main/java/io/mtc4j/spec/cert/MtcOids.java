package io.mtc4j.spec.cert;

/**
 * Object identifiers of MTC (draft §"IANA Considerations", MTC-NOTES §2.2). The final OIDs are still TBD in the
 * draft; mtc4j uses the experimental arc 1.3.6.1.4.1.44363.47 (donated by Cloudflare) that every current
 * implementation uses.
 */
public final class MtcOids {
    private MtcOids() {}

    /** id-alg-mtcProof, experimental (final: 1.3.6.1.5.5.7.6.TBD). */
    public static final String ID_ALG_MTC_PROOF = "1.3.6.1.4.1.44363.47.0";
    /** id-rdna-trustAnchorID, experimental form (value: UTF8String of the ASCII trust anchor ID). */
    public static final String ID_RDNA_TRUST_ANCHOR_ID_EXPERIMENTAL = "1.3.6.1.4.1.44363.47.1";
    /**
     * PLACEHOLDER for the final id-rdna-trustAnchorID {@code 1.3.6.1.5.5.7.25.TBD} (value: RELATIVE-OID). IANA
     * has not assigned the last arc; 4294967295 is a stand-in chosen so it cannot be mistaken for a real
     * assignment. Replace it when the draft is published.
     */
    public static final String ID_RDNA_TRUST_ANCHOR_ID_FINAL_PLACEHOLDER = "1.3.6.1.5.5.7.25.4294967295";
    /** id-pe-mtcCertificationAuthority, experimental (final: 1.3.6.1.5.5.7.1.TBD). */
    public static final String ID_PE_MTC_CERTIFICATION_AUTHORITY = "1.3.6.1.4.1.44363.47.2";
    /** RFC 9925 id-alg-unsigned. */
    public static final String ID_ALG_UNSIGNED = "1.3.6.1.5.5.7.6.36";
    /** RFC 9925 id-rdna-unsigned. */
    public static final String ID_RDNA_UNSIGNED = "1.3.6.1.5.5.7.25.1";
    /** C2SP mtc-tlog CA prefix URL extension (IA5String, non-critical). */
    public static final String ID_MTC_TLOG_PREFIX_URL = "1.3.6.1.4.1.64829.2.1";
    /** mda-sha256 (RFC 5912); the same as {@link X509Oids#SHA256}. */
    public static final String SHA256 = X509Oids.SHA256;
    /** id-ml-dsa-44 (RFC 9881); the same as {@link X509Oids#ML_DSA_44}. */
    public static final String ML_DSA_44 = X509Oids.ML_DSA_44;
}
