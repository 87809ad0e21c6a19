package io.mtc4j.spec.tiles;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MerkleHash;
import io.mtc4j.spec.merkle.NodeReader;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link NodeReader} over the hash tiles of a tree of a given size (C2SP tlog-tiles §"Merkle Tree"): Merkle
 * level {@code 8L + r} is reconstructed from tile level {@code L} by hashing {@code 2^r} tile hashes, as the spec
 * says ("the Merkle Tree levels between those expressed by the tile hashes are reconstructed by hashing"). Each
 * tile read is checked for the width its path promises. A few recently used tiles are cached with their
 * reconstructed levels, so a proof reads each tile once. Not thread-safe.
 */
public final class TileNodeReader implements NodeReader {
    private static final int CACHE_TILES = 32;

    private final HashFunction hash;
    private final long treeSize;
    private final TileSource source;
    private final Map<TilePath, byte[][][]> cache = new LinkedHashMap<>(CACHE_TILES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TilePath, byte[][][]> eldest) {
            return size() > CACHE_TILES;
        }
    };

    /**
     * A reader of the tree of {@code treeSize} entries whose tiles {@code source} serves.
     *
     * @param hash the log's hash function
     * @param treeSize the tree size
     * @param source the source
     */
    public TileNodeReader(HashFunction hash, long treeSize, TileSource source) {
        if (treeSize < 0) {
            throw new IllegalArgumentException("tree size " + treeSize + " is negative");
        }
        this.hash = Objects.requireNonNull(hash, "hash");
        this.treeSize = treeSize;
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public HashFunction hash() {
        return hash;
    }

    @Override
    public long size() {
        return treeSize;
    }

    /**
     * {@code MTH(D_n)} for the whole tree, from at most two tiles per tile level.
     *
     * @return the {@code byte[]}
     */
    public byte[] rootHash() {
        return SubtreeProofs.subtreeHash(this, new Subtree(0, treeSize));
    }

    /**
     * @throws MtcException if a tile is unavailable
     * @throws MtcParseException if a tile's length does not match its width
     */
    @Override
    public byte[] node(int level, long index) {
        if (level < 0 || level > 62 || index < 0 || index >= (treeSize >>> level)) {
            throw new IllegalArgumentException("no full node at level " + level + " index " + index
                    + " in a tree of size " + treeSize);
        }
        int tileLevel = level / 8;
        int r = level % 8;
        long first = index << r; // first tile-level hash under the node
        TilePath path = TilePath.hashTileFor(tileLevel, first >>> 8, treeSize);
        byte[][][] levels = cache.get(path);
        if (levels == null) {
            levels = load(path);
            cache.put(path, levels);
        }
        return levelOf(levels, r)[(int) ((first & 0xff) >>> r)].clone();
    }

    private byte[][][] load(TilePath path) {
        int hs = hash.size();
        byte[] data = source.read(path).orElseGet(() -> fullTileStandingIn(path));
        if (data.length != path.width() * hs) {
            throw new MtcParseException(path.path(), "length " + data.length + " is not width " + path.width()
                    + " x HASH_SIZE " + hs);
        }
        byte[][][] levels = new byte[8][][];
        levels[0] = new byte[path.width()][];
        for (int i = 0; i < path.width(); i++) {
            levels[0][i] = Arrays.copyOfRange(data, i * hs, (i + 1) * hs);
        }
        return levels;
    }

    /**
     * The first {@code width} hashes of the full tile, for a partial tile that is gone (tlog-tiles §"Partial Tiles": a
     * log MAY delete a partial tile once the full tile is available; a partial tile is the prefix of its full tile).
     */
    private byte[] fullTileStandingIn(TilePath path) {
        if (!path.isPartial()) {
            throw new MtcException(path + " is not available");
        }
        TilePath full = TilePath.hashTile(path.level(), path.index(), TilePath.FULL_WIDTH);
        byte[] data = source.read(full).orElseThrow(() -> new MtcException(path + " is not available (nor " + full
                + ")"));
        int hs = hash.size();
        if (data.length != TilePath.FULL_WIDTH * hs) {
            throw new MtcParseException(full.path(), "length " + data.length + " is not width 256 x HASH_SIZE " + hs
                    + " (the full tile standing in for " + path + ")");
        }
        return Arrays.copyOf(data, path.width() * hs);
    }

    private byte[][] levelOf(byte[][][] levels, int r) {
        if (levels[r] == null) {
            byte[][] below = levelOf(levels, r - 1);
            byte[][] up = new byte[below.length / 2][];
            for (int i = 0; i < up.length; i++) {
                up[i] = MerkleHash.nodeHash(hash, below[2 * i], below[2 * i + 1]);
            }
            levels[r] = up;
        }
        return levels[r];
    }
}
