package dev.vigil.store;

/**
 * The two databases Vigil keeps its data in. Each has its own migration folder, because their
 * DDL differs (types, identity columns); the queries in this package are written to run on both.
 */
public enum Dialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String migrationFolder;

    Dialect(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    /** Flyway location of this dialect's migrations (V1-V19 alerts, V20-V29 auth, V30-V39 delivery). */
    public String migrationLocation() {
        return "classpath:db/migration/" + migrationFolder;
    }

    /** Name used in /api/stats and the log. */
    public String label() {
        return migrationFolder;
    }
}
