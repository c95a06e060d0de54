package dev.vigil.anomaly;

import dev.vigil.track.TrackerConfig;
import io.helidon.config.Config;

/**
 * Every threshold of the anomaly stage. Speeds and distances are in body heights (a person's standing height
 * estimated from their limb and torso lengths), so they mean the same near and far from the camera.
 *
 * @param tracker                 how people are followed between frames
 * @param keypointMinScore        keypoints below this confidence are treated as not seen
 * @param uprightMaxDegrees       torso within this angle from vertical counts as upright
 * @param horizontalMinDegrees    torso at least this far from vertical counts as down (lying, fallen)
 * @param fallWindowSeconds       a fall turns the torso from upright to down within this time ...
 * @param fallHipDrop             ... while the hips drop by at least this many body heights ...
 * @param fallStayDownSeconds     ... and the person is still down this long after (so bending over is no fall)
 * @param lyingSeconds            down for longer than this: someone who does not get up
 * @param runningSpeed            hip speed, body heights per second, sustained over {@code runningSustainSeconds}
 * @param runningSustainSeconds   window over which the running speed is averaged
 * @param violenceLimbSpeed       mean wrist speed relative to the shoulders (body heights per second) over
 *                                {@code violenceWindowSeconds} when another person is within reach
 * @param violenceWindowSeconds   window of the violence measure
 * @param violenceAloneFactor     the violence threshold is this many times higher with nobody within reach
 * @param reach                   another person whose hips are within this many body heights is within reach
 * @param loiteringSeconds        dwell time that counts as loitering; 0 turns loitering off (the default)
 * @param zoneMinSeconds          feet inside a restricted zone at least this long before it counts
 * @param normality               the per-camera normality model
 * @param cooldownSeconds         after an alert for (person, behaviour), no new alert for the same pair this long
 */
public record AnomalyConfig(
        TrackerConfig tracker,
        double keypointMinScore,
        double uprightMaxDegrees,
        double horizontalMinDegrees,
        double fallWindowSeconds,
        double fallHipDrop,
        double fallStayDownSeconds,
        double lyingSeconds,
        double runningSpeed,
        double runningSustainSeconds,
        double violenceLimbSpeed,
        double violenceWindowSeconds,
        double violenceAloneFactor,
        double reach,
        double loiteringSeconds,
        double zoneMinSeconds,
        NormalityConfig normality,
        double cooldownSeconds) {

    public AnomalyConfig {
        if (uprightMaxDegrees >= horizontalMinDegrees) {
            throw new IllegalArgumentException("upright-max-degrees must be below horizontal-min-degrees");
        }
        if (fallWindowSeconds <= 0 || lyingSeconds <= 0 || runningSpeed <= 0 || runningSustainSeconds <= 0
                || violenceLimbSpeed <= 0 || violenceWindowSeconds <= 0 || violenceAloneFactor < 1
                || loiteringSeconds < 0 || zoneMinSeconds < 0 || cooldownSeconds < 0 || fallStayDownSeconds < 0) {
            throw new IllegalArgumentException("anomaly config out of range (times and speeds must be positive, "
                    + "violence-alone-factor >= 1)");
        }
    }

    public static AnomalyConfig defaults() {
        return new AnomalyConfig(TrackerConfig.defaults(), 0.3, 35, 60, 1.5, 0.2, 1.0, 10, 1.5, 1.0,
                2.0, 1.0, 1.5, 1.0, 0, 0.5, NormalityConfig.defaults(), 30);
    }

    /** Reads the {@code anomaly} section; every key is optional. See docs/ANOMALY.md for the list. */
    public static AnomalyConfig from(Config node) {
        AnomalyConfig d = defaults();
        return new AnomalyConfig(
                TrackerConfig.from(node.get("tracker")),
                node.get("keypoint-min-score").asDouble().orElse(d.keypointMinScore),
                node.get("upright-max-degrees").asDouble().orElse(d.uprightMaxDegrees),
                node.get("horizontal-min-degrees").asDouble().orElse(d.horizontalMinDegrees),
                node.get("fall-window-seconds").asDouble().orElse(d.fallWindowSeconds),
                node.get("fall-hip-drop").asDouble().orElse(d.fallHipDrop),
                node.get("fall-stay-down-seconds").asDouble().orElse(d.fallStayDownSeconds),
                node.get("lying-seconds").asDouble().orElse(d.lyingSeconds),
                node.get("running-speed").asDouble().orElse(d.runningSpeed),
                node.get("running-sustain-seconds").asDouble().orElse(d.runningSustainSeconds),
                node.get("violence-limb-speed").asDouble().orElse(d.violenceLimbSpeed),
                node.get("violence-window-seconds").asDouble().orElse(d.violenceWindowSeconds),
                node.get("violence-alone-factor").asDouble().orElse(d.violenceAloneFactor),
                node.get("reach").asDouble().orElse(d.reach),
                node.get("loitering-seconds").asDouble().orElse(d.loiteringSeconds),
                node.get("zone-min-seconds").asDouble().orElse(d.zoneMinSeconds),
                NormalityConfig.from(node.get("normality")),
                node.get("cooldown-seconds").asDouble().orElse(d.cooldownSeconds));
    }

    /**
     * The longest stretch of history any detector looks back over: a fall is judged until stay-down + window after
     * going down, on samples from a window before going down.
     */
    double historySeconds() {
        return Math.max(2 * fallWindowSeconds + fallStayDownSeconds + 0.5,
                Math.max(runningSustainSeconds, violenceWindowSeconds) + 0.5);
    }
}
