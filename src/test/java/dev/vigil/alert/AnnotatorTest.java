package dev.vigil.alert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.vigil.anomaly.Verdict;
import dev.vigil.media.Frame;
import dev.vigil.media.TestFrames;
import dev.vigil.track.TrackedPerson;
import dev.vigil.vision.BBox;
import dev.vigil.vision.Keypoint;
import dev.vigil.vision.Person;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnnotatorTest {

    @Test
    void drawsAnAbnormalPersonInRedAndANormalOneInGreenOntoTheFramesPlanes() {
        // 641x481: odd sizes, so the chroma planes have a partial last column and row
        int width = 641;
        int height = 481;
        Frame frame = greyFrame(width, height);
        TrackedPerson fallen = person(1, new BBox(100, 150, 200, 120));
        TrackedPerson walker = person(2, new BBox(400, 100, 120, 300));
        Verdict fall = new Verdict(1, 0.9, true, "Abnormal", "High", List.of("fall"), fallen.person().bbox());

        Annotator.draw(frame, List.of(fallen, walker), List.of(fall));

        assertColour(frame, 100, 200, 0xff2828, "left edge of the fallen person's box");
        assertColour(frame, 400, 250, 0x28dc5a, "left edge of the walker's box");
        assertColour(frame, 250, 210, 0x808080, "inside a box stays untouched");
        assertColour(frame, 20, 20, 0x808080, "far from everyone stays untouched");
        // the label band above the fallen person's box: red with white text
        int white = whitePixels(frame, 100, 300, 120, 150);
        assertTrue(white > 100, "label text drawn, " + white + " white pixels");
    }

    @Test
    void aBoxReachingPastTheFramesEdgesIsDrawnWhereItIsInside() {
        Frame frame = greyFrame(33, 17);
        TrackedPerson outside = person(3, new BBox(-20, -20, 40, 30)); // right edge x=20, bottom edge y=10
        Verdict verdict = new Verdict(3, 0.8, true, "Abnormal", "High", List.of("loitering"), outside.person().bbox());
        assertDoesNotThrow(() -> Annotator.draw(frame, List.of(outside), List.of(verdict)));
        assertColour(frame, 20, 4, 0xff2828, "the right edge, inside the frame");
        assertColour(frame, 30, 14, 0x808080, "beyond the box stays untouched");
    }

    @Test
    void aFightNobodyIsTrackedInIsBoxedWhereItIsAndLabelledScene() {
        Frame frame = greyFrame(640, 480);
        Verdict scene = new Verdict(0, -0.7, true, "Abnormal", "Medium", List.of("violence"), new BBox(200, 200, 240, 200));
        Annotator.draw(frame, List.of(), List.of(scene));
        assertColour(frame, 200, 300, 0xff2828, "left edge of the scene's box");
        assertColour(frame, 440, 300, 0xff2828, "right edge");
        assertColour(frame, 320, 300, 0x808080, "inside stays untouched");
        int white = whitePixels(frame, 200, 440, 170, 200);
        assertTrue(white > 100, "the SCENE label is drawn, " + white + " white pixels");
    }

    private static int whitePixels(Frame frame, int x0, int x1, int y0, int y1) {
        int white = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                white += TestFrames.rgbAt(frame, x, y) == 0xffffff ? 1 : 0;
            }
        }
        return white;
    }

    private static Frame greyFrame(int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        Arrays.fill(rgb, (byte) 128);
        return TestFrames.fromRgb(1, 0, rgb, width, height);
    }

    private static TrackedPerson person(int id, BBox box) {
        List<Keypoint> keypoints = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            keypoints.add(new Keypoint(box.x() + box.w() / 2, box.y() + box.h() / 2, 0.0)); // too unsure to draw
        }
        return new TrackedPerson(id, new Person(box, 0.9, keypoints), 0, 0, 5);
    }

    private static void assertColour(Frame frame, int x, int y, int expected, String what) {
        int actual = TestFrames.rgbAt(frame, x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
            int difference = Math.abs((actual >> shift & 0xff) - (expected >> shift & 0xff));
            assertTrue(difference <= 4, what + ": expected " + Integer.toHexString(expected) + ", got "
                    + Integer.toHexString(actual));
        }
    }
}
