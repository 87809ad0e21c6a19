package io.mtc4j.log.monitor;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MerkleHash;
import io.mtc4j.spec.merkle.Rfc9162Proofs;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.NoteSignature;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.note.SignedNote;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Checks an {@link Evidence} bundle offline, with nothing but its bytes and, optionally, a pinned CA certificate
 * (without one, the bundle's own CA certificate is used and named in the result, so the reader decides whether
 * to trust it). Every step is a check that fails with a {@link MtcException} naming what does not hold.
 */
public final class EvidenceVerifier {
    private static final HashFunction H = HashFunction.sha256();

    private EvidenceVerifier() {}

    /**
     * What the evidence proves.
     *
     * @param summary one line: what was proven
     * @param facts   the checks that passed, in order
     */
    public record Verified(String summary, List<String> facts) {
        /**
         * Copies the facts.
         *
         * @param summary the summary
         * @param facts   the facts
         */
        public Verified {
            facts = List.copyOf(facts);
        }
    }

    /**
     * Verifies {@code e}.
     *
     * @param e        the evidence
     * @param pinnedCa the CA certificate to trust (PEM or DER), if the reader has one
     * @param profile  the wire profile of the CA certificate and entries
     * @return what it proves
     * @throws MtcException naming the check that fails
     */
    public static Verified verify(Evidence e, Optional<byte[]> pinnedCa, Profile profile) {
        List<String> facts = new ArrayList<>();
        MonitoredCa ca = MonitoredCa.fromCertificate(pinnedCa.orElse(e.caCertificate()), profile, e.demoCompat());
        if (pinnedCa.isPresent()) {
            MonitoredCa inBundle = MonitoredCa.fromCertificate(e.caCertificate(), profile, e.demoCompat());
            if (!Arrays.equals(inBundle.certificate(), ca.certificate())) {
                throw new MtcException("evidence.caCertificate: not the pinned CA certificate");
            }
        }
        facts.add("CA " + ca.id().ascii() + (pinnedCa.isPresent() ? " (pinned)" : " (from the bundle: pin it with --ca)"));
        if (ca.logNumber(e.origin()) != e.logNumber()) {
            throw new MtcException("evidence.origin: " + e.origin() + " is not log " + e.logNumber() + " of CA "
                    + ca.id().ascii() + " (mtc-tlog: " + ca.origin(Math.max(1, e.logNumber())) + ")");
        }
        List<NoteVerifier> keys = new ArrayList<>();
        keys.add(ca.cosigner());
        for (String v : e.keys()) {
            keys.add(NoteVerifier.fromVkey(v));
        }
        Checkpoint cp = checkpoint(e.checkpoint(), e.origin(), keys, "evidence.checkpoint", facts);
        switch (e.kind()) {
            case "entry" -> {
                return entry(e, cp, profile, facts);
            }
            case "log-switch" -> {
                requireCaSigned(e.checkpoint(), ca, "evidence.checkpoint");
                return new Verified("log switch: CA " + ca.id().ascii() + " signed a checkpoint of log " + e.logNumber()
                        + " (size " + cp.size() + ")", facts);
            }
            case "split-view" -> {
                Checkpoint other = checkpoint(e.other().orElseThrow(() -> new MtcException(
                        "evidence.other: a split view needs the second checkpoint")), e.origin(), keys, "evidence.other",
                        facts);
                return splitView(e, cp, other, facts);
            }
            default -> {
                Checkpoint earlier = checkpoint(e.other().orElseThrow(() -> new MtcException(
                        "evidence.other: a rollback needs the earlier checkpoint")), e.origin(), keys, "evidence.other",
                        facts);
                if (Long.compareUnsigned(cp.size(), earlier.size()) >= 0) {
                    throw new MtcException("evidence: size " + cp.size() + " after " + earlier.size()
                            + " is no rollback");
                }
                return new Verified("rollback: " + e.checkpointSource() + " served size " + cp.size() + " after "
                        + e.otherSource() + " served size " + earlier.size() + " of " + e.origin(), facts);
            }
        }
    }

    /** Parses a signed checkpoint and verifies its signatures (signed-note §"Signatures"). */
    private static Checkpoint checkpoint(byte[] note, String origin, List<NoteVerifier> keys, String field,
            List<String> facts) {
        SignedNote n = SignedNote.parse(note);
        Checkpoint cp = Checkpoint.parse(n.text());
        if (!cp.origin().equals(origin)) {
            throw new MtcException(field + ": checkpoint origin " + cp.origin() + " is not " + origin);
        }
        List<NoteSignature> ok = n.verify(keys);
        facts.add(field + ": size " + cp.size() + " root " + HexFormat.of().formatHex(cp.rootHash()) + " signed by "
                + String.join(", ", ok.stream().map(NoteSignature::keyName).distinct().toList()));
        return cp;
    }

    private static void requireCaSigned(byte[] note, MonitoredCa ca, String field) {
        List<NoteSignature> ok = SignedNote.parse(note).verify(List.of(ca.cosigner()));
        if (ok.stream().noneMatch(s -> s.keyName().equals(ca.cosigner().name()) && s.keyId() == ca.cosigner().keyId())) {
            throw new MtcException(field + ": not signed by the CA cosigner " + ca.cosigner().name());
        }
    }

    /** RFC 9162 §2.1.3.2 inclusion of the entry's leaf hash in the signed tree. */
    private static Verified entry(Evidence e, Checkpoint cp, Profile profile, List<String> facts) {
        if (Long.compareUnsigned(e.index(), cp.size()) >= 0) {
            throw new MtcException("evidence.index: " + e.index() + " is not below the tree size " + cp.size());
        }
        byte[] leaf = MerkleHash.leafHash(H, e.entry());
        if (!Rfc9162Proofs.verifyInclusion(H, e.index(), cp.size(), leaf, e.inclusionProof(), cp.rootHash())) {
            throw new MtcException("evidence.inclusionProof: entry " + e.index() + " is not included in the tree of size "
                    + cp.size() + " (the proof does not evaluate to its root)");
        }
        facts.add("entry " + e.index() + " is included in the signed tree of size " + cp.size());
        EntryDescription d = EntryDescription.of(profile, e.entry());
        facts.add("entry: " + d);
        return new Verified("entry " + e.logNumber() + ":" + e.index() + " of " + e.origin() + " is logged: " + d, facts);
    }

    /** Two signed views of one log that cannot both be prefixes of one append-only log. */
    private static Verified splitView(Evidence e, Checkpoint a, Checkpoint b, List<String> facts) {
        if (a.size() == b.size()) {
            if (MessageDigest.isEqual(a.rootHash(), b.rootHash())) {
                throw new MtcException("evidence: both checkpoints have size " + a.size() + " and the same root: no split");
            }
            return new Verified("split view: two signed roots for size " + a.size() + " of " + e.origin() + " ("
                    + e.checkpointSource() + " and " + e.otherSource() + ")", facts);
        }
        Checkpoint big = Long.compareUnsigned(a.size(), b.size()) > 0 ? a : b;
        Checkpoint small = big == a ? b : a;
        byte[] x = e.subtreeHash().orElseThrow(() -> new MtcException(
                "evidence.subtreeHash: two sizes need the larger tree's hash of the smaller one"));
        Subtree s = new Subtree(0, small.size());
        if (!SubtreeProofs.verifyConsistencyProof(H, big.size(), s, e.consistencyProof(), x, big.rootHash())) {
            throw new MtcException("evidence.consistencyProof: does not prove subtreeHash for " + s + " in the tree of size "
                    + big.size());
        }
        if (MessageDigest.isEqual(x, small.rootHash())) {
            throw new MtcException("evidence: the trees are consistent (the smaller root is a prefix of the larger)");
        }
        facts.add("the tree of size " + big.size() + " commits to " + HexFormat.of().formatHex(x) + " for its first "
                + small.size() + " entries, not the signed root " + HexFormat.of().formatHex(small.rootHash()));
        return new Verified("split view: the signed trees of sizes " + small.size() + " and " + big.size() + " of "
                + e.origin() + " are inconsistent (" + e.checkpointSource() + " and " + e.otherSource() + ")", facts);
    }
}
