package io.mtc4j.rp.subtrees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.rp.config.CaCertificates;
import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.config.RelyingPartyConfig;
import io.mtc4j.rp.config.TrustedSubtree;
import io.mtc4j.rp.policy.CosignerPolicy;
import io.mtc4j.rp.verify.LeafChecks;
import io.mtc4j.rp.verify.MtcVerifier;
import io.mtc4j.rp.verify.VerificationResult;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cosign.CosignedMessage;
import io.mtc4j.spec.cosign.Cosigner;
import io.mtc4j.spec.cosign.GeneratorConfig;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.cosign.SubtreeSigner;
import io.mtc4j.spec.landmark.LandmarkList;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.merkle.NodeReader;
import io.mtc4j.spec.merkle.Rfc9162Proofs;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.tai.TrustAnchorId;
import io.mtc4j.spec.testing.Interop;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrustedSubtreesTest {
    static final HashFunction H = HashFunction.sha256();
    static final TrustAnchorId CA = TrustAnchorId.parse("32473.1");
    static final Base64.Encoder B64 = Base64.getEncoder();

    static MemoryTree tree;
    static SubtreeSigner caSigner;
    static SubtreeSigner witness;
    static CaConfig config;
    // landmarks 0..5 with sizes 0, 10, 40, 64, 100, 130; the log has 150 entries.
    static final LandmarkList LANDMARKS = new LandmarkList(5, List.of(130L, 100L, 64L, 40L));

    @BeforeAll
    static void build() throws Exception {
        tree = new MemoryTree(H);
        for (int i = 0; i < 150; i++) {
            tree.appendEntry(new byte[] {(byte) i, 1, 2});
        }
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed(5);
        caSigner = new SubtreeSigner(CA, Keys.generate(SignatureAlgorithm.MLDSA44, r, SigningMode.DETERMINISTIC));
        witness = new SubtreeSigner(TrustAnchorId.parse("32473.2.9"),
                Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256, r, SigningMode.DETERMINISTIC));
        config = CaConfig.of(CA, H, Profile.PLANTS_05, caSigner.cosigner(), BigInteger.ZERO,
                        BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE))
                .withOtherCosigners(List.of(witness.cosigner()))
                .withPolicy(CosignerPolicy.caPlus(CA, 1, List.of(witness.id())));
    }

    static byte[] root(long n) {
        return SubtreeProofs.subtreeHash(tree, new Subtree(0, n));
    }

    static TrustedSubtreeValidator.CheckpointCosignature cosign(SubtreeSigner s, long n, byte[] root, long ts) {
        byte[] sig = s.sign(Profile.PLANTS_05, new CosignedMessage(s.id(), ts, CA.logId(1), 0, n, root));
        return new TrustedSubtreeValidator.CheckpointCosignature(s.id(), ts, sig);
    }

    static List<TrustedSubtreeValidator.SubtreeProof> proofs(NodeReader r, long n, LandmarkList l) {
        List<TrustedSubtreeValidator.SubtreeProof> out = new ArrayList<>();
        for (long lm : l.activeLandmarks()) {
            for (Subtree s : l.landmarkSubtrees(lm)) {
                if (s.start() != s.end()) {
                    out.add(new TrustedSubtreeValidator.SubtreeProof(s.start(), s.end(),
                            SubtreeProofs.subtreeHash(r, s), SubtreeProofs.consistencyProof(r, n, s)));
                }
            }
        }
        return out;
    }

    @Test
    void acceptsWhenCosignersAndProofsCheckOut() {
        long n = 140;
        NodeReader r = tree.prefix(n);
        var out = TrustedSubtreeValidator.validate(config, 1, LANDMARKS, new TrustedSubtreeValidator.Checkpoint(n, root(n)),
                List.of(cosign(caSigner, n, root(n), 0), cosign(witness, n, root(n), 1700000000)), proofs(r, n, LANDMARKS));
        assertTrue(out.accepted(), out.refusal().orElse(""));
        assertEquals(List.of(3L, 4L, 5L), out.landmarks().stream().map(TrustedSubtreeValidator.LandmarkSubtrees::landmark)
                .toList());
        // landmark 3: [40,64) = [40,48)+[48,64); 4: [64,100) = [64,96)+[96,100); 5: [100,130) = [96,128)+[128,130)
        assertEquals(List.of("[40, 48)", "[48, 64)", "[64, 96)", "[96, 100)", "[96, 128)", "[128, 130)"),
                out.trustedSubtrees().stream().map(t -> "[" + t.start() + ", " + t.end() + ")").toList());
        for (TrustedSubtree t : out.trustedSubtrees()) {
            assertTrue(t.hashEquals(SubtreeProofs.subtreeHash(tree, new Subtree(t.start(), t.end()))));
        }
        assertEquals(List.of(CA, witness.id()), out.satisfiedBy());
    }

    @Test
    void acceptsALargerCosignedCheckpointWithAConsistencyProof() {
        long n = 130;
        long n2 = 150;
        List<byte[]> cons = Rfc9162Proofs.consistencyProof(tree, n, n2);
        var larger = new TrustedSubtreeValidator.LargerCheckpointCosignature(witness.id(), 1700000000,
                new TrustedSubtreeValidator.Checkpoint(n2, root(n2)),
                cosign(witness, n2, root(n2), 1700000000).signature(), cons);
        var out = TrustedSubtreeValidator.validate(config, 1, LANDMARKS, new TrustedSubtreeValidator.Checkpoint(n, root(n)),
                List.of(cosign(caSigner, n, root(n), 0), larger), proofs(tree.prefix(n), n, LANDMARKS));
        assertTrue(out.accepted(), out.refusal().orElse(""));
        // a broken consistency proof loses the witness, so the policy fails
        List<byte[]> bad = new ArrayList<>(cons);
        bad.set(0, new byte[32]);
        var broken = new TrustedSubtreeValidator.LargerCheckpointCosignature(witness.id(), 1700000000,
                new TrustedSubtreeValidator.Checkpoint(n2, root(n2)), larger.signature(), bad);
        out = TrustedSubtreeValidator.validate(config, 1, LANDMARKS, new TrustedSubtreeValidator.Checkpoint(n, root(n)),
                List.of(cosign(caSigner, n, root(n), 0), broken), proofs(tree.prefix(n), n, LANDMARKS));
        assertFalse(out.accepted());
        assertTrue(out.refusal().get().contains("RFC 9162 consistency proof"), out.refusal().get());
    }

    @Test
    void refusalsSayWhy() {
        long n = 140;
        NodeReader r = tree.prefix(n);
        var ref = new TrustedSubtreeValidator.Checkpoint(n, root(n));
        var good = List.<TrustedSubtreeValidator.Evidence>of(cosign(caSigner, n, root(n), 0), cosign(witness, n, root(n), 5));
        // policy not met: only the CA
        var out = TrustedSubtreeValidator.validate(config, 1, LANDMARKS, ref, List.of(good.get(0)), proofs(r, n, LANDMARKS));
        assertTrue(out.refusal().get().contains("cosigner policy"), out.refusal().get());
        // a cosignature on another size
        out = TrustedSubtreeValidator.validate(config, 1, LANDMARKS, ref,
                List.of(good.get(0), cosign(witness, 139, root(139), 5)), proofs(r, n, LANDMARKS));
        assertTrue(out.refusal().get().contains("32473.2.9: checkpoint cosignature does not verify"), out.refusal().get());
        // an unknown cosigner does not count
        SubtreeSigner stranger = new SubtreeSigner(TrustAnchorId.parse("7.7"), Keys.generate(SignatureAlgorithm.ED25519,
                new SecureRandom(), SigningMode.DETERMINISTIC));
        out = TrustedSubtreeValidator.validate(config, 1, LANDMARKS, ref,
                List.of(good.get(0), cosign(stranger, n, root(n), 0)), proofs(r, n, LANDMARKS));
        assertTrue(out.refusal().get().contains("7.7: ignored"), out.refusal().get());
        // reference checkpoint before the last landmark
        out = TrustedSubtreeValidator.validate(config, 1, LANDMARKS, new TrustedSubtreeValidator.Checkpoint(120, root(120)),
                List.of(cosign(caSigner, 120, root(120), 0), cosign(witness, 120, root(120), 0)), List.of());
        assertTrue(out.refusal().get().contains("smaller than the last landmark"), out.refusal().get());
        // a missing subtree proof
        List<TrustedSubtreeValidator.SubtreeProof> ps = new ArrayList<>(proofs(r, n, LANDMARKS));
        ps.remove(2);
        out = TrustedSubtreeValidator.validate(config, 1, LANDMARKS, ref, good, ps);
        assertEquals(Optional.of("no subtree consistency proof for landmark 4 subtree [64, 96)"), out.refusal());
        // a subtree hash that differs from the log
        ps = new ArrayList<>(proofs(r, n, LANDMARKS));
        TrustedSubtreeValidator.SubtreeProof p = ps.get(5);
        byte[] h = p.hash();
        h[0] ^= 1;
        ps.set(5, new TrustedSubtreeValidator.SubtreeProof(p.start(), p.end(), h, p.proof()));
        out = TrustedSubtreeValidator.validate(config, 1, LANDMARKS, ref, good, ps);
        assertTrue(out.refusal().get().startsWith("landmark 5 subtree [128, 130) with hash"), out.refusal().get());
        // the right evidence for log 1 does not prove log 2
        out = TrustedSubtreeValidator.validate(config, 2, LANDMARKS, ref, good, proofs(r, n, LANDMARKS));
        assertFalse(out.accepted());
    }

    /**
     * last_landmark = 2^63-1 (the largest value the landmark text allows): the active landmarks end at 2^63-1
     * without wrapping to Long.MIN_VALUE, and every outcome is a typed Outcome (review A.3).
     */
    @Test
    void lastLandmarkAtTwoToTheSixtyThreeMinusOneDoesNotWrap() {
        long n = 140;
        NodeReader r = tree.prefix(n);
        var ref = new TrustedSubtreeValidator.Checkpoint(n, root(n));
        var good = List.<TrustedSubtreeValidator.Evidence>of(cosign(caSigner, n, root(n), 0), cosign(witness, n, root(n), 5));
        // one active landmark, 2^63-1, covering [100, 130)
        LandmarkList one = LandmarkList.parse("9223372036854775807 1\n130\n100\n");
        assertEquals(Long.MAX_VALUE, one.lastLandmark());
        var out = TrustedSubtreeValidator.validate(config, 1, one, ref, good, proofs(r, n, one));
        assertTrue(out.accepted(), out.refusal().orElse(""));
        assertEquals(List.of(Long.MAX_VALUE), out.landmarks().stream()
                .map(TrustedSubtreeValidator.LandmarkSubtrees::landmark).toList());
        assertEquals(List.of("[96, 128)", "[128, 130)"),
                out.trustedSubtrees().stream().map(t -> "[" + t.start() + ", " + t.end() + ")").toList());
        // the same list without its proofs: a typed refusal naming landmark 2^63-1
        out = TrustedSubtreeValidator.validate(config, 1, one, ref, good, List.of());
        assertEquals(Optional.of("no subtree consistency proof for landmark 9223372036854775807 subtree [96, 128)"),
                out.refusal());
        // no active landmarks at all: first_active would be 2^63; nothing to validate, no exception
        LandmarkList none = LandmarkList.parse("9223372036854775807 0\n130\n");
        out = TrustedSubtreeValidator.validate(config, 1, none, ref, good, List.of());
        assertTrue(out.accepted(), out.refusal().orElse(""));
        assertEquals(List.of(), out.landmarks());
    }

    /** The JSON evidence form: explicit checkpoint, a cosignature, a larger cosigned checkpoint; inside "evidence". */
    @Test
    void evidenceFileWithCosignedCheckpoints() throws Exception {
        long n = 130;
        long n2 = 150;
        ObjectMapper json = new ObjectMapper();
        ObjectNode ev = json.createObjectNode();
        ev.put("ca_id", "32473.1");
        ev.put("log", 1);
        ev.put("landmarks", LANDMARKS.format());
        ev.put("max_active_landmarks", 3);
        ObjectNode cp = ev.putObject("checkpoint");
        cp.put("size", n);
        cp.put("root", B64.encodeToString(root(n)));
        ObjectNode c = ev.putArray("cosignatures").addObject();
        c.put("cosigner", "32473.1");
        c.put("timestamp", 0);
        c.put("signature", B64.encodeToString(cosign(caSigner, n, root(n), 0).signature()));
        ObjectNode l = ev.putArray("cosigned_checkpoints").addObject();
        l.put("cosigner", witness.id().ascii());
        l.put("timestamp", 1700000000L);
        l.put("size", String.valueOf(n2));
        l.put("root", B64.encodeToString(root(n2)));
        l.put("signature", B64.encodeToString(cosign(witness, n2, root(n2), 1700000000L).signature()));
        ArrayNode cons = l.putArray("consistency_proof");
        Rfc9162Proofs.consistencyProof(tree, n, n2).forEach(h -> cons.add(B64.encodeToString(h)));
        ArrayNode ps = ev.putArray("subtree_proofs");
        for (TrustedSubtreeValidator.SubtreeProof p : proofs(tree.prefix(n), n, LANDMARKS)) {
            ObjectNode o = ps.addObject();
            o.put("start", p.start());
            o.put("end", p.end());
            o.put("hash", B64.encodeToString(p.hash()));
            ArrayNode pr = o.putArray("proof");
            p.proof().forEach(x -> pr.add(B64.encodeToString(x)));
        }
        ObjectNode wrapper = json.createObjectNode();
        wrapper.putArray("evidence").add(ev);
        RelyingPartyConfig out = TrustedSubtreesFile.apply(json.writeValueAsBytes(wrapper), RelyingPartyConfig.of(config));
        assertEquals(6, out.ca(CA).get().trustedSubtrees().size());
        // applying twice replaces rather than duplicates
        out = TrustedSubtreesFile.apply(json.writeValueAsBytes(wrapper), out);
        assertEquals(6, out.ca(CA).get().trustedSubtrees().size());
        // too many active landmarks for the CA's max_active_landmarks
        ev.put("max_active_landmarks", 2);
        assertThrows(MtcParseException.class, () -> TrustedSubtreesFile.apply(json.writeValueAsBytes(ev),
                RelyingPartyConfig.of(config)));
        ev.put("max_active_landmarks", 3);
        // without the witness's larger checkpoint the policy (CA + witness) is not met
        ev.remove("cosigned_checkpoints");
        MtcParseException e = assertThrows(MtcParseException.class, () -> TrustedSubtreesFile.apply(
                json.writeValueAsBytes(ev), RelyingPartyConfig.of(config)));
        assertTrue(e.getMessage().contains("cosigner policy"), e.getMessage());
        // both checkpoint forms at once
        ev.put("checkpoint_note", "x");
        assertThrows(MtcParseException.class, () -> TrustedSubtreesFile.apply(json.writeValueAsBytes(ev),
                RelyingPartyConfig.of(config)));
    }

    static byte[] timestamped(SubtreeSigner s, long n, long ts) {
        byte[] sig = cosign(s, n, root(n), ts).signature();
        return java.nio.ByteBuffer.allocate(8 + sig.length).putLong(ts).put(sig).array();
    }

    static io.mtc4j.spec.note.SignedNote note(long n, byte[] caPayload, byte[] witnessPayload) {
        io.mtc4j.spec.note.Checkpoint cp = new io.mtc4j.spec.note.Checkpoint(CA.logId(1).tlogName(), n, root(n));
        return new io.mtc4j.spec.note.SignedNote(cp.format(), List.of(
                new io.mtc4j.spec.note.NoteSignature(CA.tlogName(), 1, caPayload),
                new io.mtc4j.spec.note.NoteSignature(witness.id().tlogName(), 2, witnessPayload),
                new io.mtc4j.spec.note.NoteSignature("example.com/other", 3, new byte[] {1})));
    }

    static ObjectNode noteEvidence(ObjectMapper json, long n, io.mtc4j.spec.note.SignedNote note) {
        ObjectNode ev = json.createObjectNode();
        ev.put("ca_id", "32473.1");
        ev.put("log", 1);
        ev.put("landmarks", LANDMARKS.format());
        ev.put("checkpoint_note", note.format());
        ArrayNode ps = ev.putArray("subtree_proofs");
        for (TrustedSubtreeValidator.SubtreeProof p : proofs(tree.prefix(n), n, LANDMARKS)) {
            ObjectNode o = ps.addObject();
            o.put("start", p.start());
            o.put("end", p.end());
            o.put("hash", B64.encodeToString(p.hash()));
            ArrayNode pr = o.putArray("proof");
            p.proof().forEach(x -> pr.add(B64.encodeToString(x)));
        }
        return ev;
    }

    /** A checkpoint note with tlog-cosignature lines (timestamp + ML-DSA-44, timestamp + ECDSA): the default form. */
    @Test
    void checkpointNoteWithTimestampedCosignature() throws Exception {
        long n = 140;
        io.mtc4j.spec.note.SignedNote note = note(n, timestamped(caSigner, n, 1700000000L),
                timestamped(witness, n, 1700000001L));
        ObjectMapper json = new ObjectMapper();
        ObjectNode ev = noteEvidence(json, n, note);
        RelyingPartyConfig out = TrustedSubtreesFile.apply(json.writeValueAsBytes(ev), RelyingPartyConfig.of(config));
        assertEquals(6, out.ca(CA).get().trustedSubtrees().size());
        // the same lines read in demo generator form (bare signatures, timestamp 0) do not verify
        ev.put("demo_generator_compat", true);
        MtcParseException demo = assertThrows(MtcParseException.class, () -> TrustedSubtreesFile.apply(
                json.writeValueAsBytes(ev), RelyingPartyConfig.of(config)));
        assertTrue(demo.getMessage().contains("not met"), demo.getMessage());
        ev.put("demo_generator_compat", false);
        assertEquals(6, TrustedSubtreesFile.apply(json.writeValueAsBytes(ev), RelyingPartyConfig.of(config))
                .ca(CA).get().trustedSubtrees().size());
        // the note of another log is refused
        io.mtc4j.spec.note.SignedNote other = new io.mtc4j.spec.note.SignedNote(
                new io.mtc4j.spec.note.Checkpoint(CA.logId(2).tlogName(), n, root(n)).format(), note.signatures());
        ev.put("checkpoint_note", other.format());
        MtcParseException e = assertThrows(MtcParseException.class, () -> TrustedSubtreesFile.apply(
                json.writeValueAsBytes(ev), RelyingPartyConfig.of(config)));
        assertTrue(e.getMessage().contains("origin"), e.getMessage());
    }

    /**
     * Bare signatures (the draft authors' demo generator) are read only with "demo_generator_compat": true; by
     * default the lines are tlog-cosignatures and such a note is refused, whatever the signature lengths.
     */
    @Test
    void bareNoteSignaturesNeedTheDemoGeneratorOption() throws Exception {
        long n = 140;
        io.mtc4j.spec.note.SignedNote bare = note(n, cosign(caSigner, n, root(n), 0).signature(),
                cosign(witness, n, root(n), 0).signature());
        ObjectMapper json = new ObjectMapper();
        ObjectNode ev = noteEvidence(json, n, bare);
        assertThrows(MtcParseException.class, () -> TrustedSubtreesFile.apply(json.writeValueAsBytes(ev),
                RelyingPartyConfig.of(config)));
        ev.put("demo_generator_compat", true);
        RelyingPartyConfig out = TrustedSubtreesFile.apply(json.writeValueAsBytes(ev), RelyingPartyConfig.of(config));
        assertEquals(6, out.ca(CA).get().trustedSubtrees().size());
        // a payload that cannot be a timestamped_signature is a parse error naming the line
        io.mtc4j.spec.note.SignedNote shortLine = note(n, timestamped(caSigner, n, 1), new byte[8]);
        ObjectNode ev2 = noteEvidence(json, n, shortLine);
        MtcParseException e = assertThrows(MtcParseException.class, () -> TrustedSubtreesFile.apply(
                json.writeValueAsBytes(ev2), RelyingPartyConfig.of(config)));
        assertTrue(e.field().endsWith(".signature[" + witness.id().tlogName() + "]"), e.field());
        // the option is a boolean, and only with checkpoint_note
        ev.put("demo_generator_compat", "yes");
        MtcParseException b = assertThrows(MtcParseException.class, () -> TrustedSubtreesFile.apply(
                json.writeValueAsBytes(ev), RelyingPartyConfig.of(config)));
        assertEquals("trusted-subtrees.demo_generator_compat", b.field());
        ObjectNode plain = json.createObjectNode();
        plain.put("ca_id", "32473.1");
        plain.put("log", 1);
        plain.put("landmarks", LANDMARKS.format());
        plain.putObject("checkpoint").put("size", n).put("root", B64.encodeToString(root(n)));
        plain.put("demo_generator_compat", true);
        MtcParseException c = assertThrows(MtcParseException.class, () -> TrustedSubtreesFile.apply(
                json.writeValueAsBytes(plain), RelyingPartyConfig.of(config)));
        assertEquals("trusted-subtrees.demo_generator_compat", c.field());
    }

    /** Review item 4: an evidence "log" outside 1..65535 is a parse error naming the field, not an internal error. */
    @Test
    void evidenceLogOutsideTheLogNumbersIsAParseError() throws Exception {
        long n = 140;
        ObjectMapper json = new ObjectMapper();
        for (int bad : new int[] {0, 65536, -1, Integer.MAX_VALUE}) {
            for (boolean withNote : new boolean[] {true, false}) {
                ObjectNode ev = noteEvidence(json, n, note(n, timestamped(caSigner, n, 1), timestamped(witness, n, 1)));
                if (!withNote) {
                    ev.remove("checkpoint_note");
                    ev.putObject("checkpoint").put("size", n).put("root", B64.encodeToString(root(n)));
                }
                ev.put("log", bad);
                MtcParseException e = assertThrows(MtcParseException.class, () -> TrustedSubtreesFile.apply(
                        json.writeValueAsBytes(ev), RelyingPartyConfig.of(config)));
                assertEquals("trusted-subtrees.log", e.field());
                assertTrue(e.rule().contains("1..65535"), e.rule());
            }
        }
    }

    @Test
    void landmarkFileErrorsAreParseErrors() {
        RelyingPartyConfig rp = RelyingPartyConfig.of(config);
        for (String bad : List.of("{\"ca_id\":\"32473.1\",\"log\":1,\"landmarks\":\"5 3\\n130\\n100\\n64\\n\","
                + "\"checkpoint\":{\"size\":140,\"root\":\"AA==\"}}",
                "{\"ca_id\":\"32473.1\",\"log\":1,\"max_active_landmarks\":2,\"landmarks\":\"5 3\\n130\\n100\\n64\\n40\\n\","
                + "\"checkpoint\":{\"size\":140,\"root\":\"AA==\"}}",
                "{\"ca_id\":\"9.9\",\"log\":1}", "{\"trusted_subtrees\":[{\"ca_id\":\"32473.1\",\"log\":0,\"start\":0,"
                + "\"end\":1,\"hash\":\"AA==\"}]}", "[]", "{\"bogus\":1}")) {
            assertThrows(MtcParseException.class, () -> TrustedSubtreesFile.apply(bad.getBytes(StandardCharsets.UTF_8), rp),
                    bad);
        }
        // pre-validated form
        String ok = "{\"trusted_subtrees\":[{\"ca_id\":\"32473.1\",\"log\":1,\"start\":0,\"end\":32,\"hash\":\""
                + B64.encodeToString(new byte[32]) + "\"}]}";
        RelyingPartyConfig out = TrustedSubtreesFile.apply(ok.getBytes(StandardCharsets.UTF_8), rp);
        assertEquals(List.of(new TrustedSubtree(1, 0, 32, new byte[32])), out.ca(CA).get().trustedSubtrees());
    }

    @Test
    void activeWindowPrunes() {
        ActiveLandmarks w = ActiveLandmarks.empty(CA, 1, 3);
        assertEquals(Optional.empty(), w.landmarkGroupId());
        long n = 140;
        var first = TrustedSubtreeValidator.validate(config, 1, LANDMARKS, new TrustedSubtreeValidator.Checkpoint(n, root(n)),
                List.of(cosign(caSigner, n, root(n), 0), cosign(witness, n, root(n), 0)), proofs(tree.prefix(n), n, LANDMARKS));
        w = w.update(first);
        assertEquals(List.of(3L, 4L, 5L), w.landmarks());
        assertEquals(6, w.trustedSubtrees().size());
        assertEquals(Optional.of(TrustAnchorId.parse("32473.1.2.1.5")), w.landmarkGroupId());
        // landmark 6 at 150 arrives: landmark 3 leaves the window
        LandmarkList next = new LandmarkList(6, List.of(150L, 130L, 100L, 64L));
        long n2 = 150;
        var second = TrustedSubtreeValidator.validate(config, 1, next, new TrustedSubtreeValidator.Checkpoint(n2, root(n2)),
                List.of(cosign(caSigner, n2, root(n2), 0), cosign(witness, n2, root(n2), 0)), proofs(tree, n2, next));
        assertTrue(second.accepted(), second.refusal().orElse(""));
        w = w.update(second);
        assertEquals(List.of(4L, 5L, 6L), w.landmarks());
        assertTrue(w.trustedSubtrees().stream().noneMatch(t -> t.start() == 40 || t.start() == 48));
        assertEquals(Optional.of(6L), w.lastLandmark());
        var refused = TrustedSubtreeValidator.Outcome.refuse("no", List.of());
        ActiveLandmarks fw = w;
        assertThrows(IllegalArgumentException.class, () -> fw.update(refused));
    }

    /**
     * The demo corpus end to end: the checkpoint note (four cosigners), the landmarks 32, 34, 2036 of its "landmark"
     * sequence, subtree consistency proofs computed from the level-0 hash tiles; then the landmark-relative
     * certificates verify with the validated subtrees.
     */
    @Test
    void demoCorpusLandmarksFromItsCheckpoint() throws Exception {
        Path dir = Interop.corpus("draft-demo-plants05");
        MemoryTree demo = new MemoryTree(H);
        List<Path> tiles = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            tiles.add(dir.resolve("tile/0/00" + i));
        }
        tiles.add(dir.resolve("tile/0/007.p/244"));
        for (Path t : tiles) {
            byte[] b = Files.readAllBytes(t);
            for (int off = 0; off < b.length; off += 32) {
                demo.appendLeafHash(Arrays.copyOfRange(b, off, off + 32));
            }
        }
        assertEquals(2036, demo.size());
        GeneratorConfig gen = GeneratorConfig.parse(Files.readAllBytes(dir.resolve("config.json")), SigningMode.RANDOMIZED);
        CaConfig ca = CaCertificates.read(dir.resolve("ca_cert.pem"), Profile.PLANTS_05);
        List<Cosigner> others = gen.trustedCosigners().stream().filter(c -> !c.id().equals(ca.caId())).toList();
        CaConfig all = ca.withOtherCosigners(others).withPolicy(CosignerPolicy.caPlus(ca.caId(), 3,
                others.stream().map(Cosigner::id).toList()));
        LandmarkList lms = LandmarkList.parse("2 2\n2036\n34\n0\n");

        ObjectMapper json = new ObjectMapper();
        ObjectNode ev = json.createObjectNode();
        ev.put("ca_id", "32473.1");
        ev.put("log", 1);
        ev.put("landmarks", "2 2\n2036\n34\n0\n");
        ev.put("checkpoint_note", Files.readString(dir.resolve("checkpoint"), StandardCharsets.UTF_8));
        ArrayNode ps = ev.putArray("subtree_proofs");
        for (TrustedSubtreeValidator.SubtreeProof p : proofs(demo, 2036, lms)) {
            ObjectNode o = ps.addObject();
            o.put("start", p.start());
            o.put("end", p.end());
            o.put("hash", B64.encodeToString(p.hash()));
            ArrayNode pr = o.putArray("proof");
            p.proof().forEach(x -> pr.add(B64.encodeToString(x)));
        }
        // the generator's checkpoint lines are bare signatures: refused as tlog-cosignatures (the default) ...
        assertThrows(MtcParseException.class,
                () -> TrustedSubtreesFile.apply(json.writeValueAsBytes(ev), RelyingPartyConfig.of(all)));
        // ... and read with the explicit demo generator option
        ev.put("demo_generator_compat", true);
        RelyingPartyConfig rp = TrustedSubtreesFile.apply(json.writeValueAsBytes(ev), RelyingPartyConfig.of(all));
        List<TrustedSubtree> ts = rp.ca(ca.caId()).get().trustedSubtrees();
        assertEquals(List.of("[0, 32)", "[32, 34)", "[0, 1024)", "[1024, 2036)"),
                ts.stream().map(t -> "[" + t.start() + ", " + t.end() + ")").toList());
        assertEquals("FuB1S/AVQxq3AkJmS+motlqcwNSi6FOJG3Noa4KaGF4=", B64.encodeToString(ts.get(0).hash()));
        assertEquals("nrHwDwyamzxb3tc44WcvnQrcgyHoydtC9FedzUZFQ24=", B64.encodeToString(ts.get(3).hash()));
        MtcVerifier v = new MtcVerifier(rp, LeafChecks.Options.validityOnly());
        for (String f : List.of("cert_10_2.pem", "cert_32_1.pem", "cert_33_1.pem", "cert_2034_1.pem", "cert_2035_1.pem")) {
            VerificationResult r = v.verify(CaCertificates.certificateBytes(Files.readAllBytes(dir.resolve(f))),
                    Instant.parse("2025-01-01T00:00:00Z"));
            assertTrue(r.isValid(), f + ": " + r.verdict());
            assertEquals(Optional.of(VerificationResult.TrustPath.TRUSTED_SUBTREE), r.path());
        }
        // the same evidence with one hash altered is refused with the reason
        ((ObjectNode) ps.get(3)).put("hash", B64.encodeToString(new byte[32]));
        MtcParseException e = assertThrows(MtcParseException.class,
                () -> TrustedSubtreesFile.apply(json.writeValueAsBytes(ev), RelyingPartyConfig.of(all)));
        assertTrue(e.getMessage().contains("landmark 2 subtree [1024, 2036)"), e.getMessage());
    }
}
