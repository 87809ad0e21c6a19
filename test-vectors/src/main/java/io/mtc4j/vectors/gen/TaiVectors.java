package io.mtc4j.vectors.gen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.tai.TrustAnchorId;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.Ops;
import io.mtc4j.vectors.VectorFile;
import io.mtc4j.vectors.VectorFile.Tag;
import io.mtc4j.vectors.VectorFile.Type;
import java.util.List;
import java.util.Optional;

/** Trust anchor IDs: ASCII ⇄ binary (TAI draft "Trust Anchor Identifiers"; MTC-NOTES §2.1, E21). */
final class TaiVectors implements VectorSource {
    private static final String SECTION = "Certification Authority Identifiers";

    @Override
    public List<VectorFile> generate(List<Profile> profiles) {
        return List.of(encode(), decode());
    }

    private static ObjectNode ascii(String s) {
        ObjectNode o = Json.object();
        o.put("ascii", s);
        return o;
    }

    private static ObjectNode binary(String hex) {
        ObjectNode o = Json.object();
        o.put("binary", hex);
        return o;
    }

    private static VectorFile encode() {
        VectorFile f = VectorFile.create("tai_encode", Ops.TAI_ENCODE,
                "Trust anchor ID: ASCII dotted decimal to binary RELATIVE-OID contents octets");
        f.request("ascii", Type.STRING).output("binary", Type.HEX);
        f.note("TaiOverLength", "Binary form longer than the TAI draft's 32 bytes but within MTC's 255: "
                + "implementations may accept (MTC) or reject (TAI)");
        VectorFile.Group g = f.group("well-formed IDs", Json.object());
        for (String s : List.of("32473.1", "4294967295", "0", "1", "127", "128", "16383", "16384", "32473.1.0.1",
                "32473.1.1.8.42", "32473.1.2.8.42", "44363.48.3", "18446744073709551615",
                "1.2.3.4.5.6.7.8.9.10", "9223372036854775807.9223372036854775808")) {
            TrustAnchorId id = TrustAnchorId.parse(s);
            g.valid("encode " + s, Tag.of(SECTION, "E21"), ascii(s), binary(Json.hex(id.binary())));
        }
        // 25 arcs of 2^64-1 (10 bytes each) fill 250 bytes; a 26th makes 260, above the 255-byte bound.
        String big = String.join(".", java.util.Collections.nCopies(25, "18446744073709551615"));
        String over32 = "18446744073709551615.18446744073709551615.18446744073709551615.18446744073709551615";
        g.acceptable("binary form of 40 bytes (above the TAI limit of 32)", Tag.of(SECTION, "E21"), ascii(over32),
                binary(Json.hex(TrustAnchorId.parse(over32).binary())), "TaiOverLength");
        VectorFile.Group bad = f.group("malformed ASCII", Json.object());
        String[][] cases = {
            {"", "empty ID"}, {".", "empty components"}, {"1.", "empty last component"},
            {".1", "empty first component"}, {"1..2", "empty middle component"}, {"01", "leading zero"},
            {"32473.01", "leading zero in a later component"}, {"abc", "not a number"}, {"-1", "minus sign"},
            {"+1", "plus sign"}, {"1 .2", "space"}, {"1.2 ", "trailing space"}, {"18446744073709551616",
                "component 2^64 (one above the maximum)"}, {"99999999999999999999999", "component far above 2^64"},
            {"0x10", "hex component"}, {"1,2", "comma separator"}, {"١", "non-ASCII digit"},
            {big + ".18446744073709551615", "binary form above 255 bytes"}};
        for (String[] c : cases) {
            Expect.rejects("tai.encode " + c[0], () -> TrustAnchorId.parse(c[0]));
            bad.invalid("reject " + c[1], Tag.of(SECTION, "E21"), ascii(c[0]), Ops.KIND_PARSE, Optional.empty());
        }
        return f;
    }

    private static VectorFile decode() {
        VectorFile f = VectorFile.create("tai_decode", Ops.TAI_DECODE,
                "Trust anchor ID: binary RELATIVE-OID contents octets to ASCII dotted decimal");
        f.request("binary", Type.HEX).output("ascii", Type.STRING);
        VectorFile.Group g = f.group("well-formed binary IDs", Json.object());
        for (String h : List.of("81fd5901", "8fffffff7f", "00", "7f", "8100", "ff7f", "818000", "81fd59010001",
                "82da4b3003", "81ffffffffffffffff7f", "0102030405")) {
            TrustAnchorId id = TrustAnchorId.fromBinary(Json.unhex("binary", h));
            g.valid("decode " + h, Tag.of(SECTION, "E21"), binary(h), ascii(id.ascii()));
        }
        VectorFile.Group bad = f.group("malformed binary", Json.object());
        String[][] cases = {
            {"", "empty"}, {"80", "leading 0x80 (not minimal)"}, {"0180", "truncated last component (0x80)"},
            {"81", "truncated last component"}, {"01ff", "truncated after a complete component"},
            {"808001", "leading 0x80 in a longer component"}, {"0180807f", "non-minimal second component"},
            {"82808080808080808000", "component 2^64 (above the maximum)"},
            {"ffffffffffffffffffff7f", "component far above 2^64"},
            {"01".repeat(256), "binary form of 256 bytes (above 255)"}};
        for (String[] c : cases) {
            Expect.rejects("tai.decode " + c[0], () -> TrustAnchorId.fromBinary(Json.unhex("binary", c[0])));
            bad.invalid("reject " + c[1], Tag.of(SECTION, "E21"), binary(c[0]), Ops.KIND_PARSE, Optional.empty());
        }
        return f;
    }
}
