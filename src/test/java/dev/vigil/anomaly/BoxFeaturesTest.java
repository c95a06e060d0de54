package dev.vigil.anomaly;

import dev.vigil.vision.BBox;
import dev.vigil.vision.LumaGrid;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The violence classifier's box features, from detector boxes and moved-cell grids laid out by hand: a frame of
 * 320 x 240 pixels has grid cells of 10 x 10 pixels, so which cells a box holds is known exactly.
 */
class BoxFeaturesTest {
    private static final int W = 320;
    private static final int H = 240;
    private static final long MS = 1_000_000L;
    private static final int LOOKS = 0;
    private static final int BOXES_MEAN = 1;
    private static final int CONTACTS_MEAN = 3;
    private static final int GAP_MEAN = 5;
    private static final int PAIR_MOTION_MEAN = 13;
    private static final int INSIDE_MOTION_MEAN = 15;
    private static final int OUTSIDE_MOTION_MEAN = 17;
    private static final int AREA_MEAN = 21;
    private static final int SPEED_MEAN = 23;
    private static final int HEIGHT_CHANGE_MEAN = 27;
    private static final int CHURN_MEAN = 33;
    private static final int FRAME_INSIDE_MEAN = 35;
    private static final int FRAME_WHOLE_MEAN = 37;

    /** Cells (columns c0..c1, rows r0..r1, inclusive) marked as moved. */
    private static boolean[] moved(int c0, int r0, int c1, int r1) {
        boolean[] cells = new boolean[LumaGrid.COLUMNS * LumaGrid.ROWS];
        for (int r = r0; r <= r1; r++) {
            for (int c = c0; c <= c1; c++) {
                cells[r * LumaGrid.COLUMNS + c] = true;
            }
        }
        return cells;
    }

    @Test
    void twoBoxesInContactWithMotionInsideThem() {
        BoxFeatures f = new BoxFeatures();
        // two people side by side, overlapping by 10 px: cells 0-7 x 0-7 and 7-14 x 0-7; the left one's cells move
        List<BBox> pair = List.of(new BBox(0, 0, 80, 80), new BBox(70, 0, 80, 80));
        f.add(pair, moved(0, 0, 7, 7), W, H, 0);
        float[] v = f.vector();
        assertEquals(BoxFeatures.COUNT, v.length);
        assertEquals(1, v[LOOKS]);
        assertEquals(2, v[BOXES_MEAN]);
        assertEquals(1, v[CONTACTS_MEAN], "an eighth of a box overlaps: in contact (centres 0.875 heights apart)");
        assertEquals(70.0 / 80, v[GAP_MEAN], 1e-6);
        assertEquals(64.0 / 120, v[PAIR_MOTION_MEAN], 1e-6, "64 of the joint box's 15 x 8 cells moved");
        assertEquals(64.0 / 120, v[INSIDE_MOTION_MEAN], 1e-6);
        assertEquals(0, v[OUTSIDE_MOTION_MEAN], 1e-6);
        assertEquals(120.0 / 768, v[AREA_MEAN], 1e-6);
        assertEquals(64.0 / 768, v[FRAME_WHOLE_MEAN], 1e-6);
        assertEquals(64.0 / 120, v[FRAME_INSIDE_MEAN], 1e-6);

        BoxFeatures apart = new BoxFeatures();
        apart.add(List.of(new BBox(0, 0, 80, 80), new BBox(80, 0, 80, 80)), moved(0, 0, 7, 7), W, H, 0);
        assertEquals(0, apart.vector()[CONTACTS_MEAN], "touching, centres a body height apart: not in contact");
    }

    @Test
    void contactIsOverlapOrCentresCloserThanMostOfABody() {
        BoxFeatures f = new BoxFeatures();
        f.add(List.of(new BBox(0, 0, 80, 80), new BBox(40, 0, 80, 80), new BBox(240, 160, 40, 40)), null, W, H, 0);
        float[] v = f.vector();
        assertEquals(3, v[BOXES_MEAN]);
        assertEquals(1, v[CONTACTS_MEAN], "the two overlapping boxes; the small one far away is nobody's partner");
        assertEquals(0.5, v[GAP_MEAN], 1e-6);
    }

    @Test
    void boxesComparedAcrossLooksGiveSpeedShapeAndChurn() {
        BoxFeatures f = new BoxFeatures();
        f.add(List.of(new BBox(0, 0, 80, 80)), null, W, H, 0);
        // 250 ms later the same person is 20 px (a quarter of a box height) to the right, and someone new came in
        f.add(List.of(new BBox(20, 0, 80, 80), new BBox(200, 100, 60, 120)), null, W, H, 250 * MS);
        float[] v = f.vector();
        assertEquals(2, v[LOOKS]);
        assertEquals(1.0, v[SPEED_MEAN], 1e-6, "a quarter of a box height in a quarter of a second");
        assertEquals(0, v[HEIGHT_CHANGE_MEAN], 1e-6);
        assertEquals(1.0 / 3, v[CHURN_MEAN], 1e-6, "one of the three boxes came");
    }

    @Test
    void looksTooFarApartAreNotComparedAndOldLooksLeaveTheWindow() {
        BoxFeatures f = new BoxFeatures();
        f.add(List.of(new BBox(0, 0, 80, 80)), null, W, H, 0);
        f.add(List.of(new BBox(200, 0, 80, 80)), null, W, H, 700 * MS);
        float[] v = f.vector();
        assertEquals(2, v[LOOKS]);
        assertEquals(0, v[SPEED_MEAN]);
        assertEquals(0, v[CHURN_MEAN], "700 ms apart: no comparison");
        f.add(null, moved(0, 0, 0, 0), W, H, 2_300 * MS);
        v = f.vector();
        assertEquals(0, v[LOOKS], "both looks are older than 1.5 s");
        assertEquals(0, v[BOXES_MEAN]);
        assertEquals(BoxFeatures.MAX_GAP, v[GAP_MEAN], 1e-6, "no look reads as nobody: no pair");
        assertEquals(0, v[FRAME_INSIDE_MEAN], "no boxes left to hold the motion");
        assertEquals(1.0 / 768, v[FRAME_WHOLE_MEAN], 1e-6);
    }

    @Test
    void theNumbersDoNotDependOnTheFrameSize() {
        BoxFeatures small = new BoxFeatures();
        BoxFeatures large = new BoxFeatures();
        for (int i = 0; i < 6; i++) {
            long t = i * 250 * MS;
            double x = 10 * i;
            small.add(List.of(new BBox(x, 10, 60, 90), new BBox(100 - x, 20, 50, 80)), moved(i, 1, i + 8, 9), W, H, t);
            large.add(List.of(new BBox(2 * x, 20, 120, 180), new BBox(200 - 2 * x, 40, 100, 160)), moved(i, 1, i + 8, 9),
                    2 * W, 2 * H, t);
        }
        float[] a = small.vector();
        float[] b = large.vector();
        assertArrayEquals(a, b, 1e-5f);
        for (float x : a) {
            assertTrue(Float.isFinite(x));
        }
    }
}
