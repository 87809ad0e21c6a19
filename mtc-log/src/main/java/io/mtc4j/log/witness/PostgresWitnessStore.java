package io.mtc4j.log.witness;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.mtc4j.spec.MtcException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The witness record in PostgreSQL: one row per origin in {@code <schema>.witness_checkpoints}. An update is one
 * transaction: {@code SELECT … FOR UPDATE} locks the origin's row (other updates of that origin wait), the decision
 * is taken on it, then a conditional {@code UPDATE … WHERE size = ? AND root_hash = ?} (compare-and-swap on the
 * view decided on) or, for a first record, {@code INSERT … ON CONFLICT DO NOTHING}, and {@code COMMIT}. A commit
 * is durable (PostgreSQL's {@code synchronous_commit}, on by default) before the witness answers. If a concurrent
 * first insert won, the transaction is rolled back and the decision taken again on the new row. Several witness
 * processes may share one database.
 */
public final class PostgresWitnessStore implements WitnessStore {
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final int ATTEMPTS = 3;

    private final HikariDataSource pool;
    private final String table;

    private PostgresWitnessStore(HikariDataSource pool, String schema) {
        this.pool = pool;
        this.table = schema + ".witness_checkpoints";
    }

    /**
     * Connects and creates the schema and table if absent.
     *
     * @param jdbcUrl  a {@code jdbc:postgresql:} URL
     * @param user     the database user
     * @param password the password (never logged)
     * @param schema   the schema ({@code [a-z_][a-z0-9_]*})
     * @return the store
     * @throws IllegalArgumentException naming a bad URL or schema
     * @throws WitnessStoreException    if the database cannot be reached or set up
     */
    public static PostgresWitnessStore open(String jdbcUrl, String user, String password, String schema) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("postgres.jdbc must start with jdbc:postgresql:");
        }
        if (!SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("postgres.schema \"" + schema + "\" must match " + SCHEMA);
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(jdbcUrl);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(8);
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(10_000);
        hc.setPoolName("mtc4j-witness");
        hc.setInitializationFailTimeout(1);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new WitnessStoreException("PostgreSQL at " + jdbcUrl.replaceFirst("\\?.*", "") + " as " + user
                    + ": " + e.getMessage(), e);
        }
        PostgresWitnessStore s = new PostgresWitnessStore(pool, schema);
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            st.execute("CREATE TABLE IF NOT EXISTS " + s.table + " (origin_hash TEXT PRIMARY KEY, origin TEXT NOT NULL,"
                    + " size BIGINT NOT NULL, root_hash BYTEA NOT NULL, note BYTEA NOT NULL,"
                    + " updated TIMESTAMPTZ NOT NULL DEFAULT now())");
        } catch (SQLException e) {
            pool.close();
            throw new WitnessStoreException("creating " + s.table + ": " + e.getMessage(), e);
        }
        return s;
    }

    @Override
    public Optional<CosignedCheckpoint> latest(String originHash) {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT note FROM " + table + " WHERE origin_hash = ?")) {
            ps.setString(1, originHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(parse(rs.getBytes(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new WitnessStoreException("reading " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public <T> T update(String origin, Transition<T> transition) {
        String hex = CosignedCheckpoint.originHash(origin);
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                try {
                    Optional<T> done = attempt(c, origin, hex, transition);
                    if (done.isPresent()) {
                        c.commit();
                        return done.get();
                    }
                    c.rollback(); // a concurrent first record won: decide again on it
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
                if (attempt == ATTEMPTS) {
                    throw new WitnessStoreException("the record of " + origin + " kept changing under the update",
                            null);
                }
            } catch (SQLException e) {
                throw new WitnessStoreException("updating " + table + ": " + e.getMessage(), e);
            }
        }
    }

    /** One transaction's work; empty when the first-record insert lost to a concurrent one. */
    private <T> Optional<T> attempt(Connection c, String origin, String hex, Transition<T> transition)
            throws SQLException {
        Optional<CosignedCheckpoint> cur;
        try (PreparedStatement ps = c.prepareStatement("SELECT note FROM " + table
                + " WHERE origin_hash = ? FOR UPDATE")) {
            ps.setString(1, hex);
            try (ResultSet rs = ps.executeQuery()) {
                cur = rs.next() ? Optional.of(parse(rs.getBytes(1))) : Optional.empty();
            }
        }
        Step<T> step = transition.apply(cur);
        if (step.next().isEmpty()) {
            return Optional.of(step.result());
        }
        CosignedCheckpoint next = step.next().get();
        if (!next.origin().equals(origin)) {
            throw new IllegalArgumentException("a record of " + next.origin() + " for origin " + origin);
        }
        if (cur.isPresent()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET size = ?, root_hash = ?,"
                    + " note = ?, updated = now() WHERE origin_hash = ? AND size = ? AND root_hash = ?")) {
                ps.setLong(1, next.size());
                ps.setBytes(2, next.checkpoint().rootHash());
                ps.setBytes(3, next.note());
                ps.setString(4, hex);
                ps.setLong(5, cur.get().size());
                ps.setBytes(6, cur.get().checkpoint().rootHash());
                if (ps.executeUpdate() != 1) { // cannot happen under FOR UPDATE; never acknowledge if it did
                    throw new WitnessStoreException("the record of " + origin + " changed under its row lock", null);
                }
            }
            return Optional.of(step.result());
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (origin_hash, origin, size,"
                + " root_hash, note) VALUES (?, ?, ?, ?, ?) ON CONFLICT (origin_hash) DO NOTHING")) {
            ps.setString(1, hex);
            ps.setString(2, origin);
            ps.setLong(3, next.size());
            ps.setBytes(4, next.checkpoint().rootHash());
            ps.setBytes(5, next.note());
            return ps.executeUpdate() == 1 ? Optional.of(step.result()) : Optional.empty();
        }
    }

    private CosignedCheckpoint parse(byte[] note) {
        try {
            return CosignedCheckpoint.parse(note);
        } catch (MtcException | IllegalArgumentException e) {
            throw new WitnessStoreException("a record in " + table + " is not a cosigned checkpoint: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public boolean healthy() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "PostgresWitnessStore[" + table + "]";
    }
}
