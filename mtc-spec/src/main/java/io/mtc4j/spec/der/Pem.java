package io.mtc4j.spec.der;

import io.mtc4j.spec.MtcParseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** RFC 7468 PEM: strict base64 between {@code -----BEGIN label-----} and the matching END line. */
public final class Pem {
    private Pem() {}

    /** One decoded PEM block. */
    public record Block(String label, byte[] der) {
        /**
         * Checks the components against the rules above and copies byte arrays.
         *
         * @param label the PEM label
         * @param der the DER encoding
         */
        public Block {
            der = der.clone();
        }

        /**
         * The der.
         *
         * @return the DER encoding
         */
        @Override
        public byte[] der() {
            return der.clone();
        }
    }

    /**
     * True when {@code bytes} looks like PEM text (starts with a BEGIN line after optional whitespace).
     *
     * @param bytes the encoded bytes
     * @return {@code true} when {@code bytes} looks like PEM text (starts with a BEGIN line after optional whitespace)
     */
    public static boolean looksLikePem(byte[] bytes) {
        String s = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1).stripLeading();
        return s.startsWith("-----BEGIN ");
    }

    /**
     * Every block in {@code text}, in order.
     *
     * @param text the text
     * @return every block in {@code text}, in order
     */
    public static List<Block> decodeAll(String text) {
        List<Block> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        int i = 0;
        while (i < lines.length) {
            String line = lines[i].strip();
            i++;
            if (!line.startsWith("-----BEGIN ")) {
                continue;
            }
            if (!line.endsWith("-----") || line.length() < 17) {
                throw new MtcParseException("PEM", "malformed BEGIN line");
            }
            String label = line.substring(11, line.length() - 5);
            StringBuilder b64 = new StringBuilder();
            boolean closed = false;
            while (i < lines.length) {
                String l = lines[i++].strip();
                if (l.equals("-----END " + label + "-----")) {
                    closed = true;
                    break;
                }
                if (l.startsWith("-----")) {
                    throw new MtcParseException("PEM", "END line does not match BEGIN " + label);
                }
                b64.append(l);
            }
            if (!closed) {
                throw new MtcParseException("PEM", "no END line for " + label);
            }
            try {
                out.add(new Block(label, Base64.getDecoder().decode(b64.toString())));
            } catch (IllegalArgumentException e) {
                throw new MtcParseException("PEM", "invalid base64 in " + label + " block");
            }
        }
        if (out.isEmpty()) {
            throw new MtcParseException("PEM", "no BEGIN line");
        }
        return List.copyOf(out);
    }

    /**
     * The single block of {@code text} (exactly one).
     *
     * @param text the text
     * @return the single block of {@code text} (exactly one)
     */
    public static Block decode(String text) {
        List<Block> all = decodeAll(text);
        if (all.size() != 1) {
            throw new MtcParseException("PEM", "expected one block, found " + all.size());
        }
        return all.get(0);
    }

    /**
     * PEM text with 64-character lines.
     *
     * @param label the PEM label
     * @param der the DER encoding
     * @return the encoding
     */
    public static String encode(String label, byte[] der) {
        String b64 = Base64.getEncoder().encodeToString(der);
        StringBuilder sb = new StringBuilder("-----BEGIN ").append(label).append("-----\n");
        for (int i = 0; i < b64.length(); i += 64) {
            sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        }
        return sb.append("-----END ").append(label).append("-----\n").toString();
    }
}
