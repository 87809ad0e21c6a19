package io.mtc4j.spec.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An in-memory Merkle Tree that stores every full node, built by appending leaves. Appending costs one leaf
 * hash plus one node hash per completed full node (amortised one). Not thread-safe.
 */
public final class MemoryTree implements NodeReader {
    private static final int CHUNK = 1024; // hashes per storage chunk

    private final HashFunction hash;
    private final int hashSize;
    /** levels.get(l) holds the full nodes of level l, {@code size >>> l} of them, in chunks. */
    private final List<List<byte[]>> levels = new ArrayList<>();
    private long size;

    /**
     * Creates a {@code MemoryTree}.
     *
     * @param hash the log's hash function
     */
    public MemoryTree(HashFunction hash) {
        this.hash = Objects.requireNonNull(hash, "hash");
        this.hashSize = hash.size();
    }

    /**
     * A tree over {@code entries}, each hashed with {@link MerkleHash#leafHash}.
     *
     * @param hash the log's hash function
     * @param entries the entries
     * @return a tree over {@code entries}, each hashed with {@link MerkleHash#leafHash}
     */
    public static MemoryTree ofEntries(HashFunction hash, List<byte[]> entries) {
        MemoryTree t = new MemoryTree(hash);
        entries.forEach(t::appendEntry);
        return t;
    }

    /**
     * Appends {@code MTH({entry})}.
     *
     * @param entry the log entry
     */
    public void appendEntry(byte[] entry) {
        appendLeafHash(MerkleHash.leafHash(hash, entry));
    }

    /**
     * Appends a leaf whose hash is already known (e.g. read from a level-0 tile).
     *
     * @param leafHash the leaf's hash
     */
    public void appendLeafHash(byte[] leafHash) {
        if (leafHash.length != hashSize) {
            throw new IllegalArgumentException("leaf hash has " + leafHash.length + " bytes, HASH_SIZE is " + hashSize);
        }
        long index = size;
        put(0, index, leafHash.clone());
        size++;
        int level = 0;
        while ((index & 1) == 1) {
            byte[] parent = MerkleHash.nodeHash(hash, node(level, index - 1), node(level, index));
            index >>>= 1;
            level++;
            put(level, index, parent);
        }
    }

    @Override
    public HashFunction hash() {
        return hash;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public byte[] node(int level, long index) {
        return read(level, index);
    }

    private byte[] read(int level, long index) {
        if (level < 0 || level >= 63 || index < 0 || Long.compareUnsigned(index, size >>> level) >= 0) {
            throw new IllegalArgumentException("no full node at level " + level + " index " + index
                    + " in a tree of size " + size);
        }
        List<byte[]> chunks = levels.get(level);
        byte[] chunk = chunks.get((int) (index / CHUNK));
        int off = (int) (index % CHUNK) * hashSize;
        byte[] out = new byte[hashSize];
        System.arraycopy(chunk, off, out, 0, hashSize);
        return out;
    }

    private void put(int level, long index, byte[] h) {
        while (levels.size() <= level) {
            levels.add(new ArrayList<>());
        }
        List<byte[]> chunks = levels.get(level);
        int c = (int) (index / CHUNK);
        if (c == chunks.size()) {
            chunks.add(new byte[CHUNK * hashSize]);
        }
        System.arraycopy(h, 0, chunks.get(c), (int) (index % CHUNK) * hashSize, hashSize);
    }

    /**
     * {@code MTH(D_n)} for the whole tree.
     *
     * @return the {@code byte[]}
     */
    public byte[] rootHash() {
        return SubtreeProofs.subtreeHash(this, new Subtree(0, size));
    }

    /**
     * A read-only view of the first {@code prefixSize} leaves (the tree as it was at that size).
     *
     * @param prefixSize the prefix size
     * @return a read-only view of the first {@code prefixSize} leaves (the tree as it was at that size)
     */
    public NodeReader prefix(long prefixSize) {
        if (prefixSize < 0 || prefixSize > size) {
            throw new IllegalArgumentException("prefix " + prefixSize + " outside [0, " + size + "]");
        }
        MemoryTree self = this;
        return new NodeReader() {
            @Override
            public HashFunction hash() {
                return hash;
            }

            @Override
            public long size() {
                return prefixSize;
            }

            @Override
            public byte[] node(int level, long index) {
                if (level < 0 || level >= 63 || index < 0 || index >= (prefixSize >>> level)) {
                    throw new IllegalArgumentException("no full node at level " + level + " index " + index
                            + " in a tree of size " + prefixSize);
                }
                return self.node(level, index);
            }
        };
    }
}
