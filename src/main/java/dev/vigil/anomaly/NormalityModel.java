package dev.vigil.anomaly;

import com.amazon.randomcutforest.config.Precision;
import com.amazon.randomcutforest.config.TransformMethod;
import com.amazon.randomcutforest.parkservices.AnomalyDescriptor;
import com.amazon.randomcutforest.parkservices.ThresholdedRandomCutForest;
import dev.vigil.vision.Keypoint;
import dev.vigil.vision.Person;

import static dev.vigil.vision.Skeleton.*;

/**
 * One camera's idea of normal: a thresholded Random Cut Forest (Amazon randomcutforest-parkservices) fed, for every
 * tracked person in every analysed frame, a vector describing their pose (joint layout in body heights), motion
 * (hip velocity, wrist speed), orientation and where in the view they stand. It learns online and scores each
 * vector against what it has seen so far; after {@code warmupSamples} vectors its score, divided by the forest's
 * own adaptive threshold, becomes evidence on the common scale (1.0 = threshold).
 *
 * <p>Memory is bounded: the forest keeps {@code trees x sampleSize} points whatever the stream's length.
 */
final class NormalityModel {
    /** Joints whose position relative to the hips (in body heights) describes the pose. */
    private static final int[] LAYOUT_JOINTS = {NOSE, LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_ELBOW, RIGHT_ELBOW,
            LEFT_WRIST, RIGHT_WRIST, LEFT_HIP, RIGHT_HIP, LEFT_KNEE, RIGHT_KNEE, LEFT_ANKLE, RIGHT_ANKLE};
    static final int DIMENSIONS = 2 * LAYOUT_JOINTS.length + 7;

    private final NormalityConfig config;
    private final ThresholdedRandomCutForest forest;
    private long samples;

    NormalityModel(NormalityConfig config, long seed) {
        this.config = config;
        this.forest = ThresholdedRandomCutForest.builder()
                .dimensions(DIMENSIONS)
                .shingleSize(1)
                .sampleSize(config.sampleSize())
                .numberOfTrees(config.trees())
                .precision(Precision.FLOAT_32)
                .transformMethod(TransformMethod.NONE)
                .parallelExecutionEnabled(false)
                .anomalyRate(0.005)
                .randomSeed(seed)
                .build();
    }

    boolean warmedUp() {
        return samples >= config.warmupSamples();
    }

    long samples() {
        return samples;
    }

    /**
     * Learns from one person-frame and returns its evidence of being unusual (score / threshold / factor), or 0
     * while still warming up.
     */
    double learnAndScore(double[] features) {
        AnomalyDescriptor d = forest.process(features, samples);
        samples++;
        if (samples <= config.warmupSamples() || !(d.getThreshold() > 0)) {
            return 0;
        }
        return d.getRCFScore() / (d.getThreshold() * config.thresholdFactor());
    }

    /** The feature vector of one person; missing joints carry forward from the person's previous vector. */
    static double[] features(Person person, PersonHistory history, int frameWidth, int frameHeight, double minScore) {
        double[] v = new double[DIMENSIONS];
        PoseSample s = history.latest();
        double scale = history.scale() > 0 ? history.scale() : Math.max(1, person.bbox().h());
        double[] previous = history.lastLayout;
        int i = 0;
        for (int j : LAYOUT_JOINTS) {
            Keypoint k = person.keypoint(j);
            if (k.score() >= minScore) {
                v[i] = clip((k.x() - s.hipX()) / scale, 1.5);
                v[i + 1] = clip((k.y() - s.hipY()) / scale, 1.5);
            } else if (previous != null) {
                v[i] = previous[i];
                v[i + 1] = previous[i + 1];
            }
            i += 2;
        }
        double[] velocity = history.hipVelocity(0.5);
        double wrist = history.wristSpeed(0.5, 10);
        v[i] = Double.isNaN(s.torsoAngle()) ? (previous == null ? 0 : previous[i]) : s.torsoAngle() / 90;
        i++;
        v[i++] = clip(Math.log(Math.max(1e-3, s.aspect())), 2);
        v[i++] = clip(velocity[0], 4) / 2;
        v[i++] = clip(velocity[1], 4) / 2;
        v[i++] = Double.isNaN(wrist) ? 0 : clip(wrist, 8) / 4;
        v[i++] = frameWidth > 0 ? clip(s.footX() / frameWidth, 1.5) : 0;
        v[i] = frameHeight > 0 ? clip(s.footY() / frameHeight, 1.5) : 0;
        history.lastLayout = v.clone();
        return v;
    }

    private static double clip(double v, double limit) {
        return Math.max(-limit, Math.min(limit, v));
    }
}
