package io.mtc4j.conformance.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.conformance.Answer;
import io.mtc4j.conformance.Implementation;
import io.mtc4j.conformance.run.Outcome.Status;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.VectorSet;
import io.mtc4j.vectors.VectorSet.Case;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs vectors through an {@link Implementation} and judges each answer:
 * <ul>
 *   <li>{@code valid}: the answer must be positive and contain every {@code expected} field;</li>
 *   <li>{@code invalid}: the answer must reject (error of kind parse/invalid, or {@code valid: false}); the
 *       step is compared only where the vector names one (from the file's step vocabulary: its schema's
 *       {@code failure.step} enum, explained in its {@code notes}) and the answer reports one, and then they must
 *       agree;</li>
 *   <li>{@code acceptable}: rejecting passes; accepting passes if the output matches {@code expected};</li>
 *   <li>an {@code unsupported} answer is a skip, never a failure.</li>
 * </ul>
 */
public final class Runner {
    private final Implementation impl;
    private final PrintStream progress;

    /**
     * @param impl the implementation under test
     * @param progress where one line per file and one per failure go (concise, greppable)
     */
    public Runner(Implementation impl, PrintStream progress) {
        this.impl = impl;
        this.progress = progress;
    }

    /** Runs every test of {@code set}. */
    public List<Outcome> run(VectorSet set) {
        return run(set, false);
    }

    /**
     * Runs the tests of {@code set} in order, stopping after the first failure when {@code failFast} (used to
     * show quickly that a broken implementation is caught).
     */
    public List<Outcome> run(VectorSet set, boolean failFast) {
        List<Outcome> all = new ArrayList<>();
        String file = null;
        List<Outcome> current = new ArrayList<>();
        for (Case c : set.cases()) {
            if (!c.file().equals(file)) {
                if (file != null) {
                    fileDone(file, current);
                }
                file = c.file();
                current = new ArrayList<>();
            }
            Outcome o = runCase(c);
            current.add(o);
            all.add(o);
            if (o.status() == Status.FAIL) {
                progress.println("FAIL " + o.id() + " [" + o.section() + o.must().map(m -> " " + m).orElse("")
                        + "] " + o.comment() + ": " + o.reason());
                if (failFast) {
                    fileDone(file, current);
                    return all;
                }
            }
        }
        if (file != null) {
            fileDone(file, current);
        }
        return all;
    }

    private void fileDone(String file, List<Outcome> outcomes) {
        long pass = outcomes.stream().filter(o -> o.status() == Status.PASS).count();
        long fail = outcomes.stream().filter(o -> o.status() == Status.FAIL).count();
        long skip = outcomes.stream().filter(o -> o.status() == Status.SKIP).count();
        progress.printf("file %-40s %5d pass %5d fail %5d skip%n", file, pass, fail, skip);
        progress.flush();
    }

    /** Runs one test. */
    public Outcome runCase(Case c) {
        ObjectNode request = c.request();
        ObjectNode expected = Json.object();
        expected.put("result", c.result());
        if (c.test().has("expected")) {
            expected.set("expected", c.test().get("expected"));
        }
        if (c.test().has("failure")) {
            expected.set("failure", c.test().get("failure"));
        }
        Answer a;
        if (c.op().equals(Accumulated.OP)) {
            a = Accumulated.run(impl, request);
        } else {
            a = impl.call(c.op(), request);
        }
        Judgement j = judge(c.result(), c.test().get("expected"), c.test().path("failure").path("step"), a);
        return new Outcome(c.id(), c.file(), c.op(), c.section(), c.must(), j.status, c.comment(), request, expected,
                a.toJson(), j.reason);
    }

    private record Judgement(Status status, String reason) {}

    private static Judgement judge(String result, JsonNode expected, JsonNode step, Answer a) {
        if (a.unsupported()) {
            return new Judgement(Status.SKIP, "unsupported: " + a.message());
        }
        if (!a.ok() && a.kind().equals(Answer.KIND_PROTOCOL)) {
            return new Judgement(Status.FAIL, "protocol error: " + a.message());
        }
        switch (result) {
            case "valid" -> {
                if (!a.ok()) {
                    return new Judgement(Status.FAIL, "rejected (" + a.kind() + ": " + a.message() + ")");
                }
                Optional<String> d = Compare.contains(expected, a.result().orElseThrow());
                return d.map(s -> new Judgement(Status.FAIL, "wrong output " + s))
                        .orElse(new Judgement(Status.PASS, ""));
            }
            case "invalid" -> {
                if (!a.rejects()) {
                    return new Judgement(Status.FAIL, "accepted an invalid input: "
                            + Json.compact(a.result().orElseThrow()));
                }
                if (step.isTextual() && a.ok() && a.result().orElseThrow().path("step").isTextual()) {
                    String got = a.result().orElseThrow().get("step").asText();
                    if (!got.equals(step.asText())) {
                        return new Judgement(Status.FAIL, "rejected at step " + got + ", expected " + step.asText());
                    }
                }
                return new Judgement(Status.PASS, "");
            }
            case "acceptable" -> {
                if (a.rejects()) {
                    return new Judgement(Status.PASS, "");
                }
                Optional<String> d = Compare.contains(expected, a.result().orElseThrow());
                return d.map(s -> new Judgement(Status.FAIL, "accepted with wrong output " + s))
                        .orElse(new Judgement(Status.PASS, ""));
            }
            default -> {
                return new Judgement(Status.FAIL, "vector has unknown result '" + result + "'");
            }
        }
    }
}
