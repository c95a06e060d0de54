package dev.vigil.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import dev.vigil.PostgresServer;

/** The two real backends every store test runs against: a SQLite file and a PostgreSQL database. */
public enum Backends {
    SQLITE, POSTGRESQL;

    /** A config for a new, empty store of this backend. */
    public StoreConfig freshConfig() {
        StoreConfig defaults = StoreConfig.defaults();
        if (this == SQLITE) {
            try {
                return defaults.withPath(Files.createTempDirectory("vigil-store-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return defaults.withPostgres(PostgresServer.shared().newDatabase(), PostgresServer.USER, "");
    }

    public static Stream<Backends> both() {
        return Stream.of(values());
    }

    /** The SQLite file of a config (SQLITE only). */
    public static Path sqliteFile(StoreConfig config) {
        return config.path().resolve(Database.SQLITE_FILE);
    }
}
