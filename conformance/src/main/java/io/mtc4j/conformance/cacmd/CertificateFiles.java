package io.mtc4j.conformance.cacmd;

import io.mtc4j.rp.host.SubjectAltNames;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cert.MtcCertificate;
import io.mtc4j.spec.cert.X509Oids;
import io.mtc4j.spec.der.CertificateReader;
import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.names.IpAddresses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * How the CA clients name and write the certificates they fetch (issue 11): {@code <name>.standalone.pem} and
 * {@code <name>.landmark.pem}, where {@code <name>} is the certificate's first DNS name, else its first IP address,
 * with {@code :} (IPv6) and {@code *} (a wildcard label) replaced by {@code _}.
 */
public final class CertificateFiles {
    /** The suffix of a standalone certificate's file. */
    public static final String STANDALONE = "standalone";
    /** The suffix of a landmark-relative certificate's file. */
    public static final String LANDMARK = "landmark";

    private CertificateFiles() {}

    /**
     * The file-name stem for a certificate: its first subjectAltName dNSName, else its first iPAddress.
     *
     * @param pemOrDer the certificate, PEM or DER
     * @return the stem, e.g. {@code example.com} or {@code 2001_db8__1}
     * @throws IllegalArgumentException if the certificate names no host
     */
    public static String name(byte[] pemOrDer) {
        MtcCertificate c = MtcCertificate.parse(Profile.PLANTS_05, CertificateReader.der(pemOrDer));
        byte[] extensions = c.extensions().orElseThrow(() -> new IllegalArgumentException("no extensions"));
        for (X509Der.Extension e : X509Der.extensionList(extensions)) {
            if (e.oid().equals(X509Oids.SUBJECT_ALT_NAME)) {
                SubjectAltNames san = SubjectAltNames.parse(e.value());
                String host = !san.dnsNames().isEmpty() ? san.dnsNames().get(0)
                        : IpAddresses.format(san.ipAddresses().get(0));
                return host.replace(':', '_').replace('*', '_');
            }
        }
        throw new IllegalArgumentException("the certificate has no subjectAltName");
    }

    /**
     * Writes {@code dir/<name>.<kind>.pem} atomically (a temporary file renamed into place), so a reader never sees
     * a partial file.
     *
     * @param dir  the directory (created if missing)
     * @param name the stem from {@link #name}
     * @param kind {@link #STANDALONE} or {@link #LANDMARK}
     * @param pem  the PEM text
     * @return the file written
     * @throws IOException if it cannot be written
     */
    public static Path save(Path dir, String name, String kind, byte[] pem) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(name + "." + kind + ".pem");
        Path tmp = Files.createTempFile(dir, "." + name + "." + kind, ".tmp");
        try {
            Files.write(tmp, pem, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    /**
     * Whether {@code body} is one PEM certificate (what the API serves).
     *
     * @param body the body
     * @return whether it is PEM text of a certificate
     */
    static boolean isPemCertificate(byte[] body) {
        return new String(body, StandardCharsets.US_ASCII).startsWith("-----BEGIN CERTIFICATE-----");
    }
}
