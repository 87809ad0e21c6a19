package io.mtc4j.ca.acme;

import java.util.Base64;
import java.util.regex.Pattern;

/** Strict unpadded base64url (RFC 8555 §6.1, RFC 7515 §2): no padding, no whitespace, canonical last bits. */
final class Base64Url {
    private static final Pattern ALPHABET = Pattern.compile("[A-Za-z0-9_-]*");

    private Base64Url() {}

    static String encode(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static byte[] decode(String s, String field) {
        if (s.length() % 4 == 1 || !ALPHABET.matcher(s).matches()) {
            throw AcmeProblem.malformed(field, field + " must be unpadded base64url");
        }
        byte[] b = Base64.getUrlDecoder().decode(s);
        if (!encode(b).equals(s)) {
            throw AcmeProblem.malformed(field, field + " is not canonical base64url (non-zero trailing bits)");
        }
        return b;
    }
}
