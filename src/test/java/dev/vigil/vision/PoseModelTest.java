package dev.vigil.vision;

import dev.vigil.media.Frame;
import dev.vigil.media.TestFrames;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The converted ONNX model, run through {@link PoseModel}, against what the original TF.js model
 * returned for the same photos (fixtures written by tools/movenet/reference.mjs), and the mapping
 * of its output back to frame pixels.
 */
class PoseModelTest {
    private static final double TOLERANCE = 0.01;
    private static final double MIN_SCORE = 0.2;
    /** Hand-labelled box around the woman in person.png (640x424): x0, y0, x1, y1. */
    private static final double[] WOMAN = {188, 95, 278, 378};

    private static PoseModel model;

    @BeforeAll
    static void load() {
        model = PoseModel.load(PoseModelConfig.defaults());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"person", "kite_beach", "astronaut", "person_lying", "dog"})
    void matchesTheTfjsModelOnTheSameInput(String name) {
        JsonObject fixture = TestImages.fixture(name + ".movenet.json");
        TestImages.Rgb photo = TestImages.rgb(name + ".png");
        Letterbox letterbox = model.letterboxFor(photo.width(), photo.height());
        assertEquals(fixture.getInt("inputWidth"), letterbox.inputWidth(), "input width");
        assertEquals(fixture.getInt("inputHeight"), letterbox.inputHeight(), "input height");

        ByteBuffer input = ByteBuffer.allocateDirect(letterbox.inputBytes());
        letterbox.fill(photo.rgb(), input, 0);
        assertEquals(fixture.getString("letterboxSha256"), sha256(input),
                "the letterboxed input must be byte-identical to the one the TF.js reference ran on");

        float[] onnx = model.run(input, 1, letterbox.inputHeight(), letterbox.inputWidth());
        float[] tfjs = TestImages.rows(fixture);
        List<Integer> expected = peopleAbove(tfjs, MIN_SCORE);
        List<Integer> actual = peopleAbove(onnx, MIN_SCORE);
        assertEquals(expected.size(), actual.size(), name + ": people above " + MIN_SCORE);

        double maxPointDiff = 0;
        double maxScoreDiff = 0;
        for (int p : expected) {
            int q = closestRow(onnx, tfjs, p);
            for (int k = 0; k < Skeleton.KEYPOINT_COUNT; k++) {
                int e = p * PoseModel.ROW_LENGTH + 3 * k;
                int a = q * PoseModel.ROW_LENGTH + 3 * k;
                maxPointDiff = Math.max(maxPointDiff, Math.abs(onnx[a] - tfjs[e]));
                maxPointDiff = Math.max(maxPointDiff, Math.abs(onnx[a + 1] - tfjs[e + 1]));
                maxScoreDiff = Math.max(maxScoreDiff, Math.abs(onnx[a + 2] - tfjs[e + 2]));
            }
            for (int i = 51; i < 55; i++) {
                maxPointDiff = Math.max(maxPointDiff, Math.abs(onnx[q * PoseModel.ROW_LENGTH + i] - tfjs[p * PoseModel.ROW_LENGTH + i]));
            }
            maxScoreDiff = Math.max(maxScoreDiff, Math.abs(onnx[q * PoseModel.ROW_LENGTH + 55] - tfjs[p * PoseModel.ROW_LENGTH + 55]));
        }
        System.out.printf("%s: %d people, max keypoint/box difference %.2e, max score difference %.2e%n",
                name, expected.size(), maxPointDiff, maxScoreDiff);
        assertTrue(maxPointDiff <= TOLERANCE, name + ": keypoints and boxes within " + TOLERANCE + ", worst " + maxPointDiff);
        assertTrue(maxScoreDiff <= TOLERANCE, name + ": scores within " + TOLERANCE + ", worst " + maxScoreDiff);
    }

    @Test
    void findsTheWomanInFramePixels() {
        TestImages.Rgb photo = TestImages.rgb("person.png");
        List<Person> people = model.detect(photo.rgb(), photo.width(), photo.height());

        assertEquals(1, people.size(), "one person in person.png");
        Person woman = people.get(0);
        assertTrue(woman.bbox().iou(box(WOMAN)) > 0.6, "box on the woman: " + woman.bbox());
        assertOnTheWoman(woman, WOMAN);
    }

    @Test
    void findsTheWomanInAnUpscaled1280x720Frame() {
        // crop person.png to 16:9 (640x360 from y=32) and scale it up 2x: the woman moves accordingly
        TestImages.Rgb frame = TestImages.cropAndScale(TestImages.image("person.png"), 0, 32, 640, 360, 1280, 720);
        double[] expected = {WOMAN[0] * 2, (WOMAN[1] - 32) * 2, WOMAN[2] * 2, (WOMAN[3] - 32) * 2};

        List<Person> people = model.detect(frame.rgb(), frame.width(), frame.height());

        assertEquals(1, people.size(), "one person in the 1280x720 frame");
        assertTrue(people.get(0).bbox().iou(box(expected)) > 0.6, "box on the woman: " + people.get(0).bbox());
        assertOnTheWoman(people.get(0), expected);
    }

    @Test
    void findsTheSamePeopleInAVideoFrameAsInThePhotoItWasMadeFrom() {
        for (String name : new String[] {"person.png", "kite_beach.png", "person_lying.png"}) {
            TestImages.Rgb photo = TestImages.rgb(name);
            List<Person> fromRgb = model.detect(photo.rgb(), photo.width(), photo.height());
            List<Person> fromI420 = model.detect(frame(1, photo));
            assertEquals(fromRgb.size(), fromI420.size(), name + ": people");
            for (int i = 0; i < fromRgb.size(); i++) {
                double iou = fromRgb.get(i).bbox().iou(fromI420.get(i).bbox());
                assertTrue(iou > 0.9, name + ": person " + i + " box IoU " + iou);
                assertEquals(fromRgb.get(i).score(), fromI420.get(i).score(), 0.05, name + ": person " + i + " score");
            }
        }
    }

    @Test
    void findsNobodyInAPhotoOfADog() {
        TestImages.Rgb photo = TestImages.rgb("dog.png");
        assertEquals(List.of(), model.detect(photo.rgb(), photo.width(), photo.height()));
    }

    @Test
    void batchGivesWhatSingleFramesGive() {
        TestImages.Rgb person = TestImages.rgb("person.png");
        TestImages.Rgb kite = TestImages.rgb("kite_beach.png"); // 640x420: same 256x192 input as person.png
        TestImages.Rgb lying = TestImages.rgb("person_lying.png"); // portrait: a different input size
        List<Frame> frames = List.of(frame(1, person), frame(2, kite), frame(3, lying), frame(4, person));

        List<Poses> batch = model.detectBatch(frames, true);

        assertEquals(4, batch.size());
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            Poses alone = model.poses(f, true);
            assertSamePeople(alone.people(), batch.get(i).people());
            byte[] a = alone.heat().values();
            byte[] b = batch.get(i).heat().values();
            assertEquals(a.length, b.length);
            for (int k = 0; k < a.length; k++) {
                assertTrue(Math.abs((a[k] & 0xff) - (b[k] & 0xff)) <= 1, "heat " + k + " of frame " + i);
            }
            float[] x = alone.backbone().values();
            float[] y = batch.get(i).backbone().values();
            assertEquals(x.length, y.length);
            for (int k = 0; k < x.length; k++) {
                assertEquals(x[k], y[k], 1e-3, "backbone " + k + " of frame " + i);
            }
        }
        assertEquals(1, batch.get(0).people().size());
        assertEquals(2, batch.get(1).people().size());
    }

    @Test
    void heatmapsAndBackboneComeOnlyWhenAskedFor() {
        TestImages.Rgb person = TestImages.rgb("person.png");
        assertEquals(null, model.poses(frame(1, person), false).heat());
        assertEquals(null, model.poses(frame(1, person), false).backbone());
        assertEquals(null, model.detectBatch(List.of(frame(1, person)), false).get(0).heat());
        assertEquals(null, model.detectBatch(List.of(frame(1, person)), false).get(0).backbone());
    }

    @Test
    void theBackboneMapCoversTheInputAtAThirtySecondAndTellsAPersonFromADog() {
        assertTrue(model.hasBackbone());
        TestImages.Rgb person = TestImages.rgb("person.png");
        Frame frame = frame(1, person);
        PoseBackbone map = model.poses(frame, true).backbone();
        Letterbox letterbox = model.letterboxFor(frame.width(), frame.height());
        assertEquals(PoseBackbone.CHANNELS, map.channels());
        assertEquals(letterbox.inputHeight() / 32, map.rows());
        assertEquals(letterbox.inputWidth() / 32, map.columns());
        float low = Float.MAX_VALUE;
        float high = -Float.MAX_VALUE;
        for (float v : map.values()) {
            low = Math.min(low, v);
            high = Math.max(high, v);
        }
        assertTrue(low >= 0 && high <= 6 && high > 0.5, "ReLU6 activations, some strong: " + low + ".." + high);
        // the same frame twice gives the same map; another picture another one
        assertTrue(java.util.Arrays.equals(map.values(), model.poses(frame, true).backbone().values()));
        TestImages.Rgb dog = TestImages.rgb("dog.png");
        PoseBackbone other = model.poses(TestFrames.fromRgb(2, 0, dog.rgb(), dog.width(), dog.height()), true).backbone();
        double[] a = channelMeans(map);
        double[] b = channelMeans(other);
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int c = 0; c < a.length; c++) {
            dot += a[c] * b[c];
            na += a[c] * a[c];
            nb += b[c] * b[c];
        }
        assertTrue(dot / Math.sqrt(na * nb) < 0.95, "a person and a dog are other scenes: cosine " + dot / Math.sqrt(na * nb));
    }

    private static double[] channelMeans(PoseBackbone map) {
        double[] means = new double[map.channels()];
        for (int c = 0; c < map.channels(); c++) {
            for (int i = 0; i < map.cells(); i++) {
                means[c] += map.values()[c * map.cells() + i] / map.cells();
            }
        }
        return means;
    }

    @Test
    void theHeatmapsPutAPersonCentreInsideThePersonsBox() {
        TestImages.Rgb person = TestImages.rgb("person.png");
        Frame frame = frame(1, person);
        Poses poses = model.poses(frame, true);
        assertTrue(model.hasHeatmaps());
        PoseHeat heat = poses.heat();
        Letterbox letterbox = model.letterboxFor(frame.width(), frame.height());
        assertEquals(PoseHeat.CHANNELS, heat.channels());
        assertEquals(letterbox.inputHeight() / 8, heat.rows(), "a quarter of the input, pooled 2x2");
        assertEquals(letterbox.inputWidth() / 8, heat.columns());
        int bestRow = 0;
        int bestColumn = 0;
        for (int r = 0; r < heat.rows(); r++) {
            for (int c = 0; c < heat.columns(); c++) {
                if (heat.at(0, r, c) > heat.at(0, bestRow, bestColumn)) {
                    bestRow = r;
                    bestColumn = c;
                }
            }
        }
        assertTrue(heat.at(0, bestRow, bestColumn) > 0.3, "a sure centre: " + heat.at(0, bestRow, bestColumn));
        BBox box = poses.people().get(0).bbox();
        double x = letterbox.frameX((bestColumn + 0.5) / heat.columns());
        double y = letterbox.frameY((bestRow + 0.5) / heat.rows());
        assertTrue(x >= box.x() && x <= box.x() + box.w() && y >= box.y() && y <= box.y() + box.h(),
                "centre at " + x + "," + y + " in " + box);
        TestImages.Rgb dog = TestImages.rgb("dog.png");
        PoseHeat none = model.poses(TestFrames.fromRgb(2, 0, dog.rgb(), dog.width(), dog.height()), true).heat();
        float hottest = 0;
        for (int r = 0; r < none.rows(); r++) {
            for (int c = 0; c < none.columns(); c++) {
                hottest = Math.max(hottest, none.at(0, r, c));
            }
        }
        assertTrue(hottest < heat.at(0, bestRow, bestColumn) / 2, "no person, no sure centre: " + hottest);
    }

    @Test
    void aRegionIsLookedAtMagnifiedAndMappedBackToTheFrame() {
        TestImages.Rgb kite = TestImages.rgb("kite_beach.png");
        Frame frame = frame(1, kite);
        List<Person> whole = model.detect(frame);
        assertFalse(whole.isEmpty());
        BBox first = whole.get(0).bbox();
        // a region of twice the person's size around them: the model sees them about twice as large
        BBox region = new BBox(Math.max(0, first.centerX() - first.h()), Math.max(0, first.centerY() - first.h()),
                2 * first.h(), 2 * first.h());
        List<Person> closer = model.detect(frame, region);
        assertFalse(closer.isEmpty(), "the person is found in the magnified region");
        Person match = closer.stream().max(java.util.Comparator.comparingDouble(p -> p.bbox().iou(first))).orElseThrow();
        assertTrue(match.bbox().iou(first) > 0.5, "same person, in frame pixels: " + match.bbox() + " vs " + first);
    }

    @Test
    void concurrentCallersGetTheirOwnFramesResults() throws Exception {
        TestImages.Rgb person = TestImages.rgb("person.png");
        TestImages.Rgb kite = TestImages.rgb("kite_beach.png");
        List<Person> personAlone = model.detect(person.rgb(), person.width(), person.height());
        List<Person> kiteAlone = model.detect(kite.rgb(), kite.width(), kite.height());

        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<List<Person>>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                TestImages.Rgb photo = i % 2 == 0 ? person : kite;
                results.add(pool.submit(() -> model.detect(photo.rgb(), photo.width(), photo.height())));
            }
            for (int i = 0; i < results.size(); i++) {
                assertSamePeople(i % 2 == 0 ? personAlone : kiteAlone, results.get(i).get());
            }
        }
    }

    @Test
    void aMissingModelFileIsReportedWithItsPath() {
        Path missing = Path.of("models", "no-such-model.onnx");
        PoseModelException e = assertThrows(PoseModelException.class,
                () -> PoseModel.load(PoseModelConfig.defaults().withModelPath(missing)));
        assertTrue(e.getMessage().contains("no-such-model.onnx"), e.getMessage());
    }

    @Test
    void aFrameShorterThanItsSizeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.detect(new byte[100], 640, 480));
        assertTrue(e.getMessage().contains("640x480"), e.getMessage());
    }

    /** Nose and ankles where a standing person has them: head at the top of the box, feet at the bottom. */
    private static void assertOnTheWoman(Person person, double[] box) {
        double height = box[3] - box[1];
        Keypoint nose = person.keypoint(Skeleton.NOSE);
        Keypoint leftAnkle = person.keypoint(Skeleton.LEFT_ANKLE);
        Keypoint rightAnkle = person.keypoint(Skeleton.RIGHT_ANKLE);
        assertTrue(inside(nose, box) && nose.y() < box[1] + 0.2 * height, "nose near the top: " + nose);
        assertTrue(inside(leftAnkle, box) && leftAnkle.y() > box[3] - 0.2 * height, "left ankle near the bottom: " + leftAnkle);
        assertTrue(inside(rightAnkle, box) && rightAnkle.y() > box[3] - 0.2 * height, "right ankle near the bottom: " + rightAnkle);
    }

    private static boolean inside(Keypoint k, double[] box) {
        return k.x() >= box[0] && k.x() <= box[2] && k.y() >= box[1] && k.y() <= box[3];
    }

    private static BBox box(double[] corners) {
        return new BBox(corners[0], corners[1], corners[2] - corners[0], corners[3] - corners[1]);
    }

    private static Frame frame(long number, TestImages.Rgb photo) {
        return TestFrames.fromRgb(number, number * 33_000_000L, photo.rgb(), photo.width(), photo.height());
    }

    static void assertSamePeople(List<Person> expected, List<Person> actual) {
        assertEquals(expected.size(), actual.size(), "people");
        for (int i = 0; i < expected.size(); i++) {
            Person e = expected.get(i);
            Person a = actual.get(i);
            assertEquals(e.score(), a.score(), 1e-5, "person score");
            assertTrue(e.bbox().iou(a.bbox()) > 0.999, "same box: " + e.bbox() + " vs " + a.bbox());
            for (int k = 0; k < Skeleton.KEYPOINT_COUNT; k++) {
                assertEquals(e.keypoint(k).x(), a.keypoint(k).x(), 1e-3);
                assertEquals(e.keypoint(k).y(), a.keypoint(k).y(), 1e-3);
            }
        }
    }

    private static List<Integer> peopleAbove(float[] rows, double minScore) {
        List<Integer> people = new ArrayList<>();
        for (int p = 0; p < PoseModel.MAX_PEOPLE; p++) {
            if (rows[p * PoseModel.ROW_LENGTH + 55] > minScore) {
                people.add(p);
            }
        }
        return people;
    }

    /** The row of {@code rows} whose box is nearest to row {@code p} of {@code reference}. */
    private static int closestRow(float[] rows, float[] reference, int p) {
        int best = -1;
        double bestDistance = Double.MAX_VALUE;
        for (int q = 0; q < PoseModel.MAX_PEOPLE; q++) {
            double distance = 0;
            for (int i = 51; i < 55; i++) {
                distance += Math.abs(rows[q * PoseModel.ROW_LENGTH + i] - reference[p * PoseModel.ROW_LENGTH + i]);
            }
            if (distance < bestDistance) {
                bestDistance = distance;
                best = q;
            }
        }
        return best;
    }

    private static String sha256(ByteBuffer buffer) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(buffer.duplicate().clear());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
