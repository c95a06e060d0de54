package dev.vigil.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/** Alerts as the alert store hands them to delivery (ids counting per user), written by the test. */
final class TestAlerts implements AlertFeed {
    private final Map<String, List<DeliveryAlert>> alerts = new ConcurrentHashMap<>();
    private final Map<String, byte[]> snapshots = new ConcurrentHashMap<>();

    /** The alert message as the store keeps it (without its image). */
    static JsonObject message(String userId, String camera, List<String> behaviours, int personId) {
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
        List<DeliveryAlert> own = alerts.computeIfAbsent(userId, u -> new ArrayList<>());
        long id = own.size() + 1;
        DeliveryAlert alert = new DeliveryAlert(id, userId, storedAt, message(userId, camera, behaviours, (int) id),
                "http://127.0.0.1:8000/api/users/" + userId + "/alerts/" + id + "/snapshot");
        own.add(alert);
        if (jpeg != null) {
            snapshots.put(userId + "/" + id, jpeg);
        }
        return alert;
    }

    DeliveryAlert append(String userId, String camera, List<String> behaviours) {
        return append(userId, camera, behaviours, Instant.now(), null);
    }

    @Override
    public synchronized List<DeliveryAlert> after(String userId, long afterId, int limit) {
        return alerts.getOrDefault(userId, List.of()).stream().filter(a -> a.alertId() > afterId).limit(limit).toList();
    }

    @Override
    public synchronized long latestId(String userId) {
        return alerts.getOrDefault(userId, List.of()).size();
    }

    @Override
    public synchronized long countAfter(String userId, long afterId) {
        return alerts.getOrDefault(userId, List.of()).stream().filter(a -> a.alertId() > afterId).count();
    }

    @Override
    public Optional<byte[]> snapshot(String userId, long alertId) {
        return Optional.ofNullable(snapshots.get(userId + "/" + alertId));
    }

    @Override
    public synchronized List<String> users() {
        return List.copyOf(alerts.keySet());
    }
}
