package io.mtc4j.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.MtcParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded set of vector files: the committed set on the classpath ({@code /vectors/index.json} and the files
 * it lists) or a directory written by {@code mtc vectors generate}.
 */
public final class VectorSet {
    /** Classpath folder of the committed set. */
    public static final String RESOURCE_DIR = "/vectors/";
    /** The file listing every vector file of a set. */
    public static final String INDEX = "index.json";

    private final Map<String, JsonNode> files;

    private VectorSet(Map<String, JsonNode> files) {
        this.files = files;
    }

    /** The committed set shipped in this module's jar. */
    public static VectorSet committed() {
        return load(name -> {
            try (InputStream in = VectorSet.class.getResourceAsStream(RESOURCE_DIR + name)) {
                if (in == null) {
                    return Optional.empty();
                }
                return Optional.of(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "classpath:" + RESOURCE_DIR);
    }

    /** A set written to {@code dir} (its {@code index.json} and the files it lists). */
    public static VectorSet directory(Path dir) {
        return load(name -> {
            try {
                return Optional.of(Files.readAllBytes(dir.resolve(name)));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, dir.toString());
    }

    private interface Reader {
        Optional<byte[]> read(String name);
    }

    private static VectorSet load(Reader r, String where) {
        byte[] index = r.read(INDEX).orElseThrow(() -> new MtcParseException(INDEX, "not found in " + where));
        JsonNode idx = Json.parse(index);
        Map<String, JsonNode> files = new LinkedHashMap<>();
        for (JsonNode f : idx.path("files")) {
            String name = Json.text(f, "name");
            byte[] b = r.read(name + ".json")
                    .orElseThrow(() -> new MtcParseException(name + ".json", "listed in the index but missing"));
            files.put(name, Json.parse(b));
        }
        return new VectorSet(files);
    }

    /** File names (without {@code .json}) in index order. */
    public List<String> names() {
        return List.copyOf(files.keySet());
    }

    /** The parsed file {@code name}. */
    public Optional<JsonNode> file(String name) {
        return Optional.ofNullable(files.get(name));
    }

    /** Every test of every file, in order. */
    public List<Case> cases() {
        List<Case> out = new ArrayList<>();
        files.forEach((name, f) -> {
            String op = Json.text(f, "op");
            int g = 0;
            for (JsonNode group : f.path("testGroups")) {
                ObjectNode params = (ObjectNode) group.path("params");
                for (JsonNode t : group.path("tests")) {
                    out.add(new Case(name, op, g, params, (ObjectNode) t));
                }
                g++;
            }
        });
        return out;
    }

    /** Total number of tests. */
    public int size() {
        return files.values().stream().mapToInt(f -> f.path("numberOfTests").asInt()).sum();
    }

    /** One test with its file and group context. */
    public record Case(String file, String op, int group, ObjectNode params, ObjectNode test) {
        /** {@code params} overlaid with the test's {@code inputs}: the request's fields. */
        public ObjectNode request() {
            ObjectNode r = params.deepCopy();
            test.path("inputs").fields().forEachRemaining(e -> r.set(e.getKey(), e.getValue().deepCopy()));
            return r;
        }

        /** The test's id within its file. */
        public int tcId() {
            return test.path("tcId").asInt();
        }

        /** {@code file#tcId}: a stable, greppable id. */
        public String id() {
            return file + "#" + tcId();
        }

        /** {@code valid}, {@code invalid} or {@code acceptable}. */
        public String result() {
            return test.path("result").asText();
        }

        /** The draft section the test exercises. */
        public String section() {
            return test.path("section").asText();
        }

        /** The MUST id (MTC-NOTES §7), if any. */
        public Optional<String> must() {
            return test.hasNonNull("must") ? Optional.of(test.get("must").asText()) : Optional.empty();
        }

        /** The test comment. */
        public String comment() {
            return test.path("comment").asText();
        }
    }
}
