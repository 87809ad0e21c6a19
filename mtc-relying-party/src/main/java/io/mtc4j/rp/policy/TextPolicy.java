package io.mtc4j.rp.policy;

import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Cosigner policies as text, modelled on C2SP tlog-policy's quorum syntax. Lines end in LF; items are separated by
 * spaces or tabs; blank lines and lines starting with {@code #} are ignored:
 *
 * <pre>
 * cosigner &lt;name&gt; &lt;cosigner ID&gt;            (tlog-policy's "witness"; keys live in the CA configuration)
 * group &lt;name&gt; all|any|&lt;k&gt; &lt;name&gt;...
 * quorum &lt;name&gt;
 * </pre>
 *
 * <p>As in tlog-policy: names share one namespace and may be used only after their definition; a group lists each
 * member at most once and needs 1 &lt;= k &lt;= n; there is exactly one quorum line. Differences: the name {@code ca}
 * is predefined as the CA cosigner, and {@code quorum none} is refused (the draft's "Trusted Cosigners" asks for at
 * least the CA cosigner). Example, "the CA and two of three witnesses":
 *
 * <pre>
 * cosigner w1 32473.2.1
 * cosigner w2 32473.2.2
 * cosigner w3 32473.2.3
 * group witnesses 2 w1 w2 w3
 * group main all ca witnesses
 * quorum main
 * </pre>
 */
public final class TextPolicy {
    private TextPolicy() {}

    /**
     * Parses a policy; {@code caId} is the CA cosigner named by {@code ca}.
     *
     * @param text the text
     * @param caId the CA ID
     * @return the policy
     */
    public static CosignerPolicy parse(String text, TrustAnchorId caId) {
        Map<String, CosignerPolicy> names = new HashMap<>();
        names.put("ca", CosignerPolicy.require(caId));
        Set<TrustAnchorId> ids = new HashSet<>();
        ids.add(caId);
        Optional<CosignerPolicy> quorum = Optional.empty();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String field = "policy.line[" + (i + 1) + "]";
            String line = lines[i];
            for (int c = 0; c < line.length(); c++) {
                char ch = line.charAt(c);
                if (ch < 0x20 && ch != '\t' || ch == 0x7f) {
                    throw new MtcParseException(field, "control character 0x" + Integer.toHexString(ch));
                }
            }
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] w = t.split("[ \t]+");
            switch (w[0]) {
                case "cosigner" -> {
                    if (w.length != 3) {
                        throw new MtcParseException(field, "must be 'cosigner <name> <cosigner ID>'");
                    }
                    define(names, w[1], field);
                    TrustAnchorId id;
                    try {
                        id = TrustAnchorId.parse(w[2]);
                    } catch (MtcParseException e) {
                        throw e.within(field);
                    }
                    if (!ids.add(id)) {
                        throw new MtcParseException(field, "cosigner " + id + " is defined twice");
                    }
                    names.put(w[1], CosignerPolicy.require(id));
                }
                case "group" -> {
                    if (w.length < 4) {
                        throw new MtcParseException(field, "must be 'group <name> all|any|<k> <name>...'");
                    }
                    define(names, w[1], field);
                    List<CosignerPolicy> members = new ArrayList<>();
                    Set<String> seen = new HashSet<>();
                    for (int m = 3; m < w.length; m++) {
                        if (!seen.add(w[m])) {
                            throw new MtcParseException(field, "member '" + w[m] + "' is listed twice");
                        }
                        CosignerPolicy p = names.get(w[m]);
                        if (p == null) {
                            throw new MtcParseException(field, "'" + w[m] + "' is not defined on a preceding line");
                        }
                        members.add(p);
                    }
                    int n = members.size();
                    int k = switch (w[2]) {
                        case "all" -> n;
                        case "any" -> 1;
                        default -> threshold(w[2], n, field);
                    };
                    names.put(w[1], group(k, members));
                }
                case "quorum" -> {
                    if (w.length != 2) {
                        throw new MtcParseException(field, "must be 'quorum <name>'");
                    }
                    if (quorum.isPresent()) {
                        throw new MtcParseException(field, "a policy has exactly one quorum line");
                    }
                    if (w[1].equals("none")) {
                        throw new MtcParseException(field, "'quorum none' would accept unsigned subtrees;"
                                + " require at least the CA cosigner");
                    }
                    CosignerPolicy p = names.get(w[1]);
                    if (p == null) {
                        throw new MtcParseException(field, "'" + w[1] + "' is not defined on a preceding line");
                    }
                    quorum = Optional.of(p);
                }
                default -> throw new MtcParseException(field, "unknown keyword '" + w[0] + "'");
            }
        }
        return quorum.orElseThrow(() -> new MtcParseException("policy", "no quorum line"));
    }

    private static void define(Map<String, CosignerPolicy> names, String name, String field) {
        if (name.equals("none") || names.containsKey(name)) {
            throw new MtcParseException(field, "name '" + name + "' is already defined");
        }
    }

    private static int threshold(String s, int n, String field) {
        if (!s.matches("[1-9][0-9]{0,8}")) {
            throw new MtcParseException(field, "threshold '" + s + "' is not all, any or a decimal k >= 1");
        }
        int k = Integer.parseInt(s);
        if (k > n) {
            throw new MtcParseException(field, "threshold " + k + " exceeds the " + n + " members");
        }
        return k;
    }

    /** The simplest policy for a group: a Threshold over IDs when every member is one cosigner. */
    private static CosignerPolicy group(int k, List<CosignerPolicy> members) {
        if (members.stream().allMatch(m -> m instanceof CosignerPolicy.Required)) {
            List<TrustAnchorId> ids = members.stream().map(m -> ((CosignerPolicy.Required) m).cosigner()).toList();
            return k == 1 && ids.size() == 1 ? members.get(0) : CosignerPolicy.threshold(k, ids);
        }
        if (k == members.size()) {
            return CosignerPolicy.allOf(members);
        }
        if (k == 1) {
            return CosignerPolicy.anyOf(members);
        }
        return new CosignerPolicy.KOf(k, members);
    }
}
