package io.mtc4j.log.mirror;

import io.mtc4j.log.http.ServedLogs;
import io.mtc4j.log.storage.LocalDirectoryStore;
import io.mtc4j.log.storage.LogObjects;
import io.mtc4j.log.storage.LogStorage;
import io.mtc4j.log.storage.LogStore;
import io.mtc4j.log.storage.LogStores;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.note.NoteSignature;
import io.mtc4j.spec.note.NoteVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A C2SP tlog-mirror: for each configured log (origin and log verifier keys) a copy kept as a tlog-tiles log in a
 * {@link LogStore}, updated by {@code add-checkpoint}, {@code add-entries} and cosigned through
 * {@code sign-subtree}. Its copies are {@link ServedLogs} named by origin hash, for
 * {@link io.mtc4j.log.http.LogServer}; {@link MirrorServer} puts the three endpoints in front. Thread-safe: requests
 * for one log are serialized where they change state.
 *
 * <p>Storage: one store, the mirror's own, in any back end {@link LogStores#open} knows (a local directory; S3 +
 * PostgreSQL). The copy of origin {@code O} is log {@link #copyNumber(String) copyNumber(O)} of the store (tiles,
 * entry bundles, the mirror checkpoint), served at {@code <prefix>/<hex sha256(O)>/}; its pending checkpoints and
 * next entry are that log's writer state ({@link io.mtc4j.log.storage.LogStorage#writerState}), in the same back
 * end, replaced by a compare-and-swap. So one back end holds everything a restart needs, and the back end's writer
 * exclusion (a directory lock; a leader lease fencing every write) keeps a second mirror process off a copy. The
 * keys are files under {@code DIR/keys/} ({@link MirrorKeys}). {@link #open(Path, MirrorKeys, Function)} keeps the
 * copies in the local directory {@code DIR/logs/}: the copy of {@code O} in {@code DIR/logs/<copy number>/}, its
 * pending state in {@code DIR/logs/.mtc-log/<copy number>/writer-state}.
 */
public final class Mirror implements ServedLogs, AutoCloseable {
    /** The largest add-checkpoint or sign-subtree body read (63 proof lines and a note with many signatures). */
    public static final int MAX_REQUEST_BYTES = 1 << 20;

    /**
     * An answer to {@code add-entries} other than a refusal: 200 with signature lines, or 202 with a
     * {@code text/x.tlog.mirror-info} body.
     *
     * @param status      200 or 202
     * @param contentType the body's media type
     * @param body        the body
     */
    public record Answer(int status, String contentType, byte[] body) {
        /** Copies the body. */
        public Answer {
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    private static final System.Logger LOG = System.getLogger(Mirror.class.getName());

    private final LogStore store;
    private final MirrorKeys keys;
    private final Tickets tickets;
    private final Function<String, List<NoteVerifier>> trusted;
    private final ConcurrentHashMap<String, MirroredLog> byOrigin = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, MirroredLog> byHash = new ConcurrentHashMap<>();
    private boolean closed;

    private Mirror(LogStore store, MirrorKeys keys, Function<String, List<NoteVerifier>> trusted) {
        this.store = store;
        this.keys = keys;
        this.tickets = new Tickets(keys.ticketSecret());
        this.trusted = trusted;
    }

    /**
     * Opens the mirror with its copies in the local directory {@code dir/logs/} for the logs of {@code logs}
     * (origin to the log's verifier keys).
     *
     * @param dir  the mirror's directory
     * @param keys the mirror's keys
     * @param logs the logs mirrored: origin to its log verifier keys
     * @return the mirror
     * @throws IOException if the directory cannot be read
     */
    public static Mirror open(Path dir, MirrorKeys keys, Map<String, List<NoteVerifier>> logs) throws IOException {
        Map<String, List<NoteVerifier>> copy = Map.copyOf(logs);
        return open(dir, keys, origin -> copy.getOrDefault(origin, List.of()));
    }

    /**
     * Opens the mirror with its copies in the local directory {@code dir/logs/} (see the class comment), as
     * {@link #open(LogStore, MirrorKeys, Function)} does.
     *
     * @param dir     the mirror's directory
     * @param keys    the mirror's keys
     * @param trusted the log verifier keys of an origin
     * @return the mirror
     * @throws IOException if the directory cannot be read
     * @throws IllegalStateException if {@code dir} holds copies in the layout of an earlier mtc4j mirror
     */
    public static Mirror open(Path dir, MirrorKeys keys, Function<String, List<NoteVerifier>> trusted)
            throws IOException {
        Path abs = dir.toAbsolutePath();
        Path legacy = abs.resolve("state");
        if (Files.isDirectory(legacy)) {
            try (var files = Files.list(legacy)) {
                if (files.findAny().isPresent()) {
                    throw new IllegalStateException(legacy + " holds pending states in the layout of an earlier mtc4j"
                            + " mirror (DIR/logs/<origin hash>/0/, DIR/state/<origin hash>), which this one does not"
                            + " read: serve that directory with the mtc4j that wrote it, or start a new mirror"
                            + " directory");
                }
            }
        }
        return open(LocalDirectoryStore.open(abs.resolve("logs")), keys, trusted);
    }

    /**
     * Opens the mirror on {@code store}, the mirror's own (it holds nothing but copies), mirroring every origin for
     * which {@code trusted} names log verifier keys (an empty list: not a log this mirror knows, 404). Every copy in
     * the store with a pending state is opened (its writer exclusion taken, its state recovered) now; a copy not yet
     * in the store, on the first request for it. The mirror closes {@code store} when it closes (also when this
     * fails).
     *
     * @param store   where the copies and their pending states are kept
     * @param keys    the mirror's keys
     * @param trusted the log verifier keys of an origin
     * @return the mirror
     * @throws io.mtc4j.log.storage.LogStorageException if the store cannot be read, or a copy's writer exclusion is
     *     held by another process
     * @throws IllegalStateException if the store holds a log that is not a copy of the origin it is numbered for
     */
    public static Mirror open(LogStore store, MirrorKeys keys, Function<String, List<NoteVerifier>> trusted) {
        Objects.requireNonNull(store, "store");
        Mirror m;
        try {
            m = new Mirror(store, Objects.requireNonNull(keys, "keys"), Objects.requireNonNull(trusted, "trusted"));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        try {
            for (long n : store.logNumbers()) {
                m.openRecorded(n);
            }
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        return m;
    }

    /** Opens log {@code n} of the store if it holds a pending state of a trusted origin numbered {@code n}. */
    private synchronized void openRecorded(long n) {
        LogStorage storage = store.openWriter(n);
        try {
            Optional<String> origin = MirroredLog.recordedOrigin(storage);
            if (origin.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "mirror.skip copy={0} reason=no-pending-state", Long.toString(n));
                storage.close();
                return;
            }
            if (MirroredLog.copyNumber(origin.get()) != n) {
                throw new IllegalStateException("log " + n + " of " + store + " holds the pending state of "
                        + origin.get() + ", whose copy number is " + MirroredLog.copyNumber(origin.get())
                        + ": not a mirror's copy");
            }
            if (trusted.apply(origin.get()).isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "mirror.skip origin={0} reason=no-trusted-key", origin.get());
                storage.close();
                return;
            }
            MirroredLog l = MirroredLog.open(storage, origin.get(), trusted.apply(origin.get()), keys, tickets);
            byOrigin.put(origin.get(), l);
            byHash.put(l.originHashHex(), l);
        } catch (RuntimeException e) {
            storage.close(); // idempotent: MirroredLog.open closes it on failure too
            throw e;
        }
    }

    private synchronized MirroredLog open(String origin) {
        MirroredLog l = byOrigin.get(origin);
        if (l != null) {
            return l;
        }
        if (closed) {
            throw new IllegalStateException("the mirror is closed");
        }
        l = MirroredLog.open(store, origin, trusted.apply(origin), keys, tickets);
        byOrigin.put(origin, l);
        byHash.put(l.originHashHex(), l);
        return l;
    }

    /**
     * The mirror's keys.
     *
     * @return the keys
     */
    public MirrorKeys keys() {
        return keys;
    }

    /**
     * The origins mirrored.
     *
     * @return the origins, in configuration order
     */
    public List<String> origins() {
        return byOrigin.keySet().stream().sorted().toList();
    }

    /**
     * tlog-mirror: the path segment of {@code origin}'s copy, {@code hex(SHA-256(origin))}.
     *
     * @param origin the log origin
     * @return the lowercase hex hash
     */
    public static String originHash(String origin) {
        return MirroredLog.originHash(origin);
    }

    /**
     * The log number of {@code origin}'s copy in the mirror's store: the first 8 bytes of SHA-256(origin),
     * big-endian, shifted right by one bit (where to find the copy in the store: {@code DIR/logs/<N>/} of a local
     * directory, {@code <prefix><N>/} of a bucket).
     *
     * @param origin the log origin
     * @return the copy's log number, 0 to 2^63-1
     */
    public static long copyNumber(String origin) {
        return MirroredLog.copyNumber(origin);
    }

    /**
     * The copy of {@code origin}.
     *
     * @param origin the log origin
     * @return its tlog-tiles objects, or empty when not mirrored
     */
    public Optional<LogObjects> copy(String origin) {
        return Optional.ofNullable(byOrigin.get(origin)).map(MirroredLog::objects);
    }

    @Override
    public List<String> names() {
        return byHash.keySet().stream().sorted().toList();
    }

    @Override
    public Optional<LogObjects> objects(String name) {
        return Optional.ofNullable(byHash.get(name)).map(MirroredLog::objects);
    }

    private MirroredLog log(String origin) {
        MirroredLog l = byOrigin.get(origin);
        if (l != null) {
            return l;
        }
        if (trusted.apply(origin).isEmpty()) {
            throw MirrorException.of(404, "origin: " + origin + " is not a log this mirror knows");
        }
        return open(origin);
    }

    /**
     * {@code POST <prefix>/add-checkpoint} (tlog-mirror §"add-checkpoint"): updates the pending checkpoint; the
     * answer is 200 with an empty body.
     *
     * @param body the request body
     * @throws MirrorException with the spec's status (404, 403, 400, 409, 422)
     */
    public void addCheckpoint(byte[] body) {
        AddCheckpointRequest req;
        try {
            req = AddCheckpointRequest.parse(body);
        } catch (MtcException e) {
            throw MirrorException.of(400, e.getMessage());
        }
        log(req.checkpoint().origin()).addCheckpoint(req);
    }

    /**
     * {@code POST <prefix>/sign-subtree} (tlog-mirror §"sign-subtree").
     *
     * @param body the request body
     * @return the signature line(s)
     * @throws MirrorException with the spec's status (400, 404, 403, 422)
     */
    public byte[] signSubtree(byte[] body) {
        SignSubtreeRequest req;
        try {
            req = SignSubtreeRequest.parse(body);
        } catch (MtcException e) {
            throw MirrorException.of(400, e.getMessage());
        }
        return log(req.checkpoint().origin()).signSubtree(req).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code POST <prefix>/add-entries} (tlog-mirror §"add-entries", §"Processing"), reading the body as a stream:
     * the header checks, then each package in turn, authenticated and made durable before the next is read; the
     * mirror checkpoint advances and is signed once all packages are in.
     *
     * @param body the request body (already gunzipped)
     * @return 200 with the mirror's cosignature lines, or 202 with the advanced next entry
     * @throws MirrorException with the spec's status (404, 422, 409, 400)
     */
    public Answer addEntries(InputStream body) {
        AddEntries.Header h;
        try {
            h = AddEntries.Header.read(body);
        } catch (MtcParseException e) {
            throw MirrorException.of(400, e.getMessage());
        } catch (IOException e) {
            throw MirrorException.of(400, "add-entries: the body could not be read: " + e.getMessage());
        }
        MirroredLog log = log(h.origin());
        MirroredLog.Upload upload = log.beginUpload(h);
        long count = AddEntries.packageCount(h.uploadStart(), h.uploadEnd());
        long saved = 0;
        for (int i = 0; i < count; i++) {
            AddEntries.Span span = AddEntries.span(h.uploadStart(), h.uploadEnd(), i);
            AddEntries.Package pkg;
            try {
                pkg = AddEntries.readPackage(body, span);
            } catch (MtcParseException e) {
                throw MirrorException.of(400, e.getMessage());
            } catch (IOException e) {
                break; // truncated or interrupted: the partial bytes are discarded
            }
            if (pkg == null) {
                break;
            }
            log.processPackage(upload, span, pkg);
            saved++;
        }
        if (saved < count) {
            if (saved == 0) {
                throw MirrorException.of(400, "add-entries: the body ended before the first entry package of ["
                        + h.uploadStart() + ", " + h.uploadEnd() + ") was complete");
            }
            return new Answer(202, MirrorInfo.CONTENT_TYPE, log.info(upload.target()).format());
        }
        try {
            if (body.read() >= 0) {
                throw MirrorException.of(400, "add-entries: bytes after the last package of the canonical sequence");
            }
        } catch (IOException e) {
            // the stream broke after the last package: all of it was read
        }
        List<NoteSignature> sigs = log.finishUpload(upload);
        StringBuilder b = new StringBuilder();
        sigs.forEach(s -> b.append(s.line()).append('\n'));
        return new Answer(200, "text/plain; charset=utf-8", b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The next entry and mirror checkpoint size of each log, for the health answer.
     *
     * @return per origin: {@code [mirror size, next entry]}
     */
    public Map<String, long[]> progress() {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String o : origins()) {
            MirroredLog l = byOrigin.get(o);
            out.put(o, new long[] {l.mirrorSize(), l.nextEntry()});
        }
        return out;
    }

    /** Releases every copy's writer exclusion, then closes the store. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<RuntimeException> errors = new ArrayList<>();
        for (MirroredLog l : byOrigin.values()) {
            try {
                l.close();
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        try {
            store.close();
        } catch (RuntimeException e) {
            errors.add(e);
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
    }

    @Override
    public String toString() {
        return "Mirror[" + keys.name() + ", " + byOrigin.size() + " logs open]";
    }
}
