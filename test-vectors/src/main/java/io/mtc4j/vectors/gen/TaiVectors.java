package io.mtc4j.vectors.gen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.tai.TrustAnchorId;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.Ops;
import io.mtc4j.vectors.VectorFile;
import io.mtc4j.vectors.VectorFile.Tag;
import io.mtc4j.vectors.VectorFile.Type;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/** Trust anchor IDs: ASCII ⇄ binary (TAI draft "Trust Anchor Identifiers"; MTC-NOTES §2.1, E21). */
final class TaiVectors implements VectorSource {
    private static final String SECTION = "Certification Authority Identifiers";
    /** Flag of the arcs above 2^64-1 that the TAI draft allows and mtc4j (a documented choice) rejects. */
    private static final String ARC_FLAG = "TaiArcAbove64Bits";
    private static final String ARC_NOTE = "An arc above 2^64-1: the TAI draft bounds no arc (only the binary "
            + "form, 1..255 bytes), so an implementation may encode it (expected gives the value) or reject it as "
            + "beyond its arc limit (mtc4j caps arcs at 2^64-1)";

    /** One arc in base 128, big-endian, high bit set on every byte but the last (X.690 §8.20.2). */
    private static byte[] base128(BigInteger v) {
        int groups = Math.max(1, (v.bitLength() + 6) / 7);
        byte[] out = new byte[groups];
        for (int i = 0; i < groups; i++) {
            int b = v.shiftRight(7 * (groups - 1 - i)).intValue() & 0x7f;
            out[i] = (byte) (i == groups - 1 ? b : b | 0x80);
        }
        return out;
    }

    /** The value of one base-128 arc (the whole input). */
    private static BigInteger fromBase128(byte[] b) {
        BigInteger v = BigInteger.ZERO;
        for (byte x : b) {
            v = v.shiftLeft(7).or(BigInteger.valueOf(x & 0x7f));
        }
        return v;
    }

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
        f.note(ARC_FLAG, ARC_NOTE);
        VectorFile.Group g = f.group("well-formed IDs", Json.object());
        for (String s : List.of("32473.1", "4294967295", "0", "1", "127", "128", "16383", "16384", "32473.1.0.1",
                "32473.1.1.8.42", "32473.1.2.8.42", "44363.48.3", "18446744073709551615",
                "1.2.3.4.5.6.7.8.9.10", "9223372036854775807.9223372036854775808")) {
            TrustAnchorId id = TrustAnchorId.parse(s);
            g.valid("encode " + s, Tag.of(SECTION, "E21"), ascii(s), binary(Json.hex(id.binary())));
        }
        // 25 arcs of 2^64-1 (10 bytes each) fill 250 bytes; a 26th makes 260, above the 255-byte bound.
        String big = String.join(".", java.util.Collections.nCopies(25, "18446744073709551615"));
        String forty = "18446744073709551615.18446744073709551615.18446744073709551615.18446744073709551615";
        g.valid("binary form of 40 bytes (the TAI draft allows up to 255)", Tag.of(SECTION, "E21"), ascii(forty),
                binary(Json.hex(TrustAnchorId.parse(forty).binary())));
        VectorFile.Group bad = f.group("malformed ASCII; arcs above 2^64-1 (acceptable: the TAI draft bounds no arc)",
                Json.object());
        String[][] cases = {
            {"", "empty ID"}, {".", "empty components"}, {"1.", "empty last component"},
            {".1", "empty first component"}, {"1..2", "empty middle component"}, {"01", "leading zero"},
            {"32473.01", "leading zero in a later component"}, {"abc", "not a number"}, {"-1", "minus sign"},
            {"+1", "plus sign"}, {"1 .2", "space"}, {"1.2 ", "trailing space"}, {"18446744073709551616",
                "component 2^64 (one above 2^64-1)"}, {"99999999999999999999999", "component far above 2^64"},
            {"0x10", "hex component"}, {"1,2", "comma separator"}, {"١", "non-ASCII digit"},
            {big + ".18446744073709551615", "binary form above 255 bytes"}};
        for (String[] c : cases) {
            Expect.rejects("tai.encode " + c[0], () -> TrustAnchorId.parse(c[0]));
            if (c[1].startsWith("component ")) {
                bad.acceptable(c[1] + ": encodes if arcs are unbounded", Tag.of(SECTION), ascii(c[0]),
                        binary(Json.hex(base128(new BigInteger(c[0])))), ARC_FLAG);
            } else {
                bad.invalid("reject " + c[1], Tag.of(SECTION, "E21"), ascii(c[0]), Ops.KIND_PARSE, Optional.empty());
            }
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
        f.note(ARC_FLAG, ARC_NOTE);
        VectorFile.Group bad = f.group("malformed binary; arcs above 2^64-1 (acceptable: the TAI draft bounds no arc)",
                Json.object());
        String[][] cases = {
            {"", "empty"}, {"80", "leading 0x80 (not minimal)"}, {"0180", "truncated last component (0x80)"},
            {"81", "truncated last component"}, {"01ff", "truncated after a complete component"},
            {"808001", "leading 0x80 in a longer component"}, {"0180807f", "non-minimal second component"},
            {"82808080808080808000", "component 2^64 (one above 2^64-1)"},
            {"ffffffffffffffffffff7f", "component far above 2^64"},
            {"01".repeat(256), "binary form of 256 bytes (above 255)"}};
        for (String[] c : cases) {
            Expect.rejects("tai.decode " + c[0], () -> TrustAnchorId.fromBinary(Json.unhex("binary", c[0])));
            if (c[1].startsWith("component ")) {
                bad.acceptable(c[1] + ": decodes if arcs are unbounded", Tag.of(SECTION), binary(c[0]),
                        ascii(fromBase128(Json.unhex("binary", c[0])).toString()), ARC_FLAG);
            } else {
                bad.invalid("reject " + c[1], Tag.of(SECTION, "E21"), binary(c[0]), Ops.KIND_PARSE, Optional.empty());
            }
        }
        return f;
    }
}
