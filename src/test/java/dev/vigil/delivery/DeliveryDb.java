package dev.vigil.delivery;

import java.nio.file.Path;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.store.JdbcDeliveryStore;
import org.flywaydb.core.Flyway;

/** A real SQLite file with the delivery tables, as the server makes it. */
final class DeliveryDb implements AutoCloseable {
    private final HikariDataSource dataSource;
    final JdbcDeliveryStore store;

    DeliveryDb(Path dir) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("vigil.db") + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=10000");
        config.setMaximumPoolSize(4);
        dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/sqlite").load().migrate();
        store = new JdbcDeliveryStore(dataSource);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
