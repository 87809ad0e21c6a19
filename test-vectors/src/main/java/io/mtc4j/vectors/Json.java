package io.mtc4j.vectors;

import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.codec.JsonIntegers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The JSON conventions shared by the vector files and the adapter protocol: bytes are lowercase hex, sizes and
 * indices are JSON numbers up to 2^53 and decimal strings above (unsigned 64-bit values), and files are written
 * byte for byte the same on every run (two-space indent, LF line ends, insertion-ordered keys).
 */
public final class Json {
    /** The shared mapper (thread-safe once configured). */
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();
    /** 2^53: the largest integer every JSON reader holds exactly. */
    public static final long MAX_SAFE = JsonIntegers.MAX_EXACT;

    private Json() {}

    /** A new empty JSON object. */
    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** A new empty JSON array. */
    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** Lowercase hex of {@code b}. */
    public static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    /** A JSON array of lowercase hex strings. */
    public static ArrayNode hexList(List<byte[]> items) {
        ArrayNode a = array();
        items.forEach(b -> a.add(hex(b)));
        return a;
    }

    /** Decodes the lowercase hex string at {@code field}; uppercase or odd lengths are a parse error. */
    public static byte[] bytes(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isTextual()) {
            throw new MtcParseException(field, "missing or not a hex string");
        }
        return unhex(field, n.asText());
    }

    /** Decodes lowercase hex. */
    public static byte[] unhex(String field, String s) {
        if (s.length() % 2 != 0 || !s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new MtcParseException(field, "not lowercase hex");
        }
        return HEX.parseHex(s);
    }

    /** Decodes an array of hex strings at {@code field}. */
    public static List<byte[]> bytesList(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isArray()) {
            throw new MtcParseException(field, "missing or not an array of hex strings");
        }
        List<byte[]> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw new MtcParseException(field, "element is not a hex string");
            }
            out.add(unhex(field, e.asText()));
        }
        return out;
    }

    /** An unsigned 64-bit value: a JSON number up to 2^53, a decimal string above ({@link JsonIntegers}). */
    public static JsonNode u64(long unsigned) {
        return JsonIntegers.node(unsigned);
    }

    /** An arbitrary non-negative integer in the same convention (for serial numbers). */
    public static JsonNode integer(BigInteger v) {
        return JsonIntegers.node(v);
    }

    /** Reads an integer written as a JSON number or a decimal string. */
    public static BigInteger bigInteger(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null) {
            throw new MtcParseException(field, "missing");
        }
        return bigInteger(field, n);
    }

    /** Reads an integer node (number or decimal string). */
    public static BigInteger bigInteger(String field, JsonNode n) {
        if (n.isIntegralNumber()) {
            return n.bigIntegerValue();
        }
        if (n.isTextual() && n.asText().matches("-?(0|[1-9][0-9]*)")) {
            return new BigInteger(n.asText());
        }
        throw new MtcParseException(field, "not an integer (JSON number or decimal string)");
    }

    /** Reads an unsigned 64-bit value (number or decimal string) into a long with unsigned semantics. */
    public static long u64(JsonNode parent, String field) {
        BigInteger v = bigInteger(parent, field);
        if (v.signum() < 0 || v.bitLength() > 64) {
            throw new MtcParseException(field, "out of the unsigned 64-bit range");
        }
        return v.longValue();
    }

    /** Reads a string field. */
    public static String text(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isTextual()) {
            throw new MtcParseException(field, "missing or not a string");
        }
        return n.asText();
    }

    /** Parses one JSON document. */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String m = e.getOriginalMessage();
            throw new MtcParseException("json", m == null ? "malformed" : "malformed: "
                    + m.lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses one JSON document from bytes (UTF-8). */
    public static JsonNode parse(byte[] utf8) {
        return parse(new String(utf8, StandardCharsets.UTF_8));
    }

    /** Compact single-line form (the adapter protocol). */
    public static String compact(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The deterministic pretty form used for committed files: two-space indent, LF, trailing LF. */
    public static String pretty(JsonNode n) {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("").withArrayEmptySeparator(""));
        DefaultIndenter ind = new DefaultIndenter("  ", "\n");
        pp.indentObjectsWith(ind);
        pp.indentArraysWith(ind);
        try {
            return MAPPER.writer(pp).writeValueAsString(n) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
