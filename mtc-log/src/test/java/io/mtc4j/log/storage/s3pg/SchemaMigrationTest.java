package io.mtc4j.log.storage.s3pg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.log.storage.LogStorage;
import io.mtc4j.log.storage.LogStorageException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The schema is created on first start, migrated from an older version keeping its data, and never downgraded. */
class SchemaMigrationTest {
    private S3PgConfig config;

    @BeforeEach
    void fresh() {
        config = TestServers.freshConfig(Duration.ofSeconds(30));
    }

    @AfterEach
    void drop() {
        TestServers.dropSchema(config);
    }

    @Test
    void aVersion1DatabaseIsMigratedKeepingItsState() throws SQLException {
        try (Connection c = TestServers.connect(config)) {
            assertEquals(1, Schema.migrate(c, config.schema(), 1));
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO mtc_log (log_number, tree_size, root_hash) VALUES (7, 0, '\\x00')");
            }
        }
        Random rnd = new Random(1);
        try (S3PgLogStore store = S3PgLogStore.open(config)) {
            assertEquals(List.of(7L), store.logNumbers());
            try (LogStorage w = store.openWriter(7)) {
                TestAppender.append(w, TestAppender.entries(rnd, 3));
                assertEquals(3, w.state().size());
                assertEquals(Optional.empty(), w.writerState(), "v3 adds the writer state, none yet");
                w.replaceWriterState(Optional.empty(), new byte[] {1, 2});
                assertArrayEquals(new byte[] {1, 2}, w.writerState().orElseThrow());
            }
            assertEquals(0, store.pendingPool().size(7));
        }
        assertEquals(List.of(1, 2, 3), versions());
        try (Connection c = TestServers.connect(config)) {
            assertEquals(Schema.CURRENT, Schema.migrate(c, config.schema(), Schema.CURRENT));
        }
        assertEquals(List.of(1, 2, 3), versions());
    }

    @Test
    void aNewerSchemaIsRefused() {
        try (S3PgLogStore store = S3PgLogStore.open(config)) {
            assertTrue(store.logNumbers().isEmpty());
        }
        TestServers.sql(config, "INSERT INTO mtc_schema_migrations (version, description) VALUES (99, 'future')");
        LogStorageException e = assertThrows(LogStorageException.class, () -> S3PgLogStore.open(config));
        assertTrue(e.getMessage().contains("version 99, newer than this mtc4j knows"), e.getMessage());
    }

    private List<Integer> versions() throws SQLException {
        try (Connection c = TestServers.connect(config); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM mtc_schema_migrations ORDER BY version")) {
            List<Integer> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
            return out;
        }
    }
}
