package io.mtc4j.vectors.gen;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cosign.CosignedMessage;
import io.mtc4j.spec.cosign.SubtreeSigner;
import io.mtc4j.spec.landmark.LandmarkList;
import io.mtc4j.spec.merkle.NodeReader;
import io.mtc4j.spec.merkle.Rfc9162Proofs;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.Ops;
import io.mtc4j.vectors.SubtreesRequests;
import io.mtc4j.vectors.VectorFile;
import io.mtc4j.vectors.VectorFile.Tag;
import io.mtc4j.vectors.VectorFile.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A relying party validating trusted subtrees (draft §"Trusted Subtrees", R14): the active landmark subtrees of the
 * sample log must be proven consistent with a reference checkpoint whose cosignatures satisfy the CA's policy
 * before they are used. Each test states the outcome and failing step it is written for; generation fails if
 * mtc-relying-party disagrees.
 */
final class SubtreeVectors implements VectorSource {
    private static final String TS = "Trusted Subtrees";
    /** Reference checkpoint size, the larger cosigned checkpoint's size and the landmarks (last 3, sizes 20, 12, 5). */
    private static final long N = 24;
    private static final long N2 = 30;
    private static final LandmarkList LANDMARKS = new LandmarkList(3, List.of(20L, 12L, 5L));

    @Override
    public List<VectorFile> generate(List<Profile> profiles) {
        if (!profiles.contains(Profile.PLANTS_05)) {
            return List.of();
        }
        Profile p = Profile.PLANTS_05;
        VectorFile f = VectorFile.create("subtrees_validate", Ops.SUBTREES_VALIDATE,
                "Trusted subtrees: landmark subtrees proven consistent with a cosigned checkpoint before use");
        f.request("profile", Type.PROFILE).request("log_number", Type.UINT).request("cosigners", Type.ANY)
                .request("ca_id", Type.STRING).request("policy", Type.ANY).request("landmarks", Type.STRING)
                .request("checkpoint", Type.ANY).request("cosignatures", Type.ANY).request("subtree_proofs", Type.ANY);
        f.output("valid", Type.BOOL).output("trusted_subtrees", Type.ANY).output("step", Type.STRING);
        f.step(SubtreesRequests.STEP_CHECKPOINT, "The reference checkpoint does not contain the latest landmark "
                + "(draft §\"Trusted Subtrees\": \"some reference checkpoint that contains the latest landmark\")");
        f.step(SubtreesRequests.STEP_COSIGNER_POLICY, "The cosigners with valid evidence (a cosignature on the "
                + "reference checkpoint, or on a larger checkpoint with a valid RFC 9162 consistency proof) do not meet "
                + "the cosigner requirements (draft §\"Trusted Subtrees\", the \"for each cosigner\" item)");
        f.step(SubtreesRequests.STEP_SUBTREE_CONSISTENCY, "A non-empty landmark subtree has no valid subtree "
                + "consistency proof to the reference checkpoint (draft §\"Trusted Subtrees\", the \"for each "
                + "subtree\" item; §\"Verifying a Subtree Consistency Proof\")");

        SampleLog log = new SampleLog(p, (int) N2);
        NodeReader ref = log.tree().prefix(N);
        byte[] root = log.hash(new Subtree(0, N));
        byte[] root2 = log.hash(new Subtree(0, N2));
        SubtreeSigner ca = log.cosigners().get(0);
        SubtreeSigner w1 = log.cosigners().get(1);
        SubtreeSigner w2 = log.cosigners().get(2);

        ObjectNode params = Json.object();
        params.put("profile", p.wireName());
        params.put("log_number", SampleLog.LOG_NUMBER);
        ArrayNode cosigners = params.putArray("cosigners");
        log.cosigners().forEach(s -> cosigners.add(cosigner(s)));
        params.put("ca_id", SampleLog.CA.ascii());
        params.put("landmarks", LANDMARKS.format());
        params.set("checkpoint", checkpoint(N, root));
        VectorFile.Group g = f.group(p + ": log 32473.1.0.1, " + N2 + " entries, landmarks 2-3 active ("
                + LANDMARKS.format().replace('\n', ' ').trim() + "), reference checkpoint of size " + N, params);

        ArrayNode proofs = Json.array();
        ArrayNode trusted = Json.array();
        evidence(LANDMARKS, log, ref, proofs, trusted);
        ObjectNode caSig = direct(p, ca, root);
        List<byte[]> proof12 = Rfc9162Proofs.consistencyProof(log.tree(), N, N2);
        ObjectNode w1Larger = larger(p, w1, root2, proof12);
        ObjectNode w2Sig = direct(p, w2, root);
        ObjectNode caAndW1 = Json.object();
        caAndW1.putArray("all").add(require(ca)).add(require(w1));

        ObjectNode expected = Json.object();
        expected.put("valid", true);
        expected.set("trusted_subtrees", trusted);

        add(g, params, "valid evidence: CA cosignature on the checkpoint, default policy (the CA cosigner)", "R14",
                in(List.of(caSig), proofs, null), expected, null);
        add(g, params, "valid evidence: CA on the checkpoint and 32473.2.1 on a larger checkpoint with an RFC 9162"
                + " consistency proof, policy CA and 32473.2.1", "R14", in(List.of(caSig, w1Larger), proofs, caAndW1),
                expected, null);
        add(g, params, "valid: a cosignature from an unconfigured cosigner is ignored", "R14",
                in(List.of(direct(p, new SubtreeSigner(io.mtc4j.spec.tai.TrustAnchorId.parse("32473.2.9"),
                        w1.signer()), root), caSig), proofs, null), expected, null);

        // step 1: the landmarks file and the checkpoint size disagree
        ObjectNode tooSmall = in(List.of(caSig), proofs, null);
        LandmarkList beyond = new LandmarkList(4, List.of(26L, 20L, 12L));
        tooSmall.put("landmarks", beyond.format());
        add(g, params, "landmarks file whose last landmark (size 26) is beyond the checkpoint (size 24)", "R14", tooSmall,
                null, SubtreesRequests.STEP_CHECKPOINT);

        // step 2: the cosigner policy
        add(g, params, "only a cosignature from 32473.2.2, which does not satisfy the policy (the CA cosigner)", "R14",
                in(List.of(w2Sig), proofs, null), null, SubtreesRequests.STEP_COSIGNER_POLICY);
        add(g, params, "CA and 32473.2.2 cosign, policy needs CA and 32473.2.1", "R14",
                in(List.of(caSig, w2Sig), proofs, caAndW1), null, SubtreesRequests.STEP_COSIGNER_POLICY);
        add(g, params, "no cosignatures", "R14", in(List.of(), proofs, null), null, SubtreesRequests.STEP_COSIGNER_POLICY);
        ObjectNode badCaSig = caSig.deepCopy();
        badCaSig.put("signature", Json.hex(flip(Json.bytes(caSig, "signature"), 5)));
        add(g, params, "CA cosignature with one bit flipped", "R14", in(List.of(badCaSig), proofs, null), null,
                SubtreesRequests.STEP_COSIGNER_POLICY);
        ObjectNode otherRoot = direct(p, ca, flip(root, 0));
        add(g, params, "CA cosignature on a different root hash of the same size", "R14", in(List.of(otherRoot), proofs,
                null), null, SubtreesRequests.STEP_COSIGNER_POLICY);
        List<byte[]> badProof12 = new ArrayList<>(proof12);
        badProof12.set(0, flip(badProof12.get(0), 31));
        add(g, params, "32473.2.1 cosigns a larger checkpoint but the RFC 9162 consistency proof to it fails", "R14",
                in(List.of(caSig, larger(p, w1, root2, badProof12)), proofs, caAndW1), null,
                SubtreesRequests.STEP_COSIGNER_POLICY);
        add(g, params, "32473.2.1's larger checkpoint with an empty consistency proof", "R14",
                in(List.of(caSig, larger(p, w1, root2, List.of())), proofs, caAndW1), null,
                SubtreesRequests.STEP_COSIGNER_POLICY);

        // step 3: each landmark subtree against the checkpoint
        for (int i = 0; i < proofs.size(); i++) {
            String name = "[" + proofs.get(i).get("start") + ", " + proofs.get(i).get("end") + ")";
            ArrayNode wrongHash = proofs.deepCopy();
            ((ObjectNode) wrongHash.get(i)).put("hash", Json.hex(flip(Json.bytes(proofs.get(i), "hash"), 0)));
            add(g, params, "wrong subtree hash for landmark subtree " + name, "R14", in(List.of(caSig), wrongHash, null),
                    null, SubtreesRequests.STEP_SUBTREE_CONSISTENCY);
            List<byte[]> sp = Json.bytesList(proofs.get(i), "proof");
            if (!sp.isEmpty()) {
                ArrayNode badProof = proofs.deepCopy();
                sp.set(sp.size() - 1, flip(sp.get(sp.size() - 1), 7));
                ((ObjectNode) badProof.get(i)).set("proof", Json.hexList(sp));
                add(g, params, "subtree consistency proof for " + name + " with its last hash altered", "R14",
                        in(List.of(caSig), badProof, null), null, SubtreesRequests.STEP_SUBTREE_CONSISTENCY);
            }
            ArrayNode missing = proofs.deepCopy();
            missing.remove(i);
            add(g, params, "no subtree consistency proof for " + name, "R14", in(List.of(caSig), missing, null), null,
                    SubtreesRequests.STEP_SUBTREE_CONSISTENCY);
        }
        emptySubtrees(f, p, log, ref, params, caSig);
        return List.of(f);
    }

    /**
     * Landmarks 3 2 / 13 / 12 / 5: landmark 3 covers [12, 13) with the subtrees [12, 13) and the empty [13, 13), which
     * holds no entry and needs no proof (draft §"Landmark Tree Sizes": the two "possibly empty" subtrees). Appended
     * as its own group so the earlier tcIds stay.
     */
    private static void emptySubtrees(VectorFile f, Profile p, SampleLog log, NodeReader ref, ObjectNode base,
            ObjectNode caSig) {
        LandmarkList lm = new LandmarkList(3, List.of(13L, 12L, 5L));
        ObjectNode params = base.deepCopy();
        params.put("landmarks", lm.format());
        VectorFile.Group g = f.group(p + ": landmarks " + lm.format().replace('\n', ' ').trim() + " (landmark 3's "
                + "subtrees are [12, 13) and the empty [13, 13)), reference checkpoint of size " + N, params);
        ArrayNode proofs = Json.array();
        ArrayNode trusted = Json.array();
        if (evidence(lm, log, ref, proofs, trusted) == 0) {
            throw new IllegalStateException("expected an empty landmark subtree in " + lm.format());
        }
        ObjectNode got = SubtreesRequests.validate(withInputs(params, in(List.of(caSig), proofs, null)));
        if (!got.path("valid").asBoolean() || !got.path("trusted_subtrees").equals(trusted)) {
            throw new IllegalStateException("subtrees.validate with an empty landmark subtree: mtc-relying-party says "
                    + got);
        }
        // expected names only valid: whether the empty subtree is listed as trusted is the implementation's choice
        // (no index lies in it)
        ObjectNode expected = Json.object();
        expected.put("valid", true);
        g.valid("proofs for the non-empty subtrees only: the empty subtree holds no entry and needs none",
                Tag.of(TS, "R14"), in(List.of(caSig), proofs, null), expected);
        int last = proofs.size() - 1;
        ArrayNode wrong = proofs.deepCopy();
        ((ObjectNode) wrong.get(last)).put("hash", Json.hex(flip(Json.bytes(proofs.get(last), "hash"), 0)));
        add(g, params, "wrong hash for [12, 13), the non-empty subtree beside the empty one", "R14",
                in(List.of(caSig), wrong, null), null, SubtreesRequests.STEP_SUBTREE_CONSISTENCY);
        ArrayNode onlyEmpty = proofs.deepCopy();
        onlyEmpty.remove(last);
        ObjectNode e = onlyEmpty.addObject();
        e.put("start", 13);
        e.put("end", 13);
        e.put("hash", Json.hex(log.hash(new Subtree(13, 13))));
        e.set("proof", Json.array());
        add(g, params, "no proof for [12, 13); a proof for the empty [13, 13) instead does not stand in for it", "R14",
                in(List.of(caSig), onlyEmpty, null), null, SubtreesRequests.STEP_SUBTREE_CONSISTENCY);
    }

    private static ObjectNode in(List<ObjectNode> cosignatures, ArrayNode proofs, ObjectNode policy) {
        ObjectNode o = Json.object();
        ArrayNode a = o.putArray("cosignatures");
        cosignatures.forEach(a::add);
        o.set("subtree_proofs", proofs.deepCopy());
        if (policy != null) {
            o.set("policy", policy);
        }
        return o;
    }

    /**
     * Appends to {@code proofs} a subtree consistency proof to the reference checkpoint for every non-empty active
     * landmark subtree of {@code lm}, and to {@code trusted} the trusted subtree it yields; returns how many empty
     * subtrees were skipped (they hold no entry).
     */
    private static int evidence(LandmarkList lm, SampleLog log, NodeReader ref, ArrayNode proofs, ArrayNode trusted) {
        int empty = 0;
        for (io.mtc4j.spec.landmark.LandmarkSubtree ls : lm.activeLandmarkSubtrees()) {
            Subtree s = ls.subtree();
            if (s.start() == s.end()) {
                empty++;
                continue;
            }
            ObjectNode o = proofs.addObject();
            o.set("start", Json.u64(s.start()));
            o.set("end", Json.u64(s.end()));
            o.put("hash", Json.hex(log.hash(s)));
            o.set("proof", Json.hexList(SubtreeProofs.consistencyProof(ref, N, s)));
            ObjectNode t = trusted.addObject();
            t.put("log_number", SampleLog.LOG_NUMBER);
            t.set("start", Json.u64(s.start()));
            t.set("end", Json.u64(s.end()));
            t.put("hash", Json.hex(log.hash(s)));
        }
        return empty;
    }

    private static ObjectNode withInputs(ObjectNode params, ObjectNode in) {
        ObjectNode req = params.deepCopy();
        in.fields().forEachRemaining(e -> req.set(e.getKey(), e.getValue()));
        return req;
    }

    /** Adds the test after checking mtc-relying-party gives the intended outcome ({@code step} null: valid). */
    private static void add(VectorFile.Group g, ObjectNode params, String comment, String must, ObjectNode in, ObjectNode expected,
            String step) {
        ObjectNode req = params.deepCopy();
        in.fields().forEachRemaining(e -> req.set(e.getKey(), e.getValue()));
        ObjectNode got = SubtreesRequests.validate(req);
        if (step == null) {
            if (!got.path("valid").asBoolean() || !got.path("trusted_subtrees").equals(expected.get("trusted_subtrees"))) {
                throw new IllegalStateException("subtrees.validate vector '" + comment + "' intended valid, "
                        + "mtc-relying-party says " + got);
            }
            g.valid(comment, Tag.of(TS, must), in, expected);
        } else {
            if (got.path("valid").asBoolean() || !got.path("step").asText().equals(step)) {
                throw new IllegalStateException("subtrees.validate vector '" + comment + "' intended step " + step
                        + ", mtc-relying-party says " + got);
            }
            g.invalid(comment, Tag.of(TS, must), in, Ops.KIND_INVALID, Optional.of(step));
        }
    }

    private static ObjectNode cosigner(SubtreeSigner s) {
        ObjectNode o = Json.object();
        o.put("id", s.id().ascii());
        o.put("algorithm", s.signer().algorithm().wireName());
        o.put("public_key", Json.hex(s.signer().publicKeySpki()));
        return o;
    }

    private static ObjectNode require(SubtreeSigner s) {
        ObjectNode o = Json.object();
        o.put("cosigner", s.id().ascii());
        return o;
    }

    private static ObjectNode checkpoint(long size, byte[] root) {
        ObjectNode o = Json.object();
        o.set("size", Json.u64(size));
        o.put("root_hash", Json.hex(root));
        return o;
    }

    /** A cosignature on checkpoint {@code (size, root)}: a CosignedMessage over {@code [0, size)}. */
    private static byte[] sign(Profile p, SubtreeSigner s, long size, byte[] root) {
        return s.sign(p, new CosignedMessage(s.id(), VerifyVectors.TIME, SampleLog.logId(), 0, size, root));
    }

    private static ObjectNode direct(Profile p, SubtreeSigner s, byte[] root) {
        ObjectNode o = Json.object();
        o.put("cosigner_id", s.id().ascii());
        o.put("timestamp", VerifyVectors.TIME);
        o.put("signature", Json.hex(sign(p, s, N, root)));
        return o;
    }

    private static ObjectNode larger(Profile p, SubtreeSigner s, byte[] root2, List<byte[]> proof) {
        ObjectNode o = Json.object();
        o.put("cosigner_id", s.id().ascii());
        o.put("timestamp", VerifyVectors.TIME);
        o.put("signature", Json.hex(sign(p, s, N2, root2)));
        o.set("checkpoint", checkpoint(N2, root2));
        o.set("consistency_proof", Json.hexList(proof));
        return o;
    }

    private static byte[] flip(byte[] b, int i) {
        byte[] c = b.clone();
        c[i] ^= 1;
        return c;
    }
}
