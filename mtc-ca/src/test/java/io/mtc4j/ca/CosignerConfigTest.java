package io.mtc4j.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** ca.json's {@code cosigners}: a strict round trip, and every refusal names the field and the rule. */
class CosignerConfigTest {
    private static final TrustAnchorId CA = TrustAnchorId.parse("32473.1");
    private static final int IDS = 4;
    /** Per cosigner ID 32473.10+i: an ML-DSA-44 subtree/v1 vkey and an Ed25519 cosignature/v1 vkey. */
    private static final List<List<String>> KEYS = new ArrayList<>();

    static {
        SecureRandom r = new SecureRandom();
        for (int i = 0; i < IDS; i++) {
            String name = id(i).tlogName();
            KEYS.add(List.of(NoteVerifier.mlDsa44Cosignature(name, Keys.generate(SignatureAlgorithm.MLDSA44, r,
                    SigningMode.RANDOMIZED).verifier()).vkey().orElseThrow(), NoteVerifier.ed25519Cosignature(name,
                    Keys.generate(SignatureAlgorithm.ED25519, r, SigningMode.RANDOMIZED).verifier()).vkey()
                    .orElseThrow()));
        }
    }

    private static TrustAnchorId id(int i) {
        return TrustAnchorId.parse("32473." + (10 + i));
    }

    private static CosignerEndpoint endpoint(int i, boolean mirror, long timeoutMs, boolean bothKeys) {
        return new CosignerEndpoint(mirror ? CosignerEndpoint.Type.MIRROR : CosignerEndpoint.Type.WITNESS,
                URI.create("http://127.0.0.1:" + (8000 + i) + "/p" + i), id(i), bothKeys ? KEYS.get(i)
                        : KEYS.get(i).subList(0, 1), Duration.ofMillis(timeoutMs));
    }

    @Property(tries = 100)
    void cosignerSetsRoundTripThroughCaJson(@ForAll @Size(min = 1, max = IDS) List<@IntRange(min = 1, max = 4) Integer>
            setSizes, @ForAll @LongRange(min = 1, max = 86_400_000) long timeoutMs, @ForAll boolean mirror,
            @ForAll boolean bothKeys) {
        List<CosignerSet> sets = new ArrayList<>();
        int next = 0;
        for (int size : setSizes) {
            List<CosignerEndpoint> members = new ArrayList<>();
            for (int m = 0; m < size && next < IDS; m++, next++) {
                members.add(endpoint(next, mirror ^ (m % 2 == 1), timeoutMs, bothKeys));
            }
            if (!members.isEmpty()) {
                sets.add(new CosignerSet(1 + (int) (timeoutMs % members.size()), members));
            }
        }
        CaConfig c = CaConfig.defaults(CA).withCosigners(sets);
        assertEquals(c, CaConfig.parse(c.toJson()));
        assertEquals(sets, CaConfig.parse(c.toJson()).cosigners());
    }

    @Test
    void absentMeansNoCosignersAndIsNotWritten() {
        CaConfig c = CaConfig.defaults(CA);
        assertTrue(c.cosigners().isEmpty());
        assertTrue(!new String(c.toJson()).contains("cosigners"));
    }

    private static CaException refused(Consumer<ObjectNode> change) throws Exception {
        ObjectMapper json = new ObjectMapper();
        CaConfig good = CaConfig.defaults(CA).withCosigners(List.of(new CosignerSet(1, List.of(endpoint(0, false,
                5000, true))), new CosignerSet(1, List.of(endpoint(1, true, 5000, false), endpoint(2, true, 5000,
                        false)))));
        ObjectNode n = (ObjectNode) json.readTree(good.toJson());
        change.accept(n);
        return assertThrows(CaException.class, () -> CaConfig.parse(json.writeValueAsBytes(n)));
    }

    private static ObjectNode member(ObjectNode n, int set, int m) {
        return (ObjectNode) n.get("cosigners").get(set).get("members").get(m);
    }

    @Test
    void badCosignerFieldsAreRefusedNamingTheFieldAndTheRule() throws Exception {
        CaException e = refused(n -> n.put("cosigners", "witness"));
        assertEquals("ca.json.cosigners", e.field());
        e = refused(n -> ((ObjectNode) n.get("cosigners").get(0)).put("quorum", 2));
        assertEquals("ca.json.cosigners[0].quorum", e.field());
        assertEquals("quorum-range", e.rule());
        e = refused(n -> ((ObjectNode) n.get("cosigners").get(1)).put("quorum", 0));
        assertEquals("ca.json.cosigners[1].quorum", e.field());
        e = refused(n -> ((ObjectNode) n.get("cosigners").get(1)).put("k", 1));
        assertEquals("ca.json.cosigners[1].k", e.field());
        assertEquals("unknown-field", e.rule());
        e = refused(n -> ((ObjectNode) n.get("cosigners").get(0)).putArray("members"));
        assertEquals("ca.json.cosigners[0].members", e.field());
        e = refused(n -> member(n, 1, 1).put("type", "log"));
        assertEquals("ca.json.cosigners[1].members[1].type", e.field());
        assertEquals("cosigner-type", e.rule());
        e = refused(n -> member(n, 0, 0).put("url", "ftp://127.0.0.1/w"));
        assertEquals("ca.json.cosigners[0].members[0].url", e.field());
        e = refused(n -> member(n, 0, 0).put("id", "32473.x"));
        assertEquals("ca.json.cosigners[0].members[0].id", e.field());
        e = refused(n -> member(n, 0, 0).put("timeout", "0s"));
        assertEquals("ca.json.cosigners[0].members[0].timeout", e.field());
        e = refused(n -> member(n, 0, 0).put("timeout", "5 s"));
        assertEquals("ca.json.cosigners[0].members[0].timeout", e.field());
        e = refused(n -> member(n, 0, 0).put("extra", 1));
        assertEquals("ca.json.cosigners[0].members[0].extra", e.field());
        // a key named after another cosigner
        e = refused(n -> ((ArrayNode) member(n, 0, 0).get("keys")).set(1, KEYS.get(3).get(1)));
        assertEquals("ca.json.cosigners[0].members[0].keys[1]", e.field());
        // no ML-DSA-44 key: nothing certificates could carry
        e = refused(n -> ((ArrayNode) member(n, 0, 0).get("keys")).remove(0));
        assertEquals("ca.json.cosigners[0].members[0].keys", e.field());
        e = refused(n -> ((ArrayNode) member(n, 0, 0).get("keys")).set(0, "not a vkey"));
        assertEquals("ca.json.cosigners[0].members[0].keys[0]", e.field());
        e = refused(n -> member(n, 1, 1).put("id", "32473.10").set("keys", member(n, 0, 0).get("keys")));
        assertEquals("ca.json.cosigners[1].members[1].id", e.field());
        assertEquals("duplicate-cosigner", e.rule());
        e = refused(n -> n.put("caId", "32473.10"));
        assertEquals("ca.json.cosigners[0].members[0].id", e.field());
        assertEquals("not-the-ca", e.rule());
    }
}
