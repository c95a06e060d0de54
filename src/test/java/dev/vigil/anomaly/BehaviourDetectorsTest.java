package dev.vigil.anomaly;

import dev.vigil.anomaly.Scenarios.Case;
import dev.vigil.anomaly.SyntheticPeople.Shot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every detector on every generated scene at 5, 10 and 15 analysed frames a second: it must fire on its own scene
 * and stay quiet on all the others. The fired/quiet matrix is printed at the end.
 */
class BehaviourDetectorsTest {
    /** The restricted zone of the zone scene: the right part of the floor. */
    static final List<Zone> RIGHT_SIDE = List.of(new Zone("vault", Zone.RESTRICTED,
            List.of(new double[]{0.6, 0.6}, new double[]{0.95, 0.6}, new double[]{0.95, 1}, new double[]{0.6, 1})));

    private static final Map<String, Set<String>> MATRIX = new TreeMap<>();
    /** Strongest evidence each detector reached per scene at 10 fps: the margin to the threshold (1.0). */
    private static final Map<String, Map<String, Double>> PEAKS = new TreeMap<>();

    static Set<String> expected(Case c) {
        return switch (c) {
            case FALL_FORWARD, FALL_BACKWARD, FALL_SIDEWAYS -> Set.of("fall");
            case LYING_STILL -> Set.of("lying");
            case RUNNING -> Set.of("running");
            case FIGHTING -> Set.of("violence");
            case WALKING_INTO_ZONE -> Set.of("zone_intrusion");
            default -> Set.of();
        };
    }

    static Stream<Arguments> cases() {
        List<Arguments> args = new ArrayList<>();
        for (Case c : Case.values()) {
            for (double fps : new double[]{5, 10, 15}) {
                // Three punches a second cannot be followed at 5 analysed frames a second (they alias to slow
                // motion): the violence detector needs at least 6.
                args.add(Arguments.of(c, c == Case.FIGHTING && fps == 5 ? 6 : fps));
            }
        }
        return args.stream();
    }

    /** Runs a scene and returns the behaviours that alerted, for anyone. */
    static Set<String> alertedBehaviours(Case c, double fps, AnomalyConfig config) {
        return alertedBehaviours(c, fps, config, new TreeMap<>());
    }

    static Set<String> alertedBehaviours(Case c, double fps, AnomalyConfig config, Map<String, Double> peaks) {
        List<Zone> zones = c == Case.WALKING_INTO_ZONE ? RIGHT_SIDE : List.of();
        StreamAnalyzer analyzer = new StreamAnalyzer(config, zones, SyntheticPeople.FRAME_W, SyntheticPeople.FRAME_H);
        Set<String> alerted = new TreeSet<>();
        for (Shot shot : Scenarios.shots(c.scene(), c.seconds, fps, 7)) {
            Analysis analysis = analyzer.analyze(shot.people(), shot.ptsNanos());
            for (Verdict v : analysis.alerts()) {
                alerted.addAll(v.behaviours());
            }
            for (Verdict v : analysis.verdicts()) {
                analyzer.evidence(v.personId()).forEach((b, e) -> peaks.merge(b, e, Math::max));
            }
        }
        return alerted;
    }

    @ParameterizedTest(name = "{0} at {1} fps")
    @MethodSource("cases")
    void eachDetectorFiresOnItsSceneAndStaysQuietOnTheOthers(Case c, double fps) {
        Map<String, Double> peaks = new TreeMap<>();
        Set<String> alerted = alertedBehaviours(c, fps, AnomalyConfig.defaults(), peaks);
        if (fps == 10) {
            PEAKS.put(c.name(), peaks);
        }
        MATRIX.put(c + " @" + (int) fps + "fps", alerted);
        assertEquals(expected(c), alerted, c + " at " + fps + " fps");
    }

    @AfterAll
    static void printMatrix() {
        System.out.println("scene -> behaviours alerted");
        MATRIX.forEach((k, v) -> System.out.println("  " + k + " -> " + v));
        System.out.println("scene -> strongest evidence per detector at 10 fps (threshold 1.0)");
        PEAKS.forEach((k, v) -> {
            StringBuilder line = new StringBuilder("  " + k + ":");
            v.forEach((b, e) -> line.append(String.format(java.util.Locale.ROOT, " %s=%.2f", b, e)));
            System.out.println(line);
        });
        for (Behaviour b : EnumSet.allOf(Behaviour.class)) {
            long fired = MATRIX.entrySet().stream().filter(e -> e.getValue().contains(b.wireName())).count();
            System.out.printf("  %-15s alerted on %d of %d scene runs%n", b.wireName(), fired, MATRIX.size());
        }
    }
}
