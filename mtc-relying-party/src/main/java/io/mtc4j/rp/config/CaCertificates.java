package io.mtc4j.rp.config;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaCertificate;
import io.mtc4j.spec.ca.MtcCertificationAuthority;
import io.mtc4j.spec.cert.X509Oids;
import io.mtc4j.spec.cosign.Cosigner;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.der.CertificateReader;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds a CA's relying-party configuration from its CA certificate (draft §"Relying Party Configuration"): CA ID
 * from the subject, log hash from MTCCertificationAuthority.logHash, the CA cosigner from the subject public key
 * and sigAlg (cosigner ID = CA ID), policy "CA cosigner required", revoked {@code [0, minSerial)} and
 * {@code [maxSerial+1, 2^64)}, no trusted subtrees.
 */
public final class CaCertificates {
    /** sigAlg OIDs (RFC 9881 ML-DSA, RFC 8410 Ed25519, RFC 5758 ECDSA) to cosigner algorithms. */
    private static final Map<String, SignatureAlgorithm> SIG_ALGS = Map.of(
            X509Oids.ML_DSA_44, SignatureAlgorithm.MLDSA44,
            X509Oids.ML_DSA_65, SignatureAlgorithm.MLDSA65,
            X509Oids.ML_DSA_87, SignatureAlgorithm.MLDSA87,
            X509Oids.ED25519, SignatureAlgorithm.ED25519,
            X509Oids.ECDSA_WITH_SHA256, SignatureAlgorithm.ECDSA_P256_SHA256,
            X509Oids.ECDSA_WITH_SHA384, SignatureAlgorithm.ECDSA_P384_SHA384);

    private CaCertificates() {}

    /**
     * Reads a CA certificate file (PEM with one CERTIFICATE block, or DER).
     *
     * @param file the file
     * @param profile the wire profile
     * @return the CA's relying-party configuration: CA ID, hash, CA cosigner, policy "CA cosigner required",
     *         revoked ranges outside minSerial..maxSerial
     * @throws IOException if the file cannot be read
     */
    public static CaConfig read(Path file, Profile profile) throws IOException {
        return fromDer(CertificateReader.read(file), profile);
    }

    /**
     * The DER of a PEM (exactly one CERTIFICATE block) or DER input; the same as {@link CertificateReader#der}, which
     * reads any certificate and is what new code should call.
     *
     * @param fileBytes the file's bytes
     * @return the certificate's DER encoding
     */
    public static byte[] certificateBytes(byte[] fileBytes) {
        return CertificateReader.der(fileBytes);
    }

    /**
     * draft §"Relying Party Configuration" from a DER CA certificate.
     *
     * @param der the DER encoding
     * @param profile the wire profile
     * @return the CA's relying-party configuration
     */
    public static CaConfig fromDer(byte[] der, Profile profile) {
        return fromCaCertificate(CaCertificate.parse(profile, der));
    }

    /**
     * draft §"Relying Party Configuration" from a parsed CA certificate.
     *
     * @param cert the certificate
     * @return the CA's relying-party configuration
     */
    public static CaConfig fromCaCertificate(CaCertificate cert) {
        TrustAnchorId caId = cert.subject().id();
        MtcCertificationAuthority a = cert.authority();
        if (!a.logHashOid().equals(X509Oids.SHA256)) {
            throw new MtcParseException("MTCCertificationAuthority.logHash", "unsupported hash " + a.logHashOid()
                    + " (only SHA-256, " + X509Oids.SHA256 + ")");
        }
        SignatureAlgorithm alg = SIG_ALGS.get(a.sigAlgOid());
        if (alg == null) {
            throw new MtcParseException("MTCCertificationAuthority.sigAlg", "unsupported cosigner algorithm "
                    + a.sigAlgOid());
        }
        Cosigner ca;
        try {
            ca = new Cosigner(caId, Keys.verifier(alg, cert.cosignerPublicKey()));
        } catch (MtcParseException e) {
            throw e.within("CA certificate subjectPublicKeyInfo");
        } catch (MtcException | IllegalArgumentException e) {
            throw new MtcParseException("CA certificate subjectPublicKeyInfo", e.getMessage());
        }
        BigInteger max = a.maxSerial().orElse(SerialRange.LIMIT.subtract(BigInteger.ONE));
        return CaConfig.of(caId, HashFunction.sha256(), cert.profile(), ca, a.minSerial(), max);
    }
}
