package dev.vigil.alert;

import java.io.StringReader;
import java.util.Base64;

import dev.vigil.anomaly.Verdict;
import dev.vigil.vision.BBox;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;

/**
 * The seed's "anomaly_detected" message, with Vigil's additions: behaviours, timestamp (ms since
 * the epoch), frame_width/frame_height of the annotated frame and the stream's camera name.
 */
public final class AlertMessage {
    private AlertMessage() {
    }

    public static String anomaly(String userId, String streamId, String camera, long frameNumber, Verdict verdict,
                                 byte[] jpeg, int frameWidth, int frameHeight) {
        return withFrame(body(userId, streamId, camera, frameNumber, verdict, frameWidth, frameHeight,
                System.currentTimeMillis()), 0, jpeg, false);
    }

    /**
     * The message without its image and alert_id: what the store keeps and the history API lists.
     *
     * @param timestamp when the alert was raised, ms since the epoch
     */
    public static JsonObject body(String userId, String streamId, String camera, long frameNumber, Verdict verdict,
                                  int frameWidth, int frameHeight, long timestamp) {
        BBox box = verdict.bbox();
        int x = clamp((int) Math.round(box.x()), 0, frameWidth - 1);
        int y = clamp((int) Math.round(box.y()), 0, frameHeight - 1);
        int w = clamp((int) Math.round(box.x() + box.w()), x + 1, frameWidth) - x;
        int h = clamp((int) Math.round(box.y() + box.h()), y + 1, frameHeight) - y;
        JsonObject result = Json.createObjectBuilder()
                .add("person_id", verdict.personId())
                .add("frame_number", frameNumber)
                .add("score", Math.round(verdict.score() * 1000) / 1000.0)
                .add("is_abnormal", verdict.isAbnormal())
                .add("classification", verdict.classification())
                .add("confidence", verdict.confidence())
                .add("bbox", Json.createObjectBuilder().add("x", x).add("y", y).add("w", w).add("h", h))
                .build();
        var message = Json.createObjectBuilder()
                .add("type", "anomaly_detected")
                .add("user_id", userId)
                .add("stream_id", streamId)
                .add("result", result)
                .add("frame_format", "jpeg")
                .add("behaviours", Json.createArrayBuilder(verdict.behaviours()))
                .add("timestamp", timestamp)
                .add("frame_width", frameWidth)
                .add("frame_height", frameHeight);
        if (camera != null) {
            message.add("camera", camera);
        }
        return message.build();
    }

    /**
     * The message as sent on the sockets: the body with annotated_frame (after result, where the
     * seed has it), alert_id when the store gave one (0: not stored) and "replayed": true for
     * alerts sent again from the store.
     */
    public static String withFrame(JsonObject body, long alertId, byte[] jpeg, boolean replayed) {
        JsonObjectBuilder message = Json.createObjectBuilder();
        body.forEach((name, value) -> {
            message.add(name, value);
            if (name.equals("result")) {
                message.add("annotated_frame", jpeg == null ? "" : Base64.getEncoder().encodeToString(jpeg));
            }
        });
        if (alertId > 0) {
            message.add("alert_id", alertId);
        }
        if (replayed) {
            message.add("replayed", true);
        }
        return message.build().toString();
    }

    /** A stored message body back as JSON. */
    public static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
