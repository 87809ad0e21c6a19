package io.mtc4j.conformance.mtc4j;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.conformance.Answer;
import io.mtc4j.conformance.Implementation;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cosign.CosignedMessage;
import io.mtc4j.spec.merkle.Covering;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.merkle.NodeReader;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.tai.TrustAnchorId;
import io.mtc4j.spec.cert.MtcCertificate;
import io.mtc4j.spec.landmark.LandmarkList;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.NoteSignature;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.note.SignedNote;
import io.mtc4j.vectors.VectorShapes;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.Ops;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * mtc4j in process: every operation of the protocol answered by calling mtc-spec and mtc-relying-party. No
 * spec procedure is implemented here; this class only converts between the protocol's JSON shapes and
 * mtc4j's types. Errors map as: {@link MtcParseException} → {@code parse}, other {@link MtcException} →
 * {@code invalid}.
 */
public final class Mtc4jImplementation implements Implementation {
    /** The version reported by {@code hello}. */
    public static final String VERSION = "0.1.0-SNAPSHOT";

    private final Map<String, Function<ObjectNode, ObjectNode>> ops = new LinkedHashMap<>();

    /** mtc4j with every operation it implements. */
    public Mtc4jImplementation() {
        ops.put(Ops.SUBTREE_HASH, Mtc4jImplementation::subtreeHash);
        ops.put(Ops.INCLUSION_PROOF, Mtc4jImplementation::inclusionProof);
        ops.put(Ops.EVALUATE_INCLUSION_PROOF, Mtc4jImplementation::evaluateInclusionProof);
        ops.put(Ops.CONSISTENCY_PROOF, Mtc4jImplementation::consistencyProof);
        ops.put(Ops.VERIFY_CONSISTENCY_PROOF, Mtc4jImplementation::verifyConsistencyProof);
        ops.put(Ops.COVERING_SUBTREES, Mtc4jImplementation::coveringSubtrees);
        ops.put(Ops.TAI_ENCODE, Mtc4jImplementation::taiEncode);
        ops.put(Ops.LANDMARKS_PARSE, Mtc4jImplementation::landmarksParse);
        ops.put(Ops.LANDMARKS_SELECT, r -> VectorShapes.landmarkChoice(LandmarkList.parse(Json.text(r, "text"))
                .chooseLandmark(Json.u64(r, "index"))));
        ops.put(Ops.CHECKPOINT_VERIFY, Mtc4jImplementation::checkpointVerify);
        ops.put(Ops.CA_PARSE, r -> VectorShapes.caCertificate(io.mtc4j.spec.ca.CaCertificate.parse(profile(r),
                Json.bytes(r, "certificate"))));
        ops.put(Ops.ENTRY_PARSE, r -> VectorShapes.entry(io.mtc4j.spec.entry.MtcLogEntry.parse(profile(r),
                Json.bytes(r, "entry"))));
        ops.put(Ops.TILES_PATH, r -> {
            ObjectNode o = Json.object();
            int level = Json.bigInteger(r, "level").intValueExact();
            o.put("path", io.mtc4j.spec.tiles.TilePath.tileFor(r.path("entries").asBoolean(false), level,
                    Json.u64(r, "index"), Json.u64(r, "tree_size")).path());
            return o;
        });
        ops.put(Ops.TILES_PARSE_PATH, r -> VectorShapes.tilePath(io.mtc4j.spec.tiles.TilePath.parse(
                Json.text(r, "path"))));
        ops.put(Ops.CERT_VERIFY, io.mtc4j.vectors.VerifyRequests::verify);
        ops.put(Ops.CERT_PARSE, r -> VectorShapes.parsed(MtcCertificate.parse(profile(r), Json.bytes(r, "certificate"))));
        ops.put(Ops.CERT_ENTRY, r -> VectorShapes.entry(MtcCertificate.parse(profile(r), Json.bytes(r, "certificate"))));
        ops.put(Ops.TAI_DECODE, Mtc4jImplementation::taiDecode);
        ops.put(Ops.COSIGN_MESSAGE, Mtc4jImplementation::cosignMessage);
        ops.put(Ops.COSIGN_PARSE_MESSAGE, Mtc4jImplementation::cosignParseMessage);
        ops.put(Ops.COSIGN_VERIFY, Mtc4jImplementation::cosignVerify);
        ops.put(Ops.SUBTREES_VALIDATE, io.mtc4j.vectors.SubtreesRequests::validate);
        ops.put(Ops.PROPERTIES_PARSE, r -> VectorShapes.certificateProperties(
                io.mtc4j.spec.tai.CertificatePropertyList.parse(Json.bytes(r, "list"))));
    }

    @Override
    public Answer call(String op, ObjectNode request) {
        if (op.equals(Ops.HELLO)) {
            return Answer.ok(hello());
        }
        Function<ObjectNode, ObjectNode> h = ops.get(op);
        if (h == null) {
            return Answer.error(Ops.KIND_UNSUPPORTED, "mtc4j does not implement '" + op + "'");
        }
        // A profile mtc4j does not know is unsupported input, not a parse error: an invalid vector must not pass
        // because of its profile name.
        if (request.path("profile").isTextual() && !Profile.names().contains(request.get("profile").asText())) {
            return Answer.error(Ops.KIND_UNSUPPORTED, "mtc4j does not implement profile '"
                    + request.get("profile").asText() + "'; known: " + Profile.names());
        }
        try {
            return Answer.ok(h.apply(request));
        } catch (MtcParseException e) {
            return Answer.error(Ops.KIND_PARSE, e.getMessage());
        } catch (MtcException e) {
            return Answer.error(Ops.KIND_INVALID, e.getMessage());
        } catch (IllegalArgumentException e) {
            return Answer.error(Ops.KIND_INVALID, e.getMessage());
        } catch (RuntimeException e) {
            return Answer.error(Ops.KIND_INVALID, "internal error: " + e);
        }
    }

    private ObjectNode hello() {
        ObjectNode o = Json.object();
        o.put("name", "mtc4j");
        o.put("version", VERSION);
        ArrayNode p = o.putArray("profiles");
        for (Profile x : Profile.values()) {
            p.add(x.wireName());
        }
        ArrayNode a = o.putArray("ops");
        ops.keySet().forEach(a::add);
        return o;
    }

    @Override
    public String describe() {
        return "mtc4j " + VERSION + " (in process)";
    }

    // TAI draft "Trust Anchor Identifiers": ASCII to binary.
    private static ObjectNode taiEncode(ObjectNode r) {
        ObjectNode o = Json.object();
        o.put("binary", Json.hex(TrustAnchorId.parse(Json.text(r, "ascii")).binary()));
        return o;
    }

    // TAI draft "Trust Anchor Identifiers": binary to ASCII.
    private static ObjectNode taiDecode(ObjectNode r) {
        ObjectNode o = Json.object();
        o.put("ascii", TrustAnchorId.fromBinary(Json.bytes(r, "binary")).ascii());
        return o;
    }

    static Profile profile(ObjectNode r) {
        return r.has("profile") ? Profile.fromName(Json.text(r, "profile")) : Profile.current();
    }

    // draft §"Signature Format": the CosignedMessage bytes (legacy input before plants-04).
    private static ObjectNode cosignMessage(ObjectNode r) {
        CosignedMessage m = new CosignedMessage(TrustAnchorId.parse(Json.text(r, "cosigner_id")),
                Json.u64(r, "timestamp"), TrustAnchorId.parse(Json.text(r, "log_id")), Json.u64(r, "start"),
                Json.u64(r, "end"), Json.bytes(r, "subtree_hash"));
        ObjectNode o = Json.object();
        o.put("message", Json.hex(m.encode(profile(r))));
        return o;
    }

    private static ObjectNode cosignParseMessage(ObjectNode r) {
        CosignedMessage m = CosignedMessage.parse(profile(r), 32, Json.bytes(r, "message"));
        ObjectNode o = Json.object();
        o.put("cosigner_id", m.cosignerId().ascii());
        o.set("timestamp", Json.u64(m.timestamp()));
        o.put("log_id", m.logId().ascii());
        o.set("start", Json.u64(m.start()));
        o.set("end", Json.u64(m.end()));
        o.put("subtree_hash", Json.hex(m.subtreeHash()));
        return o;
    }

    // draft §"Signature Algorithms": one signature under a cosigner key given as SPKI.
    private static ObjectNode cosignVerify(ObjectNode r) {
        SignatureAlgorithm alg = SignatureAlgorithm.fromName(Json.text(r, "algorithm"));
        boolean ok = Keys.verifier(alg, Json.bytes(r, "public_key")).verify(Json.bytes(r, "message"),
                Json.bytes(r, "signature"));
        ObjectNode o = Json.object();
        o.put("valid", ok);
        return o;
    }

    private static final HashFunction SHA256 = HashFunction.sha256();

    private static MemoryTree tree(ObjectNode r) {
        return MemoryTree.ofEntries(SHA256, Json.bytesList(r, "leaves"));
    }

    private static Subtree subtree(ObjectNode r) {
        return new Subtree(Json.u64(r, "start"), Json.u64(r, "end"));
    }

    // draft §"Definition of a Subtree": MTH(D[start:end]).
    private static ObjectNode subtreeHash(ObjectNode r) {
        return VectorShapes.hash(SubtreeProofs.subtreeHash(tree(r), subtree(r)));
    }

    // draft §"Subtree Inclusion Proofs".
    private static ObjectNode inclusionProof(ObjectNode r) {
        return VectorShapes.proof(SubtreeProofs.inclusionProof(tree(r), subtree(r), Json.u64(r, "index")));
    }

    // draft §"Evaluating a Subtree Inclusion Proof".
    private static ObjectNode evaluateInclusionProof(ObjectNode r) {
        return VectorShapes.hash(SubtreeProofs.evaluateInclusionProof(SHA256, subtree(r), Json.u64(r, "index"),
                Json.bytes(r, "entry_hash"), Json.bytesList(r, "proof")));
    }

    // draft §"Generating a Subtree Consistency Proof".
    private static ObjectNode consistencyProof(ObjectNode r) {
        MemoryTree t = tree(r);
        long n = Json.u64(r, "n");
        NodeReader reader = Long.compareUnsigned(n, t.size()) < 0 ? t.prefix(n) : t;
        return VectorShapes.proof(SubtreeProofs.consistencyProof(reader, n, subtree(r)));
    }

    // draft §"Verifying a Subtree Consistency Proof".
    private static ObjectNode verifyConsistencyProof(ObjectNode r) {
        boolean ok = SubtreeProofs.verifyConsistencyProof(SHA256, Json.u64(r, "n"), subtree(r),
                Json.bytesList(r, "proof"), Json.bytes(r, "node_hash"), Json.bytes(r, "root_hash"), profile(r));
        ObjectNode o = Json.object();
        o.put("valid", ok);
        return o;
    }

    // draft §"Selecting Two Subtrees" (before the editor's copy: one subtree for a size-1 interval, no "right").
    private static ObjectNode coveringSubtrees(ObjectNode r) {
        List<Subtree> c = Covering.coveringSubtrees(Json.u64(r, "start"), Json.u64(r, "end"), profile(r));
        ObjectNode o = Json.object();
        o.set("left", range(c.get(0)));
        if (c.size() > 1) {
            o.set("right", range(c.get(1)));
        }
        return o;
    }

    static ArrayNode range(Subtree s) {
        ArrayNode a = Json.array();
        a.add(Json.u64(s.start()));
        a.add(Json.u64(s.end()));
        return a;
    }

    // draft §"Publishing Landmarks".
    private static ObjectNode landmarksParse(ObjectNode r) {
        String text = Json.text(r, "text");
        LandmarkList l = r.has("max_active_landmarks") || r.has("latest_tree_size")
                ? LandmarkList.parse(text, r.has("max_active_landmarks") ? Json.u64(r, "max_active_landmarks")
                        : Long.MAX_VALUE, r.has("latest_tree_size") ? Json.u64(r, "latest_tree_size") : -1L)
                : LandmarkList.parse(text);
        ObjectNode o = Json.object();
        o.set("last_landmark", Json.u64(l.lastLandmark()));
        o.set("num_active", Json.u64(l.numActiveLandmarks()));
        ArrayNode a = o.putArray("tree_sizes");
        l.treeSizes().forEach(s -> a.add(Json.u64(s)));
        return o;
    }

    // C2SP signed-note + tlog-checkpoint: verify against vkeys, then read the checkpoint body.
    private static ObjectNode checkpointVerify(ObjectNode r) {
        SignedNote note = SignedNote.parse(Json.text(r, "note"));
        List<NoteVerifier> keys = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode k : r.path("verifier_keys")) {
            keys.add(NoteVerifier.fromVkey(k.asText()));
        }
        List<NoteSignature> ok = note.verify(keys);
        Checkpoint c = Checkpoint.parse(note.text());
        ObjectNode o = Json.object();
        o.put("origin", c.origin());
        o.set("size", Json.u64(c.size()));
        o.put("root_hash", Json.hex(c.rootHash()));
        ArrayNode a = o.putArray("verified_by");
        ok.forEach(s -> a.add(s.keyName()));
        return o;
    }
}
