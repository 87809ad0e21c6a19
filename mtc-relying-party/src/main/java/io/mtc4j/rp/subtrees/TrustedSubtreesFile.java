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
            keys(root, "trusted-subtrees", Set.of("trusted_subtrees"));
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
