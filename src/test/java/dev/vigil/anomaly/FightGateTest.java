package dev.vigil.anomaly;

import dev.vigil.media.Frame;
import dev.vigil.track.TrackedPerson;
import dev.vigil.vision.BBox;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the violence classifier may run, from synthetic scenes whose pixels are drawn from the skeletons themselves
 * (bright bones on a dark floor), so motion and poses agree: two people trading punches, two walking past each other,
 * one walking alone, and motion of people the pose model did not find.
 */
class FightGateTest {
    /** Two people walking towards and past each other along the same line, 1 body height a second each. */
    static List<Person> passing(double t, Random r) {
        double h = Scenarios.H;
        double a = 500 + 1.0 * h * t;
        double b = 1500 - 1.0 * h * t;
        return List.of(Scenarios.upright(SyntheticPeople.gait(2 * Math.PI * 0.9 * t, 0.15), a, 0, r),
                Scenarios.upright(SyntheticPeople.gait(2 * Math.PI * 0.9 * t + Math.PI, 0.15), b, 0, r));
    }

    /** Runs a scene at ~10 frames a second, handing the gate {@code seen} of the people drawn; the gate per frame. */
    static List<Boolean> run(Scenarios.Scene scene, double seconds, boolean peopleSeen, List<BBox> activity) {
        Random random = new Random(7);
        FightGate gate = new FightGate();
        List<Boolean> out = new ArrayList<>();
        for (long t : SyntheticPeople.times(seconds, 10, random)) {
            List<Person> people = scene.at(t / 1e9, random);
            List<TrackedPerson> tracked = new ArrayList<>();
            for (int i = 0; peopleSeen && i < people.size(); i++) {
                tracked.add(new TrackedPerson(i + 1, people.get(i), 0, t, 10));
            }
            gate.add(tracked, id -> Scenarios.H, LumaGrid.of(render(people)));
            out.add(gate.gate());
            activity.add(gate.activity());
        }
        return out;
    }

    @Test
    void twoPeopleWithinReachOpenTheGateAndMarkWhereTheyAre() {
        List<BBox> activity = new ArrayList<>();
        List<Boolean> gates = run(Scenarios.Case.FIGHTING.scene(), 4, true, activity);
        assertTrue(gates.stream().allMatch(g -> g), "the fighters stand 0.55 body heights apart: " + gates);
        BBox last = activity.get(activity.size() - 1);
        assertNotNull(last);
        List<Person> fighters = Scenarios.Case.FIGHTING.scene().at(4, new Random(1));
        for (Person p : fighters) {
            assertTrue(last.x() <= p.bbox().centerX() && p.bbox().centerX() <= last.x() + last.w(),
                    "the active region " + last + " takes in " + p.bbox());
        }
    }

    @Test
    void walkersAreWithinReachOnlyWhileTheyCross() {
        List<Boolean> gates = run(FightGateTest::passing, 4, true, new ArrayList<>());
        // they start 1000 px (3.3 body heights) apart and are within one body height of each other from 1.17 to 2.17 s
        assertFalse(gates.get(2), "apart at 0.2 s");
        assertTrue(gates.subList(14, 20).stream().anyMatch(g -> g), "within reach around 1.5 s: " + gates);
        assertFalse(gates.get(gates.size() - 1), "apart again at 4 s");
    }

    @Test
    void oneWalkerAloneKeepsTheGateShut() {
        List<Boolean> gates = run((t, r) -> List.of(Scenarios.walker(t, 0.8, 0.15, 300, r)), 4, true, new ArrayList<>());
        assertTrue(gates.stream().noneMatch(g -> g), "a walker's motion is inside their own box: " + gates);
    }

    @Test
    void motionOfPeopleNobodyFoundOpensTheGate() {
        List<BBox> activity = new ArrayList<>();
        Scenarios.Scene walker = (t, r) -> List.of(Scenarios.walker(t, 0.8, 0.15, 300, r));
        List<Boolean> unseen = run(walker, 3, false, activity);
        List<Boolean> seen = run(walker, 3, true, new ArrayList<>());
        // a walker 300 px tall moves 2-4% of the grid's cells a frame, around the 2% bar
        assertTrue(unseen.stream().filter(g -> g).count() >= unseen.size() * 0.6, "unexplained motion: " + unseen);
        assertTrue(seen.stream().noneMatch(g -> g), "the same motion, explained: " + seen);
        assertNotNull(activity.get(activity.size() - 1), "the motion marks the active region");
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
