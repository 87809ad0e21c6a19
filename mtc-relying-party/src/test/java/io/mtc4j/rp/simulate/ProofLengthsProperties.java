package io.mtc4j.rp.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** {@link ProofLengths} counts exactly the hashes {@link SubtreeProofs#inclusionProof} generates. */
class ProofLengthsProperties {
    static final MemoryTree TREE;

    static {
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < 1024; i++) {
            entries.add(new byte[] {(byte) i, (byte) (i >> 8)});
        }
        TREE = MemoryTree.ofEntries(HashFunction.sha256(), entries);
    }

    @Property
    void lengthMatchesTheGeneratedProof(@ForAll @IntRange(min = 0, max = 9) int alignLog,
            @ForAll @IntRange(min = 1, max = 512) int size, @ForAll @IntRange(min = 0, max = 511) int offset) {
        int bitCeil = Integer.highestOneBit(size) == size ? size : Integer.highestOneBit(size) * 2;
        int start = (1 << alignLog) % 512 / bitCeil * bitCeil;
        Subtree s = new Subtree(start, start + size);
        long index = start + offset % size;
        assertEquals(SubtreeProofs.inclusionProof(TREE, s, index).size(), ProofLengths.inclusionProofLength(s, index));
    }

    @Property
    void histogramCountsEveryEntryOfTheRangeByItsLength(@ForAll @IntRange(min = 0, max = 300) int size,
            @ForAll @IntRange(min = 0, max = 300) int a, @ForAll @IntRange(min = 0, max = 300) int b) {
        Subtree s = new Subtree(512, 512 + size);
        long from = 512 + Math.min(a, b) - 20;
        long to = 512 + Math.max(a, b);
        long[] expected = new long[ProofLengths.MAX];
        for (long i = Math.max(from, s.start()); i < Math.min(to, s.end()); i++) {
            expected[ProofLengths.inclusionProofLength(s, i)]++;
        }
        long[] actual = new long[ProofLengths.MAX];
        ProofLengths.histogram(s, from, to, actual);
        assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(actual));
    }
}
