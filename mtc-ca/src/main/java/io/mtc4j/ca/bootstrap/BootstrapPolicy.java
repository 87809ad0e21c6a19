package io.mtc4j.ca.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtc4j.ca.CaException;
import io.mtc4j.ca.IssuanceRequest;
import io.mtc4j.ca.RequestChecker;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The intake policy of a bootstrap-mode CA: one request object of {@code POST /v1/requests} is
 * <pre>{"chain": "&lt;PEM CERTIFICATE blocks, leaf first&gt;"}</pre> or
 * <pre>{"chain": ["&lt;base64 DER certificate&gt;", ...]}</pre> (leaf first; the root may be omitted). The chain is
 * validated to the CA's roots now ({@link ChainValidator}), the leaf converted ({@link BootstrapConversion}), and
 * the validated path travels with the request to be published beside its entry. Any other field is refused; a
 * refusal names {@code requests[i].chain[j]...} and the rule.
 */
public final class BootstrapPolicy implements RequestChecker {
    private final ChainValidator validator;
    private final Duration maxLifetime;
    private final Clock clock;

    /**
     * The policy.
     *
     * @param validator   the CA's trusted roots
     * @param maxLifetime the CA's maximum certificate lifetime
     * @param clock       the clock that says "now"
     */
    public BootstrapPolicy(ChainValidator validator, Duration maxLifetime, Clock clock) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.maxLifetime = Objects.requireNonNull(maxLifetime, "maxLifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public IssuanceRequest check(JsonNode request, String field) {
        for (Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("chain")) {
                throw new CaException(field + "." + f, "unknown-field", "a bootstrap-mode CA takes only \"chain\"");
            }
        }
        JsonNode c = request.get("chain");
        if (c == null) {
            throw new CaException(field + ".chain", "required", "a bootstrap chain (PEM, leaf first) is required");
        }
        return check(chain(c, field + ".chain"), field);
    }

    /**
     * Validates and converts one chain.
     *
     * @param chain DER certificates, leaf first
     * @param field the JSON path prefix for errors
     * @return the request
     * @throws CaException naming {@code field.chain[i]...} and the rule
     */
    public IssuanceRequest check(List<byte[]> chain, String field) {
        try {
            ChainValidator.ValidatedPath path = validator.validate(chain, clock.instant());
            return BootstrapConversion.convert(path, clock.instant(), maxLifetime);
        } catch (CaException e) {
            throw new CaException(field + "." + e.field(), e.rule(), e.detail(), e);
        }
    }

    private static List<byte[]> chain(JsonNode c, String field) {
        if (c.isTextual()) {
            return ChainValidator.readCertificates(c.textValue().getBytes(StandardCharsets.UTF_8), field);
        }
        if (!c.isArray() || c.isEmpty()) {
            throw new CaException(field, "chain", "must be a PEM string or a non-empty array of base64 DER"
                    + " certificates");
        }
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            JsonNode n = c.get(i);
            if (!n.isTextual()) {
                throw new CaException(field + "[" + i + "]", "base64", "must be a base64 string");
            }
            try {
                out.add(Base64.getDecoder().decode(n.textValue()));
            } catch (IllegalArgumentException e) {
                throw new CaException(field + "[" + i + "]", "base64", e.getMessage());
            }
        }
        return out;
    }
}
