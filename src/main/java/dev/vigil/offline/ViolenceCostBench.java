package dev.vigil.offline;

import dev.vigil.anomaly.AnomalyConfig;
import dev.vigil.anomaly.StreamAnalyzer;
import dev.vigil.anomaly.ViolenceModel;
import dev.vigil.media.Frame;
import dev.vigil.media.VideoFileSource;
import dev.vigil.vision.BBox;
import dev.vigil.vision.LumaGrid;
import dev.vigil.vision.Person;
import dev.vigil.vision.PoseBackbone;
import dev.vigil.vision.PoseHeat;
import dev.vigil.vision.Poses;
import dev.vigil.vision.PoseModel;
import dev.vigil.vision.PoseModelConfig;
import dev.vigil.vision.PersonDetector;
import dev.vigil.vision.TopDownLook;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the violence stage costs per analysed frame, in CPU time of the calling thread (so other processes on the
 * machine matter less): each clip is decoded and posed once at 10 fps, then the anomaly stage alone is replayed
 * over the same frames many times (after a warm-up round of all three) (a) without pixels, heat or classifier (the
 * anomaly stage without the violence stage), (b) with the brightness grid, the pose heat and the features but no
 * classifier, (c) with the classifier (its gate decides when the features are made into a window and judged) and the
 * person detector's boxes, handed in as the server does (gate open on the frame before, at TopDownLook's cadence). The
 * detector runs once per frame while the clip is posed; its inference, like the pose model's (20-40 ms a frame on
 * this machine), is not replayed: what is measured is the anomaly stage.
 * <pre>java ... dev.vigil.offline.ViolenceCostBench [--passes 30] VIDEO...</pre>
 */
public final class ViolenceCostBench {
    private record Shot(long pts, int width, int height, List<Person> people, PoseHeat heat, PoseBackbone backbone, Frame frame,
                        List<PersonDetector.Detection> detected) {
    }

    private ViolenceCostBench() {
    }

    public static void main(String[] args) throws Exception {
        int passes = 30;
        List<Path> videos = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--passes")) {
                passes = Integer.parseInt(args[++i]);
            } else {
                videos.add(Path.of(args[i]));
            }
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        try (PoseModel pose = PoseModel.load(PoseModelConfig.defaults());
             ViolenceModel violence = ViolenceModel.load(ViolenceModel.DEFAULT_PATH);
             PersonDetector detector = PersonDetector.load(PersonDetector.DEFAULT_PATH, PersonDetector.DEFAULT_MIN_SCORE)) {
            for (Path video : videos) {
                List<Shot> shots = new ArrayList<>();
                long[] next = {Long.MIN_VALUE};
                try (VideoFileSource source = VideoFileSource.open(video)) {
                    source.forEachFrame(frame -> {
                        if (next[0] != Long.MIN_VALUE && frame.ptsNanos() < next[0]) {
                            return;
                        }
                        next[0] = frame.ptsNanos() + 100_000_000L;
                        byte[] copy = frame.i420().clone();
                        Frame kept = new Frame(frame.frameNumber(), 0, frame.ptsNanos(), frame.width(), frame.height(),
                                frame.colorimetry(), copy);
                        Poses poses = pose.poses(kept, true);
                        List<PersonDetector.Detection> detected = detector.detect(kept);
                        shots.add(new Shot(frame.ptsNanos(), frame.width(), frame.height(), poses.people(), poses.heat(), poses.backbone(), kept,
                                detected));
                    });
                }
                int people = shots.stream().mapToInt(s -> s.people().size()).max().orElse(0);
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "BENCH clip=%s frames=%d max_people=%d",
                        video.getFileName(), shots.size(), people));
                String[] names = {"before_us", "features_us", "classifier_us"};
                for (int round = 0; round < 6; round++) { // rounds 0-2 warm every path up, 3-5 are measured
                    int mode = round % 3;
                    long spent = 0;
                    long frames = 0;
                    for (int pass = 0; pass < passes; pass++) {
                        StreamAnalyzer analyzer = new StreamAnalyzer(AnomalyConfig.defaults(), List.of(),
                                shots.get(0).width(), shots.get(0).height(), mode == 2 ? violence : null);
                        TopDownLook looks = new TopDownLook(); // no crops: their pose passes are not replayed
                        long start = cpu.getCurrentThreadCpuTime();
                        for (Shot s : shots) {
                            if (mode == 0) {
                                analyzer.analyze(s.people(), s.pts(), s.width(), s.height());
                            } else if (mode == 1) {
                                analyzer.analyze(s.people(), s.pts(), s.width(), s.height(), LumaGrid.of(s.frame()), s.heat());
                            } else {
                                List<BBox> detected = null;
                                if (analyzer.fightGateOpen() && looks.due(s.pts())) { // the server's cadence
                                    looks.look(s.people(), s.pts(), s.width(), s.height(), s::detected, r -> List.of());
                                    detected = looks.lastBoxes();
                                }
                                boolean maps = analyzer.wantsMaps(s.pts()); // the server fetches them only then
                                analyzer.analyze(s.people(), s.pts(), s.width(), s.height(), LumaGrid.of(s.frame()),
                                        maps ? s.heat() : null, maps ? s.backbone() : null, detected);
                            }
                        }
                        if (round >= 3) {
                            spent += cpu.getCurrentThreadCpuTime() - start;
                            frames += shots.size();
                        }
                    }
                    if (round >= 3) {
                        line.append(String.format(Locale.ROOT, " %s=%.0f", names[mode], spent / 1e3 / frames));
                    }
                }
                System.out.println(line);
            }
        }
    }
}
