package dev.vigil.vision;

import dev.vigil.media.Frame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the closer look goes, from brightness grids with something moving in chosen cells. */
class MotionZoomTest {
    private static final int W = 1920;
    private static final int H = 1080;

    /** A grid of a dark frame with the cells [c0, c1) x [r0, r1) bright. */
    private static LumaGrid grid(int c0, int c1, int r0, int r1) {
        int[] cells = new int[LumaGrid.COLUMNS * LumaGrid.ROWS];
        java.util.Arrays.fill(cells, 40);
        for (int r = r0; r < r1; r++) {
            for (int c = c0; c < c1; c++) {
                cells[r * LumaGrid.COLUMNS + c] = 200;
            }
        }
        return new LumaGrid(cells, W, H);
    }

    private static Person personAt(double x, double y, double w, double h) {
        return new Person(new BBox(x, y, w, h), 0.8, Collections.nCopies(Skeleton.KEYPOINT_COUNT, new Keypoint(x, y, 0.5)));
    }

    private static Frame frame() {
        return new Frame(1, 0, 0, W, H, "bt709", new byte[Frame.bytes(W, H)]);
    }

    @Test
    void motionNobodyExplainsIsLookedAtCloserAndMagnified() {
        MotionZoom zoom = new MotionZoom();
        zoom.look(frame(), grid(0, 0, 0, 0), List.of(), 0, r -> List.of());
        // something small moves at cells 20-22 x 4-7 (x 1200-1440, y 180-360): a distant person
        BBox region = zoom.region(grid(20, 23, 4, 8), List.of());
        assertNotNull(region);
        assertTrue(region.x() <= 1200 && region.x() + region.w() >= 1440 && region.y() <= 180 && region.y() + region.h() >= 360,
                "the region " + region + " holds the motion");
        assertTrue(region.w() * region.h() <= MotionZoom.MAX_REGION_FRACTION * W * H, "and is magnified");
        assertTrue(region.x() >= 0 && region.y() >= 0 && region.x() + region.w() <= W && region.y() + region.h() <= H);
    }

    @Test
    void motionInsideSomeonesBoxOrTooSmallOrEverywhereIsNotWorthALook() {
        MotionZoom zoom = new MotionZoom();
        zoom.look(frame(), grid(0, 0, 0, 0), List.of(), 0, r -> List.of());
        Person walker = personAt(1150, 150, 350, 300);
        assertNull(zoom.region(grid(20, 23, 4, 8), List.of(walker)), "the walker's own motion");
        assertNull(zoom.region(grid(20, 21, 4, 7), List.of()), "3 cells: noise");
        assertNull(zoom.region(grid(0, 32, 0, 24), List.of()), "the whole frame changed: nothing to magnify");
    }

    @Test
    void peopleFoundUpCloseJoinThoseFoundOnTheWholeFrameOnce() {
        MotionZoom zoom = new MotionZoom();
        Person known = personAt(100, 600, 200, 400);
        zoom.look(frame(), grid(0, 0, 0, 0), List.of(known), 0, r -> List.of());
        List<BBox> asked = new ArrayList<>();
        Person distant = personAt(1250, 200, 60, 140);
        List<Person> people = zoom.look(frame(), grid(20, 23, 4, 8), List.of(known), 100_000_000L, r -> {
            asked.add(r);
            return List.of(distant, personAt(105, 600, 200, 400)); // the second is the known person again
        });
        assertEquals(1, asked.size());
        assertEquals(List.of(known, distant), people);
        assertEquals(1, zoom.looks());
        assertTrue(zoom.trace().startsWith("zoom=1") && zoom.trace().endsWith("added=1"), zoom.trace());
    }

    @Test
    void aLookThatFoundNobodyWaitsBeforeTheNext() {
        MotionZoom zoom = new MotionZoom();
        zoom.look(frame(), grid(0, 0, 0, 0), List.of(), 0, r -> List.of());
        int[] asked = {0};
        long t = 100_000_000L;
        for (int i = 0; i < 10; i++, t += 100_000_000L) {
            // foliage: the same cells flicker on and off
            LumaGrid g = i % 2 == 0 ? grid(20, 23, 4, 8) : grid(0, 0, 0, 0);
            zoom.look(frame(), g, List.of(), t, r -> {
                asked[0]++;
                return List.of();
            });
        }
        assertTrue(asked[0] >= 1 && asked[0] <= 2, "1 s of flicker, a look at most every 0.5 s: " + asked[0]);
    }
}
