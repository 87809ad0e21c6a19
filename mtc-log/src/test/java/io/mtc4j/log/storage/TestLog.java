package io.mtc4j.log.storage;

import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.NoteSigner;
import io.mtc4j.spec.note.SignedNote;
import io.mtc4j.spec.tiles.TileBuilder;
import io.mtc4j.spec.tiles.TileFile;
import io.mtc4j.spec.tiles.TilePath;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A model log for storage tests, independent of the sequencer: it builds the batches a sequencer would write
 * (entries, tiles, root and a signed checkpoint) with mtc-spec's {@link TileBuilder}, checks the root against
 * {@link MemoryTree}, and remembers every object, so a test can compare a store with it.
 */
public final class TestLog {
    /** The origin of the model log's checkpoints. */
    public static final String ORIGIN = "oid/1.3.6.1.4.1.32473.1.0.1";
    private static final HashFunction SHA256 = HashFunction.sha256();

    private final TileBuilder builder = new TileBuilder(SHA256);
    private final MemoryTree tree = new MemoryTree(SHA256);
    private final NoteSigner signer;
    private final Map<String, byte[]> objects = new LinkedHashMap<>();
    private final List<byte[]> entries = new ArrayList<>();

    public TestLog() {
        this.signer = NoteSigner.ed25519("contract.example/log",
                Keys.generate(SignatureAlgorithm.ED25519, new SecureRandom(), SigningMode.RANDOMIZED));
    }

    /** A batch as the sequencer hands it to storage. */
    public record Batch(StagedBatch staged, List<TileFile> tiles, byte[] root, byte[] checkpoint) {
        @Override
        public byte[] root() {
            return root.clone();
        }

        @Override
        public byte[] checkpoint() {
            return checkpoint.clone();
        }

        public long start() {
            return staged.start();
        }

        public long end() {
            return staged.end();
        }
    }

    /** The model's size. */
    public long size() {
        return builder.size();
    }

    /** Every object the model has published so far (tiles, checkpoint), by tlog-tiles key. */
    public Map<String, byte[]> objects() {
        return objects;
    }

    /** Entry {@code i}. */
    public byte[] entry(long i) {
        return entries.get((int) i).clone();
    }

    /** The next batch of {@code n} random entries of 1..{@code maxLen} bytes; the model counts it as published. */
    public Batch next(int n, int maxLen, SplittableRandom rnd) {
        List<byte[]> es = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] e = new byte[1 + rnd.nextInt(maxLen)];
            for (int j = 0; j < e.length; j++) {
                e[j] = (byte) rnd.nextInt();
            }
            es.add(e);
        }
        return next(es);
    }

    /** The next batch of {@code es}; the model counts it as published. */
    public Batch next(List<byte[]> es) {
        long start = builder.size();
        List<TileFile> tiles = new ArrayList<>();
        for (byte[] e : es) {
            tiles.addAll(builder.appendEntry(e));
            tree.appendEntry(e);
            entries.add(e.clone());
        }
        tiles.addAll(builder.partialTiles());
        byte[] root = builder.rootHash();
        if (!Arrays.equals(root, tree.rootHash())) {
            throw new AssertionError("TileBuilder and MemoryTree disagree at size " + builder.size());
        }
        byte[] cp = checkpoint(builder.size(), root);
        for (TileFile t : tiles) {
            objects.put(t.path().path(), t.data());
        }
        objects.put("checkpoint", cp);
        return new Batch(new StagedBatch(start, es), List.copyOf(tiles), root, cp);
    }

    /** A checkpoint note of {@code size} and {@code root}, signed by the model's key. */
    public byte[] checkpoint(long size, byte[] root) {
        return SignedNote.sign(new Checkpoint(ORIGIN, size, root).format(), List.of(signer)).bytes();
    }

    /** The signer of the model's checkpoints. */
    public NoteSigner signer() {
        return signer;
    }

    /** Tile paths of the model, parsed. */
    public List<TilePath> tilePaths() {
        return objects.keySet().stream().filter(k -> k.startsWith("tile/")).map(TilePath::parse).toList();
    }
}
