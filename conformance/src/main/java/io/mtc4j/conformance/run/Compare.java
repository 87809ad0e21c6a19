package io.mtc4j.conformance.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtc4j.vectors.Json;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Compares an expected output with an answer: every expected field must be present and equal; extra answer
 * fields are ignored. Integers compare by value whether written as a JSON number or a decimal string (the
 * protocol allows strings above 2^53). Hex must be exactly lowercase, as the protocol requires.
 */
final class Compare {
    private Compare() {}

    /** Empty when {@code actual} contains {@code expected}; otherwise the first difference, with its path. */
    static Optional<String> contains(JsonNode expected, JsonNode actual) {
        return diff("", expected, actual);
    }

    private static Optional<String> diff(String path, JsonNode e, JsonNode a) {
        if (a == null || a.isMissingNode()) {
            return Optional.of(where(path) + "missing, expected " + Json.compact(e));
        }
        if (e.isObject()) {
            if (!a.isObject()) {
                return Optional.of(where(path) + "expected an object, got " + shorten(a));
            }
            Iterator<Map.Entry<String, JsonNode>> it = e.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                Optional<String> d = diff(path + "/" + f.getKey(), f.getValue(), a.get(f.getKey()));
                if (d.isPresent()) {
                    return d;
                }
            }
            return Optional.empty();
        }
        if (e.isArray()) {
            if (!a.isArray()) {
                return Optional.of(where(path) + "expected an array, got " + shorten(a));
            }
            if (a.size() != e.size()) {
                return Optional.of(where(path) + "expected " + e.size() + " elements, got " + a.size());
            }
            for (int i = 0; i < e.size(); i++) {
                Optional<String> d = diff(path + "/" + i, e.get(i), a.get(i));
                if (d.isPresent()) {
                    return d;
                }
            }
            return Optional.empty();
        }
        Optional<BigInteger> ei = integer(e);
        Optional<BigInteger> ai = integer(a);
        if (e.isIntegralNumber() || a.isIntegralNumber()) {
            if (ei.isPresent() && ei.equals(ai)) {
                return Optional.empty();
            }
            return Optional.of(where(path) + "expected " + Json.compact(e) + ", got " + shorten(a));
        }
        if (e.equals(a)) {
            return Optional.empty();
        }
        return Optional.of(where(path) + "expected " + shorten(e) + ", got " + shorten(a));
    }

    private static Optional<BigInteger> integer(JsonNode n) {
        if (n.isIntegralNumber()) {
            return Optional.of(n.bigIntegerValue());
        }
        if (n.isTextual() && n.asText().matches("0|[1-9][0-9]*")) {
            return Optional.of(new BigInteger(n.asText()));
        }
        return Optional.empty();
    }

    private static String where(String path) {
        return path.isEmpty() ? "" : path + ": ";
    }

    private static String shorten(JsonNode n) {
        String s = Json.compact(n);
        return s.length() > 160 ? s.substring(0, 150) + "…(" + s.length() + " chars)" : s;
    }
}
