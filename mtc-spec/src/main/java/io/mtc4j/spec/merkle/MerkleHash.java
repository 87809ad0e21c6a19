package io.mtc4j.spec.merkle;

/** The Merkle Tree Hash building blocks of RFC 9162 §2.1.1, over any {@link HashFunction}. */
public final class MerkleHash {
    private MerkleHash() {}

    /**
     * RFC 9162 §2.1.1: {@code MTH({}) = HASH()}, the hash of the empty string.
     *
     * @param h the hash function
     * @return the {@code byte[]}
     */
    public static byte[] emptyHash(HashFunction h) {
        return h.digest(new byte[0]);
    }

    /**
     * RFC 9162 §2.1.1: {@code MTH({d}) = HASH(0x00 || d)}. In MTC, {@code d} is an MTCLogEntry.
     *
     * @param h the hash function
     * @param entry the log entry
     * @return the {@code byte[]}
     */
    public static byte[] leafHash(HashFunction h, byte[] entry) {
        byte[] in = new byte[1 + entry.length];
        in[0] = 0x00;
        System.arraycopy(entry, 0, in, 1, entry.length);
        return h.digest(in);
    }

    /**
     * RFC 9162 §2.1.1: an interior node, {@code HASH(0x01 || left || right)}.
     *
     * @param h the hash function
     * @param left the left child
     * @param right the right child
     * @return the {@code byte[]}
     */
    public static byte[] nodeHash(HashFunction h, byte[] left, byte[] right) {
        byte[] in = new byte[1 + left.length + right.length];
        in[0] = 0x01;
        System.arraycopy(left, 0, in, 1, left.length);
        System.arraycopy(right, 0, in, 1 + left.length, right.length);
        return h.digest(in);
    }
}
