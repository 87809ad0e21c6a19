package io.mtc4j.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.vectors.gen.VectorGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorDiffTest {
    @Test
    void identicalSetsHaveNoDifferences(@TempDir Path a, @TempDir Path b) throws Exception {
        VectorGenerator.write(a, Optional.empty());
        VectorGenerator.write(b, Optional.empty());
        assertEquals(List.of(), VectorDiff.diff(VectorSet.directory(a), VectorSet.directory(b)));
    }

    @Test
    void aChangedExpectedValueIsReportedPerTest(@TempDir Path a, @TempDir Path b) throws Exception {
        VectorGenerator.write(a, Optional.empty());
        VectorGenerator.write(b, Optional.empty());
        Path f = b.resolve("tai_encode.json");
        ObjectNode json = (ObjectNode) Json.parse(Files.readString(f));
        ObjectNode t = (ObjectNode) json.get("testGroups").get(0).get("tests").get(1);
        ((ObjectNode) t.get("expected")).put("binary", "00");
        Files.writeString(f, Json.pretty(json), StandardCharsets.UTF_8);
        List<VectorDiff.Change> d = VectorDiff.diff(VectorSet.directory(a), VectorSet.directory(b));
        assertEquals(1, d.size(), d.toString());
        assertEquals("tai_encode#2 /expected/binary: \"8fffffff7f\" -> \"00\"", d.get(0).toString());
    }

    @Test
    void aRemovedFileIsReported(@TempDir Path a) throws Exception {
        VectorGenerator.write(a, Optional.empty());
        VectorSet full = VectorSet.directory(a);
        ObjectNode idx = (ObjectNode) Json.parse(Files.readString(a.resolve("index.json")));
        ((com.fasterxml.jackson.databind.node.ArrayNode) idx.get("files")).remove(0);
        Files.writeString(a.resolve("index.json"), Json.pretty(idx));
        List<VectorDiff.Change> d = VectorDiff.diff(full, VectorSet.directory(a));
        assertTrue(d.get(0).toString().endsWith("present -> absent"), d.toString());
    }
}
