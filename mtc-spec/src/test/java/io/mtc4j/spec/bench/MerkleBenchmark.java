package io.mtc4j.spec.bench;

import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.merkle.MerkleHash;
import io.mtc4j.spec.merkle.Rfc9162Proofs;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.tiles.TileBuilder;
import io.mtc4j.spec.tiles.TileFile;
import io.mtc4j.spec.tiles.TileNodeReader;
import io.mtc4j.spec.tiles.TilePath;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Merkle and tile costs next to raw SHA-256 in the same run. Run with
 * {@code mvn -q -Pbench -pl mtc-spec -am test-compile exec:exec -Dbench.args="MerkleBenchmark -f 1 -wi 2 -i 3"}.
 * Per-leaf building benchmarks report time per appended leaf ({@code @OperationsPerInvocation}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MerkleBenchmark {
    private static final int BUILD = 1 << 16;
    private static final int TREE = 1 << 20;
    private static final HashFunction H = HashFunction.sha256();

    private byte[] nodeInput;
    private byte[][] leafHashes;
    private byte[][] entries;
    private MemoryTree tree;
    private Map<TilePath, byte[]> tiles;
    private byte[] root;
    private List<byte[]> proof;
    private long proofIndex;
    private List<byte[]> consistency;
    private byte[] halfRoot;
    private final SplittableRandom rnd = new SplittableRandom(1);
    private MessageDigest jdk;

    @Setup
    public void setup() throws Exception {
        jdk = MessageDigest.getInstance("SHA-256");
        nodeInput = new byte[65];
        entries = new byte[BUILD][];
        leafHashes = new byte[BUILD][];
        for (int i = 0; i < BUILD; i++) {
            entries[i] = new byte[400]; // about the size of an MTCLogEntry
            entries[i][0] = (byte) i;
            entries[i][1] = (byte) (i >> 8);
            leafHashes[i] = MerkleHash.leafHash(H, entries[i]);
        }
        tree = new MemoryTree(H);
        TileBuilder b = new TileBuilder(H);
        tiles = new HashMap<>();
        for (int i = 0; i < TREE; i++) {
            byte[] leaf = leafHashes[i % BUILD].clone();
            leaf[31] = (byte) (i >> 16);
            tree.appendLeafHash(leaf);
            b.appendLeafHash(leaf).forEach(t -> tiles.put(t.path(), t.data()));
        }
        b.partialTiles().forEach(t -> tiles.put(t.path(), t.data()));
        root = tree.rootHash();
        proofIndex = 123_456;
        proof = Rfc9162Proofs.inclusionProof(tree, proofIndex, TREE);
        consistency = Rfc9162Proofs.consistencyProof(tree, TREE / 2 + 77, TREE);
        halfRoot = SubtreeProofs.subtreeHash(tree, new Subtree(0, TREE / 2 + 77));
    }

    /** Baseline: one raw JDK SHA-256 over 65 bytes, the input of one node hash. */
    @Benchmark
    public byte[] rawSha256NodeInput() {
        return jdk.digest(nodeInput);
    }

    /** Baseline: one raw JDK SHA-256 over a 401-byte leaf input. */
    @Benchmark
    public byte[] rawSha256LeafInput() {
        return jdk.digest(entries[0]);
    }

    /** MerkleHash.nodeHash through HashFunction (thread-local MessageDigest). */
    @Benchmark
    public byte[] nodeHash() {
        return MerkleHash.nodeHash(H, leafHashes[0], leafHashes[1]);
    }

    /** In-memory tree, per appended leaf hash (one node hash amortised). */
    @Benchmark
    @OperationsPerInvocation(BUILD)
    public MemoryTree memoryTreeAppendLeafHash() {
        MemoryTree t = new MemoryTree(H);
        for (byte[] h : leafHashes) {
            t.appendLeafHash(h);
        }
        return t;
    }

    /** Tiles, per appended leaf hash (about one node hash amortised, 255 per completed tile). */
    @Benchmark
    @OperationsPerInvocation(BUILD)
    public TileBuilder tileBuilderAppendLeafHash() {
        TileBuilder b = new TileBuilder(H);
        for (byte[] h : leafHashes) {
            b.appendLeafHash(h);
        }
        return b;
    }

    /** Tiles and entry bundles, per appended 400-byte entry (includes its leaf hash). */
    @Benchmark
    @OperationsPerInvocation(BUILD)
    public TileBuilder tileBuilderAppendEntry() {
        TileBuilder b = new TileBuilder(H);
        for (byte[] e : entries) {
            b.appendEntry(e);
        }
        return b;
    }

    /** Inclusion proof in a 2^20 tree from in-memory nodes. */
    @Benchmark
    public List<byte[]> inclusionProofMemoryTree() {
        return Rfc9162Proofs.inclusionProof(tree, rnd.nextLong(TREE), TREE);
    }

    /** Inclusion proof in a 2^20 tree from tiles, cold reader (reads and rehashes its tiles). */
    @Benchmark
    public List<byte[]> inclusionProofFromTiles() {
        TileNodeReader r = new TileNodeReader(H, TREE, p -> Optional.ofNullable(tiles.get(p)));
        return Rfc9162Proofs.inclusionProof(r, rnd.nextLong(TREE), TREE);
    }

    /** Consistency proof in a 2^20 tree from in-memory nodes. */
    @Benchmark
    public List<byte[]> consistencyProofMemoryTree() {
        return Rfc9162Proofs.consistencyProof(tree, 1 + rnd.nextLong(TREE - 1), TREE);
    }

    /** Evaluating a 20-hash subtree inclusion proof (draft §"Evaluating a Subtree Inclusion Proof"). */
    @Benchmark
    public byte[] evaluateInclusionProof() {
        return SubtreeProofs.evaluateInclusionProof(H, new Subtree(0, TREE), proofIndex, tree.node(0, proofIndex),
                proof);
    }

    /** Verifying a subtree consistency proof in a 2^20 tree. */
    @Benchmark
    public boolean verifyConsistencyProof() {
        return SubtreeProofs.verifyConsistencyProof(H, TREE, new Subtree(0, TREE / 2 + 77), consistency, halfRoot, root);
    }

    /** Root hash of the 2^20 tree from its partial tiles only. */
    @Benchmark
    public byte[] rootFromTiles() {
        return new TileNodeReader(H, TREE, p -> Optional.ofNullable(tiles.get(p))).rootHash();
    }
}
