package io.mtc4j.vectors.gen;

import io.mtc4j.spec.Profile;
import io.mtc4j.spec.tai.CertificatePropertyList;
import io.mtc4j.spec.tai.TrustAnchorId;
import io.mtc4j.spec.tai.TrustAnchorRange;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.Ops;
import io.mtc4j.vectors.VectorFile;
import io.mtc4j.vectors.VectorFile.Tag;
import io.mtc4j.vectors.VectorFile.Type;
import io.mtc4j.vectors.VectorShapes;
import java.util.List;
import java.util.Optional;

/**
 * CertificatePropertyList (draft-ietf-tls-trust-anchor-ids §"Certificate Properties" at edb707c), the trust anchor
 * data an MTC ACME server sends (draft §"Using ACME with Merkle Tree Certificates", §"Use in TLS"): the TAI draft's
 * own example, the lists mtc4j's ACME server sends for a standalone and a landmark-relative certificate, and the
 * syntax errors parsers MUST reject.
 */
final class PropertiesVectors implements VectorSource {
    private static final String SECTION = "Using ACME with Merkle Tree Certificates";
    /** The TAI draft's example list (§"Media Type"). */
    static final String TAI_EXAMPLE = "003b0000000481fd59010001002b0029" + "03910b02" + "0000000000000064"
            + "00000000000000c8" + "0481fd5903" + "000000000000002a" + "ffffffffffffffff" + "00020000";

    @Override
    public List<VectorFile> generate(List<Profile> profiles) {
        if (!profiles.contains(Profile.PLANTS_05)) {
            return List.of();
        }
        return List.of(parse());
    }

    private static VectorFile parse() {
        VectorFile f = VectorFile.create("properties_parse", Ops.PROPERTIES_PARSE,
                "Strict parsing of a CertificatePropertyList (TLS trust anchor IDs, Certificate Properties)");
        f.request("list", Type.HEX);
        f.output("properties", Type.ANY).output("trust_anchor_id", Type.STRING)
                .output("trust_anchor_group_inclusions", Type.ANY).output("trust_anchor_negotiation", Type.BOOL);
        VectorFile.Group g = f.group("well-formed lists", Json.object());
        TrustAnchorId ca = TrustAnchorId.parse("32473.1");
        String standalone = Json.hex(CertificatePropertyList.of(ca, List.of(new TrustAnchorRange(ca.child(2, 1), 0,
                TrustAnchorRange.UNBOUNDED)), false).encode());
        String landmark = Json.hex(CertificatePropertyList.of(ca.landmarkId(1, 42), List.of(new TrustAnchorRange(
                ca.child(2, 1), 42, 42 + 169 - 1)), true).encode());
        String[][] good = {
            {TAI_EXAMPLE, "the TAI draft's example: 32473.1, groups 2187.2.[100..200] and 32473.3.[42..MAX],"
                + " negotiation"},
            {standalone, "standalone certificate of CA 32473.1 in log 1: the CA ID, in every landmark group of log 1"},
            {landmark, "landmark-relative certificate for landmark 42 of log 1 (max_active_landmarks 169): the landmark"
                + " ID, groups 32473.1.2.1.[42..210], negotiation"},
            {"0000", "empty list"},
            {"0009" + "0003000101" + "ff000000", "two unknown types, kept (authenticating parties ignore them)"},
        };
        for (String[] c : good) {
            g.valid(c[1], Tag.of(SECTION), Json.object().put("list", c[0]), VectorShapes.certificateProperties(CertificatePropertyList.parse(
                    Json.unhex("list", c[0]))));
        }
        String range = "0101" + "0000000000000001" + "0000000000000002";
        VectorFile.Group bad = f.group("syntax errors (MUST be rejected by parsers)", Json.object());
        // [hex, comment, MUST id]: E40 the list's own syntax, E41 a known property's data
        String[][] cases = {
            {"", "empty input", "E40"}, {"00", "truncated list length", "E40"},
            {"0000ff", "trailing byte after the list", "E40"},
            {"0005000000020a", "property data shorter than its length", "E40"},
            {"0009" + "00020000" + "0000000101", "types not sorted (2 before 0)", "E40"},
            {"0008" + "00050000" + "00050000", "duplicate type 5", "E40"},
            {"0004" + "00000000", "trust_anchor_id with empty data", "E41"},
            {"0006" + "0000000280" + "01", "trust_anchor_id not minimally encoded (leading 0x80)", "E41"},
            {"0005" + "0000000181", "trust_anchor_id with a truncated last component", "E41"},
            {"0005" + "0002000100", "trust_anchor_negotiation with data (MUST be empty)", "E41"},
            {"0006" + "000100020000", "trust_anchor_group_inclusions with an empty TrustAnchorRangeList", "E41"},
            {"0019" + "00010015" + "0012" + range + "00", "trust_anchor_group_inclusions with a trailing byte", "E41"},
            {"0017" + "00010013" + "0012" + range.substring(0, 34), "truncated TrustAnchorRange", "E41"},
            {"0019" + "00010015" + "0013" + "020181" + range.substring(4),
                "TrustAnchorRange.base ending in the middle of a component", "E41"},
            {"0018" + "00010014" + "0012" + "0001" + range.substring(4) + "00", "TrustAnchorRange.base empty", "E41"},
        };
        for (String[] c : cases) {
            Expect.rejects("properties " + c[1], () -> CertificatePropertyList.parse(Json.unhex("list", c[0])));
            bad.invalid("reject " + c[1], Tag.of(SECTION, c[2]), Json.object().put("list", c[0]), Ops.KIND_PARSE, Optional.empty());
        }
        return f;
    }
}
