package dev.vigil.store;

import java.time.Instant;
import java.util.List;

/**
 * An alert to store: the message as sent (JSON without the image) and its annotated JPEG.
 *
 * @param camera      may be null (a stream without a camera name)
 * @param messageJson the anomaly_detected message without annotated_frame and alert_id
 */
public record NewAlert(String userId, String streamId, String camera, List<String> behaviours, Instant createdAt,
                       String messageJson, byte[] jpeg) {
    public NewAlert {
        behaviours = List.copyOf(behaviours);
    }
}
