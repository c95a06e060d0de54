package dev.vigil.anomaly;

import dev.vigil.vision.Person;
import dev.vigil.vision.PoseHeat;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static dev.vigil.anomaly.SyntheticPeople.FRAME_H;
import static dev.vigil.anomaly.SyntheticPeople.FRAME_W;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The violence classifier's heatmap features, from heatmaps drawn from synthetic skeletons. */
class HeatFeaturesTest {
    private static final int WRIST_CHANGE = 100 + 4;
    private static final int CENTRE_PEAKS = 94;

    /** Feeds a scene at {@code fps}; returns the last window's features (or null if the window never filled). */
    private static float[] window(Scenarios.Scene scene, double seconds, double fps) {
        Random random = new Random(3);
        HeatFeatures features = new HeatFeatures();
        float[] last = null;
        int frames = 0;
        for (long t : SyntheticPeople.times(seconds, fps, random)) {
            List<Person> people = scene.at(t / 1e9, random);
            features.add(SyntheticHeat.of(people, FRAME_W, FRAME_H), t);
            frames++;
            if (features.ready()) {
                last = features.vector();
            }
        }
        assertTrue(frames > 0);
        return last;
    }

    @Test
    void theWindowHoldsOneAndAHalfSecondsOfHeatWhateverTheFrameRate() {
        Scenarios.Scene standing = (t, r) -> List.of(Scenarios.walker(0, 0, 0.15, 600, r));
        assertEquals(null, window(standing, 1.3, 10), "16 heat frames at 10 a second take 1.5 s");
        float[] at10 = window(standing, 3, 10);
        float[] at30 = window(standing, 3, 30);
        assertEquals(HeatFeatures.COUNT, at10.length);
        assertEquals(HeatFeatures.COUNT, at30.length);
        // at 30 fps heat frames are taken >= 80 ms apart, so the window spans about as long: still standing means
        // little change at either rate
        assertTrue(at30[WRIST_CHANGE] < 0.01 && at10[WRIST_CHANGE] < 0.01, at10[WRIST_CHANGE] + " / " + at30[WRIST_CHANGE]);
    }

    @Test
    void heatAfterAPauseInTheMapsStartsANewWindow() {
        Random random = new Random(5);
        HeatFeatures features = new HeatFeatures();
        List<Person> standing = List.of(Scenarios.walker(0, 0, 0.15, 600, random));
        PoseHeat heat = SyntheticHeat.of(standing, FRAME_W, FRAME_H);
        for (int k = 0; k < HeatFeatures.FRAMES; k++) {
            features.add(heat, k * 100_000_000L);
        }
        assertTrue(features.ready());
        long resumed = (HeatFeatures.FRAMES - 1) * 100_000_000L + 600_000_000L; // no maps fetched for 0.6 s
        features.add(heat, resumed);
        assertFalse(features.ready(), "the window starts over");
        for (int k = 1; k < HeatFeatures.FRAMES; k++) {
            features.add(heat, resumed + k * 100_000_000L);
        }
        assertTrue(features.ready());
        features.add(heat, resumed + (HeatFeatures.FRAMES - 1) * 100_000_000L + 500_000_000L);
        assertTrue(features.ready(), "half a second apart (a slow stream) is still one window");
    }

    @Test
    void punchesChangeTheWristHeatMoreThanStandingAndTwoPeopleAreTwoCentres() {
        float[] fight = window(Scenarios.Case.FIGHTING.scene(), 4, 10);
        float[] standing = window((t, r) -> List.of(Scenarios.walker(0, 0, 0.15, 600, r)), 4, 10);
        assertTrue(fight[WRIST_CHANGE] > 3 * standing[WRIST_CHANGE] + 1e-4,
                fight[WRIST_CHANGE] + " vs " + standing[WRIST_CHANGE]);
        assertTrue(fight[CENTRE_PEAKS] > 1.4, "two fighters, mostly two person centres (their boxes merge at times): "
                + fight[CENTRE_PEAKS]);
        assertEquals(1, standing[CENTRE_PEAKS], 0.01);
        for (float v : fight) {
            assertFalse(Float.isNaN(v) || Float.isInfinite(v));
        }
    }

    @Test
    void centrePeaksCountPeopleAndNotTheirShoulders() {
        Random r = new Random(5);
        Person a = Scenarios.walker(0, 0, 0.15, 400, r);
        Person b = Scenarios.walker(0, 0, 0.15, 1400, r);
        assertEquals(0, HeatFeatures.centrePeaks(SyntheticHeat.of(List.of(), FRAME_W, FRAME_H), 0.05f));
        assertEquals(1, HeatFeatures.centrePeaks(SyntheticHeat.of(List.of(a), FRAME_W, FRAME_H), 0.05f));
        assertEquals(2, HeatFeatures.centrePeaks(SyntheticHeat.of(List.of(a, b), FRAME_W, FRAME_H), 0.05f));
        PoseHeat weak = SyntheticHeat.of(List.of(a), FRAME_W, FRAME_H);
        assertEquals(0, HeatFeatures.centrePeaks(weak, 0.95f), "a peak under the level does not count");
    }
}
