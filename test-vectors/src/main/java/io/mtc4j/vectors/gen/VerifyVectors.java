package io.mtc4j.vectors.gen;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cert.CertificateBuilder;
import io.mtc4j.spec.cert.MtcCertificate;
import io.mtc4j.spec.cert.MtcProof;
import io.mtc4j.spec.cert.SubtreeSignature;
import io.mtc4j.spec.cosign.CosignedMessage;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.cert.TbsCertificate;
import io.mtc4j.spec.cosign.SubtreeSigner;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.codec.TlsWriter;
import io.mtc4j.spec.tai.TrustAnchorId;
import io.mtc4j.vectors.Json;
import io.mtc4j.vectors.Ops;
import io.mtc4j.vectors.VectorFile;
import io.mtc4j.vectors.VectorFile.Tag;
import io.mtc4j.vectors.VectorFile.Type;
import io.mtc4j.vectors.VerifyRequests;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The relying party's verification (draft §"Verifying Certificate Signatures", §"Trusted Cosigners",
 * §"Trusted Subtrees", §"Revoked Ranges"): certificates of the sample log under different configurations. Each
 * test states the outcome and failing step it is written for; generation fails if mtc-relying-party disagrees.
 */
final class VerifyVectors implements VectorSource {
    private static final String VERIFY = "Verifying Certificate Signatures";
    /** 2026-06-01T00:00:00Z. */
    static final long TIME = 1780272000L;

    @Override
    public List<VectorFile> generate(List<Profile> profiles) {
        VectorFile f = VectorFile.create("cert_verify", Ops.CERT_VERIFY,
                "Relying-party verification of certificates under a given configuration");
        f.request("certificate", Type.HEX).request("profile", Type.PROFILE).request("ca_certificate", Type.HEX)
                .request("ca_id", Type.STRING).request("cosigners", Type.ANY).request("policy", Type.ANY)
                .request("trusted_subtrees", Type.ANY).request("revoked", Type.ANY).request("time", Type.UINT)
                .request("host", Type.STRING);
        f.output("valid", Type.BOOL).output("step", Type.STRING).output("path", Type.STRING);
        steps(f);
        if (profiles.contains(Profile.PLANTS_05)) {
            current(f);
        }
        for (Profile p : List.of(Profile.PLANTS_04)) {
            if (profiles.contains(p)) {
                older(f, p);
            }
        }
        for (Profile p : List.of(Profile.PLANTS_02, Profile.DAVIDBEN_09)) {
            if (profiles.contains(p)) {
                legacy(f, p);
            }
        }
        if (profiles.contains(Profile.PLANTS_05)) {
            issuerAltName(f);
            ber(f);
        }
        return f.size() == 0 ? List.of() : List.of(f);
    }

    /**
     * The step vocabulary of {@code cert.verify}: the name an answer's {@code step} gives to the failed check, and
     * the numbered step of draft §"Verifying Certificate Signatures" it is. A vector names a step only where the
     * draft's procedure fixes it; the runner compares the step only then, and only when the answer reports one.
     */
    static void steps(VectorFile f) {
        f.step("issuer", "Before step 1: the issuer Name is not the CA ID of a Merkle Tree CA the relying party is "
                + "configured with (the procedure applies only to certificates \"whose issuer is a Merkle Tree CA\"; "
                + "§\"Relying Party Configuration\")");
        f.step("signature_algorithm", "Step 1: the TBSCertificate's signature field is not id-alg-mtcProof with "
                + "omitted parameters");
        f.step("proof_decoding", "Step 2: the signatureValue does not decode as an MTCProof (not whole octets, "
                + "trailing data, malformed vectors, cosigner IDs out of order or repeated)");
        f.step("serial_range", "Step 3: the serial number is negative or greater than 2^64-1");
        f.step("revoked_range", "Step 4: the serial number is in one of the relying party's revoked ranges "
                + "(including [0, minSerial) and [maxSerial+1, 2^64) of a CA certificate)");
        f.step("log_number", "Step 5: log_number = serial >> 48 is zero (from plants-04 on)");
        f.step("inclusion_proof", "Step 10: evaluating the inclusion proof fails (invalid subtree, index outside it, "
                + "proof too long or too short)");
        f.step("trusted_subtree", "Step 11: (log_number, start, end) is a trusted subtree and the evaluated hash "
                + "differs from its hash");
        f.step("cosignatures", "Step 12: the valid signatures of configured cosigners do not satisfy the cosigner "
                + "requirements (including a requirement no configured cosigner can meet, and any certificate whose "
                + "entry hash or subtree differs from what was signed)");
        f.step("validity", "After the procedure (\"other checks, such as checking expiry\"; RFC 5280 §6.1.3 "
                + "(a)(2)): the time is outside [notBefore, notAfter]");
        f.step("host", "After the procedure (RFC 6125 / RFC 9525 as TLS requires): the subjectAltName does not "
                + "match the host");
    }

    /**
     * A TBSCertificate in BER, not DER (draft §"Log Entries": tbs_cert_entry_data is DER; §"Certificate
     * Malleability"): the entry cannot be rebuilt, so the certificate fails. No step is named: a strict decoder
     * fails before the procedure, a BER-tolerant one at the signatures (the CA signed the DER entry).
     */
    private void ber(VectorFile f) {
        Profile p = Profile.PLANTS_05;
        SampleLog log = new SampleLog(p, 13);
        ObjectNode params = Json.object();
        params.put("profile", p.wireName());
        params.put("ca_certificate", Json.hex(log.caCertificate().encoded()));
        VectorFile.Group g = f.group("plants-05 sample log; BER inside the TBSCertificate of a standalone "
                + "certificate (entry 6 in [4, 8), CA cosignature); CA certificate only", params);
        MtcCertificate base = log.certificate(6, new Subtree(4, 8), log.cosigners().subList(0, 1));
        add(g, params, "the DER original verifies", "R11", new Case(base.encoded()), "valid signatures", VERIFY);
        for (Object[] b : CertVectors.berVariants(base)) {
            ObjectNode req = request(params, new Case((byte[]) b[1]));
            boolean rejected;
            try {
                rejected = !VerifyRequests.verify(req).path("valid").asBoolean();
            } catch (io.mtc4j.spec.MtcException | IllegalArgumentException e) {
                rejected = true;
            }
            if (!rejected) {
                throw new IllegalStateException("cert.verify accepted BER: " + b[0]);
            }
            g.invalid((String) b[0], Tag.of("Certificate Malleability", "E3"), new Case((byte[]) b[1]).in,
                    Ops.KIND_INVALID, Optional.empty());
        }
    }

    /**
     * draft §"Log Entries": the issuer alternative name is "purely cosmetic, and MUST NOT be used in path
     * validation or any other trust decision", so a certificate whose non-critical issuerAltName breaks the
     * entry's format rules still verifies.
     */
    private void issuerAltName(VectorFile f) {
        Profile p = Profile.PLANTS_05;
        List<IssuerAltNameVectors.Variant> vs = IssuerAltNameVectors.variants().stream()
                .filter(v -> !v.critical()).toList();
        java.util.Map<Integer, byte[]> extra = new java.util.LinkedHashMap<>();
        for (int i = 0; i < vs.size(); i++) {
            extra.put(4 + i, vs.get(i).extension());
        }
        SampleLog log = new SampleLog(p, 8, extra);
        List<SubtreeSigner> cs = log.cosigners();
        ObjectNode params = Json.object();
        params.put("profile", p.wireName());
        params.put("ca_certificate", Json.hex(log.caCertificate().encoded()));
        VectorFile.Group g = f.group("plants-05 log of 8 entries whose entries 4-7 carry a non-critical "
                + "issuerAltName (cosmetic: no trust decision may use it); CA certificate only", params);
        for (int i = 0; i < vs.size(); i++) {
            add(g, params, "entry " + (4 + i) + ", " + vs.get(i).comment(), "E5", new Case(log.certificate(4 + i,
                    new Subtree(4, 8), cs.subList(0, 1)).encoded()), "valid signatures", "Log Entries");
        }
    }

    private static ObjectNode cosigner(SubtreeSigner s) {
        ObjectNode o = Json.object();
        o.put("id", s.id().ascii());
        o.put("algorithm", s.signer().algorithm().wireName());
        o.put("public_key", Json.hex(s.signer().publicKeySpki()));
        return o;
    }

    private static ObjectNode require(String id) {
        ObjectNode o = Json.object();
        o.put("cosigner", id);
        return o;
    }

    private final class Case {
        final ObjectNode in = Json.object();

        Case(byte[] cert) {
            in.put("certificate", Json.hex(cert));
            in.put("time", TIME);
        }

        Case set(String k, com.fasterxml.jackson.databind.JsonNode v) {
            in.set(k, v);
            return this;
        }

        Case put(String k, String v) {
            in.put(k, v);
            return this;
        }
    }

    /** Adds the test after checking mtc-relying-party gives the intended outcome. */
    private static void add(VectorFile.Group g, ObjectNode params, String comment, String must, Case c,
            String intendedStep, String section) {
        ObjectNode req = params.deepCopy();
        c.in.fields().forEachRemaining(e -> req.set(e.getKey(), e.getValue()));
        ObjectNode got = VerifyRequests.verify(req);
        Tag tag = must == null ? Tag.of(section) : Tag.of(section, must);
        if (intendedStep.startsWith("valid ")) {
            if (!got.path("valid").asBoolean() || !got.path("path").asText().equals(intendedStep.substring(6))) {
                throw new IllegalStateException("cert.verify vector '" + comment + "' intended " + intendedStep
                        + ", mtc-relying-party says " + got);
            }
            ObjectNode exp = Json.object();
            exp.put("valid", true);
            exp.put("path", intendedStep.substring(6));
            g.valid(comment, tag, c.in, exp);
        } else {
            if (got.path("valid").asBoolean() || !got.path("step").asText().equals(intendedStep)) {
                throw new IllegalStateException("cert.verify vector '" + comment + "' intended step " + intendedStep
                        + ", mtc-relying-party says " + got);
            }
            g.invalid(comment, tag, c.in, Ops.KIND_INVALID, Optional.of(intendedStep));
        }
    }

    private static ObjectNode request(ObjectNode params, Case c) {
        ObjectNode req = params.deepCopy();
        c.in.fields().forEachRemaining(e -> req.set(e.getKey(), e.getValue()));
        return req;
    }

    /** An invalid test that names no step (the draft's procedure does not fix one); mtc-relying-party must reject. */
    private static void addInvalid(VectorFile.Group g, ObjectNode params, String comment, String must, Case c,
            String section) {
        ObjectNode got = VerifyRequests.verify(request(params, c));
        if (got.path("valid").asBoolean()) {
            throw new IllegalStateException("cert.verify vector '" + comment + "' must be rejected, mtc-relying-party "
                    + "says " + got);
        }
        g.invalid(comment, Tag.of(section, must), c.in, Ops.KIND_INVALID, Optional.empty());
    }

    /**
     * A policy no configured cosigner can meet: an implementation may refuse the configuration (an error answer)
     * or fail at the policy step; mtc-relying-party must do one of the two.
     */
    private static void addUnmeetable(VectorFile.Group g, ObjectNode params, String comment, String must, Case c,
            String section) {
        try {
            ObjectNode got = VerifyRequests.verify(request(params, c));
            if (got.path("valid").asBoolean() || !got.path("step").asText().equals("cosignatures")) {
                throw new IllegalStateException("cert.verify vector '" + comment + "' intended step cosignatures, "
                        + "mtc-relying-party says " + got);
            }
        } catch (io.mtc4j.spec.MtcException | IllegalArgumentException refusedAtConfiguration) {
            // refused when configuring: conforms as well
        }
        g.invalid(comment, Tag.of(section, must), c.in, Ops.KIND_INVALID, Optional.of("cosignatures"));
    }

    private static byte[] withSerial(MtcCertificate c, BigInteger serial) {
        TbsCertificate t = c.tbs();
        List<byte[]> parts = new ArrayList<>();
        t.version().ifPresent(parts::add);
        parts.add(Der.tlv(Der.INTEGER, serial.toByteArray()));
        parts.add(t.signature());
        parts.add(t.issuer());
        parts.add(t.validity());
        parts.add(t.subject());
        parts.add(t.subjectPublicKeyInfo());
        t.extensions().ifPresent(parts::add);
        return Der.sequence(Der.sequence(parts.toArray(new byte[0][])), t.signature(),
                Der.bitString(c.signatureValue()));
    }

    private void current(VectorFile f) {
        Profile p = Profile.PLANTS_05;
        SampleLog log = new SampleLog(p, 13);
        List<SubtreeSigner> cs = log.cosigners();
        MtcCertificate standalone = log.certificate(10, new Subtree(8, 13), cs);
        MtcCertificate caOnly = log.certificate(6, new Subtree(4, 8), cs.subList(0, 1));
        MtcCertificate relative = log.certificate(3, new Subtree(0, 8), List.of());
        byte[] caCert = log.caCertificate().encoded();
        ObjectNode params = Json.object();
        params.put("profile", p.wireName());
        params.put("ca_certificate", Json.hex(caCert));
        ArrayNode others = Json.array();
        others.add(cosigner(cs.get(1)));
        others.add(cosigner(cs.get(2)));
        params.set("cosigners", others);
        VectorFile.Group g = f.group("plants-05 sample log; CA certificate (minSerial 1<<48, maxSerial log 5) plus "
                + "witnesses 32473.2.1 (ECDSA P-256) and 32473.2.2 (Ed25519); time 2026-06-01", params);
        String ca = SampleLog.CA.ascii();
        add(g, params, "standalone, default policy (CA cosigner)", "R11", new Case(standalone.encoded()),
                "valid signatures", VERIFY);
        add(g, params, "standalone with only the CA cosignature", "R11", new Case(caOnly.encoded()),
                "valid signatures", VERIFY);
        ObjectNode caPlusOne = Json.object();
        ArrayNode all = caPlusOne.putArray("all");
        all.add(require(ca));
        ObjectNode k1 = all.addObject();
        k1.put("k", 1);
        k1.putArray("of").add(require("32473.2.1")).add(require("32473.2.2"));
        add(g, params, "policy: CA and 1 of 2 witnesses", "R11", new Case(standalone.encoded()).set("policy",
                caPlusOne), "valid signatures", "Trusted Cosigners");
        add(g, params, "policy: CA and 1 of 2 witnesses, certificate has only the CA cosignature", "R11",
                new Case(caOnly.encoded()).set("policy", caPlusOne), "cosignatures", "Trusted Cosigners");
        ObjectNode k2 = Json.object();
        k2.put("k", 2);
        k2.putArray("of").add(require("32473.2.1")).add(require("32473.2.2"));
        add(g, params, "policy: 2 of 2 witnesses", "R11", new Case(standalone.encoded()).set("policy", k2),
                "valid signatures", "Trusted Cosigners");
        ObjectNode any = Json.object();
        any.putArray("any").add(require("32473.2.2")).add(require(ca));
        add(g, params, "policy: any of (witness 2, CA)", "R11", new Case(caOnly.encoded()).set("policy", any),
                "valid signatures", "Trusted Cosigners");
        ObjectNode onlyCa = params.deepCopy();
        onlyCa.set("cosigners", Json.array());
        VectorFile.Group g2 = f.group("plants-05 sample log; CA certificate only (witness signatures are from "
                + "unknown cosigners)", onlyCa);
        add(g2, onlyCa, "unknown cosigners' signatures are ignored", "R12", new Case(standalone.encoded()),
                "valid signatures", VERIFY);
        addUnmeetable(g2, onlyCa, "policy names witness 1, whose key is not configured (only witness 2's is): no "
                + "configured cosigner can meet it; refusing the configuration or failing the policy step both "
                + "conform", "R11", new Case(standalone.encoded()).set("cosigners", Json.array().add(cosigner(
                        cs.get(2)))).set("policy", require("32473.2.1")), "Trusted Cosigners");
        byte[] flipped = standalone.encoded().clone();
        flipped[flipped.length - 10] ^= 0x01;
        add(g, params, "a cosignature with a flipped bit (the last signature's last bytes)", "R11",
                new Case(flipped).set("policy", k2), "cosignatures", VERIFY);
        add(g, params, "serial in a revoked range", "R5", new Case(standalone.encoded()).set("revoked",
                Json.array().add(Json.array().add(Json.integer(standalone.serial())).add(Json.integer(
                        standalone.serial().add(BigInteger.ONE))))), "revoked_range", "Revoked Ranges");
        add(g, params, "serial just after a revoked range", "R5", new Case(standalone.encoded()).set("revoked",
                Json.array().add(Json.array().add(Json.integer(BigInteger.ZERO)).add(Json.integer(
                        standalone.serial())))), "valid signatures", "Revoked Ranges");
        add(g, params, "log number 6 is above maxSerial (revoked by the CA certificate)", "R16",
                new Case(withSerial(standalone, BigInteger.valueOf(6).shiftLeft(48).or(BigInteger.TEN))),
                "revoked_range", "Relying Party Configuration");
        add(g, params, "log number 0 is below minSerial (revoked by the CA certificate)", "R16",
                new Case(withSerial(standalone, BigInteger.TEN)), "revoked_range", "Relying Party Configuration");
        add(g, params, "certificate used after notAfter", "R13", new Case(standalone.encoded()).set("time",
                Json.u64(SampleLog.NOT_AFTER.getEpochSecond() + 1)), "validity", VERIFY);
        add(g, params, "certificate used before notBefore", "R13", new Case(standalone.encoded()).set("time",
                Json.u64(SampleLog.NOT_BEFORE.getEpochSecond() - 1)), "validity", VERIFY);
        add(g, params, "host matches the subjectAltName", "R13", new Case(standalone.encoded()).put("host",
                SampleLog.host(10)), "valid signatures", VERIFY);
        add(g, params, "host does not match", "R13", new Case(standalone.encoded()).put("host", SampleLog.host(11)),
                "host", VERIFY);
        ObjectNode trusted = Json.object();
        trusted.put("log_number", 1);
        trusted.put("start", 0);
        trusted.put("end", 8);
        trusted.put("hash", Json.hex(log.hash(new Subtree(0, 8))));
        add(g, params, "landmark-relative certificate with its trusted subtree", "R10", new Case(relative.encoded())
                .set("trusted_subtrees", Json.array().add(trusted)), "valid trusted_subtree", "Trusted Subtrees");
        ObjectNode wrong = trusted.deepCopy();
        wrong.put("hash", Json.hex(log.hash(new Subtree(0, 4)).clone()));
        add(g, params, "landmark-relative certificate, trusted subtree with another hash", "R10",
                new Case(relative.encoded()).set("trusted_subtrees", Json.array().add(wrong)), "trusted_subtree",
                "Trusted Subtrees");
        add(g, params, "landmark-relative certificate without trusted subtrees: no signatures meet the policy",
                "R11", new Case(relative.encoded()), "cosignatures", VERIFY);
        add(g, params, "standalone certificate whose subtree is also trusted: the trusted hash decides", "R10",
                new Case(caOnly.encoded()).set("trusted_subtrees", Json.array().add(trustedOf(log, 4, 8))),
                "valid trusted_subtree", "Trusted Subtrees");
        add(g, params, "entry with an extension: the entry is rebuilt with the MTCProof's extensions", "R7",
                new Case(log.certificate(SampleLog.EXTENSION_INDEX, new Subtree(8, 13), cs.subList(0, 1)).encoded()),
                "valid signatures", VERIFY);
        Subtree first8 = new Subtree(0, 8);
        byte[] tsSig = cs.get(0).sign(p, new CosignedMessage(SampleLog.CA, CheckpointVectors.TIME, SampleLog.logId(),
                0, 8, log.hash(first8)));
        MtcCertificate timestamped = CertificateBuilder.build(log.entries().get(3), log.subjectSpki(),
                SampleLog.LOG_NUMBER, 3, new MtcProof(List.of(), 0, 8, SubtreeProofs.inclusionProof(log.tree(),
                        first8, 3), List.of(new SubtreeSignature(SampleLog.CA, tsSig))), HashFunction.sha256());
        add(g, params, "CA cosignature over the message with a non-zero timestamp (certificates use 0)", "E13",
                new Case(timestamped.encoded()), "cosignatures", "Certificate Format");
        // Malformed certificates fail at the step that decodes them.
        byte[] der = standalone.encoded();
        byte[] badAlg = der.clone();
        int at = lastIndexOf(badAlg, HexFormat.of().parseHex("060a2b0601040182da4b2f00"));
        badAlg[at + 11] = 0x01;
        add(g, params, "outer signatureAlgorithm is not id-alg-mtcProof", "R2", new Case(badAlg),
                "signature_algorithm", VERIFY);
        byte[] proof = standalone.signatureValue();
        byte[] longer = Der.sequence(standalone.tbsCertificate(), standalone.tbs().signature(),
                Der.bitString(CosignVectors.concat(proof, new byte[] {0})));
        add(g, params, "MTCProof with a trailing byte", "R3", new Case(longer), "proof_decoding", VERIFY);
        byte[] tooLong = withExtraProofHash(standalone);
        add(g, params, "inclusion proof one hash too long", "R8", new Case(tooLong), "inclusion_proof", VERIFY);
        byte[] otherSubject = der.clone();
        int h = lastIndexOf(otherSubject, SampleLog.host(10).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        otherSubject[h] = 'H';
        add(g, params, "one byte of the TBSCertificate changed (subjectAltName): entry hash differs", "R7",
                new Case(otherSubject), "cosignatures", VERIFY);
        ObjectNode noCa = Json.object();
        noCa.put("profile", p.wireName());
        noCa.put("ca_id", "32473.9");
        ArrayNode stranger = Json.array();
        ObjectNode s = cosigner(cs.get(0));
        s.put("id", "32473.9");
        stranger.add(s);
        noCa.set("cosigners", stranger);
        VectorFile.Group g3 = f.group("a relying party configured for another CA (32473.9)", noCa);
        add(g3, noCa, "issuer is not a configured CA", "R1", new Case(standalone.encoded()), "issuer", VERIFY);
        ObjectNode noCert = Json.object();
        noCert.put("profile", p.wireName());
        ArrayNode keys = Json.array();
        cs.forEach(c -> keys.add(cosigner(c)));
        noCert.set("cosigners", keys);
        VectorFile.Group g4 = f.group("configured without a CA certificate: cosigner keys only (first is the CA), "
                + "no revoked ranges", noCert);
        add(g4, noCert, "standalone, default policy", "R1", new Case(standalone.encoded()), "valid signatures",
                "Relying Party Configuration");
        add(g4, noCert, "log number 0", "R6", new Case(withSerial(standalone, BigInteger.TEN)), "log_number", VERIFY);
        add(g4, noCert, "serial 2^64 (above the range)", "R4", new Case(withSerial(standalone,
                BigInteger.ONE.shiftLeft(64))), "serial_range", VERIFY);
        add(g4, noCert, "negative serial", "R4", new Case(withSerial(standalone, BigInteger.valueOf(-5))),
                "serial_range", VERIFY);
    }

    private static ObjectNode trustedOf(SampleLog log, long s, long e) {
        ObjectNode t = Json.object();
        t.put("log_number", 1);
        t.put("start", s);
        t.put("end", e);
        t.put("hash", Json.hex(log.hash(new Subtree(s, e))));
        return t;
    }

    private static byte[] withExtraProofHash(MtcCertificate c) {
        byte[] proof = c.signatureValue();
        // plants-05 MTCProof: u16 ext(=0) | u48 start | u48 end | u16 P | hashes | signatures
        int p = ((proof[14] & 0xff) << 8) | (proof[15] & 0xff);
        byte[] out = new byte[proof.length + 32];
        System.arraycopy(proof, 0, out, 0, 16 + p);
        System.arraycopy(proof, 16 + p, out, 16 + p + 32, proof.length - 16 - p);
        out[14] = (byte) ((p + 32) >> 8);
        out[15] = (byte) (p + 32);
        return Der.sequence(c.tbsCertificate(), c.tbs().signature(), Der.bitString(out));
    }

    private static int lastIndexOf(byte[] hay, byte[] needle) {
        for (int i = hay.length - needle.length; i >= 0; i--) {
            if (Arrays.equals(Arrays.copyOfRange(hay, i, i + needle.length), needle)) {
                return i;
            }
        }
        throw new IllegalStateException("not found");
    }

    private void older(VectorFile f, Profile p) {
        SampleLog log = new SampleLog(p, 13);
        List<SubtreeSigner> cs = log.cosigners();
        ObjectNode params = Json.object();
        params.put("profile", p.wireName());
        // Before plants-04 the issuer (and so the configured ID) is the log ID; the CA cosigner signs as the CA.
        params.put("ca_id", p.serialHasLogNumber() ? SampleLog.CA.ascii() : SampleLog.logId().ascii());
        ArrayNode keys = Json.array();
        ObjectNode caKey = cosigner(cs.get(0));
        caKey.put("id", params.get("ca_id").asText());
        keys.add(caKey);
        params.set("cosigners", keys);
        VectorFile.Group g = f.group(p + " sample log; CA cosigner key only", params);
        if (p.serialHasLogNumber()) {
            add(g, params, p + " standalone certificate", "R11", new Case(log.certificate(10, new Subtree(8, 13),
                    cs.subList(0, 1)).encoded()), "valid signatures", VERIFY);
        }
        add(g, params, p + " landmark-relative certificate with its trusted subtree", "R10",
                new Case(log.certificate(3, new Subtree(0, 8), List.of()).encoded()).set("trusted_subtrees",
                        Json.array().add(trustedOf(log, 0, 8))), "valid trusted_subtree", "Trusted Subtrees");
    }

    /**
     * Profiles before plants-04 (MTC-NOTES §6): the serial is the bare index, the issuer is the log ID (here
     * {@code 32473.1.0.1}, configured as {@code ca_id}: each CA had one log), cosignatures over the legacy
     * {@code mtc-subtree/v1} input are not sorted, subtrees are non-empty and trusted subtrees match on
     * {@code [start, end)} alone (their {@code log_number} is ignored).
     */
    private void legacy(VectorFile f, Profile p) {
        SampleLog log = new SampleLog(p, 13);
        List<SubtreeSigner> cs = log.cosigners();
        TrustAnchorId logId = SampleLog.logId();
        // the CA cosigner signs as the log it operates (cosigner ID = log ID = issuer), as in the draft authors'
        // generator before plants-04
        SubtreeSigner caAsLog = new SubtreeSigner(logId, cs.get(0).signer());
        ObjectNode params = Json.object();
        params.put("profile", p.wireName());
        params.put("ca_id", logId.ascii());
        ArrayNode keys = Json.array();
        keys.add(cosigner(caAsLog));
        keys.add(cosigner(cs.get(1)));
        keys.add(cosigner(cs.get(2)));
        params.set("cosigners", keys);
        VectorFile.Group g = f.group(p + " sample log (before plants-04: serial = index, issuer = log ID "
                + logId.ascii() + " configured as ca_id); CA cosigner " + logId.ascii() + " plus witnesses 32473.2.1"
                + " and 32473.2.2; no revoked ranges", params);
        Subtree s = new Subtree(8, 13);
        // witness first: the legacy MTCProof does not order its signatures
        MtcCertificate standalone = legacyCertificate(log, 10, s, List.of(cs.get(1), caAsLog), logId);
        MtcCertificate relative = log.certificate(3, new Subtree(0, 8), List.of());
        add(g, params, p + " standalone, cosignatures not in cosigner order (witness first), default policy", "R11",
                new Case(standalone.encoded()), "valid signatures", VERIFY);
        ObjectNode caPlusOne = Json.object();
        ArrayNode all = caPlusOne.putArray("all");
        all.add(require(logId.ascii()));
        ObjectNode k1 = all.addObject();
        k1.put("k", 1);
        k1.putArray("of").add(require("32473.2.1")).add(require("32473.2.2"));
        add(g, params, p + " standalone, policy: CA and 1 of 2 witnesses", "R11",
                new Case(standalone.encoded()).set("policy", caPlusOne), "valid signatures", "Trusted Cosigners");
        add(g, params, p + " standalone, policy: witness 2, who did not sign", "R11",
                new Case(standalone.encoded()).set("policy", require("32473.2.2")), "cosignatures",
                "Trusted Cosigners");
        add(g, params, p + " landmark-relative certificate with its trusted subtree", "R10",
                new Case(relative.encoded()).set("trusted_subtrees", Json.array().add(trustedOf(log, 0, 8))),
                "valid trusted_subtree", "Trusted Subtrees");
        ObjectNode otherLog = trustedOf(log, 0, 8);
        otherLog.put("log_number", 2);
        add(g, params, p + " landmark-relative certificate; trusted subtrees match on [start, end) alone, so its"
                + " log_number is ignored", "R10", new Case(relative.encoded()).set("trusted_subtrees",
                        Json.array().add(otherLog)), "valid trusted_subtree", "Trusted Subtrees");
        ObjectNode wrongHash = trustedOf(log, 0, 8);
        wrongHash.put("hash", Json.hex(log.hash(new Subtree(0, 4))));
        add(g, params, p + " landmark-relative certificate, trusted subtree with another hash", "R10",
                new Case(relative.encoded()).set("trusted_subtrees", Json.array().add(wrongHash)), "trusted_subtree",
                "Trusted Subtrees");
        add(g, params, p + " landmark-relative certificate without trusted subtrees", "R11",
                new Case(relative.encoded()), "cosignatures", VERIFY);
        add(g, params, p + " serial = another index of the subtree: the proof evaluates to another hash", "R8",
                new Case(withSerial(standalone, BigInteger.valueOf(11))), "cosignatures", VERIFY);
        add(g, params, p + " serial in the plants-04 layout (1 << 48 | 10) is index 2^48 + 10, outside the subtree",
                "R9", new Case(withSerial(standalone, BigInteger.ONE.shiftLeft(48).or(BigInteger.TEN))),
                "inclusion_proof", VERIFY);
        addInvalid(g, params, p + " serial 0 on a certificate proven for index 1: the proof evaluated for index 0 "
                + "gives another subtree hash, so the signature fails (the procedure has no serial-0 step)", "R11",
                new Case(withSerial(log.certificate(1, new Subtree(0, 8), List.of(caAsLog)), BigInteger.ZERO)),
                VERIFY);
        add(g, params, p + " serial (= index) in a revoked range", "R5", new Case(standalone.encoded()).set("revoked",
                Json.array().add(Json.array().add(Json.integer(BigInteger.TEN)).add(Json.integer(
                        BigInteger.valueOf(11))))), "revoked_range", "Revoked Ranges");
        byte[] flippedSig = standalone.encoded().clone();
        flippedSig[flippedSig.length - 10] ^= 0x01; // the CA's ML-DSA-44 signature, the last one
        add(g, params, p + " the CA cosignature with a flipped bit", "R11", new Case(flippedSig), "cosignatures",
                VERIFY);
        byte[] proof = standalone.signatureValue();
        proof[8 + 8 + 2] ^= 0x01; // u64 start | u64 end | u16 length | first hash
        add(g, params, p + " inclusion proof with a flipped bit", "R8", new Case(Der.sequence(
                standalone.tbsCertificate(), standalone.tbs().signature(), Der.bitString(proof))), "cosignatures",
                VERIFY);
        add(g, params, p + " the CA cosigned log ID 32473.1, not the issuer's log ID " + logId.ascii(), "R11",
                new Case(legacyCertificate(log, 10, s, List.of(caAsLog), SampleLog.CA).encoded()), "cosignatures",
                VERIFY);
        add(g, params, p + " signed only by an unknown cosigner (32473.1 is not configured here)", "R12",
                new Case(legacyCertificate(log, 10, s, List.of(cs.get(0)), logId).encoded()), "cosignatures",
                VERIFY);
        add(g, params, p + " an unknown cosigner's signature beside the CA's is ignored", "R12",
                new Case(legacyCertificate(log, 10, s, List.of(cs.get(0), caAsLog), logId).encoded()),
                "valid signatures", VERIFY);
        byte[] caSig = standalone.proof().signatures().get(1).signature();
        byte[] empty = TlsWriter.encode(w -> {
            w.u64(10).u64(10);
            w.u16Vector("inclusion_proof", 0, 0xffff, v -> { });
            w.u16Vector("signatures", 0, 0xffff, v -> v.u8Bytes("cosigner_id", 1, 255, logId.binary())
                    .u16Bytes("signature", 0, 0xffff, caSig));
        });
        add(g, params, p + " empty subtree [10, 10): subtrees are non-empty before the current draft", "R9",
                new Case(Der.sequence(standalone.tbsCertificate(), standalone.tbs().signature(),
                        Der.bitString(empty))), "inclusion_proof", "Definition of a Subtree");
        ObjectNode noCa = params.deepCopy();
        noCa.put("ca_id", "32473.1");
        ArrayNode asCa = Json.array();
        asCa.add(cosigner(cs.get(0)));
        noCa.set("cosigners", asCa);
        VectorFile.Group g2 = f.group(p + " relying party configured with the CA ID 32473.1 instead of the log ID",
                noCa);
        add(g2, noCa, p + " issuer (the log ID " + logId.ascii() + ") is not a configured CA", "R1",
                new Case(standalone.encoded()), "issuer", VERIFY);
    }

    /** A certificate of {@code log} with signatures over {@code logId} in exactly the given order. */
    private static MtcCertificate legacyCertificate(SampleLog log, int index, Subtree s, List<SubtreeSigner> signers,
            TrustAnchorId logId) {
        byte[] h = log.hash(s);
        List<SubtreeSignature> sigs = new ArrayList<>();
        for (SubtreeSigner c : signers) {
            sigs.add(new SubtreeSignature(c.id(), c.signSubtree(log.profile(), logId, s.start(), s.end(), h)));
        }
        MtcProof proof = new MtcProof(List.of(), s.start(), s.end(), SubtreeProofs.inclusionProof(log.tree(), s, index),
                sigs);
        return CertificateBuilder.build(log.entries().get(index), log.subjectSpki(), SampleLog.LOG_NUMBER, index,
                proof, HashFunction.sha256());
    }
}
