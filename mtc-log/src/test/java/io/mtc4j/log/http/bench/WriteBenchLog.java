package io.mtc4j.log.http.bench;

import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.tiles.TileBuilder;
import io.mtc4j.spec.tiles.TileFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes the log that {@code mtc-log/bench/serve-vs-nginx.sh} serves with nginx and {@code mtc log serve}:
 * {@code DIR/1/} holding {@code SIZE} pseudo-random entries of 300 to 500 bytes (about an MTC log entry), every
 * tile and bundle per tlog-tiles, and an unsigned checkpoint body (serving does not check signatures). Also writes
 * {@code DIR/urls-tiles.txt} (every hash tile path) and {@code DIR/urls-bundles.txt} (up to 512 full bundles),
 * paths relative to the CA prefix, one per line. Not a test: run by the benchmark script.
 *
 * <p>Usage: {@code WriteBenchLog DIR SIZE}
 */
public final class WriteBenchLog {
    private WriteBenchLog() {}

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        int size = Integer.parseInt(args[1]);
        Path dir = root.resolve("1");
        Random r = new Random(1);
        TileBuilder b = new TileBuilder(HashFunction.sha256());
        List<String> tiles = new ArrayList<>();
        List<String> bundles = new ArrayList<>();
        byte[] e = new byte[500];
        for (int i = 0; i < size; i++) {
            r.nextBytes(e);
            for (TileFile f : b.appendEntry(java.util.Arrays.copyOf(e, 300 + r.nextInt(201)))) {
                write(dir, f, f.path().entries() ? bundles : tiles);
            }
            if ((i + 1) % 262_144 == 0) {
                System.err.printf("bench log: %,d / %,d entries%n", i + 1, size);
            }
        }
        for (TileFile f : b.partialTiles()) {
            write(dir, f, f.path().entries() ? bundles : tiles);
        }
        Files.writeString(dir.resolve("checkpoint"), new Checkpoint("bench.example/log", b.size(), b.rootHash())
                .format(), StandardCharsets.UTF_8);
        urls(root.resolve("urls-tiles.txt"), tiles);
        urls(root.resolve("urls-bundles.txt"), bundles.subList(0, Math.min(512, bundles.size())));
        System.err.printf("bench log: %,d entries, %,d hash tiles, %,d bundles in %s%n", size, tiles.size(),
                bundles.size(), dir);
    }

    private static void write(Path dir, TileFile f, List<String> urls) throws IOException {
        Path p = dir.resolve(f.path().path());
        Files.createDirectories(p.getParent());
        Files.write(p, f.data());
        urls.add("/1/" + f.path().path());
    }

    private static void urls(Path file, List<String> paths) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.US_ASCII))) {
            paths.forEach(w::println);
        }
    }
}
