package io.mtc4j.rp.config;

import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A relying party's configuration for any number of Merkle Tree CAs, keyed by CA ID. Immutable. */
public record RelyingPartyConfig(List<CaConfig> cas) {
    /**
     * Checks the components against the rules above and copies byte arrays.
     *
     * @param cas the CAs
     */
    public RelyingPartyConfig {
        cas = List.copyOf(cas);
        Map<TrustAnchorId, CaConfig> seen = new LinkedHashMap<>();
        for (CaConfig c : cas) {
            if (seen.put(c.caId(), c) != null) {
                throw new IllegalArgumentException("CA " + c.caId() + " is configured twice");
            }
        }
    }

    /**
     * A configuration of the given CAs.
     *
     * @param cas the CAs
     * @return the of
     */
    public static RelyingPartyConfig of(CaConfig... cas) {
        return new RelyingPartyConfig(List.of(cas));
    }

    /**
     * The CA whose ID is {@code caId}.
     *
     * @param caId the CA ID
     * @return the CA whose ID is {@code caId}
     */
    public Optional<CaConfig> ca(TrustAnchorId caId) {
        return cas.stream().filter(c -> c.caId().equals(caId)).findFirst();
    }

    /**
     * A copy with {@code caId}'s configuration replaced by {@code change(old)}.
     *
     * @param caId the CA ID
     * @param change the change
     * @return a copy with {@code caId}'s configuration replaced by {@code change(old)}
     */
    public RelyingPartyConfig with(TrustAnchorId caId, UnaryOperator<CaConfig> change) {
        List<CaConfig> out = new ArrayList<>();
        boolean found = false;
        for (CaConfig c : cas) {
            if (c.caId().equals(caId)) {
                out.add(change.apply(c));
                found = true;
            } else {
                out.add(c);
            }
        }
        if (!found) {
            throw new IllegalArgumentException("no CA " + caId + " is configured");
        }
        return new RelyingPartyConfig(out);
    }

    /**
     * A copy with {@code ca} added or replacing the CA with the same ID.
     *
     * @param ca the CA's configuration
     * @return a copy with {@code ca} added or replacing the CA with the same ID
     */
    public RelyingPartyConfig withCa(CaConfig ca) {
        List<CaConfig> out = new ArrayList<>();
        for (CaConfig c : cas) {
            if (!c.caId().equals(ca.caId())) {
                out.add(c);
            }
        }
        out.add(ca);
        return new RelyingPartyConfig(out);
    }
}
