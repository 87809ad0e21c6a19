package io.mtc4j.spec.tiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.merkle.Rfc9162Proofs;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.testing.Interop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interop with the draft authors' generator: from the entry bundles in {@code tile/entries} mtc4j rebuilds every
 * hash tile and bundle byte for byte, and the checkpoint's root hash; proofs read from the generator's tiles
 * equal proofs from an in-memory tree.
 */
class TilesInteropTest {
    private static final HashFunction H = HashFunction.sha256();

    /** Every file under {@code tile/}, keyed by its path relative to the log prefix. */
    private static Map<String, byte[]> tileFiles(Path corpus) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(corpus.resolve("tile"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = corpus.relativize(f).toString().replace('\\', '/');
                out.put(rel, Files.readAllBytes(f));
            }
        }
        return out;
    }

    private static String[] checkpoint(Path corpus) throws IOException {
        return Files.readString(corpus.resolve("checkpoint"), StandardCharsets.UTF_8).split("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"draft-demo-plants05", "draft-demo-plants02"})
    void rebuildsEveryTileAndTheCheckpointRoot(String name) throws IOException {
        Path corpus = Interop.corpus(name);
        Map<String, byte[]> expected = tileFiles(corpus);
        List<TilePath> bundles = new ArrayList<>();
        for (String p : expected.keySet()) {
            TilePath tp = TilePath.parse(p);
            assertEquals(p, tp.path(), "format(parse(path)) for " + p);
            if (tp.entries()) {
                bundles.add(tp);
            }
        }
        bundles.sort(Comparator.comparingLong(TilePath::index));

        TileBuilder builder = new TileBuilder(H);
        MemoryTree tree = new MemoryTree(H);
        Map<String, byte[]> rebuilt = new TreeMap<>();
        for (TilePath bp : bundles) {
            byte[] data = expected.get(bp.path());
            EntryBundle bundle = EntryBundle.parse(bp, data);
            assertArrayEquals(data, bundle.encode(), "re-encoded " + bp);
            for (byte[] entry : bundle.entries()) {
                tree.appendEntry(entry);
                builder.appendEntry(entry).forEach(t -> rebuilt.put(t.path().path(), t.data()));
            }
        }
        builder.partialTiles().forEach(t -> rebuilt.put(t.path().path(), t.data()));

        assertEquals(expected.keySet(), rebuilt.keySet(), "the same set of tile files");
        for (String p : expected.keySet()) {
            assertArrayEquals(expected.get(p), rebuilt.get(p), p);
        }

        String[] cp = checkpoint(corpus);
        long size = Long.parseLong(cp[1]);
        byte[] root = Base64.getDecoder().decode(cp[2]);
        assertEquals(size, builder.size());
        assertArrayEquals(root, builder.rootHash(), "checkpoint root from the builder");
        assertArrayEquals(root, tree.rootHash(), "checkpoint root from a MemoryTree");

        // Proofs computed from the generator's own tiles equal those from the in-memory tree.
        TileNodeReader fromCorpus = new TileNodeReader(H, size, path -> {
            Path f = corpus.resolve(path.path());
            try {
                return Files.isRegularFile(f) ? Optional.of(Files.readAllBytes(f)) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertArrayEquals(root, fromCorpus.rootHash(), "checkpoint root from the corpus tiles");
        for (long i = 0; i < size; i += 97) {
            List<byte[]> a = Rfc9162Proofs.inclusionProof(fromCorpus, i, size);
            List<byte[]> b = Rfc9162Proofs.inclusionProof(tree, i, size);
            assertEquals(b.size(), a.size());
            for (int j = 0; j < a.size(); j++) {
                assertArrayEquals(b.get(j), a.get(j));
            }
            assertTrue(Rfc9162Proofs.verifyInclusion(H, i, size, tree.node(0, i), a, root));
        }
        for (long m = 1; m < size; m = m * 3 + 1) {
            Subtree s = new Subtree(0, m);
            List<byte[]> p = SubtreeProofs.consistencyProof(fromCorpus, size, s);
            assertTrue(SubtreeProofs.verifyConsistencyProof(H, size, s, p, SubtreeProofs.subtreeHash(tree, s), root));
        }
    }

    private static final Pattern SUBTREE_LINE = Pattern.compile("^  Subtree \\[(\\d+), (\\d+)\\) with hash (\\S+)$");

    /**
     * Every subtree named in {@code generation-log.txt} is valid, its hash equals the subtree hash mtc4j computes
     * from the entry bundles, and a subtree consistency proof generated from the generator's own tiles proves it
     * consistent with the checkpoint.
     */
    @ParameterizedTest
    @ValueSource(strings = {"draft-demo-plants05", "draft-demo-plants02"})
    void everyLoggedSubtreeHashAndItsConsistencyWithTheCheckpoint(String name) throws IOException {
        Path corpus = Interop.corpus(name);
        String[] cp = checkpoint(corpus);
        long size = Long.parseLong(cp[1]);
        byte[] root = Base64.getDecoder().decode(cp[2]);
        TileNodeReader tiles = new TileNodeReader(H, size, path -> {
            Path f = corpus.resolve(path.path());
            try {
                return Files.isRegularFile(f) ? Optional.of(Files.readAllBytes(f)) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        int seen = 0;
        for (String line : Files.readAllLines(corpus.resolve("generation-log.txt"), StandardCharsets.UTF_8)) {
            Matcher m = SUBTREE_LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Subtree s = new Subtree(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
            byte[] logged = Base64.getDecoder().decode(m.group(3));
            assertTrue(s.isValid(), s + " is valid");
            assertArrayEquals(logged, SubtreeProofs.subtreeHash(tiles, s), s + " hash");
            List<byte[]> proof = SubtreeProofs.consistencyProof(tiles, size, s);
            SubtreeProofs.checkConsistencyProof(H, size, s, proof, logged, root);
            seen++;
        }
        assertTrue(seen >= 10, "found " + seen + " subtree lines");
    }
}
