package dev.vigil.vision;

import java.util.List;

/**
 * What the pose model saw in one frame: the people it decoded, best first, in frame pixels, and its heatmaps
 * ({@code heat}, null when the model file has none).
 */
public record Poses(List<Person> people, PoseHeat heat) {
    public Poses {
        people = List.copyOf(people);
    }
}
