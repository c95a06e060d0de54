package dev.vigil.delivery;

import java.nio.file.Path;

import dev.vigil.store.Database;
import dev.vigil.store.JdbcAlertStore;
import dev.vigil.store.JdbcDeliveryStore;
import dev.vigil.store.StoreConfig;

/** The server's real store in a SQLite file: the alert log and the delivery tables. */
final class DeliveryDb implements AutoCloseable {
    private final Database database;
    final JdbcAlertStore alerts;
    final JdbcDeliveryStore store;

    DeliveryDb(Path dir) {
        this(StoreConfig.defaults().withPath(dir));
    }

    DeliveryDb(StoreConfig config) {
        database = Database.open(config);
        alerts = new JdbcAlertStore(database);
        store = new JdbcDeliveryStore(database);
    }

    @Override
    public void close() {
        database.close();
    }
}
