package io.mtc4j.vectors.gen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.tiles.TilePath;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.Ops;
import io.mtc4j.vectors.VectorFile;
import io.mtc4j.vectors.VectorFile.Tag;
import io.mtc4j.vectors.VectorFile.Type;
import io.mtc4j.vectors.VectorShapes;
import java.util.List;
import java.util.Optional;

/** C2SP tlog-tiles paths (E32) and partial-tile widths (E33), as an MTC log serves them (mtc-tlog). */
final class TileVectors implements VectorSource {
    private static final String TILES = "Publishing Logs";

    @Override
    public List<VectorFile> generate(List<Profile> profiles) {
        if (!profiles.contains(Profile.PLANTS_05)) {
            return List.of();
        }
        return List.of(paths(), parse());
    }

    private static VectorFile paths() {
        VectorFile f = VectorFile.create("tiles_path", Ops.TILES_PATH,
                "tlog-tiles path of a hash tile or entry bundle for a given tree size");
        f.request("level", Type.UINT).request("index", Type.UINT).request("tree_size", Type.UINT)
                .request("entries", Type.BOOL).output("path", Type.STRING);
        VectorFile.Group g = f.group("tree sizes 70000 (tlog-tiles example), 2036 and 2^40+5", Json.object());
        long[][] cases = {{0, 0, 70000}, {0, 272, 70000}, {0, 273, 70000}, {1, 0, 70000}, {1, 1, 70000},
            {2, 0, 70000}, {0, 7, 2036}, {1, 0, 2036}, {0, 1234067, 1234067L * 256 + 1}, {4, 0, (1L << 40) + 5},
            {0, 1L << 32, (1L << 40) + 5}, {0, (1L << 32) - 1, (1L << 40) + 5}};
        for (long[] c : cases) {
            ObjectNode in = Json.object();
            in.put("level", c[0]);
            in.set("index", Json.u64(c[1]));
            in.set("tree_size", Json.u64(c[2]));
            TilePath t = TilePath.hashTileFor((int) c[0], c[1], c[2]);
            ObjectNode out = Json.object();
            out.put("path", t.path());
            g.valid("hash tile " + c[0] + "/" + c[1] + " in a tree of " + c[2], Tag.of(TILES, "E33"), in, out);
        }
        for (long[] c : new long[][] {{0, 70000}, {273, 70000}, {7, 2036}}) {
            ObjectNode in = Json.object();
            in.put("level", 0);
            in.set("index", Json.u64(c[0]));
            in.set("tree_size", Json.u64(c[1]));
            in.put("entries", true);
            ObjectNode out = Json.object();
            out.put("path", TilePath.entryBundleFor(c[0], c[1]).path());
            g.valid("entry bundle " + c[0] + " in a tree of " + c[1], Tag.of(TILES, "E33"), in, out);
        }
        VectorFile.Group bad = f.group("tiles a log never serves (they would be empty)", Json.object());
        for (long[] c : new long[][] {{0, 274, 70000}, {3, 0, 70000}, {0, 0, 0}, {1, 0, 255}}) {
            Expect.rejects("tile " + c[0] + "/" + c[1], () -> TilePath.hashTileFor((int) c[0], c[1], c[2]));
            ObjectNode in = Json.object();
            in.put("level", c[0]);
            in.set("index", Json.u64(c[1]));
            in.set("tree_size", Json.u64(c[2]));
            bad.invalid("hash tile " + c[0] + "/" + c[1] + " in a tree of " + c[2], Tag.of(TILES, "E33"), in,
                    Ops.KIND_INVALID, Optional.empty());
        }
        // appended: an entry bundle has no level (tile/entries/N), so a request naming one is not a tile path
        Expect.rejects("entry bundle with level 1", () -> TilePath.tileFor(true, 1, 0, 70000));
        ObjectNode leveled = Json.object();
        leveled.put("level", 1);
        leveled.set("index", Json.u64(0));
        leveled.set("tree_size", Json.u64(70000));
        leveled.put("entries", true);
        bad.invalid("entry bundle 0 with level 1: entry bundles have no level", Tag.of(TILES, "E32"), leveled,
                Ops.KIND_INVALID, Optional.empty());
        return f;
    }

    private static final String LEADING_X000 = "tile/0/x000/001";

    private static VectorFile parse() {
        VectorFile f = VectorFile.create("tiles_parse_path", Ops.TILES_PARSE_PATH,
                "Strict parsing of tlog-tiles paths");
        f.note("TileIndexLeadingZeroGroup", "An index with an extra leading x000 group: tlog-tiles spells the "
                + "canonical form but no MUST forbids the longer one, so a parser may reject it (mtc4j does) or read "
                + "the index it names");
        f.request("path", Type.STRING);
        f.output("entries", Type.BOOL).output("level", Type.UINT).output("index", Type.UINT)
                .output("width", Type.UINT);
        VectorFile.Group g = f.group("well-formed paths", Json.object());
        for (String p : List.of("tile/0/000", "tile/0/x001/x234/067", "tile/1/000.p/7", "tile/entries/007.p/244",
                "tile/entries/x001/x234/067", "tile/63/000", "tile/0/999.p/255", "tile/2/x009/x223/x372/x036/x854/x775/807")) {
            ObjectNode in = Json.object();
            in.put("path", p);
            g.valid(p, Tag.of(TILES, "E32"), in, VectorShapes.tilePath(TilePath.parse(p)));
        }
        VectorFile.Group bad = f.group("malformed paths", Json.object());
        String[][] cases = {{"tile/01/000", "level with a leading zero"}, {"tile/64/000", "level 64"},
            {"tile/0/1", "index group of one digit"}, {"tile/0/001/234", "inner group without x"},
            {"tile/0/x001", "last group with x"}, {"tile/0/000.p/0", "width 0"}, {"tile/0/000.p/256", "width 256"},
            {"tile/0/000.p/07", "width with a leading zero"}, {"tile/0/000.p", "partial without a width"},
            {"tile/entries/1/000", "entry bundle with a level"}, {"tile/0/000/", "trailing slash"},
            {"tiles/0/000", "wrong prefix"}, {"tile/0/x000/001", "inner group of zero (not minimal)"},
            {"tile/0/-01", "negative index"}};
        for (String[] c : cases) {
            Expect.rejects("tile path " + c[0], () -> TilePath.parse(c[0]));
            ObjectNode in = Json.object();
            in.put("path", c[0]);
            if (c[0].equals(LEADING_X000)) {
                // tlog-tiles: "N ... encoded as zero-padded 3-digit path elements ... all but the last prefixed by
                // x": an extra leading x000 group breaks no MUST, so a parser may read index 1
                ObjectNode out = Json.object();
                out.put("entries", false);
                out.put("level", 0);
                out.put("index", 1);
                out.put("width", 256);
                bad.acceptable(c[1] + ": no MUST forbids it; index 1 if accepted", Tag.of(TILES), in, out,
                        "TileIndexLeadingZeroGroup");
            } else {
                bad.invalid(c[1], Tag.of(TILES, "E32"), in, Ops.KIND_PARSE, Optional.empty());
            }
        }
        return f;
    }
}
