package dev.vigil.anomaly;

import dev.vigil.anomaly.Scenarios.Case;
import dev.vigil.anomaly.SyntheticPeople.Shot;
import dev.vigil.track.TrackerConfig;
import dev.vigil.vision.Person;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamAnalyzerTest {
    private static final AnomalyConfig DEFAULTS = AnomalyConfig.defaults();

    private static AnomalyConfig withCooldown(double seconds) {
        AnomalyConfig d = DEFAULTS;
        return new AnomalyConfig(d.tracker(), d.keypointMinScore(), d.uprightMaxDegrees(), d.horizontalMinDegrees(),
                d.fallWindowSeconds(), d.fallHipDrop(), d.fallStayDownSeconds(), d.lyingSeconds(), d.runningSpeed(),
                d.runningSustainSeconds(), d.violenceLimbSpeed(), d.violenceWindowSeconds(), d.violenceAloneFactor(),
                d.reach(), d.loiteringSeconds(), d.zoneMinSeconds(), d.normality(), seconds);
    }

    private static AnomalyConfig withLoitering(double seconds) {
        AnomalyConfig d = DEFAULTS;
        return new AnomalyConfig(d.tracker(), d.keypointMinScore(), d.uprightMaxDegrees(), d.horizontalMinDegrees(),
                d.fallWindowSeconds(), d.fallHipDrop(), d.fallStayDownSeconds(), d.lyingSeconds(), d.runningSpeed(),
                d.runningSustainSeconds(), d.violenceLimbSpeed(), d.violenceWindowSeconds(), d.violenceAloneFactor(),
                d.reach(), seconds, d.zoneMinSeconds(), d.normality(), d.cooldownSeconds());
    }

    /** An alert with the time it was sent. */
    record Sent(double seconds, Verdict verdict) {
    }

    private static List<Sent> run(StreamAnalyzer analyzer, Scenarios.Scene scene, double seconds, double fps, List<Verdict> all) {
        List<Sent> sent = new ArrayList<>();
        for (Shot shot : Scenarios.shots(scene, seconds, fps, 11)) {
            Analysis a = analyzer.analyze(shot.people(), shot.ptsNanos());
            all.addAll(a.verdicts());
            assertEquals(a.people().size(), a.verdicts().size(), "one verdict per tracked person");
            for (Verdict v : a.alerts()) {
                sent.add(new Sent(shot.ptsNanos() / 1e9, v));
            }
        }
        return sent;
    }

    @Test
    void aFallIsOneAlertNotOnePerFrame() {
        StreamAnalyzer analyzer = new StreamAnalyzer(DEFAULTS, List.of(), SyntheticPeople.FRAME_W, SyntheticPeople.FRAME_H);
        List<Verdict> all = new ArrayList<>();
        // Falls at 2 s, then lies on the floor until 20 s: fall alert at once, lying alert once lying-seconds have passed.
        List<Sent> sent = run(analyzer, Case.FALL_FORWARD.scene(), 20, 10, all);
        assertEquals(2, sent.size(), sent.toString());
        assertEquals(List.of("fall"), sent.get(0).verdict().behaviours());
        assertTrue(sent.get(0).seconds() > 2.8 && sent.get(0).seconds() < 4.5, "fall reported within ~1.5 s: " + sent);
        assertEquals(List.of("fall", "lying"), sent.get(1).verdict().behaviours());
        long abnormalFrames = all.stream().filter(Verdict::isAbnormal).count();
        assertTrue(abnormalFrames > 100, "abnormal on every frame while down, alerted twice: " + abnormalFrames);
    }

    @Test
    void aPersonWhoStaysDownIsAlertedAgainOncePerCooldown() {
        StreamAnalyzer analyzer = new StreamAnalyzer(withCooldown(5), List.of(), SyntheticPeople.FRAME_W,
                SyntheticPeople.FRAME_H);
        List<Sent> sent = run(analyzer, Case.LYING_STILL.scene(), 31, 10, new ArrayList<>());
        // lying from 10 s on; cooldown 5 s: 10, 15, 20, 25, 30
        assertEquals(5, sent.size(), sent.toString());
        for (int i = 1; i < sent.size(); i++) {
            assertTrue(sent.get(i).seconds() - sent.get(i - 1).seconds() >= 5.0, sent.toString());
        }
    }

    @Test
    void verdictFieldsAgreeWithEachOther() {
        StreamAnalyzer analyzer = new StreamAnalyzer(DEFAULTS, BehaviourDetectorsTest.RIGHT_SIDE,
                SyntheticPeople.FRAME_W, SyntheticPeople.FRAME_H);
        List<Verdict> all = new ArrayList<>();
        for (Case c : Case.values()) {
            run(analyzer, c.scene(), c.seconds, 10, all);
        }
        assertFalse(all.isEmpty());
        for (Verdict v : all) {
            assertEquals(v.score() < 0, v.isAbnormal(), v.toString());
            assertEquals(v.isAbnormal() ? "Abnormal" : "Normal", v.classification());
            assertEquals(v.isAbnormal(), !v.behaviours().isEmpty());
            assertTrue(Set.of("High", "Medium", "Low").contains(v.confidence()));
            assertTrue(v.score() >= -5 && v.score() <= 4.61, v.toString());
            assertTrue(v.bbox().w() > 0 && v.bbox().h() > 0);
        }
        assertTrue(all.stream().anyMatch(v -> v.isAbnormal() && v.confidence().equals("High")),
                "clear cases with good keypoints are High");
    }

    @Test
    void loiteringIsOffByDefaultAndFiresAfterItsDwellTimeWhenSet() {
        Scenarios.Scene standing = Case.STANDING.scene();
        StreamAnalyzer off = new StreamAnalyzer(DEFAULTS, List.of(), SyntheticPeople.FRAME_W, SyntheticPeople.FRAME_H);
        assertTrue(run(off, standing, 90, 5, new ArrayList<>()).isEmpty());

        StreamAnalyzer on = new StreamAnalyzer(withLoitering(60), List.of(), SyntheticPeople.FRAME_W,
                SyntheticPeople.FRAME_H);
        List<Sent> sent = run(on, standing, 90, 5, new ArrayList<>());
        assertEquals(1, sent.size(), sent.toString());
        assertEquals(List.of("loitering"), sent.get(0).verdict().behaviours());
        assertTrue(sent.get(0).seconds() >= 60 && sent.get(0).seconds() < 61.5, sent.toString());
    }

    @Test
    void zonesCanChangeWhileTheStreamRuns() {
        StreamAnalyzer analyzer = new StreamAnalyzer(DEFAULTS, List.of(), SyntheticPeople.FRAME_W, SyntheticPeople.FRAME_H);
        Random r = new Random(5);
        int alerts = 0;
        for (int i = 0; i < 100; i++) {
            if (i == 50) {
                analyzer.updateZones(List.of(new Zone("all", Zone.RESTRICTED,
                        List.of(new double[]{0, 0}, new double[]{1, 0}, new double[]{1, 1}, new double[]{0, 1}))));
            }
            Person p = Scenarios.upright(SyntheticPeople.standing(), 900, 0, r);
            for (Verdict v : analyzer.analyze(List.of(p), (long) (i * 0.1 * 1e9)).alerts()) {
                assertEquals(List.of("zone_intrusion"), v.behaviours());
                assertTrue(i >= 55, "after zone-min-seconds inside: frame " + i);
                alerts++;
            }
        }
        assertEquals(1, alerts);
    }

    /**
     * The long quiet test: 10 minutes at 10 analysed frames a second of one person walking slowly back and forth,
     * stopping and standing for a while, and a second person standing still nearby. The normality model warms up
     * after 150 s and judges the remaining 7.5 minutes. Not one alert.
     */
    @Test
    void noAlertOnStillOrSlowlyWalkingPeopleOverTenMinutes() {
        StreamAnalyzer analyzer = new StreamAnalyzer(DEFAULTS, List.of(), SyntheticPeople.FRAME_W, SyntheticPeople.FRAME_H);
        Scenarios.Scene scene = (t, r) -> {
            double cycle = t % 60; // walk 40 s, stand 20 s, again
            boolean walking = cycle < 40;
            double walked = 40 * Math.floor(t / 60) + Math.min(cycle, 40);
            double travelled = (0.5 * Scenarios.H * walked) % 2800;
            double x = 300 + (travelled < 1400 ? travelled : 2800 - travelled);
            double[][] body = walking ? SyntheticPeople.gait(2 * Math.PI * 0.7 * t, 0.12) : SyntheticPeople.standing();
            Person walker = Scenarios.upright(body, x, 0, r);
            Person stander = Scenarios.upright(SyntheticPeople.standing(), 1850, 0, r);
            return List.of(walker, stander);
        };
        List<Shot> shots = Scenarios.shots(scene, 600, 10, 11);
        List<Verdict> sent = new ArrayList<>();
        long started = System.nanoTime();
        for (Shot shot : shots) {
            sent.addAll(analyzer.analyze(shot.people(), shot.ptsNanos()).alerts());
        }
        System.out.printf("anomaly stage: %.0f us per analysed frame with 2 people (tracker, detectors, normality"
                + " model), over %d frames%n", (System.nanoTime() - started) / 1e3 / shots.size(), shots.size());
        assertTrue(analyzer.normalitySamples() > DEFAULTS.normality().warmupSamples() * 4L);
        assertEquals(List.of(), sent);
        assertEquals(2, analyzer.idsIssued());
    }
}
