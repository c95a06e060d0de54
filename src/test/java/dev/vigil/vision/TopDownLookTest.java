package dev.vigil.vision;

import dev.vigil.media.Frame;
import dev.vigil.media.TestFrames;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopDownLookTest {
    private static Person personAt(double x, double y, double w, double h, double score) {
        return new Person(new BBox(x, y, w, h), score, Collections.nCopies(Skeleton.KEYPOINT_COUNT, new Keypoint(x, y, 0.5)));
    }

    private static PersonDetector.Detection box(double x, double y, double w, double h, double score) {
        return new PersonDetector.Detection(new BBox(x, y, w, h), score);
    }

    @Test
    void onlyBoxesNobodyExplainsGetAPosePassAndOnlyTheirOwnSkeletonJoins() {
        TopDownLook look = new TopDownLook();
        Person known = personAt(100, 100, 50, 150, 0.6);
        List<BBox> crops = new ArrayList<>();
        List<Person> people = look.look(List.of(known), 0, 640, 480,
                () -> List.of(box(102, 98, 50, 152, 0.8), box(300, 100, 50, 150, 0.7)),
                region -> {
                    crops.add(region);
                    // the crop shows the person of the box and, at its edge, a neighbour it does not belong to
                    return List.of(personAt(298, 102, 52, 148, 0.5), personAt(250, 100, 40, 150, 0.9));
                });
        assertEquals(1, crops.size(), "the known person's box is not looked at again: " + crops);
        BBox crop = crops.get(0);
        assertTrue(crop.x() < 300 && crop.x() + crop.w() > 350 && crop.y() < 100 && crop.y() + crop.h() > 250,
                "the crop holds the box with a margin: " + crop);
        assertEquals(2, people.size());
        assertEquals(298, people.get(1).bbox().x(), 1e-9, "the skeleton on the box joins, not the neighbour");
        assertEquals("detect=1 detected=2 topdown_added=1 boxes=0.1594,0.2042,0.0781,0.3167,0.800;"
                + "0.4688,0.2083,0.0781,0.3125,0.700", look.trace(), "boxes in frame fractions, for tools/violence");
        assertEquals(List.of(new BBox(102, 98, 50, 152), new BBox(300, 100, 50, 150)), look.lastBoxes(),
                "the violence classifier gets the boxes in frame pixels");
    }

    @Test
    void looksAtMostEveryQuarterSecondAndOnceASecondWhileItFindsNobodyNew() {
        TopDownLook look = new TopDownLook();
        assertTrue(look.due(0));
        // a box nobody explains (its crop yields no skeleton): worth looking again soon
        look.look(List.of(), 0, 640, 480, () -> List.of(box(10, 10, 40, 120, 0.5)), r -> List.of());
        assertFalse(look.due(TopDownLook.INTERVAL_NANOS - 1));
        assertTrue(look.due(TopDownLook.INTERVAL_NANOS));

        long t = TopDownLook.INTERVAL_NANOS;
        Person known = personAt(100, 100, 50, 150, 0.6);
        look.look(List.of(known), t, 640, 480, () -> List.of(box(102, 98, 50, 152, 0.8)), r -> List.of());
        assertFalse(look.due(t + TopDownLook.INTERVAL_NANOS), "the one box is the person already found: back off");
        assertTrue(look.due(t + TopDownLook.EXPLAINED_INTERVAL_NANOS));

        t += TopDownLook.EXPLAINED_INTERVAL_NANOS;
        look.look(List.of(), t, 640, 480, List::of, r -> List.of());
        assertFalse(look.due(t + 2 * TopDownLook.EXPLAINED_INTERVAL_NANOS - 1), "no box at all: nobody new, twice as long");
        assertTrue(look.due(t + 2 * TopDownLook.EXPLAINED_INTERVAL_NANOS));
        assertTrue(look.trace().endsWith("boxes=-"), "a look without boxes says so: " + look.trace());
        for (int i = 0; i < 4; i++) {
            t += TopDownLook.MAX_EXPLAINED_INTERVAL_NANOS;
            look.look(List.of(), t, 640, 480, List::of, r -> List.of());
        }
        assertTrue(look.due(t + TopDownLook.MAX_EXPLAINED_INTERVAL_NANOS), "the back-off stops growing at 4 s");

        look.look(List.of(), t + TopDownLook.MAX_EXPLAINED_INTERVAL_NANOS, 640, 480,
                () -> List.of(box(10, 10, 40, 120, 0.5)), r -> List.of());
        assertTrue(look.due(t + TopDownLook.MAX_EXPLAINED_INTERVAL_NANOS + TopDownLook.INTERVAL_NANOS),
                "someone new: back to every quarter second");
        look.skip();
        assertEquals("detect=0", look.trace());
    }

    @Test
    void aCropWithoutASkeletonAddsNobody() {
        TopDownLook look = new TopDownLook();
        List<Person> people = look.look(List.of(), 0, 640, 480, () -> List.of(box(10, 10, 40, 120, 0.5)), r -> List.of());
        assertEquals(List.of(), people);
    }

    @Test
    void onTheBeachTheRealDetectorAndPosePassesFindMorePeopleThanMultiPoseAlone() {
        TestImages.Rgb photo = TestImages.rgb("kite_beach.png");
        Frame frame = TestFrames.fromRgb(1, 33_000_000L, photo.rgb(), photo.width(), photo.height());
        try (PoseModel pose = PoseModel.load(PoseModelConfig.defaults());
             PersonDetector detector = PersonDetector.load(PersonDetector.DEFAULT_PATH, PersonDetector.DEFAULT_MIN_SCORE)) {
            List<Person> whole = pose.detect(frame);
            List<Person> people = new TopDownLook().look(whole, 0, frame.width(), frame.height(),
                    () -> detector.detect(frame), region -> pose.detect(frame, region));
            assertTrue(people.size() > whole.size(), people.size() + " people, MultiPose alone " + whole.size());
            assertEquals(whole, people.subList(0, whole.size()), "the whole-frame people come first, unchanged");
        }
    }
}
