package io.mtc4j.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mtc4j.vectors.gen.VectorGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed vector set is exactly what the generator produces now (byte for byte, no extra files). */
class CommittedVectorsTest {
    static final Path COMMITTED = Path.of("src/main/resources/vectors");

    @Test
    void committedSetEqualsAFreshGeneration() throws IOException {
        Map<String, String> fresh = VectorGenerator.render(Optional.empty());
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : fresh.entrySet()) {
            Path p = COMMITTED.resolve(e.getKey());
            if (!Files.exists(p)) {
                problems.add("missing: " + e.getKey());
            } else if (!Files.readString(p, StandardCharsets.UTF_8).equals(e.getValue())) {
                problems.add("differs: " + e.getKey());
            }
        }
        TreeSet<String> onDisk = new TreeSet<>();
        try (Stream<Path> s = Files.walk(COMMITTED)) {
            s.filter(Files::isRegularFile).forEach(p -> onDisk.add(COMMITTED.relativize(p).toString().replace('\\', '/')));
        }
        onDisk.removeAll(fresh.keySet());
        onDisk.forEach(x -> problems.add("stale (no longer generated): " + x));
        if (!problems.isEmpty()) {
            fail("committed vectors are out of date; regenerate with\n  ./mtc vectors generate --out "
                    + "test-vectors/src/main/resources/vectors\n(and delete stale files):\n  "
                    + String.join("\n  ", problems));
        }
    }

    @Test
    void generationIsDeterministic() {
        assertEquals(VectorGenerator.render(Optional.empty()), VectorGenerator.render(Optional.empty()));
    }

    @Test
    void classpathSetMatchesTheIndex() {
        VectorSet set = VectorSet.committed();
        assertTrue(set.size() > 0);
        assertEquals(set.size(), set.cases().size());
        for (VectorSet.Case c : set.cases()) {
            assertTrue(!c.section().isEmpty(), c.id() + " has no section");
        }
    }

    @Test
    void committedSetStaysModest() throws IOException {
        long bytes;
        try (Stream<Path> s = Files.walk(COMMITTED)) {
            bytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        assertTrue(bytes < 6_000_000, "committed vectors are " + bytes + " bytes; keep them to a few MB");
    }

    @Test
    void profileRestrictionKeepsOnlyThatProfile() {
        Map<String, String> one = VectorGenerator.render(Optional.of(io.mtc4j.spec.Profile.PLANTS_02));
        for (Map.Entry<String, String> e : one.entrySet()) {
            if (e.getKey().endsWith(".json") && !e.getKey().startsWith("schema/") && !e.getKey().equals("index.json")) {
                assertTrue(!e.getValue().contains("\"profile\": \"plants-05\""), e.getKey());
            }
        }
    }
}
