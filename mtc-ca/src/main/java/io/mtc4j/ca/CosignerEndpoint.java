package io.mtc4j.ca;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.cosign.Cosigner;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.note.Cosignature;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.note.Vkey;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One external cosigner of the CA's standalone certificates (draft §"Cosigners", §"Standalone Certificates" steps
 * 4-5), as {@code ca.json} names it inside a {@link CosignerSet}:
 * <pre>
 * {"type": "witness",                    witness (C2SP tlog-witness) or mirror (C2SP tlog-mirror)
 *  "url": "http://127.0.0.1:8090",       its submission prefix (add-checkpoint, sign-subtree, add-entries)
 *  "id": "32473.3",                      its cosigner ID; its signatures are named oid/1.3.6.1.4.1.&lt;id&gt;
 *  "keys": ["oid/1.3.6.1.4.1.32473.3+5e6f7a8b+Bh..."],
 *                                        its verifier keys (signed-note vkeys named after the ID); one must be
 *                                        the ML-DSA-44 subtree/v1 key (type 0x06): certificates carry its
 *                                        signatures; the others (Ed25519 cosignature/v1) only check checkpoints
 *  "timeout": "30s"}                     optional (default 30s): how long the standalone stage waits for it,
 *                                        and the bound of each of its HTTP requests
 * </pre>
 *
 * @param type    witness or mirror
 * @param url     the submission prefix URL, without a trailing slash
 * @param id      the cosigner ID
 * @param keys    the verifier keys, as vkey strings
 * @param timeout the time the standalone stage waits for this cosigner (positive)
 */
public record CosignerEndpoint(Type type, URI url, TrustAnchorId id, List<String> keys, Duration timeout) {
    /** The default {@link #timeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** The protocol a cosigner speaks. */
    public enum Type {
        /** C2SP tlog-witness: add-checkpoint with a consistency proof, then sign-subtree. */
        WITNESS,
        /** C2SP tlog-mirror: add-checkpoint, add-entries (the log's entries uploaded), then sign-subtree. */
        MIRROR;

        /** @return the name in ca.json */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Checks the components against the rules above.
     *
     * @throws IllegalArgumentException naming the component and the rule
     */
    public CosignerEndpoint {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        url = checkUrl(Objects.requireNonNull(url, "url").toString());
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("keys: needs at least the ML-DSA-44 subtree/v1 key");
        }
        subtreeKey(id, keys);
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout: must be a positive duration, got " + timeout);
        }
    }

    private static URI checkUrl(String s) {
        return CaConfig.httpUrl("url", s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    /** The ML-DSA-44 key named after {@code id} among {@code keys}; every key must be named after it. */
    private static Vkey subtreeKey(TrustAnchorId id, List<String> keys) {
        Vkey found = null;
        for (int i = 0; i < keys.size(); i++) {
            Vkey k;
            try {
                k = Vkey.parse(keys.get(i));
                k.verifier();
            } catch (MtcException | IllegalArgumentException e) {
                throw new IllegalArgumentException("keys[" + i + "]: not a signed-note verifier key: "
                        + e.getMessage(), e);
            }
            if (!k.name().equals(id.tlogName())) {
                throw new IllegalArgumentException("keys[" + i + "]: is named " + k.name() + ", the cosigner "
                        + id + " signs as " + id.tlogName() + " (draft §\"Signature Format\")");
            }
            if (k.type() == Cosignature.TYPE_MLDSA44_COSIGNATURE) {
                if (found != null) {
                    throw new IllegalArgumentException("keys[" + i + "]: a second ML-DSA-44 key (a cosigner ID has"
                            + " one key, draft §\"Signature Algorithms\")");
                }
                found = k;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("keys: none is an ML-DSA-44 subtree/v1 key (type 0x06), the key"
                    + " whose signatures standalone certificates carry");
        }
        return found;
    }

    /**
     * The cosigner as a relying party sees it: its ID and the ML-DSA-44 key its subtree signatures verify under.
     *
     * @return the cosigner
     */
    public Cosigner cosigner() {
        return new Cosigner(id, Keys.verifierFromRaw(SignatureAlgorithm.MLDSA44, subtreeKey(id, keys).publicKey()));
    }

    /**
     * The note verifiers of every key (they check the cosigner's checkpoint cosignatures).
     *
     * @return the verifiers
     */
    public List<NoteVerifier> noteVerifiers() {
        List<NoteVerifier> out = new ArrayList<>();
        for (String k : keys) {
            out.add(Vkey.parse(k).verifier());
        }
        return out;
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type.jsonName());
        m.put("url", url.toString());
        m.put("id", id.toString());
        m.put("keys", keys);
        m.put("timeout", DurationText.format(timeout));
        return m;
    }

    /** Parses one member object strictly; errors name {@code field} and the rule. */
    static CosignerEndpoint parse(JsonNode n, String field) {
        if (n == null || !n.isObject()) {
            throw new CaException(field, "required-object", "must be an object with type, url, id, keys");
        }
        List<String> known = List.of("type", "url", "id", "keys", "timeout");
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new CaException(field + "." + f, "unknown-field", "unknown field (known: " + String.join(", ",
                        known) + ")");
            }
        }
        String t = text(n, "type", field);
        Type type = switch (t) {
            case "witness" -> Type.WITNESS;
            case "mirror" -> Type.MIRROR;
            default -> throw new CaException(field + ".type", "cosigner-type", "must be \"witness\" or \"mirror\","
                    + " got \"" + t + "\"");
        };
        URI url;
        try {
            url = checkUrl(text(n, "url", field));
        } catch (IllegalArgumentException e) {
            throw new CaException(field + ".url", "url", e.getMessage());
        }
        TrustAnchorId id;
        try {
            id = TrustAnchorId.parse(text(n, "id", field));
        } catch (MtcException | IllegalArgumentException e) {
            throw new CaException(field + ".id", "trust-anchor-id", "not a trust anchor ID: " + e.getMessage());
        }
        JsonNode ks = n.get("keys");
        if (ks == null || !ks.isArray() || ks.isEmpty()) {
            throw new CaException(field + ".keys", "required-array", "must be a non-empty array of vkeys");
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < ks.size(); i++) {
            if (!ks.get(i).isTextual()) {
                throw new CaException(field + ".keys[" + i + "]", "required-string", "must be a vkey string");
            }
            keys.add(ks.get(i).textValue());
        }
        Duration timeout = DEFAULT_TIMEOUT;
        if (n.has("timeout")) {
            try {
                timeout = DurationText.parse(text(n, "timeout", field));
            } catch (CaException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new CaException(field + ".timeout", "duration", e.getMessage());
            }
        }
        try {
            return new CosignerEndpoint(type, url, id, keys, timeout);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            int colon = m.indexOf(':');
            String sub = colon > 0 && m.substring(0, colon).matches("[a-z]+(\\[[0-9]+\\])?") ? m.substring(0, colon)
                    : "";
            throw new CaException(sub.isEmpty() ? field : field + "." + sub, "invalid", m);
        }
    }

    private static String text(JsonNode n, String f, String field) {
        JsonNode v = n.get(f);
        if (v == null || !v.isTextual()) {
            throw new CaException(field + "." + f, "required-string", "must be present and a string");
        }
        return v.textValue();
    }
}
