package io.mtc4j.spec.tiles;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MerkleHash;
import io.mtc4j.spec.merkle.NodeReader;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
    /** This builder's own digest (it is not thread-safe anyway), or null for a hash without a JDK digest. */
    private final MessageDigest md;
    /** Per tile level: the hashes of its rightmost, incomplete tile. */
    private byte[][] buffers = new byte[0][];
    private int[] widths = new int[0];
    /**
     * Per tile level: the roots of the perfect subtrees that make up its rightmost tile's hashes so far, one per
     * set bit of the width, largest first (a compact range), each in its own reused array. A completed tile's hash
     * is its single entry, so each node is hashed once, and the root needs only these.
     */
    private byte[][][] ranges = new byte[0][][];
    /** The partial entry bundle: {@code bundleLength} bytes of (u16 length ‖ entry) in one growing buffer. */
    private byte[] bundle = new byte[4096];
    private int bundleLength;
    private int bundleWidth;
    /** The last leaf hash (reused). */
    private final byte[] leaf;
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
        this.md = jdkDigest(hash);
        this.leaf = new byte[hashSize];
    }

    private static MessageDigest jdkDigest(HashFunction hash) {
        try {
            MessageDigest d = MessageDigest.getInstance(hash.name());
            return d.getDigestLength() == hash.size() ? d : null;
        } catch (NoSuchAlgorithmException e) {
            return null; // hashed through hash.digest instead
        }
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
                System.arraycopy(data, 0, b.buffers[level], 0, data.length);
                for (int i = 0; i < w; i++) {
                    b.pushRange(level, i, data, i * b.hashSize);
                }
                b.widths[level] = w;
            }
        }
        if (withEntries && (size & 0xff) != 0) {
            TilePath p = TilePath.entryBundleFor(size >>> 8, size);
            byte[] data = b.require(source, p);
            EntryBundle eb = EntryBundle.parse(p, data);
            b.bundle = Arrays.copyOf(data, Math.max(4096, data.length * 2));
            b.bundleLength = data.length;
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
     * @return the tiles completed, in a list that may be unmodifiable
     */
    public List<TileFile> appendEntry(byte[] entry) {
        mode(true);
        if (entry.length > EntryBundle.MAX_ENTRY_LENGTH) {
            throw new IllegalArgumentException("entry of " + entry.length + " bytes exceeds the uint16 length prefix");
        }
        List<TileFile> out = List.of();
        // tlog-tiles §"Log entries": each entry with a big-endian uint16 length prefix, into one growing buffer
        if (bundleLength + 2 + entry.length > bundle.length) {
            bundle = Arrays.copyOf(bundle, Math.max(bundle.length * 2, bundleLength + 2 + entry.length));
        }
        bundle[bundleLength] = (byte) (entry.length >>> 8);
        bundle[bundleLength + 1] = (byte) entry.length;
        System.arraycopy(entry, 0, bundle, bundleLength + 2, entry.length);
        bundleLength += 2 + entry.length;
        bundleWidth++;
        if (bundleWidth == TilePath.FULL_WIDTH) {
            out = new ArrayList<>(2);
            out.add(new TileFile(TilePath.entryBundle(size >>> 8, TilePath.FULL_WIDTH), Arrays.copyOf(bundle,
                    bundleLength)));
            bundleLength = 0;
            bundleWidth = 0;
        }
        leafHash(entry, leaf);
        out = addHash(0, leaf, 0, out);
        size++;
        return out;
    }

    /**
     * Appends a leaf by its hash, for logs that keep no entry bundles here. Returns the tiles completed.
     *
     * @param leafHash the leaf's hash
     * @return the tiles completed, in a list that may be unmodifiable
     */
    public List<TileFile> appendLeafHash(byte[] leafHash) {
        mode(false);
        if (leafHash.length != hashSize) {
            throw new IllegalArgumentException("leaf hash has " + leafHash.length + " bytes, HASH_SIZE is " + hashSize);
        }
        List<TileFile> out = addHash(0, leafHash, 0, List.of());
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
        if (level >= buffers.length) {
            int n = level + 1;
            buffers = Arrays.copyOf(buffers, n);
            widths = Arrays.copyOf(widths, n);
            ranges = Arrays.copyOf(ranges, n);
            for (int l = 0; l < n; l++) {
                if (buffers[l] == null) {
                    buffers[l] = new byte[TilePath.FULL_WIDTH * hashSize];
                    ranges[l] = new byte[9][hashSize];
                }
            }
        }
        return buffers[level];
    }

    /** RFC 9162 §2.1.1 leaf hash {@code HASH(0x00 || entry)}, into {@code out}. */
    private void leafHash(byte[] entry, byte[] out) {
        if (md == null) {
            System.arraycopy(MerkleHash.leafHash(hash, entry), 0, out, 0, hashSize);
            return;
        }
        md.update((byte) 0x00);
        md.update(entry);
        digestInto(out);
    }

    /**
     * RFC 9162 §2.1.1 node hash {@code HASH(0x01 || left || right)} with {@code right} at {@code rightOffset},
     * into {@code out} (which may be {@code left}: the inputs are consumed before the output is written).
     */
    private void nodeHash(byte[] left, byte[] right, int rightOffset, byte[] out) {
        if (md == null) {
            byte[] r = Arrays.copyOfRange(right, rightOffset, rightOffset + hashSize);
            System.arraycopy(MerkleHash.nodeHash(hash, left, r), 0, out, 0, hashSize);
            return;
        }
        md.update((byte) 0x01);
        md.update(left, 0, hashSize);
        md.update(right, rightOffset, hashSize);
        digestInto(out);
    }

    private void digestInto(byte[] out) {
        try {
            md.digest(out, 0, hashSize);
        } catch (DigestException e) {
            throw new IllegalStateException(e); // out is HASH_SIZE bytes: cannot happen
        }
    }

    /**
     * Adds the hash at {@code h[off..]} as hash number {@code w} of {@code level}'s rightmost tile to its compact
     * range: merges it with the range's smaller subtrees while {@code w} has low set bits (RFC 9162 §2.1.1 node
     * hashes), each result in the slot it replaces. Returns the slot holding the merged subtree's hash (the tile's
     * hash when this completes the tile), valid until the next push on this level.
     */
    private byte[] pushRange(int level, int w, byte[] h, int off) {
        byte[][] range = ranges[level];
        int n = Integer.bitCount(w);
        if ((w & 1) == 0) {
            System.arraycopy(h, off, range[n], 0, hashSize);
            return range[n];
        }
        nodeHash(range[--n], h, off, range[n]);
        for (int bits = w >>> 1; (bits & 1) == 1; bits >>>= 1) {
            nodeHash(range[n - 1], range[n], 0, range[n - 1]);
            n--;
        }
        return range[n];
    }

    /**
     * Adds the hash at {@code h[off..]} to the rightmost tile of {@code level}; a completed tile is added to
     * {@code out} (made mutable on first use) and its hash added to the level above.
     */
    private List<TileFile> addHash(int level, byte[] h, int off, List<TileFile> out) {
        byte[] buf = buffer(level);
        int w = widths[level];
        System.arraycopy(h, off, buf, w * hashSize, hashSize);
        byte[] top = pushRange(level, w, buf, w * hashSize);
        w++;
        if (w < TilePath.FULL_WIDTH) {
            widths[level] = w;
            return out;
        }
        long tileIndex = (size >>> (8 * (level + 1)));
        List<TileFile> o = out.isEmpty() ? new ArrayList<>(2) : out;
        o.add(new TileFile(TilePath.hashTile(level, tileIndex, TilePath.FULL_WIDTH), buf));
        widths[level] = 0;
        return addHash(level + 1, top, 0, o); // the MTH of the tile's 256 hashes: the node 8 levels above them
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
            out.add(new TileFile(TilePath.entryBundleFor(size >>> 8, size), Arrays.copyOf(bundle, bundleLength)));
        }
        for (int level = 0; level < buffers.length; level++) {
            partialTile(level).ifPresent(out::add);
        }
        return out;
    }

    private Optional<TileFile> partialTile(int level) {
        int w = level < widths.length ? widths[level] : 0;
        if (w == 0) {
            return Optional.empty();
        }
        TilePath p = TilePath.hashTile(level, TilePath.hashesAtLevel(level, size) >>> 8, w);
        return Optional.of(new TileFile(p, Arrays.copyOf(buffers[level], w * hashSize)));
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
        for (int level = 0; level < ranges.length; level++) {
            byte[][] range = ranges[level];
            for (int k = Integer.bitCount(widths[level]) - 1; k >= 0; k--) {
                if (acc == null) {
                    acc = range[k].clone();
                } else {
                    nodeHash(range[k], acc, 0, acc);
                }
            }
        }
        return acc == null ? MerkleHash.emptyHash(hash) : acc;
    }
}
