package io.mtc4j.spec.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mtc4j.spec.Profile;
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

    /**
     * The same appendix as published in draft-ietf-plants-merkle-tree-certs-05 (tag 69a29c7), under that draft's
     * rules: no empty subtrees ({@link Profile#PLANTS_04} validity), and its covering vector printed a valid
     * interval as itself (the -05 harness, replaced in the editor's copy). Superseded, kept to pin the older
     * profiles' validity rule.
     */
    @Test
    void publishedDraft05Vectors() throws Exception {
        Profile old = Profile.PLANTS_04;
        Accumulator hashes = new Accumulator();
        Accumulator inclusion = new Accumulator();
        Accumulator covering = new Accumulator();
        for (long end = 1; end <= 130; end++) {
            for (long start = 0; start < end; start++) {
                Subtree s = new Subtree(start, end);
                if (s.isValid(old)) {
                    hashes.line(s + " " + HEX.formatHex(SubtreeProofs.subtreeHash(tree, s)));
                    for (long index = start; index < end; index++) {
                        inclusion.line(withProof(index + " " + s, SubtreeProofs.inclusionProof(tree, s, index)));
                    }
                    covering.line(s.toString());
                } else {
                    List<Subtree> c = Covering.coveringSubtrees(start, end, old);
                    covering.line(c.get(0) + " " + c.get(1));
                }
            }
        }
        Accumulator consistency = new Accumulator();
        for (long n = 0; n <= 130; n++) {
            for (long end = 1; end <= n; end++) {
                for (long start = 0; start < end; start++) {
                    Subtree s = new Subtree(start, end);
                    if (s.isValid(old)) {
                        consistency.line(withProof(s + " " + n, SubtreeProofs.consistencyProof(tree, n, s)));
                    }
                }
            }
        }
        assertEquals("94a95384a8c69acea9b50d035a58285b3a777cb7a724005faa5e1f1e1190007f", hashes.hex());
        assertEquals("ac2a8f989e44d99e399db448050ff5f19757df53cfb716aa81015d3955d8163f", inclusion.hex());
        assertEquals("c586ebbb73a5621baf2140095d87dde934e3b6503a562a1a5215b8209edd083d", consistency.hex());
        assertEquals("e0aecb912a10c57d753b6ecc64db73217f9bc4ed10fcb4e9062be3b6fbe1ebfd", covering.hex());
    }
}
