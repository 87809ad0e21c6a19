package io.mtc4j.log.monitor;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaCertificate;
import io.mtc4j.spec.cert.X509Oids;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.der.CertificateReader;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.List;

/**
 * The CA a monitored log belongs to, from its CA certificate (draft §"Representing Certification Authorities"):
 * its ID, hence every log's origin ({@code oid/1.3.6.1.4.1.<CA ID>.0.<N>}, mtc-tlog), and the CA cosigner's
 * checkpoint key (mtc-tlog §"Cosigners": ML-DSA-44 {@code subtree/v1} named {@code oid/1.3.6.1.4.1.<CA ID>}).
 *
 * @param id          the CA ID
 * @param cosigner    the CA cosigner's note key
 * @param certificate the CA certificate's DER (carried in evidence bundles)
 */
public record MonitoredCa(TrustAnchorId id, NoteVerifier cosigner, byte[] certificate) {
    /**
     * Copies the certificate.
     *
     * @param id          the CA ID
     * @param cosigner    the CA cosigner's note key
     * @param certificate the CA certificate's DER
     */
    public MonitoredCa {
        certificate = certificate.clone();
    }

    @Override
    public byte[] certificate() {
        return certificate.clone();
    }

    /**
     * Reads a CA certificate (PEM or DER).
     *
     * @param fileBytes the file's bytes
     * @param profile   the wire profile
     * @return the CA
     * @throws MtcException if it is not an MTC CA certificate with an ML-DSA-44 cosigner key
     */
    public static MonitoredCa fromCertificate(byte[] fileBytes, Profile profile) {
        return fromCertificate(fileBytes, profile, false);
    }

    /**
     * Reads a CA certificate (PEM or DER); with {@code demoCompat}, checkpoints are verified as the draft authors'
     * demo generator signs them (no cosignature timestamp, MTC-NOTES §8 item 6; {@link
     * NoteVerifier#demoGeneratorCompat}).
     *
     * @param fileBytes  the file's bytes
     * @param profile    the wire profile
     * @param demoCompat accept the demo generator's untimestamped checkpoint signature instead
     * @return the CA
     * @throws MtcException if it is not an MTC CA certificate with an ML-DSA-44 cosigner key
     */
    public static MonitoredCa fromCertificate(byte[] fileBytes, Profile profile, boolean demoCompat) {
        byte[] der = CertificateReader.der(fileBytes);
        CaCertificate cert = CaCertificate.parse(profile, der);
        if (!cert.authority().sigAlgOid().equals(X509Oids.ML_DSA_44)) {
            throw new MtcException("CA certificate: the CA cosigner algorithm is " + cert.authority().sigAlgOid()
                    + "; mtc-tlog requires ML-DSA-44 (" + X509Oids.ML_DSA_44 + ") checkpoint cosignatures");
        }
        TrustAnchorId id = cert.subject().id();
        var verifier = Keys.verifier(SignatureAlgorithm.MLDSA44, cert.cosignerPublicKey());
        NoteVerifier key = demoCompat ? NoteVerifier.demoGeneratorCompat(profile, id.tlogName(), verifier)
                : NoteVerifier.mlDsa44Cosignature(id.tlogName(), verifier);
        return new MonitoredCa(id, key, der);
    }

    /** The checkpoint origin of log {@code n}. */
    public String origin(int n) {
        return id.logId(n).tlogName();
    }

    /** The log number of {@code origin}, or -1 if it is no log of this CA (mtc-tlog: {@code <CA ID>.0.<N>}). */
    public int logNumber(String origin) {
        return logNumber(id, origin);
    }

    /**
     * The log number of {@code origin} if it is a log of CA {@code ca} (mtc-tlog §"Serving Issuance Logs": the
     * origin is the log ID {@code <CA ID>.0.<N>} as a tlog name, N in 1..65535).
     *
     * @param ca     the CA ID
     * @param origin a checkpoint origin
     * @return the log number, or -1
     */
    public static int logNumber(TrustAnchorId ca, String origin) {
        try {
            List<Long> arcs = TrustAnchorId.fromTlogName(origin).components();
            List<Long> caArcs = ca.components();
            int k = arcs.size();
            if (k == caArcs.size() + 2 && arcs.subList(0, k - 2).equals(caArcs) && arcs.get(k - 2) == 0
                    && arcs.get(k - 1) >= 1 && arcs.get(k - 1) <= 0xffff) {
                return (int) (long) arcs.get(k - 1);
            }
            return -1;
        } catch (MtcException e) {
            return -1;
        }
    }
}
