package dev.vigil.track;

import io.helidon.config.Config;

/**
 * How the tracker follows people between analysed frames.
 *
 * @param maxGapSeconds     how long a confirmed person may go undetected (occlusion, missed detection) and still
 *                          keep their id when seen again near where they were heading
 * @param stillMaxGapSeconds the same for a person who was not moving when last seen: pose models often lose someone
 *                          lying on the floor for seconds at a time, and a person who is down does not walk away
 * @param confirmHits       detections a new track needs before it gets an id, so a one-frame false detection
 *                          never burns one
 * @param confirmWithinSeconds a tentative track must collect its hits within this time or is dropped
 * @param minMatchScore     lowest association score (0..1, box overlap + keypoint similarity + proximity) that
 *                          links a detection to a track
 */
public record TrackerConfig(double maxGapSeconds, double stillMaxGapSeconds, int confirmHits,
                            double confirmWithinSeconds, double minMatchScore) {

    public TrackerConfig {
        if (maxGapSeconds < 0 || stillMaxGapSeconds < maxGapSeconds || confirmHits < 1 || confirmWithinSeconds <= 0
                || minMatchScore <= 0 || minMatchScore >= 1) {
            throw new IllegalArgumentException("tracker config out of range: max-gap-seconds >= 0, still-max-gap-seconds >= max-gap-seconds, confirm-hits >= 1, "
                    + "confirm-within-seconds > 0, 0 < min-match-score < 1");
        }
    }

    public static TrackerConfig defaults() {
        return new TrackerConfig(1.0, 5.0, 3, 1.5, 0.2);
    }

    /** Reads keys max-gap-seconds, still-max-gap-seconds, confirm-hits, confirm-within-seconds, min-match-score; absent keys keep defaults. */
    public static TrackerConfig from(Config node) {
        TrackerConfig d = defaults();
        return new TrackerConfig(
                node.get("max-gap-seconds").asDouble().orElse(d.maxGapSeconds),
                node.get("still-max-gap-seconds").asDouble().orElse(d.stillMaxGapSeconds),
                node.get("confirm-hits").asInt().orElse(d.confirmHits),
                node.get("confirm-within-seconds").asDouble().orElse(d.confirmWithinSeconds),
                node.get("min-match-score").asDouble().orElse(d.minMatchScore));
    }
}
