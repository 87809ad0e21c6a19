package io.mtc4j.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.rp.config.CaCertificates;
import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.config.RelyingPartyConfig;
import io.mtc4j.rp.config.SerialRange;
import io.mtc4j.rp.config.TrustedSubtree;
import io.mtc4j.rp.policy.CosignerPolicy;
import io.mtc4j.rp.verify.MtcVerifier;
import io.mtc4j.rp.verify.VerificationResult;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cosign.Cosigner;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cert.verify} (shared by the generator and mtc4j's adapter): turns the request's relying-party configuration into mtc-relying-party's
 * {@link CaConfig} and runs {@link MtcVerifier}. Configuration (draft §"Relying Party Configuration"):
 * {@code ca_certificate} (CA ID, CA cosigner, revoked [0, minSerial) and [maxSerial+1, 2^64)) and/or
 * {@code cosigners} [{id, algorithm, public_key}] (without a CA certificate the cosigner whose id is
 * {@code ca_id}, or the first one, is the CA cosigner), {@code policy} (default: the CA cosigner),
 * {@code trusted_subtrees}, {@code revoked} half-open [lo, hi) ranges, {@code time} (Unix seconds) and
 * {@code host}. The answer's {@code step} is the lower-case name of the failed
 * {@link io.mtc4j.rp.verify.Step}, {@code path} is {@code trusted_subtree} or {@code signatures}.
 */
public final class VerifyRequests {
    private VerifyRequests() {}

    /** Answers a {@code cert.verify} request with mtc-relying-party. */
    public static ObjectNode verify(ObjectNode r) {
        Profile profile = r.has("profile") ? Profile.fromName(Json.text(r, "profile")) : Profile.current();
        CaConfig ca = caConfig(r, profile);
        List<TrustedSubtree> trusted = new ArrayList<>();
        for (JsonNode t : r.path("trusted_subtrees")) {
            trusted.add(new TrustedSubtree(Json.bigInteger(t, "log_number").intValueExact(), Json.u64(t, "start"),
                    Json.u64(t, "end"), Json.bytes(t, "hash")));
        }
        ca = ca.withTrustedSubtrees(trusted);
        List<SerialRange> revoked = new ArrayList<>(ca.revokedRanges());
        for (JsonNode p : r.path("revoked")) {
            revoked.add(new SerialRange(Json.bigInteger("revoked", p.path(0)), Json.bigInteger("revoked", p.path(1))));
        }
        ca = ca.withRevokedRanges(revoked);
        Instant time = Instant.ofEpochSecond(Json.bigInteger(r, "time").longValueExact());
        MtcVerifier verifier = new MtcVerifier(RelyingPartyConfig.of(ca));
        byte[] certificate = Json.bytes(r, "certificate");
        VerificationResult v = r.has("host") ? verifier.verify(certificate, time, Json.text(r, "host"))
                : verifier.verify(certificate, time);
        ObjectNode o = Json.object();
        o.put("valid", v.isValid());
        v.failedStep().ifPresent(s -> o.put("step", s.wireName()));
        v.path().ifPresent(p -> o.put("path", p.wireName()));
        return o;
    }

    /**
     * The CA's relying-party configuration from a request's {@code ca_certificate}, {@code cosigners},
     * {@code ca_id} and {@code policy} (shared by {@code cert.verify} and {@code subtrees.validate}).
     */
    static CaConfig caConfig(ObjectNode r, Profile profile) {
        List<Cosigner> cosigners = new ArrayList<>();
        for (JsonNode c : r.path("cosigners")) {
            SignatureAlgorithm alg = SignatureAlgorithm.fromName(Json.text(c, "algorithm"));
            cosigners.add(new Cosigner(TrustAnchorId.parse(Json.text(c, "id")),
                    Keys.verifier(alg, Json.bytes(c, "public_key"))));
        }
        CaConfig ca;
        if (r.has("ca_certificate")) {
            CaConfig fromCert = CaCertificates.fromDer(Json.bytes(r, "ca_certificate"), profile);
            ca = fromCert.withOtherCosigners(cosigners.stream().filter(c -> !c.id().equals(fromCert.caId())).toList());
        } else {
            if (cosigners.isEmpty()) {
                throw new MtcParseException("request", "needs ca_certificate or cosigners");
            }
            TrustAnchorId caId = r.has("ca_id") ? TrustAnchorId.parse(Json.text(r, "ca_id")) : cosigners.get(0).id();
            Cosigner caCosigner = cosigners.stream().filter(c -> c.id().equals(caId)).findFirst()
                    .orElseThrow(() -> new MtcParseException("cosigners", "no key for the CA cosigner " + caId));
            ca = new CaConfig(caId, HashFunction.sha256(), profile, caCosigner,
                    cosigners.stream().filter(c -> !c.id().equals(caId)).toList(), CosignerPolicy.require(caId),
                    List.of(), List.of());
        }
        if (r.has("policy")) {
            ca = ca.withPolicy(policy(r.get("policy")));
        }
        return ca;
    }

    /** {"cosigner": ID} | {"all": [P...]} | {"any": [P...]} | {"k": K, "of": [{"cosigner": ID}...]}. */
    public static CosignerPolicy policy(JsonNode p) {
        if (p.has("cosigner")) {
            return CosignerPolicy.require(TrustAnchorId.parse(Json.text(p, "cosigner")));
        }
        if (p.has("all") || p.has("any")) {
            List<CosignerPolicy> subs = new ArrayList<>();
            for (JsonNode s : p.has("all") ? p.get("all") : p.get("any")) {
                subs.add(policy(s));
            }
            return p.has("all") ? CosignerPolicy.allOf(subs) : CosignerPolicy.anyOf(subs);
        }
        if (p.has("k") && p.has("of")) {
            List<TrustAnchorId> ids = new ArrayList<>();
            for (JsonNode s : p.get("of")) {
                if (!s.has("cosigner")) {
                    throw new MtcParseException("policy.of", "mtc4j thresholds range over cosigners only");
                }
                ids.add(TrustAnchorId.parse(Json.text(s, "cosigner")));
            }
            return CosignerPolicy.threshold(p.get("k").asInt(), ids);
        }
        throw new MtcParseException("policy", "expected cosigner, all, any or k/of");
    }

}
