package io.mtc4j.log.storage.s3pg;

import io.mtc4j.log.storage.LogStorageException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The PostgreSQL schema of the s3pg back end, created or migrated on first start. Each migration runs in its own
 * transaction (PostgreSQL DDL is transactional) and records its version in {@code mtc_schema_migrations}; a
 * transaction-scoped advisory lock serializes processes that start at once. A database whose version is newer
 * than this code knows is refused: an old binary must not write a schema it does not understand.
 *
 * <ul>
 *   <li>v1: {@code mtc_log} (per log: committed size, root, the committed checkpoint, the leader lease and its
 *       fencing epoch), {@code mtc_staged} and {@code mtc_staged_entry} (the staged batch).</li>
 *   <li>v2: {@code mtc_pending} (the pending pool) and the pool ids of staged entries.</li>
 *   <li>v3: {@code mtc_log.writer_state}, the writer state of a log ({@code LogStorage#writerState}: a mirror's
 *       pending checkpoints and next entry), beside its committed checkpoint.</li>
 * </ul>
 */
final class Schema {
    /** A numbered migration. */
    record Migration(int version, String description, List<String> statements) {
    }

    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "logs, leader lease, staged batch", List.of(
                    "CREATE TABLE mtc_log ("
                            + " log_number bigint PRIMARY KEY CHECK (log_number >= 0),"
                            + " tree_size bigint NOT NULL CHECK (tree_size >= 0),"
                            + " root_hash bytea NOT NULL,"
                            + " checkpoint bytea,"
                            + " lease_holder text,"
                            + " lease_epoch bigint NOT NULL DEFAULT 0,"
                            + " lease_expires timestamptz)",
                    "CREATE TABLE mtc_staged ("
                            + " log_number bigint PRIMARY KEY REFERENCES mtc_log,"
                            + " start_index bigint NOT NULL,"
                            + " entry_count integer NOT NULL CHECK (entry_count > 0),"
                            + " lease_epoch bigint NOT NULL)",
                    "CREATE TABLE mtc_staged_entry ("
                            + " log_number bigint NOT NULL REFERENCES mtc_staged ON DELETE CASCADE,"
                            + " ordinal integer NOT NULL,"
                            + " entry bytea NOT NULL CHECK (length(entry) <= 65535),"
                            + " PRIMARY KEY (log_number, ordinal))")),
            new Migration(2, "pending pool", List.of(
                    "CREATE TABLE mtc_pending ("
                            + " id bigserial PRIMARY KEY,"
                            + " log_number bigint NOT NULL CHECK (log_number >= 0),"
                            + " entry bytea NOT NULL CHECK (length(entry) <= 65535),"
                            + " submitted_at timestamptz NOT NULL DEFAULT now())",
                    "CREATE INDEX mtc_pending_log ON mtc_pending (log_number, id)",
                    "ALTER TABLE mtc_staged_entry ADD COLUMN pool_id bigint")),
            new Migration(3, "writer state", List.of(
                    "ALTER TABLE mtc_log ADD COLUMN writer_state bytea")));

    /** The version this code writes. */
    static final int CURRENT = MIGRATIONS.get(MIGRATIONS.size() - 1).version();

    private static final long LOCK_KEY = 0x6d7463346a53L; // "mtc4jS": serializes concurrent migrations

    private Schema() {
    }

    /** Creates the schema {@code schema} if absent and applies the missing migrations up to {@code upTo}. */
    static int migrate(Connection c, String schema, int upTo) throws SQLException {
        return Database.inTransaction(c, tx -> {
            try (Statement s = tx.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
                s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                s.execute("SET LOCAL search_path TO " + schema);
                s.execute("CREATE TABLE IF NOT EXISTS mtc_schema_migrations (version integer PRIMARY KEY,"
                        + " description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
                int have = version(s);
                if (have > CURRENT) {
                    throw new LogStorageException("PostgreSQL schema " + schema + " is at version " + have
                            + ", newer than this mtc4j knows (" + CURRENT + "): upgrade mtc4j");
                }
                for (Migration m : MIGRATIONS) {
                    if (m.version() > have && m.version() <= upTo) {
                        for (String sql : m.statements()) {
                            s.execute(sql);
                        }
                        s.execute("INSERT INTO mtc_schema_migrations (version, description) VALUES ("
                                + m.version() + ", '" + m.description() + "')");
                        have = m.version();
                    }
                }
                return have;
            }
        });
    }

    private static int version(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM mtc_schema_migrations")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
