package io.mtc4j.rp.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {
    static final ObjectMapper M = new ObjectMapper();
    static final BigInteger TOP = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    static JsonNode json(String s) throws Exception {
        return M.readTree(s);
    }

    static void rejects(String field, Runnable r) {
        MtcParseException e = assertThrows(MtcParseException.class, r::run);
        assertEquals(field, e.field(), e.getMessage());
    }

    @Test
    void u64DecimalRule() throws Exception {
        assertEquals(0L, JsonFields.unsigned(json("\"0\""), "x"));
        assertEquals(-1L, JsonFields.unsigned(json("\"18446744073709551615\""), "x")); // 2^64-1, 20 digits
        assertEquals(-1L, JsonFields.unsigned(json("18446744073709551615"), "x"));
        assertEquals(Long.MAX_VALUE, JsonFields.unsigned(json("9223372036854775807"), "x"));
        rejects("x", () -> JsonFields.unsigned(JsonFieldsTest.node("\"18446744073709551616\""), "x")); // 2^64
        rejects("x", () -> JsonFields.unsigned(JsonFieldsTest.node("18446744073709551616"), "x"));
        for (String bad : List.of("\"100000000000000000000\"", "\"01\"", "\"00\"", "\"+1\"", "\"-1\"", "\" 1\"",
                "\"1 \"", "\"\"", "\"1e3\"", "\"\u0661\"", "-1", "1.5", "true", "[]")) {
            rejects("a.b", () -> JsonFields.unsigned(node(bad), "a.b"));
        }
        // the serial form goes one higher: 2^64 is 20 digits and allowed by nonNegative
        assertEquals(TOP.add(BigInteger.ONE), JsonFields.nonNegative(json("\"18446744073709551616\""), "s"));
        rejects("s", () -> JsonFields.nonNegative(node("\"100000000000000000000\""), "s"));
        rejects("s", () -> JsonFields.nonNegative(node("-5"), "s"));
    }

    static JsonNode node(String s) {
        try {
            return M.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Property
    void everyU64RoundTripsAsDecimalString(@ForAll @BigRange(min = "0", max = "18446744073709551615") BigInteger v) {
        long got = JsonFields.unsigned(node("\"" + v + "\""), "x");
        assertEquals(v, new BigInteger(Long.toUnsignedString(got)));
        assertEquals(got, JsonFields.unsigned(node(v.toString()), "x"));
    }

    @Test
    void base64MustBeCanonicalAndPadded() throws Exception {
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {0}, JsonFields.bytes(node("\"AA==\""), "o.h"));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[0], JsonFields.bytes(node("\"\""), "o.h"));
        rejects("o.h", () -> JsonFields.bytes(node("\"AA\""), "o.h"));
        rejects("o.h", () -> JsonFields.bytes(node("\"AB==\""), "o.h"));
        rejects("o.h", () -> JsonFields.bytes(node("\"A===\""), "o.h"));
        rejects("o.h", () -> JsonFields.bytes(node("\"AA-_\""), "o.h"));
    }

    @Test
    void bytesAreLowercaseHexWithTheOldBase64StillRead() throws Exception {
        assertArrayEquals(new byte[] {0, (byte) 0xab}, JsonFields.bytes(node("\"00ab\""), "o.h"));
        assertArrayEquals(new byte[] {0, (byte) 0xab}, JsonFields.bytes(node("\"AKs=\""), "o.h"));
        rejects("o.h", () -> JsonFields.bytes(node("\"0G\""), "o.h")); // neither form
        rejects("o.h", () -> JsonFields.bytes(node("\"0ab\""), "o.h")); // odd length
        MtcParseException e = assertThrows(MtcParseException.class, () -> JsonFields.bytes(node("\"zz\""), "o.h"));
        assertTrue(e.getMessage().contains("not lowercase hex"), e.getMessage());
    }

    @Property
    void hexAndCanonicalBase64BothRoundTrip(@ForAll byte[] b) {
        assertArrayEquals(b, JsonFields.bytes(node("\"" + java.util.HexFormat.of().formatHex(b) + "\""), "x"));
        String b64 = java.util.Base64.getEncoder().encodeToString(b);
        if (!b64.matches("(?:[0-9a-f]{2})*")) { // a base64 string that is also even lowercase hex reads as hex
            assertArrayEquals(b, JsonFields.bytes(node("\"" + b64 + "\""), "x"));
        }
    }

    @Test
    void trustedSubtreeObjectsAreReadInOnePlace() throws Exception {
        String hash = "00".repeat(32);
        TrustedSubtree t = JsonFields.trustedSubtree(json("{\"ca_id\": \"1.2\", \"log\": 1, \"start\": 0, \"end\": 8,"
                + " \"hash\": \"" + hash + "\"}"), "ts", "ca_id");
        assertEquals(1, t.logNumber());
        assertEquals(8, t.end());
        rejects("ts.ca_id", () -> JsonFields.trustedSubtree(node("{\"ca_id\": \"1.2\", \"log\": 1, \"start\": 0,"
                + " \"end\": 8, \"hash\": \"" + hash + "\"}"), "ts"));
        rejects("ts.hash", () -> JsonFields.trustedSubtree(node("{\"log\": 1, \"start\": 0, \"end\": 8}"), "ts"));
    }

    @Test
    void structureHelpersNameTheField() throws Exception {
        JsonNode o = json("{\"a\": 1, \"b\": \"x\", \"c\": null, \"t\": true, \"h\": [\"AAE=\"], \"id\": \"32473.1\"}");
        rejects("o.b", () -> JsonFields.keys(o, "o", Set.of("a")));
        JsonFields.keys(o, "o", Set.of("a", "b", "c", "t", "h", "id"));
        rejects("o", () -> JsonFields.keys(node("[]"), "o", Set.of()));
        rejects("o.c", () -> JsonFields.require(o, "c", "o"));
        rejects("o.missing", () -> JsonFields.require(o, "missing", "o"));
        rejects("o.a", () -> JsonFields.text(o.get("a"), "o.a"));
        rejects("o.a", () -> JsonFields.array(o.get("a"), "o.a"));
        rejects("o.a", () -> JsonFields.bool(o.get("a"), "o.a"));
        rejects("o.b", () -> JsonFields.intValue(o.get("b"), "o.b"));
        rejects("o.b", () -> JsonFields.bytes(o.get("b"), "o.b"));
        rejects("o.h[1]", () -> JsonFields.bytesList(node("[\"AAE=\", \"A*==\"]"), "o.h"));
        assertTrue(JsonFields.bool(o.get("t"), "o.t"));
        assertEquals(1, JsonFields.intValue(o.get("a"), "o.a"));
        assertArrayEquals(new byte[] {0, 1}, JsonFields.bytesList(o.get("h"), "o.h").get(0));
        assertEquals(TrustAnchorId.parse("32473.1"), JsonFields.tai(o.get("id"), "o.id"));
        MtcParseException e = assertThrows(MtcParseException.class, () -> JsonFields.tai(node("\"1..2\""), "o.id"));
        assertTrue(e.field().startsWith("o.id"), e.field());
        rejects("o.big", () -> JsonFields.intValue(node("4294967296"), "o.big"));
    }
}
