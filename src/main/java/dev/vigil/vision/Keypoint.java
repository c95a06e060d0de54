package dev.vigil.vision;

/** One body joint in frame pixels with the model's confidence in it (0..1). */
public record Keypoint(double x, double y, double score) {
}
