package dev.vigil.anomaly;

import java.util.List;

import dev.vigil.vision.Keypoint;
import dev.vigil.vision.Person;
import dev.vigil.vision.PoseHeat;

/**
 * Pose-model heatmaps drawn from skeletons, as MoveNet draws them: a blob at each person's box centre (channel 0)
 * and at each keypoint (channels 1-17), on a 24x32 grid over the frame.
 */
final class SyntheticHeat {
    static final int ROWS = 24;
    static final int COLUMNS = 32;

    private SyntheticHeat() {
    }

    static PoseHeat of(List<Person> people, int frameWidth, int frameHeight) {
        float[] values = new float[PoseHeat.CHANNELS * ROWS * COLUMNS];
        for (Person p : people) {
            blob(values, 0, p.bbox().centerX() / frameWidth, p.bbox().centerY() / frameHeight, 0.9f);
            for (int k = 0; k < p.keypoints().size(); k++) {
                Keypoint kp = p.keypoint(k);
                blob(values, k + 1, kp.x() / frameWidth, kp.y() / frameHeight, (float) (0.9 * kp.score()));
            }
        }
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) Math.min(255, Math.round(values[i] * 255));
        }
        return new PoseHeat(bytes, PoseHeat.CHANNELS, ROWS, COLUMNS);
    }

    /** A Gaussian of one cell's spread and height {@code peak} at (x, y), normalised to the frame. */
    private static void blob(float[] values, int channel, double x, double y, float peak) {
        double cx = x * COLUMNS - 0.5;
        double cy = y * ROWS - 0.5;
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLUMNS; c++) {
                double d2 = (c - cx) * (c - cx) + (r - cy) * (r - cy);
                int at = (channel * ROWS + r) * COLUMNS + c;
                values[at] = (float) Math.max(values[at], peak * Math.exp(-d2 / 2));
            }
        }
    }
}
