package dev.vigil.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** Alerts as the alert store hands them to delivery, written by the test. */
final class TestAlerts implements AlertFeed {
    private final List<DeliveryAlert> alerts = new ArrayList<>();
    private final Map<Long, byte[]> snapshots = new ConcurrentHashMap<>();

    /** The alert message as the analysis sends it on the WebSocket (with its image). */
    static JsonObject message(String userId, String camera, List<String> behaviours, int personId) {
        var message = Json.createObjectBuilder()
                .add("type", "anomaly_detected")
                .add("user_id", userId)
                .add("stream_id", "stream-" + camera)
                .add("result", Json.createObjectBuilder()
                        .add("person_id", personId).add("frame_number", 245).add("score", -0.825)
                        .add("is_abnormal", true).add("classification", "Abnormal").add("confidence", "High")
                        .add("bbox", Json.createObjectBuilder().add("x", 147).add("y", 259).add("w", 276).add("h", 138)))
                .add("annotated_frame", "/9j/AAAA")
                .add("frame_format", "jpeg")
                .add("behaviours", Json.createArrayBuilder(behaviours))
                .add("timestamp", System.currentTimeMillis())
                .add("frame_width", 640)
                .add("frame_height", 480);
        if (camera != null) {
            message.add("camera", camera);
        }
        return message.build();
    }

    synchronized DeliveryAlert append(String userId, String camera, List<String> behaviours, Instant storedAt,
                                      byte[] jpeg) {
        long id = alerts.size() + 1;
        DeliveryAlert alert = new DeliveryAlert(id, userId, storedAt, message(userId, camera, behaviours, (int) id),
                "http://127.0.0.1:8000/api/users/" + userId + "/alerts/" + id + "/snapshot");
        alerts.add(alert);
        if (jpeg != null) {
            snapshots.put(id, jpeg);
        }
        return alert;
    }

    DeliveryAlert append(String userId, String camera, List<String> behaviours) {
        return append(userId, camera, behaviours, Instant.now(), null);
    }

    @Override
    public synchronized List<DeliveryAlert> after(long afterId, int limit) {
        return alerts.stream().filter(a -> a.alertId() > afterId).limit(limit).toList();
    }

    @Override
    public synchronized long latestId() {
        return alerts.size();
    }

    @Override
    public synchronized long countAfter(long afterId, String userId) {
        return alerts.stream().filter(a -> a.alertId() > afterId && (userId == null || userId.equals(a.userId())))
                .count();
    }

    @Override
    public Optional<byte[]> snapshot(long alertId) {
        return Optional.ofNullable(snapshots.get(alertId));
    }
}
