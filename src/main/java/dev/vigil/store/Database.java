package dev.vigil.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The pooled connection to Vigil's database, migrated to the newest schema when opened.
 * Other capabilities (auth, delivery) keep their tables here too: they add migrations to the
 * same folders (their own version ranges) and use {@link #dataSource()} and {@link #dialect()}.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Database.class.getName());
    /** SQLite file inside the data folder. */
    public static final String SQLITE_FILE = "vigil.db";

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final String description;

    private Database(HikariDataSource dataSource, Dialect dialect, String description) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.description = description;
    }

    public static Database open(StoreConfig config) {
        Dialect dialect = config.dialect();
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("vigil-store");
        pool.setMaximumPoolSize(Math.max(1, config.poolSize()));
        pool.setMinimumIdle(1);
        pool.setConnectionTimeout(Math.max(250, config.connectTimeout().toMillis()));
        pool.setValidationTimeout(Math.max(250, Math.min(config.connectTimeout().toMillis(), 5000)));
        String description;
        if (dialect == Dialect.SQLITE) {
            Path folder = config.path().toAbsolutePath();
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the store folder " + folder, e);
            }
            Path file = folder.resolve(SQLITE_FILE);
            pool.setJdbcUrl("jdbc:sqlite:" + file);
            // WAL: readers never block the writer and a crash leaves the last committed state.
            // synchronous=FULL: each commit is fsynced before the alert is sent, so an alert a
            // socket received survives even a power cut, not only a killed process. Alerts are
            // rare (debounced per person), so the fsync per alert is affordable.
            pool.addDataSourceProperty("journal_mode", "WAL");
            pool.addDataSourceProperty("synchronous", "FULL");
            pool.addDataSourceProperty("busy_timeout", "5000");
            pool.addDataSourceProperty("foreign_keys", "true");
            description = "sqlite " + file;
        } else {
            pool.setJdbcUrl(config.url());
            pool.setUsername(config.user());
            pool.setPassword(config.password());
            // A database that stops answering must not hold a write (and the live alert) for long.
            pool.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, config.connectTimeout().toSeconds())));
            pool.addDataSourceProperty("socketTimeout", "30");
            description = "postgresql " + config.url();
        }
        HikariDataSource dataSource = new HikariDataSource(pool);
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations(dialect.migrationLocation())
                    .load()
                    .migrate();
            LOG.info("store: " + description + " at schema version " + (result.targetSchemaVersion != null
                    ? result.targetSchemaVersion : result.initialSchemaVersion) + " (" + result.migrationsExecuted
                    + " migrations applied now)");
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dataSource, dialect, description);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    public String description() {
        return description;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
