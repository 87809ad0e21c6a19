package io.mtc4j.log.fsck;

import io.mtc4j.log.storage.LogObjects;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.landmark.LandmarkList;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.NoteSignature;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.note.SignedNote;
import io.mtc4j.spec.tai.TrustAnchorId;
import io.mtc4j.spec.tiles.EntryBundle;
import io.mtc4j.spec.tiles.TileBuilder;
import io.mtc4j.spec.tiles.TileFile;
import io.mtc4j.spec.tiles.TilePath;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks a whole issuance log as a tlog-tiles client sees it, through {@link LogObjects} (a directory, or a URL
 * through the log client): the checkpoint's syntax, origin and signatures; every entry bundle, every entry
 * parsed as an MTCLogEntry; every full and partial hash tile recomputed from the entries and compared byte for
 * byte; the root against the checkpoint; the landmarks file; and, given earlier checkpoints of the log, that each
 * is consistent with the current one (same origin, size not above, root equal to the tree hash of that prefix).
 *
 * <p>When verifiers are given, the tree is checked only against a checkpoint they verify: tlog-tiles forbids
 * fetching partial tiles for an unverified checkpoint, and an unverified root proves nothing, so a signature
 * finding ends the check (the report then counts 0 entries checked).
 *
 * <p>Reads only what the checkpoint proves (tlog-tiles: the partial tiles of its size and no others), each object
 * once (a partial tile or bundle that is gone is replaced by the prefix of the full one, as tlog-tiles lets a
 * client do: a log may delete a partial tile once the full tile exists, so a log that grows during the check
 * is no finding), in index order, with memory bounded by one bundle and the tile builder's right edge. Immutable and
 * thread-safe; {@code with*} methods return copies.
 */
public final class LogFsck {
    private static final HashFunction SHA256 = HashFunction.sha256();
    /** Findings listed per kind before the rest are only counted. */
    static final int MAX_PER_KIND = 100;

    private final Profile profile;
    private final List<NoteVerifier> verifiers;
    private final Optional<String> origin;
    private final List<byte[]> earlier;

    private LogFsck(Profile profile, List<NoteVerifier> verifiers, Optional<String> origin, List<byte[]> earlier) {
        this.profile = profile;
        this.verifiers = verifiers;
        this.origin = origin;
        this.earlier = earlier;
    }

    /**
     * A checker for logs whose entries follow {@code profile}, whose checkpoint must carry a valid signature by
     * every one of {@code verifiers} (none: signatures are not checked, and the report says so).
     */
    public static LogFsck of(Profile profile, List<? extends NoteVerifier> verifiers) {
        return new LogFsck(Objects.requireNonNull(profile, "profile"), List.copyOf(verifiers), Optional.empty(),
                List.of());
    }

    /** The same checker, also requiring the checkpoint origin {@code origin}. */
    public LogFsck withOrigin(String origin) {
        return new LogFsck(profile, verifiers, Optional.of(origin), earlier);
    }

    /**
     * The same checker, also checking that each of {@code checkpoints} (signed notes seen earlier from this log)
     * is consistent with the current checkpoint.
     */
    public LogFsck withEarlierCheckpoints(List<byte[]> checkpoints) {
        List<byte[]> copy = new ArrayList<>();
        checkpoints.forEach(c -> copy.add(c.clone()));
        return new LogFsck(profile, verifiers, origin, List.copyOf(copy));
    }

    /** Checks {@code log} without progress reports. */
    public FsckReport check(LogObjects log) {
        return check(log, FsckProgress.NONE);
    }

    /** Checks {@code log}, reporting progress after each entry bundle. Never throws for a broken log. */
    public FsckReport check(LogObjects log, FsckProgress progress) {
        return new Run(log, progress).run();
    }

    /** One check of one log. */
    private final class Run {
        private final LogObjects log;
        private final FsckProgress progress;
        private final List<Finding> findings = new ArrayList<>();
        private final Map<Finding.Kind, Integer> counts = new EnumMap<>(Finding.Kind.class);
        private boolean signaturesChecked;
        /** A configured verifier did not verify the current checkpoint. */
        private boolean currentUnverified;
        private boolean lastReadFailed;

        Run(LogObjects log, FsckProgress progress) {
            this.log = log;
            this.progress = progress;
        }

        FsckReport run() {
            // Landmarks first: a log publishes them after the checkpoint that covers them.
            Optional<byte[]> landmarks = read("landmarks");
            Optional<byte[]> note = read("checkpoint");
            if (note.isEmpty()) {
                if (!lastReadFailed) {
                    add(Finding.Kind.CHECKPOINT_MISSING, "checkpoint", "the log serves no checkpoint");
                }
                return report(Optional.empty(), 0);
            }
            Optional<Checkpoint> cp = parseCheckpoint("checkpoint", note.get(), true);
            if (cp.isEmpty()) {
                return report(cp, 0);
            }
            Checkpoint c = cp.get();
            checkOrigin(c);
            if (currentUnverified) {
                return report(cp, 0); // tlog-tiles §"Partial Tiles": no partial tile for an unverified checkpoint
            }
            landmarks.ifPresent(l -> checkLandmarks(l, c.size()));
            TreeMap<Long, List<byte[]>> earlierRoots = earlierCheckpoints(c);
            long checked = checkTree(c, earlierRoots);
            return report(cp, checked);
        }

        private FsckReport report(Optional<Checkpoint> cp, long checked) {
            for (Map.Entry<Finding.Kind, Integer> e : counts.entrySet()) {
                if (e.getValue() > MAX_PER_KIND) {
                    findings.add(new Finding(Finding.Kind.MORE_FINDINGS, "log", (e.getValue() - MAX_PER_KIND)
                            + " more " + e.getKey() + " findings not listed"));
                }
            }
            return new FsckReport(cp, checked, signaturesChecked, findings);
        }

        private void add(Finding.Kind kind, String object, String message) {
            int n = counts.merge(kind, 1, Integer::sum);
            if (n <= MAX_PER_KIND) {
                findings.add(new Finding(kind, object, message));
            }
        }

        /** The object at {@code key}; empty if absent or unreadable ({@link #lastReadFailed} tells which). */
        private Optional<byte[]> read(String key) {
            lastReadFailed = false;
            try {
                return log.read(key);
            } catch (RuntimeException e) {
                lastReadFailed = true;
                add(Finding.Kind.READ_ERROR, key, e.toString());
                return Optional.empty();
            }
        }

        /** signed-note §"Format" and tlog-checkpoint §"Note text"; every configured verifier must have signed. */
        private Optional<Checkpoint> parseCheckpoint(String object, byte[] bytes, boolean current) {
            SignedNote n;
            Checkpoint c;
            try {
                n = SignedNote.parse(bytes);
                c = Checkpoint.parse(n.text());
            } catch (MtcException e) {
                add(Finding.Kind.CHECKPOINT_MALFORMED, object, e.getMessage());
                return Optional.empty();
            }
            if (!verifiers.isEmpty()) {
                signaturesChecked |= current;
                int before = counts.getOrDefault(Finding.Kind.CHECKPOINT_SIGNATURE, 0);
                verifySignatures(object, n);
                currentUnverified |= current && counts.getOrDefault(Finding.Kind.CHECKPOINT_SIGNATURE, 0) > before;
            }
            return Optional.of(c);
        }

        private void verifySignatures(String object, SignedNote n) {
            List<NoteSignature> ok;
            try {
                ok = n.verify(verifiers);
            } catch (MtcException e) {
                add(Finding.Kind.CHECKPOINT_SIGNATURE, object, e.getMessage());
                return;
            }
            for (NoteVerifier v : verifiers) {
                boolean signed = ok.stream().anyMatch(s -> s.keyName().equals(v.name()) && s.keyId() == v.keyId());
                if (!signed) {
                    add(Finding.Kind.CHECKPOINT_SIGNATURE, object, "no signature by " + v.name() + " (key ID "
                            + String.format("%08x", v.keyId()) + ")");
                }
            }
        }

        /** mtc-tlog: the origin is the log ID {@code <CA ID>.0.<log number>} as a tlog name. */
        private void checkOrigin(Checkpoint c) {
            if (origin.isPresent()) {
                if (!origin.get().equals(c.origin())) {
                    add(Finding.Kind.CHECKPOINT_ORIGIN, "checkpoint", "origin '" + c.origin() + "', expected '"
                            + origin.get() + "'");
                }
                return;
            }
            try {
                List<Long> arcs = TrustAnchorId.fromTlogName(c.origin()).components();
                int k = arcs.size();
                if (k < 3 || arcs.get(k - 2) != 0 || arcs.get(k - 1) < 1 || arcs.get(k - 1) > 0xffff) {
                    add(Finding.Kind.CHECKPOINT_ORIGIN, "checkpoint", "origin '" + c.origin()
                            + "' is not oid/1.3.6.1.4.1.<CA ID>.0.<log number 1..65535> (mtc-tlog)");
                }
            } catch (MtcException e) {
                add(Finding.Kind.CHECKPOINT_ORIGIN, "checkpoint", "origin '" + c.origin() + "' is not a log ID: "
                        + e.getMessage());
            }
        }

        /** draft §"Publishing Landmarks": the format rules, and no landmark beyond the checkpoint's size. */
        private void checkLandmarks(byte[] bytes, long treeSize) {
            try {
                LandmarkList.parse(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString(),
                        Long.MAX_VALUE, treeSize);
            } catch (MtcException | IllegalArgumentException | CharacterCodingException e) {
                add(Finding.Kind.LANDMARKS_MALFORMED, "landmarks", e.getMessage());
            }
        }

        /** Earlier checkpoints by size: each must have the current origin and a size not above the current one. */
        private TreeMap<Long, List<byte[]>> earlierCheckpoints(Checkpoint c) {
            TreeMap<Long, List<byte[]>> bySize = new TreeMap<>();
            for (int i = 0; i < earlier.size(); i++) {
                String object = "earlier checkpoint " + i;
                Optional<Checkpoint> e = parseCheckpoint(object, earlier.get(i), false);
                if (e.isEmpty()) {
                    continue;
                }
                Checkpoint ec = e.get();
                if (!ec.origin().equals(c.origin())) {
                    add(Finding.Kind.CHECKPOINT_INCONSISTENT, object, "origin '" + ec.origin() + "' is not '"
                            + c.origin() + "'");
                } else if (Long.compareUnsigned(ec.size(), c.size()) > 0) {
                    add(Finding.Kind.CHECKPOINT_INCONSISTENT, object, "size " + Long.toUnsignedString(ec.size())
                            + " is above the current size " + Long.toUnsignedString(c.size()) + " (a rollback)");
                } else {
                    bySize.computeIfAbsent(ec.size(), k -> new ArrayList<>()).add(ec.rootHash());
                }
            }
            return bySize;
        }

        /**
         * Reads every bundle in order, parses every entry, rebuilds every tile with a {@link TileBuilder} and
         * compares it with the stored one; then the partial tiles and the root. Returns the entries checked.
         */
        private long checkTree(Checkpoint c, TreeMap<Long, List<byte[]>> earlierRoots) {
            long size = c.size();
            TileBuilder b = new TileBuilder(SHA256);
            checkEarlierAt(b, earlierRoots);
            long bundles = (size + TilePath.FULL_WIDTH - 1) / TilePath.FULL_WIDTH;
            for (long k = 0; k < bundles; k++) {
                TilePath p = TilePath.entryBundleFor(k, size);
                Optional<EntryBundle> bundle = readBundle(p);
                if (bundle.isEmpty()) {
                    add(Finding.Kind.ROOT_MISMATCH, "log", "not checked: the check stopped at entry "
                            + b.size() + " of " + size + " (" + p + " unusable)");
                    return b.size();
                }
                for (int i = 0; i < bundle.get().size(); i++) {
                    byte[] e = bundle.get().entry(i);
                    checkEntry(p, b.size(), e);
                    for (TileFile t : b.appendEntry(e)) {
                        if (!t.path().entries()) {
                            compareTile(t);
                        }
                    }
                    checkEarlierAt(b, earlierRoots);
                }
                progress.entriesChecked(b.size(), size);
            }
            for (TileFile t : b.partialTiles()) {
                if (!t.path().entries()) {
                    compareTile(t);
                }
            }
            if (!MessageDigest.isEqual(b.rootHash(), c.rootHash())) {
                add(Finding.Kind.ROOT_MISMATCH, "checkpoint", "the " + size
                        + " entries hash to another root than the checkpoint's (RFC 9162 §2.1.1)");
            }
            return b.size();
        }

        private void checkEarlierAt(TileBuilder b, TreeMap<Long, List<byte[]>> earlierRoots) {
            List<byte[]> roots = earlierRoots.get(b.size());
            if (roots == null) {
                return;
            }
            byte[] r = b.rootHash();
            for (byte[] root : roots) {
                if (!MessageDigest.isEqual(r, root)) {
                    add(Finding.Kind.CHECKPOINT_INCONSISTENT, "log", "an earlier checkpoint of size " + b.size()
                            + " has a root other than the tree hash of the log's first " + b.size()
                            + " entries (a fork)");
                }
            }
        }

        private Optional<EntryBundle> readBundle(TilePath p) {
            Optional<byte[]> data = read(p.path());
            if (data.isEmpty() && !lastReadFailed && p.isPartial()) {
                return readFullFor(p).flatMap(full -> {
                    try {
                        EntryBundle all = EntryBundle.parse(full.path(), full.data());
                        return Optional.of(EntryBundle.of(all.entries().subList(0, p.width())));
                    } catch (MtcException e) {
                        add(Finding.Kind.OBJECT_MALFORMED, full.path().path(), e.getMessage() + " (standing in for "
                                + p + ")");
                        return Optional.empty();
                    }
                });
            }
            if (data.isEmpty()) {
                if (!lastReadFailed) {
                    add(Finding.Kind.OBJECT_MISSING, p.path(), "the checkpoint needs this entry bundle");
                }
                return Optional.empty();
            }
            try {
                return Optional.of(EntryBundle.parse(p, data.get()));
            } catch (MtcException e) {
                add(Finding.Kind.OBJECT_MALFORMED, p.path(), e.getMessage());
                return Optional.empty();
            }
        }

        /**
         * tlog-tiles §"Partial Tiles": partial tile or bundle {@code p} is gone, and a log may delete it once the
         * full one exists, which a client may fetch instead. The full one if it exists; otherwise (or if reading it
         * failed) the finding is added and empty returned.
         */
        private Optional<TileFile> readFullFor(TilePath p) {
            TilePath full = p.entries() ? TilePath.entryBundle(p.index(), TilePath.FULL_WIDTH)
                    : TilePath.hashTile(p.level(), p.index(), TilePath.FULL_WIDTH);
            Optional<byte[]> data = read(full.path());
            if (data.isEmpty() && !lastReadFailed) {
                add(Finding.Kind.OBJECT_MISSING, p.path(), "the checkpoint needs this "
                        + (p.entries() ? "entry bundle" : "hash tile") + ", and the full " + full + " is absent too");
            }
            return data.map(d -> new TileFile(full, d));
        }

        /** draft §"Log Entries": an MTCLogEntry of type null_entry or tbs_cert_entry. */
        private void checkEntry(TilePath bundle, long index, byte[] e) {
            String object = bundle.path() + " entry " + index;
            try {
                MtcLogEntry entry = MtcLogEntry.parse(profile, e);
                if (entry.type() != MtcLogEntry.NULL_ENTRY && entry.type() != MtcLogEntry.TBS_CERT_ENTRY) {
                    add(Finding.Kind.ENTRY_UNKNOWN_TYPE, object, "type " + entry.type()
                            + " is neither null_entry(0) nor tbs_cert_entry(1)");
                }
            } catch (MtcException ex) {
                add(Finding.Kind.ENTRY_MALFORMED, object, ex.getMessage());
            }
        }

        private void compareTile(TileFile expected) {
            String key = expected.path().path();
            Optional<byte[]> got = read(key);
            if (got.isEmpty() && !lastReadFailed && expected.path().isPartial()) {
                Optional<TileFile> full = readFullFor(expected.path());
                if (full.isEmpty()) {
                    return;
                }
                byte[] f = full.get().data();
                if (f.length != TilePath.FULL_WIDTH * SHA256.size()) {
                    add(Finding.Kind.OBJECT_MALFORMED, full.get().path().path(), f.length + " bytes, not 256 x 32 (standing in"
                            + " for " + expected.path() + ")");
                    return;
                }
                key = full.get().path().path() + " (standing in for " + expected.path() + ")";
                got = Optional.of(Arrays.copyOf(f, expected.data().length));
            }
            if (got.isEmpty()) {
                if (!lastReadFailed) {
                    add(Finding.Kind.OBJECT_MISSING, key, "the checkpoint needs this hash tile");
                }
                return;
            }
            byte[] want = expected.data();
            if (got.get().length != want.length) {
                add(Finding.Kind.OBJECT_MALFORMED, key, got.get().length + " bytes, not width "
                        + expected.path().width() + " x 32");
            } else if (!MessageDigest.isEqual(got.get(), want)) {
                add(Finding.Kind.TILE_MISMATCH, key, "differs from the hashes of the entries below it");
            }
        }
    }
}
