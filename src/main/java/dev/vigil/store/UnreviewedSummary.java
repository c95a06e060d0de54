package dev.vigil.store;

import java.util.List;

/** A user's unreviewed alerts counted in total, per camera (null = unnamed) and per behaviour. */
public record UnreviewedSummary(long total, List<Count> byCamera, List<Count> byBehaviour) {
    public UnreviewedSummary {
        byCamera = List.copyOf(byCamera);
        byBehaviour = List.copyOf(byBehaviour);
    }

    public record Count(String name, long unreviewed) {
    }
}
