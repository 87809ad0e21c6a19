package io.mtc4j.log.storage.s3pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.log.storage.LogStorageException;
import io.mtc4j.log.storage.LogStores;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The s3pg storage URI and where its credentials come from. */
class S3PgConfigTest {
    private static final Map<String, String> ENV = Map.of("AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY",
            "very-secret-key", "PGUSER", "mtc", "PGPASSWORD", "pg-secret-password");
    private static final String URI_TEXT = "s3pg://mtc-logs/ca1?endpoint=http://127.0.0.1:9000&region=us-east-1"
            + "&jdbc=jdbc%3Apostgresql%3A%2F%2F127.0.0.1%3A5432%2Fmtc%3Fssl%3Dfalse&schema=ca1&lease=PT5S";

    @Test
    void parsesEveryPart() {
        S3PgConfig c = S3PgConfig.fromUri(URI_TEXT, ENV);
        assertEquals("mtc-logs", c.bucket());
        assertEquals("ca1/", c.keyPrefix());
        assertEquals(URI.create("http://127.0.0.1:9000"), c.endpoint());
        assertEquals("us-east-1", c.region());
        assertEquals("jdbc:postgresql://127.0.0.1:5432/mtc?ssl=false", c.jdbcUrl());
        assertEquals("ca1", c.schema());
        assertEquals(Duration.ofSeconds(5), c.leaseDuration());
        assertEquals("AKID", c.accessKeyId());
        assertEquals("very-secret-key", c.secretKey());
        assertEquals("mtc", c.pgUser());
        assertEquals("pg-secret-password", c.pgPassword());
        S3PgConfig d = S3PgConfig.fromUri("s3pg://mtc-logs?endpoint=http://h:1&region=r&jdbc=jdbc:postgresql://h/db",
                ENV);
        assertEquals("", d.keyPrefix());
        assertEquals(S3PgConfig.DEFAULT_SCHEMA, d.schema());
        assertEquals(S3PgConfig.DEFAULT_LEASE, d.leaseDuration());
    }

    @Test
    void neverPrintsASecret() {
        String s = S3PgConfig.fromUri(URI_TEXT, ENV).toString();
        assertFalse(s.contains("very-secret-key"), s);
        assertFalse(s.contains("pg-secret-password"), s);
        assertFalse(s.contains("ssl=false"), s);
        assertTrue(s.contains("mtc-logs"), s);
    }

    @Test
    void errorsNameTheParameterOrVariable() {
        assertMessage("parameter \"endpoint\" is required", "s3pg://b-1?region=r&jdbc=jdbc:postgresql://h/db", ENV);
        assertMessage("unknown parameter \"password\"", "s3pg://b-1?password=x", ENV);
        assertMessage("parameter \"region\" must be given once",
                "s3pg://b-1?region=a&region=b&endpoint=http://h&jdbc=jdbc:postgresql://h/db", ENV);
        assertMessage("lease \"5s\"", "s3pg://b-1?endpoint=http://h&region=r&jdbc=jdbc:postgresql://h/db&lease=5s", ENV);
        assertMessage("jdbc URL must start with jdbc:postgresql:",
                "s3pg://b-1?endpoint=http://h&region=r&jdbc=jdbc:mysql://h/db", ENV);
        assertMessage("storage URI must be s3pg://", "file:///tmp/x", ENV);
        assertMessage("bucket \"B_1\"", "s3pg://B_1?endpoint=http://h&region=r&jdbc=jdbc:postgresql://h/db", ENV);
        Map<String, String> env = new HashMap<>(ENV);
        env.remove("AWS_SECRET_ACCESS_KEY");
        assertMessage("environment variable AWS_SECRET_ACCESS_KEY is not set",
                "s3pg://b-1?endpoint=http://h&region=r&jdbc=jdbc:postgresql://h/db", env);
        assertMessage("schema \"Bad-Name\"",
                "s3pg://b-1?endpoint=http://h&region=r&jdbc=jdbc:postgresql://h/db&schema=Bad-Name", ENV);
    }

    @Test
    void logStoresOpensTheS3pgScheme() {
        LogStorageException e = assertThrows(LogStorageException.class,
                () -> LogStores.open("s3pg://b-1?region=r&jdbc=jdbc:postgresql://h/db"));
        assertTrue(e.getMessage().contains("parameter \"endpoint\" is required"), e.getMessage());
        IllegalArgumentException u = assertThrows(IllegalArgumentException.class, () -> LogStores.open("s3x://b"));
        assertTrue(u.getMessage().contains("s3pg:"), u.getMessage());
    }

    private static void assertMessage(String part, String uri, Map<String, String> env) {
        LogStorageException e = assertThrows(LogStorageException.class, () -> S3PgConfig.fromUri(uri, env));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
