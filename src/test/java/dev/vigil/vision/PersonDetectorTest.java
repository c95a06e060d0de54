package dev.vigil.vision;

import dev.vigil.media.Frame;
import dev.vigil.media.TestFrames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The converted NanoDet person detector on the test photos, boxes mapped back to image pixels. */
class PersonDetectorTest {
    /** Hand-labelled box around the woman in person.png (640x424), as in PoseModelTest. */
    private static final BBox WOMAN = new BBox(188, 95, 90, 283);

    private static PersonDetector detector;
    private static PoseModel pose;

    @BeforeAll
    static void load() {
        detector = PersonDetector.load(PersonDetector.DEFAULT_PATH, PersonDetector.DEFAULT_MIN_SCORE);
        pose = PoseModel.load(PoseModelConfig.defaults());
    }

    @AfterAll
    static void close() {
        detector.close();
        pose.close();
    }

    @Test
    void findsTheWomanAndNotTheDogOrTheHorse() {
        TestImages.Rgb photo = TestImages.rgb("person.png");
        List<PersonDetector.Detection> people = detector.detect(photo.rgb(), photo.width(), photo.height());
        assertEquals(1, people.size(), "one person in person.png: " + people);
        assertTrue(people.get(0).box().iou(WOMAN) > 0.6, "box on the woman: " + people.get(0));
    }

    @Test
    void findsNobodyInAPhotoOfADog() {
        TestImages.Rgb photo = TestImages.rgb("dog.png");
        assertEquals(List.of(), detector.detect(photo.rgb(), photo.width(), photo.height()));
    }

    @Test
    void findsTheSmallPeopleOnTheBeachThatMultiPoseMisses() {
        TestImages.Rgb photo = TestImages.rgb("kite_beach.png");
        List<PersonDetector.Detection> boxes = detector.detect(photo.rgb(), photo.width(), photo.height());
        List<Person> skeletons = pose.detect(photo.rgb(), photo.width(), photo.height());
        assertTrue(boxes.size() > skeletons.size(), boxes.size() + " boxes, " + skeletons.size() + " skeletons");
        for (Person p : skeletons) { // everyone MultiPose finds, the detector finds too
            assertTrue(boxes.stream().anyMatch(d -> d.box().iou(p.bbox()) > 0.4), "a box on " + p.bbox() + ": " + boxes);
        }
    }

    @Test
    void aVideoFrameGivesWhatThePhotoItWasMadeFromGives() {
        TestImages.Rgb photo = TestImages.rgb("kite_beach.png");
        Frame frame = TestFrames.fromRgb(1, 33_000_000L, photo.rgb(), photo.width(), photo.height());
        List<PersonDetector.Detection> fromRgb = detector.detect(photo.rgb(), photo.width(), photo.height());
        List<PersonDetector.Detection> fromFrame = detector.detect(frame);
        for (PersonDetector.Detection d : fromRgb.stream().filter(d -> d.score() > 0.5).toList()) {
            assertTrue(fromFrame.stream().anyMatch(f -> f.box().iou(d.box()) > 0.8), "frame has " + d + ": " + fromFrame);
        }
    }

    @Test
    void overlappingBoxesOfOnePersonBecomeOne() {
        List<PersonDetector.Detection> kept = PersonDetector.suppress(List.of(
                new PersonDetector.Detection(new BBox(10, 10, 50, 100), 0.6),
                new PersonDetector.Detection(new BBox(12, 8, 50, 104), 0.9),
                new PersonDetector.Detection(new BBox(70, 10, 50, 100), 0.5)));
        assertEquals(List.of(0.9, 0.5), kept.stream().map(PersonDetector.Detection::score).toList());
    }

    @Test
    void aMissingModelFileSaysWhere() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PersonDetector.load(java.nio.file.Path.of("no/such.onnx"), 0.35));
        assertTrue(e.getMessage().contains("no/such.onnx"), e.getMessage());
    }
}
