package io.mtc4j.ca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The CA's durable state besides its logs and certificates, {@code DIR/state.json}: the current log number
 * (draft §"Issuance Logs": initially 1; only the current log is appended to) and every rollover with its reason
 * (§"Log Failures"). Written with {@link Durable#write}.
 *
 * @param currentLog the current log number
 * @param rollovers  the rollovers so far, oldest first
 */
record CaState(int currentLog, List<Rollover> rollovers) {
    static final String FILE = "state.json";

    /** One move to the next log after a declared log failure. */
    record Rollover(int from, int to, Instant at, String reason) {}

    CaState {
        rollovers = List.copyOf(rollovers);
    }

    static CaState initial() {
        return new CaState(1, List.of());
    }

    CaState rollover(Instant at, String reason) {
        List<Rollover> r = new ArrayList<>(rollovers);
        r.add(new Rollover(currentLog, currentLog + 1, at, reason));
        return new CaState(currentLog + 1, r);
    }

    void write(Path caDir) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode o = m.createObjectNode();
        o.put("currentLog", currentLog);
        ArrayNode a = o.putArray("rollovers");
        for (Rollover r : rollovers) {
            a.addObject().put("from", r.from).put("to", r.to).put("at", r.at.toString()).put("reason", r.reason);
        }
        try {
            Durable.write(caDir.resolve(FILE), (m.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static CaState read(Path caDir) {
        Path f = caDir.resolve(FILE);
        try {
            JsonNode o = new ObjectMapper().readTree(Files.readAllBytes(f));
            int current = o.get("currentLog").intValue();
            List<Rollover> r = new ArrayList<>();
            for (JsonNode x : o.get("rollovers")) {
                r.add(new Rollover(x.get("from").intValue(), x.get("to").intValue(), Instant.parse(x.get("at")
                        .textValue()), x.get("reason").textValue()));
            }
            if (current < 1 || current != 1 + r.size()) {
                throw new CaException(f.toString(), "inconsistent", "currentLog " + current + " after " + r.size()
                        + " rollovers");
            }
            return new CaState(current, r);
        } catch (IOException | RuntimeException e) {
            if (e instanceof CaException c) {
                throw c;
            }
            throw new CaException(f.toString(), "unreadable", "cannot read the CA state: " + e);
        }
    }
}
