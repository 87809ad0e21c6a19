package io.mtc4j.spec.tai;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.der.DerElement;
import io.mtc4j.spec.der.DerReader;
import io.mtc4j.spec.der.Pem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A file of media type {@value #MEDIA_TYPE} (draft-ietf-tls-trust-anchor-ids §"Media Type"): a
 * {@link CertificatePropertyList} in a {@code CERTIFICATE PROPERTIES} PEM block, then the end-entity certificate and
 * each certificate that certifies the one before it, the trust anchor omitted. The ABNF is
 * <pre>certchainwithproperties = stricttextualmsg eol stricttextualmsg *(eol stricttextualmsg)</pre>
 * with RFC 7468 §3's strict encoding: no explanatory text, no blank lines or white space, every base64 line but the
 * last exactly 64 characters, canonical padding. {@link #parse} enforces all of it, and accepts one end-of-line
 * after the last block (as every writer, this one included, ends the file with one). An end-of-line is CRLF, CR or
 * LF (RFC 7468 {@code eol}).
 *
 * @param properties   the certification path's properties
 * @param certificates the DER certificates, end-entity first (at least one; each copied)
 */
public record CertificateChainWithProperties(CertificatePropertyList properties, List<byte[]> certificates) {
    /** The media type ({@code Accept} and {@code Content-Type}). */
    public static final String MEDIA_TYPE = "application/pem-certificate-chain-with-properties";
    /** The PEM label of the encoded CertificatePropertyList. */
    public static final String PROPERTIES_LABEL = "CERTIFICATE PROPERTIES";
    /** The PEM label of each certificate (RFC 7468 §5.1). */
    public static final String CERTIFICATE_LABEL = "CERTIFICATE";

    /**
     * Checks that there is at least one certificate, each a single DER SEQUENCE, and copies them.
     *
     * @param properties   the certification path's properties
     * @param certificates the DER certificates, end-entity first
     */
    public CertificateChainWithProperties {
        Objects.requireNonNull(properties, "properties");
        if (certificates.isEmpty()) {
            throw new MtcParseException("certificates", "a path needs its end-entity certificate");
        }
        List<byte[]> copies = new ArrayList<>();
        for (int i = 0; i < certificates.size(); i++) {
            byte[] der = certificates.get(i).clone();
            DerElement e = DerReader.single(der, "certificates[" + i + "]");
            if (e.tag() != 0x30) {
                throw new MtcParseException("certificates[" + i + "]", "not a DER Certificate SEQUENCE");
            }
            copies.add(der);
        }
        certificates = List.copyOf(copies);
    }

    /**
     * The certificates, end-entity first (copies).
     *
     * @return the DER certificates
     */
    @Override
    public List<byte[]> certificates() {
        return certificates.stream().map(byte[]::clone).toList();
    }

    /**
     * The file: the properties block, then each certificate, with 64-character lines and LF line ends.
     *
     * @return the PEM text
     */
    public String encode() {
        StringBuilder sb = new StringBuilder(Pem.encode(PROPERTIES_LABEL, properties.encode()));
        for (byte[] c : certificates) {
            sb.append(Pem.encode(CERTIFICATE_LABEL, c));
        }
        return sb.toString();
    }

    /**
     * Strictly parses a file of media type {@value #MEDIA_TYPE}.
     *
     * @param text the file's text
     * @return the properties and the certificates
     * @throws MtcParseException naming the block or line and the rule it breaks
     */
    public static CertificateChainWithProperties parse(String text) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r\n|\r|\n", -1)));
        if (lines.size() > 1 && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // the one end-of-line after the last block
        }
        List<byte[]> blocks = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String label = blocks.isEmpty() ? PROPERTIES_LABEL : CERTIFICATE_LABEL;
            String block = "block " + (blocks.size() + 1) + " (" + label + ")";
            if (!lines.get(i).equals("-----BEGIN " + label + "-----")) {
                throw new MtcParseException(block, "line " + (i + 1) + " must be '-----BEGIN " + label
                        + "-----' (no explanatory text, blank lines or white space)");
            }
            i++;
            StringBuilder b64 = new StringBuilder();
            int start = i;
            while (i < lines.size() && !lines.get(i).startsWith("-----")) {
                b64.append(lines.get(i));
                i++;
            }
            if (i == lines.size() || !lines.get(i).equals("-----END " + label + "-----")) {
                throw new MtcParseException(block, "no '-----END " + label + "-----' line");
            }
            byte[] der = strictBase64(lines.subList(start, i), block, start);
            blocks.add(der);
            i++;
        }
        if (blocks.size() < 2) {
            throw new MtcParseException("certchainwithproperties", blocks.isEmpty() ? "empty"
                    : "no certificate after the CERTIFICATE PROPERTIES block");
        }
        CertificatePropertyList properties;
        try {
            properties = CertificatePropertyList.parse(blocks.get(0));
        } catch (MtcParseException e) {
            throw e.within("block 1 (" + PROPERTIES_LABEL + ")");
        }
        return new CertificateChainWithProperties(properties, blocks.subList(1, blocks.size()));
    }

    // RFC 7468 §3 strictbase64text: full lines of exactly 64 characters, a last line of 4..64, canonical padding
    private static byte[] strictBase64(List<String> lines, String block, int firstLine) {
        if (lines.isEmpty()) {
            throw new MtcParseException(block, "no base64 text");
        }
        StringBuilder all = new StringBuilder();
        for (int k = 0; k < lines.size(); k++) {
            String l = lines.get(k);
            boolean last = k == lines.size() - 1;
            if (last ? l.isEmpty() || l.length() > 64 || l.length() % 4 != 0 : l.length() != 64) {
                throw new MtcParseException(block, "line " + (firstLine + k + 1) + " has " + l.length()
                        + " characters; the strict encoding has 64 on every line but the last (4..64, whole quanta)");
            }
            all.append(l);
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(all.toString());
        } catch (IllegalArgumentException e) {
            throw new MtcParseException(block, "invalid base64: " + e.getMessage());
        }
        if (!Base64.getEncoder().encodeToString(der).contentEquals(all)) {
            throw new MtcParseException(block, "base64 is not canonical (padding or unused bits)");
        }
        return der;
    }
}
