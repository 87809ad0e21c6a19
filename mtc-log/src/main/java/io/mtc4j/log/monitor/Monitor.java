package io.mtc4j.log.monitor;

import io.mtc4j.log.client.CheckpointPolicy;
import io.mtc4j.log.client.EntryIterator;
import io.mtc4j.log.client.EntryView;
import io.mtc4j.log.client.HttpLogTransport;
import io.mtc4j.log.client.LogClient;
import io.mtc4j.log.client.LogClientException;
import io.mtc4j.log.client.LogResponse;
import io.mtc4j.log.client.LogTransport;
import io.mtc4j.log.client.Sleeper;
import io.mtc4j.log.storage.DirectoryLogObjects;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.merkle.MerkleHash;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.NoteVerifier;
import io.mtc4j.spec.note.SignedNote;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The MTC monitor (issue 15; draft §"Transparency", §"Monitor Costs", §"Choosing Cosigners", §"Log Failures"):
 * follows every configured issuance log through mtc-log's {@link LogClient} (each checkpoint's CA cosignature and
 * its consistency with the last verified one, every tile and entry proven), reads each entry once, checks it
 * against the {@link Watchlist}, compares the checkpoints of every cosigner (the CA log, witnesses' monitoring
 * endpoints, mirrors), follows log-number switches, and raises {@link Alert}s with evidence.
 *
 * <p>Exactly once across restarts: per batch of entries, the alerts' evidence is written and the alerts journaled
 * (synced) before the log's position moves past the batch ({@link MonitorState}); a restart resumes at the saved
 * position, and an alert found again is recognised by its ID. Sinks receive journaled alerts at least once.
 *
 * <p>Not thread-safe: one thread runs a monitor.
 */
public final class Monitor implements AutoCloseable {
    /** How often (in entries) a catch-up saves its position and delivers its alerts. */
    static final int COMMIT_EVERY = 1 << 16;
    private static final int MAX_CHECKPOINT = 1 << 16;
    private static final HashFunction H = HashFunction.sha256();
    /** The pseudo-rule of split views. */
    public static final String SPLIT_VIEW = "split-view";
    /** The pseudo-rule of rollbacks. */
    public static final String ROLLBACK = "rollback";
    /** The pseudo-rule of a new current log. */
    public static final String LOG_SWITCH = "log-switch";

    private final MonitorConfig config;
    private final MonitorListener listener;
    private final List<AlertSink> sinks;
    private final MonitorState state;
    private final Watchlist watchlist;
    private final EntryMatcher matcher;
    private final List<CaLogs> cas = new ArrayList<>();
    private final Duration timeout;
    private long entriesRead;
    private int raised;
    private final List<String> passErrors = new ArrayList<>();

    /** The logs of one configured source: one CA, a CA prefix (if switches can be followed) and its followers. */
    private final class CaLogs {
        final MonitorConfig.LogSource source;
        final MonitoredCa ca;
        /** The CA prefix (URL or directory) under which log N is {@code <prefix>/N}, if known. */
        final Optional<String> caPrefix;
        final TreeMap<Integer, Follower> logs = new TreeMap<>();
        final int first;

        CaLogs(MonitorConfig.LogSource source, MonitoredCa ca, Optional<String> caPrefix, int first) {
            this.source = source;
            this.ca = ca;
            this.caPrefix = caPrefix;
            this.first = first;
        }

        LogTransport transport(int n) {
            return Monitor.this.transport(caPrefix.orElseThrow() + "/" + n);
        }
    }

    /** One log being followed. */
    private static final class Follower {
        final int logNumber;
        final String origin;
        final LogClient client;
        final LogTransport transport;
        long next;
        Optional<byte[]> note;

        Follower(int logNumber, String origin, LogClient client, LogTransport transport, long next, Optional<byte[]> note) {
            this.logNumber = logNumber;
            this.origin = origin;
            this.client = client;
            this.transport = transport;
            this.next = next;
            this.note = note;
        }
    }

    private Monitor(MonitorConfig config, MonitorListener listener, List<AlertSink> sinks, MonitorState state,
            Duration timeout) {
        this.config = config;
        this.listener = listener;
        this.sinks = List.copyOf(sinks);
        this.state = state;
        this.timeout = timeout;
        this.watchlist = Watchlist.of(config.rules(), config.structural());
        this.matcher = watchlist.matcher(config.profile());
    }

    /**
     * Opens the state directory (creating it) and reads every CA certificate; logs are found on the first run.
     *
     * @param config   the configuration
     * @param listener progress, notes and errors
     * @param sinks    where alerts go (in order)
     * @param timeout  the connect and request deadline of every HTTP read
     * @return the monitor
     * @throws IOException  if the state or a CA certificate cannot be read
     * @throws MtcException if a CA certificate is not an MTC CA certificate, or the state is in use
     */
    public static Monitor open(MonitorConfig config, MonitorListener listener, List<AlertSink> sinks, Duration timeout)
            throws IOException {
        MonitorState st = MonitorState.open(config.state());
        Monitor m = new Monitor(config, listener, sinks, st, timeout);
        try {
            for (MonitorConfig.LogSource s : config.logs()) {
                MonitoredCa ca;
                try {
                    ca = MonitoredCa.fromCertificate(Files.readAllBytes(s.ca()), config.profile(), s.demoCompat());
                } catch (MtcException | IllegalArgumentException e) {
                    throw new MtcException("logs: " + s.ca() + " is not a usable MTC CA certificate: " + e.getMessage(), e);
                }
                m.cas.add(m.new CaLogs(s, ca, Optional.empty(), 0));
            }
        } catch (IOException | RuntimeException e) {
            st.close();
            throw e;
        }
        return m;
    }

    /**
     * What one pass read and raised.
     *
     * @param entries entries read
     * @param alerts  new alerts journaled
     * @param errors  logs or cosigners that could not be read or checked
     */
    public record Pass(long entries, int alerts, List<String> errors) {
        /**
         * Copies the errors.
         *
         * @param entries entries read
         * @param alerts  alerts raised
         * @param errors  errors
         */
        public Pass {
            errors = List.copyOf(errors);
        }
    }

    /**
     * One pass: delivers alerts a previous run journaled but did not deliver, then reads every followed log up to
     * its current checkpoint, compares cosigners' checkpoints and looks for a next log number.
     *
     * @return what it read and raised, and what failed (a log, a cosigner, a sink)
     * @throws IOException if the state cannot be read or written
     */
    public Pass runOnce() throws IOException {
        long before = entriesRead;
        int raisedBefore = raised;
        passErrors.clear();
        List<String> errors = passErrors;
        deliver();
        for (int i = 0; i < cas.size(); i++) {
            CaLogs c = cas.get(i);
            try {
                if (c.logs.isEmpty()) {
                    c = discover(c);
                    cas.set(i, c);
                }
                for (Follower f : List.copyOf(c.logs.values())) {
                    pollLog(c, f);
                }
                probeNextLogs(c);
            } catch (MtcException e) {
                errors.add(e.getMessage());
                listener.error(e.getMessage());
            }
        }
        return new Pass(entriesRead - before, raised - raisedBefore, List.copyOf(errors));
    }

    /**
     * Runs passes until interrupted, waiting the configured poll interval between them.
     *
     * @param sleeper waits between passes
     * @throws IOException          if the state cannot be read or written
     * @throws InterruptedException when interrupted
     */
    public void run(Sleeper sleeper) throws IOException, InterruptedException {
        while (!Thread.currentThread().isInterrupted()) {
            runOnce();
            sleeper.sleep(config.pollInterval());
        }
        throw new InterruptedException();
    }

    /** Every alert journaled so far (this run and earlier ones). */
    public List<Alert> alerts() {
        return state.alerts();
    }

    LogTransport transport(String where) {
        if (where.startsWith("http://") || where.startsWith("https://")) {
            return HttpLogTransport.builder(where).connectTimeout(timeout).requestTimeout(timeout).build();
        }
        Path dir = Path.of(where);
        return LogTransport.of(new DirectoryLogObjects(dir), dir.toString());
    }

    /**
     * First contact with a configured source: a log prefix ({@code checkpoint} is there; its origin names the
     * log) or a CA prefix (logs under {@code <prefix>/<N>}, mtc-tlog §"Serving Issuance Logs").
     */
    private CaLogs discover(CaLogs c) throws IOException {
        String where = c.source.where();
        String base = where.endsWith("/") ? where.substring(0, where.length() - 1) : where;
        LogTransport t = transport(base);
        LogResponse r = t.get("checkpoint", MAX_CHECKPOINT);
        CaLogs out;
        if (r.ok()) {
            int n = logNumberOf(r.body(), c.ca, t.location("checkpoint"));
            int slash = base.lastIndexOf('/');
            Optional<String> prefix = slash > 0 && base.substring(slash + 1).equals(Integer.toString(n))
                    ? Optional.of(base.substring(0, slash)) : Optional.empty();
            out = new CaLogs(c.source, c.ca, prefix, n);
            out.logs.put(n, follower(out, n, t));
            if (prefix.isEmpty()) {
                listener.note(where + " is log " + n + " of CA " + c.ca.id().ascii() + "; its CA prefix is unknown"
                        + " (the path does not end in /" + n + "), so a switch to log " + (n + 1) + " is not followed");
            }
        } else {
            int first = c.source.firstLog().orElse(1);
            out = new CaLogs(c.source, c.ca, Optional.of(base), first);
            LogTransport lt = out.transport(first);
            if (!lt.get("checkpoint", MAX_CHECKPOINT).ok()) {
                throw new MtcException(where + ": neither a log (no " + t.location("checkpoint") + ") nor a CA prefix"
                        + " with log " + first + " (no " + lt.location("checkpoint") + ")");
            }
            out.logs.put(first, follower(out, first, lt));
        }
        // logs followed in earlier runs
        for (MonitorState.Position p : state.positions()) {
            int n = c.ca.logNumber(p.origin());
            if (n > 0 && !out.logs.containsKey(n) && out.caPrefix.isPresent()) {
                out.logs.put(n, follower(out, n, out.transport(n)));
            }
        }
        return out;
    }

    private int logNumberOf(byte[] note, MonitoredCa ca, String where) {
        try {
            String origin = Checkpoint.parse(SignedNote.parse(note).text()).origin();
            int n = ca.logNumber(origin);
            if (n < 0) {
                throw new MtcException(where + ": origin " + origin + " is no log of CA " + ca.id().ascii()
                        + " (mtc-tlog: " + ca.origin(1).replaceAll("\\.1$", ".<N>") + ")");
            }
            return n;
        } catch (MtcException | IllegalArgumentException e) {
            throw new LogClientException(LogClientException.Check.CHECKPOINT_PARSE, where, e.getMessage(), e);
        }
    }

    private Follower follower(CaLogs c, int n, LogTransport t) throws IOException {
        String origin = c.ca.origin(n);
        Optional<MonitorState.Position> pos = state.position(origin);
        LogClient.Builder b = LogClient.builder(t).verifiers(List.of(c.ca.cosigner()))
                .policy(CheckpointPolicy.signedBy(c.ca.cosigner())).origin(origin);
        Optional<byte[]> note = Optional.empty();
        if (pos.isPresent()) {
            note = Optional.of(pos.get().checkpoint());
            // verified by an earlier run before it was saved; consistency is checked against it
            b.trusted(Checkpoint.parse(SignedNote.parse(pos.get().checkpoint()).text()));
        }
        return new Follower(n, origin, b.build(), t, pos.map(MonitorState.Position::next).orElse(0L), note);
    }

    /** Looks for the logs after the newest one followed (draft §"Log Failures": a new log is a PKI incident). */
    private void probeNextLogs(CaLogs c) throws IOException {
        if (c.caPrefix.isEmpty()) {
            return;
        }
        while (true) {
            int n = c.logs.lastKey() + 1;
            if (n > 0xffff) {
                return;
            }
            LogTransport t = c.transport(n);
            LogResponse r = t.get("checkpoint", MAX_CHECKPOINT);
            if (!r.ok()) {
                return;
            }
            Follower f = follower(c, n, t);
            Checkpoint cp;
            try {
                cp = f.client.verify(r.body(), t.location("checkpoint"));
                f.client.checkRoot();
            } catch (LogClientException e) {
                listener.error("log " + n + " of CA " + c.ca.id().ascii() + " at " + t.location("checkpoint")
                        + " does not verify: " + e.getMessage());
                return;
            }
            c.logs.put(n, f);
            String id = Alert.id(LOG_SWITCH, n, 0);
            if (!state.journaled(id)) {
                Evidence ev = evidence(c, "log-switch", f.origin, n, cp.size(), new byte[0], List.of(), r.body(),
                        t.location("checkpoint"), Optional.empty(), "", Optional.empty(), List.of(), List.of());
                raise(List.of(alert(id, LOG_SWITCH, n, 0, f.origin, "CA " + c.ca.id().ascii() + " serves a new log "
                        + n + " (size " + cp.size() + ") after log " + (n - 1) + " (draft §\"Log Failures\": a PKI"
                        + " incident)", "", ev)));
            }
            pollLog(c, f);
        }
    }

    /** One log: verify its checkpoint, read the new entries, compare the cosigners' checkpoints. */
    private void pollLog(CaLogs c, Follower f) throws IOException {
        LogResponse r = f.transport.get("checkpoint", MAX_CHECKPOINT);
        String where = f.transport.location("checkpoint");
        if (!r.ok()) {
            throw new LogClientException(LogClientException.Check.HTTP_STATUS, where, "checkpoint: HTTP " + r.status());
        }
        byte[] note = r.body();
        try {
            f.client.verify(note, where);
            f.client.checkRoot();
        } catch (LogClientException e) {
            if ((e.check() == LogClientException.Check.ROLLBACK || e.check() == LogClientException.Check.FORK)
                    && f.note.isPresent()) {
                inconsistent(c, f, e, note, where);
                return;
            }
            throw e;
        }
        f.note = Optional.of(note);
        Checkpoint cp = f.client.checkpoint().orElseThrow();
        scan(c, f, cp, note);
        compareCosigners(c, f, cp, note);
    }

    /** The log itself went backwards or forked against the checkpoint this monitor verified before. */
    private void inconsistent(CaLogs c, Follower f, LogClientException e, byte[] note, String where) throws IOException {
        Checkpoint old = Checkpoint.parse(SignedNote.parse(f.note.get()).text());
        Checkpoint now;
        LogClient fresh = LogClient.builder(f.transport).verifiers(List.of(c.ca.cosigner()))
                .policy(CheckpointPolicy.signedBy(c.ca.cosigner())).origin(f.origin).build();
        now = fresh.verify(note, where);
        String source = where;
        if (e.check() == LogClientException.Check.ROLLBACK) {
            Evidence ev = evidence(c, "rollback", f.origin, f.logNumber, now.size(), new byte[0], List.of(), note, source,
                    f.note, "this monitor's last verified checkpoint", Optional.empty(), List.of(), List.of());
            raiseOnce(ROLLBACK, f.logNumber, now.size(), source, f.origin, "the log serves size " + now.size()
                    + " after size " + old.size() + " (" + e.detail() + ")", ev);
            return;
        }
        Optional<byte[]> x = Optional.empty();
        List<byte[]> proof = List.of();
        if (now.size() != old.size() && old.size() > 0) {
            fresh.checkRoot();
            Subtree s = new Subtree(0, old.size());
            x = Optional.of(fresh.subtreeHash(s));
            proof = fresh.consistencyProof(s);
        }
        Evidence ev = evidence(c, "split-view", f.origin, f.logNumber, old.size(), new byte[0], List.of(), note, source,
                f.note, "this monitor's last verified checkpoint", x, proof, List.of());
        raiseOnce(SPLIT_VIEW, f.logNumber, old.size(), source, f.origin, "the log's tree of size " + now.size()
                + " does not extend the verified tree of size " + old.size() + " (" + e.detail() + ")", ev);
    }

    /** Reads entries [next, size) once, checking each; commits every {@link #COMMIT_EVERY} entries. */
    private void scan(CaLogs c, Follower f, Checkpoint cp, byte[] note) throws IOException {
        long size = cp.size();
        long start = f.next;
        if (start > size) {
            throw new MtcException(f.origin + ": the saved position " + start + " is beyond the verified size " + size);
        }
        List<Alert> pending = new ArrayList<>();
        if (start < size) {
            listener.progress(f.origin, 0, size - start);
            EntryIterator it = f.client.entries(start, size);
            while (it.hasNext()) {
                EntryView v = it.nextView();
                long i = v.index();
                List<Finding> found = matcher.check(v);
                byte[] e = found.isEmpty() ? null : v.copy(); // kept only for an entry that raises something
                for (Finding x : found) {
                    if (x.authorized()) {
                        listener.authorized(f.logNumber, i, x);
                        continue;
                    }
                    String id = Alert.id(x.rule(), f.logNumber, i);
                    if (!state.journaled(id) && pending.stream().noneMatch(a -> a.id().equals(id))) {
                        Evidence ev = evidence(c, "entry", f.origin, f.logNumber, i, e,
                                f.client.inclusionProof(new Subtree(0, size), i), note, f.transport.location("checkpoint"),
                                Optional.empty(), "", Optional.empty(), List.of(), List.of());
                        pending.add(alert(id, x.rule(), f.logNumber, i, f.origin, x.reason(),
                                EntryDescription.of(config.profile(), e).toString(), ev));
                    }
                }
                entriesRead++;
                long done = i + 1 - start;
                if ((i + 1) % COMMIT_EVERY == 0) {
                    commit(f, i + 1, note, pending);
                }
                if ((done & 0xfff) == 0) {
                    listener.progress(f.origin, done, size - start);
                }
            }
            listener.progress(f.origin, size - start, size - start);
        }
        commit(f, size, note, pending);
    }

    private void commit(Follower f, long next, byte[] note, List<Alert> pending) throws IOException {
        raised += state.journal(pending).size();
        pending.clear();
        state.save(new MonitorState.Position(f.origin, f.logNumber, next, note));
        f.next = next;
        deliver();
    }

    /**
     * draft §"Choosing Cosigners": every cosigner should have seen the same tree. Each witness's and mirror's
     * checkpoint ({@code <prefix>/<hex SHA-256(origin)>/checkpoint}) is verified with its key and compared with the
     * CA log's verified tree; a cosigner's own checkpoints must never go backwards.
     */
    private void compareCosigners(CaLogs c, Follower f, Checkpoint cp, byte[] caNote) throws IOException {
        List<MonitorConfig.CosignerEndpoint> all = new ArrayList<>(c.source.witnesses());
        all.addAll(c.source.mirrors());
        for (MonitorConfig.CosignerEndpoint w : all) {
            boolean mirror = c.source.mirrors().contains(w);
            String prefix = w.prefix().toString().replaceAll("/+$", "") + "/" + MonitorState.hash(f.origin);
            LogTransport t = transport(prefix);
            String where = t.location("checkpoint");
            try {
                LogResponse r = t.get("checkpoint", MAX_CHECKPOINT);
                if (r.status() == 404) {
                    continue; // the cosigner has not seen this log (yet)
                }
                if (!r.ok()) {
                    throw new LogClientException(LogClientException.Check.HTTP_STATUS, where, "HTTP " + r.status());
                }
                NoteVerifier key = NoteVerifier.fromVkey(w.key());
                Checkpoint theirs = cosignerCheckpoint(t, r.body(), key, f.origin, where);
                compareOne(c, f, cp, caNote, theirs, r.body(), where, key, mirror ? Optional.of(t) : Optional.empty());
            } catch (MtcException e) {
                listener.error("cosigner " + where + ": " + e.getMessage());
            }
        }
    }

    /** A cosigner's checkpoint, verified as the log client verifies any (signed-note, origin, a signature by key). */
    private static Checkpoint cosignerCheckpoint(LogTransport t, byte[] note, NoteVerifier key, String origin,
            String where) {
        return LogClient.builder(t).verifiers(List.of(key)).origin(origin).build().verify(note, where);
    }

    private void compareOne(CaLogs c, Follower f, Checkpoint cp, byte[] caNote, Checkpoint theirs, byte[] theirNote,
            String where, NoteVerifier key, Optional<LogTransport> mirror) throws IOException {
        String vkey = key.vkey().orElse("");
        List<String> keys = vkey.isEmpty() ? List.of() : List.of(vkey);
        Optional<byte[]> previous = state.cosignerCheckpoint(where);
        if (previous.isPresent()) {
            Checkpoint before = Checkpoint.parse(SignedNote.parse(previous.get()).text());
            if (Long.compareUnsigned(theirs.size(), before.size()) < 0) {
                Evidence ev = evidence(c, "rollback", f.origin, f.logNumber, theirs.size(), new byte[0], List.of(),
                        theirNote, where, previous, where + " (earlier)", Optional.empty(), List.of(), keys);
                raiseOnce(ROLLBACK, f.logNumber, theirs.size(), where, f.origin, "cosigner " + key.name() + " serves size "
                        + theirs.size() + " after size " + before.size(), ev);
                return;
            }
            if (theirs.size() == before.size() && !MessageDigest.isEqual(theirs.rootHash(), before.rootHash())) {
                Evidence ev = evidence(c, "split-view", f.origin, f.logNumber, theirs.size(), new byte[0], List.of(),
                        theirNote, where, previous, where + " (earlier)", Optional.empty(), List.of(), keys);
                raiseOnce(SPLIT_VIEW, f.logNumber, theirs.size(), where, f.origin, "cosigner " + key.name()
                        + " signed two roots for size " + theirs.size(), ev);
                return;
            }
        }
        state.saveCosignerCheckpoint(where, theirNote);
        String caWhere = f.transport.location("checkpoint");
        if (theirs.size() == cp.size()) {
            if (!MessageDigest.isEqual(theirs.rootHash(), cp.rootHash())) {
                Evidence ev = evidence(c, "split-view", f.origin, f.logNumber, cp.size(), new byte[0], List.of(), caNote,
                        caWhere, Optional.of(theirNote), where, Optional.empty(), List.of(), keys);
                raiseOnce(SPLIT_VIEW, f.logNumber, cp.size(), where, f.origin, "cosigner " + key.name()
                        + " and the CA log show different roots for size " + cp.size(), ev);
            }
            return;
        }
        if (Long.compareUnsigned(theirs.size(), cp.size()) < 0) {
            byte[] x = theirs.size() == 0 ? MerkleHash.emptyHash(H) : f.client.subtreeHash(new Subtree(0, theirs.size()));
            if (!MessageDigest.isEqual(x, theirs.rootHash())) {
                Evidence ev = evidence(c, "split-view", f.origin, f.logNumber, theirs.size(), new byte[0], List.of(),
                        caNote, caWhere, Optional.of(theirNote), where, Optional.of(x),
                        f.client.consistencyProof(new Subtree(0, theirs.size())), keys);
                raiseOnce(SPLIT_VIEW, f.logNumber, theirs.size(), where, f.origin, "cosigner " + key.name()
                        + " signed size " + theirs.size() + " with a root the CA log's tree of size " + cp.size()
                        + " does not extend", ev);
            }
            return;
        }
        if (mirror.isPresent() && cp.size() > 0) {
            // a mirror serves its tiles: prove the CA log's tree against the mirror's larger one
            LogClient mc = LogClient.builder(mirror.get()).verifiers(List.of(key)).origin(f.origin).build();
            mc.verify(theirNote, where);
            mc.checkRoot();
            Subtree s = new Subtree(0, cp.size());
            byte[] x = mc.subtreeHash(s);
            if (!MessageDigest.isEqual(x, cp.rootHash())) {
                Evidence ev = evidence(c, "split-view", f.origin, f.logNumber, cp.size(), new byte[0], List.of(),
                        theirNote, where, Optional.of(caNote), caWhere, Optional.of(x), mc.consistencyProof(s), keys);
                raiseOnce(SPLIT_VIEW, f.logNumber, cp.size(), where, f.origin, "mirror " + key.name() + "'s tree of size "
                        + theirs.size() + " does not extend the CA log's tree of size " + cp.size(), ev);
            }
        }
        // a witness ahead of the CA log's checkpoint: compared once the CA log has caught up
    }

    /** Evidence of this CA (its certificate, and whether its checkpoints are the demo generator's). */
    private static Evidence evidence(CaLogs c, String kind, String origin, int log, long index, byte[] entry,
            List<byte[]> proof, byte[] checkpoint, String source, Optional<byte[]> other, String otherSource,
            Optional<byte[]> subtreeHash, List<byte[]> consistency, List<String> keys) {
        return new Evidence(kind, origin, log, index, entry, proof, checkpoint, source, other, otherSource, subtreeHash,
                consistency, c.ca.certificate(), keys, c.source.demoCompat());
    }

    private void raiseOnce(String rule, int log, long index, String source, String origin, String reason, Evidence ev)
            throws IOException {
        String id = Alert.id(rule, log, index) + " @" + MonitorState.hash(source).substring(0, 8);
        if (!state.journaled(id)) {
            raise(List.of(alert(id, rule, log, index, origin, reason + " [" + source + "]", "", ev)));
        }
    }

    private void raise(List<Alert> alerts) throws IOException {
        raised += state.journal(alerts).size();
        deliver();
    }

    private Alert alert(String id, String rule, int log, long index, String origin, String reason, String entry,
            Evidence ev) throws IOException {
        Path p = state.writeEvidence(id, ev.toJson());
        return new Alert(id, rule, log, index, origin, reason, entry, p.toString());
    }

    /**
     * Hands every journaled, undelivered alert to every sink, in order, marking each delivered. A sink that fails
     * stops delivery for this pass (an error of the pass); the alert stays undelivered and is retried by the next
     * delivery, so a webhook outage delays alerts but loses none.
     */
    private void deliver() throws IOException {
        for (Alert a : state.undelivered()) {
            byte[] ev = Files.readAllBytes(Path.of(a.evidence()));
            try {
                for (AlertSink s : sinks) {
                    s.deliver(a, ev);
                }
            } catch (IOException e) {
                String m = "alert " + a.id() + " not delivered (retried later): " + e.getMessage();
                if (!passErrors.contains(m)) {
                    passErrors.add(m);
                    listener.error(m);
                }
                return;
            }
            state.delivered(1);
        }
    }

    @Override
    public void close() throws IOException {
        state.close();
    }
}
