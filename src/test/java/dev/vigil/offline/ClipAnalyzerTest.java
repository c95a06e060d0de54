package dev.vigil.offline;

import dev.vigil.anomaly.AnomalyConfig;
import dev.vigil.offline.ClipAnalyzer.ClipReport;
import dev.vigil.vision.PoseModel;
import dev.vigil.vision.PoseModelConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole offline path (GStreamer decode, MoveNet, tracker, anomaly stage) on the committed clips in
 * src/test/resources/clips, at 10 analysed frames a second like the live server.
 */
class ClipAnalyzerTest {
    private static PoseModel model;

    @BeforeAll
    static void loadModel() {
        model = PoseModel.load(PoseModelConfig.defaults());
    }

    @AfterAll
    static void closeModel() {
        if (model != null) {
            model.close();
        }
    }

    private static ClipReport analyze(String clip) throws URISyntaxException {
        Path video = Path.of(ClipAnalyzerTest.class.getResource("/clips/" + clip).toURI());
        ClipReport report = ClipAnalyzer.analyze(video, 10, AnomalyConfig.defaults(), List.of(), model, a -> { }, null);
        System.out.println(report.format());
        report.alerts().forEach(a -> System.out.println("  " + a.format()));
        return report;
    }

    @Test
    void theFaintingWomanFallsAndIsReportedOnceAsAFall() throws Exception {
        ClipReport report = analyze("fall.mp4");
        assertEquals(1, report.alerts().size(), "one alert for one fall");
        var alert = report.alerts().get(0);
        assertEquals(List.of("fall"), alert.verdict().behaviours());
        assertTrue(alert.verdict().score() < 0 && alert.verdict().isAbnormal());
        // she starts to collapse about 1.5 s in and is on the floor by about 2.5 s
        assertTrue(alert.seconds() > 2.0 && alert.seconds() < 4.5, "alert at " + alert.seconds());
        assertEquals(1, alert.verdict().personId());
        assertEquals(1, report.idsIssued(), "one person, one id, no switch while she lies on the floor");
    }

    @Test
    void aWomanStandingStillForTwelveSecondsRaisesNoAlert() throws Exception {
        ClipReport report = analyze("standing.mp4");
        assertTrue(report.durationSeconds() > 11.5, "the clip is 12 s long");
        assertTrue(report.framesAnalysed() >= 115);
        assertEquals(List.of(), report.alerts());
        assertEquals(1, report.idsIssued());
        assertEquals(1, report.mostPeopleInAFrame());
    }

    @Test
    void aPersonSlidingAcrossTheFrameFastIsReportedOnceAsRunning() throws Exception {
        ClipReport report = analyze("running.mp4");
        assertEquals(1, report.alerts().size(), report.alerts().toString());
        var alert = report.alerts().get(0);
        assertEquals(List.of("running"), alert.verdict().behaviours());
        assertTrue(alert.seconds() > 1.0 && alert.seconds() < 2.5, "she starts moving at 1 s: " + alert.seconds());
        assertEquals(1, report.idsIssued());
    }

    @Test
    void aPersonLyingOnTheGroundIsReportedAsLyingAfterTheLyingTime() throws Exception {
        ClipReport report = analyze("lying.mp4");
        assertEquals(Map.of("lying", 1), report.behaviourCounts());
        assertTrue(report.alerts().get(0).seconds() >= AnomalyConfig.defaults().lyingSeconds());
        assertEquals(1, report.idsIssued());
    }
}
