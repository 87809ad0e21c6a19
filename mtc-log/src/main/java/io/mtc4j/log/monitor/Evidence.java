package io.mtc4j.log.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.MtcParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What proves an alert to anyone, offline ({@link EvidenceVerifier}): for an entry, the entry, its RFC 9162
 * inclusion proof and the signed checkpoint it is proven against; for a split view or rollback, both signed
 * checkpoints (and, for a split view of two sizes, the larger tree's hash of the smaller size with its consistency
 * proof); for a log switch, the new log's signed checkpoint. Always the CA certificate, whose cosigner key signs
 * the CA's checkpoints, and the note keys of other cosigners whose checkpoints it holds. Stored as JSON: bytes in
 * base64, hashes in hex, checkpoints as their signed-note text.
 *
 * @param kind             {@code entry}, {@code split-view}, {@code rollback} or {@code log-switch}
 * @param origin           the log's checkpoint origin
 * @param logNumber        the log number
 * @param index            the entry's index (kind {@code entry}), else the size of {@code checkpoint}
 * @param entry            the MTCLogEntry (empty unless kind {@code entry})
 * @param inclusionProof   the entry's inclusion proof in {@code checkpoint}'s tree
 * @param checkpoint       the signed checkpoint (a split view's or rollback's later or CA-log one)
 * @param checkpointSource where {@code checkpoint} was read
 * @param other            the other signed checkpoint of a split view or rollback
 * @param otherSource      where {@code other} was read
 * @param subtreeHash      a split view of two sizes: the larger tree's hash of the smaller tree's entries
 * @param consistencyProof its subtree consistency proof in the larger tree
 * @param caCertificate    the CA certificate (DER)
 * @param keys             vkeys of other cosigners whose signatures the checkpoints carry
 * @param demoCompat       the CA's checkpoints carry the demo generator's untimestamped signature (MTC-NOTES §8)
 */
public record Evidence(String kind, String origin, int logNumber, long index, byte[] entry, List<byte[]> inclusionProof,
        byte[] checkpoint, String checkpointSource, Optional<byte[]> other, String otherSource, Optional<byte[]> subtreeHash,
        List<byte[]> consistencyProof, byte[] caCertificate, List<String> keys, boolean demoCompat) {
    /** The kinds of evidence. */
    public static final Set<String> KINDS = Set.of("entry", "split-view", "rollback", "log-switch");

    /**
     * Copies every array and list.
     *
     * @param kind             the kind
     * @param origin           the origin
     * @param logNumber        the log number
     * @param index            the index or size
     * @param entry            the entry
     * @param inclusionProof   the inclusion proof
     * @param checkpoint       the checkpoint note
     * @param checkpointSource its source
     * @param other            the other note
     * @param otherSource      its source
     * @param subtreeHash      the subtree hash
     * @param consistencyProof the consistency proof
     * @param caCertificate    the CA certificate
     * @param keys             other cosigners' vkeys
     * @param demoCompat       the demo generator's CA signatures
     */
    public Evidence {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("evidence kind " + kind + " is not one of " + KINDS);
        }
        entry = entry.clone();
        inclusionProof = inclusionProof.stream().map(byte[]::clone).toList();
        checkpoint = checkpoint.clone();
        other = other.map(byte[]::clone);
        subtreeHash = subtreeHash.map(byte[]::clone);
        consistencyProof = consistencyProof.stream().map(byte[]::clone).toList();
        caCertificate = caCertificate.clone();
        keys = List.copyOf(keys);
    }

    @Override
    public byte[] entry() {
        return entry.clone();
    }

    @Override
    public List<byte[]> inclusionProof() {
        return inclusionProof.stream().map(byte[]::clone).toList();
    }

    @Override
    public byte[] checkpoint() {
        return checkpoint.clone();
    }

    @Override
    public Optional<byte[]> other() {
        return other.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> subtreeHash() {
        return subtreeHash.map(byte[]::clone);
    }

    @Override
    public List<byte[]> consistencyProof() {
        return consistencyProof.stream().map(byte[]::clone).toList();
    }

    @Override
    public byte[] caCertificate() {
        return caCertificate.clone();
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final List<String> FIELDS = List.of("version", "kind", "origin", "logNumber", "index", "entry",
            "inclusionProof", "checkpoint", "checkpointSource", "other", "otherSource", "subtreeHash",
            "consistencyProof", "caCertificate", "keys", "demoCompat");

    /** The JSON form (one object, {@code "version": 1}). */
    public byte[] toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("version", 1);
        o.put("kind", kind);
        o.put("origin", origin);
        o.put("logNumber", logNumber);
        o.put("index", index);
        o.put("entry", Base64.getEncoder().encodeToString(entry));
        hexes(o.putArray("inclusionProof"), inclusionProof);
        o.put("checkpoint", new String(checkpoint, StandardCharsets.UTF_8));
        o.put("checkpointSource", checkpointSource);
        other.ifPresent(x -> o.put("other", new String(x, StandardCharsets.UTF_8)));
        o.put("otherSource", otherSource);
        subtreeHash.ifPresent(x -> o.put("subtreeHash", HEX.formatHex(x)));
        hexes(o.putArray("consistencyProof"), consistencyProof);
        o.put("caCertificate", Base64.getEncoder().encodeToString(caCertificate));
        ArrayNode k = o.putArray("keys");
        keys.forEach(k::add);
        if (demoCompat) {
            o.put("demoCompat", true);
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void hexes(ArrayNode a, List<byte[]> l) {
        l.forEach(x -> a.add(HEX.formatHex(x)));
    }

    /**
     * Parses the JSON form strictly: every field typed, none unknown.
     *
     * @param json the bytes
     * @return the evidence
     * @throws MtcParseException naming the field
     */
    public static Evidence parse(byte[] json) {
        JsonNode o;
        try {
            o = JSON.readTree(json);
        } catch (IOException e) {
            throw new MtcParseException("evidence", "not JSON: " + e.getMessage());
        }
        if (o == null || !o.isObject()) {
            throw new MtcParseException("evidence", "must be a JSON object");
        }
        for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new MtcParseException("evidence." + f, "unknown field");
            }
        }
        if (o.path("version").asInt(-1) != 1 || !o.path("version").isInt()) {
            throw new MtcParseException("evidence.version", "must be 1");
        }
        try {
            return new Evidence(text(o, "kind"), text(o, "origin"), (int) number(o, "logNumber"), number(o, "index"),
                    Base64.getDecoder().decode(text(o, "entry")), hexList(o, "inclusionProof"),
                    text(o, "checkpoint").getBytes(StandardCharsets.UTF_8), text(o, "checkpointSource"),
                    o.has("other") ? Optional.of(text(o, "other").getBytes(StandardCharsets.UTF_8)) : Optional.empty(),
                    text(o, "otherSource"),
                    o.has("subtreeHash") ? Optional.of(HEX.parseHex(text(o, "subtreeHash"))) : Optional.empty(),
                    hexList(o, "consistencyProof"), Base64.getDecoder().decode(text(o, "caCertificate")),
                    textList(o, "keys"), demoCompat(o));
        } catch (IllegalArgumentException e) {
            throw new MtcParseException("evidence", e.getMessage());
        }
    }

    private static boolean demoCompat(JsonNode o) {
        JsonNode n = o.get("demoCompat");
        if (n != null && !n.isBoolean()) {
            throw new MtcParseException("evidence.demoCompat", "must be true or false");
        }
        return n != null && n.asBoolean();
    }

    private static String text(JsonNode o, String f) {
        JsonNode n = o.get(f);
        if (n == null || !n.isTextual()) {
            throw new MtcParseException("evidence." + f, "must be a string");
        }
        return n.asText();
    }

    private static long number(JsonNode o, String f) {
        JsonNode n = o.get(f);
        if (n == null || !n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < 0) {
            throw new MtcParseException("evidence." + f, "must be a non-negative integer");
        }
        return n.asLong();
    }

    private static List<byte[]> hexList(JsonNode o, String f) {
        List<byte[]> out = new ArrayList<>();
        for (String s : textList(o, f)) {
            out.add(HEX.parseHex(s));
        }
        return out;
    }

    private static List<String> textList(JsonNode o, String f) {
        JsonNode n = o.get(f);
        if (n == null || !n.isArray()) {
            throw new MtcParseException("evidence." + f, "must be an array");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode x : n) {
            if (!x.isTextual()) {
                throw new MtcParseException("evidence." + f, "must hold strings");
            }
            out.add(x.asText());
        }
        return out;
    }
}
