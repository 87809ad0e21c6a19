package io.mtc4j.log.storage.s3pg;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.mtc4j.log.storage.LogStorageException;
import java.sql.Connection;
import java.sql.SQLException;

/** The PostgreSQL side: a HikariCP pool on the configured schema, and transactions over it. */
final class Database implements AutoCloseable {
    /** Work done inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final HikariDataSource pool;
    private final String schema;

    Database(S3PgConfig config) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(config.jdbcUrl());
        hc.setUsername(config.pgUser());
        hc.setPassword(config.pgPassword());
        hc.setSchema(config.schema());
        hc.setMaximumPoolSize(6);
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(10_000);
        hc.setPoolName("mtc4j-s3pg");
        hc.setAutoCommit(true);
        // Fail at once (not after the connection timeout) when the server is down or the credentials are wrong.
        hc.setInitializationFailTimeout(1);
        this.schema = config.schema();
        try {
            this.pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new LogStorageException("PostgreSQL at " + config.jdbcUrl().replaceFirst("\\?.*", "")
                    + " as " + config.pgUser() + ": " + rootMessage(e), e);
        }
    }

    String schema() {
        return schema;
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    <T> T tx(String what, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return inTransaction(c, work);
        } catch (SQLException e) {
            throw new LogStorageException(what + ": PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} in one transaction on {@code c}: committed if it returns, rolled back if it throws. */
    static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            T t = work.run(c);
            c.commit();
            return t;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** A connection of the pool, for work that manages its own transactions (schema migration). */
    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Override
    public void close() {
        pool.close();
    }
}
