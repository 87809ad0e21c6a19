package io.mtc4j.rp.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Strict readers for the fields of mtc4j's JSON files (the relying-party configuration of {@link ConfigLoader} and
 * the {@code --trusted-subtrees} file). Each takes the JSON node and {@code at}, the path of the field (such as
 * {@code cas[0].log}), and throws {@link MtcParseException}{@code (at, rule)} when the node breaks the rule.
 *
 * <p>Unsigned integers may be a JSON number or, for values beyond what JSON numbers carry exactly, a decimal
 * string: ASCII digits only, no sign, no leading zeros, at most 20 digits (2^64 - 1 has 20).
 */
public final class JsonFields {
    /** A decimal string of at most 20 digits without sign or leading zeros. */
    private static final String DECIMAL = "0|[1-9][0-9]{0,19}";
    /** Lowercase hex, an even number of digits. */
    private static final Pattern HEX = Pattern.compile("(?:[0-9a-f]{2})*");

    private JsonFields() {}

    /**
     * {@code n} is an object whose keys are all in {@code allowed}.
     *
     * @param n the JSON node
     * @param at the field's path, for errors
     * @param allowed the allowed keys
     */
    public static void keys(JsonNode n, String at, Set<String> allowed) {
        if (!n.isObject()) {
            throw new MtcParseException(at, "must be an object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new MtcParseException(at + "." + k, "unknown key (allowed: " + new TreeSet<>(allowed) + ")");
            }
        }
    }

    /**
     * The value of {@code key} in {@code n}; absent or JSON null is an error naming {@code at.key}.
     *
     * @param n the JSON node
     * @param key the key
     * @param at the field's path, for errors
     * @return the value of {@code key} in {@code n}; absent or JSON null is an error naming {@code at.key}
     */
    public static JsonNode require(JsonNode n, String key, String at) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw new MtcParseException(at + "." + key, "is required");
        }
        return v;
    }

    /**
     * {@code n} is an array.
     *
     * @param n the JSON node
     * @param at the field's path, for errors
     * @return the {@code JsonNode}
     */
    public static JsonNode array(JsonNode n, String at) {
        if (!n.isArray()) {
            throw new MtcParseException(at, "must be an array");
        }
        return n;
    }

    /**
     * {@code n} is a string.
     *
     * @param n the JSON node
     * @param at the field's path, for errors
     * @return the {@code String}
     */
    public static String text(JsonNode n, String at) {
        if (!n.isTextual()) {
            throw new MtcParseException(at, "must be a string");
        }
        return n.textValue();
    }

    /**
     * {@code n} is {@code true} or {@code false}.
     *
     * @param n the JSON node
     * @param at the field's path, for errors
     * @return whether it holds
     */
    public static boolean bool(JsonNode n, String at) {
        if (!n.isBoolean()) {
            throw new MtcParseException(at, "must be true or false");
        }
        return n.booleanValue();
    }

    /**
     * {@code n} is a trust anchor ID in its ASCII form.
     *
     * @param n the JSON node
     * @param at the field's path, for errors
     * @return the {@code TrustAnchorId}
     */
    public static TrustAnchorId tai(JsonNode n, String at) {
        try {
            return TrustAnchorId.parse(text(n, at));
        } catch (MtcParseException e) {
            throw e.within(at);
        }
    }

    /**
     * Bytes: lowercase hex, the project's one encoding for bytes in JSON (as in the test vectors and the adapter
     * protocol). Files written before it used standard, padded, canonical base64 (RFC 4648 §4), which is still read:
     * a string of an even number of lowercase hex digits is hex, anything else must be canonical base64.
     *
     * @param n  the JSON node
     * @param at the field's path, for errors
     * @return the decoded bytes
     * @throws MtcParseException if {@code n} is not a string, or neither hex nor canonical padded base64
     */
    public static byte[] bytes(JsonNode n, String at) {
        String s = text(n, at);
        if (HEX.matcher(s).matches()) {
            return HexFormat.of().parseHex(s);
        }
        byte[] out;
        try {
            out = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new MtcParseException(at, "not lowercase hex (nor the older standard base64: " + e.getMessage() + ")");
        }
        // The JDK decoder accepts missing padding and non-zero trailing bits; canonical means it re-encodes exactly.
        if (!Base64.getEncoder().encodeToString(out).equals(s)) {
            throw new MtcParseException(at, "not lowercase hex (nor the older canonical padded base64, RFC 4648 §4)");
        }
        return out;
    }

    /**
     * An array of byte strings, each as {@link #bytes}.
     *
     * @param n  the JSON node
     * @param at the field's path, for errors
     * @return the decoded byte strings, in order
     */
    public static List<byte[]> bytesList(JsonNode n, String at) {
        JsonNode arr = array(n, at);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            out.add(bytes(arr.get(i), at + "[" + i + "]"));
        }
        return out;
    }

    /**
     * A trusted subtree object {@code {"log": N, "start": S, "end": E, "hash": "<hex>"}} (draft §"Trusted
     * Subtrees"), as both the configuration file and the {@code --trusted-subtrees} file write it.
     *
     * @param n         the JSON object
     * @param at        its path, for errors
     * @param otherKeys keys the caller reads itself (such as {@code ca_id}); any other key is an error
     * @return the trusted subtree
     * @throws MtcParseException naming the field and the rule it breaks
     */
    public static TrustedSubtree trustedSubtree(JsonNode n, String at, String... otherKeys) {
        Set<String> allowed = new java.util.HashSet<>(Set.of("log", "start", "end", "hash"));
        allowed.addAll(List.of(otherKeys));
        keys(n, at, allowed);
        try {
            return new TrustedSubtree(intValue(require(n, "log", at), at + ".log"),
                    unsigned(require(n, "start", at), at + ".start"), unsigned(require(n, "end", at), at + ".end"),
                    bytes(require(n, "hash", at), at + ".hash"));
        } catch (IllegalArgumentException e) {
            throw new MtcParseException(at, e.getMessage());
        }
    }

    /**
     * {@code n} is a JSON integer that fits a Java {@code int}; callers check the field's own range.
     *
     * @param n the JSON node
     * @param at the field's path, for errors
     * @return the {@code int}
     */
    public static int intValue(JsonNode n, String at) {
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new MtcParseException(at, "must be an integer");
        }
        return n.intValue();
    }

    /**
     * A non-negative integer: a JSON integer or a decimal string of at most 20 digits without sign or leading
     * zeros. Callers check the upper bound (see {@link #unsigned}).
     *
     * @param n the JSON node
     * @param at the field's path, for errors
     * @return a non-negative integer: a JSON integer or a decimal string of at most 20 digits without sign or leading zeros
     */
    public static BigInteger nonNegative(JsonNode n, String at) {
        BigInteger v;
        if (n.isIntegralNumber()) {
            v = n.bigIntegerValue();
        } else if (n.isTextual() && n.textValue().matches(DECIMAL)) {
            v = new BigInteger(n.textValue());
        } else {
            throw new MtcParseException(at, "must be a non-negative integer (a JSON number, or a decimal string of"
                    + " at most 20 digits without sign or leading zeros)");
        }
        if (v.signum() < 0) {
            throw new MtcParseException(at, "must not be negative");
        }
        return v;
    }

    /**
     * An unsigned 64-bit value, 0..2^64-1 ({@link #nonNegative} form), held in a {@code long} as unsigned.
     *
     * @param n the JSON node
     * @param at the field's path, for errors
     * @return an unsigned 64-bit value, 0..2^64-1 ({@link #nonNegative} form), held in a {@code long} as unsigned
     */
    public static long unsigned(JsonNode n, String at) {
        BigInteger v = nonNegative(n, at);
        if (v.bitLength() > 64) {
            throw new MtcParseException(at, "must be within 0..2^64-1");
        }
        return v.longValue();
    }
}
