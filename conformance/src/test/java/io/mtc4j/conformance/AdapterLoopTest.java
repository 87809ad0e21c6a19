package io.mtc4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtc4j.conformance.mtc4j.Mtc4jImplementation;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.Ops;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The line protocol as mtc4j's adapter speaks it. */
class AdapterLoopTest {
    private static List<JsonNode> exchange(String input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AdapterLoop.serve(new Mtc4jImplementation(), new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                out);
        return out.toString(StandardCharsets.UTF_8).lines().map(Json::parse).toList();
    }

    @Test
    void answersEachLineWithTheSameId() throws Exception {
        List<JsonNode> a = exchange("{\"id\":7,\"op\":\"tai.encode\",\"ascii\":\"32473.1\"}\n\n"
                + "{\"id\":8,\"op\":\"tai.decode\",\"binary\":\"80\"}\n");
        assertEquals(2, a.size());
        assertEquals(7, a.get(0).get("id").asInt());
        assertTrue(a.get(0).get("ok").asBoolean());
        assertEquals("81fd5901", a.get(0).get("result").get("binary").asText());
        assertEquals(8, a.get(1).get("id").asInt());
        assertFalse(a.get(1).get("ok").asBoolean());
        assertEquals("parse", a.get(1).get("error").get("kind").asText());
        assertTrue(a.get(1).get("error").get("message").asText().contains("minimal"));
    }

    @Test
    void helloListsProfilesAndOps() throws Exception {
        JsonNode r = exchange("{\"id\":1,\"op\":\"hello\"}\n").get(0).get("result");
        assertEquals("mtc4j", r.get("name").asText());
        assertTrue(r.get("profiles").toString().contains("plants-05"));
        assertTrue(r.get("ops").toString().contains(Ops.TAI_ENCODE));
    }

    @Test
    void unknownOpsAreUnsupportedAndJunkIsAParseError() throws Exception {
        List<JsonNode> a = exchange("{\"id\":1,\"op\":\"nope\"}\nnot json\n{\"id\":3}\n");
        assertEquals("unsupported", a.get(0).get("error").get("kind").asText());
        assertEquals("parse", a.get(1).get("error").get("kind").asText());
        assertTrue(a.get(1).get("id").isNull());
        assertEquals(3, a.get(2).get("id").asInt());
        assertEquals("parse", a.get(2).get("error").get("kind").asText());
    }

    @Test
    void malformedRequestFieldsAreParseErrors() throws Exception {
        JsonNode a = exchange("{\"id\":1,\"op\":\"tai.decode\",\"binary\":\"8G\"}\n").get(0);
        assertEquals("parse", a.get("error").get("kind").asText());
        JsonNode b = exchange("{\"id\":2,\"op\":\"tai.decode\"}\n").get(0);
        assertEquals("parse", b.get("error").get("kind").asText());
    }

    @Test
    void answersRoundTripThroughTheWireForm() {
        Answer ok = Answer.ok(Json.object().put("x", 1));
        assertEquals(ok, Answer.fromWire(ok.toWire(Json.object().numberNode(1))));
        Answer bad = Answer.error("invalid", "no");
        assertEquals(bad, Answer.fromWire(bad.toWire(Json.object().numberNode(1))));
        assertEquals(Answer.KIND_PROTOCOL, Answer.fromWire(Json.parse("{\"ok\":false,\"error\":{\"kind\":\"oops\"}}"))
                .kind());
        assertEquals(Answer.KIND_PROTOCOL, Answer.fromWire(Json.parse("{\"ok\":true}")).kind());
    }
}
