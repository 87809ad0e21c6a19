package io.mtc4j.spec.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * draft appendix §"Subtree Test Vectors" (d7362d6): the four accumulated hashes over every subtree, inclusion
 * proof, consistency proof and covering pair of trees up to 130 leaves with {@code d[i] = i}.
 */
class SubtreeTestVectorsTest {
    private static final HashFunction H = HashFunction.sha256();
    private static final HexFormat HEX = HexFormat.of();
    private static MemoryTree tree;

    @BeforeAll
    static void buildTree() {
        tree = new MemoryTree(H);
        for (int i = 0; i < 130; i++) {
            tree.appendEntry(new byte[] {(byte) i});
        }
    }

    private static final class Accumulator {
        private final MessageDigest md;

        Accumulator() throws Exception {
            md = MessageDigest.getInstance("SHA-256");
        }

        void line(String s) {
            md.update((s + "\n").getBytes(StandardCharsets.US_ASCII));
        }

        String hex() {
            return HEX.formatHex(md.digest());
        }
    }

    private static String withProof(String head, List<byte[]> proof) {
        StringBuilder sb = new StringBuilder(head);
        proof.forEach(p -> sb.append(' ').append(HEX.formatHex(p)));
        return sb.toString();
    }

    @Test
    void subtreeHashes() throws Exception {
        Accumulator acc = new Accumulator();
        for (long end = 0; end <= 130; end++) {
            for (long start = 0; start <= end; start++) {
                if (Subtree.isValid(start, end)) {
                    Subtree s = new Subtree(start, end);
                    acc.line(s + " " + HEX.formatHex(SubtreeProofs.subtreeHash(tree, s)));
                }
            }
        }
        assertEquals("b82806ad4265bb151c1119c0f4db437bb4d1a1f887b3a7fba1cd4ebf552e3e81", acc.hex());
    }

    @Test
    void subtreeInclusionProofs() throws Exception {
        Accumulator acc = new Accumulator();
        for (long end = 0; end <= 130; end++) {
            for (long start = 0; start <= end; start++) {
                if (Subtree.isValid(start, end)) {
                    Subtree s = new Subtree(start, end);
                    for (long index = start; index < end; index++) {
                        acc.line(withProof(index + " " + s, SubtreeProofs.inclusionProof(tree, s, index)));
                    }
                }
            }
        }
        assertEquals("ac2a8f989e44d99e399db448050ff5f19757df53cfb716aa81015d3955d8163f", acc.hex());
    }

    @Test
    void subtreeConsistencyProofs() throws Exception {
        Accumulator acc = new Accumulator();
        for (long n = 0; n <= 130; n++) {
            for (long end = 0; end <= n; end++) {
                for (long start = 0; start <= end; start++) {
                    if (Subtree.isValid(start, end)) {
                        Subtree s = new Subtree(start, end);
                        acc.line(withProof(s + " " + n, SubtreeProofs.consistencyProof(tree, n, s)));
                    }
                }
            }
        }
        assertEquals("10fa99b37bf9bf9ffa26b412fbd98bd75363256d0b75d61bc4538b9c9c5a0a74", acc.hex());
    }

    @Test
    void efficientCoveringSubtrees() throws Exception {
        Accumulator acc = new Accumulator();
        for (long end = 0; end <= 130; end++) {
            for (long start = 0; start <= end; start++) {
                List<Subtree> c = Covering.coveringSubtrees(start, end);
                acc.line(c.get(0) + " " + c.get(1));
            }
        }
        assertEquals("7fd9c8b926e9d2b5cf831560e8ce295a5ef97ad5c5ede4ea0dea28a8c8fc8bb0", acc.hex());
    }
}
