package dev.vigil.media;

import java.nio.ByteBuffer;

import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.Structure;

/** Copies an appsink sample of I420 video into a {@link Frame}. */
public final class I420Frames {
    private I420Frames() {
    }

    /**
     * Reads and releases the sample; the frame's bytes come from {@code pool} (null: a fresh array).
     * GStreamer lays I420 out with every row padded to a multiple of 4 bytes and the planes one
     * after the other (appsink asks for no other layout); the frame's planes are packed.
     */
    public static Frame copy(Sample sample, long frameNumber, FramePool pool) {
        try {
            Structure caps = sample.getCaps().getStructure(0);
            int width = caps.getInteger("width");
            int height = caps.getInteger("height");
            String colorimetry = caps.hasField("colorimetry") ? caps.getString("colorimetry") : null;
            Buffer buffer = sample.getBuffer();
            long pts = buffer.getPresentationTimestamp();
            int size = Frame.bytes(width, height);
            byte[] i420 = pool == null ? new byte[size] : pool.take(size);
            int chromaWidth = (width + 1) / 2;
            int chromaHeight = (height + 1) / 2;
            int lumaStride = (width + 3) & ~3;
            int chromaStride = (chromaWidth + 3) & ~3;
            int uStart = lumaStride * (2 * chromaHeight);
            int vStart = uStart + chromaStride * chromaHeight;
            ByteBuffer data = buffer.map(false);
            try {
                copyPlane(data, 0, lumaStride, i420, 0, width, height);
                copyPlane(data, uStart, chromaStride, i420, width * height, chromaWidth, chromaHeight);
                copyPlane(data, vStart, chromaStride, i420, width * height + chromaWidth * chromaHeight,
                        chromaWidth, chromaHeight);
            } finally {
                buffer.unmap();
            }
            return new Frame(frameNumber, System.nanoTime(), pts, width, height, colorimetry, i420, pool);
        } finally {
            sample.dispose();
        }
    }

    private static void copyPlane(ByteBuffer data, int start, int stride, byte[] out, int outStart, int width,
                                  int height) {
        if (stride == width) {
            data.get(start, out, outStart, width * height);
            return;
        }
        for (int row = 0; row < height; row++) {
            data.get(start + row * stride, out, outStart + row * width, width);
        }
    }
}
