package io.mtc4j.spec.tiles;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.codec.TlsWriter;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MerkleHash;
import io.mtc4j.spec.merkle.NodeReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a log's tlog-tiles resources incrementally as entries are appended (C2SP tlog-tiles §"Merkle Tree",
 * §"Partial Tiles", §"Log entries"). Each append returns the full tiles and bundles it completed; those never
 * change again. {@link #partialTiles()} returns the partial tiles for the current size, to be served with a
 * checkpoint of that size. Only the rightmost (partial) tile of each level is held in memory, so memory stays
 * below 8 KiB per level however large the log grows. A partial tile is never hashed into the level above.
 *
 * <p>Appending costs the leaf hash plus one node hash per entry: each interior node is hashed once, as its
 * subtree completes, and the root at any size takes one more per perfect subtree of the right edge. Not
 * thread-safe.
 */
public final class TileBuilder {
    private final HashFunction hash;
    private final int hashSize;
    /** Per tile level: the hashes of its rightmost, incomplete tile. */
    private final List<byte[]> buffers = new ArrayList<>();
    private final List<Integer> widths = new ArrayList<>();
    /**
     * Per tile level: the roots of the perfect subtrees that make up its rightmost tile's hashes so far, one per
     * set bit of the width, largest first (a compact range). A completed tile's hash is its single entry, so each
     * node is hashed once, and the root needs only these.
     */
    private final List<byte[][]> ranges = new ArrayList<>();
    private TlsWriter bundle = new TlsWriter();
    private int bundleWidth;
    private long size;
    private Boolean withEntries; // fixed by the first append

    /**
     * A builder for an empty log.
     *
     * @param hash the log's hash function
     */
    public TileBuilder(HashFunction hash) {
        this.hash = Objects.requireNonNull(hash, "hash");
        this.hashSize = hash.size();
    }

    /**
     * A builder that continues a log of {@code size} entries whose tiles {@code source} serves: it reads the
     * partial tiles (and, if {@code withEntries}, the partial entry bundle) of that size.
     *
     * @param hash the log's hash function
     * @param size the size
     * @param withEntries whether to include the entries
     * @param source the source
     * @return a builder that continues a log of {@code size} entries whose tiles {@code source} serves: it reads the partial tiles (and, if {@code withEntries}, the partial entry bundle) of that size
     */
    public static TileBuilder resume(HashFunction hash, long size, boolean withEntries, TileSource source) {
        TileBuilder b = new TileBuilder(hash);
        if (size < 0) {
            throw new IllegalArgumentException("size " + size + " is negative");
        }
        b.size = size;
        b.withEntries = size == 0 ? null : withEntries;
        for (int level = 0; level < 8 && TilePath.hashesAtLevel(level, size) > 0; level++) {
            int w = (int) (TilePath.hashesAtLevel(level, size) & 0xff);
            b.buffer(level);
            if (w > 0) {
                TilePath p = TilePath.hashTileFor(level, TilePath.hashesAtLevel(level, size) >>> 8, size);
                byte[] data = b.require(source, p);
                if (data.length != w * b.hashSize) {
                    throw new MtcParseException(p.path(), "length " + data.length
                            + " is not width " + w + " x HASH_SIZE " + b.hashSize);
                }
                System.arraycopy(data, 0, b.buffers.get(level), 0, data.length);
                for (int i = 0; i < w; i++) {
                    b.pushRange(level, i, Arrays.copyOfRange(data, i * b.hashSize, (i + 1) * b.hashSize));
                }
                b.widths.set(level, w);
            }
        }
        if (withEntries && (size & 0xff) != 0) {
            TilePath p = TilePath.entryBundleFor(size >>> 8, size);
            EntryBundle eb = EntryBundle.parse(p, b.require(source, p));
            b.bundle.bytes(eb.encode());
            b.bundleWidth = eb.size();
        }
        return b;
    }

    private byte[] require(TileSource source, TilePath p) {
        return source.read(p).orElseThrow(() -> new MtcException(p + " is not available to resume from"));
    }

    /**
     * The number of entries appended so far.
     *
     * @return the number of entries appended so far
     */
    public long size() {
        return size;
    }

    /**
     * Appends an entry: its leaf hash {@code MTH({entry})} goes into the level-0 tile and the entry into the
     * bundle. Returns the full tiles and the full bundle this append completed (usually none).
     *
     * @param entry the log entry
     * @return the {@code List<TileFile>}
     */
    public List<TileFile> appendEntry(byte[] entry) {
        mode(true);
        if (entry.length > EntryBundle.MAX_ENTRY_LENGTH) {
            throw new IllegalArgumentException("entry of " + entry.length + " bytes exceeds the uint16 length prefix");
        }
        List<TileFile> out = new ArrayList<>();
        bundle.u16Bytes("entry bundle.entry", 0, EntryBundle.MAX_ENTRY_LENGTH, entry);
        bundleWidth++;
        if (bundleWidth == TilePath.FULL_WIDTH) {
            out.add(new TileFile(TilePath.entryBundle(size >>> 8, TilePath.FULL_WIDTH), bundle.toByteArray()));
            bundle = new TlsWriter();
            bundleWidth = 0;
        }
        addHash(0, MerkleHash.leafHash(hash, entry), out);
        size++;
        return out;
    }

    /**
     * Appends a leaf by its hash, for logs that keep no entry bundles here. Returns the tiles completed.
     *
     * @param leafHash the leaf's hash
     * @return the {@code List<TileFile>}
     */
    public List<TileFile> appendLeafHash(byte[] leafHash) {
        mode(false);
        if (leafHash.length != hashSize) {
            throw new IllegalArgumentException("leaf hash has " + leafHash.length + " bytes, HASH_SIZE is " + hashSize);
        }
        List<TileFile> out = new ArrayList<>();
        addHash(0, leafHash, out);
        size++;
        return out;
    }

    private void mode(boolean entries) {
        if (withEntries == null) {
            withEntries = entries;
        } else if (withEntries != entries) {
            throw new IllegalStateException("this log was built with" + (withEntries ? "" : "out")
                    + " entry bundles; use " + (withEntries ? "appendEntry" : "appendLeafHash"));
        }
    }

    private byte[] buffer(int level) {
        while (buffers.size() <= level) {
            buffers.add(new byte[TilePath.FULL_WIDTH * hashSize]);
            widths.add(0);
            ranges.add(new byte[9][]);
        }
        return buffers.get(level);
    }

    /**
     * Adds {@code h} as hash number {@code w} of {@code level}'s rightmost tile to its compact range: merges it with
     * the range's smaller subtrees while {@code w} has low set bits (RFC 9162 §2.1.1 node hashes). Returns the
     * tile's hash when this completes the tile.
     */
    private byte[] pushRange(int level, int w, byte[] h) {
        byte[][] range = ranges.get(level);
        int n = Integer.bitCount(w);
        for (int bits = w; (bits & 1) == 1; bits >>>= 1) {
            h = MerkleHash.nodeHash(hash, range[--n], h);
            range[n] = null;
        }
        range[n] = h;
        if (w + 1 == TilePath.FULL_WIDTH) {
            range[0] = null;
        }
        return h;
    }

    /** Adds a hash to the rightmost tile of {@code level}; a completed tile is emitted and hashed upward. */
    private void addHash(int level, byte[] h, List<TileFile> out) {
        byte[] buf = buffer(level);
        int w = widths.get(level);
        System.arraycopy(h, 0, buf, w * hashSize, hashSize);
        byte[] top = pushRange(level, w, h);
        w++;
        if (w < TilePath.FULL_WIDTH) {
            widths.set(level, w);
            return;
        }
        long tileIndex = (size >>> (8 * (level + 1)));
        out.add(new TileFile(TilePath.hashTile(level, tileIndex, TilePath.FULL_WIDTH), buf));
        widths.set(level, 0);
        addHash(level + 1, top, out); // the MTH of the tile's 256 hashes: the node 8 levels above them
    }

    /**
     * The partial tiles (and partial entry bundle) for the current size: one per level whose rightmost tile is
     * non-empty, per tlog-tiles §"Partial Tiles" (a tree of size 256 has a full level-0 tile and a level-1
     * partial of width 1). Empty for an empty log.
     *
     * @return the partial tiles (and partial entry bundle) for the current size: one per level whose rightmost tile is non-empty, per tlog-tiles §"Partial Tiles" (a tree of size 256 has a full level-0 tile and a level-1 partial of width 1)
     */
    public List<TileFile> partialTiles() {
        List<TileFile> out = new ArrayList<>();
        if (Boolean.TRUE.equals(withEntries) && bundleWidth > 0) {
            out.add(new TileFile(TilePath.entryBundleFor(size >>> 8, size), bundle.toByteArray()));
        }
        for (int level = 0; level < buffers.size(); level++) {
            partialTile(level).ifPresent(out::add);
        }
        return out;
    }

    private Optional<TileFile> partialTile(int level) {
        int w = level < widths.size() ? widths.get(level) : 0;
        if (w == 0) {
            return Optional.empty();
        }
        TilePath p = TilePath.hashTile(level, TilePath.hashesAtLevel(level, size) >>> 8, w);
        return Optional.of(new TileFile(p, Arrays.copyOf(buffers.get(level), w * hashSize)));
    }

    /**
     * A reader of the tree at the current size: partial tiles come from this builder's memory, full tiles from
     * {@code fullTiles} (where the caller stored what the appends returned).
     *
     * @param fullTiles the full tiles
     * @return a reader of the tree at the current size: partial tiles come from this builder's memory, full tiles from {@code fullTiles} (where the caller stored what the appends returned)
     */
    public NodeReader nodeReader(TileSource fullTiles) {
        long at = size;
        return new TileNodeReader(hash, at, path -> {
            if (path.isPartial() && size == at && !path.entries()) {
                return partialTile(path.level()).filter(t -> t.path().equals(path)).map(TileFile::data);
            }
            return fullTiles.read(path);
        });
    }

    /**
     * {@code MTH(D_n)} at the current size (RFC 9162 §2.1.1), from the right edge of the tree: the perfect subtrees
     * of every level's rightmost tile, largest first from the top level down, folded from the right. The same
     * hash as the partial tiles give, with one node hash per subtree instead of rehashing the tiles.
     *
     * @return the root hash of the tree so far
     */
    public byte[] rootHash() {
        byte[] acc = null;
        for (int level = 0; level < ranges.size(); level++) {
            byte[][] range = ranges.get(level);
            for (int k = Integer.bitCount(widths.get(level)) - 1; k >= 0; k--) {
                acc = acc == null ? range[k] : MerkleHash.nodeHash(hash, range[k], acc);
            }
        }
        return acc == null ? MerkleHash.emptyHash(hash) : acc.clone();
    }
}
