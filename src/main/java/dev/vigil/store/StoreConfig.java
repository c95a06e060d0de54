package dev.vigil.store;

import java.nio.file.Path;
import java.time.Duration;

import io.helidon.config.Config;

/**
 * Where alerts are kept and for how long.
 *
 * @param path              folder of the embedded SQLite database (used when url is empty)
 * @param url               a PostgreSQL JDBC URL; empty means SQLite under path
 * @param user              PostgreSQL user
 * @param password          PostgreSQL password
 * @param poolSize          connections kept open
 * @param connectTimeout    how long a write waits for a connection before it counts as a store fault
 * @param retentionDays     alerts older than this are deleted
 * @param maxSnapshotBytes  snapshots past this total are dropped, oldest (and reviewed) first
 * @param retentionInterval how often retention runs (and once at start)
 * @param retryInterval     how often a faulty store is tried again with the alerts it missed
 * @param maxBacklog        alerts kept in memory while the store is faulty
 */
public record StoreConfig(Path path, String url, String user, String password, int poolSize,
                          Duration connectTimeout, int retentionDays, long maxSnapshotBytes,
                          Duration retentionInterval, Duration retryInterval, int maxBacklog) {

    public static StoreConfig defaults() {
        return new StoreConfig(Path.of("data"), "", "", "", 4, Duration.ofSeconds(2), 30,
                2L * 1024 * 1024 * 1024, Duration.ofHours(1), Duration.ofSeconds(2), 10_000);
    }

    public static StoreConfig from(Config node) {
        StoreConfig d = defaults();
        return new StoreConfig(
                Path.of(node.get("path").asString().orElse(d.path().toString())),
                node.get("url").asString().orElse(d.url()),
                node.get("user").asString().orElse(d.user()),
                node.get("password").asString().orElse(d.password()),
                node.get("pool-size").asInt().orElse(d.poolSize()),
                node.get("connect-timeout").as(Duration.class).orElse(d.connectTimeout()),
                node.get("retention-days").asInt().orElse(d.retentionDays()),
                node.get("max-snapshot-bytes").asLong().orElse(d.maxSnapshotBytes()),
                node.get("retention-interval").as(Duration.class).orElse(d.retentionInterval()),
                node.get("retry-interval").as(Duration.class).orElse(d.retryInterval()),
                node.get("max-backlog").asInt().orElse(d.maxBacklog()));
    }

    public StoreConfig withPath(Path newPath) {
        return new StoreConfig(newPath, url, user, password, poolSize, connectTimeout, retentionDays,
                maxSnapshotBytes, retentionInterval, retryInterval, maxBacklog);
    }

    public StoreConfig withPostgres(String newUrl, String newUser, String newPassword) {
        return new StoreConfig(path, newUrl, newUser, newPassword, poolSize, connectTimeout, retentionDays,
                maxSnapshotBytes, retentionInterval, retryInterval, maxBacklog);
    }

    public Dialect dialect() {
        return url == null || url.isBlank() ? Dialect.SQLITE : Dialect.POSTGRESQL;
    }
}
