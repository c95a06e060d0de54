package dev.vigil.store;

import java.time.Instant;

/**
 * A stored alert without its image.
 *
 * @param messageJson   the anomaly_detected message as sent, without annotated_frame and alert_id
 * @param snapshotBytes size of the stored JPEG; 0 when retention has dropped it
 */
public record AlertRecord(String userId, long alertId, String streamId, String camera, Instant createdAt,
                          boolean reviewed, String messageJson, long snapshotBytes) {
    public boolean hasSnapshot() {
        return snapshotBytes > 0;
    }
}
