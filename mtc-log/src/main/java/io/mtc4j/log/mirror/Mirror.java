package io.mtc4j.log.mirror;

import io.mtc4j.log.http.ServedLogs;
import io.mtc4j.log.storage.LogObjects;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.MtcParseException;
import io.mtc4j.spec.note.NoteSignature;
import io.mtc4j.spec.note.NoteVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
 * directory, updated by {@code add-checkpoint}, {@code add-entries} and cosigned through {@code sign-subtree}. Its
 * copies are {@link ServedLogs} named by origin hash, for {@link io.mtc4j.log.http.LogServer}; {@link MirrorServer}
 * puts the three endpoints in front. Thread-safe: requests for one log are serialized where they change state.
 *
 * <p>Directory layout: {@code DIR/logs/<origin hash>/0/} the copy (served at {@code <prefix>/<origin hash>/}),
 * {@code DIR/state/<origin hash>} the pending checkpoints and next entry, {@code DIR/keys/} the keys.
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

    private final Path dir;
    private final MirrorKeys keys;
    private final Tickets tickets;
    private final Function<String, List<NoteVerifier>> trusted;
    private final ConcurrentHashMap<String, MirroredLog> byOrigin = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, MirroredLog> byHash = new ConcurrentHashMap<>();
    private boolean closed;

    private Mirror(Path dir, MirrorKeys keys, Function<String, List<NoteVerifier>> trusted) {
        this.dir = dir;
        this.keys = keys;
        this.tickets = new Tickets(keys.ticketSecret());
        this.trusted = trusted;
    }

    /**
     * Opens the mirror in {@code dir} for the logs of {@code logs} (origin to the log's verifier keys).
     *
     * @param dir  the mirror's directory
     * @param keys the mirror's keys
     * @param logs the logs mirrored: origin to its log verifier keys
     * @return the mirror
     * @throws IOException if the state cannot be read
     */
    public static Mirror open(Path dir, MirrorKeys keys, Map<String, List<NoteVerifier>> logs) throws IOException {
        Map<String, List<NoteVerifier>> copy = Map.copyOf(logs);
        return open(dir, keys, origin -> copy.getOrDefault(origin, List.of()));
    }

    /**
     * Opens the mirror in {@code dir}, mirroring every origin for which {@code trusted} names log verifier keys
     * (an empty list: not a log this mirror knows, 404). The copy of an origin is opened (its writer lock taken,
     * its state recovered) when the mirror starts if it has state in {@code dir}, else on the first request for it.
     *
     * @param dir     the mirror's directory
     * @param keys    the mirror's keys
     * @param trusted the log verifier keys of an origin
     * @return the mirror
     * @throws IOException if the state cannot be read
     */
    public static Mirror open(Path dir, MirrorKeys keys, Function<String, List<NoteVerifier>> trusted)
            throws IOException {
        Mirror m = new Mirror(dir.toAbsolutePath(), Objects.requireNonNull(keys, "keys"),
                Objects.requireNonNull(trusted, "trusted"));
        try {
            for (String origin : MirroredLog.recordedOrigins(m.dir)) {
                if (trusted.apply(origin).isEmpty()) {
                    LOG.log(System.Logger.Level.WARNING, "mirror.skip origin={0} reason=no-trusted-key", origin);
                } else {
                    m.open(origin);
                }
            }
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
        return m;
    }

    private synchronized MirroredLog open(String origin) throws IOException {
        MirroredLog l = byOrigin.get(origin);
        if (l != null) {
            return l;
        }
        if (closed) {
            throw new IllegalStateException("the mirror is closed");
        }
        l = MirroredLog.open(dir, origin, trusted.apply(origin), keys, tickets);
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
        try {
            return open(origin);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("opening the copy of " + origin, e);
        }
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

    /** Releases every copy's writer lock. */
    @Override
    public synchronized void close() {
        closed = true;
        List<RuntimeException> errors = new ArrayList<>();
        for (MirroredLog l : byOrigin.values()) {
            try {
                l.close();
            } catch (RuntimeException e) {
                errors.add(e);
            }
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
