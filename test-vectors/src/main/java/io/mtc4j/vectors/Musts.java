package io.mtc4j.vectors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The MUST catalogue: every id a vector's {@code must} field may cite ({@code E21}, {@code R12}, ...), with the
 * specification, its section and the rule in one sentence of ours. Shipped beside the vectors as
 * {@code musts.json} so an implementer outside mtc4j can read what a failed test cites. The ids follow
 * MTC-NOTES §7 (E encoder/parser, C CA and log operator, K cosigner, L log server, R relying party); section
 * names are those of draft-ietf-plants-merkle-tree-certs (main@d7362d6) unless the spec is another document.
 */
public final class Musts {
    private Musts() {}

    /** One rule: its id, the specification, the section(s) and the rule in one sentence. */
    public record Must(String id, String spec, String section, String rule) {}

    private static final String D = "draft-ietf-plants-merkle-tree-certs";

    private static Must m(String id, String spec, String section, String rule) {
        return new Must(id, spec, section, rule);
    }

    /** The catalogue in id order within each letter (E, C, K, L, R). */
    public static final List<Must> ALL = List.of(
            m("E1", D, "Log Entries",
                    "Entry extensions are strictly ascending with no duplicate types"),
            m("E2", D, "Log Entries",
                    "An MTCLogEntry is ≤ 65535 bytes"),
            m("E3", D, "Log Entries; Certificate Malleability",
                    "tbs_cert_entry_data = DER contents octets (DER is required)"),
            m("E4", D, "Log Entries",
                    "The entry's issuer = CA ID Name"),
            m("E5", D, "Log Entries",
                    "An entry's IssuerAltName is non-critical, one directoryName/rdnSequence, one ATV per RDN, never used for trust"),
            m("E6", D, "Log Entries",
                    "subjectPublicKeyInfoHash = HASH(DER SPKI)"),
            m("E7", D, "Certificate Format",
                    "The certificate's fields equal the entry's; absent stays absent"),
            m("E8", D, "Certificate Format",
                    "serialNumber = (log_number<<48)|index"),
            m("E9", D, "Certificate Format",
                    "SPKI.algorithm = subjectPublicKeyAlgorithm; the SPKI hash matches"),
            m("E10", D, "Certificate Format",
                    "Both signature AlgorithmIdentifiers = id-alg-mtcProof with no parameters"),
            m("E11", D, "Certificate Format",
                    "MTCProof.extensions = the entry's extensions"),
            m("E12", D, "Certificate Format",
                    "start/end = the chosen subtree; inclusion_proof is valid for it"),
            m("E13", D, "Certificate Format",
                    "Signatures use timestamp 0; cosigner_id is in binary form"),
            m("E14", D, "Certificate Format",
                    "cosigner_ids are unique, ordered by length then bytes"),
            m("E15", D, "Certificate Format",
                    "A parser MUST reject duplicate or misordered cosigner_ids"),
            m("E16", D, "Certificate Format",
                    "MTCProof sits in the BIT STRING MSB-first with no wrapper (SHALL)"),
            m("E17", D, "Verifying Certificate Signatures",
                    "A non-octet BIT STRING or trailing bytes → decode failure"),
            m("E18", D, "Signature Format",
                    "label = \"subtree/v1\\n\\0\""),
            m("E19", D, "Signature Format",
                    "name/origin = \"oid/1.3.6.1.4.1.\" + ASCII TAI, 1..255 bytes"),
            m("E20", D, "Signature Format",
                    "CosignedMessage start/end form a valid subtree"),
            m("E21", "draft-ietf-tls-trust-anchor-ids", "Trust Anchor Identifiers",
                    "TAI binary 1..255 B (a per-component cap, e.g. 2^64-1, is an implementation choice)"),
            m("E22", D, "Publishing Landmarks",
                    "Landmark list: LF after every line; tree sizes ≤ 2^48-1 (a log holds at most 2^48-1 entries) (leading zeros are not forbidden)"),
            m("E23", D, "Publishing Landmarks",
                    "Landmark list: num_active ≤ max_active and ≤ last_landmark"),
            m("E24", D, "Publishing Landmarks",
                    "Landmark list: sizes strictly decreasing and ≤ the latest size"),
            m("E25", D, "Representing Certification Authorities",
                    "The MTC CA extension is critical"),
            m("E26", "C2SP signed-note", "Signed notes",
                    "Note: UTF-8, no control characters except LF; key names non-empty with no space or '+'"),
            m("E27", "C2SP signed-note", "Signed notes",
                    "vkey name/ID match the signatures; a key reused across types gets a distinct ID"),
            m("E28", "C2SP tlog-checkpoint", "Checkpoints",
                    "Checkpoint: origin non-empty; decimal size with no leading zeros; extension lines non-empty"),
            m("E29", "C2SP tlog-cosignature", "Cosignatures",
                    "Cosignature key IDs use 0x04 / 0x06; the signature is timestamped_signature; ts ≤ 2^63-1"),
            m("E30", "C2SP tlog-cosignature", "Cosignatures",
                    "Ed25519 message = \"cosignature/v1\\n\" + \"time <ts>\\n\" + body including extension lines"),
            m("E31", "C2SP tlog-cosignature", "Cosignatures",
                    "ML-DSA-44: start ≠ 0 → ts = 0; a checkpoint has start = 0"),
            m("E32", "C2SP tlog-tiles", "Tiles",
                    "Tile paths: L 0..63 and W 1..255 without leading zeros; N in zero-padded 3-digit groups, all but the last x-prefixed (an extra leading `x000` group is not forbidden by a MUST)"),
            m("E33", "C2SP tlog-tiles", "Tiles",
                    "A full tile is 256 hashes; a partial one is 1..255 and never hashed upward"),
            m("E34", "C2SP tlog-witness", "Witness protocol",
                    "≤ 63 proof lines; old/subtree numbers are decimal without leading zeros"),
            m("E35", "C2SP tlog-mirror", "Mirror protocol",
                    "add-entries packages are 256-aligned with num_hashes ≤ 63"),
            m("C1", D, "Issuance Logs",
                    "Never append to a non-current log; logs after the current one are empty"),
            m("C2", D, "Issuance Logs",
                    "Log numbers are 1..65535; ≤ 2^48-1 entries per log"),
            m("C3", D, "Certification Authority Cosigners",
                    "Operate a CA cosigner whose cosigner ID = CA ID"),
            m("C4", D, "Certification Authority Cosigners",
                    "The CA cosigner MUST NOT sign for logs outside this CA instance"),
            m("C5", D, "Certification Authority Cosigners",
                    "MUST NOT sign a subtree containing an unknown type or extension_type"),
            m("C6", D, "Certification Authority Cosigners",
                    "A directly-signing CA key is distinct from MTC cosigner keys"),
            m("C7", D, "Certification Authority Cosigners; Representing Certification Authorities",
                    "A cosigner key (or a key in a certificate with the MTC extension) MUST NOT sign a TBSCertificate"),
            m("C8", D, "Representing Certification Authorities",
                    "CA certificate: subject = CA ID; SPKI = CA cosigner key"),
            m("C9", D, "Representing Certification Authorities",
                    "CA certificate: critical MTC extension; KU with keyCertSign; BC with cA = TRUE"),
            m("C10", D, "Landmark Tree Sizes",
                    "A landmark sequence is required for landmark-relative issuance"),
            m("C11", D, "Landmark Tree Sizes",
                    "Landmark 0 has size 0"),
            m("C12", D, "Landmark Tree Sizes",
                    "Landmark sizes are append-only and strictly increasing"),
            m("C13", D, "Landmark Tree Sizes",
                    "Only active landmarks hold unexpired certificates"),
            m("C14", "C2SP mtc-tlog", "MTC issuance logs over tlog",
                    "Serve tlog-tiles at `<prefix>/<N>`, with landmarks at `/landmarks`"),
            m("C15", "C2SP mtc-tlog", "MTC issuance logs over tlog",
                    "The checkpoint carries the CA cosigner's signature"),
            m("C16", "C2SP mtc-tlog", "MTC issuance logs over tlog",
                    "Use SHA-256"),
            m("C17", "C2SP mtc-tlog", "MTC issuance logs over tlog",
                    "The CA cosigner and all standalone-certificate cosigners use ML-DSA-44 subtree/v1"),
            m("K1", D, "Cosigners",
                    "Every subtree it signs is consistent, per log"),
            m("K2", D, "Cosigners",
                    "One cosigner ID per role"),
            m("K3", D, "Cosigners",
                    "Other key uses never overlap the CosignedMessage format"),
            m("K4", D, "Signature Format",
                    "subtree_hash comes from its own view; the range is a valid subtree"),
            m("K5", D, "Signature Format",
                    "ts ≠ 0 ⇒ it is the signing time, start = 0, end = the largest consistent size"),
            m("K6", D, "Signature Semantics",
                    "Check consistency before signing"),
            m("K7", D, "Signature Semantics",
                    "Keep old and new views consistent across updates"),
            m("K8", D, "Signature Algorithms",
                    "A new key or algorithm means a new cosigner ID; algorithms are fully specified"),
            m("K9", D, "Extensibility",
                    "Roles that interpret entries define how they treat unknown types"),
            m("K10", "C2SP tlog-cosignature", "Cosignatures",
                    "Distinct Ed25519 key per cosigner; one (key, version) pair implies one statement set"),
            m("K11", "C2SP tlog-witness", "Witness protocol",
                    "add-checkpoint: 404 unknown origin; 403 no or bad trusted signature"),
            m("K12", "C2SP tlog-witness", "Witness protocol",
                    "add-checkpoint: 400 when old > size"),
            m("K13", "C2SP tlog-witness", "Witness protocol",
                    "add-checkpoint: 409 with a text/x.tlog.size body on mismatch"),
            m("K14", "C2SP tlog-witness", "Witness protocol",
                    "add-checkpoint: 422 for each of the four consistency failures"),
            m("K15", "C2SP tlog-witness", "Witness protocol",
                    "add-checkpoint: never cosign a failing request"),
            m("K16", "C2SP tlog-witness", "Witness protocol",
                    "add-checkpoint: atomic check-and-persist before 200"),
            m("K17", "C2SP tlog-witness", "Witness protocol",
                    "add-checkpoint: the cosignature covers the full tree with ts ≠ 0"),
            m("K18", "C2SP tlog-witness", "Witness protocol",
                    "sign-subtree: 400 / 422 / 404 / 403 as specified"),
            m("K19", "C2SP tlog-witness", "Witness protocol",
                    "sign-subtree: the format supports subtrees and ts = 0"),
            m("K20", "C2SP tlog-witness", "Witness protocol",
                    "The monitoring checkpoint includes the witness's and the log's signatures; 404 if never cosigned"),
            m("K21", "C2SP tlog-mirror", "Mirror protocol",
                    "Mirror add-checkpoint does not mirror-sign and keeps the log signature"),
            m("K22", "C2SP tlog-mirror", "Mirror protocol",
                    "A co-hosted witness uses a distinct name and monitoring prefix; no witness-only → mirror exchange"),
            m("K23", "C2SP tlog-mirror", "Mirror protocol",
                    "add-entries: statuses 404 / 422 / 409 / 400 / 202 / 200"),
            m("K24", "C2SP tlog-mirror", "Mirror protocol",
                    "add-entries: verify each package's proof; skip existing entries"),
            m("K25", "C2SP tlog-mirror", "Mirror protocol",
                    "add-entries: accept gzip; authenticate tickets"),
            m("K26", "C2SP tlog-mirror", "Mirror protocol",
                    "Sign or advance only after a durable commit; never rewind; persist before 200"),
            m("K27", "C2SP tlog-mirror", "Mirror protocol",
                    "Next entry = the first gap"),
            m("K28", "C2SP tlog-mirror", "Mirror protocol",
                    "The served mirror checkpoint carries the mirror cosignature"),
            m("K29", "C2SP tlog-mirror", "Mirror protocol",
                    "Mirror: no pruning without a policy; a lowered min index needs a subtree proof"),
            m("L1", "C2SP tlog-tiles", "Tiles",
                    "Checkpoint at `<prefix>/checkpoint` as text/plain; charset=utf-8"),
            m("L2", "C2SP tlog-tiles", "Tiles",
                    "A public log carries an Ed25519 signature (conflict, §8)"),
            m("L3", "C2SP tlog-tiles", "Tiles",
                    "Never serve empty tiles; serve partial tiles for every checkpointed size"),
            m("L4", "C2SP tlog-tiles", "Tiles",
                    "Alternative entry encodings use different URLs"),
            m("L5", "C2SP tlog-tiles", "Tiles",
                    "min index ≤ checkpoint size; min index = 0 without a policy"),
            m("L6", "C2SP tlog-checkpoint", "Checkpoints",
                    "Never sign inconsistent checkpoints"),
            m("R1", D, "Relying Party Configuration",
                    "Configured with the CA ID, hash, cosigner (ID, key) pairs, policy, optional trusted subtrees, and revoked ranges"),
            m("R2", D, "Verifying Certificate Signatures",
                    "Wrong sigalg, or parameters present → fail"),
            m("R3", D, "Verifying Certificate Signatures",
                    "MTCProof decode error → fail"),
            m("R4", D, "Verifying Certificate Signatures",
                    "serial < 0 or > 2^64-1 → fail"),
            m("R5", D, "Verifying Certificate Signatures",
                    "Serial in a revoked range → fail"),
            m("R6", D, "Verifying Certificate Signatures",
                    "log_number = 0 → fail"),
            m("R7", D, "Verifying Certificate Signatures",
                    "The entry is rebuilt with the MTCProof's extensions and type 0x0001"),
            m("R8", D, "Verifying Certificate Signatures",
                    "Inclusion evaluation failure → fail"),
            m("R9", D, "Evaluating a Subtree Inclusion Proof",
                    "Evaluation fails on an invalid subtree, index out of range, or a proof too long or too short"),
            m("R10", D, "Verifying Certificate Signatures",
                    "A trusted (log, start, end) match is decided by hash equality alone"),
            m("R11", D, "Verifying Certificate Signatures",
                    "Otherwise the policy is met by valid signatures (ts 0, derived log_origin)"),
            m("R12", D, "Verifying Certificate Signatures",
                    "Unknown cosigners MUST be ignored"),
            m("R13", D, "Verifying Certificate Signatures",
                    "Other X.509 checks (expiry etc.) still apply"),
            m("R14", D, "Trusted Subtrees",
                    "Trusted subtrees MUST be proven consistent with cosigned checkpoints before use"),
            m("R15", D, "Verifying a Subtree Consistency Proof",
                    "The consistency verifier follows §3.4, including the empty case"),
            m("R16", D, "Relying Party Configuration",
                    "Revoked ⊇ [0,minSerial) ∪ [maxSerial+1, 2^64) when using the CA certificate"),
            m("R17", D, "Certificate Malleability",
                    "BER-based stacks re-check DER for the TBS tag/len, serial and signature"),
            m("R18", D, "Certificate Malleability",
                    "BER-based stacks copy the observed bytes or DER-reparse the copied fields and the SPKI"),
            m("R19", D, "Certificate Malleability",
                    "A unique certificate ID comes from the TBSCertificate, not the Certificate"),
            m("R20", "C2SP signed-note", "Signed notes",
                    "Note verification: ignore unknown (name, id); reject if no known key verifies (MUST); a known key whose signature fails SHOULD reject the whole note; accept ≥ 16 signatures"),
            m("R21", "C2SP tlog-tiles", "Tiles",
                    "Never fetch unproven partial tiles; check consistency when tailing"),
            m("R22", "C2SP tlog-checkpoint", "Checkpoints",
                    "Don't assume the origin is a URL"),
            m("R23", "C2SP tlog-witness + C2SP tlog-mirror", "Witness protocol; Mirror protocol",
                    "Ignore cosignatures from unknown keys"),
            m("R24", "C2SP tlog-mirror", "Mirror protocol",
                    "A mirror below its min index is not part of a quorum"),
            m("E36", D, "Representing Certification Authorities",
                    "From plants-05 the MTCCertificationAuthority extension value carries every field, maxSerial "
                    + "included (a SEQUENCE without OPTIONAL fields)"),
            m("E37", D, "Definition of a Subtree; Subtree Inclusion Proofs; Subtree Consistency Proofs",
                    "Subtree hashes and proofs exist only for a valid subtree [start, end) (start a multiple of "
                    + "BIT_CEIL(end - start), start <= end; start < end before the current draft) inside the tree, "
                    + "and an inclusion proof only for an index inside the subtree; any other request is an error"),
            m("E38", D, "Selecting Two Subtrees",
                    "Covering subtrees are defined only for an interval with start <= end (start < end before the "
                    + "current draft); any other interval is an error"),
            m("E39", D, "Signature Format; Signature Algorithms",
                    "A cosignature is valid only if it verifies, under the cosigner's key and fully specified "
                    + "algorithm, over exactly the CosignedMessage bytes of the claimed subtree"),
            m("E40", "draft-ietf-tls-trust-anchor-ids", "Certificate Properties",
                    "A CertificatePropertyList is sorted numerically by type with no duplicate type, in exact TLS "
                    + "lengths; parsers MUST reject any other input as a syntax error"),
            m("E41", "draft-ietf-tls-trust-anchor-ids", "Trust Anchor ID Property; Trust Anchor Group Inclusions "
                    + "Property; Trust Anchor Negotiation Property",
                    "trust_anchor_id holds a binary trust anchor ID, trust_anchor_group_inclusions a "
                    + "TrustAnchorRangeList<1..2^16-1> of well-formed bases, and trust_anchor_negotiation MUST be "
                    + "empty"));

    private static final Map<String, Must> BY_ID = index();

    private static Map<String, Must> index() {
        Map<String, Must> m = new LinkedHashMap<>();
        for (Must x : ALL) {
            if (m.put(x.id(), x) != null) {
                throw new IllegalStateException("duplicate MUST id " + x.id());
            }
        }
        return m;
    }

    /** The rule with {@code id}, if the catalogue has it. */
    public static Optional<Must> byId(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }

    /** The file name of the catalogue beside the vectors. */
    public static final String FILE = "musts.json";

    /** {@code musts.json}: {"title", "ids": {ID: {spec, section, rule}}}. */
    public static ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("title", "The MUST / MUST NOT rules the vectors cite in their 'must' field: id -> spec, section, rule");
        o.put("draft", VectorFile.DRAFT);
        ObjectNode ids = o.putObject("ids");
        for (Must x : ALL) {
            ObjectNode e = ids.putObject(x.id());
            e.put("spec", x.spec());
            e.put("section", x.section());
            e.put("rule", x.rule());
        }
        return o;
    }
}
