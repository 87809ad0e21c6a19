package io.mtc4j.vectors;

import java.util.List;

/**
 * The operation names of the conformance protocol (issue 4), shared by the vector files ({@code "op"}) and the
 * adapters. Requests and results use exactly the field names listed in each constant's Javadoc.
 */
public final class Ops {
    private Ops() {}

    /** {@code {}} → {@code {name, version, profiles: [...], ops: [...]}}. */
    public static final String HELLO = "hello";
    /** {@code {leaves, start, end}} → {@code {hash}}; leaves are the raw d[i] inputs. */
    public static final String SUBTREE_HASH = "merkle.subtree_hash";
    /** {@code {leaves, start, end, index}} → {@code {proof: [...]}}. */
    public static final String INCLUSION_PROOF = "merkle.inclusion_proof";
    /** {@code {start, end, index, entry_hash, proof}} → {@code {hash}}. */
    public static final String EVALUATE_INCLUSION_PROOF = "merkle.evaluate_inclusion_proof";
    /** {@code {leaves, n, start, end}} → {@code {proof: [...]}}. */
    public static final String CONSISTENCY_PROOF = "merkle.consistency_proof";
    /**
     * {@code {n, start, end, node_hash, root_hash, proof, profile?}} → {@code {valid}}; the optional profile
     * selects the valid-subtree rule (empty subtrees only in the current draft).
     */
    public static final String VERIFY_CONSISTENCY_PROOF = "merkle.verify_consistency_proof";
    /**
     * {@code {start, end, profile?}} → {@code {left: [s, e], right: [s, e]}}; under profiles before the current
     * draft a size-1 interval gives only {@code left} and an empty interval is invalid.
     */
    public static final String COVERING_SUBTREES = "merkle.covering_subtrees";
    /** {@code {ascii}} → {@code {binary}}. */
    public static final String TAI_ENCODE = "tai.encode";
    /** {@code {binary}} → {@code {ascii}}. */
    public static final String TAI_DECODE = "tai.decode";
    /**
     * {@code {certificate, profile}} → {@code {serial, log_number, index, start, end, extensions,
     * inclusion_proof, signatures: [{cosigner_id, signature}], issuer_ca_id}}.
     */
    public static final String CERT_PARSE = "cert.parse";
    /** {@code {certificate, profile}} → {@code {entry, entry_hash}}. */
    public static final String CERT_ENTRY = "cert.entry";
    /**
     * {@code {certificate, profile, ca_certificate?, cosigners?, policy?, trusted_subtrees?, revoked?, time,
     * host?}} → {@code {valid, step?, path?}}. Without {@code ca_certificate}, the CA is the cosigner whose id is
     * {@code ca_id} (an extension field), else the first cosigner. {@code revoked} ranges are half-open
     * {@code [lo, hi)}; {@code step} names the failed step from the vocabulary of {@code cert_verify.json} (its
     * {@code notes} map each name to the draft's numbered step; e.g. {@code revoked_range}, {@code cosignatures}),
     * {@code path} is {@code signatures} or {@code trusted_subtree}. Profiles before
     * plants-04 (MTC-NOTES §6): the serial is the bare index, the issuer is the log ID and {@code ca_id} names it,
     * cosignatures are over the legacy {@code mtc-subtree/v1} input with that log ID, and trusted subtrees match on
     * {@code [start, end)} alone (their {@code log_number} is ignored).
     */
    public static final String CERT_VERIFY = "cert.verify";
    /**
     * {@code {text, max_active_landmarks?, latest_tree_size?}} → {@code {last_landmark, num_active, tree_sizes}};
     * the two optional fields (an extension) enable the checks against the CA's parameters.
     */
    public static final String LANDMARKS_PARSE = "landmarks.parse";
    /**
     * {@code {note, verifier_keys}} → {@code {origin, size, root_hash, verified_by}}: verifier keys are vkeys
     * ({@code name+hex(id)+base64(type||key)}); {@code verified_by} lists the key names that verified, in note
     * order.
     */
    public static final String CHECKPOINT_VERIFY = "checkpoint.verify";

    /**
     * Extension: {@code {profile, cosigner_id, timestamp, log_id, start, end, subtree_hash}} → {@code {message}},
     * the bytes a cosigner signs (draft §"Signature Format"; the legacy {@code mtc-subtree/v1} input before
     * plants-04). IDs in ASCII.
     */
    public static final String COSIGN_MESSAGE = "cosign.message";
    /**
     * Extension: {@code {profile, message}} → {@code {cosigner_id, timestamp, log_id, start, end, subtree_hash}}
     * (strict parse of a CosignedMessage with a 32-byte hash).
     */
    public static final String COSIGN_PARSE_MESSAGE = "cosign.parse_message";
    /**
     * Extension: {@code {algorithm, public_key, message, signature}} → {@code {valid}}: one cosignature
     * (draft §"Signature Algorithms"; public_key is a DER SubjectPublicKeyInfo).
     */
    public static final String COSIGN_VERIFY = "cosign.verify";

    /**
     * Extension: {@code {text, index}} → {@code {outcome: "found" | "wait" | "expired", landmark?, start?, end?}}:
     * the landmark and landmark subtree a landmark-relative certificate for entry {@code index} uses (draft
     * §"Constructing Landmark-Relative Certificates" steps 1-2).
     */
    public static final String LANDMARKS_SELECT = "landmarks.select";

    /**
     * Extension: {@code {certificate, profile}} → {@code {ca_id, log_hash, sig_alg, min_serial, max_serial?,
     * public_key}}: a CA certificate (draft §"Representing Certification Authorities"); OIDs dotted, the key as
     * SPKI hex.
     */
    public static final String CA_PARSE = "ca.parse";
    /**
     * Extension: {@code {entry, profile}} → {@code {type, extensions: [{type, data}], entry_hash}}: one
     * MTCLogEntry (draft §"Log Entries") and its leaf hash HASH(0x00 || entry).
     */
    public static final String ENTRY_PARSE = "entry.parse";

    /**
     * Extension: {@code {level, index, tree_size, entries?}} → {@code {path}}: the C2SP tlog-tiles path of hash
     * tile {@code level/index} (or entry bundle {@code index} when {@code entries} is true) as served for a tree
     * of {@code tree_size} entries, e.g. {@code tile/0/x001/x234/067.p/112}.
     */
    public static final String TILES_PATH = "tiles.path";
    /**
     * Extension: {@code {path}} → {@code {entries, level, index, width}}: a strict parse of a tlog-tiles path
     * (width 256 for a full tile).
     */
    public static final String TILES_PARSE_PATH = "tiles.parse_path";

    /**
     * Extension: {@code {profile, log_number, cosigners, ca_id?, ca_certificate?, policy?, landmarks, checkpoint:
     * {size, root_hash}, cosignatures: [{cosigner_id, timestamp, signature, checkpoint?: {size, root_hash},
     * consistency_proof?}], subtree_proofs: [{start, end, hash, proof}]}} → {@code {valid, trusted_subtrees?:
     * [{log_number, start, end, hash}], step?}}: a relying party proving the active landmark subtrees of
     * {@code landmarks} (the landmarks file text) consistent with a cosigned reference checkpoint before trusting
     * them (draft §"Trusted Subtrees"). A cosignature without {@code checkpoint} is on the reference checkpoint; with
     * one it is on that larger checkpoint, proven consistent by the RFC 9162 {@code consistency_proof}. Cosignatures
     * are CosignedMessages over {@code [0, size)} of log {@code ca_id.0.log_number}; CA configuration fields as in
     * {@code cert.verify}. {@code step}: {@code checkpoint} (it does not contain the last landmark),
     * {@code cosigner_policy} (the cosigners with valid evidence do not satisfy the policy) or
     * {@code subtree_consistency} (a landmark subtree's consistency proof is missing or fails). An implementation
     * may instead answer an {@code invalid} error.
     */
    public static final String SUBTREES_VALIDATE = "subtrees.validate";

    /**
     * Extension: {@code {list}} → {@code {properties: [{type, data}], trust_anchor_id?, trust_anchor_group_inclusions:
     * [{base, min, max}], trust_anchor_negotiation}}: a strict parse of a CertificatePropertyList
     * (draft-ietf-tls-trust-anchor-ids §"Certificate Properties", which the draft's §"Using ACME with Merkle Tree
     * Certificates" uses): sorted by type, no duplicate type, the three known properties well formed, unknown types
     * kept; IDs in ASCII, {@code min}/{@code max} unsigned 64-bit.
     */
    public static final String PROPERTIES_PARSE = "properties.parse";

    /** Every operation except {@code hello}, in protocol order. */
    public static final List<String> ALL = List.of(SUBTREE_HASH, INCLUSION_PROOF, EVALUATE_INCLUSION_PROOF,
            CONSISTENCY_PROOF, VERIFY_CONSISTENCY_PROOF, COVERING_SUBTREES, TAI_ENCODE, TAI_DECODE, CERT_PARSE,
            CERT_ENTRY, CERT_VERIFY, LANDMARKS_PARSE, CHECKPOINT_VERIFY, COSIGN_MESSAGE, COSIGN_PARSE_MESSAGE, COSIGN_VERIFY, LANDMARKS_SELECT, CA_PARSE, ENTRY_PARSE, TILES_PATH, TILES_PARSE_PATH,
            SUBTREES_VALIDATE, PROPERTIES_PARSE);

    /** Error kinds of a negative answer. */
    public static final String KIND_PARSE = "parse";
    /** The input parsed but a rule of the procedure rejects it. */
    public static final String KIND_INVALID = "invalid";
    /** The implementation does not implement the operation (or the profile): reported as skipped. */
    public static final String KIND_UNSUPPORTED = "unsupported";
}
