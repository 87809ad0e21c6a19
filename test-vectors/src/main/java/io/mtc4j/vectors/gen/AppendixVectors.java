package io.mtc4j.vectors.gen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.Profile;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.VectorFile;
import io.mtc4j.vectors.VectorFile.Tag;
import io.mtc4j.vectors.VectorFile.Type;
import java.util.List;

/**
 * The draft's four accumulated vectors (appendix "Subtree Test Vectors"): a running SHA-256 over one text line
 * per input of each subtree procedure for trees up to size 130, with d[i] = the byte i. The harness computes the
 * lines by calling the implementation's {@code merkle.*} operations (operation {@code "accumulated"}).
 * The published hashes are facts copied from the draft; mtc4j reproduces them in this module's tests.
 */
final class AppendixVectors implements VectorSource {
    /** Request field: which procedure's lines are accumulated. */
    static final String PROCEDURE = "procedure";

    @Override
    public List<VectorFile> generate(List<Profile> profiles) {
        if (!profiles.contains(Profile.PLANTS_05)) {
            return List.of();
        }
        VectorFile f = VectorFile.create("draft_appendix_accumulated", "accumulated",
                "The draft's accumulated subtree vectors: SHA-256 over the outputs for all inputs up to size 130");
        f.request(PROCEDURE, Type.STRING).request("max", Type.UINT).output("sha256", Type.HEX);
        f.note("Accumulated", "One test drives thousands of operation calls; the harness hashes their answers "
                + "in the draft's line format");
        VectorFile.Group g = f.group("d[i] = byte i, SHA-256, sizes 0..130 (current draft: empty subtrees valid)",
                Json.object());
        add(g, "subtree_hash", "Subtree Hashes", "b82806ad4265bb151c1119c0f4db437bb4d1a1f887b3a7fba1cd4ebf552e3e81");
        add(g, "inclusion_proof", "Subtree Inclusion Proofs",
                "ac2a8f989e44d99e399db448050ff5f19757df53cfb716aa81015d3955d8163f");
        add(g, "consistency_proof", "Subtree Consistency Proofs",
                "10fa99b37bf9bf9ffa26b412fbd98bd75363256d0b75d61bc4538b9c9c5a0a74");
        add(g, "covering_subtrees", "Efficient Covering Subtrees",
                "7fd9c8b926e9d2b5cf831560e8ce295a5ef97ad5c5ede4ea0dea28a8c8fc8bb0");
        return List.of(f);
    }

    private static void add(VectorFile.Group g, String procedure, String section, String sha256) {
        ObjectNode in = Json.object();
        in.put(PROCEDURE, procedure);
        in.put("max", 130);
        ObjectNode out = Json.object();
        out.put("sha256", sha256);
        g.valid("accumulated " + procedure + " (appendix \"" + section + "\")", Tag.of("Subtree Test Vectors"), in,
                out, "Accumulated");
    }
}
