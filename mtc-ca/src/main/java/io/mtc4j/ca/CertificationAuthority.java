package io.mtc4j.ca;

import io.mtc4j.log.sequencer.CheckedEntry;
import io.mtc4j.log.sequencer.InvalidEntryException;
import io.mtc4j.log.sequencer.Sequencer;
import io.mtc4j.log.sequencer.SequencerConfig;
import io.mtc4j.log.storage.LogObjects;
import io.mtc4j.log.storage.LogStorage;
import io.mtc4j.log.storage.LogStore;
import io.mtc4j.log.storage.LogStores;
import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.ca.CaCertificate;
import io.mtc4j.spec.ca.CaIdName;
import io.mtc4j.spec.ca.MtcCertificationAuthority;
import io.mtc4j.spec.cert.CertificateBuilder;
import io.mtc4j.spec.cert.MtcOids;
import io.mtc4j.spec.cert.MtcProof;
import io.mtc4j.spec.cert.SubtreeSignature;
import io.mtc4j.spec.cosign.SubtreeSigner;
import io.mtc4j.spec.der.Der;
import io.mtc4j.spec.der.DerReader;
import io.mtc4j.spec.der.Pem;
import io.mtc4j.spec.der.X509Der;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.landmark.LandmarkAllocator;
import io.mtc4j.spec.merkle.Covering;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.merkle.MerkleHash;
import io.mtc4j.spec.merkle.NodeReader;
import io.mtc4j.spec.merkle.Subtree;
import io.mtc4j.spec.merkle.SubtreeProofs;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.NoteSigner;
import io.mtc4j.spec.note.SignedNote;
import io.mtc4j.spec.tai.TrustAnchorId;
import io.mtc4j.spec.tiles.EntryBundle;
import io.mtc4j.spec.tiles.TileNodeReader;
import io.mtc4j.spec.tiles.TilePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * A Merkle Tree certification authority instance in a directory (draft §"Issuance Logs", §"Certification Authority
 * Cosigners", §"Standalone Certificates", §"Landmark-Relative Certificates", §"Log Failures"):
 * <pre>
 * DIR/ca.json          the configuration ({@link CaConfig})
 * DIR/ca.pem           the CA certificate (§"Representing Certification Authorities")
 * DIR/keys/            the private keys ({@link CaKeys}), owner-only
 * DIR/state.json       the current log number and the rollovers
 * DIR/log/             the issuance logs (tlog-tiles; the storage location of ca.json)
 * DIR/journal/         subject public keys of batches being issued (see "Crash safety")
 * DIR/certs/           issued certificates by log, kind and run
 * DIR/landmarks/       each log's landmark sequence
 * DIR/ca.lock          held while the instance is open: one process per CA
 * </pre>
 *
 * <h2>The issuance run</h2>
 * {@link #submit} checks and encodes each request's tbs_cert_entry at once (issuer = the CA ID name) and queues it
 * in a bounded pending pool. Every checkpoint interval one run ({@link #issuanceRun}) takes the whole pool and:
 * journals the batch's subject public keys; appends the entries to the current log (mtc-log's {@link Sequencer}
 * signs the checkpoint with the CA cosigner, step 1); acknowledges the requests (their entries are durable); and
 * hands the run to the standalone stage. Then it steps the landmark allocator; a new landmark is recorded,
 * published, and its landmark-relative certificates are built in the background.
 *
 * <h2>The standalone stage</h2>
 * Steps 2-6 run on their own thread ({@link #standaloneStage}), behind the runs' appends and in their order. A pass
 * is one instance of the job (the draft RECOMMENDS one at a time): it takes every run queued since the last pass,
 * takes the two subtrees covering all their entries (step 2), signs each with the CA cosigner (step 3), asks the
 * {@link CosignerClient}s against the log's latest checkpoint (steps 4-5), builds one standalone certificate per
 * entry (step 6), stores them one file per run and drops each run's journal. So a
 * cosigner that is slow or hangs delays only the standalone certificates, never intake: the runs go on appending
 * and acknowledging, and the stage, once free, takes the runs queued meanwhile together. A queued run keeps its
 * entries in memory up to {@code poolMaxRequests} entries in all; beyond that only its range is queued and the stage
 * reads the entries back from the log and the keys from the journal.
 *
 * <h2>Crash safety</h2>
 * A request is acknowledged only after {@code Sequencer.appendEntries} returned, so its entry is durable, and only after
 * its subject public key was journaled durably. On {@link #open}, the sequencer finishes a staged batch, then each
 * journal whose batch is in the log gets its standalone certificates (rebuilt from the log's entries and tiles and
 * the journaled keys) and each journal whose batch is not was never acknowledged and is dropped; every landmark
 * without its certificates gets them. Certificate files are written once, atomically.
 *
 * <p>Thread-safe. Logs through {@link System.Logger}; never logs keys.
 */
public final class CertificationAuthority implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CertificationAuthority.class.getName());
    /** The wire profile the CA writes: the current layout. */
    public static final Profile PROFILE = Profile.PLANTS_05;
    static final HashFunction H = HashFunction.sha256();
    /** The CA certificate's file name in the CA directory. */
    public static final String CA_PEM = "ca.pem";
    private static final byte[] VERSION_3 = Der.tlv(Der.explicit(0), Der.integer(BigInteger.TWO));
    private static final Duration RETRY_AFTER_MIN = Duration.ofSeconds(1);

    private final Path dir;
    private final CaConfig config;
    private final CaKeys keys;
    /** Steps 4-5: the external cosigners and their quorum (draft §"Standalone Certificates"). */
    private final CosignerQuorum quorum;
    /** Runs whose standalone certificates wait for the cosigners' quorum, oldest first (the stage thread's). */
    private final List<Waiting> waiting = new ArrayList<>();
    private volatile int waitingRuns;
    /** When the waiting runs are asked again, and the next back-off (the stage thread's). */
    private Instant waitingRetryAt = Instant.MIN;
    private Duration waitingBackoff;
    /** The longest back-off between two requests for the waiting runs. */
    static final Duration RETRY_MAX = Duration.ofMinutes(1);
    private final Clock clock;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final byte[] caIdName;
    private final SubtreeSigner caCosigner;
    private final byte[] caCertificate;
    private final LogStore store;
    private final int currentLog;
    private final LogStorage storage;
    private final Sequencer sequencer;
    private final Journal journal;
    private final CertStore certs;
    /** Present in bootstrap mode: every entry carries its bootstrap path, published beside the log. */
    private final Optional<io.mtc4j.ca.bootstrap.BootstrapMode> bootstrap;
    private final long maxActiveLandmarks;
    private final CaMetrics metrics = new CaMetrics();
    private final ScheduledExecutorService runner;
    private final ExecutorService landmarkWorker;
    /** The standalone stage's one thread (steps 2-6), fed by {@link #enqueueStandalone}. */
    private final ExecutorService standaloneWorker;
    private volatile LandmarkAllocator landmarks; // written by the runner thread (and open)

    private final Object stageLock = new Object();
    private final java.util.ArrayDeque<Appended> queued = new java.util.ArrayDeque<>(); // guarded by stageLock
    private long queuedInMemory; // entries held by queued runs, guarded by stageLock
    private boolean stageScheduled; // guarded by stageLock
    private boolean retryAsked; // guarded by stageLock
    private volatile int queuedRuns;

    private final Object poolLock = new Object();
    private List<Pending> pool = new ArrayList<>();
    private int pooled;
    private boolean draining;
    private volatile String failure; // why the CA stopped issuing, or null
    private volatile boolean started;
    /** The current log's committed size, readable without waiting for an append in progress. */
    private volatile long logSize;
    private boolean closed;

    /** One accepted submission waiting for the next run. */
    private record Pending(List<Item> items, CompletableFuture<List<IssuedCertificate>> done) {}

    /** One request, checked and encoded. */
    private record Item(CheckedEntry entry, byte[] spki, List<byte[]> bootstrapChain) {}

    /** A run of log {@code log}, entries {@code [start, end)}, journaled, whose standalone certificates wait. */
    private record Waiting(int log, long start, long end) {}

    /**
     * What the cosigners are asked for in one pass: the interval of one or more consecutive runs, its covering
     * subtrees and their hashes, and for queued runs their steps 2-3 (a waiting run's are redone from the log only
     * once it has the quorum).
     */
    private record Candidate(List<Waiting> runs, List<Subtree> cover, List<byte[]> hashes,
            Optional<Prepared> prepared) {}

    /**
     * A run appended and acknowledged, queued for the standalone stage: entries {@code [start, end)} of log
     * {@code log}, with their entries and keys when held in memory (both empty: read back from the log and the
     * journal).
     */
    private record Appended(int log, long start, long end, List<MtcLogEntry> entries, List<byte[]> spkis) {
        Appended withoutEntries() {
            return new Appended(log, start, end, List.of(), List.of());
        }

        boolean inMemory() {
            return !entries.isEmpty();
        }
    }

    /**
     * One run's entries after steps 2-3: the covering subtrees, their trees and hashes, and per subtree the
     * signatures so far (the CA cosigner's first).
     */
    private record Prepared(int log, long start, List<MtcLogEntry> entries, List<byte[]> spkis, List<Subtree> cover,
            List<MemoryTree> trees, List<byte[]> hashes, List<List<SubtreeSignature>> sigs) {
        long end() {
            return start + entries.size();
        }
    }

    private CertificationAuthority(Path dir, CaConfig config, CaKeys keys, List<CosignerClient> cosigners,
            Clock clock) {
        this.dir = dir;
        this.config = config;
        this.keys = keys;
        this.quorum = cosigners.isEmpty() ? CosignerQuorum.of(config.cosigners()) : CosignerQuorum.allOf(cosigners);
        this.clock = clock;
        this.waitingBackoff = config.checkpointInterval();
        Path lockFile = dir.resolve("ca.lock");
        try {
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = tryLock(lockChannel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile + ": " + e, e);
        }
        if (lock == null) {
            closeQuietly(lockChannel);
            throw new CaException(lockFile.toString(), "locked", "another process has this CA open");
        }
        boolean ok = false;
        LogStore st = null;
        LogStorage w = null;
        try {
            caIdName = CaIdName.experimental(config.caId()).encode();
            caCosigner = new SubtreeSigner(config.caId(), keys.caCosigner());
            caCertificate = readCaCertificate(dir, config, keys);
            CaState state = CaState.read(dir);
            currentLog = state.currentLog();
            checkLogNumber(config, currentLog);
            st = LogStores.open(storageLocation(dir, config));
            w = st.openWriter(currentLog);
            store = st;
            storage = w;
            sequencer = Sequencer.open(w, sequencerConfig(config, keys, currentLog, clock));
            logSize = sequencer.size();
            journal = new Journal(dir.resolve("journal"));
            certs = new CertStore(dir.resolve("certs"));
            bootstrap = io.mtc4j.ca.bootstrap.BootstrapMode.open(dir);
            maxActiveLandmarks = LandmarkAllocator.maxActiveLandmarks(config.maxLifetime(), config.landmarkInterval());
            landmarks = LandmarkState.read(dir, currentLog, config.landmarkInterval());
            runner = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "mtc-ca-issuance"));
            landmarkWorker = Executors.newSingleThreadExecutor(r -> daemon(r, "mtc-ca-landmarks"));
            standaloneWorker = Executors.newSingleThreadExecutor(r -> daemon(r, "mtc-ca-standalone"));
            recover();
            ok = true;
        } finally {
            if (!ok) {
                if (w != null) {
                    w.close();
                }
                if (st != null) {
                    closeQuietly(st);
                }
                quorum.close();
                release();
            }
        }
    }

    /** The CA's lock, or null when another process (or this one) holds it. */
    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return null;
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // ---------------------------------------------------------------- creating and opening

    /**
     * Creates a CA instance in {@code dir} (empty or absent): the keys, {@code ca.pem}, {@code ca.json}, the state
     * (current log 1) and the log store's directory. Refuses a directory that already holds a CA.
     *
     * @param dir        the CA directory
     * @param config     the configuration to write
     * @param withLogKey whether to make the optional Ed25519 checkpoint key
     * @param random     the randomness for the keys
     * @param now        the CA certificate's notBefore (truncated to the second)
     * @throws CaException if {@code dir} already holds a CA
     */
    public static void init(Path dir, CaConfig config, boolean withLogKey, SecureRandom random, Instant now) {
        if (Files.exists(dir.resolve(CaConfig.FILE)) || Files.exists(dir.resolve(CaKeys.DIR))) {
            throw new CaException(dir.toString(), "exists", "already holds a CA (ca.json or keys/); refusing to"
                    + " overwrite");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e, e);
        }
        CaKeys keys = CaKeys.generate(dir, withLogKey, random);
        Instant nb = now.truncatedTo(ChronoUnit.SECONDS);
        Durable.write(dir.resolve(CA_PEM), Pem.encode("CERTIFICATE", buildCaCertificate(config, keys, nb, nb.plus(
                Duration.ofDays(3650)))).getBytes(StandardCharsets.US_ASCII));
        CaState.initial().write(dir);
        Durable.write(dir.resolve(CaConfig.FILE), config.toJson());
        LOG.log(Level.INFO, "ca.init dir={0} caId={1}", dir, config.caId());
    }

    /**
     * Opens the CA in {@code dir} with its key files and the external cosigners of {@code ca.json}, and recovers
     * (see the class comment). Issuance starts with {@link #start()}.
     *
     * @param dir the CA directory
     * @return the open CA
     * @throws CaException if the directory is not a CA, is open elsewhere, or its files are invalid
     */
    public static CertificationAuthority open(Path dir) {
        return open(dir, CaKeys.load(dir), List.of(), Clock.systemUTC());
    }

    /**
     * Opens the CA in {@code dir} with the given keys (a key store or HSM behind {@link CaKeys}) and external
     * cosigners.
     *
     * @param dir       the CA directory
     * @param keys      the signing keys; the CA cosigner's public key must be the one in {@code ca.pem}
     * @param cosigners external cosigners asked on each run instead of {@code ca.json}'s, each one required; empty:
     *                  the HTTP clients of {@code ca.json}'s {@code cosigners} sets ({@link CosignerSet})
     * @param clock     the clock (checkpoint timestamps, landmark intervals, rollovers)
     * @return the open CA
     * @throws CaException if the directory is not a CA, is open elsewhere, or its files are invalid
     */
    public static CertificationAuthority open(Path dir, CaKeys keys, List<CosignerClient> cosigners, Clock clock) {
        return open(dir, CaConfig.read(dir), keys, cosigners, clock);
    }

    /**
     * Like {@link #open(Path, CaKeys, List, Clock)} with a configuration given by the caller: {@code ca.json} read
     * and possibly changed in what only affects this process (e.g. {@link CaConfig#withListen}).
     *
     * @param dir       the CA directory
     * @param config    the configuration; its CA ID and public URL must match {@code ca.pem}
     * @param keys      the signing keys
     * @param cosigners external cosigners asked on each run instead of {@code ca.json}'s, each one required; empty:
     *                  the HTTP clients of {@code ca.json}'s {@code cosigners} sets ({@link CosignerSet})
     * @param clock     the clock
     * @return the open CA
     * @throws CaException if the directory is not a CA, is open elsewhere, or its files are invalid
     */
    public static CertificationAuthority open(Path dir, CaConfig config, CaKeys keys, List<CosignerClient> cosigners,
            Clock clock) {
        return new CertificationAuthority(dir, config, keys, cosigners, clock);
    }

    /**
     * Moves the CA in {@code dir} (not open elsewhere) to its next log after a declared log failure (draft §"Log
     * Failures"). The old log keeps its entries and is never appended to again (§"Issuance Logs": only the
     * current log); certificates of acknowledged entries are still finished from it.
     *
     * @param dir    the CA directory
     * @param reason why (recorded in {@code state.json})
     * @param now    when
     * @return the new current log number
     * @throws CaException if the next log number exceeds what maxSerial allows, or the CA is open
     */
    public static int rollover(Path dir, String reason, Instant now) {
        if (reason == null || reason.isBlank()) {
            throw new CaException("reason", "required", "a rollover needs a reason (it is a PKI incident)");
        }
        CaConfig config = CaConfig.read(dir);
        Path lockFile = dir.resolve("ca.lock");
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock l = tryLock(ch)) {
            if (l == null) {
                throw new CaException(lockFile.toString(), "locked", "the CA is open (stop 'mtc ca serve' first)");
            }
            CaState s = CaState.read(dir);
            checkLogNumber(config, s.currentLog() + 1);
            CaState next = s.rollover(now, reason);
            next.write(dir);
            LOG.log(Level.WARNING, "ca.rollover from={0} to={1}", s.currentLog(), next.currentLog());
            return next.currentLog();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Log numbers above maxLogNumber would have serials above the CA certificate's maxSerial. */
    private static void checkLogNumber(CaConfig config, int log) {
        if (log > config.maxLogNumber()) {
            throw new CaException("log", "above-max-serial", "log number " + log + " exceeds maxLogNumber "
                    + config.maxLogNumber() + ": its serials would exceed the CA certificate's maxSerial (draft"
                    + " §\"Limiting Issuance Logs\")");
        }
    }

    /** The highest serial of log {@code maxLogNumber}: {@code ((maxLogNumber + 1) << 48) - 1}. */
    static BigInteger maxSerial(CaConfig config) {
        return BigInteger.valueOf(config.maxLogNumber() + 1L).shiftLeft(48).subtract(BigInteger.ONE);
    }

    // draft §"Representing Certification Authorities"
    private static byte[] buildCaCertificate(CaConfig config, CaKeys keys, Instant notBefore, Instant notAfter) {
        MtcCertificationAuthority authority = MtcCertificationAuthority.of(MtcOids.SHA256, MtcOids.ML_DSA_44,
                BigInteger.ONE.shiftLeft(48), maxSerial(config));
        return CaCertificate.buildUnsigned(PROFILE, CaIdName.experimental(config.caId()), notBefore, notAfter,
                keys.caCosigner().publicKeySpki(), authority, true, Optional.of(config.publicUrl())).encoded();
    }

    /** ca.pem, checked against the configuration and the keys (a CA never signs as another: C4). */
    private static byte[] readCaCertificate(Path dir, CaConfig config, CaKeys keys) {
        Path f = dir.resolve(CA_PEM);
        try {
            List<Pem.Block> blocks = Pem.decodeAll(Files.readString(f, StandardCharsets.US_ASCII));
            if (blocks.size() != 1) {
                throw new CaException(f.toString(), "one-certificate", "must hold exactly one CERTIFICATE");
            }
            byte[] der = blocks.get(0).der();
            CaCertificate c = CaCertificate.parse(PROFILE, der);
            if (!c.subject().id().equals(config.caId())) {
                throw new CaException(f.toString(), "ca-id", "names CA " + c.subject().id() + ", ca.json " + config.caId());
            }
            if (!c.prefixUrl().equals(Optional.of(config.publicUrl()))) {
                throw new CaException(f.toString(), "public-url", "its prefix URL is " + c.prefixUrl().orElse("absent")
                        + ", ca.json's publicUrl " + config.publicUrl());
            }
            if (!Arrays.equals(c.cosignerPublicKey(), keys.caCosigner().publicKeySpki())) {
                throw new CaException(f.toString(), "cosigner-key", "its key is not the CA cosigner key");
            }
            return der;
        } catch (IOException e) {
            throw new CaException(f.toString(), "unreadable", e.toString());
        } catch (MtcException e) {
            throw new CaException(f.toString(), "ca-certificate", e.getMessage());
        }
    }

    private static String storageLocation(Path dir, CaConfig config) {
        String s = config.storage();
        return s.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*") ? s : dir.resolve(s).toString();
    }

    private static SequencerConfig sequencerConfig(CaConfig config, CaKeys keys, int log, Clock clock) {
        List<NoteSigner> signers = new ArrayList<>();
        signers.add(NoteSigner.mlDsa44Cosigner(config.caId().tlogName(), keys.caCosigner(),
                () -> clock.instant().getEpochSecond()));
        keys.logKey().ifPresent(k -> signers.add(NoteSigner.ed25519(config.caId().logId(log).tlogName(), k)));
        return new SequencerConfig(config.caId(), log, PROFILE, signers);
    }

    // ---------------------------------------------------------------- accessors

    /** @return the configuration */
    public CaConfig config() {
        return config;
    }

    /** @return the current log number (draft §"Issuance Logs") */
    public int currentLog() {
        return currentLog;
    }

    /** @return the committed size of the current log */
    public long treeSize() {
        return logSize;
    }

    /** @return the current log's published checkpoint (a signed note) */
    byte[] checkpoint() {
        return sequencer.checkpoint();
    }

    /** @return the CA certificate, DER */
    public byte[] caCertificate() {
        return caCertificate.clone();
    }

    /** @return the log store, for serving the logs (read only) */
    public LogStore logStore() {
        return store;
    }

    /** @return the CA directory */
    public Path directory() {
        return dir;
    }

    /** @return why the CA stopped issuing, if it did (storage failure); health endpoints report it */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * The runs whose standalone certificates wait for the external cosigners' quorum (their requests are
     * acknowledged and logged; the certificates are issued by the first run that gets the quorum).
     *
     * @return the number of waiting runs
     */
    public int waitingRuns() {
        return waitingRuns;
    }

    /**
     * The runs appended and acknowledged whose standalone certificates the standalone stage has not yet taken up
     * (see the class comment): more than one while a cosigner is slow or the stage is behind.
     *
     * @return the number of queued runs
     */
    public int queuedRuns() {
        return queuedRuns;
    }

    /** @return the number of requests accepted and not yet in the log */
    public int pending() {
        synchronized (poolLock) {
            return pooled;
        }
    }

    CaMetrics metrics() {
        return metrics;
    }

    /**
     * The CA's {@code max_active_landmarks} (draft §"Allocating Landmarks", from the maximum lifetime and the
     * landmark interval).
     *
     * @return max_active_landmarks
     */
    public long maxActiveLandmarks() {
        return maxActiveLandmarks;
    }

    /**
     * The landmark sequence of log {@code log} as last persisted (draft §"Landmark Tree Sizes"): it holds every
     * landmark a stored landmark-relative certificate was built from.
     *
     * @param log a log number, 1..{@link #currentLog()}
     * @return the sequence
     */
    public io.mtc4j.spec.landmark.LandmarkSequence landmarkSequence(int log) {
        if (log < 1 || log > currentLog) {
            throw new IllegalArgumentException("log " + log + " outside 1.." + currentLog);
        }
        return LandmarkState.read(dir, log, config.landmarkInterval()).sequence();
    }

    // ---------------------------------------------------------------- intake

    /**
     * Accepts a batch of requests for the next issuance run. Each request's tbs_cert_entry is built now (issuer =
     * the CA ID name) and checked as the log will check it; a bad one refuses the whole batch and nothing is kept.
     * The future completes once every entry is durable in the current log (the acknowledgement), in request order,
     * or exceptionally if the run failed (then nothing was acknowledged).
     *
     * @param requests 1 or more validated requests
     * @return the future acknowledgement
     * @throws CaException         naming {@code requests[i]} and the rule, if an entry cannot be logged
     * @throws OverloadedException if the pool is full, or the CA is stopping or failed
     */
    public CompletableFuture<List<IssuedCertificate>> submit(List<IssuanceRequest> requests) {
        if (requests.isEmpty()) {
            throw new CaException("requests", "empty", "needs at least one request");
        }
        List<Item> items = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            items.add(item(requests.get(i), "requests[" + i + "]"));
        }
        CompletableFuture<List<IssuedCertificate>> done = new CompletableFuture<>();
        synchronized (poolLock) {
            if (draining || failure != null) {
                metrics.refused();
                throw new OverloadedException(OverloadedException.Reason.UNAVAILABLE, RETRY_AFTER_MIN.multipliedBy(5),
                        failure != null ? "the CA stopped issuing after a storage failure" : "the CA is stopping");
            }
            if (pooled + items.size() > config.poolMaxRequests()) {
                metrics.refused();
                throw new OverloadedException(OverloadedException.Reason.POOL_FULL, retryAfter(),
                        "the pending pool holds " + pooled + " of " + config.poolMaxRequests() + " requests");
            }
            pool.add(new Pending(items, done));
            pooled += items.size();
        }
        metrics.accepted(items.size());
        return done;
    }

    /** A full pool empties at the next run: retry after one checkpoint interval (whole seconds, at least 1). */
    private Duration retryAfter() {
        long s = (config.checkpointInterval().toMillis() + 999) / 1000;
        return Duration.ofSeconds(Math.max(1, s));
    }

    /**
     * draft §"Log Entries": the TBSCertificateLogEntry of the certificate the request describes (version 3,
     * issuer = the CA ID name), written from its fields (the TBSCertificate of §"Certificate Format" step 7 without
     * building it), then parsed strictly as the log will (every field's DER: names, validity, extensions).
     */
    private Item item(IssuanceRequest r, String field) {
        List<byte[]> chain = r.bootstrapChain();
        if (bootstrap.isPresent() == chain.isEmpty()) {
            throw bootstrap.isPresent()
                    ? new CaException(field, "bootstrap-chain-required", "this CA is in bootstrap mode: every"
                            + " request is converted from a validated bootstrap chain")
                    : new CaException(field, "not-bootstrap-mode", "this CA is not in bootstrap mode");
        }
        byte[] spki = r.subjectPublicKeyInfo();
        byte[] encoded;
        try {
            byte[] algorithm = X509Der.checkSubjectPublicKeyInfo(DerReader.single(spki, "SubjectPublicKeyInfo"))
                    .encoded();
            // each one DER element, so no field can shift into the next
            byte[] subject = DerReader.single(r.subject(), "subject").encoded();
            byte[] extensions = DerReader.single(r.extensions(), "extensions").encoded();
            // TBSCertificateLogEntry's fields in order (version, issuer, validity, subject, subjectPublicKeyAlgorithm
            // where the profile has it, subjectPublicKeyInfoHash, extensions), checked below by the log's parse
            encoded = MtcLogEntry.encodeTbsCertEntry(PROFILE, Der.concat(VERSION_3, caIdName,
                    X509Der.validity(r.notBefore(), r.notAfter()), subject,
                    PROFILE.hasSubjectPublicKeyAlgorithm() ? algorithm : new byte[0],
                    Der.tlv(Der.OCTET_STRING, H.digest(spki)), Der.tlv(Der.explicit(3), extensions)));
        } catch (MtcException | IllegalArgumentException e) {
            throw new CaException(field, "tbs-certificate", "does not make a valid TBSCertificate: " + e.getMessage());
        }
        CheckedEntry checked;
        try {
            // the entry's one strict parse, by the log's own rules: the run appends it without parsing it again
            checked = CheckedEntry.check(0, encoded, PROFILE, java.util.Set.of());
        } catch (InvalidEntryException e) {
            throw new CaException(field, e.rule() == InvalidEntryException.Rule.MALFORMED ? "tbs-certificate"
                    : "log-entry", e.getMessage());
        } catch (RuntimeException e) {
            throw new CaException(field, "log-entry", e.getMessage());
        }
        return new Item(checked, spki, chain);
    }

    // ---------------------------------------------------------------- the issuance run

    /**
     * Starts the issuance runs: one starting every checkpoint interval, on one thread (draft §"Standalone
     * Certificates": at most one instance of the job at a time). A run that takes longer than the interval is followed
     * at once by the next one, then the rhythm resumes from that start: runs never queue behind each other, and a
     * request waits at most one interval plus the run in progress.
     */
    public void start() {
        synchronized (poolLock) {
            if (started) {
                return;
            }
            started = true;
        }
        runner.schedule(this::scheduledRun, config.checkpointInterval().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void scheduledRun() {
        long began = System.nanoTime();
        try {
            issuanceRun();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "ca.run.failed error={0}", e.toString());
        }
        long next = Math.max(0, config.checkpointInterval().toNanos() - (System.nanoTime() - began));
        try {
            runner.schedule(this::scheduledRun, next, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: the drain runs the last one
        }
    }

    /**
     * Runs one issuance run now, on the run thread, then waits until the standalone stage has taken up every run
     * queued so far (tests, draining): the run's standalone certificates are stored, or its run waits for the
     * cosigners' quorum.
     */
    void runNow() {
        runIntakeNow();
        awaitStandalone();
    }

    /** Runs one issuance run now, on the run thread, and waits for it: its requests are acknowledged (tests). */
    void runIntakeNow() {
        await(runner.submit(this::issuanceRun));
    }

    /** Waits until the standalone stage has taken up every run queued so far, and the recovery's waiting runs. */
    void awaitStandalone() {
        await(standaloneWorker.submit(() -> { }));
    }

    /** Waits until the landmark-relative certificates scheduled so far are built. */
    void awaitLandmarks() {
        await(landmarkWorker.submit(() -> { }));
    }

    private static void await(java.util.concurrent.Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    // draft §"Standalone Certificates": the job, one run
    private void issuanceRun() {
        List<Pending> batch;
        synchronized (poolLock) {
            batch = pool;
            pool = new ArrayList<>();
        }
        if (!batch.isEmpty()) {
            long t0 = System.nanoTime();
            try {
                issueBatch(batch);
            } finally {
                synchronized (poolLock) {
                    for (Pending p : batch) {
                        pooled -= p.items.size();
                    }
                }
            }
            metrics.run(System.nanoTime() - t0);
        }
        // runs waiting for the cosigners' quorum: the stage asks again when their back-off is due
        if (batch.isEmpty() && failure == null && waitingRuns > 0) {
            askStandaloneRetry();
        }
        allocateLandmark(clock.instant());
    }

    private void issueBatch(List<Pending> batch) {
        List<Item> items = new ArrayList<>();
        for (Pending p : batch) {
            items.addAll(p.items);
        }
        if (failure != null) {
            failAll(batch, new OverloadedException(OverloadedException.Reason.UNAVAILABLE, Duration.ofSeconds(5),
                    "the CA stopped issuing: " + failure));
            return;
        }
        int log = currentLog;
        long start = sequencer.size();
        List<byte[]> spkis = new ArrayList<>(items.size());
        List<CheckedEntry> entries = new ArrayList<>(items.size());
        for (Item it : items) {
            spkis.add(it.spki);
            entries.add(it.entry);
        }
        if (bootstrap.isPresent()) {
            // Durable before the append: no committed entry is ever without its bootstrap element.
            try {
                bootstrap.get().publish(storage, start, items.stream().map(Item::bootstrapChain).toList());
            } catch (RuntimeException e) {
                failure = "the bootstrap publication failed: " + e;
                LOG.log(Level.ERROR, "ca.bootstrap.failed log={0} start={1} error={2}", log, start, e.toString());
                failAll(batch, new OverloadedException(OverloadedException.Reason.UNAVAILABLE, Duration.ofSeconds(5),
                        "the bootstrap publication failed; nothing of this batch was logged"));
                return;
            }
        }
        long t0 = System.nanoTime();
        journal.write(log, start, spkis);
        long t1 = System.nanoTime();
        Sequencer.Appended appended;
        try {
            appended = sequencer.appendEntries(entries);
        } catch (RuntimeException e) {
            // The sequencer may have finished the batch although append threw (see Sequencer): then it is logged.
            long size;
            try {
                size = sequencer.size();
            } catch (RuntimeException again) {
                size = start;
            }
            if (size != start + entries.size()) {
                failure = e.toString();
                LOG.log(Level.ERROR, "ca.append.failed log={0} start={1} error={2}", log, start, e.toString());
                journal.delete(log, start);
                failAll(batch, new OverloadedException(OverloadedException.Reason.UNAVAILABLE, Duration.ofSeconds(5),
                        "the log append failed; nothing of this batch was logged"));
                return;
            }
            appended = new Sequencer.Appended(start, size, sequencer.checkpoint());
        }
        if (appended.start() != start) {
            failure = "the log grew behind the CA's back";
            throw new IllegalStateException("log " + log + " appended at " + appended.start() + ", expected " + start);
        }
        logSize = appended.end();
        long t2 = System.nanoTime();
        // Acknowledge: every entry is durable in the log, every key in the journal.
        long index = start;
        for (Pending p : batch) {
            List<IssuedCertificate> out = new ArrayList<>(p.items.size());
            for (int i = 0; i < p.items.size(); i++, index++) {
                out.add(new IssuedCertificate(CertificateBuilder.serialNumber(PROFILE, log, index), log, index));
            }
            p.done.complete(out);
        }
        List<MtcLogEntry> parsed = new ArrayList<>(items.size());
        for (Item it : items) {
            parsed.add(it.entry.entry());
        }
        metrics.logged(t1 - t0, t2 - t1);
        enqueueStandalone(new Appended(log, start, appended.end(), parsed, spkis));
    }

    private static void failAll(List<Pending> batch, RuntimeException e) {
        for (Pending p : batch) {
            p.done.completeExceptionally(e);
        }
    }

    // ---------------------------------------------------------------- the standalone stage

    /** Queues an acknowledged run for the standalone stage (its entries in memory while the bound allows). */
    private void enqueueStandalone(Appended run) {
        synchronized (stageLock) {
            Appended r = run;
            if (queuedInMemory + (r.end() - r.start()) > config.poolMaxRequests()) {
                r = r.withoutEntries(); // the stage reads them back from the log and the journal
            } else {
                queuedInMemory += r.end() - r.start();
            }
            queued.add(r);
            queuedRuns = queued.size();
            scheduleStage();
        }
    }

    /** Asks the standalone stage to ask the cosigners again for the waiting runs (once, however often asked). */
    private void askStandaloneRetry() {
        synchronized (stageLock) {
            retryAsked = true;
            scheduleStage();
        }
    }

    private void scheduleStage() {
        if (!stageScheduled) {
            try {
                standaloneWorker.execute(this::standaloneStage);
                stageScheduled = true;
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed: the queued runs stay journaled and the next open issues them
            }
        }
    }

    /**
     * The standalone stage: while runs are queued (or a retry was asked), takes them all and issues their standalone
     * certificates, with the waiting runs of every log.
     */
    private void standaloneStage() {
        while (true) {
            List<Appended> runs;
            synchronized (stageLock) {
                runs = new ArrayList<>(queued);
                queued.clear();
                queuedInMemory = 0;
                queuedRuns = 0;
                retryAsked = false;
                if (runs.isEmpty() && waiting.isEmpty()) {
                    stageScheduled = false;
                    return;
                }
            }
            if (failure != null) {
                // the runs stay journaled: the next open issues their certificates
                synchronized (stageLock) {
                    stageScheduled = false;
                    queuedRuns = queued.size();
                }
                return;
            }
            long t0 = System.nanoTime();
            try {
                issueStandalone(runs);
            } catch (RuntimeException e) {
                // The runs are acknowledged and journaled: the next open finishes their certificates. Until then the
                // CA accepts nothing (503, /healthz failed) rather than issue around a hole.
                String range = runs.isEmpty() ? "waiting runs" : "log " + runs.get(0).log() + " [" + runs.get(0)
                        .start() + ", " + runs.get(runs.size() - 1).end() + ")";
                failure = "the certificates of " + range + " failed: " + e;
                LOG.log(Level.ERROR, "ca.certificates.failed runs={0} error={1}", range, e.toString());
            }
            metrics.certificates(System.nanoTime() - t0);
            synchronized (stageLock) {
                queuedRuns = queued.size();
                if (queued.isEmpty() && !retryAsked) {
                    stageScheduled = false;
                    return;
                }
            }
        }
    }

    /**
     * draft §"Standalone Certificates" steps 2-6 for the runs {@code queued} (in log order) and, when their retry is
     * due, the runs still waiting for the external cosigners: the covering subtrees, the CA's and the external
     * cosigners' signatures, one certificate per entry, stored, and the journal dropped. The external cosigners are
     * asked once per log, against its latest checkpoint; a run whose subtrees miss the quorum waits (its journal
     * kept). Waiting runs are asked again with a back-off (one checkpoint interval, doubling to
     * {@link #RETRY_MAX}), and at once when a new run gets its quorum (the cosigners answer again).
     */
    private void issueStandalone(List<Appended> queuedRuns) {
        Instant now = clock.instant();
        boolean waitedBefore = !waiting.isEmpty();
        boolean due = waitedBefore && !now.isBefore(waitingRetryAt);
        java.util.SortedSet<Integer> logs = new java.util.TreeSet<>();
        if (due) {
            waiting.forEach(w -> logs.add(w.log()));
        }
        queuedRuns.forEach(r -> logs.add(r.log()));
        boolean newRunIssued = false;
        for (int log : logs) {
            // the latest checkpoint covers every run queued or waiting; the cosigners see checkpoints in order
            byte[] cp = log == currentLog ? sequencer.checkpoint()
                    : store.objects(log).orElseThrow().read("checkpoint").orElseThrow();
            NodeReader reader = nodeReader(log);
            List<Candidate> runs = new ArrayList<>();
            if (due) {
                for (Waiting w : waiting) {
                    if (w.log() == log) {
                        runs.add(coverWaiting(w, reader));
                    }
                }
            }
            List<Appended> mine = queuedRuns.stream().filter(r -> r.log() == log).toList();
            if (!mine.isEmpty()) {
                runs.add(prepareQueued(log, mine, reader));
            }
            newRunIssued |= cosignAndBuild(log, cp, runs, reader);
        }
        if (waiting.isEmpty()) {
            waitingBackoff = config.checkpointInterval();
            waitingRetryAt = Instant.MIN;
        } else if (due || !waitedBefore) {
            waitingRetryAt = now.plus(waitingBackoff);
            Duration doubled = waitingBackoff.multipliedBy(2);
            waitingBackoff = doubled.compareTo(RETRY_MAX) > 0 ? RETRY_MAX : doubled;
        } else if (newRunIssued) {
            // a new run got its quorum: the cosigners answer again, so the waiting runs are asked at once
            waitingRetryAt = Instant.MIN;
            askStandaloneRetry();
        }
    }

    /** A waiting run's covering subtrees (step 2) and their hashes from the log's tiles, for asking the cosigners. */
    private Candidate coverWaiting(Waiting w, NodeReader reader) {
        List<Subtree> cover = Covering.coveringSubtrees(w.start(), w.end(), PROFILE);
        List<byte[]> hashes = cover.stream().map(s -> SubtreeProofs.subtreeHash(reader, s)).toList();
        return new Candidate(List.of(w), cover, hashes, Optional.empty());
    }

    /**
     * Steps 2-3 for the runs of one log the pass took, consecutive: one job for the entries added since the
     * previous one (draft §"Standalone Certificates" step 2: the two subtrees covering them all), so a stage that
     * fell behind signs and asks for two subtrees, not two per run.
     */
    private Candidate prepareQueued(int log, List<Appended> runs, NodeReader reader) {
        long start = runs.get(0).start();
        List<MtcLogEntry> entries = new ArrayList<>();
        List<byte[]> spkis = new ArrayList<>();
        List<Waiting> parts = new ArrayList<>();
        for (Appended r : runs) {
            if (r.start() != start + entries.size()) {
                throw new IllegalStateException("log " + log + ": queued run [" + r.start() + ", " + r.end()
                        + ") does not follow " + (start + entries.size()));
            }
            entries.addAll(r.inMemory() ? r.entries() : readEntries(log, r.start(), r.end(), size(log)));
            spkis.addAll(r.inMemory() ? r.spkis() : journal.read(log, r.start()).spkis());
            parts.add(new Waiting(log, r.start(), r.end()));
        }
        Prepared p = prepare(log, start, entries, spkis, reader);
        return new Candidate(parts, p.cover(), p.hashes(), Optional.of(p));
    }

    /** Steps 2-3 for one run. */
    private Prepared prepare(int log, long start, List<MtcLogEntry> entries, List<byte[]> spkis, NodeReader reader) {
        long tStart = System.nanoTime();
        // step 2: the subtrees covering [start, end) (§"Efficiently Covering Arbitrary Intervals")
        List<Subtree> cover = Covering.coveringSubtrees(start, start + entries.size(), PROFILE);
        IntStream li = IntStream.range(0, entries.size());
        List<byte[]> leafHashes = li.parallel().mapToObj(i -> entries.get(i).entryHash(H)).toList();
        List<MemoryTree> trees = new ArrayList<>();
        List<byte[]> hashes = new ArrayList<>();
        for (Subtree s : cover) {
            MemoryTree t = new MemoryTree(H);
            for (long i = s.start(); i < s.end(); i++) {
                t.appendLeafHash(i < start ? reader.node(0, i) : leafHashes.get((int) (i - start)));
            }
            byte[] hash = t.rootHash();
            // The log's tiles and the entries must agree before the CA certifies them (§"Log Failures").
            if (!MessageDigest.isEqual(hash, SubtreeProofs.subtreeHash(reader, s))) {
                failure = "subtree " + s + " of log " + log + " differs from the log's tiles";
                throw new IllegalStateException(failure);
            }
            trees.add(t);
            hashes.add(hash);
        }
        long tSigned = System.nanoTime();
        // step 3: the CA cosigner signs each subtree (timestamp 0, draft §"Certificate Format"); an empty covering
        // subtree (of a one-entry interval) holds no entry, so no certificate carries its signatures
        List<List<SubtreeSignature>> sigs = new ArrayList<>();
        for (int k = 0; k < cover.size(); k++) {
            Subtree s = cover.get(k);
            List<SubtreeSignature> l = new ArrayList<>();
            if (s.size() > 0) {
                l.add(new SubtreeSignature(config.caId(), signSubtree(log, s, hashes.get(k))));
            }
            sigs.add(l);
        }
        metrics.hashing(tSigned - tStart);
        metrics.signing(System.nanoTime() - tSigned);
        return new Prepared(log, start, entries, spkis, cover, trees, hashes, sigs);
    }

    /**
     * Steps 4-5 for the runs of {@code log} (all within {@code checkpoint}), then step 6 for each run whose every
     * subtree has the quorum (a waiting run is prepared again from the log's entries and its journal first); the
     * others wait.
     *
     * @return whether a run that was not waiting got its quorum
     */
    private boolean cosignAndBuild(int log, byte[] checkpoint, List<Candidate> runs, NodeReader reader) {
        List<Optional<List<SubtreeSignature>>> got = new ArrayList<>();
        String missing = "";
        if (quorum.isEmpty()) {
            runs.forEach(p -> p.cover().forEach(s -> got.add(Optional.of(List.of()))));
        } else {
            long t0 = System.nanoTime();
            // an empty covering subtree (a one-subtree interval) holds no entry: no certificate needs its signatures
            List<Subtree> subtrees = new ArrayList<>();
            List<byte[]> hashes = new ArrayList<>();
            for (Candidate p : runs) {
                for (int k = 0; k < p.cover().size(); k++) {
                    if (p.cover().get(k).size() > 0) {
                        subtrees.add(p.cover().get(k));
                        hashes.add(p.hashes().get(k));
                    }
                }
            }
            CosignerQuorum.Outcome o = quorum.collect(PROFILE, new CosignerClient.Request(config.caId().logId(log),
                    checkpoint, subtrees, hashes, log == currentLog ? storage : store.objects(log).orElseThrow(),
                    List.of(caCheckpointKey())));
            int asked = 0;
            for (Candidate p : runs) {
                for (Subtree s : p.cover()) {
                    got.add(s.size() > 0 ? o.signatures().get(asked++) : Optional.of(List.of()));
                }
            }
            missing = o.missing();
            metrics.signing(System.nanoTime() - t0);
        }
        boolean newRunIssued = false;
        int at = 0;
        for (Candidate c : runs) {
            List<Optional<List<SubtreeSignature>>> mine = got.subList(at, at + c.cover().size());
            at += c.cover().size();
            if (mine.stream().anyMatch(Optional::isEmpty)) {
                // The quorum is not met: the runs' standalone certificates wait, journaled (survives a restart).
                for (Waiting w : c.runs()) {
                    boolean first = c.prepared().isPresent() && !waiting.contains(w);
                    if (first) {
                        waiting.add(w);
                        waitingRuns = waiting.size();
                    }
                    // logged when the run starts waiting; each retry's cosigner failures are logged by CosignerQuorum
                    LOG.log(first ? Level.WARNING : Level.DEBUG, "ca.standalone.waiting log={0} start={1} end={2}"
                            + " waitingRuns={3} reason={4}", log, w.start(), w.end(), waiting.size(), missing);
                }
                continue;
            }
            Waiting first = c.runs().get(0);
            Prepared p = c.prepared().isPresent() ? c.prepared().get() : prepare(log, first.start(), readEntries(log,
                    first.start(), first.end(), size(log)), journal.read(log, first.start()).spkis(), reader);
            for (int k = 0; k < p.cover().size(); k++) {
                p.sigs().get(k).addAll(mine.get(k).orElseThrow());
            }
            build(p, c.runs());
            for (Waiting w : c.runs()) {
                journal.delete(log, w.start());
                if (waiting.remove(w)) {
                    waitingRuns = waiting.size();
                    LOG.log(Level.INFO, "ca.standalone.issued-late log={0} start={1} end={2} waitingRuns={3}", log,
                            w.start(), w.end(), waiting.size());
                    rescheduleLandmarks(log, w.start(), w.end());
                } else {
                    newRunIssued = true;
                }
            }
            metrics.issued(p.entries().size());
        }
        return newRunIssued;
    }

    /**
     * Step 6: one certificate per entry, the signatures sorted once per subtree, stored one file per run (a landmark
     * never splits a run's file).
     */
    private void build(Prepared p, List<Waiting> runs) {
        long tHashed = System.nanoTime();
        int log = p.log();
        long start = p.start();
        List<Subtree> cover = p.cover();
        // draft §"Certificate Format": the signatures sorted (MtcProof#withSortedSignatures)
        List<List<SubtreeSignature>> sorted = new ArrayList<>();
        for (int k = 0; k < cover.size(); k++) {
            sorted.add(new MtcProof(0, 0, List.of(), p.sigs().get(k)).withSortedSignatures().signatures());
        }
        List<java.util.concurrent.ConcurrentMap<Long, byte[]>> rightEdges = List.of(
                new java.util.concurrent.ConcurrentHashMap<>(), new java.util.concurrent.ConcurrentHashMap<>());
        List<byte[]> out = IntStream.range(0, p.entries().size()).parallel().mapToObj(i -> {
            long index = start + i;
            int k = cover.get(0).contains(index) ? 0 : 1;
            Subtree s = cover.get(k);
            List<byte[]> proof = SubtreeProofs.inclusionProof(p.trees().get(k), new Subtree(0, s.size()),
                    index - s.start(), rightEdges.get(k));
            MtcProof mp = new MtcProof(s.start(), s.end(), proof, sorted.get(k));
            return CertificateBuilder.encodeStandalone(p.entries().get(i), p.spkis().get(i), log, index, mp, H);
        }).toList();
        long tBuilt = System.nanoTime();
        // the certificates of one subtree end in the same signatures: stored once per subtree
        for (Waiting r : runs) {
            int[] group = new int[(int) (r.end() - r.start())];
            for (int i = 0; i < group.length; i++) {
                group[i] = cover.get(0).contains(r.start() + i) ? 0 : 1;
            }
            certs.write(log, CertStore.Kind.STANDALONE, r.start(), out.subList((int) (r.start() - start),
                    (int) (r.end() - start)), group);
        }
        metrics.building(tBuilt - tHashed);
        metrics.storing(System.nanoTime() - tBuilt);
    }

    /** A run issued late: the landmark-relative certificates of the landmark containing it are built now. */
    private void rescheduleLandmarks(int log, long start, long end) {
        LandmarkAllocator a = log == currentLog ? landmarks : LandmarkState.read(dir, log, config.landmarkInterval());
        for (long l = 1; l <= a.sequence().lastLandmark(); l++) {
            if (a.sequence().treeSize(l - 1) < end && a.sequence().treeSize(l) > start) {
                scheduleLandmark(log, a, l);
            }
        }
    }

    /** The note key the CA's checkpoints verify under: its CA cosigner's ML-DSA-44 key (mtc-tlog "Cosigners"). */
    private io.mtc4j.spec.note.NoteVerifier caCheckpointKey() {
        return io.mtc4j.spec.note.NoteVerifier.fromVkey(keys.caCosignerVkey(config.caId()));
    }

    /** The CA cosigner signs only subtrees of this CA's own logs (draft §"Certification Authority Cosigners", C4). */
    private byte[] signSubtree(int log, Subtree s, byte[] hash) {
        checkLogNumber(config, log);
        return caCosigner.signSubtree(PROFILE, config.caId().logId(log), s.start(), s.end(), hash);
    }

    // ---------------------------------------------------------------- landmarks

    // draft §"Allocating Landmarks" step 2, then §"Publishing Landmarks"
    private void allocateLandmark(Instant now) {
        LandmarkAllocator next = landmarks.step(now, sequencer.size());
        if (next == landmarks) {
            return;
        }
        LandmarkState.write(dir, currentLog, next);
        landmarks = next;
        publishLandmarks();
        long l = next.sequence().lastLandmark();
        metrics.landmark(l);
        LOG.log(Level.INFO, "ca.landmark log={0} landmark={1} treeSize={2}", currentLog, l,
                next.sequence().treeSize(l));
        scheduleLandmark(currentLog, next, l);
    }

    private void publishLandmarks() {
        storage.writeLandmarks(landmarks.sequence().publish(maxActiveLandmarks).format()
                .getBytes(StandardCharsets.US_ASCII));
    }

    private void scheduleLandmark(int log, LandmarkAllocator a, long landmark) {
        landmarkWorker.execute(() -> {
            try {
                issueLandmarkRelative(log, a, landmark);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "ca.landmark.failed log={0} landmark={1} error={2}", log, landmark, e.toString());
            }
        });
    }

    /**
     * draft §"Constructing Landmark-Relative Certificates" for every entry of landmark {@code L}: the entries
     * {@code [tree_size(L-1), tree_size(L))}, run by run; each certificate is built from the entry's standalone
     * certificate (its TBSCertificate, written from the log entry and key), or for a run still waiting for the
     * cosigners' quorum from its journal and the log's entries, with the landmark subtree that contains it and no
     * signatures.
     */
    private void issueLandmarkRelative(int log, LandmarkAllocator a, long landmark) {
        long from = a.sequence().treeSize(landmark - 1);
        long to = a.sequence().treeSize(landmark);
        List<Subtree> subtrees = a.sequence().landmarkSubtrees(landmark);
        NodeReader reader = nodeReader(log);
        // Runs whose standalone certificates are not stored yet (queued in the standalone stage, or waiting for the
        // cosigners' quorum): a landmark-relative certificate needs no signature, so they are built from the run's
        // journal (the keys) and the log's entries. The journals are listed first: the stage stores a run's
        // certificates before it drops its journal, so a run missing from this list is in the ranges read after.
        List<Journal.Batch> journaled = journal.list();
        Map<Long, Long> runs = new java.util.TreeMap<>(certs.ranges(log, CertStore.Kind.STANDALONE, true));
        Map<Long, Journal.Batch> waitingRun = new java.util.HashMap<>();
        for (Journal.Batch b : journaled) {
            if (b.log() == log && b.start() >= from && b.end() <= to && !runs.containsKey(b.start())) {
                runs.put(b.start(), b.end());
                waitingRun.put(b.start(), b);
            }
        }
        Map<Subtree, java.util.concurrent.ConcurrentMap<Long, byte[]>> rightEdges = new java.util.HashMap<>();
        for (Map.Entry<Long, Long> run : runs.entrySet()) {
            long s = run.getKey();
            long e = run.getValue();
            if (e <= from || s >= to) {
                continue;
            }
            if (s < from || e > to) {
                throw new IllegalStateException("run [" + s + ", " + e + ") straddles landmark " + landmark);
            }
            if (certs.has(log, CertStore.Kind.LANDMARK, s, e)) {
                continue;
            }
            List<byte[]> out = new ArrayList<>((int) (e - s));
            Journal.Batch waitingKeys = waitingRun.get(s);
            List<MtcLogEntry> waitingEntries = waitingKeys == null ? List.of() : readEntries(log, s, e, size(log));
            List<byte[]> standalone = waitingKeys != null ? List.of()
                    : certs.readRun(log, CertStore.Kind.STANDALONE, s, e);
            for (long i = s; i < e; i++) {
                long index = i;
                Subtree st = subtrees.stream().filter(x -> x.contains(index)).findFirst().orElseThrow();
                MtcProof p = new MtcProof(st.start(), st.end(), SubtreeProofs.inclusionProof(reader, st, i,
                        rightEdges.computeIfAbsent(st, x -> new java.util.concurrent.ConcurrentHashMap<>())), List.of());
                out.add(waitingKeys != null
                        ? CertificateBuilder.encodeLandmarkRelative(waitingEntries.get((int) (i - s)),
                                waitingKeys.spkis().get((int) (i - s)), log, i, p, H)
                        // the standalone certificate's TBSCertificate, which the CA wrote from the entry and its key
                        : CertificateBuilder.encodeLandmarkRelative(standalone.get((int) (i - s)), p, PROFILE));
            }
            certs.write(log, CertStore.Kind.LANDMARK, s, out);
        }
    }

    // ---------------------------------------------------------------- reading logs

    /** A reader of log {@code log} at its committed size (the current log's through the sequencer). */
    private NodeReader nodeReader(int log) {
        if (log == currentLog) {
            return sequencer.nodeReader();
        }
        LogObjects o = store.objects(log).orElseThrow(() -> new IllegalStateException("log " + log + " is absent"));
        return new TileNodeReader(H, committedSize(o), path -> o.read(path.path()));
    }

    private static long committedSize(LogObjects o) {
        byte[] cp = o.read("checkpoint").orElseThrow(() -> new IllegalStateException("no checkpoint"));
        return Checkpoint.parse(SignedNote.parse(cp).text()).size();
    }

    private long size(int log) {
        if (log == currentLog) {
            return logSize;
        }
        return store.objects(log).map(CertificationAuthority::committedSize).orElse(0L);
    }

    /** Entries {@code [start, end)} of log {@code log}, from its entry bundles. */
    private List<MtcLogEntry> readEntries(int log, long start, long end, long treeSize) {
        LogObjects o = log == currentLog ? storage : store.objects(log).orElseThrow();
        List<MtcLogEntry> out = new ArrayList<>((int) (end - start));
        long i = start;
        while (i < end) {
            TilePath p = TilePath.entryBundleFor(i / TilePath.FULL_WIDTH, treeSize);
            EntryBundle b = EntryBundle.parse(p, o.read(p.path()).orElseThrow(() -> new IllegalStateException(
                    "log " + log + ": " + p.path() + " is missing")));
            for (int k = (int) (i % TilePath.FULL_WIDTH); k < b.size() && i < end; k++, i++) {
                out.add(MtcLogEntry.parse(PROFILE, b.entry(k)));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- recovery

    private void recover() {
        for (Journal.Batch b : journal.list()) {
            long size = size(b.log());
            if (size >= b.end()) {
                if (!certs.has(b.log(), CertStore.Kind.STANDALONE, b.start(), b.end())) {
                    // issued below with the other runs waiting for their standalone certificates
                    waiting.add(new Waiting(b.log(), b.start(), b.end()));
                    waitingRuns = waiting.size();
                    LOG.log(Level.INFO, "ca.recover.standalone log={0} start={1} end={2}", b.log(), b.start(), b.end());
                    continue;
                }
            } else if (size != b.start() || b.log() != currentLog && size > b.start()) {
                throw new CaException("journal/" + b.log() + "-" + b.start(), "inconsistent", "log " + b.log()
                        + " has size " + size + ", inside the journaled batch [" + b.start() + ", " + b.end() + ")");
            } else {
                LOG.log(Level.INFO, "ca.recover.dropped log={0} start={1} (never appended, never acknowledged)",
                        b.log(), b.start());
            }
            journal.delete(b.log(), b.start());
        }
        // the journaled runs: the standalone stage issues their certificates, or they wait for the cosigners' quorum
        // (asked again with a back-off); intake does not wait for them
        if (!waiting.isEmpty()) {
            askStandaloneRetry();
        }
        if (landmarks.sequence().lastLandmark() > 0) {
            publishLandmarks();
        }
        // Every landmark of every log gets its certificates, also those of a log rolled over before they were built.
        for (int log = 1; log <= currentLog; log++) {
            LandmarkAllocator a = log == currentLog ? landmarks : LandmarkState.read(dir, log,
                    config.landmarkInterval());
            for (long l = 1; l <= a.sequence().lastLandmark(); l++) {
                scheduleLandmark(log, a, l);
            }
        }
    }

    // ---------------------------------------------------------------- lookup

    /**
     * The standalone certificate of {@code serial}.
     *
     * @param serial the serial number
     * @return issued (with the DER), pending, or unknown
     */
    public CertificateStatus standalone(BigInteger serial) {
        return lookup(serial, CertStore.Kind.STANDALONE);
    }

    /**
     * The landmark-relative certificate of {@code serial}.
     *
     * @param serial the serial number
     * @return issued, pending (until a landmark covers the entry), unknown, or gone (a rolled-over log)
     */
    public CertificateStatus landmarkRelative(BigInteger serial) {
        return lookup(serial, CertStore.Kind.LANDMARK);
    }

    private CertificateStatus lookup(BigInteger serial, CertStore.Kind kind) {
        if (serial.signum() < 0 || serial.bitLength() > 64) {
            return CertificateStatus.of(CertificateStatus.State.UNKNOWN);
        }
        long v = serial.longValue();
        int log = (int) (v >>> 48);
        long index = v & ((1L << 48) - 1);
        if (log < 1 || log > currentLog) {
            return CertificateStatus.of(CertificateStatus.State.UNKNOWN);
        }
        Optional<byte[]> c = certs.read(log, kind, index);
        if (c.isPresent()) {
            return CertificateStatus.issued(c.get());
        }
        long size = size(log);
        if (index >= size) {
            return CertificateStatus.of(CertificateStatus.State.UNKNOWN);
        }
        if (kind == CertStore.Kind.LANDMARK && log != currentLog) {
            // No landmark is allocated on a log that is no longer current: entries after its last one never get one.
            LandmarkAllocator a = LandmarkState.read(dir, log, config.landmarkInterval());
            if (index >= a.sequence().treeSize(a.sequence().lastLandmark())) {
                return CertificateStatus.of(CertificateStatus.State.GONE);
            }
        }
        return CertificateStatus.of(CertificateStatus.State.PENDING);
    }

    // ---------------------------------------------------------------- stopping

    /**
     * Stops accepting (submissions get {@link OverloadedException}), issues what was accepted, finishes the
     * landmark-relative certificates scheduled, and closes the storage. Idempotent.
     */
    @Override
    public void close() {
        synchronized (poolLock) {
            if (closed) {
                return;
            }
            closed = true;
            draining = true;
        }
        try {
            if (!runner.isShutdown()) {
                runIntakeNow();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "ca.drain.failed error={0}", e.toString());
        } finally {
            runner.shutdownNow();
            // the standalone stage finishes the runs queued (a cosigner that hangs delays this up to its time-out)
            standaloneWorker.shutdown();
            try {
                standaloneWorker.awaitTermination(1, TimeUnit.HOURS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            landmarkWorker.shutdown();
            try {
                landmarkWorker.awaitTermination(1, TimeUnit.HOURS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            quorum.close();
            storage.close();
            closeQuietly(store);
            release();
        }
    }

    private void release() {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            // closing the channel below releases it too
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "ca.close error={0}", e.toString());
        }
    }

    @Override
    public String toString() {
        return "CertificationAuthority[" + config.caId() + ", log " + currentLog + "]";
    }

}
