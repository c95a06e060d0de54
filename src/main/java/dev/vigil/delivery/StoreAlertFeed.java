package dev.vigil.delivery;

import java.io.StringReader;
import java.util.List;
import java.util.Optional;

import dev.vigil.store.AlertRecord;
import dev.vigil.store.AlertStore;
import dev.vigil.store.DeliveryStore;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/** The alert store as delivery reads it: each user's alerts after a cursor, as {@link DeliveryAlert}s. */
public final class StoreAlertFeed implements AlertFeed {
    private final AlertStore alerts;
    private final DeliveryStore delivery;
    private final String publicUrl;

    /** @param publicUrl base of snapshot_url ("" for a path on this server) */
    public StoreAlertFeed(AlertStore alerts, DeliveryStore delivery, String publicUrl) {
        this.alerts = alerts;
        this.delivery = delivery;
        this.publicUrl = publicUrl;
    }

    @Override
    public List<DeliveryAlert> after(String userId, long afterId, int limit) {
        return delivery.alertsAfter(userId, afterId, limit).stream().map(this::alert).toList();
    }

    @Override
    public long latestId(String userId) {
        return alerts.lastId(userId);
    }

    @Override
    public long countAfter(String userId, long afterId) {
        return delivery.countAlertsAfter(userId, afterId);
    }

    @Override
    public Optional<byte[]> snapshot(String userId, long alertId) {
        return alerts.snapshot(userId, alertId);
    }

    @Override
    public List<String> users() {
        return delivery.alertUsers();
    }

    private DeliveryAlert alert(AlertRecord record) {
        JsonObject message = Json.createReader(new StringReader(record.messageJson())).readObject();
        return new DeliveryAlert(record.alertId(), record.userId(), record.createdAt(), message,
                publicUrl + snapshotPath(record.userId(), record.alertId()));
    }

    /** Where the store's API serves an alert's annotated JPEG. */
    static String snapshotPath(String userId, long alertId) {
        return "/api/users/" + userId + "/alerts/" + alertId + "/snapshot";
    }
}
