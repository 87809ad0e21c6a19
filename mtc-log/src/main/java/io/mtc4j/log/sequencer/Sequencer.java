package io.mtc4j.log.sequencer;

import io.mtc4j.log.storage.LogStorage;
import io.mtc4j.log.storage.LogStorageException;
import io.mtc4j.log.storage.SequencingState;
import io.mtc4j.log.storage.StagedBatch;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.NodeReader;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.SignedNote;
import io.mtc4j.spec.tiles.TileBuilder;
import io.mtc4j.spec.tiles.TileFile;
import io.mtc4j.spec.tiles.TileNodeReader;
import io.mtc4j.spec.tiles.TileSource;
import java.lang.System.Logger.Level;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The single writer of one issuance log: assigns consecutive indices to batches of MTCLogEntry values, writes
 * their entry bundles and hash tiles (full and partial, C2SP tlog-tiles) through {@link LogStorage}, computes the
 * new root, signs the checkpoint (tlog-checkpoint; the CA cosigner's ML-DSA-44 {@code subtree/v1} signature
 * that mtc-tlog requires, plus any other configured signer) and publishes it.
 *
 * <h2>Crash safety</h2>
 * Let the storage hold the committed checkpoint of size {@code s} and root {@code r = MTH(D[0:s])}. One
 * {@link #append} of a batch {@code B} of {@code n} entries goes through these steps; a crash (kill -9, power
 * loss) may stop it between any two, and the next {@link #open} recovers:
 * <ol>
 *   <li>Every entry is checked (size, MTCLogEntry syntax, type, extensions) and the log's capacity too. A bad
 *       entry refuses the whole batch with an {@link InvalidEntryException}; nothing has been written.</li>
 *   <li>In memory only: the tiles of size {@code s + n} are computed from the tiles of size {@code s} and
 *       {@code B} (a {@link TileBuilder} resumed from storage and checked against {@code r} at open), the root
 *       {@code r' = MTH(D[0:s] ‖ B)}, and the checkpoint {@code (origin, s + n, r')} is signed. A crash here
 *       leaves the storage as it was: the append did not return, so nothing acknowledged is lost.</li>
 *   <li>{@link LogStorage#stage}: {@code B} becomes durable, bound to indices {@code [s, s + n)}. From now on
 *       those indices hold {@code B} and nothing else: recovery always finishes a staged batch and never discards
 *       it (some of its tiles may already be visible). A crash before this step is durable leaves no batch.</li>
 *   <li>{@link LogStorage#writeTiles}: every tile and bundle of size {@code s + n}. Their bytes are a function of
 *       {@code D[0:s]} and {@code B} alone (tlog-tiles fixes them), so a crash in the middle leaves tiles that
 *       recovery writes again with the same bytes (a no-op), never different ones. No checkpoint refers to them
 *       yet, and a client fetches only tiles a checkpoint proves (tlog-tiles), so nothing visible is
 *       inconsistent.</li>
 *   <li>{@link LogStorage#commit}: atomically, the checkpoint of {@code s + n} is published and the batch is
 *       no longer staged. A crash before: recovery finds {@code B} staged at {@code s} and repeats steps 2, 4
 *       and 5 with the same entries, hence the same tiles and root (possibly a new signature over the same
 *       checkpoint text, published only once: the earlier one never was). A crash after: the batch is committed
 *       and recovery has nothing to do.</li>
 *   <li>{@code append} returns. The checkpoint covering {@code B} is durable, so an append that returned is
 *       never lost.</li>
 * </ol>
 * Hence every published checkpoint has a size {@code t} and the root {@code MTH(D[0:t])} of the one sequence
 * {@code D} fixed batch by batch at step 3: two checkpoints of one size never differ in root, and each is
 * consistent with every earlier one (tlog-checkpoint; MTC-NOTES L6). The storage enforces the same rules itself:
 * {@code commit} is a compare-and-swap on the size and refuses a second root for a size, and tiles are written
 * once. {@code append} hands steps 2 (signing) to 5 to the storage in one call
 * ({@link LogStorage#appendBatch(StagedBatch, List, byte[], java.util.function.Supplier)}), which may overlap them
 * while keeping their order of visibility: the local directory makes step 3 one synced write-ahead record that
 * also holds the signed checkpoint, after which {@code append} returns; steps 4 and 5 follow off the caller's
 * thread (tiles synced and renamed into place, their directories synced, then the checkpoint published), and
 * recovery re-creates them from the record (see {@code LocalDirectoryStorage}). Until then this sequencer's
 * {@link #nodeReader} and the storage's own reads already see the batch; {@link #publishAppended} waits until
 * the directory shows it too.
 *
 * <p>If a step fails with an exception (not a crash), {@code append} throws and the sequencer tries at once to
 * finish the staged batch as recovery would; the entries may thus be in the log although {@code append} threw.
 * If that fails too, the sequencer refuses further appends: reopen the storage and the sequencer.
 *
 * <p>Thread-safe: appends are serialized. Logs through {@link System.Logger}; never logs keys or entries.
 */
public final class Sequencer {
    private static final System.Logger LOG = System.getLogger(Sequencer.class.getName());
    private static final HashFunction SHA256 = HashFunction.sha256();
    /** An issuance log holds at most 2^48-1 entries (draft §"Issuance Logs"). */
    public static final long MAX_SIZE = (1L << 48) - 1;

    private final LogStorage storage;
    private final SequencerConfig config;
    private final String origin;
    private TileBuilder builder;
    private long size;
    private byte[] root;
    private byte[] checkpoint;
    private String failed; // why appends are refused, or null

    private Sequencer(LogStorage storage, SequencerConfig config) {
        this.storage = storage;
        this.config = config;
        this.origin = config.origin();
    }

    /** The result of an append: the indices assigned, {@code [start, end)}, and the checkpoint that covers them. */
    public record Appended(long start, long end, byte[] checkpoint) {
        /** Copies {@code checkpoint}. */
        public Appended {
            checkpoint = checkpoint.clone();
        }

        /** The signed checkpoint note, as published. */
        @Override
        public byte[] checkpoint() {
            return checkpoint.clone();
        }

        /** The number of entries appended. */
        public int count() {
            return (int) (end - start);
        }
    }

    /**
     * Opens the sequencer of the log in {@code storage} (a writer the caller owns and closes) and recovers: checks
     * the tiles of the committed size against the published root and origin, finishes a staged batch, and
     * publishes the checkpoint of the empty tree if the log has none.
     *
     * @throws LogStorageException if the storage's log is not this log or its tiles do not match its checkpoint
     */
    public static Sequencer open(LogStorage storage, SequencerConfig config) {
        Sequencer s = new Sequencer(Objects.requireNonNull(storage, "storage"), Objects.requireNonNull(config,
                "config"));
        s.recover();
        return s;
    }

    /** The log's checkpoint origin. */
    public String origin() {
        return origin;
    }

    /** The committed tree size. */
    public synchronized long size() {
        return size;
    }

    /** The published checkpoint (a signed note). */
    public synchronized byte[] checkpoint() {
        return checkpoint.clone();
    }

    /**
     * A reader of the tree at the committed size, through the storage's tiles (for inclusion, consistency and
     * subtree proofs). Each call returns a new reader; a reader is not thread-safe.
     */
    public synchronized NodeReader nodeReader() {
        return new TileNodeReader(SHA256, size, tiles());
    }

    private TileSource tiles() {
        return path -> storage.read(path.path());
    }

    /**
     * Publishes every batch appended so far to the storage's readers ({@link LogStorage#publishAppended}): when
     * this returns, the published checkpoint has the committed size and its tiles are durably in place. Appends
     * do not wait for this (an append is acknowledged once durable); call it before another process or a static
     * server must see what was just appended.
     *
     * @throws LogStorageException if the storage failed
     */
    public void publishAppended() {
        storage.publishAppended();
    }

    /**
     * Appends {@code entries} (encoded MTCLogEntry values, in the configured profile) at consecutive indices and
     * publishes a checkpoint covering them; see the class comment for the steps and the crash argument.
     *
     * @return the indices assigned and the checkpoint published
     * @throws IllegalArgumentException if {@code entries} is empty
     * @throws InvalidEntryException    if an entry is refused; nothing was written
     * @throws LogStorageException      if the storage refused or failed (the batch may still be finished)
     */
    public Appended append(List<byte[]> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("append needs at least one entry");
        }
        List<byte[]> batch = new ArrayList<>(entries.size());
        for (byte[] e : entries) {
            batch.add(e.clone());
        }
        // Step 1 depends on no state but the size: concurrent appenders check their entries in parallel, outside
        // the lock, while another batch is being written.
        checkEntries(batch);
        return appendChecked(batch);
    }

    /**
     * {@link #append(List)} for entries a caller already checked with {@link CheckedEntry#check} (e.g. a CA checks
     * each request as it accepts it, in its pending pool): step 1 is not parsed again; each entry's profile and
     * extension types are matched against this log's.
     *
     * @param entries the checked entries, in order
     * @return the indices assigned and the checkpoint published
     * @throws IllegalArgumentException if {@code entries} is empty
     * @throws InvalidEntryException    if an entry was checked for another profile or carries an extension type
     *                                  this log does not accept; nothing was written
     * @throws LogStorageException      if the storage refused or failed (the batch may still be finished)
     */
    public Appended appendEntries(List<CheckedEntry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("append needs at least one entry");
        }
        List<byte[]> batch = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            CheckedEntry e = entries.get(i);
            e.requireAcceptedBy(i, config.profile(), config.extensionTypes());
            batch.add(e.bytes());
        }
        return appendChecked(batch);
    }

    private synchronized Appended appendChecked(List<byte[]> batch) {
        if (failed != null) {
            throw new LogStorageException(origin + ": appends stopped after a failure (" + failed
                    + "); reopen the storage and the sequencer");
        }
        checkCapacity(batch.size());
        StagedBatch staged = new StagedBatch(size, batch);
        try {
            Built b = build(batch, false);
            byte[] cp = storage.appendBatch(staged, b.tiles, b.root, () -> sign(staged.end(), b.root));
            committed(staged.end(), new Built(b.tiles, b.root, cp));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "sequencer.append.failed origin={0} batch={1} error={2}", origin, staged,
                    e.toString());
            try {
                recover();
            } catch (RuntimeException again) {
                failed = again.toString();
                e.addSuppressed(again);
            }
            throw e;
        }
        LOG.log(Level.DEBUG, "sequencer.append origin={0} start={1} end={2}", origin, staged.start(), staged.end());
        return new Appended(staged.start(), staged.end(), checkpoint);
    }

    /** Step 1, the log's capacity (under the lock, with the size). */
    private void checkCapacity(int count) {
        if (count > MAX_SIZE - size) {
            throw new InvalidEntryException((int) (MAX_SIZE - size), InvalidEntryException.Rule.LOG_FULL,
                    "the log holds " + size + " of at most 2^48-1 entries", null);
        }
    }

    /** Step 1: every entry, before anything is computed or written. */
    private void checkEntries(List<byte[]> batch) {
        // Parsing dominates; entries are independent, so they are checked in parallel and the lowest bad index wins.
        Optional<InvalidEntryException> bad = IntStream.range(0, batch.size()).parallel()
                .mapToObj(i -> checkEntry(i, batch.get(i))).flatMap(Optional::stream).findFirst();
        if (bad.isPresent()) {
            throw bad.get();
        }
    }

    private Optional<InvalidEntryException> checkEntry(int i, byte[] e) {
        try {
            checkEntry(i, e, config.profile(), config.extensionTypes());
            return Optional.empty();
        } catch (InvalidEntryException ex) {
            return Optional.of(ex);
        }
    }

    /**
     * The entry rules of step 1, for whoever accepts entries ahead of the sequencer (a pending pool): refuses
     * entry {@code i} if it is over 65,535 bytes, not an MTCLogEntry of {@code profile}, of a type other than
     * null_entry and tbs_cert_entry, or carries an extension type outside {@code extensionTypes}.
     *
     * @param i              the entry's index within its batch (named in the error)
     * @param e              the encoded entry
     * @param profile        the MTCLogEntry layout
     * @param extensionTypes the entry extension types accepted
     * @throws InvalidEntryException naming the entry's index and the rule
     */
    public static void checkEntry(int i, byte[] e, Profile profile, Set<Integer> extensionTypes) {
        parseEntry(i, e, profile, extensionTypes);
    }

    /** {@link #checkEntry(int, byte[], Profile, Set)}, returning the entry parsed. */
    static MtcLogEntry parseEntry(int i, byte[] e, Profile profile, Set<Integer> extensionTypes) {
        if (e.length > MtcLogEntry.MAX_SIZE) {
            throw new InvalidEntryException(i, InvalidEntryException.Rule.TOO_LARGE, e.length
                    + " bytes; an MTCLogEntry is at most 65,535 (draft §Log Entries)", null);
        }
        MtcLogEntry parsed;
        try {
            parsed = MtcLogEntry.parse(profile, e);
        } catch (MtcException ex) {
            throw new InvalidEntryException(i, InvalidEntryException.Rule.MALFORMED, "not an MTCLogEntry in "
                    + profile + ": " + ex.getMessage(), ex);
        }
        if (parsed.type() != MtcLogEntry.NULL_ENTRY && parsed.type() != MtcLogEntry.TBS_CERT_ENTRY) {
            throw new InvalidEntryException(i, InvalidEntryException.Rule.UNKNOWN_TYPE, "type " + parsed.type()
                    + " is neither null_entry(0) nor tbs_cert_entry(1) (draft §Log Entries)", null);
        }
        CheckedEntry.checkExtensionTypes(i, parsed, extensionTypes);
        return parsed;
    }

    /** Tiles, root and signed checkpoint of the tree extended by {@code batch}. */
    private record Built(List<TileFile> tiles, byte[] root, byte[] checkpoint) {}

    /**
     * Step 2: computes, in memory, what the storage must hold once {@code entries} are appended: tiles and root,
     * and the signed checkpoint if {@code signed} (otherwise the storage signs through {@link #sign} while it
     * writes).
     */
    private Built build(List<byte[]> entries, boolean signed) {
        List<TileFile> tiles = new ArrayList<>();
        for (byte[] e : entries) {
            tiles.addAll(builder.appendEntry(e));
        }
        tiles.addAll(builder.partialTiles());
        byte[] newRoot = builder.rootHash();
        return new Built(tiles, newRoot, signed ? sign(builder.size(), newRoot) : new byte[0]);
    }

    private byte[] sign(long treeSize, byte[] rootHash) {
        String text = new Checkpoint(origin, treeSize, rootHash).format();
        return SignedNote.sign(text, config.signers()).bytes();
    }

    private void committed(long newSize, Built b) {
        size = newSize;
        root = b.root;
        checkpoint = b.checkpoint;
    }

    /**
     * Recovery: resumes the tiles of the committed size and checks them against the published checkpoint, finishes
     * the staged batch (steps 2, 4, 5), and publishes a checkpoint for an empty log that has none.
     */
    private void recover() {
        SequencingState st = storage.state();
        Optional<byte[]> published = storage.read("checkpoint");
        if (published.isPresent()) {
            Checkpoint c;
            try {
                c = Checkpoint.parse(SignedNote.parse(published.get()).text());
            } catch (MtcException e) {
                throw new LogStorageException(origin + ": the published checkpoint does not parse: " + e.getMessage(),
                        e);
            }
            if (!c.origin().equals(origin)) {
                throw new LogStorageException("the storage holds the log " + c.origin() + ", not " + origin);
            }
        }
        TileBuilder b;
        try {
            b = st.size() == 0 ? new TileBuilder(SHA256) : TileBuilder.resume(SHA256, st.size(), true, tiles());
        } catch (MtcException e) {
            throw new LogStorageException(origin + ": the tiles of size " + st.size() + " cannot be read: "
                    + e.getMessage(), e);
        }
        if (!MessageDigest.isEqual(b.rootHash(), st.rootHash())) {
            throw new LogStorageException(origin + ": the tiles of size " + st.size()
                    + " do not hash to the published root");
        }
        builder = b;
        size = st.size();
        root = st.rootHash();
        checkpoint = published.orElse(null);
        if (st.staged().isPresent()) {
            StagedBatch batch = st.staged().get();
            Built built = build(batch.entries(), true);
            storage.writeTiles(built.tiles);
            storage.commit(batch.start(), batch.end(), built.root, built.checkpoint);
            committed(batch.end(), built);
            LOG.log(Level.INFO, "sequencer.recover.finished origin={0} batch={1}", origin, batch);
        } else if (checkpoint == null) {
            byte[] cp = sign(0, root);
            storage.commit(0, 0, root, cp);
            checkpoint = cp;
            LOG.log(Level.INFO, "sequencer.created origin={0}", origin);
        }
        LOG.log(Level.INFO, "sequencer.open origin={0} size={1}", origin, size);
    }

    @Override
    public String toString() {
        return "Sequencer[" + origin + "]";
    }
}
