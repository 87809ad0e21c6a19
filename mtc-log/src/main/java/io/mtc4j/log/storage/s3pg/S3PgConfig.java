package io.mtc4j.log.storage.s3pg;

import io.mtc4j.log.storage.LogStorageException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where an s3pg log store lives and how to reach it: the bucket (and an optional key prefix) on an S3-compatible
 * endpoint, the PostgreSQL database and schema holding the coordination state, and the leader lease duration.
 *
 * <p>The storage URI is
 * {@code s3pg://BUCKET[/PREFIX]?endpoint=URL&region=R&jdbc=JDBC_URL[&schema=S][&lease=ISO-8601 duration]}, for
 * example {@code s3pg://mtc-logs?endpoint=http://127.0.0.1:9000&region=us-east-1&jdbc=jdbc:postgresql://127.0.0.1:5432/mtc}.
 * Parameter values are percent-decoded. Credentials are never part of the URI: the S3 key comes from the
 * environment variables {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}, the PostgreSQL user and
 * password from {@code PGUSER} and {@code PGPASSWORD} (the names the AWS and libpq tools use). {@link #toString()}
 * never prints a secret.
 *
 * @param bucket        the bucket; log {@code N}'s objects are at {@code PREFIX N/checkpoint}, {@code PREFIX N/tile/...}
 * @param keyPrefix     prepended to every key: empty, or ending in {@code /}
 * @param endpoint      the S3 endpoint (path-style addressing is always used)
 * @param region        the signing region
 * @param accessKeyId   the S3 access key id
 * @param secretKey     the S3 secret key
 * @param jdbcUrl       a {@code jdbc:postgresql:} URL
 * @param pgUser        the PostgreSQL user
 * @param pgPassword    the PostgreSQL password
 * @param schema        the PostgreSQL schema holding the tables (created if absent)
 * @param leaseDuration how long a leader's lease lasts without renewal (renewed every third of it)
 * @param holderId      names this process in the lease (shown to a process that finds the lease taken)
 */
public record S3PgConfig(String bucket, String keyPrefix, URI endpoint, String region, String accessKeyId,
        String secretKey, String jdbcUrl, String pgUser, String pgPassword, String schema, Duration leaseDuration,
        String holderId) {
    /** The URI scheme of this back end. */
    public static final String SCHEME = "s3pg";
    /** The default PostgreSQL schema. */
    public static final String DEFAULT_SCHEMA = "mtc4j";
    /** The default lease duration. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(15);

    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Set<String> PARAMETERS = Set.of("endpoint", "region", "jdbc", "schema", "lease");

    /**
     * Checks every field.
     *
     * @param bucket        the bucket
     * @param keyPrefix     the key prefix: empty, or ending in {@code /}
     * @param endpoint      the S3 endpoint
     * @param region        the signing region
     * @param accessKeyId   the S3 access key id
     * @param secretKey     the S3 secret key
     * @param jdbcUrl       a {@code jdbc:postgresql:} URL
     * @param pgUser        the PostgreSQL user
     * @param pgPassword    the PostgreSQL password
     * @param schema        the PostgreSQL schema
     * @param leaseDuration the lease duration, at least 300 ms
     * @param holderId      this process's name in the lease
     * @throws IllegalArgumentException naming the field that is empty or malformed
     */
    public S3PgConfig {
        require("bucket", bucket);
        if (!BUCKET_NAME.matcher(bucket).matches()) {
            throw new IllegalArgumentException("bucket \"" + bucket + "\" is not an S3 bucket name");
        }
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (!keyPrefix.isEmpty() && (!keyPrefix.endsWith("/") || keyPrefix.startsWith("/"))) {
            throw new IllegalArgumentException("keyPrefix \"" + keyPrefix + "\" must end (and not start) with /");
        }
        Objects.requireNonNull(endpoint, "endpoint");
        if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())) {
            throw new IllegalArgumentException("endpoint " + endpoint + " is not an http or https URL");
        }
        require("region", region);
        require("accessKeyId", accessKeyId);
        require("secretKey", secretKey);
        require("jdbcUrl", jdbcUrl);
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("jdbc URL must start with jdbc:postgresql:");
        }
        require("pgUser", pgUser);
        Objects.requireNonNull(pgPassword, "pgPassword");
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema \"" + schema + "\" must match " + SCHEMA_NAME);
        }
        if (leaseDuration.isNegative() || leaseDuration.toMillis() < 300) {
            throw new IllegalArgumentException("lease " + leaseDuration + " is shorter than 300 ms");
        }
        require("holderId", holderId);
    }

    private static void require(String field, String value) {
        if (Objects.requireNonNull(value, field).isEmpty()) {
            throw new IllegalArgumentException(field + " is empty");
        }
    }

    /**
     * The configuration a storage URI names, with credentials from {@code env} (normally {@link System#getenv()}).
     *
     * @param storageUri the {@code s3pg://} URI
     * @param env        the environment to read the credentials from
     * @return the configuration
     * @throws LogStorageException naming the parameter or variable that is missing or wrong
     */
    public static S3PgConfig fromUri(String storageUri, Map<String, String> env) {
        URI uri;
        try {
            uri = new URI(storageUri);
        } catch (URISyntaxException e) {
            throw new LogStorageException("storage URI: " + e.getMessage(), e);
        }
        if (!SCHEME.equals(uri.getScheme()) || uri.getRawAuthority() == null) {
            throw new LogStorageException("storage URI must be s3pg://BUCKET[/PREFIX]?endpoint=...&region=...&jdbc=...");
        }
        Map<String, String> q = query(uri.getRawQuery());
        String path = uri.getPath() == null ? "" : uri.getPath();
        String prefix = path.isEmpty() || path.equals("/") ? "" : path.substring(1) + (path.endsWith("/") ? "" : "/");
        String lease = q.get("lease");
        try {
            return new S3PgConfig(uri.getAuthority(), prefix, URI.create(param(q, "endpoint")), param(q, "region"),
                    envVar(env, "AWS_ACCESS_KEY_ID"), envVar(env, "AWS_SECRET_ACCESS_KEY"), param(q, "jdbc"),
                    envVar(env, "PGUSER"), env.getOrDefault("PGPASSWORD", ""),
                    q.getOrDefault("schema", DEFAULT_SCHEMA), lease == null ? DEFAULT_LEASE : Duration.parse(lease),
                    defaultHolderId());
        } catch (DateTimeParseException e) {
            throw new LogStorageException("storage URI: lease \"" + lease + "\" is not an ISO-8601 duration (PT15S)", e);
        } catch (IllegalArgumentException e) {
            throw new LogStorageException("storage URI: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (!PARAMETERS.contains(name)) {
                throw new LogStorageException("storage URI: unknown parameter \"" + name + "\" (known: "
                        + String.join(", ", PARAMETERS.stream().sorted().toList()) + ")");
            }
            if (eq < 0 || q.put(name, URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)) != null) {
                throw new LogStorageException("storage URI: parameter \"" + name + "\" must be given once, with a value");
            }
        }
        return q;
    }

    private static String param(Map<String, String> q, String name) {
        String v = q.get(name);
        if (v == null || v.isEmpty()) {
            throw new LogStorageException("storage URI: parameter \"" + name + "\" is required");
        }
        return v;
    }

    private static String envVar(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isEmpty()) {
            throw new LogStorageException("s3pg storage: environment variable " + name + " is not set");
        }
        return v;
    }

    /**
     * A holder id naming this process.
     *
     * @return {@code host/pid/random}
     */
    public static String defaultHolderId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * This configuration with another lease holder id.
     *
     * @param id the holder id
     * @return the new configuration
     */
    public S3PgConfig withHolderId(String id) {
        return new S3PgConfig(bucket, keyPrefix, endpoint, region, accessKeyId, secretKey, jdbcUrl, pgUser, pgPassword,
                schema, leaseDuration, id);
    }

    /**
     * This configuration with another lease duration.
     *
     * @param d the lease duration
     * @return the new configuration
     */
    public S3PgConfig withLeaseDuration(Duration d) {
        return new S3PgConfig(bucket, keyPrefix, endpoint, region, accessKeyId, secretKey, jdbcUrl, pgUser, pgPassword,
                schema, d, holderId);
    }

    /** Everything but the secrets. */
    @Override
    public String toString() {
        return "S3PgConfig[bucket=" + bucket + ", keyPrefix=" + keyPrefix + ", endpoint=" + endpoint + ", region="
                + region + ", accessKeyId=" + accessKeyId + ", jdbcUrl=" + jdbcUrl.replaceFirst("\\?.*", "") + ", pgUser=" + pgUser
                + ", schema=" + schema + ", lease=" + leaseDuration + ", holderId=" + holderId + "]";
    }
}
