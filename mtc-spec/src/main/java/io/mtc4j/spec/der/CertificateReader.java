package io.mtc4j.spec.der;

import io.mtc4j.spec.MtcParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads X.509 certificates, of any kind (leaf, Merkle Tree Certificate or CA certificate), from the two file forms
 * in use: PEM (RFC 7468 {@code CERTIFICATE} blocks; other blocks are skipped) or one bare DER certificate. It only
 * finds the DER bytes; parsing them is the caller's (for example {@code MtcCertificate.parse}).
 */
public final class CertificateReader {
    private static final String LABEL = "CERTIFICATE";

    private CertificateReader() {}

    /**
     * The DER of the single certificate in a file's bytes.
     *
     * @param fileBytes PEM text with exactly one {@code CERTIFICATE} block, or DER
     * @return the certificate's DER encoding (a copy)
     * @throws MtcParseException if PEM text holds no or several {@code CERTIFICATE} blocks, or is malformed
     */
    public static byte[] der(byte[] fileBytes) {
        List<byte[]> all = allDer(fileBytes);
        if (all.size() != 1) {
            throw new MtcParseException("PEM", "expected one CERTIFICATE block, found " + all.size());
        }
        return all.get(0);
    }

    /**
     * The DER of every certificate in a file's bytes, in file order.
     *
     * @param fileBytes PEM text with one or more {@code CERTIFICATE} blocks, or DER
     * @return the certificates' DER encodings (copies); one element for DER input, never empty
     * @throws MtcParseException if PEM text holds no {@code CERTIFICATE} block, or is malformed
     */
    public static List<byte[]> allDer(byte[] fileBytes) {
        if (!Pem.looksLikePem(fileBytes)) {
            return List.of(fileBytes.clone());
        }
        List<byte[]> certs = Pem.decodeAll(new String(fileBytes, StandardCharsets.US_ASCII)).stream()
                .filter(b -> b.label().equals(LABEL)).map(Pem.Block::der).toList();
        if (certs.isEmpty()) {
            throw new MtcParseException("PEM", "no CERTIFICATE block");
        }
        return certs;
    }

    /**
     * Reads the single certificate of a file.
     *
     * @param file a PEM or DER certificate file
     * @return the certificate's DER encoding
     * @throws IOException if the file cannot be read
     * @throws MtcParseException as {@link #der(byte[])}
     */
    public static byte[] read(Path file) throws IOException {
        return der(Files.readAllBytes(file));
    }

    /**
     * Reads every certificate of a file.
     *
     * @param file a PEM or DER certificate file
     * @return the certificates' DER encodings, in file order
     * @throws IOException if the file cannot be read
     * @throws MtcParseException as {@link #allDer(byte[])}
     */
    public static List<byte[]> readAll(Path file) throws IOException {
        return allDer(Files.readAllBytes(file));
    }
}
