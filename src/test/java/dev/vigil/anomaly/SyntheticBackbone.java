package dev.vigil.anomaly;

import java.util.List;

import dev.vigil.vision.Person;
import dev.vigil.vision.PoseBackbone;

/**
 * A pose-model backbone map drawn from skeletons: on a 6x8 grid over the frame, the cells a person's box covers light
 * up, each channel at its own strength (0.5 to 6, ReLU6's range). Enough for the classifier's input to be there and
 * to follow the people; what a real backbone says about them is the real model's (PoseModelTest).
 */
final class SyntheticBackbone {
    static final int ROWS = 6;
    static final int COLUMNS = 8;

    private SyntheticBackbone() {
    }

    static PoseBackbone of(List<Person> people, int frameWidth, int frameHeight) {
        int cells = ROWS * COLUMNS;
        float[] values = new float[PoseBackbone.CHANNELS * cells];
        for (Person p : people) {
            int c0 = (int) Math.floor(p.bbox().x() / frameWidth * COLUMNS);
            int c1 = (int) Math.floor((p.bbox().x() + p.bbox().w()) / frameWidth * COLUMNS);
            int r0 = (int) Math.floor(p.bbox().y() / frameHeight * ROWS);
            int r1 = (int) Math.floor((p.bbox().y() + p.bbox().h()) / frameHeight * ROWS);
            for (int r = Math.max(0, r0); r <= Math.min(ROWS - 1, r1); r++) {
                for (int c = Math.max(0, c0); c <= Math.min(COLUMNS - 1, c1); c++) {
                    for (int ch = 0; ch < PoseBackbone.CHANNELS; ch++) {
                        values[ch * cells + r * COLUMNS + c] = 0.5f + (ch % 12) * 0.5f;
                    }
                }
            }
        }
        return new PoseBackbone(values, PoseBackbone.CHANNELS, ROWS, COLUMNS);
    }
}
