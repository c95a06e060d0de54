package dev.vigil.delivery;

import java.time.Instant;
import java.util.List;

import dev.vigil.store.AlertRecord;
import dev.vigil.store.NewAlert;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * Raises alerts the way the server does, by writing them to the real alert store, and reads them
 * back the way delivery does ({@link StoreAlertFeed}).
 */
final class TestAlerts {
    static final String PUBLIC_URL = "http://127.0.0.1:8000";
    /** A minimal JPEG (SOI, APP0 marker, EOI): the store keeps whatever bytes it is given. */
    static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 1, 2, 3, (byte) 0xff, (byte) 0xd9};

    private final DeliveryDb db;
    private final StoreAlertFeed feed;

    TestAlerts(DeliveryDb db) {
        this.db = db;
        this.feed = new StoreAlertFeed(db.alerts, db.store, PUBLIC_URL);
    }

    /** The alert message as the store keeps it (the one sent on the socket, without its image). */
    static JsonObject message(String userId, String camera, List<String> behaviours, int personId, Instant at) {
        var message = Json.createObjectBuilder()
                .add("type", "anomaly_detected")
                .add("user_id", userId)
                .add("stream_id", "stream-" + camera)
                .add("result", Json.createObjectBuilder()
                        .add("person_id", personId).add("frame_number", 245).add("score", -0.825)
                        .add("is_abnormal", true).add("classification", "Abnormal").add("confidence", "High")
                        .add("bbox", Json.createObjectBuilder().add("x", 147).add("y", 259).add("w", 276).add("h", 138)))
                .add("frame_format", "jpeg")
                .add("behaviours", Json.createArrayBuilder(behaviours))
                .add("timestamp", at.toEpochMilli())
                .add("frame_width", 640)
                .add("frame_height", 480);
        if (camera != null) {
            message.add("camera", camera);
        }
        return message.build();
    }

    DeliveryAlert append(String userId, String camera, List<String> behaviours, Instant createdAt, byte[] jpeg) {
        int personId = (int) db.alerts.lastId(userId) + 1;
        AlertRecord record = db.alerts.append(new NewAlert(userId, "stream-" + camera, camera, behaviours, createdAt,
                message(userId, camera, behaviours, personId, createdAt).toString(), jpeg == null ? JPEG : jpeg));
        return feed.after(userId, record.alertId() - 1, 1).getFirst();
    }

    DeliveryAlert append(String userId, String camera, List<String> behaviours) {
        return append(userId, camera, behaviours, Instant.now(), null);
    }

    /** What delivery reads the alerts through: the real {@link StoreAlertFeed} over the same store. */
    AlertFeed feed() {
        return feed;
    }
}
