package dev.vigil.anomaly;

import dev.vigil.vision.LumaGrid;
import dev.vigil.vision.Person;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped violence classifier (models/violence-classifier.onnx) through ONNX Runtime, and the anomaly stage
 * using it on synthetic scenes drawn into real pixels: it runs only when it can matter, and its output lands on the
 * common evidence scale.
 */
class ViolenceModelTest {
    private static ViolenceModel model;

    @BeforeAll
    static void load() {
        model = ViolenceModel.load(ViolenceModel.DEFAULT_PATH);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void theThresholdTravelsInTheFileAndMapsToEvidenceOne() {
        assertTrue(model.threshold() > 0 && model.threshold() < 1);
        assertEquals(1.0, model.evidence(model.threshold()), 1e-9);
        assertTrue(model.evidence(Math.min(0.999, model.threshold() + 0.1)) > 1);
        assertTrue(model.evidence(model.threshold() / 2) < 1);
    }

    @Test
    void probabilitiesAreProbabilitiesAndTheInputSizeIsChecked() {
        float[] quiet = new float[FightFeatures.COUNT];
        float[] busy = new float[FightFeatures.COUNT];
        java.util.Arrays.fill(busy, 0.5f);
        for (float[] v : List.of(quiet, busy)) {
            double p = model.probability(v);
            assertTrue(p >= 0 && p <= 1, "p=" + p);
        }
        assertThrows(IllegalArgumentException.class, () -> model.probability(new float[3]));
    }

    @Test
    void aMissingFileSaysWhereItLooked() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ViolenceModel.load(Path.of("models", "no-such-model.onnx")));
        assertTrue(e.getMessage().contains("no-such-model.onnx"), e.getMessage());
    }

    /** Runs a scene through the anomaly stage with the classifier, pixels drawn from the skeletons. */
    private static List<String> traces(Scenarios.Scene scene, double seconds, List<Double> violence) {
        StreamAnalyzer analyzer = new StreamAnalyzer(AnomalyConfig.defaults(), List.of(), SyntheticPeople.FRAME_W,
                SyntheticPeople.FRAME_H, model);
        Random random = new Random(11);
        List<String> traces = new ArrayList<>();
        for (long t : SyntheticPeople.times(seconds, 10, random)) {
            List<Person> people = scene.at(t / 1e9, random);
            Analysis a = analyzer.analyze(people, t, SyntheticPeople.FRAME_W, SyntheticPeople.FRAME_H,
                    LumaGrid.of(FightFeaturesTest.render(people)));
            traces.add(analyzer.violenceTrace());
            a.verdicts().forEach(v -> violence.add(analyzer.evidence(v.personId()).getOrDefault("violence", 0.0)));
        }
        return traces;
    }

    @Test
    void aWalkerAloneNeverWakesTheClassifier() {
        List<Double> violence = new ArrayList<>();
        List<String> traces = traces((t, r) -> List.of(Scenarios.walker(t, 0.8, 0.15, 300, r)), 5, violence);
        assertTrue(traces.stream().noneMatch(s -> s.contains(" p=")), "the gate stays shut: " + traces);
        assertTrue(traces.stream().anyMatch(s -> s.contains("features=")), "the features are kept all the same");
        assertFalse(violence.isEmpty());
    }

    @Test
    void twoPeopleTradingPunchesAreJudgedOnEveryFrameOnceTheWindowIsFull() {
        List<Double> violence = new ArrayList<>();
        List<String> traces = traces(Scenarios.Case.FIGHTING.scene(), 4, violence);
        long judged = traces.stream().filter(s -> s.contains(" p=")).count();
        long ready = traces.stream().filter(s -> s.contains("features=")).count();
        assertTrue(ready > 20, "ready windows: " + ready);
        // the tracker confirms both after 3 frames, so a few ready windows have nobody to carry a verdict
        assertTrue(judged >= ready - 5, judged + " judged of " + ready);
        assertTrue(violence.stream().allMatch(v -> v >= 0 && !Double.isNaN(v)));
    }
}
