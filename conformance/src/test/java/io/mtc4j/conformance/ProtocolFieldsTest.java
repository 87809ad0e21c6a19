package io.mtc4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.conformance.mtc4j.Mtc4jImplementation;
import io.mtc4j.conformance.run.Hello;
import io.mtc4j.conformance.run.Outcome;
import io.mtc4j.conformance.run.Properties;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.Ops;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the runner asks of an implementation is only what the protocol defines: extra result fields are ignored by
 * the randomized properties, {@code hello} is reported as said, and an unknown profile is {@code unsupported}.
 */
class ProtocolFieldsTest {
    /** mtc4j with one field of its own added to every positive result. */
    private static final class ChattyImplementation implements Implementation {
        private final Mtc4jImplementation inner = new Mtc4jImplementation();

        @Override
        public Answer call(String op, ObjectNode request) {
            Answer a = inner.call(op, request);
            if (!a.ok() || op.equals(Ops.HELLO)) {
                return a;
            }
            ObjectNode r = a.result().orElseThrow().deepCopy();
            r.put("x_debug", "an implementation's own field");
            return Answer.ok(r);
        }

        @Override
        public String describe() {
            return "mtc4j with extra fields";
        }
    }

    @Test
    void propertiesCompareOnlyProtocolFields() {
        List<Outcome> o = new Properties(new ChattyImplementation(), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), 7, 5).run();
        List<String> failed = o.stream().filter(x -> x.status() == Outcome.Status.FAIL)
                .map(x -> x.id() + ": " + x.reason()).toList();
        assertTrue(failed.isEmpty(), failed.toString());
        assertTrue(o.stream().allMatch(x -> x.status() == Outcome.Status.PASS), "every trial ran");
    }

    @Test
    void helloIsReportedAsSaid() {
        Hello h = Hello.ask(new Mtc4jImplementation());
        assertTrue(h.summary().startsWith("mtc4j " + Mtc4jImplementation.VERSION + "; profiles "), h.summary());
        assertTrue(h.summary().contains("plants-05"), h.summary());
        assertTrue(h.summary().endsWith("; ops " + Ops.ALL.size() + "/" + Ops.ALL.size()), h.summary());
        Implementation partial = new Implementation() {
            @Override
            public Answer call(String op, ObjectNode request) {
                ObjectNode r = Json.object().put("name", "other").put("version", "2");
                r.putArray("profiles").add("plants-05");
                r.putArray("ops").add(Ops.SUBTREE_HASH);
                return Answer.ok(r);
            }

            @Override
            public String describe() {
                return "partial";
            }
        };
        Hello p = Hello.ask(partial);
        assertTrue(p.summary().startsWith("other 2; profiles plants-05; ops 1/" + Ops.ALL.size() + " (not listed: "
                + Ops.INCLUSION_PROOF), p.summary());
        Implementation silent = new Implementation() {
            @Override
            public Answer call(String op, ObjectNode request) {
                return Answer.error(Ops.KIND_UNSUPPORTED, "no hello here");
            }

            @Override
            public String describe() {
                return "silent";
            }
        };
        assertEquals("no hello (unsupported: no hello here)", Hello.ask(silent).summary());
    }

    @Test
    void anUnknownProfileIsUnsupported() {
        Answer a = new Mtc4jImplementation().call(Ops.CERT_PARSE, Json.object().put("profile", "plants-99")
                .put("certificate", "3000"));
        assertTrue(a.unsupported(), a.toJson().toString());
        assertTrue(a.message().contains("plants-99"), a.message());
        Answer known = new Mtc4jImplementation().call(Ops.CERT_PARSE, Json.object().put("profile", "plants-05")
                .put("certificate", "3000"));
        assertEquals(Ops.KIND_PARSE, known.kind());
    }
}
