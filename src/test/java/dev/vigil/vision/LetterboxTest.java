package dev.vigil.vision;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;

import dev.vigil.media.Frame;
import dev.vigil.media.TestFrames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LetterboxTest {

    @ParameterizedTest(name = "{0}x{1} at {2} -> {3}x{4}")
    @CsvSource({
            "640, 480, 256, 256, 192",   // 4:3 -> a quarter less input than 256x256
            "1280, 720, 256, 256, 160",  // 16:9 -> 256x144 padded to 160
            "640, 424, 256, 256, 192",
            "480, 640, 256, 192, 256",   // portrait
            "256, 256, 256, 256, 256",
            "1920, 1080, 320, 320, 192",
            "100, 10, 256, 256, 32"})
    void inputIsTheLongSideAndAMultipleOf32(int width, int height, int size, int inputWidth, int inputHeight) {
        Letterbox letterbox = Letterbox.of(width, height, size);
        assertEquals(inputWidth, letterbox.inputWidth());
        assertEquals(inputHeight, letterbox.inputHeight());
    }

    @Test
    void mapsModelCoordinatesBackToTheFrame() {
        Letterbox letterbox = Letterbox.of(1280, 720, 256); // 256x144 image centred in 256x160: 8 rows of bars on top
        assertEquals(8, letterbox.padY());
        assertEquals(0, letterbox.frameX(0), 1e-9);
        assertEquals(1280, letterbox.frameX(1), 1e-9);
        assertEquals(0, letterbox.frameY(8.0 / 160), 1e-9);
        assertEquals(720, letterbox.frameY(152.0 / 160), 1e-9);
        assertEquals(360, letterbox.frameY(0.5), 1e-9);
    }

    @Test
    void fillsTheImageCentredBetweenBlackBars() {
        // a 4x2 frame, every pixel (200, 100, 50): at size 32 it becomes 32x16 inside a 32x32 input
        byte[] rgb = new byte[4 * 2 * 3];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = (byte) 200;
            rgb[i + 1] = 100;
            rgb[i + 2] = 50;
        }
        Letterbox letterbox = Letterbox.of(4, 2, 32);
        ByteBuffer out = ByteBuffer.allocate(letterbox.inputBytes() + 10);
        for (int i = 0; i < out.capacity(); i++) {
            out.put(i, (byte) 7); // garbage from a previous frame must be overwritten
        }
        letterbox.fill(rgb, out, 5);

        assertEquals(8, letterbox.padY());
        assertEquals(7, out.get(4), "bytes before the offset untouched");
        for (int y = 0; y < 32; y++) {
            boolean image = y >= 8 && y < 24;
            for (int x = 0; x < 32; x++) {
                int o = 5 + (y * 32 + x) * 3;
                assertEquals(image ? 200 : 0, out.get(o) & 0xff, "red at " + x + "," + y);
                assertEquals(image ? 100 : 0, out.get(o + 1) & 0xff);
                assertEquals(image ? 50 : 0, out.get(o + 2) & 0xff);
            }
        }
        assertEquals(7, out.get(5 + letterbox.inputBytes()), "bytes after the image untouched");
    }

    @Test
    void anI420FrameLetterboxesLikeTheRgbPictureItWasMadeFrom() {
        TestImages.Rgb photo = TestImages.rgb("person.png");
        Frame frame = TestFrames.fromRgb(1, 0, photo.rgb(), photo.width(), photo.height());
        Letterbox letterbox = Letterbox.of(photo.width(), photo.height(), 256);
        ByteBuffer fromRgb = ByteBuffer.allocate(letterbox.inputBytes());
        ByteBuffer fromI420 = ByteBuffer.allocate(letterbox.inputBytes());
        letterbox.fill(photo.rgb(), fromRgb, 0);
        letterbox.fill(frame, fromI420, 0);
        long sum = 0;
        int far = 0;
        for (int i = 0; i < letterbox.inputBytes(); i++) {
            int difference = Math.abs((fromRgb.get(i) & 0xff) - (fromI420.get(i) & 0xff));
            sum += difference;
            far += difference > 24 ? 1 : 0;
        }
        // what is lost is half-resolution colour (at sharp colour edges) and 8-bit rounding
        double mean = (double) sum / letterbox.inputBytes();
        assertTrue(mean < 2.5, "mean difference " + mean);
        assertTrue(far < letterbox.inputBytes() / 100, far + " bytes differ by more than 24");
    }

    @Test
    void rejectsAFrameOfAnotherSize() {
        Letterbox letterbox = Letterbox.of(640, 480, 256);
        Frame frame = new Frame(1, 0, 0, 320, 240, null, new byte[Frame.bytes(320, 240)]);
        assertThrows(IllegalArgumentException.class, () -> letterbox.fill(frame, ByteBuffer.allocate(letterbox.inputBytes()), 0));
    }

    @Test
    void rejectsSizesThatAreNotMultiplesOf32() {
        assertThrows(IllegalArgumentException.class, () -> Letterbox.of(640, 480, 250));
        assertThrows(IllegalArgumentException.class, () -> Letterbox.of(0, 480, 256));
    }

    @Test
    void aRegionFillsTheInputAndMapsBackToWhereItIsInTheFrame() {
        // a 640x480 RGB frame, black but for a white square at x 400-463, y 100-163
        int w = 640;
        int h = 480;
        byte[] rgb = new byte[w * h * 3];
        for (int y = 100; y < 164; y++) {
            for (int x = 400; x < 464; x++) {
                java.util.Arrays.fill(rgb, (y * w + x) * 3, (y * w + x) * 3 + 3, (byte) 255);
            }
        }
        Letterbox region = Letterbox.ofRegion(w, h, new BBox(400, 100, 64, 64), 256);
        assertEquals(256, region.inputWidth());
        assertEquals(256, region.inputHeight());
        assertEquals(0, region.padX());
        ByteBuffer input = ByteBuffer.allocateDirect(region.inputBytes());
        region.fill(rgb, input, 0);
        for (int at : new int[]{0, 128 * 256 + 128, 256 * 256 - 1}) {
            assertEquals(255, input.get(at * 3) & 0xff, "the square, magnified 4x, fills the input (pixel " + at + ")");
        }
        assertEquals(400, region.frameX(0), 1e-9);
        assertEquals(464, region.frameX(1), 1e-9);
        assertEquals(132, region.frameY(0.5), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Letterbox.ofRegion(w, h, new BBox(700, 0, 10, 10), 256));
    }
}
