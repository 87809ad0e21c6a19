package io.mtc4j.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.config.TrustedSubtree;
import io.mtc4j.rp.subtrees.TrustedSubtreeValidator;
import io.mtc4j.rp.subtrees.TrustedSubtreeValidator.CheckpointCosignature;
import io.mtc4j.rp.subtrees.TrustedSubtreeValidator.Evidence;
import io.mtc4j.rp.subtrees.TrustedSubtreeValidator.LargerCheckpointCosignature;
import io.mtc4j.rp.subtrees.TrustedSubtreeValidator.Outcome;
import io.mtc4j.rp.subtrees.TrustedSubtreeValidator.SubtreeProof;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.landmark.LandmarkList;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code subtrees.validate} (shared by the generator and mtc4j's adapter): turns the request into
 * mtc-relying-party's {@link TrustedSubtreeValidator} inputs and runs it (draft §"Trusted Subtrees", MTC-NOTES R14).
 * The CA's configuration ({@code cosigners}, {@code ca_id}, {@code ca_certificate}, {@code policy}) is read as for
 * {@code cert.verify}. The answer is {@code {valid: true, trusted_subtrees: [{log_number, start, end, hash}]}} or
 * {@code {valid: false, step, reason}} with step one of {@value #STEP_CHECKPOINT}, {@value #STEP_COSIGNER_POLICY}
 * and {@value #STEP_SUBTREE_CONSISTENCY}.
 */
public final class SubtreesRequests {
    private SubtreesRequests() {}

    /** Step 1: the reference checkpoint does not contain the last landmark (or its root has the wrong size). */
    public static final String STEP_CHECKPOINT = "checkpoint";
    /** Step 2: the cosigners with valid evidence for the reference checkpoint do not satisfy the policy. */
    public static final String STEP_COSIGNER_POLICY = "cosigner_policy";
    /** Step 3: a landmark subtree has no subtree consistency proof to the reference checkpoint, or it fails. */
    public static final String STEP_SUBTREE_CONSISTENCY = "subtree_consistency";

    /** Answers a {@code subtrees.validate} request with mtc-relying-party. */
    public static ObjectNode validate(ObjectNode r) {
        Profile profile = r.has("profile") ? Profile.fromName(Json.text(r, "profile")) : Profile.current();
        CaConfig ca = VerifyRequests.caConfig(r, profile);
        int logNumber = Json.bigInteger(r, "log_number").intValueExact();
        LandmarkList landmarks = LandmarkList.parse(Json.text(r, "landmarks"));
        TrustedSubtreeValidator.Checkpoint reference = checkpoint(r.path("checkpoint"));
        List<Evidence> evidence = new ArrayList<>();
        for (JsonNode c : r.path("cosignatures")) {
            TrustAnchorId id = TrustAnchorId.parse(Json.text(c, "cosigner_id"));
            long timestamp = Json.u64(c, "timestamp");
            byte[] signature = Json.bytes(c, "signature");
            if (c.has("checkpoint")) {
                evidence.add(new LargerCheckpointCosignature(id, timestamp, checkpoint(c.get("checkpoint")), signature,
                        Json.bytesList(c, "consistency_proof")));
            } else {
                evidence.add(new CheckpointCosignature(id, timestamp, signature));
            }
        }
        List<SubtreeProof> proofs = new ArrayList<>();
        for (JsonNode p : r.path("subtree_proofs")) {
            proofs.add(new SubtreeProof(Json.u64(p, "start"), Json.u64(p, "end"), Json.bytes(p, "hash"),
                    Json.bytesList(p, "proof")));
        }
        Outcome out = TrustedSubtreeValidator.validate(ca, logNumber, landmarks, reference, evidence, proofs);
        ObjectNode o = Json.object();
        o.put("valid", out.accepted());
        if (out.accepted()) {
            ArrayNode a = o.putArray("trusted_subtrees");
            for (TrustedSubtree t : out.trustedSubtrees()) {
                ObjectNode e = a.addObject();
                e.put("log_number", t.logNumber());
                e.set("start", Json.u64(t.start()));
                e.set("end", Json.u64(t.end()));
                e.put("hash", Json.hex(t.hash()));
            }
        } else {
            String why = out.refusal().orElseThrow();
            o.put("step", step(why));
            o.put("reason", why);
        }
        return o;
    }

    private static TrustedSubtreeValidator.Checkpoint checkpoint(JsonNode c) {
        return new TrustedSubtreeValidator.Checkpoint(Json.u64(c, "size"), Json.bytes(c, "root_hash"));
    }

    /**
     * The step a refusal of {@link TrustedSubtreeValidator#validate} belongs to. The validator reports a sentence
     * per refusal, one kind per step of its procedure (its Javadoc numbers them 1-3); this reads which.
     */
    static String step(String refusal) {
        if (refusal.startsWith("reference checkpoint")) {
            return STEP_CHECKPOINT;
        }
        if (refusal.startsWith("cosigner policy")) {
            return STEP_COSIGNER_POLICY;
        }
        return STEP_SUBTREE_CONSISTENCY;
    }
}
