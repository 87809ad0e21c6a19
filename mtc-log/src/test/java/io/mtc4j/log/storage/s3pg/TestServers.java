package io.mtc4j.log.storage.s3pg;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;

/**
 * The PostgreSQL and S3Proxy servers the s3pg tests run against (started by {@code .ci/services start}; their
 * addresses in the environment, see {@code .ci/services env}). When a variable is missing the test is skipped
 * with a message naming it, except under {@code CI=true}, where it fails: CI must run these tests.
 */
public final class TestServers {
    static final String PG_URL = "MTC4J_TEST_PG_URL";
    static final String PG_USER = "MTC4J_TEST_PG_USER";
    static final String PG_PASSWORD = "MTC4J_TEST_PG_PASSWORD";
    static final String S3_ENDPOINT = "MTC4J_TEST_S3_ENDPOINT";
    static final String S3_ACCESS_KEY = "MTC4J_TEST_S3_ACCESS_KEY";
    static final String S3_SECRET_KEY = "MTC4J_TEST_S3_SECRET_KEY";

    private TestServers() {
    }

    private static String env(String name, String server) {
        String v = System.getenv(name);
        if (v == null || v.isEmpty()) {
            String msg = server + " is not configured: " + name + " is not set (run .ci/services start and"
                    + " eval \"$(.ci/services env)\")";
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true requires the s3pg test servers: " + msg);
            }
            Assumptions.abort(msg);
        }
        return v;
    }

    /**
     * A configuration on a fresh PostgreSQL schema and a fresh bucket (both named after a random id), with the
     * given lease duration; skips or fails as the class comment says when the servers are not configured.
     */
    public static S3PgConfig freshConfig(Duration lease) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        S3PgConfig config = config("mtc4j-t-" + id, "t_" + id, lease);
        try (S3Client s3 = S3PgLogStore.s3Client(config)) {
            s3.createBucket(CreateBucketRequest.builder().bucket(config.bucket()).build());
        }
        return config;
    }

    /**
     * The test PostgreSQL server alone (for back ends that need no S3): JDBC URL, user, password; skips or fails as
     * the class comment says when it is not configured.
     */
    public static List<String> postgres() {
        return List.of(env(PG_URL, "PostgreSQL"), env(PG_USER, "PostgreSQL"), env(PG_PASSWORD, "PostgreSQL"));
    }

    /** The configuration of an existing test bucket and schema (a child JVM rebuilds its parent's this way). */
    static S3PgConfig config(String bucket, String schema, Duration lease) {
        return new S3PgConfig(bucket, "", URI.create(env(S3_ENDPOINT, "S3Proxy")), "us-east-1",
                env(S3_ACCESS_KEY, "S3Proxy"), env(S3_SECRET_KEY, "S3Proxy"), env(PG_URL, "PostgreSQL"),
                env(PG_USER, "PostgreSQL"), env(PG_PASSWORD, "PostgreSQL"), schema, lease,
                S3PgConfig.defaultHolderId());
    }

    /** Runs SQL statements directly on {@code config}'s schema (to set up or inspect what a test needs). */
    static void sql(S3PgConfig config, String... statements) {
        try (Connection c = connect(config); Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    static Connection connect(S3PgConfig config) throws SQLException {
        Connection c = DriverManager.getConnection(config.jdbcUrl(), config.pgUser(), config.pgPassword());
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + config.schema());
            s.execute("SET search_path TO " + config.schema());
        }
        return c;
    }

    /** Drops the test's schema (none when the test was skipped before it had one). */
    public static void dropSchema(S3PgConfig config) {
        if (config == null) {
            return;
        }
        sql(config, "DROP SCHEMA IF EXISTS " + config.schema() + " CASCADE");
    }
}
