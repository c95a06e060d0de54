package dev.vigil.vision;

import java.nio.ByteBuffer;

import dev.vigil.media.Frame;
import dev.vigil.media.YuvMatrix;

/**
 * How a frame of one size goes into the pose model: scaled so its long side is the model's input
 * size, keeping the aspect ratio, the short side padded with black up to the next multiple of 32
 * (MoveNet MultiPose takes any multiple of 32, so a 640x480 frame becomes a 256x192 input rather
 * than a 256x256 one with a quarter of it black: a quarter less work for the model).
 *
 * <p>Resampling is bilinear in integer arithmetic with 8-bit weights, the same as
 * tools/movenet/reference.mjs does it, so the Java side and the TF.js reference see byte-identical
 * inputs. Immutable once built; the sampling tables make {@link #fill} a plain loop.
 */
public final class Letterbox {
    private final int frameWidth;
    private final int frameHeight;
    /** The part of the frame that goes in (the whole frame, or a region to look at closer). */
    private final int cropX;
    private final int cropY;
    private final int cropWidth;
    private final int cropHeight;
    private final int scaledWidth;
    private final int scaledHeight;
    private final int inputWidth;
    private final int inputHeight;
    private final int padX;
    private final int padY;
    private final int[] columnLow;   // source x of the left sample of each output column
    private final int[] columnHigh;
    private final int[] columnWeight; // weight of the right sample, 0..256
    private final int[] rowLow;       // source row index of the upper sample of each output row
    private final int[] rowHigh;
    private final int[] rowWeight;
    // the same for the half-resolution chroma planes of I420 frames
    private final int[] chromaColumnLow;
    private final int[] chromaColumnHigh;
    private final int[] chromaColumnWeight;
    private final int[] chromaRowLow;
    private final int[] chromaRowHigh;
    private final int[] chromaRowWeight;

    private Letterbox(int frameWidth, int frameHeight, int cropX, int cropY, int cropWidth, int cropHeight,
                      int inputSize) {
        if (frameWidth <= 0 || frameHeight <= 0) {
            throw new IllegalArgumentException("frame size must be positive, got " + frameWidth + "x" + frameHeight);
        }
        if (cropX < 0 || cropY < 0 || cropWidth <= 0 || cropHeight <= 0 || cropX + cropWidth > frameWidth
                || cropY + cropHeight > frameHeight) {
            throw new IllegalArgumentException("region " + cropWidth + "x" + cropHeight + "+" + cropX + "+" + cropY
                    + " is not inside a " + frameWidth + "x" + frameHeight + " frame");
        }
        if (inputSize <= 0 || inputSize % 32 != 0) {
            throw new IllegalArgumentException("input size must be a positive multiple of 32, got " + inputSize);
        }
        this.frameWidth = frameWidth;
        this.frameHeight = frameHeight;
        this.cropX = cropX;
        this.cropY = cropY;
        this.cropWidth = cropWidth;
        this.cropHeight = cropHeight;
        int longSide = Math.max(cropWidth, cropHeight);
        // double arithmetic in the same order as the reference script (JavaScript numbers are doubles)
        this.scaledWidth = (int) Math.max(1, Math.round((double) cropWidth * inputSize / longSide));
        this.scaledHeight = (int) Math.max(1, Math.round((double) cropHeight * inputSize / longSide));
        this.inputWidth = (scaledWidth + 31) / 32 * 32;
        this.inputHeight = (scaledHeight + 31) / 32 * 32;
        this.padX = (inputWidth - scaledWidth) / 2;
        this.padY = (inputHeight - scaledHeight) / 2;
        this.columnLow = new int[scaledWidth];
        this.columnHigh = new int[scaledWidth];
        this.columnWeight = new int[scaledWidth];
        sampleTable(cropX, cropWidth, scaledWidth, columnLow, columnHigh, columnWeight);
        this.rowLow = new int[scaledHeight];
        this.rowHigh = new int[scaledHeight];
        this.rowWeight = new int[scaledHeight];
        sampleTable(cropY, cropHeight, scaledHeight, rowLow, rowHigh, rowWeight);
        this.chromaColumnLow = new int[scaledWidth];
        this.chromaColumnHigh = new int[scaledWidth];
        this.chromaColumnWeight = new int[scaledWidth];
        sampleTable(cropX / 2, (cropX + cropWidth + 1) / 2 - cropX / 2, scaledWidth,
                chromaColumnLow, chromaColumnHigh, chromaColumnWeight);
        this.chromaRowLow = new int[scaledHeight];
        this.chromaRowHigh = new int[scaledHeight];
        this.chromaRowWeight = new int[scaledHeight];
        sampleTable(cropY / 2, (cropY + cropHeight + 1) / 2 - cropY / 2, scaledHeight,
                chromaRowLow, chromaRowHigh, chromaRowWeight);
    }

    public static Letterbox of(int frameWidth, int frameHeight, int inputSize) {
        return new Letterbox(frameWidth, frameHeight, 0, 0, frameWidth, frameHeight, inputSize);
    }

    /**
     * The letterbox of one region of the frame ({@code region}, clipped to the frame and rounded to whole pixels),
     * scaled so its long side is the input size: a closer look at something small. Coordinates map back to the
     * whole frame.
     */
    public static Letterbox ofRegion(int frameWidth, int frameHeight, BBox region, int inputSize) {
        int x0 = (int) Math.max(0, Math.floor(region.x()));
        int y0 = (int) Math.max(0, Math.floor(region.y()));
        int x1 = (int) Math.min(frameWidth, Math.ceil(region.x() + region.w()));
        int y1 = (int) Math.min(frameHeight, Math.ceil(region.y() + region.h()));
        return new Letterbox(frameWidth, frameHeight, x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0), inputSize);
    }

    /** Half-pixel-centred bilinear sample positions in [start, start + length), clamped at the edges. */
    private static void sampleTable(int start, int sourceLength, int scaledLength, int[] low, int[] high, int[] weight) {
        double ratio = (double) sourceLength / scaledLength;
        for (int i = 0; i < scaledLength; i++) {
            double s = Math.min(Math.max((i + 0.5) * ratio - 0.5, 0), sourceLength - 1);
            int l = (int) Math.floor(s);
            low[i] = start + l;
            high[i] = start + Math.min(l + 1, sourceLength - 1);
            weight[i] = (int) Math.round((s - l) * 256);
        }
    }

    /** Bytes of one letterboxed image: inputWidth x inputHeight x 3. */
    public int inputBytes() {
        return inputWidth * inputHeight * 3;
    }

    /**
     * Writes the letterboxed image of a packed RGB frame into {@code out} from {@code offset}
     * (absolute, the buffer's position is left alone). The bars are written too (black), so the
     * buffer needs no clearing between frames.
     */
    public void fill(byte[] rgb, ByteBuffer out, int offset) {
        if (rgb.length < frameWidth * frameHeight * 3) {
            throw new IllegalArgumentException("frame of " + frameWidth + "x" + frameHeight + " needs "
                    + frameWidth * frameHeight * 3 + " RGB bytes, got " + rgb.length);
        }
        int rowBytes = inputWidth * 3;
        int o = offset;
        o = black(out, o, padY * rowBytes);
        int stride = frameWidth * 3;
        for (int oy = 0; oy < scaledHeight; oy++) {
            int row0 = rowLow[oy] * stride;
            int row1 = rowHigh[oy] * stride;
            int wy = rowWeight[oy];
            o = black(out, o, padX * 3);
            for (int ox = 0; ox < scaledWidth; ox++) {
                int c0 = columnLow[ox] * 3;
                int c1 = columnHigh[ox] * 3;
                int wx = columnWeight[ox];
                for (int c = 0; c < 3; c++) {
                    int top = (rgb[row0 + c0 + c] & 0xff) * (256 - wx) + (rgb[row0 + c1 + c] & 0xff) * wx;
                    int bottom = (rgb[row1 + c0 + c] & 0xff) * (256 - wx) + (rgb[row1 + c1 + c] & 0xff) * wx;
                    out.put(o++, (byte) ((top * (256 - wy) + bottom * wy + 32768) >> 16));
                }
            }
            o = black(out, o, (inputWidth - padX - scaledWidth) * 3);
        }
        black(out, o, offset + inputBytes() - o);
    }

    /**
     * Writes the letterboxed RGB image of an I420 frame into {@code out} from {@code offset}, like
     * {@link #fill(byte[], ByteBuffer, int)}: Y, U and V are each resampled bilinearly from their own
     * plane, then converted to RGB with the frame's matrix. Converting only the model's 256-pixel-wide
     * input, not the whole frame, is what makes YUV frames cheap.
     */
    public void fill(Frame frame, ByteBuffer out, int offset) {
        if (frame.width() != frameWidth || frame.height() != frameHeight) {
            throw new IllegalArgumentException("letterbox for " + frameWidth + "x" + frameHeight + " got a "
                    + frame.width() + "x" + frame.height() + " frame");
        }
        YuvMatrix matrix = frame.matrix();
        byte[] yuv = frame.i420();
        int uStart = frame.uOffset();
        int vStart = frame.vOffset();
        int chromaStride = frame.chromaWidth();
        int rowBytes = inputWidth * 3;
        int o = offset;
        o = black(out, o, padY * rowBytes);
        for (int oy = 0; oy < scaledHeight; oy++) {
            int y0 = rowLow[oy] * frameWidth;
            int y1 = rowHigh[oy] * frameWidth;
            int wy = rowWeight[oy];
            int cy0 = chromaRowLow[oy] * chromaStride;
            int cy1 = chromaRowHigh[oy] * chromaStride;
            int cwy = chromaRowWeight[oy];
            o = black(out, o, padX * 3);
            for (int ox = 0; ox < scaledWidth; ox++) {
                int luma = bilinear(yuv, y0, y1, columnLow[ox], columnHigh[ox], columnWeight[ox], wy);
                int c0 = chromaColumnLow[ox];
                int c1 = chromaColumnHigh[ox];
                int cwx = chromaColumnWeight[ox];
                int u = bilinear(yuv, uStart + cy0, uStart + cy1, c0, c1, cwx, cwy);
                int v = bilinear(yuv, vStart + cy0, vStart + cy1, c0, c1, cwx, cwy);
                int rgb = matrix.rgb(luma, u, v);
                out.put(o++, (byte) (rgb >> 16));
                out.put(o++, (byte) (rgb >> 8));
                out.put(o++, (byte) rgb);
            }
            o = black(out, o, (inputWidth - padX - scaledWidth) * 3);
        }
        black(out, o, offset + inputBytes() - o);
    }

    /** Writes {@code count} zero bytes from {@code at}; returns where it stopped. */
    private static int black(ByteBuffer out, int at, int count) {
        for (int i = 0; i < count; i++) {
            out.put(at + i, (byte) 0);
        }
        return at + count;
    }

    private static int bilinear(byte[] plane, int row0, int row1, int x0, int x1, int wx, int wy) {
        int top = (plane[row0 + x0] & 0xff) * (256 - wx) + (plane[row0 + x1] & 0xff) * wx;
        int bottom = (plane[row1 + x0] & 0xff) * (256 - wx) + (plane[row1 + x1] & 0xff) * wx;
        return (top * (256 - wy) + bottom * wy + 32768) >> 16;
    }

    /** Frame x in pixels of an x normalised to the model input (0..1 across inputWidth). */
    public double frameX(double normalizedX) {
        return (normalizedX * inputWidth - padX) * cropWidth / scaledWidth + cropX;
    }

    /** Frame y in pixels of a y normalised to the model input (0..1 across inputHeight). */
    public double frameY(double normalizedY) {
        return (normalizedY * inputHeight - padY) * cropHeight / scaledHeight + cropY;
    }

    public int frameWidth() {
        return frameWidth;
    }

    public int frameHeight() {
        return frameHeight;
    }

    public int inputWidth() {
        return inputWidth;
    }

    public int inputHeight() {
        return inputHeight;
    }

    public int padX() {
        return padX;
    }

    public int padY() {
        return padY;
    }

    public int scaledWidth() {
        return scaledWidth;
    }

    public int scaledHeight() {
        return scaledHeight;
    }
}
