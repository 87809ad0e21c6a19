package io.mtc4j.log.http;

import io.mtc4j.log.storage.LogObjects;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.NoteSignature;
import io.mtc4j.spec.note.SignedNote;
import io.mtc4j.spec.tiles.EntryBundle;
import io.mtc4j.spec.tiles.TilePath;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Routes GET and HEAD requests to the logs of a {@link LogStore} as C2SP tlog-tiles and mtc-tlog lay them out
 * under the CA prefix: {@code <prefix>/<log number>/checkpoint}, {@code …/landmarks}, {@code …/tile/<L>/<N>[.p/<W>]}
 * and {@code …/tile/entries/<N>[.p/<W>]}, and the {@link io.mtc4j.log.storage.CompanionKeys companion objects}
 * published beside them; plus the health and metrics endpoints outside the prefix.
 *
 * <p>A cached immutable object is answered on the calling (network) thread without allocation beyond the buffer
 * view; everything that reads storage, and the one-time gzip of a cached bundle, runs on the server's thread pool. At most
 * {@link LogServerConfig#maxConcurrentRequests()} requests are in progress; one more gets 429 with
 * {@code Retry-After}.
 */
final class LogHandler extends Handler.Abstract.NonBlocking {
    /** Called on a pool thread after a storage-reading request is admitted, before it reads (tests hold it). */
    interface Hook {
        void admitted(String path) throws InterruptedException;
    }

    static final Hook NO_HOOK = path -> { };

    /** mtc-tlog §"Serving Issuance Logs" names no hash size but SHA-256: tiles hold 32-byte hashes. */
    private static final int HASH_SIZE = 32;
    /** tlog-cosignature subtree/v1 with ML-DSA-44: u64 timestamp then a 2420-byte signature. */
    private static final int SUBTREE_V1_MLDSA44_LENGTH = 8 + 2420;

    private static final HttpField OCTET_STREAM =
            new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/octet-stream");
    private static final HttpField TEXT_UTF8 =
            new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    private static final HttpField JSON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
    private static final HttpField PROMETHEUS =
            new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
    /** tlog-tiles: tiles and bundles are immutable, "caching headers SHOULD be long-lived" (partial ones too). */
    private static final HttpField IMMUTABLE =
            new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "public, max-age=31536000, immutable");
    private static final HttpField NO_STORE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store");
    private static final HttpField NO_CACHE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-cache");
    private static final HttpField GZIP = new PreEncodedHttpField(HttpHeader.CONTENT_ENCODING, "gzip");
    private static final HttpField VARY = new PreEncodedHttpField(HttpHeader.VARY, "Accept-Encoding");
    private static final HttpField ALLOW = new PreEncodedHttpField(HttpHeader.ALLOW, "GET, HEAD");

    private final ServedLogs store;
    private final LogServerConfig config;
    private final String prefixSlash;
    private final ObjectCache cache;
    private final ServerMetrics metrics;
    private final JsonLog log;
    private final int maxConcurrent;
    private final Semaphore permits;
    private final Hook hook;
    private final Clock clock;
    private final HttpField mutableCaching;
    private final HttpField retryAfter;
    private final ConcurrentHashMap<String, LogState> logs = new ConcurrentHashMap<>();

    LogHandler(ServedLogs store, LogServerConfig config, ServerMetrics metrics, JsonLog log, Hook hook, Clock clock) {
        this.store = store;
        this.config = config;
        this.prefixSlash = config.prefix() + "/";
        this.cache = new ObjectCache(config.cacheBytes());
        this.metrics = metrics;
        this.log = log;
        this.maxConcurrent = config.maxConcurrentRequests();
        this.permits = new Semaphore(maxConcurrent);
        this.hook = hook;
        this.clock = clock;
        // tlog-tiles §"Checkpoints": mutable, "headers SHOULD prevent caching beyond a few seconds".
        long maxAge = Math.max(1, (config.checkpointRefresh().toMillis() + 999) / 1000);
        this.mutableCaching = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "public, max-age=" + maxAge);
        this.retryAfter = new PreEncodedHttpField(HttpHeader.RETRY_AFTER, config.retryAfter().getSeconds());
    }

    ObjectCache cache() {
        return cache;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        boolean head = HttpMethod.HEAD.is(method);
        if (!head && !HttpMethod.GET.is(method)) {
            sendText(response, callback, false, 405, "only GET and HEAD are served\n", ALLOW);
            return true;
        }
        String path = request.getHttpURI().getPath();
        // Health and metrics are answered outside the concurrency limit, so probes and scrapes still see an
        // overloaded server. They come first: with an empty prefix every path starts with the prefix, and neither
        // name is a log number, so no log path is shadowed.
        try {
            if (LogServerConfig.HEALTH_PATH.equals(path)) {
                dispatch(request, response, callback, head, path, () -> serveHealth(response, callback, head));
                return true;
            } else if (LogServerConfig.METRICS_PATH.equals(path)) {
                dispatch(request, response, callback, head, path, () -> serveMetrics(response, callback, head));
                return true;
            }
        } catch (RuntimeException e) {
            fail(request, response, callback, head, e);
            return true;
        }
        if (!permits.tryAcquire()) {
            metrics.overloaded();
            sendText(response, callback, head, 429, "overloaded: retry later\n", retryAfter);
            return true;
        }
        Callback done = Servers.releasing(callback, permits);
        try {
            if (path != null && path.startsWith(prefixSlash)) {
                String rest = path.substring(prefixSlash.length());
                ServedObject hit = hook == NO_HOOK ? cache.get(rest) : null;
                if (hit != null && (!hit.compressible || hit.gzipIfReady() != null || !acceptsGzip(request))) {
                    sendImmutable(request, response, done, head, hit);
                } else if (hit != null) { // gzip wanted and not computed yet: that is CPU work for the pool
                    dispatch(request, response, done, head, path, () -> {
                        cache.grew(hit.computeGzip());
                        sendImmutable(request, response, done, head, hit);
                    });
                } else {
                    dispatch(request, response, done, head, path, () -> serveLog(request, response, done, head, rest));
                }
            } else {
                notFound(response, done, head);
            }
        } catch (RuntimeException e) {
            fail(request, response, done, head, e);
        }
        return true;
    }

    private void dispatch(Request request, Response response, Callback done, boolean head, String path,
            Runnable work) {
        try {
            getServer().getThreadPool().execute(() -> {
                try {
                    hook.admitted(path);
                    work.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail(request, response, done, head, e);
                } catch (RuntimeException e) {
                    fail(request, response, done, head, e);
                }
            });
        } catch (RejectedExecutionException e) {
            metrics.overloaded();
            sendText(response, done, head, 503, "overloaded: retry later\n", retryAfter);
        }
    }

    // ---- the log routes (mtc-tlog §"Serving Issuance Logs", tlog-tiles) ----

    /** {@code rest} is the path after {@code <prefix>/}: {@code <log number>/<key>}. */
    private void serveLog(Request request, Response response, Callback done, boolean head, String rest) {
        int slash = rest.indexOf('/');
        Optional<LogState> state = slash < 0 ? Optional.empty() : state(rest.substring(0, slash));
        if (state.isEmpty()) {
            notFound(response, done, head);
            return;
        }
        LogState st = state.get();
        String key = rest.substring(slash + 1);
        switch (key) {
            case "checkpoint" -> sendMutable(response, done, head, st.checkpoint());
            case "landmarks" -> sendMutable(response, done, head, st.landmarks());
            default -> serveTile(request, response, done, head, st, rest, key);
        }
    }

    private void serveTile(Request request, Response response, Callback done, boolean head, LogState st,
            String rest, String key) {
        if (io.mtc4j.log.storage.CompanionKeys.isCompanionKey(key)) {
            serveCompanion(request, response, done, head, st, rest, key);
            return;
        }
        TilePath tile;
        try {
            tile = TilePath.parse(key);
        } catch (MtcException e) {
            notFound(response, done, head);
            return;
        }
        if (!tile.path().equals(key)) {
            notFound(response, done, head);
            return;
        }
        Optional<byte[]> read = st.objects.read(key);
        if (read.isEmpty()) {
            notFound(response, done, head);
            return;
        }
        byte[] data = read.get();
        String defect = defect(tile, data);
        if (defect != null) {
            logField(log.line("error", "bad-object"), st.number).field("path", key).field("rule", defect).emit();
            // tlog-tiles §"Partial Tiles": "Empty tiles MUST NOT be served"; nor any malformed object.
            if (data.length == 0) {
                notFound(response, done, head);
            } else {
                sendText(response, done, head, 500, "the stored object is malformed\n", NO_STORE);
            }
            return;
        }
        ServedObject obj = tile.entries() ? ServedObject.compressible(data) : ServedObject.plain(data);
        if (obj.compressible && acceptsGzip(request)) {
            obj.computeGzip();
        }
        cache.put(rest, obj);
        sendImmutable(request, response, done, head, obj);
    }

    /**
     * A companion object (CompanionKeys), its format the application's. A companion tile is served only once the
     * served checkpoint covers every entry it parallels: its writer writes it before the entries are committed and
     * may replace it until then, so only a committed one may be sent as immutable. Content-addressed objects
     * ({@code issuer/<hash>}) never change and are cached.
     */
    private void serveCompanion(Request request, Response response, Callback done, boolean head, LogState st,
            String rest, String key) {
        if (key.startsWith("tile/") && !committed(st, key)) {
            notFound(response, done, head);
            return;
        }
        Optional<byte[]> read = st.objects.read(key);
        if (read.isEmpty() || read.get().length == 0) {
            notFound(response, done, head);
            return;
        }
        ServedObject obj = ServedObject.compressible(read.get());
        if (acceptsGzip(request)) {
            obj.computeGzip();
        }
        // Only content-addressed objects are cached; companion tiles are read afresh each time.
        if (key.startsWith("issuer/")) {
            cache.put(rest, obj);
        }
        sendImmutable(request, response, done, head, obj);
    }

    /** Whether the checkpoint served for {@code st} covers every entry of the companion tile {@code key}. */
    private static boolean committed(LogState st, String key) {
        TilePath bundle = TilePath.parse("tile/entries" + key.substring(key.indexOf('/', 5)));
        long end = bundle.index() * TilePath.FULL_WIDTH + bundle.width();
        return st.treeSize().map(size -> end <= size).orElse(false);
    }

    /** Why {@code data} cannot be served at {@code tile}, or null. */
    private static String defect(TilePath tile, byte[] data) {
        if (data.length == 0) {
            return "empty tile (tlog-tiles: empty tiles MUST NOT be served)";
        }
        if (!tile.entries()) {
            return data.length == tile.width() * HASH_SIZE ? null
                    : "hash tile of width " + tile.width() + " has " + data.length + " bytes, not "
                            + tile.width() * HASH_SIZE;
        }
        try {
            int n = EntryBundle.parse(data).size();
            return n == tile.width() ? null : "entry bundle of width " + tile.width() + " holds " + n + " entries";
        } catch (MtcException e) {
            return "entry bundle does not parse: " + e.getMessage();
        }
    }

    /** mtc-tlog: the log number is "an ASCII decimal integer with no additional leading zeros". */
    static Optional<Long> parseLogNumber(String s) {
        int n = s.length();
        if (n == 0 || n > 19 || (n > 1 && s.charAt(0) == '0')) {
            return Optional.empty();
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
            v = v * 10 + (c - '0');
            if (v < 0) {
                return Optional.empty();
            }
        }
        return Optional.of(v);
    }

    private Optional<LogState> state(String name) {
        LogState st = logs.get(name);
        if (st != null) {
            return Optional.of(st);
        }
        return store.objects(name).map(o -> logs.computeIfAbsent(name, k -> new LogState(name, o)));
    }

    // ---- health and metrics (outside the prefix) ----

    /** The "log" field of a log line: a log number as a number, any other name as a string. */
    private static JsonLog.Line logField(JsonLog.Line line, String name) {
        Optional<Long> n = parseLogNumber(name);
        return n.isPresent() ? line.field("log", n.get()) : line.field("log", name);
    }

    /** A log number as a JSON number (as before names), any other name as a JSON string. */
    private static String jsonName(String name) {
        if (parseLogNumber(name).isPresent()) {
            return name;
        }
        StringBuilder b = new StringBuilder();
        JsonLog.quote(b, name);
        return b.toString();
    }

    private void serveHealth(Response response, Callback done, boolean head) {
        StringBuilder logsJson = new StringBuilder();
        StringBuilder problems = new StringBuilder();
        for (String n : store.names()) {
            Optional<LogState> st = state(n);
            Optional<Long> size = st.flatMap(LogState::treeSize);
            if (size.isPresent()) {
                logsJson.append(logsJson.length() == 0 ? "" : ",").append("{\"log\":").append(jsonName(n))
                        .append(",\"tree_size\":").append(size.get()).append('}');
            } else {
                StringBuilder p = new StringBuilder();
                JsonLog.quote(p, "log " + n + ": " + st.map(LogState::problem).orElse("gone"));
                problems.append(problems.length() == 0 ? "" : ",").append(p);
            }
        }
        boolean ok = problems.length() == 0;
        String body = "{\"status\":\"" + (ok ? "ok" : "unavailable") + "\",\"logs\":[" + logsJson + "]"
                + (ok ? "" : ",\"problems\":[" + problems + "]") + "}\n";
        send(response, done, head, ok ? 200 : 503, utf8(body), JSON, NO_STORE);
    }

    private void serveMetrics(Response response, Callback done, boolean head) {
        Map<String, ServerMetrics.LogGauges> gauges = new LinkedHashMap<>();
        long nowMillis = clock.millis();
        for (String n : store.names()) {
            state(n).ifPresent(st -> st.gauges(nowMillis).ifPresent(g -> gauges.put(n, g)));
        }
        String body = metrics.render(gauges, maxConcurrent - permits.availablePermits(), cache.bytes(), log.dropped());
        send(response, done, head, 200, utf8(body), PROMETHEUS, NO_STORE);
    }

    // ---- responses ----

    private void sendImmutable(Request request, Response response, Callback done, boolean head, ServedObject obj) {
        HttpFields.Mutable h = response.getHeaders();
        h.add(OCTET_STREAM);
        h.add(IMMUTABLE);
        ByteBuffer body = obj.identity;
        HttpField length = obj.identityLength;
        if (obj.compressible) {
            h.add(VARY);
            ServedObject.Gzip gz = obj.gzipIfReady();
            if (gz != null && acceptsGzip(request)) {
                h.add(GZIP);
                body = gz.body();
                length = gz.length();
            }
        }
        h.add(length);
        response.setStatus(200);
        metrics.response(200, head ? 0 : body.remaining());
        response.write(true, head ? BufferUtil.EMPTY_BUFFER : body.duplicate(), done);
    }

    private void sendMutable(Response response, Callback done, boolean head, Optional<byte[]> data) {
        if (data.isEmpty()) {
            notFound(response, done, head);
        } else {
            send(response, done, head, 200, data.get(), TEXT_UTF8, mutableCaching);
        }
    }

    private void notFound(Response response, Callback done, boolean head) {
        sendText(response, done, head, 404, "not found\n", NO_CACHE);
    }

    private void fail(Request request, Response response, Callback done, boolean head, Throwable e) {
        log.line("error", "request-failed").field("path", String.valueOf(request.getHttpURI().getPath()))
                .field("error", e.toString()).emit();
        if (response.isCommitted()) {
            done.failed(e);
        } else {
            // A storage failure is usually transient (a back end restarting): tell the client when to retry.
            sendText(response, done, head, 503, "storage unavailable: retry later\n", retryAfter);
        }
    }

    private void sendText(Response response, Callback done, boolean head, int status, String text,
            HttpField extra) {
        send(response, done, head, status, utf8(text), TEXT_UTF8, extra);
    }

    private void send(Response response, Callback done, boolean head, int status, byte[] body, HttpField type,
            HttpField extra) {
        response.setStatus(status);
        HttpFields.Mutable h = response.getHeaders();
        h.put(type);
        h.put(extra);
        h.put(HttpHeader.CONTENT_LENGTH, body.length);
        metrics.response(status, head ? 0 : body.length);
        response.write(true, head ? BufferUtil.EMPTY_BUFFER : ByteBuffer.wrap(body), done);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean acceptsGzip(Request request) {
        return acceptsGzip(request.getHeaders().get(HttpHeader.ACCEPT_ENCODING));
    }

    /**
     * RFC 9110 §12.5.3: true iff {@code gzip} (or {@code *}) is listed with a non-zero quality. Absent header:
     * identity only.
     */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        boolean star = false;
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.trim().split(";");
            String coding = p[0].trim().toLowerCase(java.util.Locale.ROOT);
            boolean zero = false;
            for (int i = 1; i < p.length; i++) {
                String param = p[i].trim().toLowerCase(java.util.Locale.ROOT);
                if (param.startsWith("q=")) {
                    zero = param.substring(2).trim().matches("0(\\.0{0,3})?");
                }
            }
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                return !zero;
            }
            if (coding.equals("*")) {
                star = !zero;
            }
        }
        return star;
    }

    /** One log: its objects and its two mutable files, re-read at most every {@code checkpointRefresh}. */
    private final class LogState {
        final String number;
        final LogObjects objects;
        private final long refreshNanos = config.checkpointRefresh().toNanos();
        private Snapshot checkpoint;
        private Snapshot landmarks;
        private long checkpointSeenMillis;
        private Optional<Long> treeSize = Optional.empty();
        private long cosignedSeconds;

        LogState(String number, LogObjects objects) {
            this.number = number;
            this.objects = objects;
        }

        synchronized Optional<byte[]> checkpoint() {
            long now = System.nanoTime();
            if (checkpoint == null || now - checkpoint.readNanos >= refreshNanos) {
                Optional<byte[]> data = objects.read("checkpoint");
                if (checkpoint == null || !sameBytes(checkpoint.data, data)) {
                    observe(data);
                }
                checkpoint = new Snapshot(data, now);
            }
            return checkpoint.data;
        }

        synchronized Optional<byte[]> landmarks() {
            long now = System.nanoTime();
            if (landmarks == null || now - landmarks.readNanos >= refreshNanos) {
                landmarks = new Snapshot(objects.read("landmarks"), now);
            }
            return landmarks.data;
        }

        synchronized Optional<Long> treeSize() {
            checkpoint();
            return treeSize;
        }

        /** Why the log has no tree size (for the health answer). */
        synchronized String problem() {
            return checkpoint.data.isEmpty() ? "no checkpoint" : "the checkpoint does not parse";
        }

        synchronized Optional<ServerMetrics.LogGauges> gauges(long nowMillis) {
            checkpoint();
            long madeMillis = cosignedSeconds > 0 ? cosignedSeconds * 1000 : checkpointSeenMillis;
            return treeSize.map(s -> new ServerMetrics.LogGauges(s, Math.max(0, nowMillis - madeMillis) / 1000.0));
        }

        /** A new checkpoint: its size (tlog-checkpoint) and newest subtree/v1 timestamp (tlog-cosignature). */
        private void observe(Optional<byte[]> data) {
            checkpointSeenMillis = clock.millis();
            treeSize = Optional.empty();
            cosignedSeconds = 0;
            if (data.isEmpty()) {
                return;
            }
            try {
                SignedNote note = SignedNote.parse(data.get());
                treeSize = Optional.of(Checkpoint.parse(note.text()).size());
                for (NoteSignature s : note.signatures()) {
                    byte[] sig = s.signature();
                    if (sig.length == SUBTREE_V1_MLDSA44_LENGTH) {
                        cosignedSeconds = Math.max(cosignedSeconds, ByteBuffer.wrap(sig).getLong());
                    }
                }
            } catch (MtcException | IllegalArgumentException e) {
                logField(log.line("error", "bad-checkpoint"), number).field("error", e.getMessage()).emit();
            }
        }
    }

    private static boolean sameBytes(Optional<byte[]> a, Optional<byte[]> b) {
        return a.isPresent() == b.isPresent() && (a.isEmpty() || Arrays.equals(a.get(), b.get()));
    }

    private record Snapshot(Optional<byte[]> data, long readNanos) {}
}
