package io.mtc4j.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-test differences between two vector sets: tests are matched by file and {@code tcId}, and every field
 * that differs is listed by its JSON path with the old and new value — what a spec author reads after
 * regenerating for a proposed draft change.
 */
public final class VectorDiff {
    private VectorDiff() {}

    /** One difference line. */
    public record Change(String test, String path, String before, String after) {
        @Override
        public String toString() {
            if (path.isEmpty()) {
                return test + ": " + before + " -> " + after;
            }
            return test + " " + path + ": " + before + " -> " + after;
        }
    }

    /** Differences from {@code a} to {@code b}. */
    public static List<Change> diff(VectorSet a, VectorSet b) {
        List<Change> out = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>(a.names());
        names.addAll(b.names());
        for (String name : names) {
            JsonNode fa = a.file(name).orElse(null);
            JsonNode fb = b.file(name).orElse(null);
            if (fa == null || fb == null) {
                out.add(new Change(name, "", fa == null ? "absent" : "present", fb == null ? "absent" : "present"));
                continue;
            }
            Map<Integer, JsonNode> ta = tests(fa);
            Map<Integer, JsonNode> tb = tests(fb);
            Set<Integer> ids = new LinkedHashSet<>(ta.keySet());
            ids.addAll(tb.keySet());
            for (int id : ids) {
                String label = name + "#" + id;
                JsonNode x = ta.get(id);
                JsonNode y = tb.get(id);
                if (x == null || y == null) {
                    out.add(new Change(label, "", x == null ? "absent" : summary(x), y == null ? "absent"
                            : summary(y)));
                } else {
                    compare(label, "", x, y, out);
                }
            }
        }
        return out;
    }

    private static String summary(JsonNode t) {
        return "\"" + t.path("comment").asText() + "\" (" + t.path("result").asText() + ")";
    }

    private static Map<Integer, JsonNode> tests(JsonNode file) {
        Map<Integer, JsonNode> m = new LinkedHashMap<>();
        for (JsonNode g : file.path("testGroups")) {
            for (JsonNode t : g.path("tests")) {
                // The group's shared params are part of what the test means: fold them in.
                com.fasterxml.jackson.databind.node.ObjectNode copy = t.deepCopy();
                copy.set("params", g.path("params"));
                m.put(t.path("tcId").asInt(), copy);
            }
        }
        return m;
    }

    private static void compare(String test, String path, JsonNode x, JsonNode y, List<Change> out) {
        if (x.equals(y)) {
            return;
        }
        if (x.isObject() && y.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            x.fieldNames().forEachRemaining(keys::add);
            y.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                JsonNode a = x.get(k);
                JsonNode b = y.get(k);
                String p = path + "/" + k;
                if (a == null || b == null) {
                    out.add(new Change(test, p, a == null ? "absent" : shorten(a), b == null ? "absent"
                            : shorten(b)));
                } else {
                    compare(test, p, a, b, out);
                }
            }
            return;
        }
        if (x.isArray() && y.isArray() && x.size() == y.size()) {
            Iterator<JsonNode> i = x.elements();
            Iterator<JsonNode> j = y.elements();
            int n = 0;
            while (i.hasNext()) {
                compare(test, path + "/" + n++, i.next(), j.next(), out);
            }
            return;
        }
        out.add(new Change(test, path, shorten(x), shorten(y)));
    }

    private static String shorten(JsonNode n) {
        String s = Json.compact(n);
        return s.length() <= 120 ? s : s.substring(0, 100) + "…(" + s.length() + " chars)";
    }
}
