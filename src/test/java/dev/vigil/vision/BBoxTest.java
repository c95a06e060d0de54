package dev.vigil.vision;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BBoxTest {
    @Test
    void iouOfOverlappingAndApartBoxes() {
        BBox a = new BBox(0, 0, 10, 10);
        assertEquals(1.0, a.iou(a), 1e-12);
        assertEquals(50.0 / 150, a.iou(new BBox(5, 0, 10, 10)), 1e-12);
        assertEquals(0, a.iou(new BBox(20, 20, 5, 5)));
    }

    @Test
    void theUnionHoldsBothBoxesWhicheverComesFirst() {
        BBox a = new BBox(10, 20, 30, 40);
        BBox b = new BBox(0, 50, 15, 30);
        assertEquals(new BBox(0, 20, 40, 60), a.union(b));
        assertEquals(a.union(b), b.union(a));
        assertEquals(a, a.union(new BBox(15, 25, 5, 5)), "a box inside adds nothing");
    }
}
