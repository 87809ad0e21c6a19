package io.mtc4j.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mtc vectors generate} and {@code mtc vectors diff} through the CLI. */
class VectorsCommandTest {
    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(rc), out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void generateThenDiffAgainstTheCommittedSet(@TempDir Path dir) throws Exception {
        String[] g = run("vectors", "generate", "--out", dir.toString());
        assertEquals("0", g[0], g[2]);
        assertTrue(g[1].startsWith("wrote " + VectorSet.committed().size() + " tests"), g[1]);
        String[] d = run("vectors", "diff", "committed", dir.toString());
        assertEquals("0", d[0], d[1]);
        assertTrue(d[1].contains("no differences"));
        Path f = dir.resolve("merkle_covering_subtrees.json");
        Files.writeString(f, Files.readString(f).replaceFirst("\"left\": \\[\\s*0,", "\"left\": [1,"));
        String[] d2 = run("vectors", "diff", "committed", dir.toString());
        assertEquals("1", d2[0]);
        assertTrue(d2[1].contains("merkle_covering_subtrees#1 /expected/left/0: 0 -> 1"), d2[1]);
    }

    @Test
    void oneProfileOnly(@TempDir Path dir) throws Exception {
        String[] g = run("vectors", "generate", "--out", dir.toString(), "--profile", "davidben-09");
        assertEquals("0", g[0], g[2]);
        VectorSet set = VectorSet.directory(dir);
        assertTrue(set.names().contains("cert_parse"));
        assertTrue(!set.names().contains("merkle_subtree_hash"), "profile-independent current-draft files omitted");
        assertTrue(set.cases().stream().allMatch(c -> c.request().path("profile").asText("davidben-09")
                .equals("davidben-09")));
    }

    @Test
    void usageErrors() {
        assertEquals("2", run("vectors")[0]);
        assertEquals("2", run("vectors", "generate")[0]);
        assertEquals("2", run("vectors", "diff", "a")[0]);
        assertEquals("2", run("vectors", "frobnicate")[0]);
        assertEquals("2", run("vectors", "generate", "--out", "x", "--profile", "plants-99")[0]);
    }
}
