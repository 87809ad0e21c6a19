package io.mtc4j.log.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.MtcParseException;
import java.io.IOException;

/**
 * One alert: a rule (or structural pseudo-rule, {@code split-view}, {@code rollback}, {@code log-switch}) raised
 * at a log position, with the evidence bundle that proves it.
 *
 * @param id        unique per entry (or checkpoint) and rule: {@code <rule> <log>:<index>}; alerts are deduplicated by it
 * @param rule      the rule
 * @param logNumber the log number
 * @param index     the entry's index (for checkpoint alerts, the tree size concerned)
 * @param origin    the log's origin
 * @param reason    why
 * @param entry     what the entry presents (empty for checkpoint alerts)
 * @param evidence  the evidence file's path
 */
public record Alert(String id, String rule, int logNumber, long index, String origin, String reason, String entry,
        String evidence) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The alert ID of {@code rule} at {@code logNumber:index}. */
    static String id(String rule, int logNumber, long index) {
        return rule + " " + logNumber + ":" + index;
    }

    /** {@code ALERT <rule> <log number>:<index> <reason>[; <entry>] evidence <path>}: one greppable line. */
    public String line() {
        return "ALERT " + rule + " " + logNumber + ":" + index + " " + reason + (entry.isEmpty() ? "" : "; " + entry)
                + " evidence " + evidence;
    }

    /** One JSON object on one line. */
    public String json() {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "alert");
        o.put("id", id);
        o.put("rule", rule);
        o.put("log", logNumber);
        o.put("index", index);
        o.put("origin", origin);
        o.put("reason", reason);
        o.put("entry", entry);
        o.put("evidence", evidence);
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Parses {@link #json()}.
     *
     * @param line the JSON line
     * @return the alert
     * @throws MtcParseException if it is not an alert line
     */
    static Alert parse(String line) {
        try {
            JsonNode o = JSON.readTree(line);
            return new Alert(o.get("id").asText(), o.get("rule").asText(), o.get("log").asInt(),
                    o.get("index").asLong(), o.get("origin").asText(), o.get("reason").asText(), o.get("entry").asText(),
                    o.get("evidence").asText());
        } catch (IOException | NullPointerException e) {
            throw new MtcParseException("alert journal", "not an alert line: " + e.getMessage());
        }
    }
}
