package dev.vigil.vision;

import java.util.List;

/**
 * What the pose model saw in one frame: the people it decoded, best first, in frame pixels, and, when asked for,
 * its heatmaps ({@code heat}) and backbone map ({@code backbone}); each null when not asked for or the model file
 * has none.
 */
public record Poses(List<Person> people, PoseHeat heat, PoseBackbone backbone) {
    public Poses {
        people = List.copyOf(people);
    }
}
