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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MoveNet MultiPose Lightning through ONNX Runtime: packed RGB frames in, people (box, score, 17 COCO
 * keypoints, all in frame pixels) out.
 *
 * <p>One instance, holding one {@link OrtSession}, serves the whole server: {@link #detect} and
 * {@link #detectBatch} may be called from many threads at once (ONNX Runtime's run is thread-safe).
 * Each calling thread reuses its own input buffer, so a call allocates no big arrays; only the small
 * output (6 x 56 floats an image) and the result records are new. {@link #close} must not race
 * with calls in flight.
 *
 * <p>The model (see models/README.md) takes uint8 [batch, height, width, 3] with height and width
 * multiples of 32, and returns [batch, 6, 56]: per candidate 17 x (y, x, score) normalised to the
 * input, then ymin, xmin, ymax, xmax and the person score; {@link Letterbox} maps those back to the frame.
 */
public final class PoseModel implements AutoCloseable {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(PoseModel.class.getName());
    /** Candidates the model always returns per image, best centre first. */
    public static final int MAX_PEOPLE = 6;
    private static final String PEOPLE = "people";
    private static final String HEATMAPS = "heatmaps";
    private static final String BACKBONE = "backbone";
    private static final java.util.Set<String> PEOPLE_ONLY = java.util.Set.of(PEOPLE);
    /** Floats per candidate: 17 keypoints x (y, x, score), box (ymin, xmin, ymax, xmax), score. */
    public static final int ROW_LENGTH = 56;
    private static final int BOX = 51;
    private static final int SCORE = 55;

    private final PoseModelConfig config;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final boolean hasHeatmaps;
    private final boolean hasBackbone;
    private final LetterboxCache letterboxes;
    private final ThreadLocal<InputBuffer> inputs = ThreadLocal.withInitial(InputBuffer::new);

    private final String executionProvider;

    private PoseModel(PoseModelConfig config, OrtEnvironment env, OrtSession session, String executionProvider) {
        this.config = config;
        this.executionProvider = executionProvider;
        this.env = env;
        this.session = session;
        this.inputName = session.getInputNames().iterator().next();
        this.hasHeatmaps = session.getOutputNames().contains(HEATMAPS);
        this.hasBackbone = session.getOutputNames().contains(BACKBONE);
        this.letterboxes = new LetterboxCache(config.inputSize());
    }

    /** Opens the model file; fails with a message naming the file when it is missing or unreadable. */
    public static PoseModel load(PoseModelConfig config) {
        if (!Files.isRegularFile(config.modelPath())) {
            throw new PoseModelException("pose model not found at " + config.modelPath().toAbsolutePath()
                    + " (set pose.model-path; models/README.md says how to regenerate it)", null);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<String> failures = new ArrayList<>();
        for (String provider : config.executionProviders()) {
            try (OrtSession.SessionOptions options = sessionOptions(config)) {
                addProvider(options, provider);
                OrtSession session = env.createSession(config.modelPath().toString(), options);
                LOG.info(() -> "pose model runs on ONNX Runtime's " + provider + " execution provider"
                        + (failures.isEmpty() ? "" : " (not available: " + String.join("; ", failures) + ")"));
                return new PoseModel(config, env, session, provider);
            } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                String why = provider + ": " + e.getMessage();
                failures.add(why);
                LOG.warning(() -> "ONNX Runtime execution provider " + why);
            }
        }
        throw new PoseModelException("cannot load pose model " + config.modelPath() + " with any of "
                + config.executionProviders() + ": " + String.join("; ", failures), null);
    }

    /**
     * Maps a provider name to ONNX Runtime's session option; the CPU provider is always there. The
     * others need a build of ONNX Runtime that has them (onnxruntime_gpu for cuda and tensorrt: the
     * Maven profile "gpu"; an OpenVINO build for openvino) and their libraries on the machine.
     */
    private static void addProvider(OrtSession.SessionOptions options, String provider) throws OrtException {
        switch (provider) {
            case "cuda" -> options.addCUDA(0);
            case "tensorrt" -> options.addTensorrt(0);
            case "openvino" -> options.addOpenVINO("CPU");
            case "cpu" -> { }
            default -> throw new IllegalArgumentException("unknown execution provider " + provider);
        }
    }

    /** The execution provider the session runs on: cuda, tensorrt, openvino or cpu. */
    public String executionProvider() {
        return executionProvider;
    }

    /** Whether frames of several streams are worth batching into one run (GPU providers). */
    public boolean prefersBatches() {
        return executionProvider.equals("cuda") || executionProvider.equals("tensorrt");
    }

    /** The session settings {@link #load} uses, shared with the benchmark so it measures the same thing. */
    public static OrtSession.SessionOptions sessionOptions(PoseModelConfig config) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(config.intraOpThreads());
        options.setInterOpNumThreads(config.interOpThreads());
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        // ONNX Runtime's intra-op workers spin-wait for work by default. With several streams calling
        // at once that spinning takes the cores the other calls need (2 callers x 2 threads on 2 cores
        // ran 3x slower with it, see docs/PERFORMANCE.md), so they sleep instead.
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    public PoseModelConfig config() {
        return config;
    }

    /** People in one packed RGB image (a photo) of any size, best first, in image pixels. */
    public List<Person> detect(byte[] rgb, int width, int height) {
        Letterbox letterbox = letterboxFor(width, height);
        ByteBuffer input = inputs.get().of(letterbox.inputBytes());
        letterbox.fill(rgb, input, 0);
        return detectLetterboxed(input, letterbox);
    }

    /** People in one video frame, best first, in frame pixels. */
    public List<Person> detect(Frame frame) {
        return poses(frame, false).people();
    }

    /**
     * People in one video frame, best first, in frame pixels, with the model's heatmaps and backbone map when asked
     * for ({@code withMaps}: the violence classifier's input) and the model has them (fetching them costs; ONNX
     * Runtime computes only the outputs asked for).
     */
    public Poses poses(Frame frame, boolean withMaps) {
        Letterbox letterbox = letterboxFor(frame.width(), frame.height());
        ByteBuffer input = inputs.get().of(letterbox.inputBytes());
        letterbox.fill(frame, input, 0);
        Output output = runAll(input, 1, letterbox.inputHeight(), letterbox.inputWidth(), withMaps);
        return new Poses(decode(output.people(), 0, letterbox), output.heat(0), output.backbone(0));
    }

    /**
     * People in one region of a video frame (a closer look at something small), best first, in frame pixels. The
     * region is scaled up to the model's input size, so people a few dozen pixels tall become big enough to find.
     */
    public List<Person> detect(Frame frame, BBox region) {
        Letterbox letterbox = Letterbox.ofRegion(frame.width(), frame.height(), region, config.inputSize());
        ByteBuffer input = inputs.get().of(letterbox.inputBytes());
        letterbox.fill(frame, input, 0);
        return detectLetterboxed(input, letterbox);
    }

    /** Whether the model file has the heatmaps output (tools/movenet/convert_movenet.py --heatmaps). */
    public boolean hasHeatmaps() {
        return hasHeatmaps;
    }

    /** Whether the model file has the backbone output (tools/movenet/convert_movenet.py --backbone). */
    public boolean hasBackbone() {
        return hasBackbone;
    }

    private List<Person> detectLetterboxed(ByteBuffer input, Letterbox letterbox) {
        float[] rows = run(input, 1, letterbox.inputHeight(), letterbox.inputWidth());
        return decode(rows, 0, letterbox);
    }

    /**
     * People in several frames, result i for frame i. Frames whose letterboxed inputs have the same
     * size (frames of one size always do) go through the model in one run.
     */
    public List<Poses> detectBatch(List<Frame> frames, boolean withMaps) {
        List<Poses> results = new ArrayList<>(frames.size());
        Map<Long, List<Integer>> groups = new LinkedHashMap<>();
        Letterbox[] boxes = new Letterbox[frames.size()];
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            boxes[i] = letterboxFor(frame.width(), frame.height());
            groups.computeIfAbsent(key(boxes[i].inputWidth(), boxes[i].inputHeight()), k -> new ArrayList<>()).add(i);
            results.add(null);
        }
        InputBuffer workspace = inputs.get();
        for (List<Integer> group : groups.values()) {
            Letterbox first = boxes[group.get(0)];
            int imageBytes = first.inputBytes();
            ByteBuffer input = workspace.of(imageBytes * group.size());
            for (int j = 0; j < group.size(); j++) {
                int i = group.get(j);
                boxes[i].fill(frames.get(i), input, j * imageBytes);
            }
            Output output = runAll(input, group.size(), first.inputHeight(), first.inputWidth(), withMaps);
            for (int j = 0; j < group.size(); j++) {
                int i = group.get(j);
                results.set(i, new Poses(decode(output.people(), j, boxes[i]), output.heat(j), output.backbone(j)));
            }
        }
        return results;
    }

    /** The letterbox for frames of this size (built once per size and shared, it is immutable). */
    public Letterbox letterboxFor(int width, int height) {
        return letterboxes.of(width, height);
    }

    /**
     * Runs the model on {@code batch} letterboxed images laid out one after another from the start
     * of {@code input} (a direct buffer); returns batch x 6 x 56 floats, as the TF.js model returns them.
     */
    public float[] run(ByteBuffer input, int batch, int inputHeight, int inputWidth) {
        return runAll(input, batch, inputHeight, inputWidth, false).people();
    }

    /**
     * The model's outputs for a batch: the people rows and, when asked for and the model has them, the heatmaps and
     * the backbone map (each with its [height, width]; null when not fetched).
     */
    private record Output(float[] people, float[] heatmaps, int height, int width,
                          float[] backbone, int backboneHeight, int backboneWidth) {
        PoseHeat heat(int image) {
            return heatmaps == null ? null : PoseHeat.pool(heatmaps, image, PoseHeat.CHANNELS, height, width);
        }

        PoseBackbone backbone(int image) {
            return backbone == null ? null
                    : PoseBackbone.of(backbone, image, PoseBackbone.CHANNELS, backboneHeight, backboneWidth);
        }
    }

    private Output runAll(ByteBuffer input, int batch, int inputHeight, int inputWidth, boolean withMaps) {
        int bytes = batch * inputHeight * inputWidth * 3;
        input.limit(bytes).position(0);
        long[] shape = {batch, inputHeight, inputWidth, 3};
        boolean maps = withMaps && (hasHeatmaps || hasBackbone);
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, shape, OnnxJavaType.UINT8);
             OrtSession.Result result = maps ? session.run(Map.of(inputName, tensor))
                     : session.run(Map.of(inputName, tensor), PEOPLE_ONLY)) {
            FloatBuffer output = ((OnnxTensor) result.get(PEOPLE).orElseThrow()).getFloatBuffer();
            float[] rows = new float[batch * MAX_PEOPLE * ROW_LENGTH];
            if (output.remaining() != rows.length) {
                throw new PoseModelException("pose model returned " + output.remaining() + " floats for a batch of "
                        + batch + ", expected " + rows.length + " (is it the MoveNet MultiPose model?)", null);
            }
            output.get(rows);
            if (!maps) {
                return new Output(rows, null, 0, 0, null, 0, 0);
            }
            float[] heatmaps = null;
            long[] mapShape = {0, 0, 0, 0};
            if (hasHeatmaps) {
                mapShape = shapeOf(result, HEATMAPS, batch, PoseHeat.CHANNELS);
                heatmaps = valuesOf(result, HEATMAPS);
            }
            float[] backbone = null;
            long[] backboneShape = {0, 0, 0, 0};
            if (hasBackbone) {
                backboneShape = shapeOf(result, BACKBONE, batch, PoseBackbone.CHANNELS);
                backbone = valuesOf(result, BACKBONE);
            }
            return new Output(rows, heatmaps, (int) mapShape[2], (int) mapShape[3],
                    backbone, (int) backboneShape[2], (int) backboneShape[3]);
        } catch (OrtException e) {
            throw new PoseModelException("pose inference failed on a " + inputWidth + "x" + inputHeight
                    + " input: " + e.getMessage(), e);
        } finally {
            input.clear();
        }
    }

    private static long[] shapeOf(OrtSession.Result result, String name, int batch, int channels) {
        long[] shape = ((OnnxTensor) result.get(name).orElseThrow()).getInfo().getShape();
        if (shape.length != 4 || shape[0] != batch || shape[1] != channels) {
            throw new PoseModelException("pose model " + name + " output has shape " + Arrays.toString(shape)
                    + ", expected [" + batch + ", " + channels + ", height, width]", null);
        }
        return shape;
    }

    private static float[] valuesOf(OrtSession.Result result, String name) {
        FloatBuffer buffer = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    /**
     * The people of image {@code image} of a model output, score at least {@code minPersonScore},
     * best first, mapped to frame pixels and clamped to the frame.
     */
    public List<Person> decode(float[] rows, int image, Letterbox letterbox) {
        List<Person> people = new ArrayList<>(MAX_PEOPLE);
        double maxX = letterbox.frameWidth();
        double maxY = letterbox.frameHeight();
        for (int p = 0; p < MAX_PEOPLE; p++) {
            int row = (image * MAX_PEOPLE + p) * ROW_LENGTH;
            double score = rows[row + SCORE];
            if (!(score >= config.minPersonScore()) || score <= 0) {
                continue;
            }
            Keypoint[] keypoints = new Keypoint[Skeleton.KEYPOINT_COUNT];
            for (int k = 0; k < Skeleton.KEYPOINT_COUNT; k++) {
                int at = row + 3 * k;
                keypoints[k] = new Keypoint(clamp(letterbox.frameX(rows[at + 1]), maxX),
                        clamp(letterbox.frameY(rows[at]), maxY), rows[at + 2]);
            }
            double x0 = clamp(letterbox.frameX(rows[row + BOX + 1]), maxX);
            double y0 = clamp(letterbox.frameY(rows[row + BOX]), maxY);
            double x1 = clamp(letterbox.frameX(rows[row + BOX + 3]), maxX);
            double y1 = clamp(letterbox.frameY(rows[row + BOX + 2]), maxY);
            people.add(new Person(new BBox(x0, y0, x1 - x0, y1 - y0), score, Arrays.asList(keypoints)));
        }
        people.sort(Comparator.comparingDouble(Person::score).reversed());
        return people;
    }

    private static double clamp(double v, double max) {
        return Math.min(Math.max(v, 0), max);
    }

    private static long key(int width, int height) {
        return (long) width << 32 | (height & 0xffffffffL);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new PoseModelException("closing the pose model failed: " + e.getMessage(), e);
        }
    }
}
