package io.mtc4j.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.Ops;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The adapter side of the line protocol: reads one JSON request per line, answers one JSON object per line
 * with the same {@code id}, until end of input. This is what {@code mtc conformance adapter} runs for mtc4j,
 * and the reference for adapters in other languages.
 */
public final class AdapterLoop {
    private AdapterLoop() {}

    /** Serves {@code impl} on the streams until {@code in} ends; returns the number of requests answered. */
    public static long serve(Implementation impl, InputStream in, OutputStream out) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        PrintStream w = new PrintStream(out, false, StandardCharsets.UTF_8);
        long n = 0;
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            w.print(Json.compact(answer(impl, line)));
            w.print('\n');
            w.flush();
            n++;
        }
        return n;
    }

    /** Answers one request line (exposed for tests). */
    public static ObjectNode answer(Implementation impl, String line) {
        JsonNode req;
        try {
            req = Json.parse(line);
        } catch (MtcParseException e) {
            return Answer.error(Ops.KIND_PARSE, "request is not JSON: " + e.rule()).toWire(Json.object().nullNode());
        }
        JsonNode id = req.has("id") ? req.get("id") : Json.object().nullNode();
        if (!req.isObject() || !req.path("op").isTextual()) {
            return Answer.error(Ops.KIND_PARSE, "request needs a string 'op'").toWire(id);
        }
        ObjectNode fields = ((ObjectNode) req).deepCopy();
        fields.remove("id");
        String op = fields.remove("op").asText();
        return impl.call(op, fields).toWire(id);
    }
}
