package dev.vigil.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

import dev.vigil.alert.AlertMessage;
import dev.vigil.alert.Annotator;
import dev.vigil.anomaly.Analysis;
import dev.vigil.anomaly.StreamAnalyzer;
import dev.vigil.anomaly.Verdict;
import dev.vigil.media.Frame;
import dev.vigil.media.JpegEncoder;
import dev.vigil.track.TrackedPerson;
import dev.vigil.vision.BBox;
import dev.vigil.vision.Keypoint;
import dev.vigil.vision.Person;

/**
 * Runs the alert path on a made-up frame at start-up, so that the first alert after a restart is
 * as quick as the rest: ONNX Runtime allocates its buffers on the first run, and the JVM compiles
 * drawing, tracking, base64 and JSON building only after they have run for a while (the first
 * alert of a cold server took 47 ms against 20 ms warm, most of it in those).
 */
final class WarmUp {
    private static final Logger LOG = Logger.getLogger(WarmUp.class.getName());
    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;
    private static final int ROUNDS = 40;

    private WarmUp() {
    }

    static void run(AnalysisService service) {
        long started = System.nanoTime();
        Frame frame = new Frame(1, started, 0, WIDTH, HEIGHT, "bt601", new byte[Frame.bytes(WIDTH, HEIGHT)]);
        for (int i = 0; i < 3; i++) {
            paint(frame, i);
            service.model.detect(frame);
            if (service.detector != null) { // the fight stage's first look would otherwise pay the session's first runs
                service.detector.detect(frame);
            }
        }
        StreamAnalyzer analyzer = new StreamAnalyzer(service.anomalyConfig, List.of(), WIDTH, HEIGHT);
        int jpegBytes = 0;
        try (JpegEncoder encoder = new JpegEncoder(service.templates, service.config.jpegQuality())) {
            for (int round = 0; round < ROUNDS; round++) {
                paint(frame, round);
                Person person = person(100 + 4 * round, 120);
                Analysis analysis = analyzer.analyze(List.of(person), round * 66_666_667L, WIDTH, HEIGHT);
                List<TrackedPerson> people = analysis.people().isEmpty()
                        ? List.of(new TrackedPerson(1, person, 0, 0, 1)) : analysis.people();
                Verdict verdict = new Verdict(people.get(0).personId(), 0.9, true, "Abnormal", "High",
                        List.of("fall"), person.bbox());
                Annotator.draw(frame, people, List.of(verdict));
                byte[] jpeg = encoder.encode(frame);
                jpegBytes += AlertMessage.anomaly("warm-up", "warm-up", null, round, verdict, jpeg, WIDTH, HEIGHT).length();
            }
        }
        LOG.info(String.format("alert path warmed up in %d ms (%d KB of messages)",
                (System.nanoTime() - started) / 1_000_000, jpegBytes / 1024));
    }

    /** A smooth gradient that shifts each round: a picture the size of a real snapshot's JPEG. */
    private static void paint(Frame frame, int round) {
        byte[] yuv = frame.i420();
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                yuv[y * WIDTH + x] = (byte) (16 + (((x + y) / 4 + 7 * round) % 200));
            }
        }
        Arrays.fill(yuv, frame.uOffset(), yuv.length, (byte) 128);
    }

    private static Person person(double x, double y) {
        List<Keypoint> keypoints = new ArrayList<>();
        for (int k = 0; k < 17; k++) {
            keypoints.add(new Keypoint(x + 20 + (k % 3) * 20, y + 15 * k, 0.8));
        }
        return new Person(new BBox(x, y, 100, 260), 0.8, keypoints);
    }
}
