package io.mtc4j.log.bench;

import io.mtc4j.log.sequencer.TestCa;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.tiles.TileBuilder;
import io.mtc4j.spec.tiles.TileFile;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
 * Tree building as the sequencer does it, on one core, beside the raw SHA-256 it cannot avoid, in the same run.
 * Per entry: {@code sequencerTreeBuilding} appends a ~400-byte MTCLogEntry to a {@link TileBuilder} (leaf hash,
 * bundle, node hashes, every full tile) and, once per batch of 1,000, takes the partial tiles and the root; its
 * floor {@code rawSha256PerEntry} is one JDK SHA-256 of the leaf input plus one of a node input (a tree of n
 * leaves has n - 1 interior nodes); {@code rawSha256NodeHash} is the node-hash rate alone. Efficiency = floor time
 * / building time. (Tiles from leaf hashes alone: mtc-spec's {@code MerkleBenchmark.tileBuilderAppendLeafHash}.)
 * Run with
 * {@code mvn -q -Pbench -pl mtc-log -am test-compile exec:exec -Dbench.skipSpec=true
 * -Dbench.args="TreeBuildingBenchmark"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TreeBuildingBenchmark {
    private static final int ENTRIES = 1 << 16;
    private static final int BATCH = 1_000;
    private static final HashFunction H = HashFunction.sha256();

    private List<byte[]> entries;
    private byte[][] leafInputs;
    private byte[] nodeInput;
    private MessageDigest jdk;

    @Setup
    public void setup() throws Exception {
        jdk = MessageDigest.getInstance("SHA-256");
        entries = TestCa.entries(new Random(1), ENTRIES);
        leafInputs = new byte[ENTRIES][];
        for (int i = 0; i < ENTRIES; i++) {
            byte[] e = entries.get(i);
            leafInputs[i] = new byte[e.length + 1];
            System.arraycopy(e, 0, leafInputs[i], 1, e.length);
        }
        nodeInput = new byte[65];
        nodeInput[0] = 1;
    }

    /** Floor per entry: raw SHA-256 of the leaf input (0x00 ‖ entry) and of one node input (65 bytes). */
    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public int rawSha256PerEntry() {
        int x = 0;
        for (byte[] in : leafInputs) {
            x += jdk.digest(in)[0];
            x += jdk.digest(nodeInput)[0];
        }
        return x;
    }

    /** Floor per leaf hash: one raw SHA-256 of a node input. */
    @Benchmark
    public byte[] rawSha256NodeHash() {
        return jdk.digest(nodeInput);
    }

    /** Per entry: what Sequencer.append computes in memory (tiles, bundles, partials and root per batch). */
    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public int sequencerTreeBuilding() {
        TileBuilder b = new TileBuilder(H);
        List<TileFile> out = new ArrayList<>();
        int x = 0;
        for (int i = 0; i < ENTRIES; i++) {
            out.addAll(b.appendEntry(entries.get(i)));
            if ((i + 1) % BATCH == 0) {
                out.addAll(b.partialTiles());
                x += b.rootHash()[0];
                out.clear();
            }
        }
        return x + out.size();
    }
}
