package io.mtc4j.log.witness;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.note.Cosignature;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.note.Vkey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The logs a witness cosigns for, or a mirror copies, and the keys it trusts for each (tlog-witness
 * §"Introduction": "configured with a list of supported log public keys", a log being "uniquely identified by its
 * origin line"; tlog-mirror likewise). Built from signed-note verifier keys:
 * <ul>
 *   <li>a key of any type {@link NoteVerifier#fromVkey} accepts (Ed25519 note keys, type 0x01, above all) is
 *       trusted for the origin equal to its name;</li>
 *   <li>an ML-DSA-44 {@code subtree/v1} key (type 0x06) whose name is an MTC cosigner name
 *       {@code oid/1.3.6.1.4.1.<CA ID>} is an MTC CA cosigner key (mtc-tlog §"Cosigners": "An MTC CA's CA
 *       cosigner has the same ID as the CA ... different from the log origin"): it is trusted for every issuance
 *       log of that CA, the origins {@code <name>.0.<N>} for log numbers N = 1..65535 (mtc-tlog §"Serving Issuance
 *       Logs"; witnesses "SHOULD be configured to accept the next few unused log numbers").</li>
 * </ul>
 */
public final class TrustedLogs {
    /** mtc-tlog §"Representing Trust Anchor IDs": the prefix of an OID name. */
    static final String OID_NAME_PREFIX = "oid/1.3.6.1.4.1.";

    private final Map<String, List<NoteVerifier>> byOrigin;
    private final Map<String, List<NoteVerifier>> byCa;
    private final List<String> vkeys;

    private TrustedLogs(Map<String, List<NoteVerifier>> byOrigin, Map<String, List<NoteVerifier>> byCa,
            List<String> vkeys) {
        this.byOrigin = byOrigin;
        this.byCa = byCa;
        this.vkeys = vkeys;
    }

    /**
     * The logs the verifier keys {@code vkeys} name (see the class comment).
     *
     * @param vkeys signed-note verifier keys {@code <name>+<hex key ID>+<base64>}
     * @return the trusted logs
     * @throws BadLogKeyException naming the key that does not parse or verify its key ID
     */
    public static TrustedLogs of(List<String> vkeys) {
        Map<String, List<NoteVerifier>> byOrigin = new LinkedHashMap<>();
        Map<String, List<NoteVerifier>> byCa = new LinkedHashMap<>();
        List<String> texts = new ArrayList<>();
        for (String text : vkeys) {
            Vkey k;
            NoteVerifier v;
            try {
                k = Vkey.parse(text);
                v = k.verifier();
            } catch (MtcException e) {
                throw new BadLogKeyException(text, e);
            }
            boolean caKey = k.type() == Cosignature.TYPE_MLDSA44_COSIGNATURE && isMtcCosignerName(k.name());
            (caKey ? byCa : byOrigin).computeIfAbsent(k.name(), n -> new ArrayList<>()).add(v);
            texts.add(text);
        }
        byOrigin.replaceAll((o, l) -> List.copyOf(l));
        byCa.replaceAll((o, l) -> List.copyOf(l));
        return new TrustedLogs(Collections.unmodifiableMap(byOrigin), Collections.unmodifiableMap(byCa),
                List.copyOf(texts));
    }

    /**
     * The keys trusted for {@code origin}; empty for an unknown origin (tlog-witness: 404).
     *
     * @param origin a checkpoint origin line
     * @return the verifiers, possibly none
     */
    public List<NoteVerifier> verifiers(String origin) {
        Objects.requireNonNull(origin, "origin");
        List<NoteVerifier> out = new ArrayList<>(byOrigin.getOrDefault(origin, List.of()));
        int dot = origin.lastIndexOf(".0.");
        if (dot > 0 && isLogNumber(origin.substring(dot + 3))) {
            out.addAll(byCa.getOrDefault(origin.substring(0, dot), List.of()));
        }
        return List.copyOf(out);
    }

    /**
     * True iff some key is trusted for {@code origin}.
     *
     * @param origin a checkpoint origin line
     * @return whether the origin is known
     */
    public boolean knows(String origin) {
        return !verifiers(origin).isEmpty();
    }

    /**
     * The verifier keys, as configured.
     *
     * @return the vkeys
     */
    public List<String> vkeys() {
        return vkeys;
    }

    /**
     * The number of keys configured.
     *
     * @return the count
     */
    public int size() {
        return vkeys.size();
    }

    private static boolean isMtcCosignerName(String name) {
        if (!name.startsWith(OID_NAME_PREFIX)) {
            return false;
        }
        String rest = name.substring(OID_NAME_PREFIX.length());
        return rest.matches("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
    }

    /** mtc-tlog §"Serving Issuance Logs": a log number in decimal without leading zeros, 1..65535. */
    private static boolean isLogNumber(String s) {
        return s.matches("[1-9][0-9]{0,4}") && Integer.parseInt(s) <= 0xffff;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    /** A configured log key that does not parse; its message names the key, cut after 60 characters. */
    public static final class BadLogKeyException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        /** The key as configured. */
        private final String key;

        private BadLogKeyException(String key, MtcException cause) {
            super("log key '" + abbreviate(key) + "': " + cause.getMessage(), cause);
            this.key = key;
        }

        /**
         * The key as configured, whole.
         *
         * @return the key's text
         */
        public String key() {
            return key;
        }

        /**
         * Why it does not parse.
         *
         * @return the parser's message
         */
        public String reason() {
            return getCause().getMessage();
        }
    }

    @Override
    public String toString() {
        return "TrustedLogs[" + byOrigin.keySet() + ", CAs " + byCa.keySet() + "]";
    }
}
