package dev.vigil.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * Work on a pooled connection, alone or in one transaction, for every store of this package. A
 * failure becomes a {@link StoreException} that names what was being done and keeps the
 * database's own message (e.g. SQLite's "database or disk is full").
 */
final class Jdbc {
    private static final Logger LOG = Logger.getLogger(Jdbc.class.getName());

    /** Something that runs on a connection and may throw SQLException. */
    @FunctionalInterface
    interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    <T> T run(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.on(connection);
        } catch (SQLException | RuntimeException e) {
            throw e instanceof StoreException store ? store : new StoreException(what + " failed: " + e.getMessage(), e);
        }
    }

    /** All of the work or none of it. */
    <T> T transaction(String what, Work<T> work) {
        return run(what, connection -> {
            connection.setAutoCommit(false);
            try {
                T result = work.on(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                restoreAutoCommit(connection);
            }
        });
    }

    /**
     * After some failures (SQLite: disk full, I/O error) the database has already rolled the
     * transaction back, and switching auto-commit on again fails with "no transaction is active".
     * That must not hide the failure itself; the pool checks and replaces a connection it cannot reset.
     */
    private static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.log(Level.FINE, "could not switch auto-commit back on", e);
        }
    }
}
