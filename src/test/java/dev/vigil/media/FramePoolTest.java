package dev.vigil.media;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FramePoolTest {

    @Test
    void aReleasedFramesBytesAreReusedForTheNextFrameOfTheSameSize() {
        FramePool pool = new FramePool(2);
        byte[] first = pool.take(Frame.bytes(640, 480));
        Frame frame = new Frame(1, 0, 0, 640, 480, "bt601", first, pool);
        frame.release();
        assertEquals(1, pool.available());
        assertSame(first, pool.take(Frame.bytes(640, 480)));
        assertEquals(0, pool.available());
    }

    @Test
    void buffersOfAnotherSizeAreNotReusedAndThePoolStaysBounded() {
        FramePool pool = new FramePool(2);
        for (int i = 0; i < 5; i++) {
            new Frame(i, 0, 0, 640, 480, null, pool.take(Frame.bytes(640, 480)), pool).release();
            new Frame(i, 0, 0, 640, 480, null, new byte[Frame.bytes(640, 480)], pool).release();
        }
        assertEquals(2, pool.available());
        byte[] other = pool.take(Frame.bytes(320, 240)); // the stream changed size: old buffers are dropped
        assertEquals(Frame.bytes(320, 240), other.length);
        assertEquals(0, pool.available());
        assertNotSame(other, pool.take(Frame.bytes(320, 240)));
    }

    @Test
    void anI420FrameHoldsFullLumaAndQuarterChromaRoundedUp() {
        assertEquals(8 + 2 * 2, Frame.bytes(4, 2));
        assertEquals(15 + 2 * 3 * 2, Frame.bytes(5, 3)); // odd sizes: chroma 3x2
        Frame frame = new Frame(1, 0, 0, 5, 3, null, new byte[Frame.bytes(5, 3)]);
        assertEquals(15, frame.uOffset());
        assertEquals(21, frame.vOffset());
        assertThrows(IllegalArgumentException.class, () -> new Frame(1, 0, 0, 5, 3, null, new byte[26]));
    }
}
