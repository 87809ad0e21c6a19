package io.mtc4j.log.storage.s3pg;

import io.mtc4j.log.storage.LogObjects;
import io.mtc4j.log.storage.LogStorage;
import io.mtc4j.log.storage.LogStorageException;
import io.mtc4j.log.storage.LogStore;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MerkleHash;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;

/**
 * The logs of one CA in S3-compatible object storage plus PostgreSQL ("s3pg"): for a CA that outgrows one
 * machine. The bucket holds what tlog-tiles serves, under {@code <prefix><N>/} for log {@code N}
 * ({@code checkpoint}, {@code landmarks}, {@code tile/<L>/<N>[.p/<W>]}, {@code tile/entries/<N>[.p/<W>]}), so a
 * static web server or CDN in front of the bucket is a valid log. PostgreSQL holds the coordination state: per
 * log the committed tree size, root and checkpoint, the writer state ({@link LogStorage#writerState}), the leader
 * lease with its fencing epoch, the staged batch, and the pending pool ({@link PendingPool}). The schema is created or migrated when the store opens.
 *
 * <p><b>Writers.</b> {@link #openWriter} takes the log's leader lease or fails at once naming the holder;
 * {@link #awaitWriter} waits until the lease is free (a standby taking over from a killed leader). See
 * {@link S3PgLogStorage} for the crash-ordering argument.
 *
 * <p>Opened from a storage URI by {@link #open(String)} (see {@link S3PgConfig} for its form and where the
 * credentials come from) or from an {@link S3PgConfig}.
 */
public final class S3PgLogStore implements LogStore {
    private static final Logger LOG = System.getLogger(S3PgLogStore.class.getName());
    private static final int IO_THREADS = 16;

    private final S3PgConfig config;
    private final S3Client s3;
    private final Database db;
    /** Parallel object-store requests of a batch's tiles. */
    private final ExecutorService io = Executors.newFixedThreadPool(IO_THREADS, r -> {
        Thread t = new Thread(r, "mtc4j-s3pg-io");
        t.setDaemon(true);
        return t;
    });
    private final Set<Long> known = ConcurrentHashMap.newKeySet();
    private final byte[] emptyRoot = MerkleHash.emptyHash(HashFunction.sha256());

    private S3PgLogStore(S3PgConfig config, S3Client s3, Database db) {
        this.config = config;
        this.s3 = s3;
        this.db = db;
    }

    /**
     * Opens the store a {@code s3pg://} storage URI names, credentials from the environment.
     *
     * @param storageUri the URI ({@link S3PgConfig})
     * @return the open store
     */
    public static S3PgLogStore open(String storageUri) {
        return open(S3PgConfig.fromUri(storageUri, System.getenv()));
    }

    /**
     * Opens the store: connects to PostgreSQL, creates or migrates the schema, and checks the bucket exists.
     *
     * @param config where the store lives
     * @return the open store
     * @throws LogStorageException naming the server and what failed
     */
    public static S3PgLogStore open(S3PgConfig config) {
        Objects.requireNonNull(config, "config");
        Database db = new Database(config);
        S3Client s3 = null;
        try {
            try (Connection c = db.connection()) {
                int v = Schema.migrate(c, config.schema(), Schema.CURRENT);
                LOG.log(Level.DEBUG, () -> "event=schema_ready schema=" + config.schema() + " version=" + v);
            } catch (SQLException e) {
                throw new LogStorageException("migrating PostgreSQL schema " + config.schema() + ": " + e.getMessage(), e);
            }
            s3 = s3Client(config);
            try {
                s3.headBucket(HeadBucketRequest.builder().bucket(config.bucket()).build());
            } catch (RuntimeException e) {
                throw new LogStorageException("bucket " + config.bucket() + " at " + config.endpoint()
                        + " is not reachable or does not exist: " + e.getMessage(), e);
            }
            LOG.log(Level.INFO, () -> "event=store_open backend=s3pg bucket=" + config.bucket() + " prefix=" + config.keyPrefix() + " endpoint=" + config.endpoint() + " schema=" + config.schema());
            return new S3PgLogStore(config, s3, db);
        } catch (RuntimeException e) {
            if (s3 != null) {
                s3.close();
            }
            db.close();
            throw e;
        }
    }

    /** An S3 client for {@code config}: its endpoint, region and static key, path-style addressing. */
    static S3Client s3Client(S3PgConfig config) {
        return S3Client.builder()
                .endpointOverride(config.endpoint())
                .region(Region.of(config.region()))
                .forcePathStyle(true)
                // Checksums only where S3 requires them: the default trailing CRC (aws-chunked uploads) is not
                // implemented by every S3-compatible store (S3Proxy answers XAmzContentSHA256Mismatch).
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(config.accessKeyId(), config.secretKey())))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(30)))
                .build();
    }

    /**
     * The configuration (without secrets in its {@code toString}).
     *
     * @return the configuration
     */
    public S3PgConfig config() {
        return config;
    }

    @Override
    public List<Long> logNumbers() {
        return db.tx("listing logs", c -> {
            List<Long> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT log_number FROM mtc_log ORDER BY log_number");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        });
    }

    @Override
    public Optional<LogObjects> objects(long logNumber) {
        if (logNumber < 0) {
            throw new IllegalArgumentException("log number " + logNumber + " is negative");
        }
        // Logs are never deleted, so a number seen once needs no further query (the HTTP server asks per request).
        if (known.contains(logNumber) || logNumbers().contains(logNumber)) {
            known.add(logNumber);
            return Optional.of(logObjects(logNumber));
        }
        return Optional.empty();
    }

    LogObjects logObjects(long logNumber) {
        return new S3LogObjects(bucket(), logNumber);
    }

    Bucket bucket() {
        return new Bucket(s3, config.bucket(), config.keyPrefix());
    }

    ExecutorService io() {
        return io;
    }

    Database database() {
        return db;
    }

    /**
     * The pending pool of this store's logs: front ends submit there, the leader drains it.
     *
     * @return the pool
     */
    public PendingPool pendingPool() {
        return new PendingPool(db);
    }

    /**
     * Takes log {@code logNumber}'s leader lease (creating the log empty if absent) and recovers its published
     * checkpoint; fails at once with a {@link LogStorageException} naming the holder when another process leads.
     */
    @Override
    public LogStorage openWriter(long logNumber) {
        return openLeader(logNumber);
    }

    /** {@link #openWriter} with the back end's own type (pool draining needs it). */
    S3PgLogStorage openLeader(long logNumber) {
        if (logNumber < 0) {
            throw new IllegalArgumentException("log number " + logNumber + " is negative");
        }
        Lease lease = Lease.acquire(db, logNumber, config.holderId(), config.leaseDuration(), emptyRoot);
        S3PgLogStorage storage = new S3PgLogStorage(this, logNumber, lease);
        try {
            storage.recoverCheckpoint();
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        return storage;
    }

    /**
     * Waits until this process holds log {@code logNumber}'s lease (another process's lease expired or was
     * released), then opens the log as {@link #openWriter} does. Polls at a quarter of the lease duration.
     *
     * @param logNumber the log
     * @return its writer, holding the lease
     * @throws InterruptedException if interrupted while waiting
     */
    public LogStorage awaitWriter(long logNumber) throws InterruptedException {
        return awaitLeader(logNumber);
    }

    S3PgLogStorage awaitLeader(long logNumber) throws InterruptedException {
        long pollMillis = Math.max(50, config.leaseDuration().toMillis() / 4);
        while (true) {
            try {
                return openLeader(logNumber);
            } catch (LeaseHeldException e) {
                LOG.log(Level.DEBUG, () -> "event=lease_wait log=" + logNumber + " holder=" + e.holder());
                Thread.sleep(pollMillis);
            }
        }
    }

    @Override
    public void close() {
        io.shutdownNow();
        s3.close();
        db.close();
    }

    @Override
    public String toString() {
        return "S3PgLogStore[" + config + "]";
    }
}
