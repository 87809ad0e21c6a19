package io.mtc4j.rp.subtrees;

import static io.mtc4j.rp.config.JsonFields.array;
import static io.mtc4j.rp.config.JsonFields.bytes;
import static io.mtc4j.rp.config.JsonFields.bytesList;
import static io.mtc4j.rp.config.JsonFields.bool;
import static io.mtc4j.rp.config.JsonFields.intValue;
import static io.mtc4j.rp.config.JsonFields.keys;
import static io.mtc4j.rp.config.JsonFields.require;
import static io.mtc4j.rp.config.JsonFields.tai;
import static io.mtc4j.rp.config.JsonFields.text;
import static io.mtc4j.rp.config.JsonFields.trustedSubtree;
import static io.mtc4j.rp.config.JsonFields.unsigned;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.config.RelyingPartyConfig;
import io.mtc4j.rp.config.TrustedSubtree;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.landmark.LandmarkList;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.NoteSignature;
import io.mtc4j.spec.note.SignedNote;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code --trusted-subtrees} file of {@code mtc verify}: JSON in one of two forms. Bytes are lowercase hex
 * (the older standard base64 is still read, see {@link io.mtc4j.rp.config.JsonFields#bytes}).
 *
 * <p><b>Pre-validated</b> (from an update service the relying party trusts, draft §"Trusted Subtrees"):
 * <pre>{@code {"trusted_subtrees": [{"ca_id": "32473.1", "log": 1, "start": 0, "end": 32, "hash": "<hex>"}]}}</pre>
 *
 * <p>Instead of {@code checkpoint} and {@code cosignatures}, an evidence object may give {@code "checkpoint_note"}:
 * the log's checkpoint as a signed note, whose signature lines from configured cosigners become the cosignatures.
 * They are read as C2SP tlog-cosignature {@code timestamped_signature}s. Only with
 * {@code "demo_generator_compat": true} in the same evidence object are they read instead as the draft authors'
 * demo generator writes them: a bare signature with timestamp 0 (see
 * {@code io.mtc4j.spec.note.NoteVerifier.demoGeneratorCompat}); nothing is guessed from the bytes.
 *
 * <p><b>Evidence</b>, validated here with {@link TrustedSubtreeValidator} against the CA's policy:
 * <pre>{@code
 * {"ca_id": "32473.1", "log": 1, "landmarks": "3 3\n2036\n34\n32\n0\n", "max_active_landmarks": 169,
 *  "checkpoint": {"size": 2036, "root": "<hex>"},
 *  "cosignatures": [{"cosigner": "32473.1", "timestamp": 0, "signature": "<hex>"}],
 *  "cosigned_checkpoints": [{"cosigner": "32473.2.1", "timestamp": 1, "size": 3000, "root": "<hex>",
 *                            "signature": "<hex>", "consistency_proof": ["<hex>", ...]}],
 *  "subtree_proofs": [{"start": 0, "end": 1024, "hash": "<hex>", "proof": ["<hex>", ...]}]}
 * }</pre>
 * A file may also hold a list of evidence objects under {@code "evidence": [...]}.
 *
 * <p><b>Updater state</b>: the pre-validated form written by {@link LandmarkUpdater} rounds ({@link #write}) also
 * holds, per log, what the next round checks against (rollback, fork, append-only landmarks):
 * <pre>{@code
 * {"trusted_subtrees": [...],
 *  "logs": [{"ca_id": "32473.1", "log": 1, "max_active_landmarks": 169, "checkpoint": {"size": 2036,
 *            "root": "<hex>"}, "landmarks": "3 3\n2036\n34\n32\n0\n", "updated_at": "2026-12-03T07:00:00Z"}]}
 * }</pre>
 * ({@code max_active_landmarks} only if configured). Every non-empty subtree of each log's active landmarks must be
 * in {@code trusted_subtrees}.
 */
public final class TrustedSubtreesFile {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private TrustedSubtreesFile() {}

    /**
     * Applies the file to {@code config}: adds the trusted subtrees it proves (or lists), CA by CA.
     *
     * @param json the JSON text
     * @param config the relying-party configuration
     * @return {@code config} with the listed or proven trusted subtrees added to their CAs
     */
    public static RelyingPartyConfig apply(byte[] json, RelyingPartyConfig config) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MtcParseException("trusted-subtrees", "not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new MtcParseException("trusted-subtrees", "unreadable: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MtcParseException("trusted-subtrees", "must be a JSON object");
        }
        if (root.has("trusted_subtrees")) {
            keys(root, "trusted-subtrees", Set.of("trusted_subtrees", "logs"));
            states(root); // the updater's state, if present, must agree with the list
            JsonNode arr = array(root.get("trusted_subtrees"), "trusted-subtrees.trusted_subtrees");
            RelyingPartyConfig out = config;
            for (int i = 0; i < arr.size(); i++) {
                String at = "trusted-subtrees.trusted_subtrees[" + i + "]";
                JsonNode t = arr.get(i);
                TrustedSubtree ts = trustedSubtree(t, at, "ca_id");
                TrustAnchorId ca = tai(require(t, "ca_id", at), at + ".ca_id");
                out = add(out, ca, List.of(ts), at);
            }
            return out;
        }
        if (root.has("evidence")) {
            keys(root, "trusted-subtrees", Set.of("evidence"));
            JsonNode arr = array(root.get("evidence"), "trusted-subtrees.evidence");
            RelyingPartyConfig out = config;
            for (int i = 0; i < arr.size(); i++) {
                out = applyEvidence(arr.get(i), out, "trusted-subtrees.evidence[" + i + "]");
            }
            return out;
        }
        return applyEvidence(root, config, "trusted-subtrees");
    }

    private static RelyingPartyConfig applyEvidence(JsonNode n, RelyingPartyConfig config, String at) {
        keys(n, at, Set.of("ca_id", "log", "landmarks", "max_active_landmarks", "checkpoint", "checkpoint_note",
                "demo_generator_compat", "cosignatures", "cosigned_checkpoints", "subtree_proofs"));
        TrustAnchorId caId = tai(require(n, "ca_id", at), at + ".ca_id");
        CaConfig ca = config.ca(caId).orElseThrow(() -> new MtcParseException(at + ".ca_id",
                "CA " + caId + " is not configured"));
        int log = intValue(require(n, "log", at), at + ".log");
        if (log < 1 || log > 0xffff) {
            // draft §"Issuance Logs": log numbers run from 1 to at most 65535
            throw new MtcParseException(at + ".log", "must be within 1..65535, got " + log);
        }
        long maxActive = n.has("max_active_landmarks") ? unsigned(n.get("max_active_landmarks"),
                at + ".max_active_landmarks") : Long.MAX_VALUE;
        LandmarkList landmarks;
        try {
            landmarks = LandmarkList.parse(text(require(n, "landmarks", at), at + ".landmarks"));
        } catch (MtcParseException e) {
            throw e.within(at);
        }
        if (landmarks.numActiveLandmarks() > maxActive) {
            throw new MtcParseException(at + ".landmarks", "num_active_landmarks " + landmarks.numActiveLandmarks()
                    + " exceeds max_active_landmarks " + maxActive);
        }
        List<TrustedSubtreeValidator.Evidence> ev = new ArrayList<>();
        TrustedSubtreeValidator.Checkpoint ref;
        if (n.has("checkpoint_note")) {
            if (n.has("checkpoint")) {
                throw new MtcParseException(at, "give checkpoint or checkpoint_note, not both");
            }
            NoteSignatures form = n.has("demo_generator_compat")
                    && bool(n.get("demo_generator_compat"), at + ".demo_generator_compat")
                    ? NoteSignatures.DEMO_GENERATOR_BARE : NoteSignatures.TLOG_COSIGNATURE;
            ref = fromNote(text(n.get("checkpoint_note"), at + ".checkpoint_note"), ca, log, form, ev,
                    at + ".checkpoint_note");
        } else {
            if (n.has("demo_generator_compat")) {
                throw new MtcParseException(at + ".demo_generator_compat", "applies only with checkpoint_note");
            }
            JsonNode cp = require(n, "checkpoint", at);
            keys(cp, at + ".checkpoint", Set.of("size", "root"));
            ref = new TrustedSubtreeValidator.Checkpoint(
                    unsigned(require(cp, "size", at + ".checkpoint"), at + ".checkpoint.size"),
                    bytes(require(cp, "root", at + ".checkpoint"), at + ".checkpoint.root"));
        }
        if (n.has("cosignatures")) {
            JsonNode arr = array(n.get("cosignatures"), at + ".cosignatures");
            for (int i = 0; i < arr.size(); i++) {
                String ai = at + ".cosignatures[" + i + "]";
                JsonNode c = arr.get(i);
                keys(c, ai, Set.of("cosigner", "timestamp", "signature"));
                ev.add(new TrustedSubtreeValidator.CheckpointCosignature(tai(require(c, "cosigner", ai), ai + ".cosigner"),
                        unsigned(require(c, "timestamp", ai), ai + ".timestamp"), bytes(require(c, "signature", ai),
                                ai + ".signature")));
            }
        }
        if (n.has("cosigned_checkpoints")) {
            JsonNode arr = array(n.get("cosigned_checkpoints"), at + ".cosigned_checkpoints");
            for (int i = 0; i < arr.size(); i++) {
                String ai = at + ".cosigned_checkpoints[" + i + "]";
                JsonNode c = arr.get(i);
                keys(c, ai, Set.of("cosigner", "timestamp", "size", "root", "signature", "consistency_proof"));
                ev.add(new TrustedSubtreeValidator.LargerCheckpointCosignature(
                        tai(require(c, "cosigner", ai), ai + ".cosigner"), unsigned(require(c, "timestamp", ai), ai + ".timestamp"),
                        new TrustedSubtreeValidator.Checkpoint(unsigned(require(c, "size", ai), ai + ".size"),
                                bytes(require(c, "root", ai), ai + ".root")),
                        bytes(require(c, "signature", ai), ai + ".signature"),
                        bytesList(require(c, "consistency_proof", ai), ai + ".consistency_proof")));
            }
        }
        List<TrustedSubtreeValidator.SubtreeProof> proofs = new ArrayList<>();
        if (n.has("subtree_proofs")) {
            JsonNode arr = array(n.get("subtree_proofs"), at + ".subtree_proofs");
            for (int i = 0; i < arr.size(); i++) {
                String ai = at + ".subtree_proofs[" + i + "]";
                JsonNode p = arr.get(i);
                keys(p, ai, Set.of("start", "end", "hash", "proof"));
                proofs.add(new TrustedSubtreeValidator.SubtreeProof(unsigned(require(p, "start", ai), ai + ".start"),
                        unsigned(require(p, "end", ai), ai + ".end"), bytes(require(p, "hash", ai), ai + ".hash"),
                        bytesList(require(p, "proof", ai), ai + ".proof")));
            }
        }
        TrustedSubtreeValidator.Outcome o = TrustedSubtreeValidator.validate(ca, log, landmarks, ref, ev, proofs);
        if (!o.accepted()) {
            throw new MtcParseException(at, "trusted subtrees refused: " + o.refusal().get());
        }
        return add(config, caId, o.trustedSubtrees(), at);
    }

    /**
     * The updater states in a trusted-subtrees file ({@code "logs"}), each with its window rebuilt from the file's
     * {@code trusted_subtrees}; empty for a file without them.
     *
     * @param json the file's bytes
     * @return the states, in file order
     * @throws MtcParseException naming the field and the rule it breaks
     */
    public static List<LandmarkState> readStates(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new MtcParseException("trusted-subtrees", "not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MtcParseException("trusted-subtrees", "must be a JSON object");
        }
        if (!root.has("trusted_subtrees")) {
            return List.of();
        }
        keys(root, "trusted-subtrees", Set.of("trusted_subtrees", "logs"));
        return states(root);
    }

    private static List<LandmarkState> states(JsonNode root) {
        if (!root.has("logs")) {
            return List.of();
        }
        JsonNode ts = array(root.get("trusted_subtrees"), "trusted-subtrees.trusted_subtrees");
        JsonNode logs = array(root.get("logs"), "trusted-subtrees.logs");
        List<LandmarkState> out = new ArrayList<>();
        for (int i = 0; i < logs.size(); i++) {
            String at = "trusted-subtrees.logs[" + i + "]";
            LandmarkState st = state(logs.get(i), ts, at);
            for (LandmarkState o : out) {
                if (o.caId().equals(st.caId()) && o.logNumber() == st.logNumber()) {
                    throw new MtcParseException(at, "a second state for " + st.caId() + " log " + st.logNumber());
                }
            }
            out.add(st);
        }
        return List.copyOf(out);
    }

    private static LandmarkState state(JsonNode n, JsonNode trusted, String at) {
        keys(n, at, Set.of("ca_id", "log", "max_active_landmarks", "checkpoint", "landmarks", "updated_at"));
        TrustAnchorId caId = tai(require(n, "ca_id", at), at + ".ca_id");
        int log = intValue(require(n, "log", at), at + ".log");
        if (log < 1 || log > 0xffff) {
            throw new MtcParseException(at + ".log", "must be within 1..65535, got " + log);
        }
        java.util.OptionalLong maxActive = java.util.OptionalLong.empty();
        if (n.has("max_active_landmarks")) {
            long m = unsigned(n.get("max_active_landmarks"), at + ".max_active_landmarks");
            if (m < 1) {
                throw new MtcParseException(at + ".max_active_landmarks", "must be a positive integer below 2^63");
            }
            maxActive = java.util.OptionalLong.of(m);
        }
        JsonNode cp = require(n, "checkpoint", at);
        keys(cp, at + ".checkpoint", Set.of("size", "root"));
        TrustedSubtreeValidator.Checkpoint checkpoint = new TrustedSubtreeValidator.Checkpoint(
                unsigned(require(cp, "size", at + ".checkpoint"), at + ".checkpoint.size"),
                bytes(require(cp, "root", at + ".checkpoint"), at + ".checkpoint.root"));
        LandmarkList landmarks;
        try {
            landmarks = LandmarkList.parse(text(require(n, "landmarks", at), at + ".landmarks"),
                    maxActive.orElse(Long.MAX_VALUE), checkpoint.size());
        } catch (MtcParseException e) {
            throw e.within(at);
        }
        java.time.Instant updatedAt;
        try {
            updatedAt = java.time.Instant.parse(text(require(n, "updated_at", at), at + ".updated_at"));
        } catch (java.time.format.DateTimeParseException e) {
            throw new MtcParseException(at + ".updated_at", "must be an RFC 3339 UTC time such as 2026-12-03T07:00:00Z");
        }
        List<TrustedSubtreeValidator.LandmarkSubtrees> byLandmark = new ArrayList<>();
        for (long l : landmarks.activeLandmarks()) {
            List<TrustedSubtree> subtrees = new ArrayList<>();
            for (io.mtc4j.spec.merkle.Subtree s : landmarks.landmarkSubtrees(l)) {
                if (s.start() != s.end()) {
                    subtrees.add(listed(trusted, caId, log, s, at));
                }
            }
            byLandmark.add(new TrustedSubtreeValidator.LandmarkSubtrees(l, subtrees));
        }
        long window = maxActive.orElse(Math.max(1, landmarks.numActiveLandmarks()));
        ActiveLandmarks active = ActiveLandmarks.empty(caId, log, window).update(new TrustedSubtreeValidator.Outcome(
                java.util.Optional.empty(), byLandmark, List.of(), List.of()));
        return new LandmarkState(caId, log, maxActive, checkpoint, landmarks, active, updatedAt);
    }

    /** The entry of {@code trusted} for subtree {@code s} of the CA's log. */
    private static TrustedSubtree listed(JsonNode trusted, TrustAnchorId caId, int log,
            io.mtc4j.spec.merkle.Subtree s, String at) {
        for (int i = 0; i < trusted.size(); i++) {
            String ai = "trusted-subtrees.trusted_subtrees[" + i + "]";
            JsonNode t = trusted.get(i);
            TrustedSubtree ts = trustedSubtree(t, ai, "ca_id");
            if (tai(require(t, "ca_id", ai), ai + ".ca_id").equals(caId) && ts.matches(log, s.start(), s.end())) {
                return ts;
            }
        }
        throw new MtcParseException(at + ".landmarks", "active landmark subtree [" + Long.toUnsignedString(s.start())
                + ", " + Long.toUnsignedString(s.end()) + ") of " + caId + " log " + log
                + " is not in trusted_subtrees");
    }

    /**
     * The file for {@code states}: their trusted subtrees, CA by CA and log by log, and their updater state. Bytes
     * as lowercase hex, integers as JSON numbers; {@link #apply} and {@link #readStates} read it back.
     *
     * @param states the states, at most one per CA and log
     * @return the JSON text, UTF-8, ending in a newline
     * @throws IllegalArgumentException if two states are for the same CA and log
     */
    public static byte[] format(List<LandmarkState> states) {
        com.fasterxml.jackson.databind.node.ObjectNode root = JSON.createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode ts = root.putArray("trusted_subtrees");
        com.fasterxml.jackson.databind.node.ArrayNode logs = root.putArray("logs");
        java.util.HexFormat hex = java.util.HexFormat.of();
        Set<String> seen = new java.util.HashSet<>();
        for (LandmarkState s : states) {
            if (!seen.add(s.caId() + "/" + s.logNumber())) {
                throw new IllegalArgumentException("two states for " + s.caId() + " log " + s.logNumber());
            }
            for (TrustedSubtree t : s.trustedSubtrees()) {
                com.fasterxml.jackson.databind.node.ObjectNode o = ts.addObject();
                o.put("ca_id", s.caId().ascii());
                o.put("log", t.logNumber());
                o.put("start", t.start());
                o.put("end", t.end());
                o.put("hash", hex.formatHex(t.hash()));
            }
            com.fasterxml.jackson.databind.node.ObjectNode l = logs.addObject();
            l.put("ca_id", s.caId().ascii());
            l.put("log", s.logNumber());
            s.maxActiveLandmarks().ifPresent(m -> l.put("max_active_landmarks", m));
            com.fasterxml.jackson.databind.node.ObjectNode cp = l.putObject("checkpoint");
            cp.put("size", s.checkpoint().size());
            cp.put("root", hex.formatHex(s.checkpoint().rootHash()));
            l.put("landmarks", s.landmarks().format());
            l.put("updated_at", s.updatedAt().toString());
        }
        try {
            return (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes {@link #format}{@code (states)} to {@code file} crash-atomically: a temporary file in the same
     * directory, forced to disk, renamed over {@code file}, and the directory forced. Readers see the old file or
     * the new one, never a part.
     *
     * @param file the file to replace
     * @param states the states
     * @throws java.io.IOException if writing fails (the old file is then unchanged)
     */
    public static void write(java.nio.file.Path file, List<LandmarkState> states) throws java.io.IOException {
        byte[] data = format(states);
        java.nio.file.Path abs = file.toAbsolutePath();
        java.nio.file.Path dir = abs.getParent();
        java.nio.file.Path tmp = java.nio.file.Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(tmp,
                    java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(data);
                while (b.hasRemaining()) {
                    c.write(b);
                }
                c.force(true);
            }
            java.nio.file.Files.move(tmp, abs, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            java.nio.file.Files.deleteIfExists(tmp);
        }
        try (java.nio.channels.FileChannel d = java.nio.channels.FileChannel.open(dir,
                java.nio.file.StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** How the signature lines of a checkpoint note are read; chosen explicitly, never from the bytes. */
    enum NoteSignatures {
        /** C2SP tlog-cosignature: {@code timestamped_signature} = u64 timestamp (at most 2^63-1) || signature. */
        TLOG_COSIGNATURE,
        /**
         * Demo generator compatibility (not a spec format): the draft authors' generator writes the bare signature
         * over the CosignedMessage with timestamp 0, without the 8-byte timestamp.
         */
        DEMO_GENERATOR_BARE
    }

    /**
     * Reads a checkpoint signed note (C2SP tlog-checkpoint): its origin must be the log's ({@code oid/...C.0.N}); each
     * signature line named after a configured cosigner ({@code oid/1.3.6.1.4.1.<cosigner ID>}) becomes evidence,
     * its payload read in the given {@code form}. Lines of unknown keys are ignored. In the tlog-cosignature form a
     * payload of a configured cosigner that is not an 8-byte timestamp up to 2^63-1 followed by a signature is a
     * parse error.
     */
    static TrustedSubtreeValidator.Checkpoint fromNote(String note, CaConfig ca, int log, NoteSignatures form,
            List<TrustedSubtreeValidator.Evidence> evidence, String at) {
        SignedNote sn;
        Checkpoint cp;
        try {
            sn = SignedNote.parse(note);
            cp = Checkpoint.parse(sn.text());
        } catch (MtcParseException e) {
            throw e.within(at);
        }
        String origin = ca.caId().logId(log).tlogName();
        if (!cp.origin().equals(origin)) {
            throw new MtcParseException(at, "checkpoint origin '" + cp.origin() + "' is not log " + log + "'s ("
                    + origin + ")");
        }
        for (NoteSignature sig : sn.signatures()) {
            TrustAnchorId id;
            try {
                id = TrustAnchorId.fromTlogName(sig.keyName());
            } catch (MtcParseException e) {
                continue;
            }
            if (!ca.cosigners().containsKey(id)) {
                continue;
            }
            byte[] payload = sig.signature();
            if (form == NoteSignatures.DEMO_GENERATOR_BARE) {
                evidence.add(new TrustedSubtreeValidator.CheckpointCosignature(id, 0, payload));
                continue;
            }
            // C2SP tlog-cosignature: struct { uint64 timestamp; opaque signature[...]; } timestamped_signature
            long ts = payload.length > 8 ? java.nio.ByteBuffer.wrap(payload, 0, 8).getLong() : -1;
            if (ts < 0) {
                throw new MtcParseException(at + ".signature[" + sig.keyName() + "]", "not a tlog-cosignature"
                        + " timestamped_signature (8-byte timestamp at most 2^63-1, then the signature); notes of the"
                        + " draft authors' demo generator need \"demo_generator_compat\": true");
            }
            evidence.add(new TrustedSubtreeValidator.CheckpointCosignature(id, ts,
                    java.util.Arrays.copyOfRange(payload, 8, payload.length)));
        }
        return new TrustedSubtreeValidator.Checkpoint(cp.size(), cp.rootHash());
    }

    private static RelyingPartyConfig add(RelyingPartyConfig config, TrustAnchorId caId, List<TrustedSubtree> ts,
            String at) {
        if (config.ca(caId).isEmpty()) {
            throw new MtcParseException(at + ".ca_id", "CA " + caId + " is not configured");
        }
        try {
            return config.with(caId, c -> {
                List<TrustedSubtree> all = new ArrayList<>(c.trustedSubtrees());
                for (TrustedSubtree t : ts) {
                    all.removeIf(x -> x.matches(t.logNumber(), t.start(), t.end()));
                    all.add(t);
                }
                return c.withTrustedSubtrees(all);
            });
        } catch (IllegalArgumentException e) {
            throw new MtcParseException(at, e.getMessage());
        }
    }
}
