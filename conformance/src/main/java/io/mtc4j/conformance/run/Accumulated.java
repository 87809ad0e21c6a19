package io.mtc4j.conformance.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.conformance.Answer;
import io.mtc4j.conformance.Implementation;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.Ops;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The draft appendix "Subtree Test Vectors": drives the implementation's {@code merkle.*} operations over every
 * input up to size {@code max} (d[i] = byte i) and hashes the answers in the appendix's line format. Which
 * ranges are valid subtrees is decided by mtc-spec ({@link Subtree#isValid(long, long)}), so only the
 * implementation's answers are under test.
 */
final class Accumulated {
    /** The pseudo-operation of the appendix vector file. */
    static final String OP = "accumulated";

    private Accumulated() {}

    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Answer answer;

        Stop(Answer answer) {
            super(null, null, false, false);
            this.answer = answer;
        }
    }

    static Answer run(Implementation impl, ObjectNode request) {
        String procedure = request.path("procedure").asText();
        int max = request.path("max").asInt();
        MessageDigest h;
        try {
            h = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<ArrayNode> leaves = new ArrayList<>();
        for (int n = 0; n <= max; n++) {
            ArrayNode a = Json.array();
            for (int i = 0; i < n; i++) {
                a.add(Json.hex(new byte[] {(byte) i}));
            }
            leaves.add(a);
        }
        try {
            switch (procedure) {
                case "subtree_hash" -> {
                    for (int end = 0; end <= max; end++) {
                        for (int start = 0; start <= end; start++) {
                            if (Subtree.isValid(start, end)) {
                                JsonNode r = call(impl, Ops.SUBTREE_HASH, leaves.get(end), start, end, null, null);
                                line(h, "[" + start + ", " + end + ") " + r.path("hash").asText());
                            }
                        }
                    }
                }
                case "inclusion_proof" -> {
                    for (int end = 0; end <= max; end++) {
                        for (int start = 0; start <= end; start++) {
                            if (!Subtree.isValid(start, end)) {
                                continue;
                            }
                            for (int index = start; index < end; index++) {
                                JsonNode r = call(impl, Ops.INCLUSION_PROOF, leaves.get(end), start, end, index,
                                        null);
                                line(h, index + " [" + start + ", " + end + ")" + hashes(r.path("proof")));
                            }
                        }
                    }
                }
                case "consistency_proof" -> {
                    for (int n = 0; n <= max; n++) {
                        for (int end = 0; end <= n; end++) {
                            for (int start = 0; start <= end; start++) {
                                if (Subtree.isValid(start, end)) {
                                    JsonNode r = call(impl, Ops.CONSISTENCY_PROOF, leaves.get(n), start, end, null,
                                            n);
                                    line(h, "[" + start + ", " + end + ") " + n + hashes(r.path("proof")));
                                }
                            }
                        }
                    }
                }
                case "covering_subtrees" -> {
                    for (int end = 0; end <= max; end++) {
                        for (int start = 0; start <= end; start++) {
                            JsonNode r = call(impl, Ops.COVERING_SUBTREES, null, start, end, null, null);
                            JsonNode l = r.path("left");
                            JsonNode g = r.path("right");
                            line(h, "[" + l.path(0).asText() + ", " + l.path(1).asText() + ") [" + g.path(0).asText()
                                    + ", " + g.path(1).asText() + ")");
                        }
                    }
                }
                default -> {
                    return Answer.error(Ops.KIND_INVALID, "unknown accumulated procedure '" + procedure + "'");
                }
            }
        } catch (Stop s) {
            return s.answer;
        }
        ObjectNode out = Json.object();
        out.put("sha256", Json.hex(h.digest()));
        return Answer.ok(out);
    }

    private static JsonNode call(Implementation impl, String op, ArrayNode leaves, long start, long end,
            Integer index, Integer n) {
        ObjectNode r = Json.object();
        if (leaves != null) {
            r.set("leaves", leaves);
        }
        if (n != null) {
            r.put("n", n);
        }
        r.put("start", start);
        r.put("end", end);
        if (index != null) {
            r.put("index", index);
        }
        Answer a = impl.call(op, r);
        if (a.unsupported()) {
            throw new Stop(a);
        }
        if (!a.ok()) {
            throw new Stop(Answer.error(a.kind(), op + " " + Json.compact(withoutLeaves(r)) + " was rejected: "
                    + a.message()));
        }
        return a.result().orElseThrow();
    }

    private static ObjectNode withoutLeaves(ObjectNode r) {
        ObjectNode c = r.deepCopy();
        c.remove("leaves");
        return c;
    }

    private static String hashes(JsonNode proof) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode p : proof) {
            sb.append(' ').append(p.asText());
        }
        return sb.toString();
    }

    private static void line(MessageDigest h, String line) {
        h.update((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
