package dev.vigil.bench;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.vigil.media.Frame;
import dev.vigil.media.TestFrames;
import dev.vigil.vision.Letterbox;
import dev.vigil.vision.Person;
import dev.vigil.vision.PoseModel;
import dev.vigil.vision.PoseModelConfig;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Milliseconds per frame of {@link PoseModel} on a 640x480 photo, split into preprocess (letterbox),
 * inference (tensor + session run + output copy) and decode (records in frame pixels), against a bare
 * {@link OrtSession#run} on a ready tensor; plus the ONNX Runtime settings worth choosing between.
 * Run with tools/bench-pose.sh [ITERATIONS] [MODEL_PATH]. Prints Markdown tables for docs/PERFORMANCE.md.
 */
public final class PoseBenchmark {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;

    private final int iterations;
    private final PoseModelConfig base;
    private final byte[] frame;
    /** The same picture as a video frame (I420), what the server analyses. */
    private final Frame video;

    private PoseBenchmark(int iterations, PoseModelConfig base, byte[] frame) {
        this.iterations = iterations;
        this.base = base;
        this.frame = frame;
        this.video = TestFrames.fromRgb(1, 0, frame, WIDTH, HEIGHT);
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        PoseModelConfig base = PoseModelConfig.defaults();
        if (args.length > 1) {
            base = base.withModelPath(Path.of(args[1]));
        }
        PoseBenchmark bench = new PoseBenchmark(iterations, base, photo640x480());
        System.out.printf("# PoseBenchmark: %s, %d iterations per figure after %d warm-up, %d cores, %s,"
                        + " load average at the start: %s%n%n",
                base.modelPath(), iterations, warmup(iterations), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), loadAverage());
        bench.stages();
        bench.classifierMaps();
        bench.optimizationLevels();
        bench.inputSizes();
        bench.parallelStreams();
        System.out.printf("load average at the end: %s (the cores are shared: figures with a load well above"
                + " this benchmark's own 1-2 are disturbed by other work)%n", loadAverage());
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static int warmup(int iterations) {
        return Math.max(10, iterations / 10);
    }

    /** person.png (a real photo) scaled to 640x480, as packed RGB. */
    private static byte[] photo640x480() throws IOException {
        BufferedImage source;
        try (InputStream in = PoseBenchmark.class.getResourceAsStream("/vision/person.png")) {
            source = ImageIO.read(in);
        }
        BufferedImage scaled = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, WIDTH, HEIGHT, null);
        g.dispose();
        byte[] rgb = new byte[WIDTH * HEIGHT * 3];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int p = scaled.getRGB(x, y);
                int o = (y * WIDTH + x) * 3;
                rgb[o] = (byte) (p >> 16);
                rgb[o + 1] = (byte) (p >> 8);
                rgb[o + 2] = (byte) p;
            }
        }
        return rgb;
    }

    /** Per-stage figures of PoseModel with 1 and 2 intra-op threads, and the bare session run. */
    private void stages() throws OrtException {
        System.out.println("## 640x480 frame -> 256x192 input, per stage (mean ms, p50 in brackets)");
        System.out.println();
        System.out.println("| intra-op threads | preprocess | inference | decode | PoseModel.detect total | fps (p50) | CPU ms per frame | bare OrtSession.run | fps (p50) | overhead (detect / bare, p50) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (int threads = 1; threads <= 2; threads++) {
            PoseModelConfig config = base.withThreads(threads, 1);
            try (PoseModel model = PoseModel.load(config)) {
                Letterbox letterbox = model.letterboxFor(WIDTH, HEIGHT);
                ByteBuffer input = ByteBuffer.allocateDirect(letterbox.inputBytes());
                int n = iterations + warmup(iterations);
                long[] pre = new long[n];
                long[] inf = new long[n];
                long[] dec = new long[n];
                long[] total = new long[n];
                int people = 0;
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    letterbox.fill(video, input, 0);
                    long t1 = System.nanoTime();
                    float[] rows = model.run(input, 1, letterbox.inputHeight(), letterbox.inputWidth());
                    long t2 = System.nanoTime();
                    List<Person> found = model.decode(rows, 0, letterbox);
                    long t3 = System.nanoTime();
                    people += found.size();
                    pre[i] = t1 - t0;
                    inf[i] = t2 - t1;
                    dec[i] = t3 - t2;
                }
                long cpu0 = 0;
                for (int i = 0; i < n; i++) {
                    if (i == warmup(iterations)) {
                        cpu0 = processCpuNanos();
                    }
                    long t0 = System.nanoTime();
                    people += model.detect(video).size();
                    total[i] = System.nanoTime() - t0;
                }
                double cpuMs = (processCpuNanos() - cpu0) / 1e6 / iterations;
                long[] bare = bareRun(config, letterbox.inputHeight(), letterbox.inputWidth(),
                        OrtSession.SessionOptions.OptLevel.ALL_OPT);
                Stats t = Stats.of(total, warmup(iterations));
                Stats b = Stats.of(bare, warmup(iterations));
                System.out.printf("| %d | %s | %s | %s | %s | %.1f | %.1f | %s | %.1f | %.3f |%n", threads,
                        Stats.of(pre, warmup(iterations)), Stats.of(inf, warmup(iterations)),
                        Stats.of(dec, warmup(iterations)), t, 1000 / t.median, cpuMs, b, 1000 / b.median,
                        t.median / b.median);
                if (people == 0) {
                    System.out.println("(no person found in the benchmark frame: check the model)");
                }
            }
        }
        System.out.println();
    }

    /**
     * What the violence classifier's inputs cost the pose pass: {@code poses(frame, true)} also fetches the heatmaps
     * and the backbone map (see {@code Poses}); by turns with {@code poses(frame, false)}, so drift hits both alike.
     */
    private void classifierMaps() throws OrtException {
        System.out.println("## The classifier's maps: PoseModel.poses without and with heatmaps + backbone (1 intra-op thread)");
        System.out.println();
        System.out.println("| outputs | PoseModel.poses (mean, p50 ms) | CPU ms per frame |");
        System.out.println("|---|---|---|");
        try (PoseModel model = PoseModel.load(base.withThreads(1, 1))) {
            int n = iterations + warmup(iterations);
            long[][] times = new long[2][n];
            long[] cpu = new long[2];
            for (int i = 0; i < n; i++) {
                for (int maps = 0; maps < 2; maps++) {
                    long c0 = processCpuNanos();
                    long t0 = System.nanoTime();
                    model.poses(video, maps == 1);
                    times[maps][i] = System.nanoTime() - t0;
                    if (i >= warmup(iterations)) {
                        cpu[maps] += processCpuNanos() - c0;
                    }
                }
            }
            for (int maps = 0; maps < 2; maps++) {
                System.out.printf("| %s | %s | %.2f |%n", maps == 1 ? "people, heatmaps, backbone" : "people",
                        Stats.of(times[maps], warmup(iterations)), cpu[maps] / 1e6 / iterations);
            }
        }
        System.out.println();
    }

    /** Bare session.run on one ready tensor of the given input size: the floor our code adds to. */
    private long[] bareRun(PoseModelConfig config, int inputHeight, int inputWidth,
                           OrtSession.SessionOptions.OptLevel level) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        ByteBuffer data = inputImage(inputHeight, inputWidth);
        int n = iterations + warmup(iterations);
        long[] times = new long[n];
        try (OrtSession.SessionOptions options = PoseModel.sessionOptions(config)) {
            options.setOptimizationLevel(level);
            try (OrtSession session = env.createSession(config.modelPath().toString(), options);
                 OnnxTensor tensor = OnnxTensor.createTensor(env, data, new long[]{1, inputHeight, inputWidth, 3},
                         OnnxJavaType.UINT8)) {
                Map<String, OnnxTensor> inputs = Map.of(session.getInputNames().iterator().next(), tensor);
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    try (OrtSession.Result ignored = session.run(inputs)) {
                        times[i] = System.nanoTime() - t0;
                    }
                }
            }
        }
        return times;
    }

    /**
     * The frame letterboxed to this input size when the letterbox gives that size; otherwise (the
     * square and the 16:9 shapes) the 256x192 letterbox copied into its top-left, the rest black.
     */
    private ByteBuffer inputImage(int inputHeight, int inputWidth) {
        ByteBuffer data = ByteBuffer.allocateDirect(inputHeight * inputWidth * 3);
        Letterbox exact = Letterbox.of(WIDTH, HEIGHT, Math.max(inputHeight, inputWidth));
        if (exact.inputHeight() == inputHeight && exact.inputWidth() == inputWidth) {
            exact.fill(frame, data, 0);
            return data;
        }
        Letterbox standard = Letterbox.of(WIDTH, HEIGHT, 256);
        ByteBuffer image = ByteBuffer.allocateDirect(standard.inputBytes());
        standard.fill(frame, image, 0);
        int rowBytes = Math.min(inputWidth, standard.inputWidth()) * 3;
        for (int y = 0; y < Math.min(inputHeight, standard.inputHeight()); y++) {
            for (int i = 0; i < rowBytes; i++) {
                data.put(y * inputWidth * 3 + i, image.get(y * standard.inputWidth() * 3 + i));
            }
        }
        return data;
    }

    private void optimizationLevels() throws OrtException {
        System.out.println("## Graph optimization level (bare run, 256x192, 1 intra-op thread)");
        System.out.println();
        System.out.println("| level | ms (mean, p50) | fps |");
        System.out.println("|---|---|---|");
        for (OrtSession.SessionOptions.OptLevel level : OrtSession.SessionOptions.OptLevel.values()) {
            Stats s = Stats.of(bareRun(base.withThreads(1, 1), 192, 256, level), warmup(iterations));
            System.out.printf("| %s | %s | %.1f |%n", level, s, 1000 / s.mean);
        }
        System.out.println();
    }

    private void inputSizes() throws OrtException {
        System.out.println("## Input size (bare run, 1 intra-op thread, ALL_OPT)");
        System.out.println();
        System.out.println("| input (w x h) | what | ms (mean, p50) | fps |");
        System.out.println("|---|---|---|---|");
        int[][] sizes = {{256, 192, 0}, {256, 256, 1}, {192, 160, 2}, {320, 256, 3}, {256, 160, 4}};
        String[] what = {"640x480 letterboxed to long side 256 (default)", "the same frame padded square",
                "long side 192 (input-size: 192)", "long side 320 (input-size: 320)", "1280x720 at long side 256"};
        for (int[] size : sizes) {
            Stats s = Stats.of(bareRun(base.withThreads(1, 1), size[1], size[0],
                    OrtSession.SessionOptions.OptLevel.ALL_OPT), warmup(iterations));
            System.out.printf("| %dx%d | %s | %s | %.1f |%n", size[0], size[1], what[size[2]], s, 1000 / s.mean);
        }
        System.out.println();
    }

    /** Several streams at once: callers sharing one session, and batching frames into one run. */
    private void parallelStreams() throws Exception {
        System.out.println("## Streams at once on the 2 cores (640x480 frames, 256x192 input)");
        System.out.println();
        System.out.println("| setup | ms per call (wall, mean) | frames per second, all callers | CPU ms per frame |");
        System.out.println("|---|---|---|---|");
        for (int threads = 1; threads <= 2; threads++) {
            try (PoseModel model = PoseModel.load(base.withThreads(threads, 1))) {
                for (int callers = 1; callers <= 2; callers++) {
                    Run run = concurrently(callers, () -> model.detect(video));
                    run.print("PoseModel.detect, " + callers + " caller" + (callers > 1 ? "s" : "")
                            + ", intra-op " + threads, "", 1);
                }
                for (int batch : new int[]{2, 4}) {
                    List<Frame> frames = new ArrayList<>();
                    for (int i = 0; i < batch; i++) {
                        frames.add(TestFrames.fromRgb(i + 1, 0, frame, WIDTH, HEIGHT));
                    }
                    Run run = concurrently(1, () -> model.detectBatch(frames, false));
                    run.print("PoseModel.detectBatch of " + batch + " frames, 1 caller, intra-op " + threads,
                            " per batch", batch);
                }
            }
        }
        // what PoseModel.sessionOptions turns off: intra-op workers spinning while they wait
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(base.modelPath().toString(), options);
                 OnnxTensor tensor = OnnxTensor.createTensor(env, inputImage(192, 256), new long[]{1, 192, 256, 3},
                         OnnxJavaType.UINT8)) {
                Map<String, OnnxTensor> inputs = Map.of(session.getInputNames().iterator().next(), tensor);
                for (int callers = 1; callers <= 2; callers++) {
                    Run run = concurrently(callers, () -> {
                        session.run(inputs).close();
                        return null;
                    });
                    run.print("bare run, " + callers + " caller" + (callers > 1 ? "s" : "")
                            + ", intra-op 2 WITH spinning (ONNX Runtime default)", "", 1);
                }
            }
        }
        System.out.println();
    }

    /** Wall and process CPU seconds of {@code callsPerCaller} calls by each of {@code callers} threads. */
    private record Run(int callers, int callsPerCaller, double wallSeconds, double cpuSeconds) {
        void print(String setup, String unit, int framesPerCall) {
            long frames = (long) callers * callsPerCaller * framesPerCall;
            System.out.printf("| %s | %.2f%s | %.1f | %.2f |%n", setup, wallSeconds * 1000 / callsPerCaller, unit,
                    frames / wallSeconds, cpuSeconds * 1000 / frames);
        }
    }

    /** CPU time of the whole process (all threads, ONNX Runtime's native ones included). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** {@code callers} threads each doing {@code iterations} calls, after a warm-up. */
    private Run concurrently(int callers, Callable<?> call) throws Exception {
        for (int i = 0; i < warmup(iterations); i++) {
            call.call();
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < iterations; i++) {
                        call.call();
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            return new Run(callers, iterations, (System.nanoTime() - t0) / 1e9, (processCpuNanos() - cpu0) / 1e9);
        }
    }

    /** Mean and median in milliseconds of the samples after the warm-up ones. */
    private record Stats(double mean, double median) {
        static Stats of(long[] nanos, int skip) {
            long[] kept = Arrays.copyOfRange(nanos, skip, nanos.length);
            Arrays.sort(kept);
            double mean = Arrays.stream(kept).average().orElse(0) / 1e6;
            return new Stats(mean, kept[kept.length / 2] / 1e6);
        }

        @Override
        public String toString() {
            return String.format("%.2f (%.2f)", mean, median);
        }
    }
}
