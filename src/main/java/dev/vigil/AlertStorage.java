package dev.vigil;

import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.vigil.alert.AlertHub;
import dev.vigil.alert.AlertOutbox;
import dev.vigil.store.AlertStore;
import dev.vigil.store.Database;
import dev.vigil.store.JdbcAlertStore;
import dev.vigil.store.RetentionResult;
import dev.vigil.store.StoreConfig;
import dev.vigil.store.StoreException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** Wiring of the alert store: database, store, its writer (outbox) and the retention schedule. */
public final class AlertStorage implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AlertStorage.class.getName());

    private final StoreConfig config;
    private final Database database;
    private final AlertStore store;
    private final ScheduledExecutorService retention;
    private AlertOutbox outbox;

    private AlertStorage(StoreConfig config, Database database) {
        this.config = config;
        this.database = database;
        this.store = new JdbcAlertStore(database);
        this.retention = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("alert-retention").daemon().factory());
        long interval = Math.max(1, config.retentionInterval().toMillis());
        retention.scheduleWithFixedDelay(this::applyRetention, 0, interval, TimeUnit.MILLISECONDS);
    }

    public static AlertStorage open(StoreConfig config) {
        return new AlertStorage(config, Database.open(config));
    }

    void startOutbox(AlertHub hub) {
        outbox = new AlertOutbox(store, hub, config.retryInterval(), config.maxBacklog());
    }

    public Database database() {
        return database;
    }

    public AlertStore store() {
        return store;
    }

    public AlertOutbox outbox() {
        return outbox;
    }

    /** One retention pass now (also run every retention-interval); returns what it removed. */
    public RetentionResult applyRetention() {
        try {
            RetentionResult result = store.applyRetention(
                    Instant.now().minus(java.time.Duration.ofDays(config.retentionDays())), config.maxSnapshotBytes());
            if (result.alertsDeleted() > 0 || result.snapshotsDropped() > 0) {
                LOG.info("retention: deleted " + result.alertsDeleted() + " alerts older than " + config.retentionDays()
                        + " days; dropped " + result.snapshotsDropped() + " snapshots (" + result.snapshotBytesFreed()
                        + " bytes) over the budget of " + config.maxSnapshotBytes() + " bytes; "
                        + result.snapshotBytesLeft() + " snapshot bytes kept");
            }
            return result;
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "retention pass failed: " + e.getMessage());
            return null;
        }
    }

    /** The "store" object of /api/stats. */
    public JsonObject figures() {
        AlertOutbox.Figures f = outbox.figures();
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("backend", database.dialect().label())
                .add("healthy", f.healthy())
                .add("alerts_stored", f.stored())
                .add("store_failures", f.storeFailures())
                .add("alerts_waiting", f.backlog() + f.queued())
                .add("alerts_unstored", f.unstored())
                .add("write_ms", Json.createObjectBuilder()
                        .add("p50", Math.round(f.writeP50Millis() * 100) / 100.0)
                        .add("p95", Math.round(f.writeP95Millis() * 100) / 100.0));
        if (f.lastError() != null) {
            json.add("last_error", f.lastError());
        }
        return json.build();
    }

    void closeOutbox() {
        if (outbox != null) {
            outbox.close();
        }
    }

    @Override
    public void close() {
        retention.shutdownNow();
        closeOutbox();
        database.close();
    }
}
