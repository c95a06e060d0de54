package dev.vigil.media;

/**
 * One decoded video frame as planar YUV 4:2:0 (I420, the decoders' own output, so nothing is
 * converted for frames the analysis never looks at): the Y plane, width x height bytes, then
 * the U and V planes, chromaWidth x chromaHeight bytes each, no row padding.
 *
 * <p>A live stream's frames come from a small {@link FramePool}: whoever consumes a frame last
 * calls {@link #release()} so the next frame reuses its bytes (a frame never released is simply
 * garbage collected).
 *
 * @param frameNumber    decoded frames of this source counted from 1
 * @param decodedAtNanos {@link System#nanoTime()} when the frame left the decoder, for latency figures
 * @param ptsNanos       presentation time of the frame in its stream (media time, for motion and dwell)
 * @param colorimetry    GStreamer's colorimetry of the frame ("bt601", "bt709", "1:4:0:0", ...; null if
 *                       unknown), which says how its YUV maps to RGB
 * @param pool           where {@link #release()} returns the bytes; null for frames not pooled
 */
public record Frame(long frameNumber, long decodedAtNanos, long ptsNanos, int width, int height, String colorimetry,
                    byte[] i420, FramePool pool) {

    public Frame {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive, got " + width + "x" + height);
        }
        if (i420.length < bytes(width, height)) {
            throw new IllegalArgumentException("an I420 frame of " + width + "x" + height + " needs "
                    + bytes(width, height) + " bytes, got " + i420.length);
        }
    }

    /** A frame that is not pooled. */
    public Frame(long frameNumber, long decodedAtNanos, long ptsNanos, int width, int height, String colorimetry,
                 byte[] i420) {
        this(frameNumber, decodedAtNanos, ptsNanos, width, height, colorimetry, i420, null);
    }

    /** Bytes of an I420 frame of this size. */
    public static int bytes(int width, int height) {
        return width * height + 2 * ((width + 1) / 2) * ((height + 1) / 2);
    }

    public int chromaWidth() {
        return (width + 1) / 2;
    }

    public int chromaHeight() {
        return (height + 1) / 2;
    }

    /** Where the U plane starts in {@link #i420()}. */
    public int uOffset() {
        return width * height;
    }

    /** Where the V plane starts in {@link #i420()}. */
    public int vOffset() {
        return width * height + chromaWidth() * chromaHeight();
    }

    /** How this frame's YUV maps to RGB. */
    public YuvMatrix matrix() {
        return YuvMatrix.of(colorimetry, height);
    }

    /** Hands the bytes back for reuse; the frame must not be read after this. */
    public void release() {
        if (pool != null) {
            pool.give(i420);
        }
    }
}
