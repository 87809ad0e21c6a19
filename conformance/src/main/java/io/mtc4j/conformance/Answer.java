package io.mtc4j.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.Ops;
import java.util.Objects;
import java.util.Optional;

/**
 * One answer of the protocol: {@code ok: true} with a {@code result} object, or {@code ok: false} with an
 * {@code error} of kind {@code parse}, {@code invalid} or {@code unsupported}. The harness adds the kind
 * {@value #KIND_PROTOCOL} for adapters that crash, time out or answer malformed JSON (always a failure).
 */
public record Answer(Optional<ObjectNode> result, String kind, String message) {
    /** Harness-only kind: the adapter broke the protocol. */
    public static final String KIND_PROTOCOL = "protocol";

    public Answer {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        result = result.map(ObjectNode::deepCopy);
    }

    /** A positive answer. */
    public static Answer ok(ObjectNode result) {
        return new Answer(Optional.of(result), "", "");
    }

    /** A negative answer. */
    public static Answer error(String kind, String message) {
        return new Answer(Optional.empty(), kind, message);
    }

    /** True for {@code ok: true}. */
    public boolean ok() {
        return result.isPresent();
    }

    @Override
    public Optional<ObjectNode> result() {
        return result.map(ObjectNode::deepCopy);
    }

    /** True when the implementation said it does not implement the operation. */
    public boolean unsupported() {
        return !ok() && kind.equals(Ops.KIND_UNSUPPORTED);
    }

    /** True when the answer rejects the input: an error of kind parse/invalid, or {@code valid: false}. */
    public boolean rejects() {
        if (ok()) {
            JsonNode v = result.get().get("valid");
            return v != null && v.isBoolean() && !v.asBoolean();
        }
        return kind.equals(Ops.KIND_PARSE) || kind.equals(Ops.KIND_INVALID);
    }

    /** The wire form for request {@code id}. */
    public ObjectNode toWire(JsonNode id) {
        ObjectNode o = Json.object();
        o.set("id", id);
        o.put("ok", ok());
        if (ok()) {
            o.set("result", result.get());
        } else {
            ObjectNode e = o.putObject("error");
            e.put("kind", kind);
            e.put("message", message);
        }
        return o;
    }

    /** Reads a wire answer; malformed answers become {@value #KIND_PROTOCOL} errors. */
    public static Answer fromWire(JsonNode o) {
        JsonNode ok = o.get("ok");
        if (ok == null || !ok.isBoolean()) {
            return error(KIND_PROTOCOL, "answer has no boolean 'ok': " + shorten(o));
        }
        if (ok.asBoolean()) {
            JsonNode r = o.get("result");
            if (r == null || !r.isObject()) {
                return error(KIND_PROTOCOL, "ok answer without a 'result' object: " + shorten(o));
            }
            return ok((ObjectNode) r);
        }
        JsonNode e = o.get("error");
        if (e == null || !e.isObject() || !e.path("kind").isTextual()) {
            return error(KIND_PROTOCOL, "negative answer without error.kind: " + shorten(o));
        }
        String kind = e.get("kind").asText();
        if (!kind.equals(Ops.KIND_PARSE) && !kind.equals(Ops.KIND_INVALID) && !kind.equals(Ops.KIND_UNSUPPORTED)) {
            return error(KIND_PROTOCOL, "unknown error kind '" + kind + "'");
        }
        return error(kind, e.path("message").asText(""));
    }

    /** The answer as JSON for reports (same shape as the wire form, without id). */
    public ObjectNode toJson() {
        ObjectNode o = toWire(Json.object().nullNode());
        o.remove("id");
        return o;
    }

    private static String shorten(JsonNode n) {
        String s = Json.compact(n);
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
