package io.mtc4j.log.client;

import io.mtc4j.log.client.LogClientException.Check;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MerkleHash;
import io.mtc4j.spec.merkle.NodeReader;
import io.mtc4j.spec.merkle.Rfc9162Proofs;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.NoteSignature;
import io.mtc4j.spec.note.NoteVerificationException;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.note.SignedNote;
import io.mtc4j.spec.tiles.TilePath;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The project's one reader of C2SP tlog-tiles logs (an MTC issuance log per mtc-tlog), over HTTP or from a
 * directory ({@link LogTransport}). It trusts nothing it reads until it is proven:
 * <ol>
 *   <li>{@link #update()} fetches {@code checkpoint}, parses it strictly, checks its origin, verifies its
 *       signatures against the configured note keys (signed-note §"Signatures": unknown keys are ignored, a
 *       failing known key rejects the note) and the acceptance {@link CheckpointPolicy}, then checks it is
 *       consistent with the last verified checkpoint (tlog-checkpoint: a smaller tree is a rollback, another root
 *       for the same or an extended prefix a fork) and that its partial tiles hash to its root;</li>
 *   <li>tiles are requested only for the verified size, so no unproven partial tile is fetched (tlog-tiles
 *       §"Partial Tiles", MTC-NOTES R21); every tile is checked up to the root before use and cached;</li>
 *   <li>subtree hashes and proofs come from mtc-spec's {@link SubtreeProofs} over a {@link NodeReader} of the
 *       verified tiles; entries are streamed with each bundle checked against the level-0 tile.</li>
 * </ol>
 * Every failure is a {@link LogClientException} naming the check and the URL or path. Not thread-safe: one client
 * per reader thread (transports may be shared).
 */
public final class LogClient {
    /** draft §"Issuance Logs": a log holds at most 2^48-1 entries. */
    public static final long MAX_TREE_SIZE = (1L << 48) - 1;
    private static final HashFunction H = HashFunction.sha256();

    private final LogTransport transport;
    private final List<NoteVerifier> verifiers;
    private final CheckpointPolicy policy;
    private final int maxCheckpointBytes;
    private final int cacheTiles;
    private final FetchObserver observer;
    private Optional<String> origin;
    private Optional<Checkpoint> checkpoint = Optional.empty();
    private Optional<SignedNote> note = Optional.empty();
    private VerifiedTiles tiles;

    private LogClient(Builder b) {
        this.transport = b.transport;
        this.verifiers = List.copyOf(b.verifiers);
        this.policy = b.policy;
        this.maxCheckpointBytes = b.maxCheckpointBytes;
        this.cacheTiles = b.cacheTiles;
        this.observer = b.observer;
        this.origin = b.origin;
        b.trusted.ifPresent(this::adopt);
    }

    private void adopt(Checkpoint c) {
        if (origin.isPresent() && !origin.get().equals(c.origin())) {
            throw new IllegalArgumentException("trusted checkpoint is for origin " + c.origin() + ", not " + origin.get());
        }
        origin = Optional.of(c.origin());
        checkpoint = Optional.of(c);
        tiles = new VerifiedTiles(H, c.size(), c.rootHash(), this::fetch, transport::location, observer, cacheTiles);
    }

    /** A builder for a client reading through {@code transport}. */
    public static Builder builder(LogTransport transport) {
        return new Builder(transport);
    }

    /** Settings of a {@link LogClient}. */
    public static final class Builder {
        private final LogTransport transport;
        private List<NoteVerifier> verifiers = List.of();
        private CheckpointPolicy policy = CheckpointPolicy.anyKnownKey();
        private Optional<String> origin = Optional.empty();
        private Optional<Checkpoint> trusted = Optional.empty();
        private int maxCheckpointBytes = 1 << 16;
        private int cacheTiles = 4096;
        private FetchObserver observer = FetchObserver.none();

        private Builder(LogTransport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
        }

        /** The known note keys (signed-note): signatures by other keys are ignored. At least one is required. */
        public Builder verifiers(List<? extends NoteVerifier> keys) {
            this.verifiers = List.copyOf(keys);
            return this;
        }

        /** When a checkpoint is accepted, given the known keys that signed it (default: any known key). */
        public Builder policy(CheckpointPolicy p) {
            this.policy = Objects.requireNonNull(p, "policy");
            return this;
        }

        /** The log's origin line; without it, the first verified checkpoint's origin is pinned (R22: not a URL). */
        public Builder origin(String o) {
            this.origin = Optional.of(o);
            return this;
        }

        /**
         * A checkpoint verified earlier (e.g. by a previous run): every checkpoint this client accepts must be
         * consistent with it. It is trusted as given, so pass only what was verified.
         */
        public Builder trusted(Checkpoint c) {
            this.trusted = Optional.of(c);
            return this;
        }

        /** The largest checkpoint read, in bytes (default 64 KiB: 16 ML-DSA-44 cosignatures and more). */
        public Builder maxCheckpointBytes(int n) {
            if (n < 64) {
                throw new IllegalArgumentException("a checkpoint bound below 64 bytes fits no checkpoint");
            }
            this.maxCheckpointBytes = n;
            return this;
        }

        /** The most verified hash tiles kept in memory (default 4096, 32 MiB). */
        public Builder cacheTiles(int n) {
            if (n < 16) {
                throw new IllegalArgumentException("cache at least 16 tiles (a proof needs up to two per level)");
            }
            this.cacheTiles = n;
            return this;
        }

        /** Sees every response before it is checked (for reports); default: none. */
        public Builder observer(FetchObserver o) {
            this.observer = Objects.requireNonNull(o, "observer");
            return this;
        }

        /**
         * The client.
         *
         * @throws IllegalArgumentException without a note key
         */
        public LogClient build() {
            if (verifiers.isEmpty()) {
                throw new IllegalArgumentException("a log client needs at least one note key to verify checkpoints");
            }
            return new LogClient(this);
        }
    }

    /** The transport this client reads through. */
    public LogTransport transport() {
        return transport;
    }

    /** The last verified checkpoint, if any. */
    public Optional<Checkpoint> checkpoint() {
        return checkpoint;
    }

    /** The signed note of the last checkpoint this client fetched and verified itself, if any. */
    public Optional<SignedNote> checkpointNote() {
        return note;
    }

    /**
     * GETs {@code key} under the log prefix as is, reporting it to the observer: for objects the client does not
     * interpret (the landmarks file). Nothing returned here is verified.
     */
    public LogResponse fetch(String key, int maxBytes) {
        LogResponse r = transport.get(key, maxBytes);
        observer.fetched(r);
        return r;
    }

    /**
     * Fetches the log's checkpoint and makes it the verified one: strict parsing, origin, signatures and policy,
     * consistency with the previous verified checkpoint, and its partial tiles against its root.
     *
     * @return the verified checkpoint
     * @throws LogClientException naming the failed check; the previous verified checkpoint stays in place
     */
    public Checkpoint update() {
        LogResponse r = fetch("checkpoint", maxCheckpointBytes);
        if (!r.ok()) {
            throw new LogClientException(Check.HTTP_STATUS, r.location(), "checkpoint: HTTP " + r.status());
        }
        Checkpoint cp = verify(r.body(), r.location());
        tiles.checkRoot();
        return cp;
    }

    /**
     * Verifies a checkpoint note obtained elsewhere (signed-note and policy, origin, consistency with the previous
     * verified checkpoint) and makes it the verified one. Reads tiles only to check consistency.
     *
     * @param where names the note's source in messages
     * @throws LogClientException naming the failed check; the previous verified checkpoint stays in place
     */
    public Checkpoint verify(byte[] signedNote, String where) {
        SignedNote n;
        Checkpoint cp;
        try {
            n = SignedNote.parse(signedNote);
            cp = Checkpoint.parse(n.text());
        } catch (MtcException | IllegalArgumentException e) {
            throw new LogClientException(Check.CHECKPOINT_PARSE, where, e.getMessage(), e);
        }
        if (Long.compareUnsigned(cp.size(), MAX_TREE_SIZE) > 0) {
            throw new LogClientException(Check.CHECKPOINT_PARSE, where, "tree size " + Long.toUnsignedString(cp.size())
                    + " exceeds 2^48-1 (draft §\"Issuance Logs\")");
        }
        String want = origin.orElse(cp.origin());
        if (!cp.origin().equals(want)) {
            throw new LogClientException(Check.CHECKPOINT_ORIGIN, where, "checkpoint is for origin " + cp.origin()
                    + ", not " + want);
        }
        checkSignatures(n, where);
        VerifiedTiles next = new VerifiedTiles(H, cp.size(), cp.rootHash(), this::fetch, transport::location,
                observer, cacheTiles);
        if (checkpoint.isPresent()) {
            checkConsistency(checkpoint.get(), cp, next, where);
            if (checkpoint.get().equals(cp)) {
                next = tiles; // the same tree: keep the verified tiles
            }
        }
        origin = Optional.of(cp.origin());
        checkpoint = Optional.of(cp);
        note = Optional.of(n);
        tiles = next;
        return cp;
    }

    /** signed-note §"Signatures" (R20) and then the acceptance policy. */
    private void checkSignatures(SignedNote n, String where) {
        List<NoteSignature> ok;
        try {
            ok = n.verify(verifiers);
        } catch (NoteVerificationException e) {
            throw new LogClientException(Check.CHECKPOINT_SIGNATURE, where, e.getMessage(), e);
        }
        List<NoteVerifier> by = new ArrayList<>();
        for (NoteSignature s : ok) {
            verifiers.stream().filter(v -> v.name().equals(s.keyName()) && v.keyId() == s.keyId()).findFirst()
                    .filter(v -> !by.contains(v)).ifPresent(by::add);
        }
        policy.unmet(by).ifPresent(why -> {
            throw new LogClientException(Check.CHECKPOINT_SIGNATURE, where, "acceptance rule not met: " + why);
        });
    }

    /**
     * Checks that the tree of the verified checkpoint extends {@code older} (tlog-checkpoint §"Signatures": a log
     * never signs inconsistent checkpoints; tlog-tiles: clients check consistency when tailing, R21): the older
     * size is not larger, and the first {@code older.size()} entries of the current tree hash to its root.
     *
     * @throws LogClientException {@code ROLLBACK} or {@code FORK}; or a tile check while reading the current tree
     */
    public void checkConsistency(Checkpoint older) {
        Checkpoint cur = requireCheckpoint();
        checkConsistency(older, cur, tiles, transport.location("checkpoint"));
    }

    private static void checkConsistency(Checkpoint older, Checkpoint cp, VerifiedTiles newTiles, String where) {
        if (!older.origin().equals(cp.origin())) {
            throw new LogClientException(Check.CHECKPOINT_ORIGIN, where, "checkpoint is for origin " + cp.origin()
                    + ", the earlier one for " + older.origin());
        }
        if (Long.compareUnsigned(cp.size(), older.size()) < 0) {
            throw new LogClientException(Check.ROLLBACK, where, "tree size " + Long.toUnsignedString(cp.size())
                    + " is smaller than the verified size " + Long.toUnsignedString(older.size())
                    + " (the log went backwards)");
        }
        if (older.size() == 0) {
            if (!MessageDigest.isEqual(older.rootHash(), MerkleHash.emptyHash(H))) {
                throw new LogClientException(Check.FORK, where, "the earlier empty tree has a root other than HASH()");
            }
            return;
        }
        byte[] prefix = older.size() == cp.size() ? cp.rootHash()
                : SubtreeProofs.subtreeHash(newTiles.nodeReader(), new Subtree(0, older.size()));
        if (!MessageDigest.isEqual(prefix, older.rootHash())) {
            throw new LogClientException(Check.FORK, where, "MTH of the first " + Long.toUnsignedString(older.size())
                    + " entries of the tree of size " + Long.toUnsignedString(cp.size()) + " is "
                    + HexFormat.of().formatHex(prefix) + " != earlier root " + HexFormat.of().formatHex(older.rootHash())
                    + " (inconsistent checkpoints)");
        }
    }

    private Checkpoint requireCheckpoint() {
        return checkpoint.orElseThrow(() -> new IllegalStateException("no verified checkpoint yet: call update()"));
    }

    /** Checks that the partial tiles of the verified size hash to its root (done by {@link #update()}). */
    public void checkRoot() {
        requireCheckpoint();
        tiles.checkRoot();
    }

    /**
     * The hash tile {@code path} of the verified tree, checked up to the root.
     *
     * @throws IllegalArgumentException if the verified tree has no such tile (it would be empty)
     */
    public byte[] tile(int level, long index) {
        Checkpoint cp = requireCheckpoint();
        return tiles.verified(TilePath.hashTileFor(level, index, cp.size())).clone();
    }

    /** A reader of the verified tree's full nodes; every node it returns is proven to hash up to the root. */
    public NodeReader nodeReader() {
        requireCheckpoint();
        return tiles.nodeReader();
    }

    /** draft §"Subtrees": the hash of subtree {@code s} of the verified tree. */
    public byte[] subtreeHash(Subtree s) {
        within(s.end());
        return SubtreeProofs.subtreeHash(tiles.nodeReader(), s);
    }

    /** draft §"Generating a Subtree Inclusion Proof" for entry {@code index} in subtree {@code s}. */
    public List<byte[]> inclusionProof(Subtree s, long index) {
        within(s.end());
        return SubtreeProofs.inclusionProof(tiles.nodeReader(), s, index);
    }

    /** draft §"Generating a Subtree Consistency Proof" of subtree {@code s} with the verified tree. */
    public List<byte[]> consistencyProof(Subtree s) {
        Checkpoint cp = requireCheckpoint();
        within(s.end());
        return SubtreeProofs.consistencyProof(tiles.nodeReader(), cp.size(), s);
    }

    /** RFC 9162 §2.1.4.1 consistency proof from the tree of {@code oldSize} entries to the verified tree. */
    public List<byte[]> consistencyProof(long oldSize) {
        Checkpoint cp = requireCheckpoint();
        within(oldSize);
        return Rfc9162Proofs.consistencyProof(tiles.nodeReader(), oldSize, cp.size());
    }

    private void within(long end) {
        Checkpoint cp = requireCheckpoint();
        if (Long.compareUnsigned(end, cp.size()) > 0) {
            throw new LogClientException(Check.BEYOND_CHECKPOINT, transport.location("checkpoint"), "index "
                    + Long.toUnsignedString(end) + " is beyond the verified tree size " + cp.size());
        }
    }

    /**
     * The entries {@code [from, to)} of the verified tree, read one bundle at a time, each entry checked against
     * its leaf hash in the verified level-0 tile. To resume after an error, call again from
     * {@link EntryIterator#nextIndex()}.
     *
     * @throws LogClientException {@code BEYOND_CHECKPOINT} if {@code to} exceeds the verified size
     */
    public EntryIterator entries(long from, long to) {
        if (from < 0 || from > to) {
            throw new IllegalArgumentException("entries [" + from + ", " + to + ") is not a range");
        }
        within(to);
        return new EntryIterator(tiles, from, to);
    }
}
