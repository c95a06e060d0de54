package dev.vigil.media;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.elements.AppSink;
import org.freedesktop.gstreamer.elements.AppSrc;

/**
 * Encodes frames to JPEG with GStreamer's jpegenc. One instance is kept per stream
 * and reused; {@link #encode} is for one thread at a time.
 */
public final class JpegEncoder implements AutoCloseable {
    private final Pipeline pipeline;
    private final AppSrc source;
    private final AppSink sink;
    private int width;
    private int height;
    private String colorimetry;
    private long sequence;

    public JpegEncoder(PipelineTemplates templates, int quality) {
        Gstreamer.init();
        pipeline = templates.launch("jpeg-encode", Map.of("quality", Integer.toString(quality)));
        source = (AppSrc) pipeline.getElementByName("frames");
        sink = (AppSink) pipeline.getElementByName("jpeg");
        pipeline.play();
    }

    /** The frame as a JPEG (full-range BT.601, as JFIF viewers expect, whatever the frame's colorimetry). */
    public synchronized byte[] encode(Frame frame) {
        int width = frame.width();
        int height = frame.height();
        if (width != this.width || height != this.height || !Objects.equals(frame.colorimetry(), colorimetry)) {
            source.setCaps(Caps.fromString("video/x-raw,format=I420,width=" + width + ",height=" + height
                    + ",framerate=0/1" + (frame.colorimetry() == null ? "" : ",colorimetry=" + frame.colorimetry())));
            this.width = width;
            this.height = height;
            this.colorimetry = frame.colorimetry();
        }
        Buffer buffer = I420Frames.toBuffer(frame);
        buffer.setPresentationTimestamp(sequence++ * 1_000_000L);
        source.pushBuffer(buffer);
        Sample sample = sink.pullSample();
        if (sample == null) {
            throw new IllegalStateException("the JPEG encoder stopped");
        }
        try {
            Buffer jpeg = sample.getBuffer();
            ByteBuffer bytes = jpeg.map(false);
            byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            jpeg.unmap();
            return out;
        } finally {
            sample.dispose();
        }
    }

    @Override
    public synchronized void close() {
        pipeline.setState(State.NULL);
        pipeline.getState(TimeUnit.SECONDS.toNanos(5));
        pipeline.dispose();
    }
}
