package dev.vigil.offline;

import dev.vigil.anomaly.Analysis;
import dev.vigil.anomaly.AnomalyConfig;
import dev.vigil.anomaly.StreamAnalyzer;
import dev.vigil.anomaly.Verdict;
import dev.vigil.vision.BBox;
import dev.vigil.vision.Keypoint;
import dev.vigil.vision.Person;
import dev.vigil.vision.Skeleton;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replays per-frame poses from a CSV through the tracker and anomaly stage, to develop and check the fall and
 * lying detectors on labelled real poses without the video. Format (as the URFD pose annotations):
 * {@code video,frame,<Joint>_x,<Joint>_y,<Joint>_s... ,label} with joints among Nose, LShoulder ... RAnkle, x/y
 * normalised 0..1, and label 0 = upright, 1 = falling, 2 = lying. Joints absent from the file get score 0.
 *
 * <pre>java ... dev.vigil.offline.PoseCsvReplay FILE.csv [--fps 30] [--every 3] [--hold 2] [--width 640] [--height 480] [--set key=value]...</pre>
 * {@code --fps} is the rate of the recorded frames; {@code --every N} analyses only every Nth frame; {@code --hold S}
 * repeats each sequence's last pose for S seconds (URFD sequences stop a fraction of a second after the person
 * lands, before any detector that waits for them to stay down can speak).
 * Prints, per sequence, when the first fall/lying alert came relative to the labels, and a summary.
 */
public final class PoseCsvReplay {
    private static final Map<String, Integer> JOINTS = Map.ofEntries(
            Map.entry("Nose", Skeleton.NOSE), Map.entry("LShoulder", Skeleton.LEFT_SHOULDER),
            Map.entry("RShoulder", Skeleton.RIGHT_SHOULDER), Map.entry("LElbow", Skeleton.LEFT_ELBOW),
            Map.entry("RElbow", Skeleton.RIGHT_ELBOW), Map.entry("LWrist", Skeleton.LEFT_WRIST),
            Map.entry("RWrist", Skeleton.RIGHT_WRIST), Map.entry("LHip", Skeleton.LEFT_HIP),
            Map.entry("RHip", Skeleton.RIGHT_HIP), Map.entry("LKnee", Skeleton.LEFT_KNEE),
            Map.entry("RKnee", Skeleton.RIGHT_KNEE), Map.entry("LAnkle", Skeleton.LEFT_ANKLE),
            Map.entry("RAnkle", Skeleton.RIGHT_ANKLE));

    private record Row(int frame, Person person, int label) {
    }

    private PoseCsvReplay() {
    }

    public static void main(String[] args) throws IOException {
        double fps = 30;
        int every = 1;
        double hold = 0;
        int width = 640, height = 480;
        Map<String, String> overrides = new LinkedHashMap<>();
        Path csv = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fps" -> fps = Double.parseDouble(args[++i]);
                case "--every" -> every = Integer.parseInt(args[++i]);
                case "--hold" -> hold = Double.parseDouble(args[++i]);
                case "--width" -> width = Integer.parseInt(args[++i]);
                case "--height" -> height = Integer.parseInt(args[++i]);
                case "--set" -> {
                    String[] kv = args[++i].split("=", 2);
                    overrides.put(kv[0], kv[1]);
                }
                default -> csv = Path.of(args[i]);
            }
        }
        if (csv == null) {
            System.err.println("usage: PoseCsvReplay FILE.csv [--fps 30] [--every 3] [--hold 2] [--width 640] [--height 480] [--set k=v]...");
            System.exit(2);
        }
        AnomalyConfig config = ClipAnalyzer.config(overrides);
        Map<String, List<Row>> sequences = read(csv, width, height);

        int detected = 0, early = 0, lyingOnly = 0, idsIssued = 0;
        List<Double> latencies = new ArrayList<>();
        for (Map.Entry<String, List<Row>> seq : sequences.entrySet()) {
            StreamAnalyzer analyzer = new StreamAnalyzer(config, List.of(), width, height);
            int firstFalling = -1, firstLying = -1;
            String first = null;
            int firstAlertFrame = -1;
            List<Row> rows = new ArrayList<>(seq.getValue());
            Row last = rows.get(rows.size() - 1);
            for (int k = 1; k <= hold * fps; k++) { // the person stays as last seen (down, after a fall)
                rows.add(new Row(last.frame + k, last.person, last.label));
            }
            for (Row row : rows) {
                if (row.label == 1 && firstFalling < 0) {
                    firstFalling = row.frame;
                }
                if (row.label == 2 && firstLying < 0) {
                    firstLying = row.frame;
                }
                if (row.frame % every != 0) {
                    continue; // analysed at a lower rate, as the live server does when inference is slow
                }
                Analysis a = analyzer.analyze(List.of(row.person), (long) (row.frame / fps * 1e9));
                for (Verdict v : a.alerts()) {
                    if (first == null) {
                        first = String.join(",", v.behaviours());
                        firstAlertFrame = row.frame;
                    }
                }
            }
            String verdict;
            if (first == null) {
                verdict = "MISSED";
            } else if (firstFalling >= 0 && firstAlertFrame < firstFalling) {
                verdict = "EARLY (alert while upright)";
                early++;
            } else if (first.contains("fall")) {
                verdict = "fall";
                detected++;
                if (firstLying >= 0) {
                    latencies.add((firstAlertFrame - firstLying) / fps);
                }
            } else {
                verdict = "only " + first;
                lyingOnly++;
            }
            System.out.printf(Locale.ROOT, "%s frames=%d falling_from=%d lying_from=%d first_alert=%s@%d ids=%d -> %s%n",
                    seq.getKey(), seq.getValue().size(), firstFalling, firstLying, first, firstAlertFrame,
                    analyzer.idsIssued(), verdict);
            idsIssued += analyzer.idsIssued();
        }
        double[] lat = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "SUMMARY sequences=%d fall_detected=%d other_alert_only=%d alert_before_fall=%d"
                        + " missed=%d median_seconds_from_lying_label_to_alert=%.2f ids=%d%n",
                sequences.size(), detected, lyingOnly, early, sequences.size() - detected - lyingOnly - early,
                lat.length == 0 ? Double.NaN : lat[lat.length / 2], idsIssued);
    }

    private static Map<String, List<Row>> read(Path csv, int width, int height) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",");
        List<String> columns = Arrays.asList(header);
        Map<String, List<Row>> sequences = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            Keypoint[] kps = new Keypoint[Skeleton.KEYPOINT_COUNT];
            Arrays.fill(kps, new Keypoint(0, 0, 0));
            double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
            for (Map.Entry<String, Integer> j : JOINTS.entrySet()) {
                int xi = columns.indexOf(j.getKey() + "_x");
                if (xi < 0) {
                    continue;
                }
                double x = Double.parseDouble(f[xi]) * width;
                double y = Double.parseDouble(f[xi + 1]) * height;
                double s = Double.parseDouble(f[xi + 2]);
                kps[j.getValue()] = new Keypoint(x, y, s);
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
            }
            double pad = 0.05 * Math.max(maxX - minX, maxY - minY);
            BBox box = new BBox(minX - pad, minY - pad, maxX - minX + 2 * pad, maxY - minY + 2 * pad);
            Person person = new Person(box, 0.9, List.of(kps));
            sequences.computeIfAbsent(f[0], k -> new ArrayList<>())
                    .add(new Row(Integer.parseInt(f[1]), person, Integer.parseInt(f[header.length - 1].trim())));
        }
        return sequences;
    }
}
