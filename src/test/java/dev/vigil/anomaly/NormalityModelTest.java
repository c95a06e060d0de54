package dev.vigil.anomaly;

import dev.vigil.vision.Person;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.DoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NormalityModelTest {

    /**
     * Feeds one person's frames at 10 fps through history + model; returns the mean evidence of the frames between
     * the two marks (seconds from the start of this feed).
     */
    private static double feed(NormalityModel model, DoubleFunction<Person> scene, double from, double seconds,
                               double scoredFromSecond, double scoredUntilSecond) {
        AnomalyConfig config = AnomalyConfig.defaults();
        PersonHistory history = new PersonHistory(config, (long) (from * 1e9));
        double sum = 0;
        int n = 0;
        for (int i = 0; i < seconds * 10; i++) {
            double t = from + i * 0.1;
            long pts = (long) (t * 1e9);
            Person p = scene.apply(t);
            history.add(PoseSample.of(p, pts, config.keypointMinScore()));
            double ev = model.learnAndScore(NormalityModel.features(p, history, SyntheticPeople.FRAME_W,
                    SyntheticPeople.FRAME_H, config.keypointMinScore()));
            if (i >= scoredFromSecond * 10 && i < scoredUntilSecond * 10) {
                sum += ev;
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    @Test
    void afterWarmingUpOnWalkingANeverSeenMotionScoresLowerThanMoreWalking() {
        NormalityConfig cfg = NormalityConfig.defaults();
        NormalityModel model = new NormalityModel(cfg, 42);
        Random r = new Random(1);
        // Warm-up: people walking back and forth at different paces, 200 s at 10 fps = 2000 person-frames.
        feed(model, t -> Scenarios.walker(t, 0.6 + 0.4 * Math.sin(t / 20), 0.15, 300, r), 0, 200, 200, 200);
        assertTrue(model.warmedUp());

        double walking = feed(model, t -> Scenarios.walker(t, 0.8, 0.15, 300, r), 200, 10, 1, 10);
        // Never seen: walking with both hands up above the head. Scored over its first half second: the forest learns
        // online, so a motion that goes on becomes this camera's normal within a few seconds (by design).
        double handsUp = feed(model, t -> Scenarios.upright(SyntheticPeople.handsUp(2 * Math.PI * 0.9 * t, 0.15),
                600 + 0.8 * Scenarios.H * (t - 210), 0, r), 210, 3, 0, 0.5);

        // Score scale: -ln(evidence). More walking stays on the normal side, the new motion goes past the threshold.
        double walkingScore = -Math.log(walking);
        double handsUpScore = -Math.log(handsUp);
        System.out.printf("normality: walking mean evidence %.2f (score %.2f), hands-up %.2f (score %.2f)%n",
                walking, walkingScore, handsUp, handsUpScore);
        assertTrue(handsUpScore < walkingScore - 0.5, "hands up must score clearly lower than walking");
        assertTrue(walkingScore > 0, "more walking is normal");
        assertTrue(handsUpScore < 0, "hands up is abnormal");
    }

    @Test
    void saysNothingBeforeTheWarmUp() {
        NormalityModel model = new NormalityModel(new NormalityConfig(true, 300, 64, 10, 0.5, 1.0), 1);
        Random r = new Random(2);
        double early = feed(model, t -> Scenarios.upright(SyntheticPeople.handsUp(0, 0), 900, 150, r), 0, 29.9, 0, 30);
        assertEquals(0.0, early);
        assertEquals(299, model.samples());
    }
}
