package dev.vigil.vision;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.vigil.media.Frame;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * People as boxes, found by an object detector (NanoDet-g, COCO's person class; tools/nanodet, models/README.md)
 * where MultiPose finds too few: it looks at the frame at 416 pixels instead of 256 and was trained on boxes of
 * crowded, small and partly hidden people, not on whole skeletons. Its boxes are where a pose pass on the crop
 * (top-down, {@link PoseModel#detect(Frame, BBox)}) finds the keypoints.
 *
 * <p>The model takes uint8 [1, height, width, 3] RGB (sides multiples of 32, {@link Letterbox}) and returns, per
 * grid cell of strides 8, 16 and 32 (row by row), the person score and the distances from the cell centre to the
 * box's four sides in input pixels; this class keeps cells over {@code minScore} and suppresses overlapping boxes.
 * Thread-safe: one instance serves every stream (ONNX Runtime's run is); each thread reuses its own input buffer.
 */
public final class PersonDetector implements AutoCloseable {
    public static final Path DEFAULT_PATH = Path.of("models", "nanodet-g-person.onnx");
    /** The input's long side: the size NanoDet-g was trained at. */
    public static final int INPUT_SIZE = 416;
    public static final double DEFAULT_MIN_SCORE = 0.35;
    /** Boxes overlapping a better one by more than this are the same person. */
    static final double NMS_IOU = 0.5;
    static final int MAX_PEOPLE = 20;
    private static final int[] STRIDES = {8, 16, 32};

    /** A person the detector found: box in frame pixels, score 0..1. */
    public record Detection(BBox box, double score) {
    }

    private final OrtEnvironment env;
    private final OrtSession session;
    private final double minScore;
    private final LetterboxCache letterboxes = new LetterboxCache(INPUT_SIZE);
    private final ThreadLocal<InputBuffer> inputs = ThreadLocal.withInitial(InputBuffer::new);

    private PersonDetector(OrtEnvironment env, OrtSession session, double minScore) {
        this.env = env;
        this.session = session;
        this.minScore = minScore;
    }

    public static PersonDetector load(Path path, double minScore) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("person detector not found at " + path.toAbsolutePath()
                    + " (tools/nanodet/regenerate.sh makes it; see models/README.md)");
        }
        if (!(minScore > 0 && minScore < 1)) {
            throw new IllegalArgumentException("detector min-score must be within (0, 1), got " + minScore);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.addConfigEntry("session.intra_op.allow_spinning", "0"); // as PoseModel: streams share the cores
            return new PersonDetector(env, env.createSession(path.toString(), options), minScore);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load person detector " + path + ": " + e.getMessage(), e);
        }
    }

    /** People in a video frame, best first, boxes in frame pixels. */
    public List<Detection> detect(Frame frame) {
        Letterbox letterbox = letterboxes.of(frame.width(), frame.height());
        ByteBuffer input = inputs.get().of(letterbox.inputBytes());
        letterbox.fill(frame, input, 0);
        return run(input, letterbox);
    }

    /** People in a packed RGB image (a photo), best first, boxes in image pixels. */
    public List<Detection> detect(byte[] rgb, int width, int height) {
        Letterbox letterbox = letterboxes.of(width, height);
        ByteBuffer input = inputs.get().of(letterbox.inputBytes());
        letterbox.fill(rgb, input, 0);
        return run(input, letterbox);
    }

    private List<Detection> run(ByteBuffer input, Letterbox letterbox) {
        int w = letterbox.inputWidth();
        int h = letterbox.inputHeight();
        input.limit(letterbox.inputBytes()).position(0);
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, new long[]{1, h, w, 3}, OnnxJavaType.UINT8);
             OrtSession.Result result = session.run(Map.of("image", tensor))) {
            FloatBuffer scores = ((OnnxTensor) result.get("person").orElseThrow()).getFloatBuffer();
            FloatBuffer distances = ((OnnxTensor) result.get("distances").orElseThrow()).getFloatBuffer();
            int cells = 0;
            for (int stride : STRIDES) {
                cells += (w / stride) * (h / stride);
            }
            if (scores.remaining() != cells || distances.remaining() != 4 * cells) {
                throw new IllegalStateException("person detector returned " + scores.remaining() + " cells for a "
                        + w + "x" + h + " input, expected " + cells + " (is it tools/nanodet's model?)");
            }
            return suppress(candidates(scores, distances, w, h, letterbox));
        } catch (OrtException e) {
            throw new IllegalStateException("person detection failed on a " + w + "x" + h + " input: " + e.getMessage(), e);
        }
    }

    /** Cells scoring at least minScore, their boxes decoded and mapped to the frame. */
    private List<Detection> candidates(FloatBuffer scores, FloatBuffer distances, int w, int h, Letterbox letterbox) {
        List<Detection> found = new ArrayList<>();
        int cell = 0;
        for (int stride : STRIDES) {
            int columns = w / stride;
            int rows = h / stride;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++, cell++) {
                    float score = scores.get(cell);
                    if (score < minScore) {
                        continue;
                    }
                    double cx = (c + 0.5) * stride;
                    double cy = (r + 0.5) * stride;
                    double x0 = frame(letterbox.frameX((cx - distances.get(4 * cell)) / w), letterbox.frameWidth());
                    double y0 = frame(letterbox.frameY((cy - distances.get(4 * cell + 1)) / h), letterbox.frameHeight());
                    double x1 = frame(letterbox.frameX((cx + distances.get(4 * cell + 2)) / w), letterbox.frameWidth());
                    double y1 = frame(letterbox.frameY((cy + distances.get(4 * cell + 3)) / h), letterbox.frameHeight());
                    if (x1 > x0 && y1 > y0) {
                        found.add(new Detection(new BBox(x0, y0, x1 - x0, y1 - y0), score));
                    }
                }
            }
        }
        return found;
    }

    /** Greedy non-maximum suppression: best first, dropping boxes that overlap a kept one. */
    static List<Detection> suppress(List<Detection> candidates) {
        List<Detection> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        for (Detection d : sorted) {
            if (kept.size() == MAX_PEOPLE) {
                break;
            }
            if (kept.stream().noneMatch(k -> k.box().iou(d.box()) > NMS_IOU)) {
                kept.add(d);
            }
        }
        return kept;
    }

    private static double frame(double v, double max) {
        return Math.min(Math.max(v, 0), max);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the person detector failed: " + e.getMessage(), e);
        }
    }
}
