package dev.vigil.alert;

import java.util.Base64;

import dev.vigil.anomaly.Verdict;
import dev.vigil.vision.BBox;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * The seed's "anomaly_detected" message, with Vigil's additions: behaviours, timestamp (ms since
 * the epoch), frame_width/frame_height of the annotated frame and the stream's camera name.
 */
public final class AlertMessage {
    private AlertMessage() {
    }

    public static String anomaly(String userId, String streamId, String camera, long frameNumber, Verdict verdict,
                                 byte[] jpeg, int frameWidth, int frameHeight) {
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
                .add("annotated_frame", Base64.getEncoder().encodeToString(jpeg))
                .add("frame_format", "jpeg")
                .add("behaviours", Json.createArrayBuilder(verdict.behaviours()))
                .add("timestamp", System.currentTimeMillis())
                .add("frame_width", frameWidth)
                .add("frame_height", frameHeight);
        if (camera != null) {
            message.add("camera", camera);
        }
        return message.build().toString();
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
