package dev.vigil.media;

/**
 * One decoded video frame, packed RGB (3 bytes a pixel, no row padding).
 *
 * @param frameNumber    decoded frames of this source counted from 1
 * @param decodedAtNanos {@link System#nanoTime()} when the frame left the decoder, for latency figures
 * @param ptsNanos       presentation time of the frame in its stream (media time, for motion and dwell)
 */
public record Frame(long frameNumber, long decodedAtNanos, long ptsNanos, int width, int height, byte[] rgb) {
}
