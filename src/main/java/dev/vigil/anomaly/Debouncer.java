package dev.vigil.anomaly;

import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One alert when a person becomes abnormal, then at most one per (person, behaviour) per cooldown: an alert is due
 * when at least one of the behaviours that fired has not been alerted on for this person within the cooldown.
 * One instance per stream, so the key is effectively (stream, person, behaviour).
 */
final class Debouncer {
    private final long cooldownNanos;
    private final Map<Integer, Map<Behaviour, Long>> lastAlert = new HashMap<>();

    Debouncer(double cooldownSeconds) {
        this.cooldownNanos = (long) (cooldownSeconds * 1e9);
    }

    boolean due(int personId, Collection<Behaviour> fired, long nowNanos) {
        Map<Behaviour, Long> last = lastAlert.computeIfAbsent(personId, id -> new EnumMap<>(Behaviour.class));
        boolean due = false;
        for (Behaviour b : fired) {
            Long at = last.get(b);
            if (at == null || nowNanos - at >= cooldownNanos) {
                last.put(b, nowNanos);
                due = true;
            }
        }
        return due;
    }

    /** Forgets people the tracker no longer follows (their ids are never reused); the scene is always followed. */
    void retain(Set<Integer> liveIds) {
        lastAlert.keySet().removeIf(id -> id != StreamAnalyzer.SCENE_ID && !liveIds.contains(id));
    }
}
