package dev.vigil.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.vigil.analysis.AnalysisConfig;
import dev.vigil.media.Frame;
import dev.vigil.media.FramePool;
import dev.vigil.media.I420Frames;
import dev.vigil.media.Gstreamer;
import dev.vigil.media.PipelineTemplates;
import dev.vigil.vision.PoseModel;
import dev.vigil.vision.PoseModelConfig;
import org.freedesktop.gstreamer.FlowReturn;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.Sample;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.elements.AppSink;

/**
 * The bare limit of our stack on this machine, for the load benchmark to be judged against: N clips
 * decoded in real time with plain GStreamer (filesrc, the server's own frame-sink template, no
 * WebRTC), and the server's pose model, at the server's thread settings (max-concurrent callers,
 * intra-op threads), run on the newest frame of each stream in turn. No HTTP, tracking, anomaly
 * judgement or alerting. With {@code --decode-only} the clips are only decoded (decoder into a
 * fakesink, in real time): what a stream costs before Vigil does anything with it.
 *
 * <pre>
 * BareLimit --streams N --h264 clip.mp4 --vp8 clip.webm [--warmup 3] [--seconds 15] [--decode-only true]
 *           [--label person] [--out result.properties]
 * </pre>
 * Odd streams play the VP8 clip, even ones the H.264 clip, as in {@link LoadGenerator}.
 */
public final class BareLimit {
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    /** One clip being decoded; the newest decoded sample waits in {@code newest}, older ones are dropped. */
    private static final class Source {
        final Pipeline pipeline;
        final AtomicReference<Sample> newest = new AtomicReference<>();
        final AtomicLong decoded = new AtomicLong();
        final AtomicLong analysed = new AtomicLong();
        final AtomicBoolean busy = new AtomicBoolean();
        final FramePool pool = new FramePool(2);
        AppSink.NEW_SAMPLE callback;

        Source(Pipeline pipeline) {
            this.pipeline = pipeline;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = LoadGenerator.options(args);
        int n = Integer.parseInt(options.getOrDefault("streams", "1"));
        double warmup = Double.parseDouble(options.getOrDefault("warmup", "3"));
        double seconds = Double.parseDouble(options.getOrDefault("seconds", "15"));
        boolean decodeOnly = Boolean.parseBoolean(options.getOrDefault("decode-only", "false"));
        String label = options.getOrDefault("label", "person");
        Path h264 = Path.of(options.get("h264"));
        Path vp8 = Path.of(options.get("vp8"));
        // The server's settings, from its defaults (application.yaml repeats them).
        AnalysisConfig analysis = AnalysisConfig.defaults();
        PoseModelConfig poseConfig = PoseModelConfig.defaults();

        Gstreamer.init();
        PipelineTemplates templates = new PipelineTemplates(Path.of("pipelines"));
        String frameSink = templates.render("frame-sink", Map.of());
        List<Source> sources = new ArrayList<>();
        PoseModel model = decodeOnly ? null : PoseModel.load(poseConfig);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> workers = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Path clip = i % 2 == 1 ? vp8 : h264;
                String decode = "filesrc location=\"" + clip.toAbsolutePath() + "\" ! decodebin";
                Source source = new Source((Pipeline) Gst.parseLaunch(decodeOnly
                        ? decode + " ! fakesink sync=true"
                        : decode + " ! clocksync ! " + frameSink));
                if (!decodeOnly) {
                    AppSink sink = (AppSink) source.pipeline.getElementByName("frames");
                    source.callback = appSink -> {
                        Sample older = source.newest.getAndSet(appSink.pullSample());
                        if (older != null) {
                            older.dispose();
                        }
                        source.decoded.incrementAndGet();
                        return FlowReturn.OK;
                    };
                    sink.connect(source.callback);
                }
                sources.add(source);
            }
            sources.forEach(source -> source.pipeline.play());
            if (!decodeOnly) {
                AtomicInteger cursor = new AtomicInteger();
                for (int w = 0; w < Math.max(1, analysis.maxConcurrent()); w++) {
                    workers.add(Thread.ofPlatform().name("bare-" + w).start(() -> infer(model, sources, cursor, running)));
                }
            }
            Thread.sleep((long) (warmup * 1000));
            long[] before = sources.stream().mapToLong(s -> s.analysed.get()).toArray();
            long ticksBefore = LoadGenerator.cpuTicks(ProcessHandle.current().pid());
            long start = System.nanoTime();
            Thread.sleep((long) (seconds * 1000));
            long ticksAfter = LoadGenerator.cpuTicks(ProcessHandle.current().pid());
            double elapsed = (System.nanoTime() - start) / 1e9;
            long[] after = sources.stream().mapToLong(s -> s.analysed.get()).toArray();

            double total = 0;
            double min = Double.MAX_VALUE;
            StringBuilder perStream = new StringBuilder();
            for (int i = 0; i < n; i++) {
                double fps = (after[i] - before[i]) / elapsed;
                total += fps;
                min = Math.min(min, fps);
                perStream.append(String.format(" %.1f", fps));
            }
            double cores = (ticksAfter - ticksBefore) / (double) CLOCK_TICKS_PER_SECOND / elapsed;
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("label", label);
            result.put("mode", decodeOnly ? "decode" : "bare");
            result.put("streams", n);
            result.put("seconds", LoadGenerator.round(elapsed));
            result.put("max_concurrent", analysis.maxConcurrent());
            result.put("intra_op_threads", poseConfig.intraOpThreads());
            result.put("analysed_fps", LoadGenerator.round(total));
            result.put("min_stream_fps", LoadGenerator.round(decodeOnly ? 0 : min));
            result.put("per_stream_fps", perStream.toString().strip());
            result.put("cpu_cores", Math.round(cores * 1000) / 1000.0);
            result.put("cpu_per_stream", Math.round(cores / n * 10000) / 10000.0);
            System.out.printf("%n## bare limit (%s), %s clip, N=%d, %.1f s%n", decodeOnly ? "decode only" : "decode + model",
                    label, n, elapsed);
            result.forEach((key, value) -> System.out.println(key + " = " + value));
            if (options.containsKey("out")) {
                StringBuilder text = new StringBuilder();
                result.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
                Files.writeString(Path.of(options.get("out")), text);
            }
        } finally {
            running.set(false);
            for (Thread worker : workers) {
                worker.join(TimeUnit.SECONDS.toMillis(5));
            }
            for (Source source : sources) {
                source.pipeline.setState(State.NULL);
                source.pipeline.dispose();
                Sample left = source.newest.getAndSet(null);
                if (left != null) {
                    left.dispose();
                }
            }
            if (model != null) {
                model.close();
            }
        }
        System.exit(0);
    }

    /** One of max-concurrent callers: takes the next stream with a new frame, round robin, and runs the model. */
    private static void infer(PoseModel model, List<Source> sources, AtomicInteger cursor, AtomicBoolean running) {
        while (running.get()) {
            boolean worked = false;
            for (int tried = 0; tried < sources.size() && !worked; tried++) {
                Source source = sources.get(Math.floorMod(cursor.getAndIncrement(), sources.size()));
                if (source.newest.get() == null || !source.busy.compareAndSet(false, true)) {
                    continue;
                }
                try {
                    Sample sample = source.newest.getAndSet(null);
                    if (sample != null) {
                        Frame frame = I420Frames.copy(sample, 0, source.pool);
                        model.detect(frame);
                        frame.release();
                        source.analysed.incrementAndGet();
                        worked = true;
                    }
                } finally {
                    source.busy.set(false);
                }
            }
            if (!worked) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
