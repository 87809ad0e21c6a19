package io.mtc4j.rp.config;

import static io.mtc4j.rp.config.JsonFields.array;
import static io.mtc4j.rp.config.JsonFields.bytes;
import static io.mtc4j.rp.config.JsonFields.intValue;
import static io.mtc4j.rp.config.JsonFields.keys;
import static io.mtc4j.rp.config.JsonFields.nonNegative;
import static io.mtc4j.rp.config.JsonFields.require;
import static io.mtc4j.rp.config.JsonFields.tai;
import static io.mtc4j.rp.config.JsonFields.text;
import static io.mtc4j.rp.config.JsonFields.trustedSubtree;
import static io.mtc4j.rp.config.JsonFields.unsigned;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mtc4j.rp.policy.CosignerPolicy;
import io.mtc4j.rp.policy.TextPolicy;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cosign.Cosigner;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a relying-party configuration file (JSON) for one or more CAs. Strict: unknown keys, wrong types,
 * duplicate keys and bad values are {@link MtcParseException}s naming the JSON path. Format:
 *
 * <pre>{@code
 * {
 *   "cas": [
 *     {
 *       "ca_certificate": "ca_cert.pem",        // optional; relative to the file. Supplies ca_id, hash, the CA
 *                                               // cosigner, and revoked [0,minSerial) + [maxSerial+1,2^64)
 *       "ca_id": "32473.1",                     // required unless ca_certificate is given (then must agree)
 *       "hash": "sha256",                       // default sha256
 *       "profile": "plants-05",                 // default: the current profile
 *       "ca_cosigner": {"algorithm": "mldsa44", "public_key": "<hex DER SubjectPublicKeyInfo>"},
 *       "cosigners": [{"id": "32473.2.1", "algorithm": "ecdsa_p256_sha256", "public_key": "<hex SPKI>"}],
 *       "policy": {"all": [{"cosigner": "ca"}, {"threshold": 1, "of": ["32473.2.1", "32473.2.2"]}]},
 *       "trusted_subtrees": [{"log": 1, "start": 0, "end": 32, "hash": "<hex>"}],
 *       "revoked": [{"start": "0", "end": {"log": 1, "index": 8}}]
 *     }
 *   ]
 * }
 * }</pre>
 *
 * <p>Bytes are lowercase hex; files written before hex was the rule used standard padded base64, which is still
 * read ({@link JsonFields#bytes}).
 *
 * <p>Policies: a string in {@link TextPolicy}'s tlog-policy-like syntax, or JSON:
 * {@code {"cosigner": ID}} (with {@code "ca"} for the CA cosigner), {@code {"threshold": k, "of":
 * [IDs]}}, {@code {"all": [...]}}, {@code {"any": [...]}}; the default is {@code {"cosigner": "ca"}}. Serials are
 * decimal strings or numbers, or {@code {"log": N, "index": I}}. Revoked ranges are added to those from the CA
 * certificate.
 */
public final class ConfigLoader {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Reads CA facts from a CA certificate file (PEM or DER); supplied by the caller to keep this class small. */
    @FunctionalInterface
    public interface CaCertificateReader {
        /**
         * Reads the CA facts of a CA certificate file.
         *
         * @param file the file
         * @param profile the wire profile
         * @return the CA's relying-party configuration
         * @throws IOException if the file cannot be read
         */
        CaConfig read(Path file, Profile profile) throws IOException;
    }

    private ConfigLoader() {}

    /**
     * Loads a configuration file; {@code ca_certificate} paths resolve against its folder.
     *
     * @param file the file
     * @param caReader reads a CA certificate file
     * @return the configuration of every CA in the file
     * @throws IOException if the file cannot be read
     */
    public static RelyingPartyConfig load(Path file, CaCertificateReader caReader) throws IOException {
        return parse(Files.readAllBytes(file), file.toAbsolutePath().getParent(), caReader);
    }

    /**
     * Parses configuration JSON.
     *
     * @param json the JSON text
     * @param baseDir the folder relative paths resolve against
     * @param caReader reads a CA certificate file
     * @return the configuration of every CA in the JSON
     * @throws IOException if the file cannot be read
     */
    public static RelyingPartyConfig parse(byte[] json, Path baseDir, CaCertificateReader caReader) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MtcParseException("config", "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MtcParseException("config", "must be a JSON object");
        }
        keys(root, "config", Set.of("cas"));
        JsonNode cas = require(root, "cas", "config");
        if (!cas.isArray() || cas.isEmpty()) {
            throw new MtcParseException("config.cas", "must be a non-empty array");
        }
        List<CaConfig> out = new ArrayList<>();
        for (int i = 0; i < cas.size(); i++) {
            out.add(parseCa(cas.get(i), "config.cas[" + i + "]", baseDir, caReader));
        }
        try {
            return new RelyingPartyConfig(out);
        } catch (IllegalArgumentException e) {
            throw new MtcParseException("config.cas", e.getMessage());
        }
    }

    private static CaConfig parseCa(JsonNode n, String at, Path baseDir, CaCertificateReader caReader)
            throws IOException {
        if (!n.isObject()) {
            throw new MtcParseException(at, "must be an object");
        }
        keys(n, at, Set.of("ca_certificate", "ca_id", "hash", "profile", "ca_cosigner", "cosigners", "policy",
                "trusted_subtrees", "revoked"));
        Profile profile = n.has("profile") ? Profile.fromName(text(n.get("profile"), at + ".profile"))
                : Profile.current();
        HashFunction hash = HashFunction.sha256();
        if (n.has("hash") && !text(n.get("hash"), at + ".hash").equals("sha256")) {
            throw new MtcParseException(at + ".hash", "only sha256 is supported");
        }
        Optional<CaConfig> fromCert = Optional.empty();
        if (n.has("ca_certificate")) {
            Path p = baseDir.resolve(text(n.get("ca_certificate"), at + ".ca_certificate"));
            try {
                fromCert = Optional.of(caReader.read(p, profile));
            } catch (MtcParseException e) {
                throw e.within(at + ".ca_certificate");
            }
        }
        TrustAnchorId caId;
        if (n.has("ca_id")) {
            caId = tai(n.get("ca_id"), at + ".ca_id");
            CaConfig.requireLogOriginsFit(at + ".ca_id", caId);
            if (fromCert.isPresent() && !fromCert.get().caId().equals(caId)) {
                throw new MtcParseException(at + ".ca_id", "differs from the CA certificate's subject "
                        + fromCert.get().caId());
            }
        } else if (fromCert.isPresent()) {
            caId = fromCert.get().caId();
        } else {
            throw new MtcParseException(at, "needs ca_id or ca_certificate");
        }
        Cosigner caCosigner;
        if (n.has("ca_cosigner")) {
            JsonNode c = n.get("ca_cosigner");
            keys(c, at + ".ca_cosigner", Set.of("algorithm", "public_key"));
            caCosigner = cosigner(caId, c, at + ".ca_cosigner");
        } else if (fromCert.isPresent()) {
            caCosigner = fromCert.get().caCosigner();
        } else {
            throw new MtcParseException(at, "needs ca_cosigner or ca_certificate");
        }
        List<Cosigner> others = new ArrayList<>();
        if (n.has("cosigners")) {
            JsonNode cs = array(n.get("cosigners"), at + ".cosigners");
            for (int i = 0; i < cs.size(); i++) {
                String ai = at + ".cosigners[" + i + "]";
                keys(cs.get(i), ai, Set.of("id", "algorithm", "public_key"));
                others.add(cosigner(tai(require(cs.get(i), "id", ai), ai + ".id"), cs.get(i), ai));
            }
        }
        CosignerPolicy policy = n.has("policy") ? policy(n.get("policy"), at + ".policy", caId)
                : CosignerPolicy.require(caId);
        List<TrustedSubtree> subtrees = new ArrayList<>();
        if (n.has("trusted_subtrees")) {
            JsonNode ts = array(n.get("trusted_subtrees"), at + ".trusted_subtrees");
            for (int i = 0; i < ts.size(); i++) {
                subtrees.add(trustedSubtree(ts.get(i), at + ".trusted_subtrees[" + i + "]"));
            }
        }
        List<SerialRange> revoked = new ArrayList<>(fromCert.map(CaConfig::revokedRanges).orElse(List.of()));
        if (n.has("revoked")) {
            JsonNode rs = array(n.get("revoked"), at + ".revoked");
            for (int i = 0; i < rs.size(); i++) {
                String ai = at + ".revoked[" + i + "]";
                keys(rs.get(i), ai, Set.of("start", "end"));
                try {
                    revoked.add(new SerialRange(serial(require(rs.get(i), "start", ai), ai + ".start"),
                            serial(require(rs.get(i), "end", ai), ai + ".end")));
                } catch (IllegalArgumentException e) {
                    throw new MtcParseException(ai, e.getMessage());
                }
            }
        }
        try {
            return new CaConfig(caId, hash, profile, caCosigner, others, policy, subtrees, revoked);
        } catch (IllegalArgumentException e) {
            throw new MtcParseException(at, e.getMessage());
        }
    }

    /**
     * Parses a policy expression (see the class comment).
     *
     * @param n the JSON node
     * @param at the JSON path of the field, for error messages
     * @param caId the CA ID
     * @return the {@code CosignerPolicy}
     */
    public static CosignerPolicy policy(JsonNode n, String at, TrustAnchorId caId) {
        if (n.isTextual()) {
            try {
                return TextPolicy.parse(n.textValue(), caId);
            } catch (MtcParseException e) {
                throw e.within(at);
            }
        }
        if (!n.isObject() || n.size() != 1 && !(n.size() == 2 && n.has("threshold") && n.has("of"))) {
            throw new MtcParseException(at, "must be one of {\"cosigner\":ID}, {\"threshold\":k,\"of\":[IDs]},"
                    + " {\"all\":[...]}, {\"any\":[...]}");
        }
        try {
            if (n.has("cosigner")) {
                return CosignerPolicy.require(cosignerRef(n.get("cosigner"), at + ".cosigner", caId));
            }
            if (n.has("threshold")) {
                keys(n, at, Set.of("threshold", "of"));
                JsonNode of = array(require(n, "of", at), at + ".of");
                List<TrustAnchorId> ids = new ArrayList<>();
                for (int i = 0; i < of.size(); i++) {
                    ids.add(cosignerRef(of.get(i), at + ".of[" + i + "]", caId));
                }
                return CosignerPolicy.threshold(intValue(n.get("threshold"), at + ".threshold"), ids);
            }
            boolean all = n.has("all");
            if (!all && !n.has("any")) {
                throw new MtcParseException(at, "unknown policy form " + n.fieldNames().next());
            }
            String key = all ? "all" : "any";
            JsonNode arr = array(n.get(key), at + "." + key);
            List<CosignerPolicy> subs = new ArrayList<>();
            for (int i = 0; i < arr.size(); i++) {
                subs.add(policy(arr.get(i), at + "." + key + "[" + i + "]", caId));
            }
            return all ? CosignerPolicy.allOf(subs) : CosignerPolicy.anyOf(subs);
        } catch (IllegalArgumentException e) {
            throw new MtcParseException(at, e.getMessage());
        }
    }

    private static TrustAnchorId cosignerRef(JsonNode n, String at, TrustAnchorId caId) {
        String s = text(n, at);
        return s.equals("ca") ? caId : tai(n, at);
    }

    private static Cosigner cosigner(TrustAnchorId id, JsonNode n, String at) {
        SignatureAlgorithm alg = algorithm(text(require(n, "algorithm", at), at + ".algorithm"), at + ".algorithm");
        byte[] spki = bytes(require(n, "public_key", at), at + ".public_key");
        int nameBytes = id.tlogNameBytes().length;
        if (nameBytes > 255) {
            throw new MtcParseException(at + ".id", "the tlog name " + id.tlogName().substring(0, 24) + "... is "
                    + nameBytes + " bytes, over the 255 bytes of cosigner_name<1..2^8-1> (draft §\"Signature Format\")");
        }
        try {
            return new Cosigner(id, Keys.verifier(alg, spki));
        } catch (MtcParseException e) {
            throw e.within(at + ".public_key");
        } catch (MtcException | IllegalArgumentException e) {
            throw new MtcParseException(at + ".public_key", e.getMessage());
        }
    }

    /**
     * Looks up a cosigner algorithm by its generator name (mldsa44, ..., ecdsa_p384_sha384).
     *
     * @param name the name
     * @param at the JSON path of the field, for error messages
     * @return the {@code SignatureAlgorithm}
     */
    public static SignatureAlgorithm algorithm(String name, String at) {
        for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
            if (a.wireName().equals(name)) {
                return a;
            }
        }
        List<String> known = new ArrayList<>();
        for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
            known.add(a.wireName());
        }
        throw new MtcParseException(at, "unknown algorithm '" + name + "'; known: " + known);
    }

    private static BigInteger serial(JsonNode n, String at) {
        if (n.isObject()) {
            keys(n, at, Set.of("log", "index"));
            int log = intValue(require(n, "log", at), at + ".log");
            long index = unsigned(require(n, "index", at), at + ".index");
            if (log < 0 || log > 0x10000 || index >= (1L << 48) || index < 0 || (log == 0x10000 && index != 0)) {
                throw new MtcParseException(at, "log must be 0..65535 and index 0..2^48-1 (or log 65536 index 0 for"
                        + " 2^64)");
            }
            return BigInteger.valueOf(log).shiftLeft(48).or(BigInteger.valueOf(index));
        }
        BigInteger v = nonNegative(n, at);
        if (v.signum() < 0 || v.compareTo(SerialRange.LIMIT) > 0) {
            throw new MtcParseException(at, "must be within 0..2^64");
        }
        return v;
    }
}
