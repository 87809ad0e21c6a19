package io.mtc4j.vectors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.mtc4j.vectors.gen.VectorGenerator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every vector file validates against its own JSON Schema (draft 2020-12), and the schemas do reject junk. */
class SchemaValidationTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, String> FILES = VectorGenerator.render(Optional.empty());

    private static List<Error> validate(String name, String json) {
        Schema s = REGISTRY.getSchema(FILES.get("schema/" + name + ".schema.json"), InputFormat.JSON);
        return s.validate(json, InputFormat.JSON);
    }

    @Test
    void everyFileValidatesAgainstItsSchema() {
        VectorSet set = VectorSet.committed();
        assertFalse(set.names().isEmpty());
        for (String name : set.names()) {
            List<Error> errors = validate(name, FILES.get(name + ".json"));
            assertTrue(errors.isEmpty(), name + ": " + errors);
        }
    }

    private static String mutate(String name, java.util.function.Consumer<ObjectNode> firstTest) {
        ObjectNode f = (ObjectNode) Json.parse(FILES.get(name + ".json"));
        firstTest.accept((ObjectNode) f.get("testGroups").get(0).get("tests").get(0));
        return Json.compact(f);
    }

    @Test
    void schemasRejectMalformedTests() {
        String name = "tai_encode";
        assertFalse(validate(name, mutate(name, t -> t.remove("tcId"))).isEmpty(), "missing tcId");
        assertFalse(validate(name, mutate(name, t -> t.put("result", "maybe"))).isEmpty(), "bad result");
        assertFalse(validate(name, mutate(name, t -> ((ObjectNode) t.get("expected")).put("binary", "81FD")))
                .isEmpty(), "uppercase hex");
        assertFalse(validate(name, mutate(name, t -> ((ObjectNode) t.get("inputs")).put("bogus", 1))).isEmpty(),
                "undeclared input");
        assertFalse(validate(name, mutate(name, t -> t.remove("expected"))).isEmpty(), "valid without expected");
        assertFalse(validate(name, mutate(name, t -> t.put("must", "X1"))).isEmpty(), "bad MUST id");
    }

    @Test
    void indexListsEveryFile() {
        JsonNode idx = Json.parse(FILES.get(VectorSet.INDEX));
        int total = 0;
        for (JsonNode f : idx.get("files")) {
            assertTrue(FILES.containsKey(f.get("name").asText() + ".json"));
            total += f.get("numberOfTests").asInt();
        }
        assertTrue(total == idx.get("numberOfTests").asInt());
    }
}
