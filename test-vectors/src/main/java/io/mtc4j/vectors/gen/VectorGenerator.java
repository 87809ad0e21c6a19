package io.mtc4j.vectors.gen;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.Profile;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.VectorFile;
import io.mtc4j.vectors.VectorSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Generates the whole vector set byte for byte: every source, in a fixed order, with fixed keys and seeds.
 * Output layout: {@code index.json}, {@code <name>.json} per file, {@code schema/<name>.schema.json} and
 * {@code musts.json} (the MUST catalogue the tests' {@code must} fields cite).
 */
public final class VectorGenerator {
    private VectorGenerator() {}

    /** The sources, in output order. */
    static List<VectorSource> sources() {
        return List.of(new MerkleVectors(), new TaiVectors(), new CosignVectors(), new CertVectors(), new LandmarkVectors(),
                new CheckpointVectors(), new VerifyVectors(), new SubtreeVectors(), new CaAndEntryVectors(),
                new TileVectors(), new AppendixVectors(), new PropertiesVectors());
    }

    /**
     * Renders the set: relative path → file text.
     *
     * @param profile restrict to one profile, or all when empty
     */
    public static Map<String, String> render(Optional<Profile> profile) {
        List<Profile> profiles = profile.map(List::of).orElse(Arrays.asList(Profile.values()));
        List<VectorFile> files = new ArrayList<>();
        for (VectorSource s : sources()) {
            files.addAll(s.generate(profiles));
        }
        Map<String, String> out = new LinkedHashMap<>();
        ObjectNode index = Json.object();
        index.put("draft", VectorFile.DRAFT);
        index.put("generator", "mtc4j vectors generate");
        ArrayNode profileNames = index.putArray("profiles");
        profiles.forEach(p -> profileNames.add(p.wireName()));
        int total = files.stream().mapToInt(VectorFile::size).sum();
        index.put("numberOfTests", total);
        ArrayNode list = index.putArray("files");
        for (VectorFile f : files) {
            ObjectNode e = list.addObject();
            e.put("name", f.name());
            ObjectNode json = f.toJson();
            e.put("op", json.get("op").asText());
            e.put("numberOfTests", f.size());
            if (out.put(f.name() + ".json", Json.pretty(json)) != null) {
                throw new IllegalStateException("two vector files named " + f.name());
            }
            out.put("schema/" + f.name() + ".schema.json", Json.pretty(f.schema()));
        }
        index.put("musts", io.mtc4j.vectors.Musts.FILE);
        out.put(io.mtc4j.vectors.Musts.FILE, Json.pretty(io.mtc4j.vectors.Musts.toJson()));
        out.put(VectorSet.INDEX, Json.pretty(index));
        return out;
    }

    /** Writes the set into {@code dir}, replacing files of the same name; returns the number of tests. */
    public static int write(Path dir, Optional<Profile> profile) throws IOException {
        Map<String, String> files = render(profile);
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return Json.parse(files.get(VectorSet.INDEX)).path("numberOfTests").asInt();
    }
}
