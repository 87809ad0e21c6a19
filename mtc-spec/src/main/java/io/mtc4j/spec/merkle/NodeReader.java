package io.mtc4j.spec.merkle;

/**
 * Read access to the stored hashes of a Merkle Tree's full nodes. Proofs are generated through this interface,
 * so a proof costs O(log n) reads however large the tree is.
 *
 * <p>The node at {@code level} and {@code index} is {@code MTH(D[index * 2^level : (index + 1) * 2^level])}, a
 * full node; it is readable when {@code (index + 1) * 2^level <= size()}. Level 0 holds the leaf hashes.
 */
public interface NodeReader {
    /**
     * The tree's hash function.
     *
     * @return the tree's hash function
     */
    HashFunction hash();

    /**
     * The number of leaves whose nodes can be read.
     *
     * @return the number of leaves whose nodes can be read
     */
    long size();

    /**
     * The hash of a full node.
     *
     * @throws IllegalArgumentException if the node is not within {@link #size()}
     * @param level the level
     * @param index the entry's index
     * @return the hash of a full node
     */
    byte[] node(int level, long index);
}
