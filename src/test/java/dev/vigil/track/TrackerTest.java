package dev.vigil.track;

import dev.vigil.anomaly.Scenarios;
import dev.vigil.anomaly.SyntheticPeople;
import dev.vigil.vision.BBox;
import dev.vigil.vision.Keypoint;
import dev.vigil.vision.Person;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackerTest {
    private final Random random = new Random(3);

    private static long nanos(double seconds) {
        return (long) (seconds * 1e9);
    }

    private static List<Integer> ids(List<TrackedPerson> people) {
        return people.stream().map(TrackedPerson::personId).toList();
    }

    @Test
    void aPersonGetsIdOneAfterConfirmationAndKeepsIt() {
        Tracker tracker = new Tracker(TrackerConfig.defaults());
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            double t = i * 0.1;
            seen.addAll(ids(tracker.update(List.of(Scenarios.walker(t, 0.8, 0.15, 300, random)), nanos(t))));
        }
        assertEquals(Set.of(1), new HashSet<>(seen));
        assertEquals(100 - 2, seen.size(), "reported from its third detection on");
        assertEquals(1, tracker.idsIssued());
    }

    @Test
    void keepsTheIdThroughAShortGapWhileMoving() {
        Tracker tracker = new Tracker(TrackerConfig.defaults());
        List<Integer> seen = new ArrayList<>();
        for (double t = 0; t < 8; t += 0.1) {
            boolean occluded = t > 3 && t < 3.8; // behind a pillar for 0.8 s, still walking
            List<Person> people = occluded ? List.of() : List.of(Scenarios.walker(t, 1.0, 0.15, 300, random));
            seen.addAll(ids(tracker.update(people, nanos(t))));
        }
        assertEquals(Set.of(1), new HashSet<>(seen));
        assertEquals(1, tracker.idsIssued());
    }

    @Test
    void keepsTheIdOfSomeoneLyingStillWhomThePoseModelLosesForSeconds() {
        Tracker tracker = new Tracker(TrackerConfig.defaults());
        Set<Integer> seen = new HashSet<>();
        for (double t = 0; t < 12; t += 0.1) {
            boolean missed = t > 4 && t < 7.5; // 3.5 s without a detection
            List<Person> people = missed ? List.of()
                    : List.of(Scenarios.upright(SyntheticPeople.standing(), 900, 90, random));
            seen.addAll(ids(tracker.update(people, nanos(t))));
        }
        assertEquals(Set.of(1), seen);
    }

    @Test
    void aFallingPersonKeepsTheirIdThroughPartialDetectionsOnTheWayDown() {
        Tracker tracker = new Tracker(TrackerConfig.defaults());
        Set<Integer> seen = new HashSet<>();
        int i = 0;
        for (SyntheticPeople.Shot shot : Scenarios.shots(Scenarios.Case.FALL_FORWARD.scene(), 6, 10, 5)) {
            Person p = shot.people().get(0);
            double t = shot.ptsNanos() / 1e9;
            if (t > 2.3 && t < 2.9) {
                // mid-fall the pose model sees only the upper body, sometimes only the legs: the box jumps about
                p = (i++ % 2 == 0) ? partial(p, 0, 11) : partial(p, 11, 17);
            }
            seen.addAll(ids(tracker.update(List.of(p), shot.ptsNanos())));
        }
        assertEquals(Set.of(1), seen);
    }

    /** Only keypoints [from, to) of a detection, with the box around them. */
    private static Person partial(Person p, int from, int to) {
        List<Keypoint> kps = new ArrayList<>();
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (int k = 0; k < 17; k++) {
            Keypoint kp = p.keypoint(k);
            boolean keep = k >= from && k < to;
            kps.add(new Keypoint(kp.x(), kp.y(), keep ? kp.score() : 0.05));
            if (keep) {
                minX = Math.min(minX, kp.x());
                maxX = Math.max(maxX, kp.x());
                minY = Math.min(minY, kp.y());
                maxY = Math.max(maxY, kp.y());
            }
        }
        return new Person(new BBox(minX - 10, minY - 10, maxX - minX + 20, maxY - minY + 20), 0.4, kps);
    }

    @Test
    void oneFrameFalseDetectionsNeverBurnAnId() {
        Tracker tracker = new Tracker(TrackerConfig.defaults());
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            double t = i * 0.1;
            List<Person> people = new ArrayList<>();
            people.add(Scenarios.walker(t, 0.8, 0.15, 300, random));
            if (i % 7 == 3) { // a ghost somewhere else, for one frame at a time
                people.add(ghost(100 + random.nextInt(1600), 100 + random.nextInt(600)));
            }
            if (i % 11 == 5) { // the same person detected twice in one frame
                Person p = people.get(0);
                BBox b = p.bbox();
                people.add(new Person(new BBox(b.x() + 5, b.y() + 5, b.w() - 4, b.h() - 8), 0.4, p.keypoints()));
            }
            Collections.shuffle(people, random);
            seen.addAll(ids(tracker.update(people, nanos(t))));
        }
        assertEquals(Set.of(1), seen);
        assertEquals(1, tracker.idsIssued());
    }

    @Test
    void idsAreNeverReusedEvenWhenTheSamePersonComesBack() {
        Tracker tracker = new Tracker(TrackerConfig.defaults());
        List<Integer> sequence = new ArrayList<>();
        double t = 0;
        for (int visit = 0; visit < 3; visit++) {
            for (int i = 0; i < 30; i++, t += 0.1) {
                for (int id : ids(tracker.update(List.of(Scenarios.upright(SyntheticPeople.standing(), 900, 0, random)),
                        nanos(t)))) {
                    if (sequence.isEmpty() || sequence.get(sequence.size() - 1) != id) {
                        sequence.add(id);
                    }
                }
            }
            for (int i = 0; i < 80; i++, t += 0.1) { // gone for 8 s: longer than any gap allowance
                tracker.update(List.of(), nanos(t));
            }
        }
        assertEquals(List.of(1, 2, 3), sequence);
    }

    @Test
    void twoPeopleWalkingPastEachOtherKeepTheirIds() {
        Tracker tracker = new Tracker(TrackerConfig.defaults());
        int switches = 0;
        Integer leftWalker = null;
        for (double t = 0; t < 6; t += 0.1) {
            // one walks right along the floor, the other walks left a little further back (smaller, higher)
            double xa = 300 + 0.9 * Scenarios.H * t;
            double xb = 1700 - 0.9 * Scenarios.H * t;
            Person a = SyntheticPeople.place(SyntheticPeople.gait(2 * Math.PI * 0.9 * t, 0.15),
                    SyntheticPeople.feet(SyntheticPeople.standing()), xa, 900, 300, 0, 0.008, random);
            Person b = SyntheticPeople.place(SyntheticPeople.gait(2 * Math.PI * 0.9 * t + 1, 0.15),
                    SyntheticPeople.feet(SyntheticPeople.standing()), xb, 820, 260, 0, 0.008, random);
            for (TrackedPerson p : tracker.update(List.of(b, a), nanos(t))) {
                if (p.person() == a) {
                    if (leftWalker != null && leftWalker != p.personId()) {
                        switches++;
                    }
                    leftWalker = p.personId();
                }
            }
        }
        assertEquals(0, switches);
        assertEquals(2, tracker.idsIssued());
    }

    @Test
    void dwellIsMeasuredFromTheFirstDetection() {
        Tracker tracker = new Tracker(TrackerConfig.defaults());
        List<TrackedPerson> last = List.of();
        for (double t = 2; t <= 7.001; t += 0.25) {
            last = tracker.update(List.of(Scenarios.upright(SyntheticPeople.standing(), 900, 0, random)), nanos(t));
        }
        assertEquals(1, last.size());
        assertEquals(5.0, last.get(0).dwellSeconds(), 1e-6);
        assertTrue(last.get(0).hits() >= 20);
    }

    private static Person ghost(double x, double y) {
        List<Keypoint> kps = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            kps.add(new Keypoint(x + i, y + 3 * i, 0.3));
        }
        return new Person(new BBox(x - 20, y - 20, 60, 90), 0.3, kps);
    }
}
