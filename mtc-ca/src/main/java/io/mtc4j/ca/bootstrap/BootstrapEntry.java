package io.mtc4j.ca.bootstrap;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.codec.TlsReader;
import io.mtc4j.spec.codec.TlsWriter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The bootstrap element of one log entry, as published in the {@code tile/bootstrap} resource (see
 * {@link BootstrapTile}), in the TLS presentation language:
 * <pre>
 * opaque CertificateFingerprint[32];            /* SHA-256 of a DER Certificate *&#47;
 *
 * struct {
 *     opaque bootstrap_certificate&lt;0..2^24-1&gt;;                  /* DER; empty for a null_entry *&#47;
 *     CertificateFingerprint issuer_fingerprints&lt;0..2^16-1&gt;;  /* leaf's issuer first, trust anchor last *&#47;
 * } BootstrapEntry;
 * </pre>
 * For a {@code tbs_cert_entry}, {@code bootstrap_certificate} is the existing certificate the entry was converted
 * from ({@link BootstrapConversion}) and {@code issuer_fingerprints} names, in order, every certificate of the
 * validated certification path after it: each served once at {@code <log prefix>/issuer/<lowercase hex
 * fingerprint>} (the form of C2SP static-ct-api), the last being the trust anchor. A {@code null_entry} has an
 * empty certificate and no fingerprints. Immutable; arrays are copied.
 *
 * @param certificate the bootstrap leaf certificate, DER, or empty for a null_entry
 * @param issuers     the SHA-256 fingerprints of the path's other certificates, leaf's issuer first
 */
public record BootstrapEntry(byte[] certificate, List<byte[]> issuers) {
    /** The fingerprint length (SHA-256). */
    public static final int FINGERPRINT_LENGTH = 32;
    static final String STRUCT = "BootstrapEntry";

    /**
     * Checks the lengths and copies.
     *
     * @throws IllegalArgumentException if a fingerprint is not 32 bytes, the certificate exceeds 2^24-1 bytes, the
     *                                  list exceeds 2^16-1 bytes, or a null_entry's element has fingerprints
     */
    public BootstrapEntry {
        certificate = certificate.clone();
        List<byte[]> copy = new ArrayList<>(issuers.size());
        for (byte[] f : issuers) {
            if (f.length != FINGERPRINT_LENGTH) {
                throw new IllegalArgumentException("issuer fingerprint of " + f.length + " bytes, not 32");
            }
            copy.add(f.clone());
        }
        issuers = List.copyOf(copy);
        if (certificate.length > 0xffffff) {
            throw new IllegalArgumentException("bootstrap_certificate over 2^24-1 bytes");
        }
        if (issuers.size() * FINGERPRINT_LENGTH > 0xffff) {
            throw new IllegalArgumentException("issuer_fingerprints over 2^16-1 bytes");
        }
        if (certificate.length == 0 && !issuers.isEmpty()) {
            throw new IllegalArgumentException("a null_entry's element has no issuer fingerprints");
        }
    }

    /**
     * The element of a validated certification path.
     *
     * @param path DER certificates, leaf first, trust anchor last (at least the leaf and its anchor)
     * @return the element: the leaf and the fingerprints of the rest
     */
    public static BootstrapEntry ofPath(List<byte[]> path) {
        if (path.size() < 2) {
            throw new IllegalArgumentException("a bootstrap path holds the leaf and at least its trust anchor");
        }
        return new BootstrapEntry(path.get(0), path.subList(1, path.size()).stream()
                .map(BootstrapEntry::fingerprint).toList());
    }

    /** The element of a {@code null_entry}: nothing. */
    public static BootstrapEntry nullEntry() {
        return new BootstrapEntry(new byte[0], List.of());
    }

    /** @return whether this is a null_entry's element */
    public boolean isNull() {
        return certificate.length == 0;
    }

    @Override
    public byte[] certificate() {
        return certificate.clone();
    }

    @Override
    public List<byte[]> issuers() {
        return issuers.stream().map(byte[]::clone).toList();
    }

    /**
     * SHA-256 of a DER certificate: its fingerprint.
     *
     * @param der the certificate
     * @return 32 bytes
     */
    public static byte[] fingerprint(byte[] der) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(der);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The key an issuer certificate is served at under the log prefix.
     *
     * @param fingerprint the certificate's SHA-256
     * @return {@code issuer/<64 lowercase hex>}
     */
    public static String issuerKey(byte[] fingerprint) {
        if (fingerprint.length != FINGERPRINT_LENGTH) {
            throw new IllegalArgumentException("fingerprint of " + fingerprint.length + " bytes, not 32");
        }
        return "issuer/" + HexFormat.of().formatHex(fingerprint);
    }

    /**
     * Writes the element.
     *
     * @param w the writer
     */
    void encode(TlsWriter w) {
        w.u24Vector(STRUCT + ".bootstrap_certificate", 0, 0xffffff, v -> v.bytes(certificate));
        w.u16Vector(STRUCT + ".issuer_fingerprints", 0, 0xffff, v -> issuers.forEach(v::bytes));
    }

    /** @return the element's encoding */
    public byte[] encode() {
        return TlsWriter.encode(this::encode);
    }

    /**
     * Reads one element.
     *
     * @param r the reader
     * @return the element
     * @throws MtcParseException naming the field if malformed
     */
    static BootstrapEntry read(TlsReader r) {
        byte[] cert = r.u24Bytes(STRUCT + ".bootstrap_certificate", 0, 0xffffff);
        TlsReader fs = r.u16Vector(STRUCT + ".issuer_fingerprints", 0, 0xffff);
        if (fs.remaining() % FINGERPRINT_LENGTH != 0) {
            throw new MtcParseException(STRUCT + ".issuer_fingerprints", "length " + fs.remaining()
                    + " is not a multiple of 32");
        }
        List<byte[]> issuers = new ArrayList<>();
        while (!fs.isEmpty()) {
            issuers.add(fs.bytes(STRUCT + ".issuer_fingerprints", FINGERPRINT_LENGTH));
        }
        if (cert.length == 0 && !issuers.isEmpty()) {
            throw new MtcParseException(STRUCT + ".issuer_fingerprints", "present without a bootstrap_certificate");
        }
        return new BootstrapEntry(cert, issuers);
    }

    /**
     * Parses exactly one element, strictly.
     *
     * @param data the encoding
     * @return the element
     * @throws MtcException naming the field if malformed or followed by trailing data
     */
    public static BootstrapEntry parse(byte[] data) {
        return TlsReader.parseAll(data, STRUCT, BootstrapEntry::read);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BootstrapEntry b && Arrays.equals(certificate, b.certificate)
                && Arrays.deepEquals(issuers.toArray(), b.issuers.toArray());
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(certificate) + Arrays.deepHashCode(issuers.toArray());
    }

    @Override
    public String toString() {
        return isNull() ? "BootstrapEntry[null_entry]" : "BootstrapEntry[certificate=" + certificate.length
                + " B, issuers=" + issuers.size() + "]";
    }
}
