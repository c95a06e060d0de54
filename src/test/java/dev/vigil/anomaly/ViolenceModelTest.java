package dev.vigil.anomaly;

import dev.vigil.vision.LumaGrid;
import dev.vigil.vision.Person;
import dev.vigil.vision.PoseModel;
import dev.vigil.vision.PoseModelConfig;
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
        float[] quiet = new float[ViolenceModel.FEATURES];
        float[] busy = new float[ViolenceModel.FEATURES];
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

    @Test
    void aModelTrainedOnOtherFeaturesIsRefusedAtLoadNotAtTheFirstFight() {
        // the stand-in of the heat-only input (148 numbers) that models before BoxFeatures took
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ViolenceModel.load(Path.of("src/test/resources/anomaly/heat-only-148.onnx")));
        assertTrue(e.getMessage().contains("148") && e.getMessage().contains(String.valueOf(ViolenceModel.FEATURES)),
                e.getMessage());
    }

    @Test
    void aPoseModelThatCannotFeedTheClassifierIsRefusedNotSilentlyIgnored() {
        Path file = Path.of("src/test/resources/anomaly/pose-without-maps.onnx");
        try (PoseModel pose = PoseModel.load(PoseModelConfig.defaults().withModelPath(file))) {
            assertFalse(pose.hasHeatmaps() || pose.hasBackbone());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ViolenceModel.requireInputsOf(pose));
            assertTrue(e.getMessage().contains("pose-without-maps.onnx") && e.getMessage().contains("lacks both"),
                    e.getMessage());
        }
        try (PoseModel shipped = PoseModel.load(PoseModelConfig.defaults())) {
            ViolenceModel.requireInputsOf(shipped); // has both outputs: no complaint
        }
    }

    /** Runs a scene through the anomaly stage with a classifier, pixels, heat and backbone drawn from the skeletons. */
    private static List<Analysis> run(ViolenceModel classifier, Scenarios.Scene scene, double seconds, boolean seen,
                                      List<String> traces) {
        StreamAnalyzer analyzer = new StreamAnalyzer(AnomalyConfig.defaults(), List.of(), SyntheticPeople.FRAME_W,
                SyntheticPeople.FRAME_H, classifier);
        analyzer.traceViolence(true);
        Random random = new Random(11);
        List<Analysis> out = new ArrayList<>();
        for (long t : SyntheticPeople.times(seconds, 10, random)) {
            List<Person> people = scene.at(t / 1e9, random);
            boolean maps = analyzer.wantsMaps(t); // as the server: the pose pass hands them over only then
            out.add(analyzer.analyze(seen ? people : List.of(), t, SyntheticPeople.FRAME_W, SyntheticPeople.FRAME_H,
                    LumaGrid.of(FightGateTest.render(people)),
                    maps ? SyntheticHeat.of(people, SyntheticPeople.FRAME_W, SyntheticPeople.FRAME_H) : null,
                    maps ? SyntheticBackbone.of(people, SyntheticPeople.FRAME_W, SyntheticPeople.FRAME_H) : null, null));
            traces.add(String.format(java.util.Locale.ROOT, "t=%.3f ", t / 1e9) + analyzer.violenceTrace());
        }
        return out;
    }

    @Test
    void aWalkerAloneNeverWakesTheClassifier() {
        List<String> traces = new ArrayList<>();
        run(model, (t, r) -> List.of(Scenarios.walker(t, 0.8, 0.15, 300, r)), 5, true, traces);
        assertTrue(traces.stream().noneMatch(s -> s.contains(" p=")), "the gate stays shut: " + brief(traces));
        // the pose model's maps are asked for during the first 2 s only (a scene seen first may be a fight already)
        assertTrue(between(traces, 0, StreamAnalyzer.MAPS_WARMUP_SECONDS).stream().allMatch(s -> s.contains(" maps=1 ")),
                brief(traces));
        assertTrue(between(traces, StreamAnalyzer.MAPS_WARMUP_SECONDS + 0.2, 5).stream().allMatch(s -> s.contains(" maps=0 ")),
                "one person alone costs no maps after the warm-up: " + brief(traces));
    }

    @Test
    void theMapsAreFetchedWhileTheSceneCanMatterAndTheWindowRestartsAfterAPause() {
        // one person walking alone for 4 s, then a second one within reach of them for 3 s, then alone again
        Scenarios.Scene fighting = Scenarios.Case.FIGHTING.scene();
        Scenarios.Scene scene = (t, r) -> t < 4 || t >= 7 ? List.of(fighting.at(t, r).get(0)) : fighting.at(t, r);
        List<String> traces = new ArrayList<>();
        run(model, scene, 9, true, traces);
        List<String> alone = between(traces, 3, 4);
        List<String> pair = between(traces, 4.1, 7); // asked for on the frame after the second person is found
        List<String> aloneAgain = between(traces, 8.1, 9); // the hold (1 s) is over
        assertTrue(alone.stream().allMatch(s -> s.contains(" maps=0 ")), brief(alone));
        assertTrue(pair.stream().allMatch(s -> s.contains(" maps=1 ")), brief(pair));
        assertTrue(aloneAgain.stream().allMatch(s -> s.contains(" maps=0 ")), brief(aloneAgain));
        // the window starts afresh with the pair (the 2 s warm-up's frames are long gone): 16 frames, then judged
        long firstJudged = pair.stream().takeWhile(s -> !s.contains(" p=")).count();
        assertTrue(firstJudged >= HeatFeatures.FRAMES - 1 && firstJudged <= HeatFeatures.FRAMES + 5,
                "judged from the pair's " + firstJudged + "th frame: " + brief(pair));
        assertTrue(pair.subList((int) firstJudged, pair.size()).stream().allMatch(s -> s.contains(" p=")), brief(pair));
    }

    /** Traces without their numbers, for messages. */
    private static String brief(List<String> traces) {
        return traces.stream().map(s -> s.contains(" heat=") ? s.substring(0, s.indexOf(" heat=")) : s).toList().toString();
    }

    /** The traces (each "t=SECONDS ...") of frames at from <= t < to. */
    private static List<String> between(List<String> traces, double from, double to) {
        return traces.stream().filter(s -> {
            double t = Double.parseDouble(s.substring(2, s.indexOf(' ')));
            return t >= from && t < to;
        }).toList();
    }

    @Test
    void twoPeopleTradingPunchesAreJudgedOnEveryFrameOnceTheWindowIsFull() {
        List<String> traces = new ArrayList<>();
        run(model, Scenarios.Case.FIGHTING.scene(), 4, true, traces);
        long judged = traces.stream().filter(s -> s.contains(" p=")).count();
        long ready = traces.stream().filter(s -> s.contains("heat=")).count();
        assertTrue(ready > 20, "ready windows: " + ready);
        assertEquals(ready, judged, "two people within reach: every ready window is judged");
    }

    @Test
    void aFightNobodyIsTrackedInIsCarriedByTheScene() {
        try (ViolenceModel alwaysFight = ViolenceModel.load(Path.of("src/test/resources/anomaly/always-fight.onnx"))) {
            List<String> traces = new ArrayList<>();
            List<Analysis> analyses = run(alwaysFight, Scenarios.Case.FIGHTING.scene(), 6, false, traces);
            List<Verdict> alerts = analyses.stream().flatMap(a -> a.alerts().stream()).toList();
            assertEquals(1, alerts.size(), "one alert per cooldown (30 s): " + alerts);
            Verdict scene = alerts.get(0);
            assertEquals(StreamAnalyzer.SCENE_ID, scene.personId());
            assertEquals(List.of("violence"), scene.behaviours());
            assertTrue(scene.isAbnormal() && scene.score() < 0);
            assertTrue(List.of("Low", "Medium").contains(scene.confidence()), "nobody tracked is never High");
            // boxed where the fighters' pixels move, inside the frame
            assertTrue(scene.bbox().x() >= 0 && scene.bbox().x() + scene.bbox().w() <= SyntheticPeople.FRAME_W);
            assertTrue(scene.bbox().x() < 850 + 0.55 * Scenarios.H && scene.bbox().x() + scene.bbox().w() > 850,
                    "the box " + scene.bbox() + " takes in the fighters");
            assertTrue(analyses.stream().allMatch(a -> a.people().isEmpty()));
        }
    }

    @Test
    void aFightWithTrackedPeopleIsCarriedByThemNotTheScene() {
        try (ViolenceModel alwaysFight = ViolenceModel.load(Path.of("src/test/resources/anomaly/always-fight.onnx"))) {
            List<Analysis> analyses = run(alwaysFight, Scenarios.Case.FIGHTING.scene(), 4, true, new ArrayList<>());
            List<Verdict> alerts = analyses.stream().flatMap(a -> a.alerts().stream()).toList();
            assertFalse(alerts.isEmpty());
            assertTrue(alerts.stream().allMatch(v -> v.personId() != StreamAnalyzer.SCENE_ID
                    && v.behaviours().contains("violence")), alerts.toString());
        }
    }

    @Test
    void aFightInACrowdIsCarriedByAFighterNotByEveryoneInView() {
        // two fighters and three people standing still at the left, all tracked; the classifier says "fight" always
        Scenarios.Scene fight = Scenarios.Case.FIGHTING.scene();
        Scenarios.Scene crowd = (t, r) -> {
            List<Person> people = new ArrayList<>(fight.at(t, r));
            for (int k = 0; k < 3; k++) {
                people.add(Scenarios.upright(SyntheticPeople.standing(), 150 + 220 * k, 0, r));
            }
            return people;
        };
        try (ViolenceModel alwaysFight = ViolenceModel.load(Path.of("src/test/resources/anomaly/always-fight.onnx"))) {
            List<Analysis> analyses = run(alwaysFight, crowd, 6, true, new ArrayList<>());
            List<Verdict> alerts = analyses.stream().flatMap(a -> a.alerts().stream()).toList();
            assertFalse(alerts.isEmpty());
            assertTrue(alerts.stream().allMatch(v -> v.behaviours().contains("violence") && v.bbox().centerX() > 750),
                    "only the fighters (x 850 and up) alert: " + alerts);
            assertTrue(analyses.stream().flatMap(a -> a.verdicts().stream()).filter(v -> v.bbox().centerX() < 750)
                    .noneMatch(v -> v.behaviours().contains("violence")), "the bystanders' verdicts are not violence");
        }
    }
}
