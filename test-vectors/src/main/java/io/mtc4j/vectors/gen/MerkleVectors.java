package io.mtc4j.vectors.gen;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.merkle.Covering;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.merkle.MerkleHash;
import io.mtc4j.spec.merkle.NodeReader;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.Ops;
import io.mtc4j.vectors.VectorFile;
import io.mtc4j.vectors.VectorFile.Tag;
import io.mtc4j.vectors.VectorFile.Type;
import io.mtc4j.vectors.VectorShapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The subtree procedures (draft §"Subtrees"): subtree hashes, inclusion proofs (generate and evaluate),
 * consistency proofs (generate and verify) and covering subtrees, with the draft's worked examples, exhaustive
 * small trees, 64-bit edge cases and negative cases for every failure the procedures define (R8, R9, R15).
 * Current draft only: the subtree operations carry no profile (empty subtrees are valid).
 */
final class MerkleVectors implements VectorSource {
    private static final HashFunction H = HashFunction.sha256();
    private static final String DEF = "Definition of a Subtree";
    private static final String INCL = "Subtree Inclusion Proofs";
    private static final String EVAL = "Evaluating a Subtree Inclusion Proof";
    private static final String GEN_C = "Generating a Subtree Consistency Proof";
    private static final String VER_C = "Verifying a Subtree Consistency Proof";
    private static final String COVER = "Selecting Two Subtrees";

    @Override
    public List<VectorFile> generate(List<Profile> profiles) {
        if (!profiles.contains(Profile.PLANTS_05)) {
            return List.of();
        }
        return List.of(subtreeHashes(), inclusionProofs(), evaluate(), consistencyProofs(), verifyConsistency(),
                covering());
    }

    /** d[i] = the byte i, as in the draft's appendix. */
    static List<byte[]> byteLeaves(int n) {
        List<byte[]> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(new byte[] {(byte) i});
        }
        return l;
    }

    /** Leaves of random lengths 0..47 from a fixed seed. */
    static List<byte[]> randomLeaves(long seed, int n) {
        Random r = new Random(seed);
        List<byte[]> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[r.nextInt(48)];
            r.nextBytes(b);
            l.add(b);
        }
        return l;
    }

    private static ObjectNode leavesParam(List<byte[]> leaves) {
        ObjectNode p = Json.object();
        p.set("leaves", Json.hexList(leaves));
        return p;
    }

    private static ObjectNode range(long start, long end) {
        ObjectNode o = Json.object();
        o.set("start", Json.u64(start));
        o.set("end", Json.u64(end));
        return o;
    }

    private static String r(long s, long e) {
        return "[" + Long.toUnsignedString(s) + ", " + Long.toUnsignedString(e) + ")";
    }

    private static VectorFile subtreeHashes() {
        VectorFile f = VectorFile.create("merkle_subtree_hash", Ops.SUBTREE_HASH,
                "Subtree hash MTH(D[start:end]) of the given entries");
        f.request("leaves", Type.HEX_LIST).request("start", Type.UINT).request("end", Type.UINT)
                .output("hash", Type.HEX);
        f.note("EmptySubtree", "An empty subtree [x, x), valid since the editor's copy after -05 (hash of the "
                + "empty string)");
        for (int[] spec : new int[][] {{16, 0}, {37, 1}}) {
            int n = spec[0];
            List<byte[]> leaves = spec[1] == 0 ? byteLeaves(n) : randomLeaves(4242, n);
            MemoryTree t = MemoryTree.ofEntries(H, leaves);
            VectorFile.Group g = f.group(spec[1] == 0 ? "d[i] = byte i, 16 entries"
                    : "37 entries of random length (seed 4242)", leavesParam(leaves));
            for (int end = 0; end <= n; end++) {
                for (int start = 0; start <= end; start++) {
                    if (!Subtree.isValid(start, end) || (spec[1] == 1 && end - start < 2 && start % 5 != 0)) {
                        continue;
                    }
                    byte[] h = SubtreeProofs.subtreeHash(t, new Subtree(start, end));
                    if (start == end) {
                        g.valid("empty subtree " + r(start, end), Tag.of(DEF), range(start, end), VectorShapes.hash(h),
                                "EmptySubtree");
                    } else {
                        g.valid("subtree " + r(start, end), Tag.of(DEF), range(start, end), VectorShapes.hash(h));
                    }
                }
            }
            VectorFile.Group bad = f.group("invalid ranges over " + n + " entries", leavesParam(leaves));
            long[][] no = {{3, 5}, {1, 4}, {6, 10}, {5, 3}, {8, n + 8L}, {0, n + 1L}};
            for (long[] c : no) {
                Expect.rejects("subtree hash " + r(c[0], c[1]),
                        () -> SubtreeProofs.subtreeHash(t, new Subtree(c[0], c[1])));
                bad.invalid(r(c[0], c[1]) + (c[1] > n ? " ends after the last entry" : " is not a valid subtree"),
                        Tag.of(DEF, "E37"), range(c[0], c[1]), Ops.KIND_INVALID, Optional.empty());
            }
        }
        return f;
    }

    private static VectorFile inclusionProofs() {
        VectorFile f = VectorFile.create("merkle_inclusion_proof", Ops.INCLUSION_PROOF,
                "Subtree inclusion proof PATH(index - start, D[start:end])");
        f.request("leaves", Type.HEX_LIST).request("start", Type.UINT).request("end", Type.UINT)
                .request("index", Type.UINT).output("proof", Type.HEX_LIST);
        int n = 13;
        List<byte[]> leaves = byteLeaves(n);
        MemoryTree t = MemoryTree.ofEntries(H, leaves);
        VectorFile.Group g = f.group("d[i] = byte i, 13 entries (the draft's example tree)", leavesParam(leaves));
        for (int end = 1; end <= n; end++) {
            for (int start = 0; start < end; start++) {
                if (!Subtree.isValid(start, end)) {
                    continue;
                }
                for (int index = start; index < end; index++) {
                    ObjectNode in = range(start, end);
                    in.put("index", index);
                    String c = (start == 8 && end == 13 && index == 10)
                            ? "draft example: entry 10 in [8, 13) gives {d11, [8, 10), d12}"
                            : "entry " + index + " in " + r(start, end);
                    g.valid(c, Tag.of(INCL), in,
                            VectorShapes.proof(SubtreeProofs.inclusionProof(t, new Subtree(start, end), index)));
                }
            }
        }
        VectorFile.Group bad = f.group("requests with no proof", leavesParam(leaves));
        long[][] no = {{8, 13, 13}, {8, 13, 7}, {3, 5, 3}, {5, 5, 5}, {8, 16, 9}};
        for (long[] c : no) {
            Expect.rejects("inclusion proof", () -> SubtreeProofs.inclusionProof(t, new Subtree(c[0], c[1]), c[2]));
            ObjectNode in = range(c[0], c[1]);
            in.put("index", c[2]);
            bad.invalid("entry " + c[2] + " in " + r(c[0], c[1]), Tag.of(INCL, "E37"), in, Ops.KIND_INVALID,
                    Optional.empty());
        }
        return f;
    }

    private static ObjectNode evalInputs(long start, long end, long index, byte[] entryHash, List<byte[]> proof) {
        ObjectNode o = range(start, end);
        o.set("index", Json.u64(index));
        o.put("entry_hash", Json.hex(entryHash));
        o.set("proof", Json.hexList(proof));
        return o;
    }

    private static List<byte[]> randomHashes(Random rnd, int k) {
        List<byte[]> l = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            byte[] b = new byte[32];
            rnd.nextBytes(b);
            l.add(b);
        }
        return l;
    }

    private static VectorFile evaluate() {
        VectorFile f = VectorFile.create("merkle_evaluate_inclusion_proof", Ops.EVALUATE_INCLUSION_PROOF,
                "Evaluating a subtree inclusion proof: the subtree hash it yields, or a failure");
        f.request("start", Type.UINT).request("end", Type.UINT).request("index", Type.UINT)
                .request("entry_hash", Type.HEX).request("proof", Type.HEX_LIST).output("hash", Type.HEX);
        int n = 21;
        List<byte[]> leaves = randomLeaves(7, n);
        MemoryTree t = MemoryTree.ofEntries(H, leaves);
        VectorFile.Group g = f.group("proofs from a 21-entry tree (random entries, seed 7)", Json.object());
        Random pick = new Random(99);
        for (int end = 1; end <= n; end++) {
            for (int start = 0; start < end; start++) {
                if (!Subtree.isValid(start, end) || pick.nextInt(3) != 0) {
                    continue;
                }
                int index = start + pick.nextInt(end - start);
                Subtree s = new Subtree(start, end);
                byte[] eh = MerkleHash.leafHash(H, leaves.get(index));
                List<byte[]> p = SubtreeProofs.inclusionProof(t, s, index);
                g.valid("entry " + index + " in " + r(start, end), Tag.of(EVAL, "R8"), evalInputs(start, end, index,
                        eh, p), VectorShapes.hash(SubtreeProofs.subtreeHash(t, s)));
            }
        }
        // 64-bit edge cases: proofs of random hashes; the expected value is what the procedure computes.
        VectorFile.Group big = f.group("large indices (unsigned 64-bit arithmetic)", Json.object());
        Random rnd = new Random(2026);
        long[][] edges = {{1L << 47, (1L << 47) + 1000, (1L << 47) + 999}, {0, (1L << 48) - 1, (1L << 48) - 2},
            {Long.MIN_VALUE, -1L, -2L}, {0, -1L, 1L << 62}, {0, Long.MIN_VALUE, Long.MAX_VALUE},
            {Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MIN_VALUE}};
        for (long[] e : edges) {
            Subtree s = new Subtree(e[0], e[1]);
            byte[] eh = randomHashes(rnd, 1).get(0);
            for (int k = 0; k <= 64; k++) {
                List<byte[]> p = randomHashes(rnd, k);
                byte[] out;
                try {
                    out = SubtreeProofs.evaluateInclusionProof(H, s, e[2], eh, p);
                } catch (RuntimeException ex) {
                    continue;
                }
                big.valid("entry " + Long.toUnsignedString(e[2]) + " in " + r(e[0], e[1]) + " (" + k + " hashes)",
                        Tag.of(EVAL, "R9"), evalInputs(e[0], e[1], e[2], eh, p), VectorShapes.hash(out));
                break;
            }
        }
        VectorFile.Group bad = f.group("proofs the procedure rejects", Json.object());
        Subtree s = new Subtree(8, 13);
        byte[] eh = MerkleHash.leafHash(H, leaves.get(10));
        List<byte[]> p = SubtreeProofs.inclusionProof(t, s, 10);
        List<Object[]> no = new ArrayList<>();
        List<byte[]> longer = new ArrayList<>(p);
        longer.add(new byte[32]);
        no.add(new Object[] {"one hash too many", 8L, 13L, 10L, eh, longer});
        no.add(new Object[] {"one hash too few", 8L, 13L, 10L, eh, p.subList(0, p.size() - 1)});
        no.add(new Object[] {"empty proof for a 5-entry subtree", 8L, 13L, 10L, eh, List.of()});
        no.add(new Object[] {"index before the subtree", 8L, 13L, 7L, eh, p});
        no.add(new Object[] {"index at the subtree end", 8L, 13L, 13L, eh, p});
        no.add(new Object[] {"[3, 5) is not a valid subtree", 3L, 5L, 4L, eh, p.subList(0, 1)});
        no.add(new Object[] {"start after end", 13L, 8L, 10L, eh, p});
        no.add(new Object[] {"empty subtree [10, 10) holds no entry", 10L, 10L, 10L, eh, List.of()});
        no.add(new Object[] {"size-1 subtree with a non-empty proof", 10L, 11L, 10L, eh, p.subList(0, 1)});
        List<byte[]> shortHash = new ArrayList<>(p);
        shortHash.set(0, new byte[31]);
        no.add(new Object[] {"proof hash of 31 bytes", 8L, 13L, 10L, eh, shortHash});
        no.add(new Object[] {"entry hash of 31 bytes", 8L, 13L, 10L, new byte[31], p});
        List<byte[]> sixtyFive = randomHashes(rnd, 65);
        no.add(new Object[] {"65 hashes for a subtree of 2^64-1 entries", 0L, -1L, 5L, eh, sixtyFive});
        for (Object[] c : no) {
            @SuppressWarnings("unchecked")
            List<byte[]> pr = (List<byte[]>) c[5];
            Expect.rejects("evaluate " + c[0], () -> SubtreeProofs.evaluateInclusionProof(H,
                    new Subtree((Long) c[1], (Long) c[2]), (Long) c[3], (byte[]) c[4], pr));
            bad.invalid((String) c[0], Tag.of(EVAL, "R9"), evalInputs((Long) c[1], (Long) c[2], (Long) c[3],
                    (byte[]) c[4], pr), Ops.KIND_INVALID, Optional.empty());
        }
        return f;
    }

    private static NodeReader prefix(MemoryTree t, long n) {
        return n == t.size() ? t : t.prefix(n);
    }

    private static VectorFile consistencyProofs() {
        VectorFile f = VectorFile.create("merkle_consistency_proof", Ops.CONSISTENCY_PROOF,
                "Subtree consistency proof SUBTREE_PROOF(start, end, D_n)");
        f.request("leaves", Type.HEX_LIST).request("n", Type.UINT).request("start", Type.UINT)
                .request("end", Type.UINT).output("proof", Type.HEX_LIST);
        for (int n : new int[] {1, 8, 14}) {
            List<byte[]> leaves = byteLeaves(n);
            MemoryTree t = MemoryTree.ofEntries(H, leaves);
            ObjectNode params = leavesParam(leaves);
            params.put("n", n);
            VectorFile.Group g = f.group("d[i] = byte i, tree size " + n, params);
            for (int end = 0; end <= n; end++) {
                for (int start = 0; start <= end; start++) {
                    if (!Subtree.isValid(start, end)) {
                        continue;
                    }
                    String c = "subtree " + r(start, end) + " in a tree of " + n;
                    if (n == 14 && start == 4 && end == 8) {
                        c = "draft example: [4, 8) in 14 gives {[0, 4), [8, 14)}";
                    } else if (n == 14 && start == 8 && end == 13) {
                        c = "draft example: [8, 13) in 14 gives {d12, d13, [8, 12), [0, 8)}";
                    }
                    g.valid(c, Tag.of(GEN_C), range(start, end),
                            VectorShapes.proof(SubtreeProofs.consistencyProof(t, n, new Subtree(start, end))));
                }
            }
            if (n == 14) {
                VectorFile.Group bad = f.group("requests with no proof", params);
                for (long[] c : new long[][] {{8, 16}, {3, 5}, {9, 8}}) {
                    Expect.rejects("consistency", () -> SubtreeProofs.consistencyProof(prefix(t, n), n,
                            new Subtree(c[0], c[1])));
                    bad.invalid(r(c[0], c[1]) + " in a tree of 14", Tag.of(GEN_C, "E37"), range(c[0], c[1]), Ops.KIND_INVALID,
                            Optional.empty());
                }
            }
        }
        return f;
    }

    private static ObjectNode verifyInputs(long n, long start, long end, byte[] node, byte[] root, List<byte[]> p) {
        ObjectNode o = range(start, end);
        o.set("n", Json.u64(n));
        o.put("node_hash", Json.hex(node));
        o.put("root_hash", Json.hex(root));
        o.set("proof", Json.hexList(p));
        return o;
    }

    private static VectorFile verifyConsistency() {
        VectorFile f = VectorFile.create("merkle_verify_consistency_proof", Ops.VERIFY_CONSISTENCY_PROOF,
                "Verifying a subtree consistency proof against a node hash and a root hash");
        f.request("n", Type.UINT).request("start", Type.UINT).request("end", Type.UINT).request("node_hash", Type.HEX)
                .request("root_hash", Type.HEX).request("proof", Type.HEX_LIST).request("profile", Type.PROFILE)
                .output("valid", Type.BOOL);
        int n = 19;
        List<byte[]> leaves = randomLeaves(11, n);
        MemoryTree t = MemoryTree.ofEntries(H, leaves);
        byte[] root = SubtreeProofs.subtreeHash(t, new Subtree(0, n));
        ObjectNode yes = Json.object();
        yes.put("valid", true);
        VectorFile.Group g = f.group("proofs in a 19-entry tree (random entries, seed 11), and checkpoint "
                + "consistency (start 0)", Json.object());
        for (int end = 0; end <= n; end++) {
            for (int start = 0; start <= end; start++) {
                if (!Subtree.isValid(start, end) || (end - start < 2 && start != end)) {
                    continue;
                }
                Subtree s = new Subtree(start, end);
                byte[] node = SubtreeProofs.subtreeHash(t, s);
                g.valid("subtree " + r(start, end) + " in 19", Tag.of(VER_C, "R15"), verifyInputs(n, start, end,
                        node, root, SubtreeProofs.consistencyProof(t, n, s)), yes);
            }
        }
        VectorFile.Group bad = f.group("proofs that must not verify", Json.object());
        Subtree s = new Subtree(8, 12);
        byte[] node = SubtreeProofs.subtreeHash(t, s);
        List<byte[]> p = SubtreeProofs.consistencyProof(t, n, s);
        List<Object[]> no = new ArrayList<>();
        List<byte[]> flipped = new ArrayList<>(p);
        byte[] x = flipped.get(0).clone();
        x[0] ^= 1;
        flipped.set(0, x);
        no.add(new Object[] {"one bit flipped in the first proof hash", 19L, 8L, 12L, node, root, flipped});
        List<byte[]> longer = new ArrayList<>(p);
        longer.add(root);
        no.add(new Object[] {"one hash too many", 19L, 8L, 12L, node, root, longer});
        no.add(new Object[] {"one hash too few", 19L, 8L, 12L, node, root, p.subList(0, p.size() - 1)});
        no.add(new Object[] {"empty proof", 19L, 8L, 12L, node, root, List.of()});
        no.add(new Object[] {"wrong node hash", 19L, 8L, 12L, root, root, p});
        no.add(new Object[] {"wrong root hash", 19L, 8L, 12L, node, node, p});
        no.add(new Object[] {"subtree ends after the tree", 11L, 8L, 12L, node, root, p});
        no.add(new Object[] {"[6, 10) is not a valid subtree", 19L, 6L, 10L, node, root, p});
        no.add(new Object[] {"proof for tree size 19 checked against size 12", 12L, 8L, 12L, node, root, p});
        no.add(new Object[] {"empty subtree with a non-empty proof", 19L, 12L, 12L, H.digest(new byte[0]), root,
            p.subList(0, 1)});
        no.add(new Object[] {"empty subtree whose node hash is not HASH(\"\")", 19L, 12L, 12L, node, root, List.of()});
        List<byte[]> reversed = new ArrayList<>(p);
        java.util.Collections.reverse(reversed);
        no.add(new Object[] {"proof hashes in reverse order", 19L, 8L, 12L, node, root, reversed});
        for (Object[] c : no) {
            @SuppressWarnings("unchecked")
            List<byte[]> pr = (List<byte[]>) c[6];
            if (SubtreeProofs.verifyConsistencyProof(H, (Long) c[1], new Subtree((Long) c[2], (Long) c[3]), pr,
                    (byte[]) c[4], (byte[]) c[5])) {
                throw new IllegalStateException("consistency vector accepted: " + c[0]);
            }
            bad.invalid((String) c[0], Tag.of(VER_C, "R15"), verifyInputs((Long) c[1], (Long) c[2], (Long) c[3],
                    (byte[]) c[4], (byte[]) c[5], pr), Ops.KIND_INVALID, Optional.empty());
        }
        ObjectNode older = Json.object();
        older.put("profile", Profile.PLANTS_04.wireName());
        VectorFile.Group old = f.group("plants-04 and earlier: empty subtrees are not valid subtrees", older);
        old.valid("subtree [8, 12) in 19 (unchanged)", Tag.of(VER_C, "R15"), verifyInputs(19, 8, 12, node, root, p),
                yes);
        byte[] empty = H.digest(new byte[0]);
        if (SubtreeProofs.verifyConsistencyProof(H, 19, new Subtree(12, 12), List.of(), empty, root,
                Profile.PLANTS_04)) {
            throw new IllegalStateException("plants-04 accepted an empty subtree");
        }
        old.invalid("empty subtree [12, 12) (valid only since the editor's copy)", Tag.of(VER_C, "R15"),
                verifyInputs(19, 12, 12, empty, root, List.of()), Ops.KIND_INVALID, Optional.empty());
        return f;
    }

    private static ArrayNode pair(Subtree s) {
        ArrayNode a = Json.array();
        a.add(Json.u64(s.start()));
        a.add(Json.u64(s.end()));
        return a;
    }

    private static VectorFile covering() {
        VectorFile f = VectorFile.create("merkle_covering_subtrees", Ops.COVERING_SUBTREES,
                "Two subtrees that efficiently cover an interval [start, end)");
        f.request("start", Type.UINT).request("end", Type.UINT).request("profile", Type.PROFILE)
                .output("left", Type.RANGE).output("right", Type.RANGE);
        VectorFile.Group g = f.group("every interval with end up to 24", Json.object());
        for (int end = 0; end <= 24; end++) {
            for (int start = 0; start <= end; start++) {
                add(g, start, end);
            }
        }
        VectorFile.Group big = f.group("large intervals (unsigned 64-bit arithmetic)", Json.object());
        long[][] edges = {{2496, 2560}, {2560, 3000}, {4096, 4100}, {(1L << 48) - 5, (1L << 48) - 1},
            {1, (1L << 48) - 1}, {(1L << 40) + 3, (1L << 47) + 12345}, {0, -1L}, {1, -1L}, {Long.MAX_VALUE, -1L},
            {Long.MAX_VALUE, Long.MIN_VALUE}, {-2L, -1L}, {-1L, -1L}, {123456789L, 123456789L}};
        for (long[] e : edges) {
            add(big, e[0], e[1]);
        }
        VectorFile.Group bad = f.group("not an interval", Json.object());
        for (long[] e : new long[][] {{5, 4}, {-1L, 0}}) {
            Expect.rejects("covering", () -> Covering.coveringSubtrees(e[0], e[1]));
            bad.invalid("start after end " + r(e[0], e[1]), Tag.of(COVER, "E38"), range(e[0], e[1]), Ops.KIND_INVALID,
                    Optional.empty());
        }
        ObjectNode older = Json.object();
        older.put("profile", Profile.PLANTS_04.wireName());
        VectorFile.Group old = f.group("plants-04 and earlier (through -05 as published): no empty intervals, one "
                + "subtree for a size-1 interval", older);
        for (long[] e : new long[][] {{5, 13}, {7, 9}, {2496, 2560}}) {
            List<Subtree> c = Covering.coveringSubtrees(e[0], e[1], Profile.PLANTS_04);
            ObjectNode out = Json.object();
            out.set("left", pair(c.get(0)));
            out.set("right", pair(c.get(1)));
            old.valid("cover " + r(e[0], e[1]) + " (unchanged)", Tag.of(COVER), range(e[0], e[1]), out);
        }
        List<Subtree> one = Covering.coveringSubtrees(10, 11, Profile.PLANTS_04);
        ObjectNode single = Json.object();
        single.set("left", pair(one.get(0)));
        old.valid("cover [10, 11): the single subtree [10, 11) (no right subtree)", Tag.of(COVER), range(10, 11),
                single);
        Expect.rejects("old covering empty", () -> Covering.coveringSubtrees(7, 7, Profile.PLANTS_04));
        old.invalid("empty interval [7, 7) (covered only since the editor's copy)", Tag.of(COVER, "E38"), range(7, 7),
                Ops.KIND_INVALID, Optional.empty());
        return f;
    }

    private static void add(VectorFile.Group g, long start, long end) {
        List<Subtree> c = Covering.coveringSubtrees(start, end);
        ObjectNode out = Json.object();
        out.set("left", pair(c.get(0)));
        out.set("right", pair(c.get(1)));
        String comment = "cover " + r(start, end);
        if (start == 5 && end == 13) {
            comment = "draft example: (5, 13) gives [4, 8), [8, 13)";
        } else if (start == 7 && end == 9) {
            comment = "draft example: (7, 9) gives [7, 8), [8, 9)";
        } else if (start == 10 && end == 11) {
            comment = "draft example: (10, 11) gives [10, 11), [11, 11)";
        }
        g.valid(comment, Tag.of(COVER), range(start, end), out);
    }
}
