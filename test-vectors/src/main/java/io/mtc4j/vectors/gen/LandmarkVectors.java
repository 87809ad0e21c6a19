package io.mtc4j.vectors.gen;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.landmark.LandmarkChoice;
import io.mtc4j.spec.landmark.LandmarkList;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.Ops;
import io.mtc4j.vectors.VectorShapes;
import io.mtc4j.vectors.VectorFile;
import io.mtc4j.vectors.VectorFile.Tag;
import io.mtc4j.vectors.VectorFile.Type;
import java.util.List;
import java.util.Optional;

/** The landmark list (draft §"Publishing Landmarks", E22-E24) and landmark selection (§"Constructing ..."). */
final class LandmarkVectors implements VectorSource {
    private static final String PUB = "Publishing Landmarks";
    private static final String EXAMPLE = "42 3\n5000\n4100\n3000\n2500\n";
    private static final String LEADING_ZERO = "LandmarkLeadingZero";

    @Override
    public List<VectorFile> generate(List<Profile> profiles) {
        if (!profiles.contains(Profile.PLANTS_05)) {
            return List.of();
        }
        return List.of(parse(), select());
    }

    private static ObjectNode text(String t) {
        ObjectNode o = Json.object();
        o.put("text", t);
        return o;
    }

    private static ObjectNode parsed(LandmarkList l) {
        ObjectNode o = Json.object();
        o.set("last_landmark", Json.u64(l.lastLandmark()));
        o.set("num_active", Json.u64(l.numActiveLandmarks()));
        ArrayNode a = o.putArray("tree_sizes");
        l.treeSizes().forEach(s -> a.add(Json.u64(s)));
        return o;
    }

    private static VectorFile parse() {
        VectorFile f = VectorFile.create("landmarks_parse", Ops.LANDMARKS_PARSE,
                "The landmark list a CA publishes: last landmark, number of active landmarks, tree sizes");
        f.request("text", Type.STRING).request("max_active_landmarks", Type.UINT).request("latest_tree_size",
                Type.UINT);
        f.output("last_landmark", Type.UINT).output("num_active", Type.UINT).output("tree_sizes", Type.UINT_LIST);
        VectorFile.Group g = f.group("well-formed lists", Json.object());
        for (String t : List.of(EXAMPLE, "0 0\n0\n", "1 1\n10\n0\n", "7 2\n300\n200\n100\n",
                "169 0\n123456789\n", "2 2\n281474976710655\n1\n0\n")) {
            g.valid("list " + t.replace("\n", "\\n"), Tag.of(PUB, "E22"), text(t), parsed(LandmarkList.parse(t)));
        }
        ObjectNode ctx = text(EXAMPLE);
        ctx.put("max_active_landmarks", 3);
        ctx.put("latest_tree_size", 5000);
        g.valid("example list within max_active_landmarks 3 and latest size 5000", Tag.of(PUB, "E23"), ctx,
                parsed(LandmarkList.parse(EXAMPLE, 3, 5000)));
        VectorFile.Group bad = f.group("malformed lists", Json.object());
        String[][] cases = {
            {"42 3\n5000\n4100\n3000\n2500", "last line without LF", "E22"},
            {"42 3\r\n5000\r\n4100\r\n3000\r\n2500\r\n", "CRLF line ends", "E22"},
            {"", "empty", "E22"},
            {"2 3\n30\n20\n10\n0\n", "num_active above last_landmark", "E23"},
            {"42 3\n5000\n4100\n4100\n2500\n", "tree sizes not strictly decreasing (equal)", "E24"},
            {"42 3\n5000\n3000\n4100\n2500\n", "tree sizes out of order", "E24"},
            {"42 3\n5000\n4100\n3000\n", "one tree size missing", "E22"},
            {"42 3\n5000\n4100\n3000\n2500\n100\n", "one tree size too many", "E22"},
            {"42 3\n5000\n4100\n3000\n02500\n", "leading zero in a tree size", ""},
            {"42 -1\n5000\n", "negative count", "E22"},
            {"42  3\n5000\n4100\n3000\n2500\n", "two spaces in the first line", "E22"},
            {"42 3 \n5000\n4100\n3000\n2500\n", "trailing space", "E22"},
            {"42\n5000\n", "first line without num_active", "E22"},
            {"42 3\n5000\n4100\n3000\n2500\n\n", "blank line at the end", "E22"},
            {"42 3\n18446744073709551616\n4100\n3000\n2500\n", "tree size above 2^64-1", "E22"}};
        f.note(LEADING_ZERO, "A tree size with a leading zero: the draft asks for 'a single non-negative decimal "
                + "integer' and forbids no leading zeros, so a parser may reject it (mtc4j does) or read the value");
        for (String[] c : cases) {
            Expect.rejects("landmarks " + c[1], () -> LandmarkList.parse(c[0]));
            if (c[2].isEmpty()) {
                bad.acceptable(c[1] + ": no MUST forbids it; 2500 if accepted", Tag.of(PUB), text(c[0]),
                        parsed(LandmarkList.parse(c[0].replace("\n0", "\n"))), LEADING_ZERO);
            } else {
                bad.invalid(c[1], Tag.of(PUB, c[2]), text(c[0]), Ops.KIND_PARSE, Optional.empty());
            }
        }
        VectorFile.Group ctxBad = f.group("lists that break the CA's parameters", Json.object());
        ObjectNode tooMany = text(EXAMPLE);
        tooMany.put("max_active_landmarks", 2);
        tooMany.put("latest_tree_size", 5000);
        Expect.rejects("max active", () -> LandmarkList.parse(EXAMPLE, 2, 5000));
        ctxBad.invalid("num_active 3 above max_active_landmarks 2", Tag.of(PUB, "E23"), tooMany, Ops.KIND_PARSE,
                Optional.empty());
        ObjectNode ahead = text(EXAMPLE);
        ahead.put("max_active_landmarks", 3);
        ahead.put("latest_tree_size", 4999);
        Expect.rejects("ahead", () -> LandmarkList.parse(EXAMPLE, 3, 4999));
        ctxBad.invalid("newest landmark 5000 beyond the latest tree size 4999", Tag.of(PUB, "E24"), ahead,
                Ops.KIND_PARSE, Optional.empty());
        // appended in a group of their own so the earlier tcIds stay
        VectorFile.Group impossible = f.group("tree sizes no log or landmark sequence can have", Json.object());
        String[][] more = {
            {"2 2\n281474976710656\n1\n0\n", "tree size 2^48: a log holds at most 2^48-1 entries", "E22"},
            {"2 1\n18446744073709551615\n1\n", "tree size 2^64-1: a log holds at most 2^48-1 entries", "E22"},
            {"5 2\n100\n50\n0\n", "the oldest listed landmark (3) has tree size 0: only landmark zero has size 0, "
                + "as sizes strictly increase", "C12"}};
        for (String[] c : more) {
            Expect.rejects("landmarks " + c[1], () -> LandmarkList.parse(c[0]));
            impossible.invalid(c[1], Tag.of(c[2].equals("C12") ? "Landmark Tree Sizes" : PUB, c[2]), text(c[0]),
                    Ops.KIND_PARSE, Optional.empty());
        }
        return f;
    }

    private static VectorFile select() {
        VectorFile f = VectorFile.create("landmarks_select", Ops.LANDMARKS_SELECT,
                "Which landmark subtree a landmark-relative certificate for an entry uses");
        f.request("text", Type.STRING).request("index", Type.UINT);
        f.output("outcome", Type.STRING).output("landmark", Type.UINT).output("start", Type.UINT)
                .output("end", Type.UINT);
        ObjectNode params = text(EXAMPLE);
        VectorFile.Group g = f.group("the example list 42 3 / 5000 4100 3000 2500 (landmarks 40-42 active)", params);
        LandmarkList l = LandmarkList.parse(EXAMPLE);
        for (long i : new long[] {0, 2499, 2500, 2559, 2560, 2999, 3000, 4095, 4096, 4099, 4100, 4607, 4608, 4999,
            5000, 123456}) {
            ObjectNode in = Json.object();
            in.put("index", i);
            LandmarkChoice c = l.chooseLandmark(i);
            String what = c instanceof LandmarkChoice.Found ? "found" : c instanceof LandmarkChoice.Wait ? "wait"
                    : "expired";
            g.valid("entry " + i + " (" + what + ")", Tag.of("Constructing Landmark-Relative Certificates"), in,
                    VectorShapes.landmarkChoice(c));
        }
        return f;
    }
}
