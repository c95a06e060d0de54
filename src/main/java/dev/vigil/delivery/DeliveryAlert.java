package dev.vigil.delivery;

import java.time.Instant;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * One stored alert as the channels see it: the alert message without its image, plus the id
 * the store gave it and the URL its snapshot is served at.
 *
 * @param alertId     the store's growing id (the cursors count in it)
 * @param userId      whose alert it is
 * @param storedAt    when the store wrote it (the age limit and the lag count from here)
 * @param message     the alert JSON as sent on the WebSocket, without "annotated_frame"
 * @param snapshotUrl where the annotated JPEG can be fetched
 */
public record DeliveryAlert(long alertId, String userId, Instant storedAt, JsonObject message, String snapshotUrl) {

    public String camera() {
        return message.getString("camera", null);
    }

    public List<String> behaviours() {
        return message.containsKey("behaviours")
                ? message.getJsonArray("behaviours").getValuesAs(jakarta.json.JsonString.class).stream()
                        .map(jakarta.json.JsonString::getString).toList()
                : List.of();
    }

    /** The event JSON that MQTT and webhooks send: the message plus alert_id and snapshot_url. */
    public JsonObject event() {
        JsonObjectBuilder event = Json.createObjectBuilder();
        message.forEach((key, value) -> {
            if (!"annotated_frame".equals(key)) {
                event.add(key, value);
            }
        });
        return event.add("alert_id", alertId).add("snapshot_url", snapshotUrl).build();
    }

    /** The small summary a phone notification needs (Web Push payloads are at most 4 KB). */
    public JsonObject summary() {
        JsonObject result = message.getJsonObject("result");
        JsonObjectBuilder summary = Json.createObjectBuilder()
                .add("type", "anomaly_detected")
                .add("alert_id", alertId)
                .add("user_id", userId)
                .add("stream_id", message.getString("stream_id", ""))
                .add("camera", camera() == null ? JsonValue.NULL : Json.createValue(camera()))
                .add("behaviours", Json.createArrayBuilder(behaviours()))
                .add("time", message.getJsonNumber("timestamp") == null ? storedAt.toEpochMilli()
                        : message.getJsonNumber("timestamp").longValue())
                .add("snapshot_url", snapshotUrl);
        if (result != null) {
            summary.add("person_id", result.getJsonNumber("person_id") == null ? JsonValue.NULL : result.get("person_id"))
                    .add("confidence", result.getString("confidence", ""));
        }
        return summary.build();
    }
}
