package dev.vigil.media;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;

/** Writes small synthetic videos with GStreamer for media tests that need no people. */
public final class TestVideos {
    private TestVideos() {
    }

    /** A test-pattern clip of the given size and frame count, H.264 in MP4. */
    public static Path pattern(Path directory, int width, int height, int frames) throws Exception {
        Path file = directory.resolve("pattern-" + width + "x" + height + "-" + frames + ".mp4");
        run("videotestsrc num-buffers=" + frames + " pattern=ball ! video/x-raw,width=" + width + ",height=" + height
                + ",framerate=15/1 ! x264enc speed-preset=ultrafast ! mp4mux ! filesink location=\"" + file + "\"");
        return file;
    }

    /** Runs a pipeline description to its end of stream. */
    public static void run(String description) throws Exception {
        Gstreamer.init();
        Pipeline pipeline = (Pipeline) Gst.parseLaunch(description);
        CompletableFuture<String> done = new CompletableFuture<>();
        Bus.EOS onEos = source -> done.complete("eos");
        Bus.ERROR onError = (source, code, message) -> done.completeExceptionally(new IllegalStateException(message));
        pipeline.getBus().connect(onEos);
        pipeline.getBus().connect(onError);
        try {
            pipeline.play();
            done.get(120, TimeUnit.SECONDS);
        } finally {
            pipeline.setState(State.NULL);
            pipeline.dispose();
        }
    }
}
