/**
 * Merkle Trees (RFC 9162 §2.1) and the draft's subtrees (§"Subtrees"): {@link io.mtc4j.spec.merkle.HashFunction},
 * {@link io.mtc4j.spec.merkle.MerkleHash}, {@link io.mtc4j.spec.merkle.Subtree} validity,
 * {@link io.mtc4j.spec.merkle.SubtreeProofs} (subtree hash, inclusion and consistency proofs: generate, evaluate,
 * verify), {@link io.mtc4j.spec.merkle.Rfc9162Proofs}, {@link io.mtc4j.spec.merkle.Covering} (two covering
 * subtrees). Proofs are generated from stored full nodes through {@link io.mtc4j.spec.merkle.NodeReader}, so they
 * cost O(log n) reads; {@link io.mtc4j.spec.merkle.MemoryTree} is the in-memory reader. Indices are unsigned
 * 64-bit values held in {@code long}.
 */
package io.mtc4j.spec.merkle;
