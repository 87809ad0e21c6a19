package io.mtc4j.spec.tiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.merkle.MerkleHash;
import io.mtc4j.spec.merkle.NodeReader;
import io.mtc4j.spec.merkle.Rfc9162Proofs;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.LongRange;

/**
 * The incremental tile builder against tlog-tiles and an in-memory tree: the exact set of full and partial tiles,
 * the root, proofs read back from the tiles, and resuming from stored tiles.
 */
class TileBuilderProperties {
    private static final HashFunction H = HashFunction.sha256();
    private static final int MAX = 100_000;
    private static final MemoryTree TREE = new MemoryTree(H);

    static {
        for (int i = 0; i < MAX; i++) {
            TREE.appendEntry(entry(i));
        }
    }

    static byte[] entry(long i) {
        return ("entry " + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The tiles and bundles tlog-tiles says a tree of {@code size} is served as. */
    static Set<TilePath> expectedTiles(long size) {
        Set<TilePath> out = new HashSet<>();
        for (int level = 0; level < 8; level++) {
            long hashes = size >>> (8 * level);
            for (long n = 0; n <= hashes >>> 8; n++) {
                if (n < hashes >>> 8 || (hashes & 0xff) != 0) {
                    out.add(TilePath.hashTileFor(level, n, size));
                    if (level == 0) {
                        out.add(TilePath.entryBundleFor(n, size));
                    }
                }
            }
        }
        return out;
    }

    @Provide
    Arbitrary<Long> sizes() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(0, 3000)),
                Tuple.of(1, Arbitraries.of(256L, 65536L, 65535L, 65537L, 70000L)),
                Tuple.of(1, Arbitraries.longs().between(3000, MAX)));
    }

    @Property(tries = 25)
    void buildsTheSpecifiedTilesRootAndProofs(@ForAll("sizes") long size,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long r) {
        long resumeAt = size == 0 ? 0 : r % (size + 1);
        Map<TilePath, byte[]> store = new HashMap<>();
        TileBuilder b = new TileBuilder(H);
        List<TileFile> partialAtResume = List.of();
        for (long i = 0; i < size; i++) {
            if (i == resumeAt) {
                partialAtResume = b.partialTiles();
            }
            b.appendEntry(entry(i)).forEach(t -> assertTrue(store.put(t.path(), t.data()) == null, "emitted twice"));
        }
        if (resumeAt == size) {
            partialAtResume = b.partialTiles();
        }
        for (TilePath p : store.keySet()) {
            assertTrue(!p.isPartial(), "append emitted a partial tile " + p);
        }
        List<TileFile> partial = b.partialTiles();
        Set<TilePath> all = new HashSet<>(store.keySet());
        partial.forEach(t -> all.add(t.path()));
        assertEquals(expectedTiles(size), all);

        byte[] root = SubtreeProofs.subtreeHash(TREE, new Subtree(0, size));
        assertArrayEquals(root, b.rootHash());
        assertEquals(size, b.size());

        Map<TilePath, byte[]> served = new HashMap<>(store);
        partial.forEach(t -> served.put(t.path(), t.data()));
        TileNodeReader tiles = new TileNodeReader(H, size, p -> Optional.ofNullable(served.get(p)));
        assertArrayEquals(root, tiles.rootHash());
        NodeReader live = b.nodeReader(p -> Optional.ofNullable(store.get(p)));
        if (size > 0) {
            long index = r % size;
            List<byte[]> expected = Rfc9162Proofs.inclusionProof(TREE, index, size);
            assertSame(expected, Rfc9162Proofs.inclusionProof(tiles, index, size));
            assertSame(expected, Rfc9162Proofs.inclusionProof(live, index, size));
            long m = 1 + (r >>> 20) % size;
            assertSame(Rfc9162Proofs.consistencyProof(TREE, m, size), Rfc9162Proofs.consistencyProof(tiles, m, size));
            // every leaf hash in the level-0 tiles is MTH({entry}) of the bundle's entry
            EntryBundle bundle = EntryBundle.parse(TilePath.entryBundleFor(index >>> 8, size),
                    served.get(TilePath.entryBundleFor(index >>> 8, size)));
            assertArrayEquals(MerkleHash.leafHash(H, bundle.entry((int) (index & 0xff))), tiles.node(0, index));
        }

        // resume from the tiles stored at resumeAt and append the rest: same tiles, same root
        Map<TilePath, byte[]> atResume = new HashMap<>();
        store.forEach((p, d) -> {
            if (!p.isPartial()) {
                atResume.put(p, d);
            }
        });
        partialAtResume.forEach(t -> atResume.put(t.path(), t.data()));
        TileBuilder resumed = TileBuilder.resume(H, resumeAt, true, p -> Optional.ofNullable(atResume.get(p)));
        Map<TilePath, byte[]> later = new HashMap<>();
        for (long i = resumeAt; i < size; i++) {
            resumed.appendEntry(entry(i)).forEach(t -> later.put(t.path(), t.data()));
        }
        later.forEach((p, d) -> assertArrayEquals(store.get(p), d, p.path()));
        assertEquals(partial, resumed.partialTiles());
        assertArrayEquals(root, resumed.rootHash());
    }

    private static void assertSame(List<byte[]> a, List<byte[]> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i));
        }
    }

    @Example
    void aTreeOf70000() {
        TileBuilder b = new TileBuilder(H);
        List<TilePath> full = new ArrayList<>();
        for (int i = 0; i < 70_000; i++) {
            b.appendLeafHash(TREE.node(0, i)).forEach(t -> full.add(t.path()));
        }
        assertEquals(273 + 1, full.size());
        assertEquals(List.of("tile/0/273.p/112", "tile/1/001.p/17", "tile/2/000.p/1"),
                b.partialTiles().stream().map(t -> t.path().path()).toList());
        assertArrayEquals(SubtreeProofs.subtreeHash(TREE, new Subtree(0, 70_000)), b.rootHash());
    }
    /** tlog-tiles §"Partial Tiles": once a partial tile is gone, the prefix of its full tile stands in for it. */
    @Property(tries = 10)
    void fullTilesStandInForGonePartialTiles(@ForAll @LongRange(min = 1, max = 65_535) long size) {
        Map<TilePath, byte[]> full = fullTilesOf65536();
        TileNodeReader tiles = new TileNodeReader(H, size, p -> Optional.ofNullable(full.get(p)));
        assertArrayEquals(SubtreeProofs.subtreeHash(TREE, new Subtree(0, size)), tiles.rootHash());
        if (size % 256 != 0) { // the level-0 tile of the last entry is partial: a short full tile is refused
            Map<TilePath, byte[]> cut = new HashMap<>(full);
            cut.put(TilePath.hashTile(0, size >>> 8, 256), new byte[32]);
            TileNodeReader shortFull = new TileNodeReader(H, size, p -> Optional.ofNullable(cut.get(p)));
            MtcParseException e = assertThrows(MtcParseException.class, shortFull::rootHash);
            assertTrue(e.rule().contains("standing in for"), e.rule());
        }
    }

    private static Map<TilePath, byte[]> fullTiles;

    /** The full tiles of the first 65,536 entries (every level-0 tile and level-1 tile 0). */
    private static synchronized Map<TilePath, byte[]> fullTilesOf65536() {
        if (fullTiles == null) {
            Map<TilePath, byte[]> m = new HashMap<>();
            TileBuilder b = new TileBuilder(H);
            for (long i = 0; i < 65_536; i++) {
                b.appendEntry(entry(i)).forEach(t -> m.put(t.path(), t.data()));
            }
            fullTiles = m;
        }
        return fullTiles;
    }

    @Example
    void errors() {
        TileBuilder b = new TileBuilder(H);
        assertArrayEquals(MerkleHash.emptyHash(H), b.rootHash());
        assertEquals(List.of(), b.partialTiles());
        b.appendEntry(new byte[] {1});
        assertThrows(IllegalStateException.class, () -> b.appendLeafHash(new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> b.appendEntry(new byte[65536]));
        TileBuilder h = new TileBuilder(H);
        h.appendLeafHash(new byte[32]);
        assertThrows(IllegalStateException.class, () -> h.appendEntry(new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> h.appendLeafHash(new byte[31]));
        assertEquals(List.of("tile/0/000.p/1"), h.partialTiles().stream().map(t -> t.path().path()).toList());

        assertThrows(MtcException.class, () -> TileBuilder.resume(H, 5, false, p -> Optional.empty()));
        MtcParseException bad = assertThrows(MtcParseException.class,
                () -> TileBuilder.resume(H, 5, false, p -> Optional.of(new byte[32])));
        assertEquals("tile/0/000.p/5", bad.field());
        assertThrows(IllegalArgumentException.class, () -> TileBuilder.resume(H, -1, false, p -> Optional.empty()));
        TileBuilder r = TileBuilder.resume(H, 0, true, p -> Optional.empty());
        assertEquals(0, r.size());

        TileNodeReader short1 = new TileNodeReader(H, 5, p -> Optional.of(new byte[100]));
        MtcParseException len = assertThrows(MtcParseException.class, () -> short1.node(0, 1));
        assertEquals("tile/0/000.p/5", len.field());
        assertTrue(len.rule().contains("is not width 5"));
        TileNodeReader none = new TileNodeReader(H, 5, p -> Optional.empty());
        assertTrue(assertThrows(MtcException.class, () -> none.node(0, 1)).getMessage().contains("not available"));
        assertThrows(IllegalArgumentException.class, () -> none.node(0, 5));
        assertThrows(IllegalArgumentException.class, () -> none.node(3, 0));
        assertThrows(IllegalArgumentException.class, () -> none.node(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TileNodeReader(H, -1, p -> Optional.empty()));
        assertEquals(5, none.size());
        assertEquals(H, none.hash());

        TileFile f = new TileFile(TilePath.hashTile(0, 0, 1), new byte[] {1});
        assertEquals(f, new TileFile(TilePath.hashTile(0, 0, 1), new byte[] {1}));
        assertEquals(f.hashCode(), new TileFile(TilePath.hashTile(0, 0, 1), new byte[] {1}).hashCode());
        assertTrue(!f.equals(new TileFile(TilePath.hashTile(0, 0, 1), new byte[] {2})));
        assertEquals("tile/0/000.p/1 (1 bytes)", f.toString());
        f.data()[0] = 5;
        assertEquals(1, f.data()[0]);
    }

    @Example
    void tileReadsForProofsInA2To40Log() {
        // A 2^40 + 12345 entry log whose leaves are all equal: every tile is synthesised on demand and counted.
        long n = (1L << 40) + 12345;
        byte[][] levels = new byte[64][];
        levels[0] = MerkleHash.leafHash(H, new byte[] {7});
        for (int l = 1; l < 64; l++) {
            levels[l] = MerkleHash.nodeHash(H, levels[l - 1], levels[l - 1]);
        }
        int[] reads = {0};
        TileNodeReader tiles = new TileNodeReader(H, n, p -> {
            reads[0]++;
            assertEquals(p, TilePath.hashTileFor(p.level(), p.index(), n), "only tiles that exist are read");
            byte[] data = new byte[p.width() * 32];
            for (int i = 0; i < p.width(); i++) {
                System.arraycopy(levels[8 * p.level()], 0, data, 32 * i, 32);
            }
            return Optional.of(data);
        });
        byte[] root = tiles.rootHash();
        for (long index : new long[] {0, n - 1, n / 3, (1L << 40) - 1, 1L << 39}) {
            reads[0] = 0;
            List<byte[]> proof = Rfc9162Proofs.inclusionProof(tiles, index, n);
            assertTrue(reads[0] <= 12, "inclusion proof read " + reads[0] + " tiles");
            assertTrue(Rfc9162Proofs.verifyInclusion(H, index, n, levels[0], proof, root));
            reads[0] = 0;
            List<byte[]> c = Rfc9162Proofs.consistencyProof(tiles, index + 1, n);
            assertTrue(reads[0] <= 12, "consistency proof read " + reads[0] + " tiles");
            assertTrue(Rfc9162Proofs.verifyConsistency(H, index + 1, n,
                    SubtreeProofs.subtreeHash(tiles, new Subtree(0, index + 1)), root, c));
        }
    }
}
