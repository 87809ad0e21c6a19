package io.mtc4j.conformance.mirrorcmd;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.note.Cosignature;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.note.Vkey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The logs a mirror takes, from signed-note verifier keys: a key is trusted for the origin equal to its name,
 * except an ML-DSA-44 {@code subtree/v1} key (type 0x06) named {@code oid/1.3.6.1.4.1.<CA ID>}, an MTC CA cosigner
 * key (mtc-tlog §"Cosigners": its ID is the CA's, not a log origin), which is trusted for the CA's issuance logs
 * {@code <name>.0.<N>}, N = 1..65535 (mtc-tlog §"Serving Issuance Logs").
 */
final class LogKeys {
    static final String OID_NAME_PREFIX = "oid/1.3.6.1.4.1.";

    private final Map<String, List<NoteVerifier>> byOrigin = new LinkedHashMap<>();
    private final Map<String, List<NoteVerifier>> byCa = new LinkedHashMap<>();

    /** Parses {@code vkeys}; throws {@link IllegalArgumentException} naming the key that does not parse. */
    LogKeys(List<String> vkeys) {
        for (String text : vkeys) {
            Vkey k;
            NoteVerifier v;
            try {
                k = Vkey.parse(text);
                v = k.verifier();
            } catch (MtcException e) {
                throw new IllegalArgumentException("log key '" + text + "': " + e.getMessage(), e);
            }
            boolean ca = k.type() == Cosignature.TYPE_MLDSA44_COSIGNATURE && k.name().startsWith(OID_NAME_PREFIX);
            (ca ? byCa : byOrigin).computeIfAbsent(k.name(), n -> new ArrayList<>()).add(v);
        }
    }

    boolean isEmpty() {
        return byOrigin.isEmpty() && byCa.isEmpty();
    }

    /** The keys trusted for {@code origin}; empty for an origin the mirror does not take. */
    List<NoteVerifier> verifiers(String origin) {
        List<NoteVerifier> out = new ArrayList<>(byOrigin.getOrDefault(origin, List.of()));
        int dot = origin.lastIndexOf(".0.");
        if (dot > 0 && logNumber(origin.substring(dot + 3))) {
            out.addAll(byCa.getOrDefault(origin.substring(0, dot), List.of()));
        }
        return out;
    }

    /** A decimal 1..65535 without leading zeros. */
    private static boolean logNumber(String s) {
        if (!s.matches("[1-9][0-9]{0,4}")) {
            return false;
        }
        return Integer.parseInt(s) <= 0xffff;
    }
}
