package dev.vigil.media;

import java.nio.ByteBuffer;

import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.Structure;

/**
 * Moves I420 video between GStreamer buffers and {@link Frame}s. GStreamer lays I420 out with every
 * row padded to a multiple of 4 bytes and the planes one after the other (appsink and appsrc ask
 * for no other layout); a frame's planes are packed.
 */
public final class I420Frames {
    private I420Frames() {
    }

    /** Where each plane starts in GStreamer's layout of a frame of this size, and its row stride. */
    private record Layout(int lumaStride, int chromaStride, int uStart, int vStart, int bytes) {
        static Layout of(int width, int height) {
            int chromaWidth = (width + 1) / 2;
            int chromaHeight = (height + 1) / 2;
            int lumaStride = (width + 3) & ~3;
            int chromaStride = (chromaWidth + 3) & ~3;
            int uStart = lumaStride * 2 * chromaHeight;
            int vStart = uStart + chromaStride * chromaHeight;
            return new Layout(lumaStride, chromaStride, uStart, vStart, vStart + chromaStride * chromaHeight);
        }
    }

    /** Reads and releases the sample; the frame's bytes come from {@code pool} (null: a fresh array). */
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
            Layout layout = Layout.of(width, height);
            ByteBuffer data = buffer.map(false);
            try {
                copyPlane(data, 0, layout.lumaStride(), i420, 0, width, height);
                copyPlane(data, layout.uStart(), layout.chromaStride(), i420, width * height, chromaWidth, chromaHeight);
                copyPlane(data, layout.vStart(), layout.chromaStride(), i420, width * height + chromaWidth * chromaHeight,
                        chromaWidth, chromaHeight);
            } finally {
                buffer.unmap();
            }
            return new Frame(frameNumber, System.nanoTime(), pts, width, height, colorimetry, i420, pool);
        } finally {
            sample.dispose();
        }
    }

    /** A new GStreamer buffer holding the frame's picture (timestamps left to the caller). */
    static Buffer toBuffer(Frame frame) {
        Layout layout = Layout.of(frame.width(), frame.height());
        Buffer buffer = new Buffer(layout.bytes());
        ByteBuffer data = buffer.map(true);
        try {
            byte[] i420 = frame.i420();
            putPlane(data, 0, layout.lumaStride(), i420, 0, frame.width(), frame.height());
            putPlane(data, layout.uStart(), layout.chromaStride(), i420, frame.uOffset(),
                    frame.chromaWidth(), frame.chromaHeight());
            putPlane(data, layout.vStart(), layout.chromaStride(), i420, frame.vOffset(),
                    frame.chromaWidth(), frame.chromaHeight());
        } finally {
            buffer.unmap();
        }
        return buffer;
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

    private static void putPlane(ByteBuffer data, int start, int stride, byte[] plane, int planeStart, int width,
                                 int height) {
        for (int row = 0; row < height; row++) {
            data.put(start + row * stride, plane, planeStart + row * width, width);
        }
    }
}
