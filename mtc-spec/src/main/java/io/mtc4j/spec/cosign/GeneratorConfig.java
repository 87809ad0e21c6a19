package io.mtc4j.spec.cosign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The CA and cosigner part of a {@code config.json} of the draft authors' generator (demo {@code config.go}):
 * {@code Version}, {@code ID}, {@code LogNumber} and {@code Cosigners} (each {@code CosignerID},
 * {@code SignatureAlgorithm}, base64 PKCS#8 {@code PrivateKey}). Everything else in the file is ignored.
 * Lets tests and tools verify the generator's cosignatures with its own keys. {@code toString()} hides keys.
 *
 * @param profile    the wire profile ({@code Version})
 * @param caId       the CA ID ({@code ID})
 * @param logNumber  the issuance log number ({@code LogNumber})
 * @param cosigners  the cosigners in file order
 */
public record GeneratorConfig(Profile profile, TrustAnchorId caId, int logNumber, List<SubtreeSigner> cosigners) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Checks the components against the rules above and copies byte arrays.
     *
     * @param profile the wire profile ({@code Version})
     * @param caId the CA ID ({@code ID})
     * @param logNumber the issuance log number ({@code LogNumber})
     * @param cosigners the cosigners in file order
     */
    public GeneratorConfig {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(caId, "caId");
        cosigners = List.copyOf(cosigners);
    }

    /**
     * Parses the config file's bytes; signers use {@code mode}.
     *
     * @param json the JSON text
     * @param mode the signing mode
     * @return the parsed value
     */
    public static GeneratorConfig parse(byte[] json, SigningMode mode) {
        JsonNode root;
        try {
            root = JSON.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new MtcParseException("config.json", "not JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new MtcParseException("config.json", "must be a JSON object");
        }
        Profile profile = Profile.fromName(text(root, "Version"));
        TrustAnchorId ca = TrustAnchorId.parse(text(root, "ID"));
        JsonNode log = root.get("LogNumber");
        int logNumber = log == null ? 1 : log.asInt(-1);
        if (logNumber < 0 || logNumber > 0xffff || (log != null && !log.canConvertToInt())) {
            throw new MtcParseException("config.json.LogNumber", "must be an integer 0..65535");
        }
        List<SubtreeSigner> cosigners = new ArrayList<>();
        JsonNode list = root.get("Cosigners");
        if (list == null || !list.isArray()) {
            throw new MtcParseException("config.json.Cosigners", "must be an array");
        }
        for (JsonNode c : list) {
            if (!c.isObject()) {
                throw new MtcParseException("config.json.Cosigners", "entries must be objects");
            }
            TrustAnchorId id = TrustAnchorId.parse(text(c, "CosignerID"));
            SignatureAlgorithm alg = SignatureAlgorithm.fromName(text(c, "SignatureAlgorithm"));
            byte[] pkcs8;
            try {
                pkcs8 = Base64.getDecoder().decode(text(c, "PrivateKey"));
            } catch (IllegalArgumentException e) {
                throw new MtcParseException("config.json.Cosigners.PrivateKey", "not base64", e);
            }
            cosigners.add(new SubtreeSigner(id, Keys.signer(alg, pkcs8, mode)));
        }
        return new GeneratorConfig(profile, ca, logNumber, cosigners);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new MtcParseException("config.json." + field, "missing or not a string");
        }
        return v.asText();
    }

    /**
     * The issuance log's ID: {@code CA.0.N} from plants-04 on; before that each CA had one log whose ID was the
     * configured {@code ID} itself (MTC-NOTES §6).
     *
     * @return the issuance log's ID: {@code CA.0.N} from plants-04 on; before that each CA had one log whose ID was the configured {@code ID} itself (MTC-NOTES §6)
     */
    public TrustAnchorId logId() {
        return profile.serialHasLogNumber() ? caId.logId(logNumber) : caId;
    }

    /**
     * What a relying party trusts: each cosigner's ID and public key.
     *
     * @return the {@code List<Cosigner>}
     */
    public List<Cosigner> trustedCosigners() {
        return cosigners.stream().map(SubtreeSigner::cosigner).toList();
    }

    /**
     * The cosigner with this ID.
     *
     * @param id the trust anchor ID
     * @return the cosigner with this ID
     */
    public java.util.Optional<SubtreeSigner> cosigner(TrustAnchorId id) {
        return cosigners.stream().filter(c -> c.id().equals(id)).findFirst();
    }
}
