package io.mtc4j.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds one Wycheproof-style vector file: a header (procedure, operation, draft reference), {@code testGroups}
 * whose {@code params} every test of the group shares, and tests with {@code tcId}, {@code comment},
 * {@code flags}, the draft {@code section} (and {@code must}, an id of the MUST catalogue {@link Musts}, shipped as
 * {@code musts.json}),
 * {@code inputs}, {@code result} ({@code valid} / {@code invalid} / {@code acceptable}) and either
 * {@code expected} (output fields) or {@code failure} ({@code kind} and optionally the failing {@code step}).
 * The request an adapter receives is {@code params} overlaid with {@code inputs}.
 *
 * <p>Also builds the file's JSON Schema (draft 2020-12) from the declared request and output fields.
 */
public final class VectorFile {
    /** The draft revision all section names refer to. */
    public static final String DRAFT = "draft-ietf-plants-merkle-tree-certs main@d7362d6";

    /** Value types a request or output field may have (they become schema types). */
    public enum Type {
        /** Lowercase hex bytes. */
        HEX,
        /** An array of lowercase hex byte strings. */
        HEX_LIST,
        /** An unsigned integer: JSON number up to 2^53, decimal string above. */
        UINT,
        /** Free text. */
        STRING,
        /** true/false. */
        BOOL,
        /** A profile wire name such as {@code "plants-05"}. */
        PROFILE,
        /** A pair [start, end) of UINTs. */
        RANGE,
        /** An array of UINTs. */
        UINT_LIST,
        /** An array of strings. */
        STRING_LIST,
        /** Any JSON value (structured inputs such as cosigner lists and policies). */
        ANY
    }

    private final String name;
    private final String op;
    private final String title;
    private final Map<String, Type> requestFields = new LinkedHashMap<>();
    private final Map<String, Type> outputFields = new LinkedHashMap<>();
    private final Map<String, String> notes = new LinkedHashMap<>();
    private final Map<String, String> steps = new LinkedHashMap<>();
    private final List<Group> groups = new ArrayList<>();
    private int nextId = 1;

    private VectorFile(String name, String op, String title) {
        this.name = name;
        this.op = op;
        this.title = title;
    }

    /**
     * Starts a file.
     *
     * @param name file name without {@code .json}, e.g. {@code "merkle_subtree_hash"}
     * @param op the operation every test calls (a {@link Ops} constant) or a harness-level kind such as
     *     {@code "accumulated"}
     * @param title one line saying what the file tests
     */
    public static VectorFile create(String name, String op, String title) {
        return new VectorFile(name, op, title);
    }

    /** The file name without extension. */
    public String name() {
        return name;
    }

    /** Declares a request field (in params or inputs). */
    public VectorFile request(String field, Type type) {
        requestFields.put(field, type);
        return this;
    }

    /** Declares an output field that {@code expected} may contain. */
    public VectorFile output(String field, Type type) {
        outputFields.put(field, type);
        return this;
    }

    /** Explains a flag used by tests of this file. */
    public VectorFile note(String flag, String description) {
        notes.put(flag, description);
        return this;
    }

    /**
     * Declares the step vocabulary of an operation that reports the failing step: step name → what it checks and
     * which numbered step of the draft procedure it is. The schema restricts {@code failure.step} to these names
     * and the file's {@code notes} explain each as {@code "step NAME"}.
     */
    public VectorFile step(String name, String description) {
        steps.put(name, description);
        return this;
    }

    /** Adds a test group whose tests share {@code params}. */
    public Group group(String comment, ObjectNode params) {
        Group g = new Group(comment, params.deepCopy());
        groups.add(g);
        return g;
    }

    /** Number of tests so far. */
    public int size() {
        return nextId - 1;
    }

    /** Where a test sits in the draft: its section title and, where one applies, the MTC-NOTES §7 MUST id. */
    public record Tag(String section, Optional<String> must) {
        public Tag {
            Objects.requireNonNull(section, "section");
            Objects.requireNonNull(must, "must");
        }

        /** A section without a MUST id. */
        public static Tag of(String section) {
            return new Tag(section, Optional.empty());
        }

        /** A section and a MUST id. */
        public static Tag of(String section, String must) {
            return new Tag(section, Optional.of(must));
        }
    }

    /** One test group. */
    public final class Group {
        private final String comment;
        private final ObjectNode params;
        private final ArrayNode tests = Json.array();

        private Group(String comment, ObjectNode params) {
            this.comment = comment;
            this.params = params;
            params.fieldNames().forEachRemaining(f -> check(f));
        }

        private void check(String field) {
            if (!requestFields.containsKey(field)) {
                throw new IllegalArgumentException(name + ": undeclared request field " + field);
            }
        }

        private ObjectNode base(String comment, Tag tag, ObjectNode inputs, String result, List<String> flags) {
            inputs.fieldNames().forEachRemaining(this::check);
            tag.must().ifPresent(m -> Musts.byId(m).orElseThrow(() -> new IllegalArgumentException(name
                    + ": MUST id " + m + " is not in the catalogue (" + Musts.FILE + ")")));
            for (String f : flags) {
                if (!notes.containsKey(f)) {
                    throw new IllegalArgumentException(name + ": flag without a note: " + f);
                }
            }
            ObjectNode t = Json.object();
            t.put("tcId", nextId++);
            t.put("comment", comment);
            ArrayNode fl = t.putArray("flags");
            flags.forEach(fl::add);
            t.put("section", tag.section());
            tag.must().ifPresent(m -> t.put("must", m));
            t.set("inputs", inputs.deepCopy());
            t.put("result", result);
            tests.add(t);
            return t;
        }

        /** A test whose answer must contain {@code expected} (a subset of the output fields). */
        public Group valid(String comment, Tag tag, ObjectNode inputs, ObjectNode expected, String... flags) {
            expected.fieldNames().forEachRemaining(f -> {
                if (!outputFields.containsKey(f)) {
                    throw new IllegalArgumentException(name + ": undeclared output field " + f);
                }
            });
            base(comment, tag, inputs, "valid", List.of(flags)).set("expected", expected.deepCopy());
            return this;
        }

        /**
         * A test the implementation must reject: an error of kind {@code parse} or {@code invalid}, or (for
         * operations answering {@code valid}) {@code valid: false}.
         *
         * @param kind the kind mtc4j answers ({@code parse} or {@code invalid}); either kind passes
         * @param step the failing step of the draft procedure, when the operation reports steps
         */
        public Group invalid(String comment, Tag tag, ObjectNode inputs, String kind, Optional<String> step,
                String... flags) {
            ObjectNode t = base(comment, tag, inputs, "invalid", List.of(flags));
            ObjectNode f = t.putObject("failure");
            f.put("kind", kind);
            step.ifPresent(s -> {
                if (!steps.containsKey(s)) {
                    throw new IllegalArgumentException(name + ": step " + s + " is not in the file's vocabulary");
                }
                f.put("step", s);
            });
            return this;
        }

        /** A test where both accepting and rejecting conform (e.g. a SHOULD); {@code expected} if accepted. */
        public Group acceptable(String comment, Tag tag, ObjectNode inputs, ObjectNode expected, String... flags) {
            base(comment, tag, inputs, "acceptable", List.of(flags)).set("expected", expected.deepCopy());
            return this;
        }

        ObjectNode toJson() {
            ObjectNode g = Json.object();
            g.put("comment", comment);
            g.set("params", params);
            g.set("tests", tests);
            return g;
        }
    }

    /** The file's JSON form. */
    public ObjectNode toJson() {
        ObjectNode f = Json.object();
        f.put("$schema", "schema/" + name + ".schema.json");
        f.put("name", name);
        f.put("op", op);
        f.put("title", title);
        f.put("draft", DRAFT);
        f.put("numberOfTests", size());
        ObjectNode n = f.putObject("notes");
        notes.forEach(n::put);
        steps.forEach((k, v) -> n.put("step " + k, v));
        ArrayNode gs = f.putArray("testGroups");
        groups.forEach(g -> gs.add(g.toJson()));
        return f;
    }

    /** The file's JSON Schema (draft 2020-12): the envelope plus this file's request and output fields. */
    public ObjectNode schema() {
        ObjectNode s = Json.object();
        s.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        s.put("$id", "https://mtc4j.io/vectors/schema/" + name + ".schema.json");
        s.put("title", name + ": " + title);
        s.put("type", "object");
        s.set("required", strings("name", "op", "title", "draft", "numberOfTests", "notes", "testGroups"));
        s.put("additionalProperties", false);
        ObjectNode p = s.putObject("properties");
        p.putObject("$schema").put("const", "schema/" + name + ".schema.json");
        p.putObject("name").put("const", name);
        p.putObject("op").put("const", op);
        p.putObject("title").put("type", "string");
        p.putObject("draft").put("const", DRAFT);
        p.putObject("numberOfTests").put("type", "integer").put("minimum", 0);
        ObjectNode notesSchema = p.putObject("notes");
        notesSchema.put("type", "object");
        notesSchema.putObject("additionalProperties").put("type", "string");
        ObjectNode groupsSchema = p.putObject("testGroups");
        groupsSchema.put("type", "array");
        groupsSchema.putObject("items").put("$ref", "#/$defs/group");

        ObjectNode defs = s.putObject("$defs");
        defs.putObject("hex").put("type", "string").put("pattern", "^([0-9a-f]{2})*$");
        ObjectNode uint = defs.putObject("uint");
        ArrayNode any = uint.putArray("oneOf");
        any.addObject().put("type", "integer").put("minimum", 0).put("maximum", Json.MAX_SAFE);
        any.addObject().put("type", "string").put("pattern", "^(0|[1-9][0-9]*)$");
        defs.putObject("request").put("type", "object").put("additionalProperties", false)
                .set("properties", fieldSchemas(requestFields));
        defs.putObject("output").put("type", "object").put("additionalProperties", false)
                .set("properties", fieldSchemas(outputFields));

        ObjectNode group = defs.putObject("group");
        group.put("type", "object").put("additionalProperties", false);
        group.set("required", strings("comment", "params", "tests"));
        ObjectNode gp = group.putObject("properties");
        gp.putObject("comment").put("type", "string");
        gp.putObject("params").put("$ref", "#/$defs/request");
        gp.putObject("tests").put("type", "array").putObject("items").put("$ref", "#/$defs/test");

        ObjectNode test = defs.putObject("test");
        test.put("type", "object").put("additionalProperties", false);
        test.set("required", strings("tcId", "comment", "flags", "section", "inputs", "result"));
        ObjectNode tp = test.putObject("properties");
        tp.putObject("tcId").put("type", "integer").put("minimum", 1);
        tp.putObject("comment").put("type", "string");
        tp.putObject("flags").put("type", "array").putObject("items").put("type", "string");
        tp.putObject("section").put("type", "string").put("minLength", 1);
        tp.putObject("must").put("type", "string").put("pattern", "^[ECKLR][0-9]+$");
        tp.putObject("inputs").put("$ref", "#/$defs/request");
        tp.putObject("result").set("enum", strings("valid", "invalid", "acceptable"));
        tp.putObject("expected").put("$ref", "#/$defs/output");
        ObjectNode failure = tp.putObject("failure");
        failure.put("type", "object").put("additionalProperties", false);
        failure.set("required", strings("kind"));
        ObjectNode fp = failure.putObject("properties");
        fp.putObject("kind").set("enum", strings(Ops.KIND_PARSE, Ops.KIND_INVALID));
        ObjectNode stepSchema = fp.putObject("step").put("type", "string");
        if (!steps.isEmpty()) {
            stepSchema.set("enum", strings(steps.keySet().toArray(String[]::new)));
        }
        // valid/acceptable carry expected; invalid carries failure.
        ArrayNode rules = test.putArray("allOf");
        ObjectNode ifInvalid = rules.addObject();
        ifInvalid.putObject("if").putObject("properties").putObject("result").put("const", "invalid");
        ifInvalid.putObject("then").set("required", strings("failure"));
        ifInvalid.putObject("else").set("required", strings("expected"));
        return s;
    }

    private static ObjectNode fieldSchemas(Map<String, Type> fields) {
        ObjectNode props = Json.object();
        fields.forEach((f, t) -> props.set(f, typeSchema(t)));
        return props;
    }

    private static JsonNode typeSchema(Type t) {
        ObjectNode s = Json.object();
        switch (t) {
            case HEX -> s.put("$ref", "#/$defs/hex");
            case HEX_LIST -> s.put("type", "array").putObject("items").put("$ref", "#/$defs/hex");
            case UINT -> s.put("$ref", "#/$defs/uint");
            case STRING -> s.put("type", "string");
            case BOOL -> s.put("type", "boolean");
            case PROFILE -> s.set("enum", strings(io.mtc4j.spec.Profile.names().toArray(String[]::new)));
            case RANGE -> {
                s.put("type", "array").put("minItems", 2).put("maxItems", 2);
                s.putObject("items").put("$ref", "#/$defs/uint");
            }
            case UINT_LIST -> s.put("type", "array").putObject("items").put("$ref", "#/$defs/uint");
            case STRING_LIST -> s.put("type", "array").putObject("items").put("type", "string");
            case ANY -> { }
            default -> throw new IllegalStateException(t.toString());
        }
        return s;
    }

    private static ArrayNode strings(String... s) {
        ArrayNode a = Json.array();
        for (String x : s) {
            a.add(x);
        }
        return a;
    }
}
