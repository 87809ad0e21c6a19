package io.mtc4j.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.vectors.gen.VectorGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The rules every vector follows so that an implementation written from the specs alone can pass: an
 * {@code invalid} test cites a MUST of the catalogue ({@code musts.json}), an {@code acceptable} test carries a
 * flag, every flag and every named step is explained in the file's {@code notes}, and every cited id exists.
 */
class VectorRulesTest {
    private static final Map<String, String> FILES = VectorGenerator.render(Optional.empty());

    /** The violations in one vector file, each naming the test. */
    static List<String> violations(String name, JsonNode file, Set<String> mustIds) {
        List<String> out = new ArrayList<>();
        JsonNode notes = file.path("notes");
        for (JsonNode g : file.path("testGroups")) {
            for (JsonNode t : g.path("tests")) {
                String id = name + "#" + t.path("tcId").asInt();
                String result = t.path("result").asText();
                if (result.equals("invalid") && !t.path("must").isTextual()) {
                    out.add(id + ": invalid but cites no MUST");
                }
                if (result.equals("acceptable") && t.path("flags").isEmpty()) {
                    out.add(id + ": acceptable but carries no flag");
                }
                if (t.path("must").isTextual() && !mustIds.contains(t.get("must").asText())) {
                    out.add(id + ": MUST id " + t.get("must").asText() + " is not in " + Musts.FILE);
                }
                for (JsonNode f : t.path("flags")) {
                    if (!notes.path(f.asText()).isTextual()) {
                        out.add(id + ": flag " + f.asText() + " has no note");
                    }
                }
                JsonNode step = t.path("failure").path("step");
                if (step.isTextual() && !notes.path("step " + step.asText()).isTextual()) {
                    out.add(id + ": step " + step.asText() + " is not in the file's step vocabulary");
                }
            }
        }
        return out;
    }

    private static Set<String> mustIds() {
        Set<String> ids = new TreeSet<>();
        Json.parse(FILES.get(Musts.FILE)).path("ids").fieldNames().forEachRemaining(ids::add);
        return ids;
    }

    @Test
    void everyVectorFollowsTheRules() {
        VectorSet set = VectorSet.committed();
        List<String> all = new ArrayList<>();
        for (String name : set.names()) {
            all.addAll(violations(name, set.file(name).orElseThrow(), mustIds()));
        }
        assertTrue(all.isEmpty(), String.join("\n", all));
    }

    @Test
    void theCatalogueShipsWithTheVectorsAndCoversMtcNotes() {
        JsonNode musts = Json.parse(FILES.get(Musts.FILE));
        assertEquals(Musts.ALL.size(), musts.path("ids").size());
        for (Musts.Must m : Musts.ALL) {
            JsonNode e = musts.path("ids").path(m.id());
            assertTrue(!e.path("spec").asText().isEmpty() && !e.path("section").asText().isEmpty()
                    && !e.path("rule").asText().isEmpty(), m.id());
        }
        // the ids of MTC-NOTES §7 the vectors use most
        for (String id : List.of("E21", "E22", "R11", "R12", "R20")) {
            assertTrue(Musts.byId(id).isPresent(), id);
        }
        assertEquals(Musts.FILE, Json.parse(FILES.get(VectorSet.INDEX)).path("musts").asText());
    }

    /** The checks fire: an invalid test stripped of its MUST, an acceptable one stripped of its flags. */
    @Test
    void aMissingMustOrFlagIsReported() {
        ObjectNode tai = (ObjectNode) Json.parse(FILES.get("tai_encode.json"));
        assertEquals(List.of(), violations("tai_encode", tai, mustIds()));
        JsonNode invalid = find(tai, "invalid");
        ((ObjectNode) invalid).remove("must");
        ObjectNode acceptable = (ObjectNode) find(tai, "acceptable");
        acceptable.putArray("flags");
        List<String> v = violations("tai_encode", tai, mustIds());
        assertTrue(v.contains("tai_encode#" + invalid.path("tcId").asInt() + ": invalid but cites no MUST"), v.toString());
        assertTrue(v.contains("tai_encode#" + acceptable.path("tcId").asInt() + ": acceptable but carries no flag"),
                v.toString());

        ObjectNode verify = (ObjectNode) Json.parse(FILES.get("cert_verify.json"));
        ObjectNode withStep = (ObjectNode) find(verify, "invalid");
        ((ObjectNode) withStep.get("failure")).put("step", "log_entry");
        ((ObjectNode) withStep).put("must", "R999");
        List<String> w = violations("cert_verify", verify, mustIds());
        assertTrue(w.stream().anyMatch(s -> s.endsWith("step log_entry is not in the file's step vocabulary")), w.toString());
        assertTrue(w.stream().anyMatch(s -> s.endsWith("MUST id R999 is not in musts.json")), w.toString());
    }

    private static JsonNode find(JsonNode file, String result) {
        for (JsonNode g : file.path("testGroups")) {
            for (JsonNode t : g.path("tests")) {
                if (t.path("result").asText().equals(result)) {
                    return t;
                }
            }
        }
        throw new AssertionError("no " + result + " test");
    }
}
