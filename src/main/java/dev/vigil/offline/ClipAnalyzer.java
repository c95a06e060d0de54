package dev.vigil.offline;

import dev.vigil.anomaly.Analysis;
import dev.vigil.anomaly.AnomalyConfig;
import dev.vigil.anomaly.StreamAnalyzer;
import dev.vigil.anomaly.Verdict;
import dev.vigil.anomaly.Zone;
import dev.vigil.media.Frame;
import dev.vigil.media.VideoFileSource;
import dev.vigil.anomaly.ViolenceModel;
import dev.vigil.vision.BBox;
import dev.vigil.vision.LumaGrid;
import dev.vigil.vision.MotionZoom;
import dev.vigil.vision.PersonDetector;
import dev.vigil.vision.TopDownLook;
import dev.vigil.vision.Poses;
import dev.vigil.vision.Person;
import dev.vigil.vision.PoseModel;
import dev.vigil.vision.PoseModelConfig;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.PrintStream;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Checks a recording: decodes a video file (the same {@link Frame}s a live stream gives), runs the pose model,
 * tracker and anomaly stage at a chosen analysis rate, and prints each alert decision and a summary per clip.
 *
 * <pre>
 * java ... dev.vigil.offline.ClipAnalyzer [--fps 10] [--set key=value]... [--zones JSON] [--model FILE] [--trace] VIDEO...
 *   --fps N        analysed frames a second of video (default 10, what the live server typically achieves on a CPU);
 *                  0 analyses every frame
 *   --set k=v      override an anomaly config key (same keys as the "anomaly" section of application.yaml),
 *                  e.g. --set lying-seconds=5 --set normality.warmup-samples=300 --set tracker.max-gap-seconds=2
 *   --zones JSON   restricted zones as in stream_metadata, e.g. '[{"name":"vault","polygon":[[0.6,0.5],[1,0.5],[1,1]]}]'
 *   --model FILE   pose model (default models/movenet-multipose-lightning.onnx)
 *   --violence-model FILE  violence classifier (default models/violence-classifier.onnx, as the server; "none": wrist-speed rule only)
 *   --trace        also print every verdict of every analysed frame, with each detector's evidence (1.0 = threshold)
 * </pre>
 */
public final class ClipAnalyzer {

    /** One alert decision: when (seconds into the clip), which decoded frame, and the verdict sent. */
    public record AlertLine(double seconds, long frameNumber, Verdict verdict) {
        public String format() {
            Verdict v = verdict;
            return String.format(Locale.ROOT,
                    "ALERT t=%.2fs frame=%d person=%d score=%.3f confidence=%s behaviours=%s bbox=[%.0f,%.0f,%.0f,%.0f]",
                    seconds, frameNumber, v.personId(), v.score(), v.confidence(), String.join(",", v.behaviours()),
                    v.bbox().x(), v.bbox().y(), v.bbox().w(), v.bbox().h());
        }
    }

    /** What happened over one clip. */
    public record ClipReport(String clip, double durationSeconds, long framesDecoded, long framesAnalysed,
                             int idsIssued, int mostPeopleInAFrame, List<AlertLine> alerts, double poseMillisPerFrame,
                             double anomalyMicrosPerFrame) {

        /** How many alerts named each behaviour. */
        public Map<String, Integer> behaviourCounts() {
            Map<String, Integer> counts = new TreeMap<>();
            for (AlertLine a : alerts) {
                for (String b : a.verdict().behaviours()) {
                    counts.merge(b, 1, Integer::sum);
                }
            }
            return counts;
        }

        public String format() {
            StringBuilder behaviours = new StringBuilder();
            behaviourCounts().forEach((b, n) -> behaviours.append(behaviours.isEmpty() ? "" : ",").append(b).append(':').append(n));
            return String.format(Locale.ROOT,
                    "SUMMARY clip=%s duration=%.1fs decoded=%d analysed=%d ids=%d max_people=%d alerts=%d behaviours=%s"
                            + " pose_ms_per_frame=%.1f anomaly_us_per_frame=%.0f",
                    clip, durationSeconds, framesDecoded, framesAnalysed, idsIssued, mostPeopleInAFrame, alerts.size(),
                    behaviours.isEmpty() ? "-" : behaviours, poseMillisPerFrame, anomalyMicrosPerFrame);
        }
    }

    private ClipAnalyzer() {
    }

    /**
     * Analyses one video. Frames are picked at {@code fps} (by stream time) the way the live worker picks the newest
     * frame whenever inference is free; {@code fps <= 0} takes every frame.
     */
    public static ClipReport analyze(Path video, double fps, AnomalyConfig config, List<Zone> zones, PoseModel model,
                                     Consumer<AlertLine> onAlert, Consumer<String> trace) {
        return analyze(video, fps, config, zones, model, null, PeopleFinding.DEFAULT, onAlert, trace);
    }

    /**
     * How people are found besides the whole-frame pose pass: the magnified pass where unexplained motion is
     * ({@code zoom}, as vigil.analysis.zoom), and the person detector with a pose pass per box it finds that nobody
     * explains ({@code detector}, null: none), run when the fight gate is open or, {@code detectEveryFrame}, on
     * every analysed frame (to measure detection; the server never does that).
     */
    public record PeopleFinding(boolean zoom, PersonDetector detector, boolean detectEveryFrame) {
        public static final PeopleFinding DEFAULT = new PeopleFinding(true, null, false);
    }

    /**
     * As above, with the violence classifier (null: the wrist-speed rule only) and the ways of {@code finding} people.
     */
    public static ClipReport analyze(Path video, double fps, AnomalyConfig config, List<Zone> zones, PoseModel model,
                                     ViolenceModel violenceModel, PeopleFinding finding, Consumer<AlertLine> onAlert,
                                     Consumer<String> trace) {
        boolean zoom = finding.zoom();
        MotionZoom closer = new MotionZoom();
        TopDownLook topDown = new TopDownLook();
        List<AlertLine> alerts = new ArrayList<>();
        long[] counts = new long[2]; // decoded, analysed
        long[] nanos = new long[2]; // pose, anomaly
        long[] lastPts = {0};
        int[] most = {0};
        StreamAnalyzer[] analyzer = {null};
        long intervalNanos = fps > 0 ? (long) (1e9 / fps) : 0;
        long[] nextDue = {Long.MIN_VALUE};
        try (VideoFileSource source = VideoFileSource.open(video)) {
            source.forEachFrame(frame -> {
                counts[0]++;
                lastPts[0] = frame.ptsNanos();
                if (frame.ptsNanos() < nextDue[0]) {
                    return;
                }
                nextDue[0] = (nextDue[0] == Long.MIN_VALUE ? frame.ptsNanos() : nextDue[0]) + intervalNanos;
                if (nextDue[0] <= frame.ptsNanos()) {
                    nextDue[0] = frame.ptsNanos() + intervalNanos; // fell behind (variable frame rate): resync
                }
                if (analyzer[0] == null) {
                    analyzer[0] = new StreamAnalyzer(config, zones, frame.width(), frame.height(), violenceModel);
                    analyzer[0].traceViolence(trace != null);
                }
                counts[1]++;
                long t0 = System.nanoTime();
                // as the server: the maps only while the scene can matter (the trace, training input, follows the same rule)
                Poses poses = model.poses(frame, analyzer[0].wantsMaps(frame.ptsNanos()));
                List<Person> people = poses.people();
                LumaGrid grid = LumaGrid.of(frame);
                if (zoom) {
                    people = closer.look(frame, grid, people, frame.ptsNanos(), region -> model.detect(frame, region));
                }
                List<BBox> detected = null; // the detector's boxes when it looked at this frame
                if (finding.detector() != null && (finding.detectEveryFrame()
                        || analyzer[0].fightGateOpen() && topDown.due(frame.ptsNanos()))) {
                    people = topDown.look(people, frame.ptsNanos(), frame.width(), frame.height(),
                            () -> finding.detector().detect(frame), region -> model.detect(frame, region));
                    detected = topDown.lastBoxes();
                } else {
                    topDown.skip();
                }
                long t1 = System.nanoTime();
                Analysis analysis = analyzer[0].analyze(people, frame.ptsNanos(), frame.width(), frame.height(), grid,
                        poses.heat(), poses.backbone(), detected);
                long t2 = System.nanoTime();
                nanos[0] += t1 - t0;
                nanos[1] += t2 - t1;
                most[0] = Math.max(most[0], analysis.people().size());
                double seconds = frame.ptsNanos() / 1e9;
                if (trace != null) {
                    trace.accept(String.format(Locale.ROOT, "VIOLENCE t=%.2fs %s %s %s", seconds,
                            analyzer[0].violenceTrace(), zoom ? closer.trace() : "zoom=off", topDown.trace()));
                    for (Verdict v : analysis.verdicts()) {
                        StringBuilder evidence = new StringBuilder();
                        analyzer[0].evidence(v.personId()).forEach((b, e) -> evidence.append(
                                String.format(Locale.ROOT, " %s=%.2f", b, e)));
                        trace.accept(String.format(Locale.ROOT, "TRACE t=%.2fs person=%d score=%.3f %s %s %s%s", seconds,
                                v.personId(), v.score(), v.classification(), v.confidence(), v.behaviours(), evidence));
                    }
                }
                for (Verdict v : analysis.alerts()) {
                    AlertLine line = new AlertLine(seconds, frame.frameNumber(), v);
                    alerts.add(line);
                    onAlert.accept(line);
                }
            });
        }
        long analysed = Math.max(1, counts[1]);
        return new ClipReport(video.getFileName().toString(), lastPts[0] / 1e9, counts[0], counts[1],
                analyzer[0] == null ? 0 : analyzer[0].idsIssued(), most[0], alerts,
                nanos[0] / 1e6 / analysed, nanos[1] / 1e3 / analysed);
    }

    /** Reads {@code --set} overrides (keys of the anomaly section) into an {@link AnomalyConfig}. */
    public static AnomalyConfig config(Map<String, String> overrides) {
        Config config = Config.just(ConfigSources.create(overrides));
        return AnomalyConfig.from(config);
    }

    public static void main(String[] args) throws Exception {
        double fps = 10;
        Map<String, String> overrides = new LinkedHashMap<>();
        List<Zone> zones = List.of();
        Path modelPath = PoseModelConfig.DEFAULT_MODEL_PATH;
        // On, like the server (vigil.anomaly.violence-model); "none" leaves the wrist-speed rule alone: docs/ANOMALY.md.
        Path violencePath = ViolenceModel.DEFAULT_PATH;
        boolean trace = false;
        boolean zoom = true;
        String detect = "gated";
        Path detectorPath = PersonDetector.DEFAULT_PATH;
        List<Path> videos = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fps" -> fps = Double.parseDouble(args[++i]);
                case "--set" -> {
                    String[] kv = args[++i].split("=", 2);
                    if (kv.length != 2) {
                        throw new IllegalArgumentException("--set wants key=value, got " + args[i]);
                    }
                    overrides.put(kv[0], kv[1]);
                }
                case "--zones" -> {
                    JsonObject metadata = Json.createReader(new StringReader("{\"zones\":" + args[++i] + "}")).readObject();
                    zones = Zone.fromMetadata(metadata);
                }
                case "--model" -> modelPath = Path.of(args[++i]);
                case "--violence-model" -> violencePath = Path.of(args[++i]);
                case "--trace" -> trace = true;
                case "--no-zoom" -> zoom = false;
                case "--detector" -> detect = args[++i];
                case "--detector-model" -> detectorPath = Path.of(args[++i]);
                case "-h", "--help" -> {
                    usage(System.out);
                    return;
                }
                default -> {
                    if (args[i].startsWith("--")) {
                        usage(System.err);
                        System.exit(2);
                    }
                    videos.add(Path.of(args[i]));
                }
            }
        }
        if (videos.isEmpty()) {
            usage(System.err);
            System.exit(2);
        }
        AnomalyConfig config = config(overrides);
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "# analysis rate %s fps, config %s%n", fps > 0 ? fps : "every frame", config);
        boolean classifier = !"none".equals(violencePath.toString());
        if (!List.of("gated", "always", "off").contains(detect)) {
            usage(System.err);
            System.exit(2);
        }
        // As the server: the detector feeds the fight stage, so it is there when the classifier is (or when traced)
        boolean detecting = detect.equals("always") || detect.equals("gated") && (classifier || trace);
        try (PoseModel model = PoseModel.load(PoseModelConfig.defaults().withModelPath(modelPath));
             ViolenceModel violence = classifier ? ViolenceModel.load(violencePath) : null;
             PersonDetector detector = detecting ? PersonDetector.load(detectorPath, PersonDetector.DEFAULT_MIN_SCORE) : null) {
            if (classifier || trace) {
                ViolenceModel.requireInputsOf(model); // else the classifier would be silent, and the trace without numbers
            }
            PeopleFinding finding = new PeopleFinding(zoom, detector, detect.equals("always"));
            for (Path video : videos) {
                out.println("CLIP " + video.getFileName());
                ClipReport report = analyze(video, fps, config, zones, model, violence, finding, a -> out.println(a.format()),
                        trace ? out::println : null);
                out.println(report.format());
                out.flush();
            }
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: ClipAnalyzer [--fps 10] [--set key=value]... [--zones JSON] [--model FILE] [--violence-model FILE|none] [--no-zoom] [--detector gated|always|off] [--detector-model FILE] [--trace] VIDEO...");
    }
}
