package io.mtc4j.conformance.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.conformance.Answer;
import io.mtc4j.conformance.Implementation;
import io.mtc4j.conformance.mtc4j.Mtc4jImplementation;
import io.mtc4j.conformance.run.Outcome.Status;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cosign.SubtreeSigner;
import io.mtc4j.spec.merkle.Covering;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.vectors.gen.SampleLog;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.Ops;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Randomized properties run through the adapter, with fixed seeds so every run asks the same questions: random
 * trees (the implementation's own proofs must evaluate and verify against its own hashes, and agree with mtc4j,
 * the reference), random intervals up to 2^48 for covering, random trust anchor IDs, and mutations (a flipped
 * bit, an extra or a missing proof hash must never verify), and random certificates of a sample log, verified
 * intact and with one bit flipped. Only the fields the protocol defines ({@code hash}, {@code proof},
 * {@code binary}, {@code left}/{@code right}, {@code valid}) are compared, so an implementation may add fields of
 * its own. Each trial is one outcome, id
 * {@code property/NAME#TRIAL}, so a failure can be replayed with the same {@code --seed}.
 */
public final class Properties {
    private final Implementation impl;
    private final Implementation reference = new Mtc4jImplementation();
    private final PrintStream progress;
    private final long seed;
    private final int trials;

    /**
     * @param impl the implementation under test
     * @param seed the base seed (each property derives its own)
     * @param trials trials per property
     */
    public Properties(Implementation impl, PrintStream progress, long seed, int trials) {
        this.impl = impl;
        this.progress = progress;
        this.seed = seed;
        this.trials = trials;
    }

    private interface Trial {
        /** Runs one trial; returns empty on success or the reason of failure. */
        Optional<String> run(Random rnd, ObjectNode log) throws Skip;
    }

    /** Thrown when the implementation does not support an operation the property needs. */
    static final class Skip extends Exception {
        private static final long serialVersionUID = 1L;

        Skip(String m) {
            super(m, null, false, false);
        }
    }

    /** Runs every property. */
    public List<Outcome> run() {
        List<Outcome> out = new ArrayList<>();
        out.addAll(property("merkle_proofs_roundtrip", "Subtree Inclusion Proofs", "R9", this::inclusionRoundTrip));
        out.addAll(property("merkle_inclusion_mutation", "Evaluating a Subtree Inclusion Proof", "R8",
                this::inclusionMutation));
        out.addAll(property("merkle_consistency_roundtrip", "Subtree Consistency Proofs", "R15",
                this::consistencyRoundTrip));
        out.addAll(property("merkle_consistency_mutation", "Verifying a Subtree Consistency Proof", "R15",
                this::consistencyMutation));
        out.addAll(property("covering_large", "Selecting Two Subtrees", null, this::covering));
        out.addAll(property("tai_roundtrip", "Certification Authority Identifiers", "E21", this::taiRoundTrip));
        out.addAll(property("cert_random_and_mutated", "Verifying Certificate Signatures", "R3",
                this::certificateTrial));
        return out;
    }

    private List<Outcome> property(String name, String section, String must, Trial t) {
        List<Outcome> out = new ArrayList<>();
        Random base = new Random(seed ^ name.hashCode());
        int pass = 0;
        int fail = 0;
        int skip = 0;
        for (int i = 1; i <= trials; i++) {
            long trialSeed = base.nextLong();
            ObjectNode log = Json.object();
            log.put("seed", Long.toString(trialSeed));
            Status status;
            String reason;
            try {
                Optional<String> r = t.run(new Random(trialSeed), log);
                status = r.isPresent() ? Status.FAIL : Status.PASS;
                reason = r.orElse("");
            } catch (Skip s) {
                status = Status.SKIP;
                reason = s.getMessage();
            }
            switch (status) {
                case PASS -> pass++;
                case FAIL -> fail++;
                default -> skip++;
            }
            ObjectNode answer = log.has("answer") ? (ObjectNode) log.remove("answer") : Json.object();
            ObjectNode expected = log.has("expected") ? (ObjectNode) log.remove("expected") : Json.object();
            Outcome o = new Outcome("property/" + name + "#" + i, "property/" + name, name, section,
                    Optional.ofNullable(must), status, "randomized trial " + i, log, expected, answer, reason);
            if (status == Status.FAIL) {
                progress.println("FAIL " + o.id() + " [" + section + (must == null ? "" : " " + must) + "] " + reason);
            }
            out.add(o);
            if (status == Status.SKIP) {
                // An unsupported operation: the remaining trials would skip the same way.
                for (int j = i + 1; j <= trials; j++) {
                    out.add(new Outcome("property/" + name + "#" + j, "property/" + name, name, section,
                            Optional.ofNullable(must), Status.SKIP, "randomized trial " + j, Json.object(),
                            Json.object(), Json.object(), reason));
                    skip++;
                }
                break;
            }
        }
        progress.printf("file %-40s %5d pass %5d fail %5d skip%n", "property/" + name, pass, fail, skip);
        return out;
    }

    private JsonNode call(String op, ObjectNode req, ObjectNode log) throws Skip {
        Answer a = impl.call(op, req);
        if (a.unsupported()) {
            throw new Skip("unsupported: " + op);
        }
        log.set("answer", a.toJson());
        return a.ok() ? a.result().orElseThrow() : null;
    }

    private JsonNode ref(String op, ObjectNode req) {
        Answer a = reference.call(op, req);
        return a.ok() ? a.result().orElseThrow() : null;
    }

    /**
     * Whether {@code got} has the protocol field {@code field} equal to mtc4j's (integers by value): only the fields
     * the protocol defines are compared, never the rest of either result object.
     */
    private static boolean sameField(JsonNode got, JsonNode want, String field) {
        if (got == null || want == null || !got.has(field)) {
            return false;
        }
        return Compare.contains(want.get(field), got.get(field)).isEmpty();
    }

    private static ArrayNode randomLeaves(Random rnd, int n) {
        ArrayNode a = Json.array();
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[rnd.nextInt(40)];
            rnd.nextBytes(b);
            a.add(Json.hex(b));
        }
        return a;
    }

    /** A random valid non-empty subtree [start, end) with end ≤ n (n ≥ 1). */
    private static long[] randomSubtree(Random rnd, long n) {
        while (true) {
            long end = 1 + (long) (rnd.nextDouble() * n);
            long start = (long) (rnd.nextDouble() * end);
            if (rnd.nextInt(4) == 0) {
                start = 0;
            }
            if (Subtree.isValid(start, end) && start < end) {
                return new long[] {start, end};
            }
        }
    }

    private static ObjectNode req() {
        return Json.object();
    }

    private Optional<String> inclusionRoundTrip(Random rnd, ObjectNode log) throws Skip {
        int n = 1 + rnd.nextInt(300);
        ArrayNode leaves = randomLeaves(rnd, n);
        long[] s = randomSubtree(rnd, n);
        long index = s[0] + (long) (rnd.nextDouble() * (s[1] - s[0]));
        ObjectNode h = req();
        h.set("leaves", leaves);
        h.put("start", s[0]);
        h.put("end", s[1]);
        log.set("subtree_hash", h);
        JsonNode hash = call(Ops.SUBTREE_HASH, h, log);
        JsonNode refHash = ref(Ops.SUBTREE_HASH, h);
        if (!sameField(hash, refHash, "hash")) {
            return Optional.of("subtree hash of [" + s[0] + ", " + s[1] + ") differs from mtc4j's: " + hash);
        }
        ObjectNode p = h.deepCopy();
        p.put("index", index);
        log.set("inclusion_proof", p);
        JsonNode proof = call(Ops.INCLUSION_PROOF, p, log);
        if (!sameField(proof, ref(Ops.INCLUSION_PROOF, p), "proof")) {
            return Optional.of("inclusion proof for " + index + " in [" + s[0] + ", " + s[1] + ") differs from mtc4j's");
        }
        ObjectNode e = req();
        e.put("start", s[0]);
        e.put("end", s[1]);
        e.put("index", index);
        e.put("entry_hash", leafHash(leaves.get((int) index).asText()));
        e.set("proof", proof.get("proof"));
        log.set("evaluate", e);
        JsonNode ev = call(Ops.EVALUATE_INCLUSION_PROOF, e, log);
        if (ev == null || !ev.path("hash").equals(hash.path("hash"))) {
            return Optional.of("its own inclusion proof does not evaluate to its own subtree hash");
        }
        return Optional.empty();
    }

    private String leafHash(String hexEntry) {
        // The leaf hash comes from mtc4j's subtree hash of the single entry: HASH(0x00 || d).
        ObjectNode r = req();
        r.set("leaves", Json.array().add(hexEntry));
        r.put("start", 0);
        r.put("end", 1);
        return ref(Ops.SUBTREE_HASH, r).path("hash").asText();
    }

    private Optional<String> inclusionMutation(Random rnd, ObjectNode log) throws Skip {
        int n = 2 + rnd.nextInt(200);
        ArrayNode leaves = randomLeaves(rnd, n);
        long[] s = randomSubtree(rnd, n);
        if (s[1] - s[0] < 2) {
            s = new long[] {0, n};
        }
        long index = s[0] + (long) (rnd.nextDouble() * (s[1] - s[0]));
        ObjectNode p = req();
        p.set("leaves", leaves);
        p.put("start", s[0]);
        p.put("end", s[1]);
        p.put("index", index);
        ArrayNode proof = (ArrayNode) ref(Ops.INCLUSION_PROOF, p).get("proof");
        String good = ref(Ops.SUBTREE_HASH, p).path("hash").asText();
        ArrayNode bad = proof.deepCopy();
        String how;
        int kind = rnd.nextInt(proof.isEmpty() ? 2 : 4);
        if (kind == 0) {
            bad.add(Json.hex(new byte[32]));
            how = "an extra hash appended";
        } else if (kind == 1) {
            bad.insert(0, good);
            how = "an extra hash prepended";
        } else if (kind == 2) {
            bad.remove(rnd.nextInt(bad.size()));
            how = "one hash removed";
        } else {
            int i = rnd.nextInt(bad.size());
            byte[] b = Json.unhex("proof", bad.get(i).asText());
            b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
            bad.set(i, Json.hex(b));
            how = "one bit flipped in hash " + i;
        }
        ObjectNode e = req();
        e.put("start", s[0]);
        e.put("end", s[1]);
        e.put("index", index);
        e.put("entry_hash", leafHash(leaves.get((int) index).asText()));
        e.set("proof", bad);
        log.set("evaluate", e);
        log.put("mutation", how);
        JsonNode ev = call(Ops.EVALUATE_INCLUSION_PROOF, e, log);
        if (ev != null && ev.path("hash").asText().equals(good)) {
            return Optional.of("a proof with " + how + " still evaluates to the subtree hash");
        }
        return Optional.empty();
    }

    private ObjectNode consistencyRequest(Random rnd, ObjectNode log) {
        int n = 1 + rnd.nextInt(300);
        ArrayNode leaves = randomLeaves(rnd, n);
        long[] s = randomSubtree(rnd, n);
        ObjectNode p = req();
        p.set("leaves", leaves);
        p.put("n", n);
        p.put("start", s[0]);
        p.put("end", s[1]);
        log.set("consistency_proof", p);
        return p;
    }

    private ObjectNode verifyRequest(ObjectNode p, JsonNode proof) {
        ObjectNode sub = req();
        sub.set("leaves", p.get("leaves"));
        sub.set("start", p.get("start"));
        sub.set("end", p.get("end"));
        ObjectNode root = req();
        root.set("leaves", p.get("leaves"));
        root.put("start", 0);
        root.set("end", p.get("n"));
        ObjectNode v = req();
        v.set("n", p.get("n"));
        v.set("start", p.get("start"));
        v.set("end", p.get("end"));
        v.set("node_hash", ref(Ops.SUBTREE_HASH, sub).get("hash"));
        v.set("root_hash", ref(Ops.SUBTREE_HASH, root).get("hash"));
        v.set("proof", proof);
        return v;
    }

    private Optional<String> consistencyRoundTrip(Random rnd, ObjectNode log) throws Skip {
        ObjectNode p = consistencyRequest(rnd, log);
        JsonNode proof = call(Ops.CONSISTENCY_PROOF, p, log);
        if (!sameField(proof, ref(Ops.CONSISTENCY_PROOF, p), "proof")) {
            return Optional.of("consistency proof differs from mtc4j's");
        }
        ObjectNode v = verifyRequest(p, proof.get("proof"));
        log.set("verify", v);
        JsonNode ok = call(Ops.VERIFY_CONSISTENCY_PROOF, v, log);
        if (ok == null || !ok.path("valid").asBoolean(false)) {
            return Optional.of("its own consistency proof does not verify");
        }
        return Optional.empty();
    }

    private Optional<String> consistencyMutation(Random rnd, ObjectNode log) throws Skip {
        ObjectNode p = consistencyRequest(rnd, log);
        ArrayNode proof = (ArrayNode) ref(Ops.CONSISTENCY_PROOF, p).get("proof");
        ArrayNode bad = proof.deepCopy();
        String how;
        if (bad.isEmpty() || rnd.nextInt(3) == 0) {
            byte[] x = new byte[32];
            rnd.nextBytes(x);
            bad.add(Json.hex(x));
            how = "an extra hash appended";
        } else if (rnd.nextBoolean()) {
            bad.remove(rnd.nextInt(bad.size()));
            how = "one hash removed";
        } else {
            int i = rnd.nextInt(bad.size());
            byte[] b = Json.unhex("proof", bad.get(i).asText());
            b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
            bad.set(i, Json.hex(b));
            how = "one bit flipped in hash " + i;
        }
        ObjectNode v = verifyRequest(p, bad);
        log.set("verify", v);
        log.put("mutation", how);
        Answer a = impl.call(Ops.VERIFY_CONSISTENCY_PROOF, v);
        if (a.unsupported()) {
            throw new Skip("unsupported: " + Ops.VERIFY_CONSISTENCY_PROOF);
        }
        log.set("answer", a.toJson());
        if (!a.rejects()) {
            return Optional.of("a consistency proof with " + how + " verifies");
        }
        return Optional.empty();
    }

    private Optional<String> covering(Random rnd, ObjectNode log) throws Skip {
        long max = rnd.nextBoolean() ? (1L << 48) - 1 : 1000;
        long a = (long) (rnd.nextDouble() * max);
        long b = (long) (rnd.nextDouble() * max);
        ObjectNode r = req();
        r.put("start", Math.min(a, b));
        r.put("end", Math.max(a, b));
        log.set("covering_subtrees", r);
        JsonNode got = call(Ops.COVERING_SUBTREES, r, log);
        JsonNode want = ref(Ops.COVERING_SUBTREES, r);
        log.set("expected", want.deepCopy());
        return sameField(got, want, "left") && (!want.has("right") || sameField(got, want, "right"))
                ? Optional.empty()
                : Optional.of("covering of [" + r.get("start") + ", " + r.get("end") + ") differs from mtc4j's");
    }

    private Optional<String> taiRoundTrip(Random rnd, ObjectNode log) throws Skip {
        int arcs = 1 + rnd.nextInt(6);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < arcs; i++) {
            long v = switch (rnd.nextInt(3)) {
                case 0 -> rnd.nextInt(128);
                case 1 -> rnd.nextInt(1 << 20);
                default -> rnd.nextLong() >>> rnd.nextInt(64);
            };
            sb.append(i == 0 ? "" : ".").append(Long.toUnsignedString(v));
        }
        ObjectNode e = req();
        e.put("ascii", sb.toString());
        log.set("encode", e);
        JsonNode bin = call(Ops.TAI_ENCODE, e, log);
        if (!sameField(bin, ref(Ops.TAI_ENCODE, e), "binary")) {
            return Optional.of("encoding of " + sb + " differs from mtc4j's");
        }
        ObjectNode d = req();
        d.set("binary", bin.get("binary"));
        log.set("decode", d);
        JsonNode back = call(Ops.TAI_DECODE, d, log);
        if (back == null || !back.path("ascii").asText().equals(sb.toString())) {
            return Optional.of("decode(encode(" + sb + ")) = " + back);
        }
        return Optional.empty();
    }

    private SampleLog sampleLog;

    private SampleLog sampleLog() {
        if (sampleLog == null) {
            sampleLog = new SampleLog(Profile.PLANTS_05, 40);
        }
        return sampleLog;
    }

    /**
     * A random certificate of a 40-entry log (random entry, random covering subtree, random cosigner subset; no
     * cosigners means landmark-relative with the subtree trusted) must verify under a policy requiring exactly
     * its cosigners, and the same certificate with one random bit flipped must get mtc4j's verdict.
     */
    private Optional<String> certificateTrial(Random rnd, ObjectNode log) throws Skip {
        SampleLog l = sampleLog();
        int index = 1 + rnd.nextInt(l.size() - 1);
        long prev = rnd.nextInt(index + 1);
        long end = index + 1 + rnd.nextInt(l.size() - index);
        Subtree s = Covering.coveringSubtrees(prev, end).stream().filter(x -> x.contains(index)).findFirst()
                .orElseThrow();
        List<SubtreeSigner> signers = new ArrayList<>();
        for (SubtreeSigner c : l.cosigners()) {
            if (rnd.nextBoolean()) {
                signers.add(c);
            }
        }
        byte[] cert = l.certificate(index, s, signers).encoded();
        ObjectNode req = req();
        req.put("profile", Profile.PLANTS_05.wireName());
        req.put("certificate", Json.hex(cert));
        req.put("time", SampleLog.NOT_BEFORE.getEpochSecond() + 86400);
        ArrayNode keys = req.putArray("cosigners");
        for (SubtreeSigner c : l.cosigners()) {
            keys.addObject().put("id", c.id().ascii()).put("algorithm", c.signer().algorithm().wireName())
                    .put("public_key", Json.hex(c.signer().publicKeySpki()));
        }
        if (signers.isEmpty()) {
            ObjectNode t = req.putArray("trusted_subtrees").addObject();
            t.put("log_number", SampleLog.LOG_NUMBER);
            t.set("start", Json.u64(s.start()));
            t.set("end", Json.u64(s.end()));
            t.put("hash", Json.hex(l.hash(s)));
        } else {
            ArrayNode all = req.putObject("policy").putArray("all");
            signers.forEach(c -> all.addObject().put("cosigner", c.id().ascii()));
        }
        log.set("verify", req);
        JsonNode a = call(Ops.CERT_VERIFY, req, log);
        if (a == null || !a.path("valid").asBoolean(false)) {
            return Optional.of("a well-formed certificate for entry " + index + " in " + s + " with " + signers.size()
                    + " cosignatures was rejected");
        }
        byte[] bad = cert.clone();
        int bit = rnd.nextInt(bad.length * 8);
        bad[bit / 8] ^= (byte) (1 << (bit % 8));
        ObjectNode m = req.deepCopy();
        m.put("certificate", Json.hex(bad));
        log.set("mutated", m);
        log.put("flipped_bit", bit);
        Answer got = impl.call(Ops.CERT_VERIFY, m);
        if (got.unsupported()) {
            throw new Skip("unsupported: " + Ops.CERT_VERIFY);
        }
        log.set("answer", got.toJson());
        Answer want = reference.call(Ops.CERT_VERIFY, m);
        log.set("expected", want.toJson());
        if (got.rejects() != want.rejects()) {
            return Optional.of("flipping bit " + bit + " of the certificate: " + (got.rejects() ? "rejected" : "accepted")
                    + ", mtc4j " + (want.rejects() ? "rejects" : "accepts"));
        }
        return Optional.empty();
    }
}
