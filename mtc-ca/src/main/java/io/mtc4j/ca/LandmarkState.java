package io.mtc4j.ca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.landmark.LandmarkAllocator;
import io.mtc4j.spec.landmark.LandmarkSequence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * One log's landmark allocator (draft §"Allocating Landmarks"), persisted in {@code DIR/landmarks/<log>.json}: the
 * whole landmark sequence (the published landmarks file holds only the active ones) and the interval of the last
 * allocation. Intervals are counted from the Unix epoch. Written durably before the landmarks file is published,
 * so a published landmark is never forgotten.
 */
final class LandmarkState {
    private LandmarkState() {}

    static Path file(Path caDir, int log) {
        return caDir.resolve("landmarks").resolve(log + ".json");
    }

    static LandmarkAllocator read(Path caDir, int log, Duration interval) {
        Path f = file(caDir, log);
        if (!Files.exists(f)) {
            return LandmarkAllocator.start(Instant.EPOCH, interval);
        }
        try {
            JsonNode o = new ObjectMapper().readTree(Files.readAllBytes(f));
            List<Long> sizes = new ArrayList<>();
            for (JsonNode x : o.get("treeSizes")) {
                sizes.add(x.longValue());
            }
            JsonNode last = o.get("lastAllocation");
            return new LandmarkAllocator(Instant.EPOCH, interval, LandmarkSequence.of(sizes), last.isNull()
                    ? OptionalLong.empty() : OptionalLong.of(last.longValue()));
        } catch (IOException | RuntimeException e) {
            throw new CaException(f.toString(), "unreadable", "cannot read the landmark state: " + e);
        }
    }

    static void write(Path caDir, int log, LandmarkAllocator a) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode o = m.createObjectNode();
        var arr = o.putArray("treeSizes");
        a.sequence().treeSizes().forEach(arr::add);
        if (a.lastAllocation().isPresent()) {
            o.put("lastAllocation", a.lastAllocation().getAsLong());
        } else {
            o.putNull("lastAllocation");
        }
        Durable.write(file(caDir, log), (o.toString() + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
