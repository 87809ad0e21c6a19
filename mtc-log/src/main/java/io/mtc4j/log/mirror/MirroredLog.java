package io.mtc4j.log.mirror;

import io.mtc4j.log.storage.LogObjects;
import io.mtc4j.log.storage.LogStorage;
import io.mtc4j.log.storage.LogStore;
import io.mtc4j.log.storage.SequencingState;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.merkle.MerkleHash;
import io.mtc4j.spec.merkle.MerkleProofException;
import io.mtc4j.spec.merkle.NodeReader;
import io.mtc4j.spec.merkle.Rfc9162Proofs;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.NoteSignature;
import io.mtc4j.spec.note.NoteSigner;
import io.mtc4j.spec.note.NoteVerificationException;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.note.SignedNote;
import io.mtc4j.spec.tiles.EntryBundle;
import io.mtc4j.spec.tiles.TileBuilder;
import io.mtc4j.spec.tiles.TileFile;
import io.mtc4j.spec.tiles.TileNodeReader;
import io.mtc4j.spec.tiles.TilePath;
import io.mtc4j.spec.tiles.TileSource;
import java.io.ByteArrayOutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One log a mirror copies (tlog-mirror §"Updating a Mirror"): its copy, a tlog-tiles log in the mirror's
 * {@link LogStore} (log {@link #copyNumber} of the store, whose checkpoint is the <em>mirror checkpoint</em>), and
 * its {@link PendingState}, the copy's writer state ({@link LogStorage#writerState}) in the same back end.
 *
 * <p>Pending entries go straight into the copy as entry bundles and hash tiles, each package's files durable
 * before the next entry advances past them (tlog-mirror allows "the same underlying storage for entry bundles
 * and pending entries"); tiles beyond the mirror checkpoint are never served as part of a checkpoint until one
 * covers them. The mirror checkpoint advances only by {@link LogStorage#commit}, a compare-and-swap on the committed
 * size, after every tile of the new size is durable and hashes to the pending checkpoint's root; only then does
 * the mirror sign. The pending state is replaced by {@link LogStorage#replaceWriterState}, a compare-and-swap on the
 * bytes this object last wrote, before add-checkpoint answers and before the next entry advances. All state changes
 * of one log are serialized on this object.
 */
final class MirroredLog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MirroredLog.class.getName());
    private static final HashFunction SHA256 = HashFunction.sha256();
    /** tlog-mirror: "mirrors SHOULD accept any of the last several pending checkpoint values as upload_end". */
    static final int MAX_PENDING = 16;
    /** The most entries already held that one request may send again ("If excess_entries is too large"). */
    static final long MAX_EXCESS = AddEntries.PACKAGE_WIDTH;

    /** A pending checkpoint: the note with only the log signatures that verified, and its checkpoint. */
    record Pending(SignedNote note, Checkpoint checkpoint) {
        byte[] bytes() {
            return note.bytes();
        }
    }

    /** An add-entries request that passed the header checks: the pending checkpoint it is proven against. */
    record Upload(AddEntries.Header header, Pending target) {}

    private final String origin;
    private final String originHash;
    private final List<NoteVerifier> logKeys;
    private final MirrorKeys keys;
    private final Tickets tickets;
    private final LogStorage storage;
    private final TileSource tiles;

    private final List<Pending> pending = new ArrayList<>();
    private long next;
    private TileBuilder builder;
    private long mirrorSize;
    private byte[] mirrorRoot;
    /** The pending state as last made durable (the compare-and-swap's expected bytes); empty before the first. */
    private Optional<byte[]> saved = Optional.empty();

    private MirroredLog(String origin, List<NoteVerifier> logKeys, MirrorKeys keys, Tickets tickets,
            LogStorage storage) {
        this.origin = origin;
        this.originHash = originHash(origin);
        this.logKeys = List.copyOf(logKeys);
        this.keys = keys;
        this.tickets = tickets;
        this.storage = storage;
        this.tiles = p -> storage.read(p.path());
    }

    /** tlog-mirror: "the SHA-256 hash of the log's origin, hex encoded, in lowercase". */
    static String originHash(String origin) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(origin.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The number of {@code origin}'s copy in the mirror's store: the first 8 bytes of SHA-256(origin), big-endian,
     * shifted right by one bit (a log number is at most 2^63-1). Two origins sharing a number are told apart by the
     * origin recorded in the pending state and the checkpoint, and refused (never mixed) when they meet.
     */
    static long copyNumber(String origin) {
        return HexFormat.fromHexDigitsToLong(originHash(origin), 0, 16) >>> 1;
    }

    /**
     * Opens the copy of {@code origin} in {@code store} (creating it if absent), taking its writer exclusion, and
     * recovers the next entry: the one recorded, if the tiles of that size are there, else the mirror checkpoint's
     * size.
     */
    static MirroredLog open(LogStore store, String origin, List<NoteVerifier> logKeys, MirrorKeys keys,
            Tickets tickets) {
        return open(store.openWriter(copyNumber(origin)), origin, logKeys, keys, tickets);
    }

    /** As {@link #open(LogStore, String, List, MirrorKeys, Tickets)}, on the copy's writer, opened already. */
    static MirroredLog open(LogStorage storage, String origin, List<NoteVerifier> logKeys, MirrorKeys keys,
            Tickets tickets) {
        MirroredLog m = new MirroredLog(origin, logKeys, keys, tickets, storage);
        try {
            m.recover();
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        return m;
    }

    /**
     * The origin whose pending state the copy {@code storage} holds; empty when it has none (a log opened but never
     * written: nothing of it was acknowledged).
     */
    static Optional<String> recordedOrigin(LogStorage storage) {
        return storage.writerState().map(b -> PendingState.decode(b).origin());
    }

    private synchronized void recover() {
        SequencingState st = storage.state();
        if (st.staged().isPresent()) {
            storage.discardStaged(); // a mirror never stages; nothing of it is acknowledged
        }
        mirrorSize = st.size();
        mirrorRoot = st.rootHash();
        Optional<byte[]> cp = storage.read("checkpoint");
        if (cp.isPresent()) {
            Checkpoint c = Checkpoint.parse(SignedNote.parse(cp.get()).text());
            if (!c.origin().equals(origin)) {
                throw new IllegalStateException("copy " + copyNumber(origin) + " holds a checkpoint of origin "
                        + c.origin() + ", not " + origin);
            }
        }
        long recorded = mirrorSize;
        saved = storage.writerState();
        if (saved.isPresent()) {
            PendingState ps = PendingState.decode(saved.get());
            if (!ps.origin().equals(origin)) {
                throw new IllegalStateException("copy " + copyNumber(origin) + " holds the pending state of origin "
                        + ps.origin() + ", not " + origin);
            }
            for (byte[] n : ps.notes()) {
                SignedNote note = SignedNote.parse(n);
                pending.add(new Pending(note, Checkpoint.parse(note.text())));
            }
            recorded = Math.max(recorded, ps.nextEntry());
        }
        try {
            builder = resume(recorded);
            next = recorded;
        } catch (MtcException e) {
            LOG.log(Level.WARNING, "mirror.recover log={0} next={1} fallback={2} error={3}", origin, recorded,
                    mirrorSize, e.getMessage());
            builder = resume(mirrorSize);
            next = mirrorSize;
        }
        if (next == mirrorSize && !MessageDigest.isEqual(builder.rootHash(), mirrorRoot)) {
            throw new IllegalStateException("the copy of " + origin + " does not hash to its checkpoint's root");
        }
        LOG.log(Level.INFO, "mirror.open log={0} copy={1} size={2} next={3} pending={4}", origin,
                Long.toString(copyNumber(origin)), mirrorSize, next,
                pending.isEmpty() ? "none" : pending.get(pending.size() - 1).checkpoint().size());
    }

    private TileBuilder resume(long size) {
        return size == 0 ? new TileBuilder(SHA256) : TileBuilder.resume(SHA256, size, true, tiles);
    }

    String origin() {
        return origin;
    }

    String originHashHex() {
        return originHash;
    }

    /** The copy as tlog-tiles serves it. */
    LogObjects objects() {
        return storage;
    }

    synchronized long nextEntry() {
        return next;
    }

    synchronized long mirrorSize() {
        return mirrorSize;
    }

    // ---- add-checkpoint (tlog-mirror §"add-checkpoint", handled as tlog-witness §"add-checkpoint") ----

    /**
     * Updates the pending checkpoint (never the mirror checkpoint, and without signing: K21), keeping the log's
     * signatures; atomic check-and-persist before returning.
     */
    void addCheckpoint(AddCheckpointRequest req) {
        List<NoteSignature> logSigs = verifyLogSignature(req.note());
        Checkpoint cp = req.checkpoint();
        if (req.oldSize() > cp.size()) {
            throw MirrorException.of(400, "add-checkpoint.old: old size " + req.oldSize()
                    + " MUST be equal to or lower than the checkpoint size " + cp.size());
        }
        if (cp.size() == 0 && !MessageDigest.isEqual(cp.rootHash(), MerkleHash.emptyHash(SHA256))) {
            throw MirrorException.of(422, "checkpoint: a checkpoint of size 0 MUST have the root hash of the empty"
                    + " tree");
        }
        synchronized (this) {
            Checkpoint latest = latestPending().map(Pending::checkpoint).orElse(null);
            long latestSize = latest == null ? 0 : latest.size();
            if (req.oldSize() != latestSize) {
                throw MirrorException.sizeConflict(latestSize, "add-checkpoint.old: old size " + req.oldSize()
                        + " does not match the pending checkpoint's size " + latestSize);
            }
            if (req.oldSize() == 0) {
                if (!req.proof().isEmpty()) {
                    throw MirrorException.of(422, "add-checkpoint.proof: the consistency proof MUST be empty when"
                            + " the old size is 0");
                }
            } else if (req.oldSize() == cp.size()) {
                if (!MessageDigest.isEqual(latest.rootHash(), cp.rootHash())) {
                    throw MirrorException.of(422, "checkpoint: same size " + cp.size() + " as the pending"
                            + " checkpoint with a different root hash");
                }
                if (!req.proof().isEmpty()) {
                    throw MirrorException.of(422, "add-checkpoint.proof: a consistency proof between equal sizes is"
                            + " empty");
                }
            } else if (!Rfc9162Proofs.verifyConsistency(SHA256, req.oldSize(), cp.size(), latest.rootHash(),
                    cp.rootHash(), req.proof())) {
                throw MirrorException.of(422, "add-checkpoint.proof: the consistency proof from " + req.oldSize()
                        + " to " + cp.size() + " does not verify (RFC 6962 §2.1.2)");
            }
            if (latest != null && latest.size() == cp.size()) {
                return; // the same checkpoint: already pending
            }
            List<Pending> updated = new ArrayList<>(pending);
            updated.add(new Pending(new SignedNote(req.note().text(), logSigs), cp));
            while (updated.size() > MAX_PENDING) {
                updated.remove(0);
            }
            persist(updated, next);
            pending.clear();
            pending.addAll(updated);
            LOG.log(Level.INFO, "mirror.pending log={0} size={1}", origin, cp.size());
        }
    }

    /** K11: the log signatures that verify; 403 if none does, or if a known key's signature fails. */
    private List<NoteSignature> verifyLogSignature(SignedNote note) {
        try {
            return note.verify(logKeys);
        } catch (NoteVerificationException e) {
            throw MirrorException.of(403, "checkpoint: " + e.getMessage() + " (keys of " + origin + ")");
        }
    }

    private Optional<Pending> latestPending() {
        return pending.isEmpty() ? Optional.empty() : Optional.of(pending.get(pending.size() - 1));
    }

    /**
     * Makes the pending state durable: a compare-and-swap on the bytes last written, in the copy's back end. When the
     * back end fails, the state is read back: if the new bytes are there (a commit whose answer was lost), they are
     * durable and this returns; otherwise the next compare-and-swap expects what is there.
     */
    private void persist(List<Pending> notes, long nextEntry) {
        byte[] state = new PendingState(origin, notes.stream().map(Pending::bytes).toList(), nextEntry).encode();
        try {
            storage.replaceWriterState(saved, state);
        } catch (RuntimeException e) {
            Optional<byte[]> now;
            try {
                now = storage.writerState();
            } catch (RuntimeException again) {
                e.addSuppressed(again);
                throw e;
            }
            saved = now;
            if (now.isPresent() && MessageDigest.isEqual(now.get(), state)) {
                LOG.log(Level.WARNING, "mirror.persist log={0} outcome=written-despite error={1}", origin,
                        e.getMessage());
                return;
            }
            throw e;
        }
        saved = Optional.of(state);
    }

    // ---- add-entries (tlog-mirror §"add-entries", §"Processing") ----

    /** The header checks: 422 without a pending checkpoint, 409 for a bad upload_end or upload_start. */
    synchronized Upload beginUpload(AddEntries.Header h) {
        if (pending.isEmpty()) {
            throw MirrorException.of(422, "add-entries: the mirror has never received a pending checkpoint signed"
                    + " by " + origin + " (add-checkpoint first)");
        }
        Optional<Pending> target = knownCheckpoint(h.uploadEnd(), h.ticket());
        if (target.isEmpty()) {
            throw MirrorException.infoConflict(currentInfo(), "add-entries.upload_end: " + h.uploadEnd()
                    + " is neither a known pending checkpoint size nor the mirror checkpoint's size");
        }
        if (h.uploadEnd() < mirrorSize) {
            throw MirrorException.infoConflict(currentInfo(), "add-entries.upload_end: " + h.uploadEnd()
                    + " is less than the mirror checkpoint's size " + mirrorSize);
        }
        MirrorInfo info = info(target.get());
        if (h.uploadStart() > next) {
            throw MirrorException.infoConflict(info, "add-entries.upload_start: " + h.uploadStart()
                    + " is greater than the mirror's next entry " + next);
        }
        long excess = Math.min(h.uploadEnd(), next) - h.uploadStart();
        if (excess > MAX_EXCESS) {
            throw MirrorException.infoConflict(info, "add-entries.upload_start: " + excess + " entries the mirror"
                    + " already has (at most " + MAX_EXCESS + "); resume from the next entry " + next);
        }
        return new Upload(h, target.get());
    }

    /** A pending checkpoint of size {@code size}: recent, the mirror checkpoint, or carried by an authentic ticket. */
    private Optional<Pending> knownCheckpoint(long size, byte[] ticket) {
        for (int i = pending.size() - 1; i >= 0; i--) {
            if (pending.get(i).checkpoint().size() == size) {
                return Optional.of(pending.get(i));
            }
        }
        if (size == mirrorSize && mirrorSize > 0) {
            SignedNote note = SignedNote.parse(storage.read("checkpoint").orElseThrow());
            List<NoteSignature> logSigs = verifyLogSignature(note);
            return Optional.of(new Pending(new SignedNote(note.text(), logSigs), Checkpoint.parse(note.text())));
        }
        Optional<byte[]> fromTicket = tickets.open(origin, ticket);
        if (fromTicket.isPresent()) {
            SignedNote note = SignedNote.parse(fromTicket.get());
            Checkpoint cp = Checkpoint.parse(note.text());
            if (cp.origin().equals(origin) && cp.size() == size) {
                verifyLogSignature(note);
                return Optional.of(new Pending(note, cp));
            }
        }
        return Optional.empty();
    }

    /** The 409/202 body for upload_end = {@code target}'s size. */
    synchronized MirrorInfo info(Pending target) {
        return new MirrorInfo(target.checkpoint().size(), next, tickets.issue(origin, target.bytes()));
    }

    private MirrorInfo currentInfo() {
        return info(latestPending().orElseThrow());
    }

    /**
     * Authenticates one package (K24): rebuilds the subtree hash of {@code [subtreeStart, end)} from the entries
     * already held and the package's, verifies its subtree consistency proof against the checkpoint at upload_end
     * (422 if it fails), then makes the entries not yet held durable as tiles and advances the next entry.
     */
    synchronized void processPackage(Upload u, AddEntries.Span span, AddEntries.Package pkg) {
        List<byte[]> received = pkg.entries();
        List<byte[]> all = new ArrayList<>(existingEntries(span.subtreeStart(), span.start()));
        all.addAll(received);
        byte[] subtreeHash = MemoryTree.ofEntries(SHA256, all).rootHash();
        Checkpoint target = u.target().checkpoint();
        try {
            SubtreeProofs.checkConsistencyProof(SHA256, target.size(), new Subtree(span.subtreeStart(), span.end()),
                    pkg.proof(), subtreeHash, target.rootHash());
        } catch (MerkleProofException e) {
            throw MirrorException.of(422, "add-entries.package[" + span.index() + "]: the subtree consistency proof"
                    + " of [" + span.subtreeStart() + ", " + span.end() + ") to size " + target.size()
                    + " does not verify: " + e.reason());
        }
        if (span.end() <= next) {
            return; // every entry is held already: skip saving them
        }
        if (span.start() > next) {
            throw new IllegalStateException("package [" + span.start() + ", " + span.end() + ") after the next entry "
                    + next);
        }
        List<TileFile> written = new ArrayList<>();
        try {
            for (int i = (int) (next - span.start()); i < received.size(); i++) {
                written.addAll(builder.appendEntry(received.get(i)));
            }
            written.addAll(builder.partialTiles());
            storage.writeTiles(written);
            persist(pending, span.end());
            next = span.end();
        } catch (RuntimeException e) {
            builder = resume(next); // the builder ran ahead of what is durable
            throw e;
        }
    }

    /** The entries {@code [from, to)}, all below the next entry, from the copy's bundles. */
    private List<byte[]> existingEntries(long from, long to) {
        if (from >= to) {
            return List.of();
        }
        TilePath p = TilePath.entryBundleFor(from >>> 8, next);
        EntryBundle b = EntryBundle.parse(p, storage.read(p.path())
                .orElseThrow(() -> new IllegalStateException("entry bundle " + p.path() + " of the copy is missing")));
        return b.entries().subList((int) (from & 0xff), (int) (from & 0xff) + (int) (to - from));
    }

    /**
     * Completes an upload whose packages are all in (tlog-mirror §"Processing", last steps; K26): makes the tiles of
     * size upload_end durable, checks they hash to the pending checkpoint's root, signs, and commits the new mirror
     * checkpoint with a compare-and-swap on the size; 409 if the mirror checkpoint has passed upload_end meanwhile.
     * Returns the mirror's signature lines; if the mirror checkpoint is already at upload_end, those it made then.
     */
    synchronized List<NoteSignature> finishUpload(Upload u) {
        Checkpoint target = u.target().checkpoint();
        long end = target.size();
        if (end < mirrorSize) {
            throw MirrorException.infoConflict(currentInfo(), "add-entries.upload_end: " + end + " is less than the"
                    + " mirror checkpoint's size " + mirrorSize + " (a concurrent upload advanced it)");
        }
        if (end == mirrorSize) {
            return ownSignatures(SignedNote.parse(storage.read("checkpoint").orElseThrow()));
        }
        if (next < end) {
            throw new IllegalStateException("finishing an upload to " + end + " with the next entry at " + next);
        }
        storage.writeTiles(tilesAt(end));
        byte[] root = SubtreeProofs.subtreeHash(new TileNodeReader(SHA256, end, tiles), new Subtree(0, end));
        if (!MessageDigest.isEqual(root, target.rootHash())) {
            throw new IllegalStateException("the copy of " + origin + " at size " + end + " does not hash to the"
                    + " pending checkpoint's root: refusing to sign");
        }
        SignedNote logSigned = u.target().note();
        List<NoteSignature> mine = new ArrayList<>();
        byte[] text = logSigned.textBytes();
        for (NoteSigner s : keys.checkpointSigners()) {
            mine.add(new NoteSignature(s.name(), s.keyId(), s.sign(text)));
        }
        List<NoteSignature> all = new ArrayList<>(logSigned.signatures());
        all.addAll(mine);
        byte[] note = new SignedNote(logSigned.text(), all).bytes();
        try {
            storage.commit(mirrorSize, end, root, note);
        } catch (RuntimeException e) {
            resyncCommitted(e);
            throw e;
        }
        LOG.log(Level.INFO, "mirror.commit log={0} from={1} to={2}", origin, mirrorSize, end);
        mirrorSize = end;
        mirrorRoot = root;
        return mine;
    }

    /**
     * After a failed commit, the mirror checkpoint as the back end holds it: the commit may have happened with its
     * answer lost (S3 + PostgreSQL), and a retry of the upload then finds it committed ({@code end == mirrorSize})
     * and answers with the signatures it holds. Never moves the size back.
     */
    private void resyncCommitted(RuntimeException cause) {
        try {
            SequencingState st = storage.state();
            if (st.size() > mirrorSize) {
                LOG.log(Level.WARNING, "mirror.commit log={0} outcome=committed-despite to={1} error={2}", origin,
                        st.size(), cause.getMessage());
                mirrorSize = st.size();
                mirrorRoot = st.rootHash();
            }
        } catch (RuntimeException again) {
            cause.addSuppressed(again);
        }
    }

    /** The signatures in {@code note} by this mirror's keys. */
    private List<NoteSignature> ownSignatures(SignedNote note) {
        List<NoteSignature> out = new ArrayList<>();
        for (NoteSignature s : note.signatures()) {
            for (NoteVerifier v : keys.verifiers()) {
                if (v.name().equals(s.keyName()) && v.keyId() == s.keyId()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /**
     * tlog-tiles §"Partial Tiles": the partial tiles and partial bundle of size {@code size} (at most the next
     * entry), from the nodes of the tree held, so that a checkpoint of that size can be served.
     */
    private List<TileFile> tilesAt(long size) {
        if (size == next) {
            return builder.partialTiles();
        }
        NodeReader r = builder.nodeReader(tiles);
        List<TileFile> out = new ArrayList<>();
        for (int level = 0; level <= TilePath.MAX_LEVEL && level < 8 && (size >>> (8 * level)) > 0; level++) {
            long hashes = size >>> (8 * level);
            int w = (int) (hashes & 0xff);
            if (w == 0) {
                continue;
            }
            long index = hashes >>> 8;
            ByteArrayOutputStream data = new ByteArrayOutputStream(w * Checkpoint.HASH_SIZE);
            for (int i = 0; i < w; i++) {
                data.writeBytes(r.node(8 * level, index * 256 + i));
            }
            out.add(new TileFile(TilePath.hashTile(level, index, w), data.toByteArray()));
        }
        int w = (int) (size & 0xff);
        if (w > 0) {
            long from = size - w;
            out.add(new TileFile(TilePath.entryBundle(size >>> 8, w),
                    EntryBundle.of(existingEntries(from, size)).encode()));
        }
        return out;
    }

    // ---- sign-subtree (tlog-mirror §"sign-subtree", handled as tlog-witness §"sign-subtree") ----

    /**
     * K18/K19: a subtree/v1 ML-DSA-44 signature line, timestamp 0, for a subtree proven consistent with a
     * checkpoint this mirror signed (so with its own view: K1, K4).
     */
    String signSubtree(SignSubtreeRequest req) {
        try {
            req.note().verify(keys.verifiers());
        } catch (NoteVerificationException e) {
            throw MirrorException.of(403, "sign-subtree.checkpoint: " + e.getMessage() + " (this mirror's keys)");
        }
        Checkpoint cp = req.checkpoint();
        if (req.start() >= req.end() || !Subtree.isValid(req.start(), req.end())) {
            throw MirrorException.of(400, "sign-subtree.subtree: [" + req.start() + ", " + req.end() + ") is not a"
                    + " valid non-empty subtree (draft §\"Definition of a Subtree\")");
        }
        if (req.end() > cp.size()) {
            throw MirrorException.of(400, "sign-subtree.subtree: end " + req.end() + " exceeds the checkpoint size "
                    + cp.size());
        }
        try {
            SubtreeProofs.checkConsistencyProof(SHA256, cp.size(), new Subtree(req.start(), req.end()), req.proof(),
                    req.subtreeHash(), cp.rootHash());
        } catch (MerkleProofException e) {
            throw MirrorException.of(422, "sign-subtree.proof: the subtree consistency proof does not verify: "
                    + e.reason());
        }
        byte[] sig = keys.signSubtree(origin, req.start(), req.end(), req.subtreeHash());
        return new NoteSignature(keys.name(), keys.mlDsaKeyId(), sig).line() + "\n";
    }

    /** Releases the copy's writer exclusion (the store stays open: the mirror's). */
    @Override
    public synchronized void close() {
        storage.close();
    }
}
