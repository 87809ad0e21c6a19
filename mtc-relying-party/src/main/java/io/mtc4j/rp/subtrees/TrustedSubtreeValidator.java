package io.mtc4j.rp.subtrees;

import io.mtc4j.rp.config.CaConfig;
import io.mtc4j.rp.config.TrustedSubtree;
import io.mtc4j.rp.policy.CosignerPolicy;
import io.mtc4j.spec.cosign.CosignedMessage;
import io.mtc4j.spec.cosign.Cosigner;
import io.mtc4j.spec.landmark.LandmarkList;
import io.mtc4j.spec.merkle.MerkleProofException;
import io.mtc4j.spec.merkle.Rfc9162Proofs;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Validates a log's active landmark subtrees before they are configured as trusted subtrees (draft §"Trusted
 * Subtrees"; MTC-NOTES §3.10). Given the landmark list, a reference checkpoint {@code (n, R)} containing the last
 * landmark, cosigner evidence for it and a subtree consistency proof per landmark subtree, it checks that:
 *
 * <ol>
 *   <li>the reference checkpoint contains the last landmark ({@code n >= size(last)});
 *   <li>the cosigners with valid evidence satisfy the CA's cosigner policy, where each cosigner's evidence is a
 *       cosignature on {@code (n, R)}, or a cosignature on a larger checkpoint {@code (n2, R2)} plus a valid RFC 9162
 *       consistency proof from {@code (n, R)} to it;
 *   <li>each non-empty landmark subtree has a valid subtree consistency proof to {@code (n, R)}.
 * </ol>
 *
 * <p>Cosignatures on checkpoints are CosignedMessages {@code (cosigner, timestamp, log_id, 0, size, root)} (draft
 * §"Signature Format"). Evidence from unknown cosigners is ignored. Empty landmark subtrees contain no entries and
 * need no proof.
 */
public final class TrustedSubtreeValidator {
    /** How a refusal for an unmet cosigner policy begins (step 2), so callers can tell it from the others. */
    static final String POLICY_REFUSAL = "cosigner policy ";

    private TrustedSubtreeValidator() {}

    /** A checkpoint: tree size and root hash. */
    public record Checkpoint(long size, byte[] rootHash) {
        /**
         * Checks the components against the rules above and copies byte arrays.
         *
         * @param size the size
         * @param rootHash the tree's root hash
         */
        public Checkpoint {
            rootHash = rootHash.clone();
        }

        /**
         * The root hash.
         *
         * @return the root hash
         */
        @Override
        public byte[] rootHash() {
            return rootHash.clone();
        }
    }

    /** One cosigner's evidence that it observed a tree consistent with the reference checkpoint. */
    public sealed interface Evidence permits CheckpointCosignature, LargerCheckpointCosignature {
        /**
         * The cosigner.
         *
         * @return the cosigner
         */
        TrustAnchorId cosigner();
    }

    /** A cosignature on the reference checkpoint itself. */
    public record CheckpointCosignature(TrustAnchorId cosigner, long timestamp, byte[] signature) implements Evidence {
        /**
         * Checks the components against the rules above and copies byte arrays.
         *
         * @param cosigner the cosigner
         * @param timestamp the timestamp
         * @param signature the signature
         */
        public CheckpointCosignature {
            signature = signature.clone();
        }

        /**
         * The signature.
         *
         * @return the signature
         */
        @Override
        public byte[] signature() {
            return signature.clone();
        }
    }

    /** A cosignature on a larger checkpoint, with an RFC 9162 consistency proof from the reference checkpoint. */
    public record LargerCheckpointCosignature(TrustAnchorId cosigner, long timestamp, Checkpoint checkpoint,
            byte[] signature, List<byte[]> consistencyProof) implements Evidence {
        /**
         * Checks the components against the rules above and copies byte arrays.
         *
         * @param cosigner the cosigner
         * @param timestamp the timestamp
         * @param checkpoint the checkpoint
         * @param signature the signature
         * @param consistencyProof the consistency proof
         */
        public LargerCheckpointCosignature {
            signature = signature.clone();
            consistencyProof = consistencyProof.stream().map(byte[]::clone).toList();
        }

        /**
         * The signature.
         *
         * @return the signature
         */
        @Override
        public byte[] signature() {
            return signature.clone();
        }

        /**
         * The consistency proof.
         *
         * @return the consistency proof
         */
        @Override
        public List<byte[]> consistencyProof() {
            return consistencyProof.stream().map(byte[]::clone).toList();
        }
    }

    /** A landmark subtree's hash and its subtree consistency proof to the reference checkpoint. */
    public record SubtreeProof(long start, long end, byte[] hash, List<byte[]> proof) {
        /**
         * Checks the components against the rules above and copies byte arrays.
         *
         * @param start the subtree's start (inclusive)
         * @param end the subtree's end (exclusive)
         * @param hash the log's hash function
         * @param proof the proof
         */
        public SubtreeProof {
            hash = hash.clone();
            proof = proof.stream().map(byte[]::clone).toList();
        }

        /**
         * Whether h.
         *
         * @return whether h
         */
        @Override
        public byte[] hash() {
            return hash.clone();
        }

        /**
         * The proof.
         *
         * @return the proof
         */
        @Override
        public List<byte[]> proof() {
            return proof.stream().map(byte[]::clone).toList();
        }
    }

    /** The trusted subtrees of one landmark. */
    public record LandmarkSubtrees(long landmark, List<TrustedSubtree> subtrees) {
        /**
         * Checks the components against the rules above and copies byte arrays.
         *
         * @param landmark the landmark number
         * @param subtrees the subtrees
         */
        public LandmarkSubtrees {
            subtrees = List.copyOf(subtrees);
        }
    }

    /**
     * The outcome: on success the validated subtrees per active landmark and the cosigners that met the policy;
     * otherwise a precise reason.
     */
    public record Outcome(Optional<String> refusal, List<LandmarkSubtrees> landmarks, List<TrustAnchorId> satisfiedBy,
            List<String> notes) {
        /**
         * Checks the components against the rules above and copies byte arrays.
         *
         * @param refusal the refusal
         * @param landmarks the landmarks
         * @param satisfiedBy the satisfied by
         * @param notes the notes
         */
        public Outcome {
            landmarks = List.copyOf(landmarks);
            satisfiedBy = List.copyOf(satisfiedBy);
            notes = List.copyOf(notes);
        }

        /**
         * The accepted.
         *
         * @return the accepted
         */
        public boolean accepted() {
            return refusal.isEmpty();
        }

        /**
         * All validated trusted subtrees, oldest landmark first.
         *
         * @return all validated trusted subtrees, oldest landmark first
         */
        public List<TrustedSubtree> trustedSubtrees() {
            List<TrustedSubtree> out = new ArrayList<>();
            landmarks.forEach(l -> out.addAll(l.subtrees()));
            return out;
        }

        static Outcome refuse(String why, List<String> notes) {
            return new Outcome(Optional.of(why), List.of(), List.of(), notes);
        }
    }

    /**
     * draft §"Trusted Subtrees": validates the active landmark subtrees of log {@code logNumber} of {@code ca}.
     *
     * @param ca the CA's configuration
     * @param logNumber the log number (1..65535)
     * @param landmarks the landmarks
     * @param reference the reference identity
     * @param evidence the evidence
     * @param proofs the proofs
     * @return the {@code Outcome}
     */
    public static Outcome validate(CaConfig ca, int logNumber, LandmarkList landmarks, Checkpoint reference,
            List<Evidence> evidence, List<SubtreeProof> proofs) {
        Objects.requireNonNull(ca, "ca");
        List<String> notes = new ArrayList<>();
        TrustAnchorId logId = ca.caId().logId(logNumber);
        long n = reference.size();
        byte[] root = reference.rootHash();
        if (root.length != ca.hash().size()) {
            return Outcome.refuse("reference checkpoint root hash is " + root.length + " bytes, not "
                    + ca.hash().size(), notes);
        }
        // 1. The reference checkpoint contains the latest landmark.
        long lastSize = landmarks.treeSizes().get(0);
        if (Long.compareUnsigned(n, lastSize) < 0) {
            return Outcome.refuse("reference checkpoint size " + Long.toUnsignedString(n) + " is smaller than the"
                    + " last landmark's tree size " + Long.toUnsignedString(lastSize), notes);
        }

        // 2. Enough cosigners vouch for a view consistent with the reference checkpoint.
        CosignerPolicy policy = ca.policy();
        Map<TrustAnchorId, Cosigner> known = ca.cosigners();
        Set<TrustAnchorId> valid = new HashSet<>();
        for (Evidence e : evidence) {
            Cosigner c = known.get(e.cosigner());
            if (c == null) {
                notes.add(e.cosigner() + ": ignored (unknown cosigner)");
                continue;
            }
            Optional<String> problem = check(c, e, ca, logId, n, root);
            if (problem.isPresent()) {
                notes.add(e.cosigner() + ": " + problem.get());
            } else {
                notes.add(e.cosigner() + ": valid");
                valid.add(e.cosigner());
            }
        }
        CosignerPolicy.PolicyOutcome po = policy.evaluate(valid);
        if (!po.satisfied()) {
            return Outcome.refuse(POLICY_REFUSAL + policy + " is not met for the reference checkpoint (size "
                    + Long.toUnsignedString(n) + "): " + (notes.isEmpty() ? "no evidence" : String.join("; ", notes)),
                    notes);
        }

        // 3. Each landmark subtree is consistent with the reference checkpoint.
        List<LandmarkSubtrees> out = new ArrayList<>();
        // walked with LandmarkList.activeLandmarks(), which cannot wrap at last_landmark = 2^63-1
        for (long l : landmarks.activeLandmarks()) {
            List<TrustedSubtree> ts = new ArrayList<>();
            for (Subtree s : landmarks.landmarkSubtrees(l)) {
                if (s.start() == s.end()) {
                    continue; // an empty subtree contains no entries
                }
                String name = "landmark " + l + " subtree [" + Long.toUnsignedString(s.start()) + ", "
                        + Long.toUnsignedString(s.end()) + ")";
                Optional<SubtreeProof> p = proofs.stream()
                        .filter(x -> x.start() == s.start() && x.end() == s.end()).findFirst();
                if (p.isEmpty()) {
                    return Outcome.refuse("no subtree consistency proof for " + name, notes);
                }
                try {
                    SubtreeProofs.checkConsistencyProof(ca.hash(), n, s, p.get().proof(), p.get().hash(), root);
                } catch (MerkleProofException ex) {
                    return Outcome.refuse(name + " with hash " + Base64.getEncoder().encodeToString(p.get().hash())
                            + " is not consistent with the reference checkpoint: " + ex.getMessage(), notes);
                }
                ts.add(new TrustedSubtree(logNumber, s.start(), s.end(), p.get().hash()));
            }
            out.add(new LandmarkSubtrees(l, ts));
        }
        return new Outcome(Optional.empty(), out, po.satisfiedBy(), notes);
    }

    private static Optional<String> check(Cosigner c, Evidence e, CaConfig ca, TrustAnchorId logId, long n,
            byte[] root) {
        if (e instanceof CheckpointCosignature d) {
            return verify(c, ca, d.timestamp(), logId, n, root, d.signature());
        }
        LargerCheckpointCosignature l = (LargerCheckpointCosignature) e;
        long n2 = l.checkpoint().size();
        if (Long.compareUnsigned(n2, n) < 0) {
            return Optional.of("cosigned checkpoint size " + Long.toUnsignedString(n2) + " is smaller than the"
                    + " reference checkpoint");
        }
        if (!Rfc9162Proofs.verifyConsistency(ca.hash(), n, n2, root, l.checkpoint().rootHash(),
                l.consistencyProof())) {
            return Optional.of("RFC 9162 consistency proof from size " + Long.toUnsignedString(n) + " to "
                    + Long.toUnsignedString(n2) + " does not verify");
        }
        return verify(c, ca, l.timestamp(), logId, n2, l.checkpoint().rootHash(), l.signature());
    }

    private static Optional<String> verify(Cosigner c, CaConfig ca, long timestamp, TrustAnchorId logId, long size,
            byte[] root, byte[] signature) {
        CosignedMessage m;
        try {
            m = new CosignedMessage(c.id(), timestamp, logId, 0, size, root);
        } catch (IllegalArgumentException ex) {
            return Optional.of("not a valid checkpoint: " + ex.getMessage());
        }
        return c.verify(ca.profile(), m, signature) ? Optional.empty()
                : Optional.of("checkpoint cosignature does not verify");
    }
}
