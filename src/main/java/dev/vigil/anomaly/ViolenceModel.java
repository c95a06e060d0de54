package dev.vigil.anomaly;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.vigil.vision.PoseModel;

/**
 * The violence classifier trained by tools/violence/train.py (models/README.md): {@link HeatFeatures}' window of
 * how the pose model's heatmaps changed, {@link BoxFeatures}' window of the person detector's boxes and the motion
 * inside them and {@link BackboneFeatures}' window of the pose model's backbone map in, the probability that a fight
 * is going on out. Its decision threshold, chosen by
 * cross-validation at no more than 0.1 false alerts on non-fight clips, travels inside the ONNX file (metadata
 * {@code threshold}), so weights and threshold cannot drift apart. {@link #evidence} puts the probability on the
 * common scale: the odds over the threshold's odds, 1.0 at the threshold.
 *
 * <p>One instance (one small {@link OrtSession}) serves every stream; {@link OrtSession#run} is thread-safe.
 */
public final class ViolenceModel implements AutoCloseable {
    public static final Path DEFAULT_PATH = Path.of("models", "violence-classifier.onnx");
    /** The model's input: the heat numbers, then the box numbers, then the backbone numbers. */
    public static final int FEATURES = HeatFeatures.COUNT + BoxFeatures.COUNT + BackboneFeatures.COUNT;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final double threshold;

    private ViolenceModel(OrtEnvironment env, OrtSession session, double threshold) throws OrtException {
        this.env = env;
        this.session = session;
        this.inputName = session.getInputNames().iterator().next();
        this.threshold = threshold;
    }

    public static ViolenceModel load(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("violence model not found at " + path.toAbsolutePath()
                    + " (tools/violence/train.py makes it; see models/README.md)");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            OrtSession session = env.createSession(path.toString(), options);
            try {
                String value = session.getMetadata().getCustomMetadata().get("threshold");
                double threshold = value == null ? Double.NaN : Double.parseDouble(value);
                if (!(threshold > 0 && threshold < 1)) {
                    throw new IllegalStateException("violence model " + path + " has no threshold in (0, 1) in its metadata");
                }
                long[] shape = ((TensorInfo) session.getInputInfo().values().iterator().next().getInfo()).getShape();
                if (shape.length != 2 || shape[1] != FEATURES) {
                    throw new IllegalStateException("violence model " + path + " takes " + java.util.Arrays.toString(shape)
                            + ", this build gives it [n, " + FEATURES + "] (retrain with tools/violence/train.py)");
                }
                return new ViolenceModel(env, session, threshold);
            } catch (RuntimeException | OrtException e) {
                session.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load violence model " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Fails, naming the file, when the pose model cannot give this classifier its input: the heatmaps and backbone
     * outputs (a model converted without --heatmaps --backbone would leave the classifier silent, never failing).
     */
    public static void requireInputsOf(PoseModel poseModel) {
        if (!poseModel.hasHeatmaps() || !poseModel.hasBackbone()) {
            throw new IllegalStateException("the violence classifier reads the pose model's heatmaps and backbone "
                    + "outputs, " + poseModel.config().modelPath() + " lacks "
                    + (poseModel.hasHeatmaps() ? "backbone" : poseModel.hasBackbone() ? "heatmaps" : "both")
                    + " (tools/movenet/regenerate.sh converts it with them)");
        }
    }

    /** The probability at which a window counts as a fight (evidence 1.0). */
    public double threshold() {
        return threshold;
    }

    /** One window's input: the heat numbers, the box numbers, then the backbone numbers. */
    static float[] input(float[] heat, float[] boxes, float[] backbone) {
        float[] features = java.util.Arrays.copyOf(heat, heat.length + boxes.length + backbone.length);
        System.arraycopy(boxes, 0, features, heat.length, boxes.length);
        System.arraycopy(backbone, 0, features, heat.length + boxes.length, backbone.length);
        return features;
    }

    /** Probability of a fight for one window of {@link #FEATURES} features. */
    public double probability(float[] features) {
        if (features.length != FEATURES) {
            throw new IllegalArgumentException("the violence model takes " + FEATURES + " features, got "
                    + features.length);
        }
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(features), new long[]{1, features.length});
             OrtSession.Result result = session.run(Map.of(inputName, input))) {
            float[][] out = (float[][]) result.get(0).getValue();
            return out[0][0];
        } catch (OrtException e) {
            throw new IllegalStateException("violence model failed: " + e.getMessage(), e);
        }
    }

    /** The probability on the common evidence scale: odds(p) / odds(threshold), 1.0 at the threshold. */
    public double evidence(double probability) {
        double p = Math.min(1 - 1e-6, Math.max(1e-6, probability));
        return (p / (1 - p)) / (threshold / (1 - threshold));
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close violence model: " + e.getMessage(), e);
        }
    }
}
