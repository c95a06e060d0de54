package dev.vigil.anomaly;

/** What a person was seen doing that made them abnormal; {@link #wireName()} is what alerts carry. */
public enum Behaviour {
    FALL("fall"),
    LYING("lying"),
    RUNNING("running"),
    VIOLENCE("violence"),
    LOITERING("loitering"),
    ZONE_INTRUSION("zone_intrusion"),
    /** Flagged by the per-camera normality model: a pose or motion this camera has not seen before. */
    UNUSUAL_POSE("unusual_pose");

    private final String wireName;

    Behaviour(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
