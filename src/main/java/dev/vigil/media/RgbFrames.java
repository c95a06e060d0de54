package dev.vigil.media;

import java.nio.ByteBuffer;

import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.Structure;

/** Copies an appsink sample of packed RGB video into a {@link Frame}. */
final class RgbFrames {
    private RgbFrames() {
    }

    /** Reads and releases the sample. */
    static Frame copy(Sample sample, long frameNumber) {
        try {
            Structure caps = sample.getCaps().getStructure(0);
            int width = caps.getInteger("width");
            int height = caps.getInteger("height");
            Buffer buffer = sample.getBuffer();
            long pts = buffer.getPresentationTimestamp();
            byte[] rgb = new byte[width * height * 3];
            ByteBuffer data = buffer.map(false);
            try {
                int rowBytes = width * 3;
                // GStreamer pads RGB rows to a multiple of 4 bytes.
                int stride = (rowBytes + 3) & ~3;
                if (stride == rowBytes) {
                    data.get(rgb, 0, rgb.length);
                } else {
                    for (int row = 0; row < height; row++) {
                        data.position(row * stride);
                        data.get(rgb, row * rowBytes, rowBytes);
                    }
                }
            } finally {
                buffer.unmap();
            }
            return new Frame(frameNumber, System.nanoTime(), pts, width, height, rgb);
        } finally {
            sample.dispose();
        }
    }
}
