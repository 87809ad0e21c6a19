package io.mtc4j.log.witness;

import io.mtc4j.log.witness.WitnessRequests.AddCheckpoint;
import io.mtc4j.log.witness.WitnessRequests.SignSubtree;
import io.mtc4j.log.witness.WitnessStore.Step;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MerkleHash;
import io.mtc4j.spec.merkle.Rfc9162Proofs;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.NoteSignature;
import io.mtc4j.spec.note.NoteSigner;
import io.mtc4j.spec.note.NoteVerificationException;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.note.SignedNote;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The C2SP tlog-witness procedures, independent of HTTP: {@link #addCheckpoint}, {@link #signSubtree} and
 * {@link #monitoringCheckpoint} each take a request body (or path element) and give the status and body the spec
 * prescribes. Thread-safe; the atomicity of add-checkpoint comes from {@link WitnessStore#update}.
 *
 * <p>The spec fixes no order among its checks (MTC-NOTES §4.6); this witness checks, for add-checkpoint: the body's
 * syntax (400), the origin (404), the log signatures (403), {@code old <= size} (400), the empty tree's hash and an
 * empty proof for old size 0 (422), then under the origin's lock the old size against the record (409) and the
 * consistency proof or equal hashes (422), and only then cosigns and records before answering 200.
 */
public class Witness {
    private static final HashFunction SHA256 = HashFunction.sha256();

    private final TrustedLogs logs;
    private final WitnessKeys keys;
    private final WitnessStore store;
    private final List<NoteSigner> cosigners;

    /**
     * A witness for {@code logs} with {@code keys}, recording in {@code store}; cosignature timestamps come from
     * {@code clock} (POSIX seconds, never 0: tlog-witness "the timestamp MUST NOT be zero").
     *
     * @param logs  the trusted logs
     * @param keys  the witness's keys
     * @param store the durable record
     * @param clock POSIX seconds
     */
    public Witness(TrustedLogs logs, WitnessKeys keys, WitnessStore store, LongSupplier clock) {
        this.logs = Objects.requireNonNull(logs, "logs");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.store = Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
        LongSupplier nonZero = () -> {
            long t = clock.getAsLong();
            if (t <= 0) {
                throw new IllegalStateException("the clock says " + t + ": a cosignature timestamp must be positive");
            }
            return t;
        };
        this.cosigners = keys.checkpointCosigners(nonZero);
    }

    /**
     * The keys.
     *
     * @return the witness's keys
     */
    public WitnessKeys keys() {
        return keys;
    }

    /**
     * The trusted logs.
     *
     * @return the logs
     */
    public TrustedLogs logs() {
        return logs;
    }

    /**
     * tlog-witness §"add-checkpoint".
     *
     * @param body the request body
     * @return 200 with the cosignature lines once recorded, or 400/403/404/409/422 as the spec says
     * @throws WitnessStoreException if the record cannot be read or written (the caller answers 500)
     */
    public WitnessAnswer addCheckpoint(byte[] body) {
        try {
            AddCheckpoint req = WitnessRequests.parseAddCheckpoint(body);
            Checkpoint c = req.checkpoint();
            List<NoteSignature> logSignatures = verifyLogSignatures(req.note(), c.origin());
            // "The old size MUST be equal to or lower than the checkpoint size. Otherwise ... 400"
            if (Long.compareUnsigned(req.oldSize(), c.size()) > 0) {
                throw new WitnessRefusal(400, "old", "old size " + Long.toUnsignedString(req.oldSize())
                        + " is larger than the checkpoint size " + Long.toUnsignedString(c.size()));
            }
            // "A checkpoint of size zero MUST have the root hash of the empty tree ... Otherwise ... 422"
            if (c.size() == 0 && !MessageDigest.isEqual(c.rootHash(), MerkleHash.emptyHash(SHA256))) {
                throw new WitnessRefusal(422, "checkpoint.root_hash", "a checkpoint of size 0 must have the empty"
                        + " tree's hash SHA-256(\"\")");
            }
            // "If the old size is zero, the consistency proof MUST be empty ... Otherwise ... 422"
            if (req.oldSize() == 0 && !req.proof().isEmpty()) {
                throw new WitnessRefusal(422, "consistency_proof", "must be empty when the old size is 0");
            }
            return store.update(c.origin(), current -> checkAndCosign(req, logSignatures, current));
        } catch (WitnessRefusal e) {
            return WitnessAnswer.refusal(e);
        }
    }

    /** The steps taken under the origin's lock: compare with the record, check consistency, cosign, record. */
    private Step<WitnessAnswer> checkAndCosign(AddCheckpoint req, List<NoteSignature> logSignatures,
            Optional<CosignedCheckpoint> current) {
        Checkpoint c = req.checkpoint();
        long recorded = current.map(CosignedCheckpoint::size).orElse(0L);
        // "the old size matches the size of the latest checkpoint it cosigned ... If it doesn't match ... 409"
        if (req.oldSize() != recorded) {
            String size = Long.toUnsignedString(recorded);
            return Step.keep(new WitnessAnswer(409, WitnessAnswer.TLOG_SIZE,
                    (size + "\n").getBytes(StandardCharsets.US_ASCII), "old size " + Long.toUnsignedString(
                    req.oldSize()) + " is not the latest cosigned size " + size));
        }
        byte[] recordedHash = current.map(r -> r.checkpoint().rootHash()).orElseGet(() -> MerkleHash.emptyHash(SHA256));
        if (req.oldSize() == c.size()) {
            // "If the old size matches the checkpoint size, the witness MUST check that the root hashes are also
            // identical. If they don't match ... 422" (a split view: two trees of one size)
            if (!MessageDigest.isEqual(recordedHash, c.rootHash()) || !req.proof().isEmpty()) {
                return Step.keep(WitnessAnswer.refusal(new WitnessRefusal(422, "checkpoint.root_hash",
                        "same size as the latest cosigned checkpoint, different root hash or a non-empty proof")));
            }
        } else if (req.oldSize() != 0 && !consistent(req.oldSize(), c.size(), recordedHash, c.rootHash(),
                req.proof())) {
            // "if a Merkle Consistency Proof doesn't verify, the witness MUST respond with ... 422"
            return Step.keep(WitnessAnswer.refusal(new WitnessRefusal(422, "consistency_proof", "does not prove "
                    + Long.toUnsignedString(c.size()) + " consistent with the latest cosigned size "
                    + Long.toUnsignedString(recorded) + " (RFC 6962 §2.1.2)")));
        }
        // "the witness MUST update its record of the latest cosigned checkpoint and respond with a 200"
        byte[] text = req.note().text().getBytes(StandardCharsets.UTF_8);
        List<NoteSignature> mine = new ArrayList<>();
        for (NoteSigner s : cosigners) {
            mine.add(new NoteSignature(s.name(), s.keyId(), s.sign(text)));
        }
        List<NoteSignature> all = new ArrayList<>(logSignatures);
        all.addAll(mine);
        CosignedCheckpoint next = new CosignedCheckpoint(c, new SignedNote(req.note().text(), all).format()
                .getBytes(StandardCharsets.UTF_8));
        return Step.advance(next, new WitnessAnswer(200, WitnessAnswer.TEXT, lines(mine), "cosigned size "
                + Long.toUnsignedString(c.size())));
    }

    /**
     * RFC 6962 §2.1.2 (RFC 9162 §2.1.4.2): whether {@code proof} shows the tree of {@code newSize} extends the
     * recorded one. A test subclass overrides it to play a witness that skips the check.
     */
    boolean consistent(long oldSize, long newSize, byte[] oldHash, byte[] newHash, List<byte[]> proof) {
        return Rfc9162Proofs.verifyConsistency(SHA256, oldSize, newSize, oldHash, newHash, proof);
    }

    /**
     * "The witness MUST verify the checkpoint signature against the public key(s) it trusts for the checkpoint
     * origin, and it MUST ignore signatures from unknown keys": 404 for an unknown origin, 403 when no trusted
     * signature is present or a trusted key's signature fails. A test subclass overrides it to play a witness that
     * trusts any signature.
     */
    List<NoteSignature> verifyLogSignatures(SignedNote note, String origin) {
        List<NoteVerifier> trusted = logs.verifiers(origin);
        if (trusted.isEmpty()) {
            throw new WitnessRefusal(404, "checkpoint.origin", "unknown origin " + origin);
        }
        try {
            return note.verify(trusted);
        } catch (NoteVerificationException e) {
            throw new WitnessRefusal(403, "checkpoint.signature", e.getMessage());
        }
    }

    /**
     * tlog-witness §"sign-subtree" (mtc-tlog §"Cosigners": the CA asks for the subtree signatures of standalone
     * certificates this way).
     *
     * @param body the request body
     * @return 200 with the ML-DSA-44 subtree cosignature line (timestamp 0), or 400/403/404/422 as the spec says
     */
    public WitnessAnswer signSubtree(byte[] body) {
        try {
            SignSubtree req = WitnessRequests.parseSignSubtree(body);
            Checkpoint c = req.checkpoint();
            // "The half-open interval [start, end) MUST be a valid subtree per draft-ietf-plants-merkle-tree-certs-03,
            // Section 4.1, and end MUST be less than or equal to the checkpoint size ... 400"; -03 has no empty
            // subtrees (MTC-NOTES §8 item 7).
            if (req.start() == req.end() || !Subtree.isValid(req.start(), req.end())) {
                throw new WitnessRefusal(400, "subtree", "[" + Long.toUnsignedString(req.start()) + ", "
                        + Long.toUnsignedString(req.end()) + ") is not a valid non-empty subtree");
            }
            if (Long.compareUnsigned(req.end(), c.size()) > 0) {
                throw new WitnessRefusal(400, "subtree.end", "end " + Long.toUnsignedString(req.end())
                        + " is beyond the checkpoint size " + Long.toUnsignedString(c.size()));
            }
            // "If the checkpoint origin is unknown, the witness MUST respond with a 404"
            if (!logs.knows(c.origin())) {
                throw new WitnessRefusal(404, "checkpoint.origin", "unknown origin " + c.origin());
            }
            // "The witness MUST verify that the checkpoint includes a valid cosignature from one of its own keys ... 403"
            try {
                req.note().verify(keys.verifiers());
            } catch (NoteVerificationException e) {
                throw new WitnessRefusal(403, "checkpoint.signature", "no valid cosignature of this witness: "
                        + e.getMessage());
            }
            // "a Subtree Consistency Proof from the subtree to the checkpoint ... If [it] doesn't verify ... 422"
            if (!SubtreeProofs.verifyConsistencyProof(SHA256, c.size(), new Subtree(req.start(), req.end()),
                    req.proof(), req.hash(), c.rootHash())) {
                throw new WitnessRefusal(422, "consistency_proof", "does not prove the subtree hash consistent with"
                        + " the checkpoint (draft §\"Verifying a Subtree Consistency Proof\")");
            }
            NoteSignature sig = keys.signSubtree(c.origin(), req.start(), req.end(), req.hash());
            return new WitnessAnswer(200, WitnessAnswer.TEXT, lines(List.of(sig)), "signed subtree ["
                    + Long.toUnsignedString(req.start()) + ", " + Long.toUnsignedString(req.end()) + ")");
        } catch (WitnessRefusal e) {
            return WitnessAnswer.refusal(e);
        }
    }

    /**
     * tlog-witness §"Monitor Retrieval Mechanism": the latest cosigned checkpoint of the log whose origin hashes
     * to {@code originHash}, with the log's and the witness's signatures; 404 if never cosigned.
     *
     * @param originHash the path element (lowercase hex SHA-256 of the origin)
     * @return the answer
     */
    public WitnessAnswer monitoringCheckpoint(String originHash) {
        if (!originHash.matches("[0-9a-f]{64}")) {
            return WitnessAnswer.text(404, "origin hash: must be 64 lowercase hex digits");
        }
        return store.latest(originHash)
                .map(r -> new WitnessAnswer(200, WitnessAnswer.TEXT, r.note(), "size "
                        + Long.toUnsignedString(r.size())))
                .orElseGet(() -> WitnessAnswer.text(404, "no checkpoint cosigned for this origin"));
    }

    /**
     * Whether the record can take updates.
     *
     * @return the store's health
     */
    public boolean healthy() {
        return store.healthy();
    }

    /** Note signature lines, each starting with U+2014 and ending in a newline. */
    private static byte[] lines(List<NoteSignature> sigs) {
        StringBuilder b = new StringBuilder();
        for (NoteSignature s : sigs) {
            b.append(s.line()).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
