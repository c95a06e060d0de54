package dev.vigil.media;

/** Frames made from packed RGB pictures (photos, drawn test images), the way a BT.601 encoder would. */
public final class TestFrames {
    private TestFrames() {
    }

    /** An unpooled limited-range BT.601 I420 frame of the picture; chroma is the mean of each 2x2 block. */
    public static Frame fromRgb(long frameNumber, long ptsNanos, byte[] rgb, int width, int height) {
        YuvMatrix matrix = YuvMatrix.BT601;
        Frame frame = new Frame(frameNumber, System.nanoTime(), ptsNanos, width, height, "bt601",
                new byte[Frame.bytes(width, height)]);
        byte[] yuv = frame.i420();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                yuv[y * width + x] = (byte) matrix.y(rgb[i] & 0xff, rgb[i + 1] & 0xff, rgb[i + 2] & 0xff);
            }
        }
        for (int cy = 0; cy < frame.chromaHeight(); cy++) {
            for (int cx = 0; cx < frame.chromaWidth(); cx++) {
                int r = 0;
                int g = 0;
                int b = 0;
                int n = 0;
                for (int y = 2 * cy; y < Math.min(height, 2 * cy + 2); y++) {
                    for (int x = 2 * cx; x < Math.min(width, 2 * cx + 2); x++) {
                        int i = (y * width + x) * 3;
                        r += rgb[i] & 0xff;
                        g += rgb[i + 1] & 0xff;
                        b += rgb[i + 2] & 0xff;
                        n++;
                    }
                }
                int at = cy * frame.chromaWidth() + cx;
                yuv[frame.uOffset() + at] = (byte) matrix.u(r / n, g / n, b / n);
                yuv[frame.vOffset() + at] = (byte) matrix.v(r / n, g / n, b / n);
            }
        }
        return frame;
    }

    /** Packed full-range RGB of a frame, pixel by pixel with its matrix (for checking what was drawn). */
    public static int rgbAt(Frame frame, int x, int y) {
        byte[] yuv = frame.i420();
        int c = (y / 2) * frame.chromaWidth() + x / 2;
        return frame.matrix().rgb(yuv[y * frame.width() + x] & 0xff, yuv[frame.uOffset() + c] & 0xff,
                yuv[frame.vOffset() + c] & 0xff);
    }
}
