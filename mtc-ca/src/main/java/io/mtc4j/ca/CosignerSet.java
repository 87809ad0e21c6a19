package io.mtc4j.ca;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A redundant set of external cosigners of which the first {@code quorum} to answer count (draft §"Standalone
 * Certificates": "The CA MAY request signatures from a redundant set of cosigners and select the ones that complete
 * first"). Every run asks all members in parallel, each with its own time-out; a subtree is covered by the set
 * once {@code quorum} members returned a valid signature on it, and only those signatures go in the certificates.
 * {@code ca.json}'s optional {@code "cosigners"} is a list of such sets, each of which must reach its quorum:
 * <pre>
 * "cosigners": [
 *   {"quorum": 1, "members": [{"type": "witness", ...}]},                    required: the witness
 *   {"quorum": 1, "members": [{"type": "mirror", ...}, {"type": "mirror", ...}]}   the first of two mirrors
 * ]
 * </pre>
 *
 * @param quorum  how many members' signatures each subtree needs, 1..members
 * @param members the cosigners ({@link CosignerEndpoint})
 */
public record CosignerSet(int quorum, List<CosignerEndpoint> members) {
    /**
     * Checks the components against the rules above.
     *
     * @throws IllegalArgumentException naming the component and the rule
     */
    public CosignerSet {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("members: a cosigner set needs at least one member");
        }
        if (quorum < 1 || quorum > members.size()) {
            throw new IllegalArgumentException("quorum: must be 1.." + members.size() + " (the members), got "
                    + quorum);
        }
    }

    /** Checks that no cosigner ID repeats (across all sets) nor is the CA's own; errors name the member. */
    static void checkDistinct(List<CosignerSet> sets, TrustAnchorId caId, String field) {
        Set<TrustAnchorId> seen = new HashSet<>();
        for (int s = 0; s < sets.size(); s++) {
            for (int m = 0; m < sets.get(s).members().size(); m++) {
                TrustAnchorId id = sets.get(s).members().get(m).id();
                String at = field + "[" + s + "].members[" + m + "].id";
                if (id.equals(caId)) {
                    throw new CaException(at, "not-the-ca", "is the CA ID: the CA cosigner signs every certificate"
                            + " itself (draft §\"Certification Authority Cosigners\")");
                }
                if (!seen.add(id)) {
                    throw new CaException(at, "duplicate-cosigner", "cosigner " + id + " is configured twice");
                }
            }
        }
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quorum", quorum);
        List<Object> ms = new ArrayList<>();
        members.forEach(e -> ms.add(e.toJson()));
        m.put("members", ms);
        return m;
    }

    /** Parses {@code ca.json}'s {@code cosigners} strictly; errors name the field and the rule. */
    static List<CosignerSet> parseAll(JsonNode n, String field, TrustAnchorId caId) {
        if (n == null) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new CaException(field, "required-array", "must be an array of {\"quorum\": k, \"members\": [...]}");
        }
        List<CosignerSet> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            out.add(parse(n.get(i), field + "[" + i + "]"));
        }
        checkDistinct(out, caId, field);
        return List.copyOf(out);
    }

    private static CosignerSet parse(JsonNode n, String field) {
        if (!n.isObject()) {
            throw new CaException(field, "required-object", "must be {\"quorum\": k, \"members\": [...]}");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("quorum") && !f.equals("members")) {
                throw new CaException(field + "." + f, "unknown-field", "unknown field (known: quorum, members)");
            }
        }
        JsonNode ms = n.get("members");
        if (ms == null || !ms.isArray() || ms.isEmpty()) {
            throw new CaException(field + ".members", "required-array", "must be a non-empty array of cosigners");
        }
        List<CosignerEndpoint> members = new ArrayList<>();
        for (int i = 0; i < ms.size(); i++) {
            members.add(CosignerEndpoint.parse(ms.get(i), field + ".members[" + i + "]"));
        }
        JsonNode q = n.get("quorum");
        if (q == null || !q.isIntegralNumber() || !q.canConvertToInt()) {
            throw new CaException(field + ".quorum", "required-integer", "must be present and an integer");
        }
        if (q.intValue() < 1 || q.intValue() > members.size()) {
            throw new CaException(field + ".quorum", "quorum-range", "must be 1.." + members.size()
                    + " (the members), got " + q.intValue());
        }
        return new CosignerSet(q.intValue(), members);
    }
}
