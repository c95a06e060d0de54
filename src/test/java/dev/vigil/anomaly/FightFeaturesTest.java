package dev.vigil.anomaly;

import dev.vigil.media.Frame;
import dev.vigil.track.TrackedPerson;
import dev.vigil.vision.Keypoint;
import dev.vigil.vision.LumaGrid;
import dev.vigil.vision.Person;
import dev.vigil.vision.Skeleton;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.vigil.anomaly.SyntheticPeople.FRAME_H;
import static dev.vigil.anomaly.SyntheticPeople.FRAME_W;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The violence classifier's features from synthetic scenes whose pixels are drawn from the skeletons themselves
 * (bright bones on a dark floor), so motion and poses agree: two people trading punches against two people walking
 * past each other, and one person walking alone (the classifier must stay off).
 */
class FightFeaturesTest {
    private static final int WITHIN_REACH = FightFeatures.NAMES.indexOf("within_reach_fraction");
    private static final int WRIST_SPEED = FightFeatures.NAMES.indexOf("wrist_speed_mean");
    private static final int WRIST_TO_OTHER = FightFeatures.NAMES.indexOf("wrist_to_other_mean");
    private static final int PAIR_MOTION = FightFeatures.NAMES.indexOf("pair_motion_mean");
    private static final int PEOPLE = FightFeatures.NAMES.indexOf("people_mean");

    /** Two people walking towards and past each other along the same line, 1 body height a second each. */
    static List<Person> passing(double t, Random r) {
        double h = Scenarios.H;
        double a = 500 + 1.0 * h * t;
        double b = 1500 - 1.0 * h * t;
        return List.of(Scenarios.upright(SyntheticPeople.gait(2 * Math.PI * 0.9 * t, 0.15), a, 0, r),
                Scenarios.upright(SyntheticPeople.gait(2 * Math.PI * 0.9 * t + Math.PI, 0.15), b, 0, r));
    }

    /** Runs a scene for {@code seconds} at ~10 frames a second; returns the features of every judged frame. */
    static List<float[]> run(Scenarios.Scene scene, double seconds, double from, double to, List<Boolean> gates) {
        Random random = new Random(7);
        FightFeatures features = new FightFeatures();
        List<float[]> out = new ArrayList<>();
        for (long t : SyntheticPeople.times(seconds, 10, random)) {
            List<Person> people = scene.at(t / 1e9, random);
            List<TrackedPerson> tracked = new ArrayList<>();
            for (int i = 0; i < people.size(); i++) {
                tracked.add(new TrackedPerson(i + 1, people.get(i), 0, t, 10));
            }
            features.add(tracked, id -> Scenarios.H, LumaGrid.of(render(people)), t);
            double s = t / 1e9;
            if (features.ready() && s >= from && s <= to) {
                out.add(features.vector());
                gates.add(features.gate());
            }
        }
        return out;
    }

    static double mean(List<float[]> vectors, int index) {
        return vectors.stream().mapToDouble(v -> v[index]).average().orElseThrow();
    }

    @Test
    void punchingAtSomeoneWithinReachLooksUnlikeWalkingPast() {
        List<Boolean> fightGates = new ArrayList<>();
        List<Boolean> passGates = new ArrayList<>();
        List<float[]> fight = run(Scenarios.Case.FIGHTING.scene(), 4, 1.5, 4, fightGates);
        // the walkers meet at t = 1.67 s: judge the windows from 2.5 s on, when they are past each other
        List<float[]> pass = run(FightFeaturesTest::passing, 4, 2.5, 4, passGates);

        assertEquals(2, mean(fight, PEOPLE), 1e-6);
        assertEquals(1, mean(fight, WITHIN_REACH), 1e-6, "the fighters stand 0.55 body heights apart");
        assertTrue(fightGates.stream().allMatch(g -> g), "two people within reach open the gate");
        assertTrue(mean(pass, WITHIN_REACH) < 0.5, "walkers are within reach only while they cross");
        // fists travel ~0.3 H at 3 punches a second against arms swinging ~0.08 H at a walking cadence
        assertTrue(mean(fight, WRIST_SPEED) > 2 * mean(pass, WRIST_SPEED),
                mean(fight, WRIST_SPEED) + " vs " + mean(pass, WRIST_SPEED));
        assertTrue(mean(fight, WRIST_TO_OTHER) < 0.5, "punches land near the other's head or torso");
        assertTrue(mean(fight, PAIR_MOTION) > 0, "the pixels between the fighters move");
    }

    @Test
    void oneWalkerAloneKeepsTheGateShut() {
        List<Boolean> gates = new ArrayList<>();
        List<float[]> walking = run((t, r) -> List.of(Scenarios.walker(t, 0.8, 0.15, 300, r)), 4, 0, 4, gates);
        assertFalse(walking.isEmpty());
        assertTrue(gates.stream().noneMatch(g -> g), "a walker's motion is inside their own box");
        assertEquals(1, mean(walking, PEOPLE), 1e-6);
    }

    /** The people as bright bones (Y 220) on a dark frame (Y 40), 1920x1080 I420. */
    static Frame render(List<Person> people) {
        byte[] i420 = new byte[Frame.bytes(FRAME_W, FRAME_H)];
        java.util.Arrays.fill(i420, 0, FRAME_W * FRAME_H, (byte) 40);
        java.util.Arrays.fill(i420, FRAME_W * FRAME_H, i420.length, (byte) 128);
        int radius = 14;
        for (Person p : people) {
            for (int[] bone : Skeleton.BONES) {
                Keypoint a = p.keypoint(bone[0]);
                Keypoint b = p.keypoint(bone[1]);
                int steps = (int) Math.ceil(Math.hypot(b.x() - a.x(), b.y() - a.y()) / 4) + 1;
                for (int s = 0; s <= steps; s++) {
                    double x = a.x() + (b.x() - a.x()) * s / steps;
                    double y = a.y() + (b.y() - a.y()) * s / steps;
                    for (int yy = (int) y - radius; yy <= (int) y + radius; yy++) {
                        for (int xx = (int) x - radius; xx <= (int) x + radius; xx++) {
                            if (xx >= 0 && yy >= 0 && xx < FRAME_W && yy < FRAME_H) {
                                i420[yy * FRAME_W + xx] = (byte) 220;
                            }
                        }
                    }
                }
            }
        }
        return new Frame(1, 0, 0, FRAME_W, FRAME_H, "bt709", i420);
    }
}
