package io.mtc4j.conformance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.conformance.mtc4j.Mtc4jImplementation;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MerkleHash;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.Ops;
import java.util.Arrays;
import java.util.List;

/**
 * mtc4j with exactly one known bug injected, to prove the suite catches it. Each bug is the kind of mistake an
 * implementer makes (an off-by-one, a swapped hash order, a skipped check); it is written here as deliberately
 * wrong test code wrapped around the correct implementation.
 */
final class BuggyImplementation implements Implementation {
    /** The injected bugs. */
    enum Bug {
        /** Covering uses {@code end} instead of {@code end - 1} as the last index. */
        COVERING_OFF_BY_ONE(Ops.COVERING_SUBTREES),
        /** Inclusion evaluation hashes r||p where the draft says p||r when fn = sn (right edge). */
        WRONG_NODE_ORDER(Ops.EVALUATE_INCLUSION_PROOF),
        /** Inclusion evaluation ignores hashes left over once sn reaches 0 (proof too long accepted). */
        EXTRA_PROOF_HASHES_ACCEPTED(Ops.EVALUATE_INCLUSION_PROOF),
        /** Inclusion evaluation skips the valid-subtree and index-in-range checks. */
        SUBTREE_NOT_VALIDATED(Ops.EVALUATE_INCLUSION_PROOF),
        /** Generated inclusion proofs come out root-first instead of leaf-first. */
        INCLUSION_PROOF_REVERSED(Ops.INCLUSION_PROOF),
        /** Generated consistency proofs lose their last hash. */
        CONSISTENCY_PROOF_TRUNCATED(Ops.CONSISTENCY_PROOF),
        /** Consistency verification accepts any empty subtree without checking node_hash = HASH(""). */
        EMPTY_CONSISTENCY_UNCHECKED(Ops.VERIFY_CONSISTENCY_PROOF),
        /** The subtree hash of an empty range is 32 zero bytes instead of HASH(""). */
        EMPTY_SUBTREE_HASH_ZERO(Ops.SUBTREE_HASH),
        /** Binary trust anchor IDs with a non-minimal (0x80-led) component are accepted. */
        TAI_NON_MINIMAL_ACCEPTED(Ops.TAI_DECODE),
        /** ASCII trust anchor IDs with leading zeros are accepted. */
        TAI_LEADING_ZERO_ACCEPTED(Ops.TAI_ENCODE),
        /** Parsers accept trailing data after a complete structure. */
        TRAILING_DATA_ACCEPTED(Ops.COSIGN_PARSE_MESSAGE),
        /** The CosignedMessage encoder drops the "timestamp 0 unless start = 0" rule. */
        TIMESTAMP_RULE_SKIPPED(Ops.COSIGN_MESSAGE),
        /** ML-DSA cosignatures are not actually verified. */
        MLDSA_SIGNATURE_UNCHECKED(Ops.COSIGN_VERIFY),
        /** Misordered or duplicate cosigner IDs in an MTCProof are accepted. */
        UNSORTED_COSIGNERS_ACCEPTED(Ops.CERT_PARSE),
        /** Bytes after the Certificate are ignored. */
        CERT_TRAILING_DATA_ACCEPTED(Ops.CERT_PARSE),
        /** The serial is not checked: revoked ranges, log number 0 and the 64-bit range are skipped. */
        SERIAL_NOT_CHECKED(Ops.CERT_VERIFY),
        /** A certificate carrying a signature from an unconfigured cosigner is rejected instead of ignored. */
        UNKNOWN_COSIGNER_REJECTED(Ops.CERT_VERIFY),
        /** A trusted subtree matching (log, start, end) is accepted without comparing hashes. */
        TRUSTED_SUBTREE_HASH_IGNORED(Ops.CERT_VERIFY),
        /** notBefore/notAfter are not checked. */
        EXPIRY_NOT_CHECKED(Ops.CERT_VERIFY),
        /** The entry hash omits the 0x00 leaf prefix. */
        ENTRY_HASH_WITHOUT_LEAF_PREFIX(Ops.CERT_ENTRY),
        /** The rebuilt entry leaves out the MTCProof's extensions (an empty extension list is written). */
        ENTRY_EXTENSIONS_DROPPED(Ops.CERT_ENTRY),
        /** Landmark tree sizes need not be strictly decreasing. */
        LANDMARK_ORDER_UNCHECKED(Ops.LANDMARKS_PARSE),
        /**
         * Trusted subtrees are taken from the evidence without checking their subtree consistency proofs against
         * the cosigned checkpoint (draft §"Trusted Subtrees", R14): every listed subtree is trusted as given.
         */
        UNPROVEN_SUBTREES_ACCEPTED(Ops.SUBTREES_VALIDATE);

        final String op;

        Bug(String op) {
            this.op = op;
        }
    }

    private static final HashFunction H = HashFunction.sha256();
    private final Mtc4jImplementation good = new Mtc4jImplementation();
    private final Bug bug;

    BuggyImplementation(Bug bug) {
        this.bug = bug;
    }

    @Override
    public String describe() {
        return "mtc4j with bug " + bug;
    }

    @Override
    public Answer call(String op, ObjectNode r) {
        if (!op.equals(bug.op)) {
            return good.call(op, r);
        }
        try {
            return buggy(op, r);
        } catch (RuntimeException e) {
            return Answer.error(Ops.KIND_INVALID, e.toString());
        }
    }

    private static ObjectNode obj(String k, Object v) {
        ObjectNode o = Json.object();
        if (v instanceof Boolean b) {
            o.put(k, b);
        } else {
            o.put(k, v.toString());
        }
        return o;
    }

    private Answer buggy(String op, ObjectNode r) {
        switch (bug) {
            case COVERING_OFF_BY_ONE -> {
                long start = Json.u64(r, "start");
                long end = Json.u64(r, "end");
                if (Long.compareUnsigned(start, end) > 0 || end - start <= 1) {
                    return good.call(op, r);
                }
                long last = end; // bug: should be end - 1
                int split = 63 - Long.numberOfLeadingZeros(start ^ last);
                long mask = (1L << split) - 1;
                long mid = last & ~mask;
                int ls = 64 - Long.numberOfLeadingZeros(~start & mask);
                long leftStart = start & ~((1L << ls) - 1);
                ObjectNode o = Json.object();
                o.set("left", Json.array().add(Json.u64(leftStart)).add(Json.u64(mid)));
                o.set("right", Json.array().add(Json.u64(mid)).add(Json.u64(end)));
                return Answer.ok(o);
            }
            case WRONG_NODE_ORDER, EXTRA_PROOF_HASHES_ACCEPTED, SUBTREE_NOT_VALIDATED -> {
                return Answer.ok(obj("hash", Json.hex(evaluate(r))));
            }
            case INCLUSION_PROOF_REVERSED, CONSISTENCY_PROOF_TRUNCATED -> {
                Answer a = good.call(op, r);
                if (!a.ok()) {
                    return a;
                }
                ArrayNode p = (ArrayNode) a.result().orElseThrow().get("proof");
                ArrayNode q = Json.array();
                if (bug == Bug.INCLUSION_PROOF_REVERSED) {
                    for (int i = p.size() - 1; i >= 0; i--) {
                        q.add(p.get(i));
                    }
                } else {
                    for (int i = 0; i < p.size() - 1; i++) {
                        q.add(p.get(i));
                    }
                }
                ObjectNode o = Json.object();
                o.set("proof", q);
                return Answer.ok(o);
            }
            case EMPTY_CONSISTENCY_UNCHECKED -> {
                if (Json.u64(r, "start") == Json.u64(r, "end")) {
                    return Answer.ok(obj("valid", true));
                }
                return good.call(op, r);
            }
            case EMPTY_SUBTREE_HASH_ZERO -> {
                if (Json.u64(r, "start") == Json.u64(r, "end")) {
                    return Answer.ok(obj("hash", Json.hex(new byte[32])));
                }
                return good.call(op, r);
            }
            case TAI_NON_MINIMAL_ACCEPTED -> {
                byte[] b = Json.bytes(r, "binary");
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                boolean atStart = true;
                for (byte x : b) {
                    if (atStart && (x & 0xff) == 0x80) {
                        continue; // bug: padding bytes silently skipped
                    }
                    out.write(x);
                    atStart = (x & 0x80) == 0;
                }
                return good.call(op, obj("binary", Json.hex(out.toByteArray())));
            }
            case TAI_LEADING_ZERO_ACCEPTED -> {
                String ascii = Json.text(r, "ascii");
                String fixed = String.join(".", Arrays.stream(ascii.split("\\.", -1))
                        .map(c -> c.matches("0+[0-9]+") ? c.replaceFirst("^0+(?=.)", "") : c).toList());
                return good.call(op, obj("ascii", fixed));
            }
            case TRAILING_DATA_ACCEPTED -> {
                byte[] m = Json.bytes(r, "message");
                Answer a = good.call(op, r);
                for (int cut = 1; !a.ok() && cut <= 4 && cut < m.length; cut++) {
                    ObjectNode shorter = r.deepCopy();
                    shorter.put("message", Json.hex(Arrays.copyOf(m, m.length - cut)));
                    a = good.call(op, shorter);
                }
                return a;
            }
            case TIMESTAMP_RULE_SKIPPED -> {
                if (Json.u64(r, "timestamp") != 0 && Json.u64(r, "start") != 0) {
                    ObjectNode zero = r.deepCopy();
                    zero.put("timestamp", 0);
                    Answer a = good.call(op, zero);
                    if (!a.ok()) {
                        return a;
                    }
                    // Splice the timestamp back in after label and cosigner name (the bug: no rule check).
                    byte[] msg = Json.unhex("message", a.result().orElseThrow().get("message").asText());
                    int at = 12 + 1 + (msg[12] & 0xff);
                    long ts = Json.u64(r, "timestamp");
                    for (int i = 0; i < 8; i++) {
                        msg[at + i] = (byte) (ts >>> (56 - 8 * i));
                    }
                    return Answer.ok(obj("message", Json.hex(msg)));
                }
                return good.call(op, r);
            }
            case MLDSA_SIGNATURE_UNCHECKED -> {
                if (Json.text(r, "algorithm").startsWith("mldsa")) {
                    return Answer.ok(obj("valid", true));
                }
                return good.call(op, r);
            }
            case UNSORTED_COSIGNERS_ACCEPTED -> {
                Answer a = good.call(op, r);
                if (!a.ok() && (a.message().contains("duplicate cosigner_id") || a.message().contains("sorts before"))) {
                    return Answer.ok(Json.object()); // bug: the order check is skipped, the certificate "parses"
                }
                return a;
            }
            case CERT_TRAILING_DATA_ACCEPTED -> {
                byte[] c = Json.bytes(r, "certificate");
                Answer a = good.call(op, r);
                for (int cut = 1; !a.ok() && cut <= 4 && cut < c.length; cut++) {
                    ObjectNode shorter = r.deepCopy();
                    shorter.put("certificate", Json.hex(Arrays.copyOf(c, c.length - cut)));
                    a = good.call(op, shorter);
                }
                return a;
            }
            case SERIAL_NOT_CHECKED, TRUSTED_SUBTREE_HASH_IGNORED, EXPIRY_NOT_CHECKED -> {
                Answer a = good.call(op, r);
                String step = a.ok() ? a.result().orElseThrow().path("step").asText("") : "";
                boolean skipped = switch (bug) {
                    case SERIAL_NOT_CHECKED -> step.equals("revoked_range") || step.equals("log_number")
                            || step.equals("serial_range");
                    case TRUSTED_SUBTREE_HASH_IGNORED -> step.equals("trusted_subtree");
                    default -> step.equals("validity");
                };
                return skipped ? Answer.ok(obj("valid", true)) : a;
            }
            case UNPROVEN_SUBTREES_ACCEPTED -> {
                Answer a = good.call(op, r);
                if (!a.ok() || !a.result().orElseThrow().path("step").asText("").equals("subtree_consistency")) {
                    return a;
                }
                ObjectNode o = obj("valid", true);
                ArrayNode trusted = o.putArray("trusted_subtrees");
                for (com.fasterxml.jackson.databind.JsonNode p : r.path("subtree_proofs")) {
                    ObjectNode t = trusted.addObject();
                    t.set("log_number", r.get("log_number"));
                    t.set("start", p.get("start"));
                    t.set("end", p.get("end"));
                    t.set("hash", p.get("hash"));
                }
                return Answer.ok(o);
            }
            case UNKNOWN_COSIGNER_REJECTED -> {
                Answer parsed = good.call(Ops.CERT_PARSE, r);
                java.util.Set<String> known = new java.util.HashSet<>();
                r.path("cosigners").forEach(c -> known.add(c.path("id").asText()));
                if (r.has("ca_certificate")) {
                    known.add("32473.1"); // the sample CA; a real buggy RP would read it from the certificate
                }
                if (parsed.ok()) {
                    for (com.fasterxml.jackson.databind.JsonNode sig : parsed.result().orElseThrow().path("signatures")) {
                        if (!known.contains(sig.path("cosigner_id").asText())) {
                            ObjectNode o = obj("valid", false);
                            o.put("step", "cosignatures");
                            return Answer.ok(o);
                        }
                    }
                }
                return good.call(op, r);
            }
            case ENTRY_HASH_WITHOUT_LEAF_PREFIX -> {
                Answer a = good.call(op, r);
                if (!a.ok()) {
                    return a;
                }
                ObjectNode o = a.result().orElseThrow();
                o.put("entry_hash", Json.hex(H.digest(Json.bytes(o, "entry"))));
                return Answer.ok(o);
            }
            case ENTRY_EXTENSIONS_DROPPED -> {
                Answer a = good.call(op, r);
                if (!a.ok()) {
                    return a;
                }
                byte[] entry = Json.bytes(a.result().orElseThrow(), "entry");
                int extLen = ((entry[0] & 0xff) << 8) | (entry[1] & 0xff);
                byte[] stripped = new byte[entry.length - extLen];
                System.arraycopy(entry, 2 + extLen, stripped, 2, entry.length - 2 - extLen);
                byte[] leaf = new byte[stripped.length + 1];
                System.arraycopy(stripped, 0, leaf, 1, stripped.length);
                ObjectNode o = Json.object();
                o.put("entry", Json.hex(stripped));
                o.put("entry_hash", Json.hex(H.digest(leaf)));
                return Answer.ok(o);
            }
            case LANDMARK_ORDER_UNCHECKED -> {
                Answer a = good.call(op, r);
                if (!a.ok() && a.message().contains("strictly decreasing")) {
                    return Answer.ok(Json.object());
                }
                return a;
            }
            default -> throw new IllegalStateException(bug.toString());
        }
    }

    /** The draft's evaluation procedure with the injected mistake. */
    private byte[] evaluate(ObjectNode r) {
        long start = Json.u64(r, "start");
        long end = Json.u64(r, "end");
        long index = Json.u64(r, "index");
        if (bug != Bug.SUBTREE_NOT_VALIDATED) {
            Answer check = good.call(Ops.EVALUATE_INCLUSION_PROOF, r);
            if (!check.ok() && !check.message().contains("too many")) {
                throw new IllegalArgumentException(check.message());
            }
        }
        List<byte[]> proof = Json.bytesList(r, "proof");
        long fn = index - start;
        long sn = end - start - 1;
        byte[] h = Json.bytes(r, "entry_hash");
        for (byte[] p : proof) {
            if (sn == 0) {
                if (bug == Bug.EXTRA_PROOF_HASHES_ACCEPTED) {
                    break;
                }
                throw new IllegalArgumentException("too long");
            }
            if ((fn & 1) == 1 || (fn == sn && bug != Bug.WRONG_NODE_ORDER)) {
                h = MerkleHash.nodeHash(H, p, h);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                h = MerkleHash.nodeHash(H, h, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            throw new IllegalArgumentException("too short");
        }
        return h;
    }
}
