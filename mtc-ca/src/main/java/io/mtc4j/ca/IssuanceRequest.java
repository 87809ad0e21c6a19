package io.mtc4j.ca;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A request for one certificate that the CA's policy ({@code io.mtc4j.ca.intake}) has already validated: what the
 * issuance pipeline turns into a {@code tbs_cert_entry} log entry (draft §"Log Entries") and, once the entry is in
 * the log, into certificates (draft §"Certificate Inputs"). The issuer field is not here: the CA sets it to its own
 * CA ID name. Immutable; byte arrays are copied in and out.
 *
 * @param subject              the subject Name, DER (an empty SEQUENCE when the names are all in subjectAltName)
 * @param subjectPublicKeyInfo the subject public key, DER SubjectPublicKeyInfo; the log entry holds its hash, the
 *                             certificate the key itself
 * @param notBefore            the start of the validity period
 * @param notAfter             the end of the validity period (inclusive, RFC 5280 §4.1.2.5)
 * @param extensions           the certificate's extensions, the DER {@code Extensions} SEQUENCE (the content of the
 *                             TBSCertificate's {@code [3]}); it holds at least the subjectAltName
 * @param bootstrapChain       in a bootstrap-mode CA ({@code io.mtc4j.ca.bootstrap}), the validated bootstrap
 *                             certification path the request was converted from, DER certificates, leaf first, its
 *                             trust anchor last; published beside the entry. Empty otherwise.
 */
public record IssuanceRequest(byte[] subject, byte[] subjectPublicKeyInfo, Instant notBefore, Instant notAfter,
        byte[] extensions, List<byte[]> bootstrapChain) {
    /**
     * Copies the arrays.
     *
     * @throws IllegalArgumentException if notAfter is before notBefore
     */
    public IssuanceRequest {
        subject = subject.clone();
        subjectPublicKeyInfo = subjectPublicKeyInfo.clone();
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        extensions = extensions.clone();
        bootstrapChain = bootstrapChain.stream().map(byte[]::clone).toList();
        if (notAfter.isBefore(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " is before notBefore " + notBefore);
        }
    }

    /**
     * A request without a bootstrap chain (a CA not in bootstrap mode).
     *
     * @param subject              the subject Name, DER
     * @param subjectPublicKeyInfo the subject public key, DER SubjectPublicKeyInfo
     * @param notBefore            the start of the validity period
     * @param notAfter             the end of the validity period (inclusive)
     * @param extensions           the DER {@code Extensions} SEQUENCE
     */
    public IssuanceRequest(byte[] subject, byte[] subjectPublicKeyInfo, Instant notBefore, Instant notAfter,
            byte[] extensions) {
        this(subject, subjectPublicKeyInfo, notBefore, notAfter, extensions, List.of());
    }

    @Override
    public List<byte[]> bootstrapChain() {
        return bootstrapChain.stream().map(byte[]::clone).toList();
    }

    @Override
    public byte[] subject() {
        return subject.clone();
    }

    @Override
    public byte[] subjectPublicKeyInfo() {
        return subjectPublicKeyInfo.clone();
    }

    @Override
    public byte[] extensions() {
        return extensions.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IssuanceRequest r && java.util.Arrays.equals(subject, r.subject)
                && java.util.Arrays.equals(subjectPublicKeyInfo, r.subjectPublicKeyInfo)
                && notBefore.equals(r.notBefore) && notAfter.equals(r.notAfter)
                && java.util.Arrays.equals(extensions, r.extensions)
                && java.util.Arrays.deepEquals(bootstrapChain.toArray(), r.bootstrapChain.toArray());
    }

    @Override
    public int hashCode() {
        return Objects.hash(java.util.Arrays.hashCode(subject), java.util.Arrays.hashCode(subjectPublicKeyInfo),
                notBefore, notAfter, java.util.Arrays.hashCode(extensions),
                java.util.Arrays.deepHashCode(bootstrapChain.toArray()));
    }

    @Override
    public String toString() {
        return "IssuanceRequest[notBefore=" + notBefore + ", notAfter=" + notAfter + ", subject=" + subject.length
                + " B, spki=" + subjectPublicKeyInfo.length + " B, extensions=" + extensions.length
                + " B, bootstrapChain=" + bootstrapChain.size() + "]";
    }
}
