package dev.vigil.media;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.elements.AppSink;

/**
 * Decodes a recording frame by frame, every frame in order, as the same {@link Frame}s live
 * streams deliver: the way to check footage offline.
 */
public final class VideoFileSource implements AutoCloseable {
    private final Pipeline pipeline;
    private final AppSink frames;
    private final AtomicReference<String> error = new AtomicReference<>();
    /** An error leaves pullSample waiting; stopping the pipeline (off the streaming thread) releases it. */
    private final Bus.ERROR onError = this::onError;

    private void onError(org.freedesktop.gstreamer.GstObject source, int code, String message) {
        if (error.compareAndSet(null, message)) {
            Thread.ofVirtual().start(() -> pipeline.setState(State.NULL));
        }
    }

    private VideoFileSource(Pipeline pipeline) {
        this.pipeline = pipeline;
        this.frames = (AppSink) pipeline.getElementByName("frames");
        pipeline.getBus().connect(onError);
    }

    public static VideoFileSource open(Path file) {
        return open(file, new PipelineTemplates(Path.of("pipelines")));
    }

    public static VideoFileSource open(Path file, PipelineTemplates templates) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read video file " + file);
        }
        Gstreamer.init();
        String location = file.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"");
        return new VideoFileSource(templates.launch("file-decode", Map.of("location", location)));
    }

    /** Blocks until the end of the file, handing every decoded frame to the consumer in order. */
    public void forEachFrame(Consumer<Frame> consumer) {
        pipeline.play();
        long frameNumber = 0;
        while (true) {
            Sample sample = frames.pullSample();
            if (sample == null) {
                break;
            }
            consumer.accept(I420Frames.copy(sample, ++frameNumber, null));
        }
        if (error.get() != null) {
            throw new IllegalStateException("cannot decode video: " + error.get());
        }
    }

    @Override
    public void close() {
        pipeline.setState(State.NULL);
        pipeline.getState(TimeUnit.SECONDS.toNanos(5));
        pipeline.dispose();
    }
}
