package dev.vigil.anomaly;

import org.junit.jupiter.api.Test;

import dev.vigil.vision.PoseBackbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backbone map's window numbers, exact on hand-made maps. */
class BackboneFeaturesTest {
    private static final int C = PoseBackbone.CHANNELS;
    private static final long STEP = 100_000_000L; // 10 frames a second, as in training

    /**
     * Frame k of a 2x3 map: channel 0 is k on every cell; channel 1 is 2 on the first cell only; channel 2 is k on
     * the first cell and 0 elsewhere; the other channels are 0.
     */
    private static PoseBackbone frame(int k, int rows, int columns) {
        int cells = rows * columns;
        float[] values = new float[C * cells];
        for (int i = 0; i < cells; i++) {
            values[i] = k;
        }
        values[cells] = 2;
        values[2 * cells] = k;
        return new PoseBackbone(values, C, rows, columns);
    }

    @Test
    void meansPeaksChangesAndSpreadPerChannelOverTheWindow() {
        BackboneFeatures features = new BackboneFeatures();
        for (int k = 0; k < 16; k++) {
            assertFalse(features.ready(), "ready after " + k + " frames");
            features.add(frame(k, 2, 3), k * STEP);
        }
        assertTrue(features.ready());
        float[] v = features.vector();
        assertEquals(BackboneFeatures.COUNT, v.length);
        // channel 0: 0..15 everywhere; 15 changes of 1 (the first frame has none)
        assertEquals(7.5, v[0], 1e-5);
        assertEquals(7.5, v[C], 1e-5);
        assertEquals(1.0, v[2 * C], 1e-5);
        assertEquals(1.0, v[3 * C], 1e-5);
        assertEquals(Math.sqrt((16 * 16 - 1) / 12.0), v[4 * C], 1e-4);
        // channel 1: a still spot of 2 on one cell of six
        assertEquals(2 / 6.0, v[1], 1e-6);
        assertEquals(2.0, v[C + 1], 1e-6);
        assertEquals(0.0, v[2 * C + 1], 1e-6);
        assertEquals(0.0, v[4 * C + 1], 1e-6);
        // channel 2: one cell climbing, the change a sixth of channel 0's
        assertEquals(7.5 / 6, v[2], 1e-5);
        assertEquals(7.5, v[C + 2], 1e-5);
        assertEquals(1 / 6.0, v[2 * C + 2], 1e-6);
        // a channel that is always 0
        for (int part = 0; part < 5; part++) {
            assertEquals(0.0, v[part * C + 3], 0.0);
        }
    }

    @Test
    void theWindowSlidesAndTheFirstChangeIsAgainstTheFrameBeforeIt() {
        BackboneFeatures features = new BackboneFeatures();
        for (int k = 0; k < 20; k++) {
            features.add(frame(k, 2, 3), k * STEP);
        }
        float[] v = features.vector();
        assertEquals(11.5, v[0], 1e-5, "frames 4..19");
        assertEquals(1.0, v[2 * C], 1e-5, "16 changes of 1, frame 4's against frame 3");
    }

    @Test
    void framesCloserThanTheHeatStepAreSkipped() {
        BackboneFeatures features = new BackboneFeatures();
        for (int k = 0; k < 30; k++) { // 20 a second: every other frame is taken
            features.add(frame(k, 2, 3), k * STEP / 2);
        }
        assertFalse(features.ready(), "15 frames taken");
        features.add(frame(30, 2, 3), 30 * STEP / 2);
        assertTrue(features.ready());
        assertEquals(2.0, features.vector()[2 * C], 1e-5, "changes between taken frames, two source frames apart");
    }

    @Test
    void aNewFrameSizeStartsOverAndMissingMapsAreIgnored() {
        BackboneFeatures features = new BackboneFeatures();
        for (int k = 0; k < 16; k++) {
            features.add(frame(k, 2, 3), k * STEP);
            features.add(null, k * STEP + 1);
            features.add(new PoseBackbone(new float[4], 4, 1, 1), k * STEP + 2); // not a 1280-channel map
        }
        assertTrue(features.ready());
        features.add(frame(16, 3, 3), 16 * STEP);
        assertFalse(features.ready(), "the cells are other places now");
    }

    @Test
    void framesAfterAPauseInTheMapsStartANewWindow() {
        BackboneFeatures features = new BackboneFeatures();
        for (int k = 0; k < 16; k++) {
            features.add(frame(k, 2, 3), k * STEP);
        }
        assertTrue(features.ready());
        // the maps were not fetched for 0.6 s (StreamAnalyzer#wantsMaps): the next map starts over
        long resumed = 15 * STEP + 600_000_000L;
        features.add(frame(100, 2, 3), resumed);
        assertFalse(features.ready(), "a window of frames with a hole is not what the classifier learned from");
        for (int k = 1; k < 16; k++) {
            features.add(frame(100 + k, 2, 3), resumed + k * STEP);
        }
        assertTrue(features.ready());
        assertEquals(107.5, features.vector()[0], 1e-4, "frames 100..115 only");
        assertEquals(1.0, features.vector()[3 * C], 1e-5, "no change of 85 across the pause");
        // half a second between maps (a slow stream) is still one window
        features.add(frame(116, 2, 3), resumed + 15 * STEP + 500_000_000L);
        assertTrue(features.ready());
    }
}
