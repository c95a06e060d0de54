package dev.vigil.anomaly;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * What the anomaly stage remembers about one tracked person: a short window of {@link PoseSample}s, their body
 * height, and the state of the detectors that need it (down since when, whether this time down was a fall,
 * inside a zone since when, recent normality scores). Memory is bounded by the window length.
 */
final class PersonHistory {
    /** A down episode ends only after the person has been not-down this long, so pose-model flicker does not split it. */
    private static final double DOWN_HYSTERESIS_SECONDS = 0.5;
    /** Time constant of the body-height smoothing. */
    private static final double SCALE_TIME_CONSTANT_SECONDS = 2.0;
    /** A box this much wider than tall is someone down, whatever the torso angle says. */
    private static final double DOWN_ASPECT = 1.3;
    /** Upright needs a box taller than wide. */
    private static final double UPRIGHT_MAX_ASPECT = 1.0;
    /**
     * A box at most this fraction of the person's standing height, with the torso not upright, is someone low on
     * the floor seen along the camera axis: from an elevated camera a person lying towards it keeps a steep torso
     * line in the image, but their box collapses.
     */
    private static final double DOWN_HEIGHT_FRACTION = 0.5;
    /** Wrist motion is measured over steps at least this long: at 10 frames a second and faster, about 0.1 s. */
    private static final double MIN_WRIST_STEP_SECONDS = 0.09;

    private final AnomalyConfig config;
    final long firstSeenNanos;
    private final Deque<PoseSample> samples = new ArrayDeque<>();
    private final Deque<double[]> normalityRatios = new ArrayDeque<>(); // {seconds, ratio}
    private double scale = Double.NaN;
    private Long downSince;
    private long lastDownNanos;
    private double fallEvidence;
    private Long zoneInsideSince;
    double[] lastLayout; // carried forward by the normality features when a keypoint goes missing

    PersonHistory(AnomalyConfig config, long firstSeenNanos) {
        this.config = config;
        this.firstSeenNanos = firstSeenNanos;
    }

    void add(PoseSample s) {
        PoseSample previous = samples.peekLast();
        samples.addLast(s);
        long horizon = s.ptsNanos() - (long) (config.historySeconds() * 1e9);
        while (samples.size() > 2 && samples.peekFirst().ptsNanos() < horizon) {
            samples.removeFirst();
        }
        updateScale(s, previous);
        updateDown(s);
    }

    /** Smoothed standing height in pixels. */
    double scale() {
        return scale;
    }

    /** Mean keypoint reliability over the history window (a fall is judged on the frames before it too). */
    double meanReliability() {
        return samples.stream().mapToDouble(PoseSample::reliability).average().orElse(0);
    }

    PoseSample latest() {
        return samples.peekLast();
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Lying or fallen: torso near horizontal, or a box much wider than tall, or a box collapsed to the floor. */
    boolean isDown(PoseSample s) {
        if (s.aspect() >= DOWN_ASPECT) {
            return true;
        }
        boolean low = scale > 0 && s.boxHeight() <= DOWN_HEIGHT_FRACTION * scale;
        if (Double.isNaN(s.torsoAngle())) {
            return low;
        }
        return s.torsoAngle() >= config.horizontalMinDegrees() || (low && s.torsoAngle() > config.uprightMaxDegrees());
    }

    boolean isUpright(PoseSample s) {
        return !Double.isNaN(s.torsoAngle()) && s.torsoAngle() <= config.uprightMaxDegrees()
                && s.aspect() < UPRIGHT_MAX_ASPECT;
    }

    private void updateScale(PoseSample s, PoseSample previous) {
        double estimate = s.heightEstimate();
        if (Double.isNaN(estimate)) {
            if (!Double.isNaN(scale)) {
                return; // nothing measurable this frame: keep what we know
            }
            estimate = s.boxHeight(); // first sight with no limb visible: the box is all there is
        }
        if (Double.isNaN(scale) || previous == null) {
            scale = estimate;
            return;
        }
        estimate = Math.max(0.5 * scale, Math.min(2 * scale, estimate)); // one bad frame moves it little
        if (!isUpright(s) && estimate < scale) {
            // Bent, crouched or lying, limbs point towards the camera and look shorter than they are: such frames
            // may raise the standing height, never lower it.
            return;
        }
        double dt = Math.max(0, seconds(s.ptsNanos() - previous.ptsNanos()));
        double gain = 1 - Math.exp(-dt / SCALE_TIME_CONSTANT_SECONDS);
        scale += gain * (estimate - scale);
    }

    private void updateDown(PoseSample s) {
        long t = s.ptsNanos();
        if (isDown(s)) {
            if (downSince == null) {
                downSince = t;
                fallEvidence = 0;
            }
            lastDownNanos = t;
        } else if (downSince != null && seconds(t - lastDownNanos) > DOWN_HYSTERESIS_SECONDS) {
            downSince = null;
            fallEvidence = 0;
        }
        // Judged from stay-down time on, and again for a while after: the hips may still be settling.
        if (downSince != null) {
            double down = seconds(t - downSince);
            if (down >= config.fallStayDownSeconds() && down <= config.fallStayDownSeconds() + config.fallWindowSeconds()) {
                fallEvidence = Math.max(fallEvidence, evaluateFall(downSince, t));
            }
        }
    }

    /**
     * The person went down at {@code wentDown} and is still down at {@code now}. A fall if, within the fall window
     * before going down, they were upright and their hips were high, and now (the last half second) their hips are
     * a good part of their height lower. Evidence: geometric mean of the hip drop and the speed of the turn, each relative to its
     * threshold; below threshold the smaller of the two.
     */
    private double evaluateFall(long wentDown, long now) {
        long windowStart = wentDown - (long) (config.fallWindowSeconds() * 1e9);
        Long lastUpright = null;
        double highestHip = Double.POSITIVE_INFINITY;
        double downHipSum = 0;
        int downCount = 0;
        for (PoseSample s : samples) {
            if (s.ptsNanos() >= windowStart && s.ptsNanos() <= wentDown) {
                highestHip = Math.min(highestHip, s.hipY());
                if (isUpright(s)) {
                    lastUpright = s.ptsNanos();
                }
            }
            if (s.ptsNanos() >= Math.max(wentDown, now - 500_000_000L) && s.ptsNanos() <= now) {
                downHipSum += s.hipY();
                downCount++;
            }
        }
        if (lastUpright == null || downCount == 0 || !(scale > 0)) {
            return 0;
        }
        double drop = (downHipSum / downCount - highestHip) / scale;
        double dropRatio = Math.max(0, drop / config.fallHipDrop());
        double turnSeconds = Math.max(0.1, seconds(wentDown - lastUpright));
        double speedRatio = Math.min(4, config.fallWindowSeconds() / turnSeconds);
        if (dropRatio >= 1 && speedRatio >= 1) {
            return Math.sqrt(dropRatio * speedRatio);
        }
        return Math.min(dropRatio, speedRatio);
    }

    /** Evidence of a fall during the current down episode, 0 when not down. */
    double fallEvidence() {
        return downSince == null ? 0 : fallEvidence;
    }

    /** Seconds down in the current episode, 0 when not down. */
    double downSeconds(long now) {
        return downSince == null ? 0 : seconds(now - downSince);
    }

    /**
     * Hip speed across the image in body heights per second over the last {@code window} seconds: the magnitude of
     * the component-wise median of the step velocities, so one step where the pose model jumped to a neighbour does
     * not make anyone run. NaN when the window is not covered.
     */
    double hipSpeed(double window) {
        PoseSample last = samples.peekLast();
        long from = last.ptsNanos() - (long) (window * 1e9);
        java.util.List<double[]> steps = new java.util.ArrayList<>();
        PoseSample prev = null;
        long first = -1;
        for (PoseSample s : samples) {
            if (s.ptsNanos() < from) {
                continue;
            }
            if (prev != null) {
                double dt = seconds(s.ptsNanos() - prev.ptsNanos());
                if (dt > 0) {
                    steps.add(new double[]{(s.hipX() - prev.hipX()) / dt, (s.hipY() - prev.hipY()) / dt});
                }
            } else {
                first = s.ptsNanos();
            }
            prev = s;
        }
        if (steps.size() < 2 || !(scale > 0) || seconds(last.ptsNanos() - first) < 0.75 * window) {
            return Double.NaN;
        }
        return Math.hypot(median(steps, 0), median(steps, 1)) / scale;
    }

    private static double median(java.util.List<double[]> rows, int column) {
        double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Signed hip velocity {vx, vy} in body heights per second over the last {@code window} seconds, or zeros. */
    double[] hipVelocity(double window) {
        PoseSample last = samples.peekLast();
        long from = last.ptsNanos() - (long) (window * 1e9);
        for (PoseSample s : samples) {
            if (s.ptsNanos() >= from && s != last && scale > 0) {
                double span = seconds(last.ptsNanos() - s.ptsNanos());
                return new double[]{(last.hipX() - s.hipX()) / span / scale, (last.hipY() - s.hipY()) / span / scale};
            }
        }
        return new double[]{0, 0};
    }

    /**
     * Mean wrist speed relative to the shoulders, body heights per second, over the last {@code window} seconds.
     * Measured over steps of at least {@link #MIN_WRIST_STEP_SECONDS}, so keypoint jitter does not add more speed
     * the faster frames come. Left and right are paired to minimise motion, so a pose model swapping them between
     * frames reads as no motion. Each step is clipped at {@code clip} so one glitch cannot make a window. NaN when
     * too little was seen.
     */
    double wristSpeed(double window, double clip) {
        PoseSample last = samples.peekLast();
        long from = last.ptsNanos() - (long) (window * 1e9);
        PoseSample anchor = null;
        double sum = 0;
        int n = 0;
        long firstUsed = -1;
        for (PoseSample s : samples) {
            if (s.ptsNanos() < from) {
                continue;
            }
            if (anchor == null) {
                anchor = s;
                continue;
            }
            double dt = seconds(s.ptsNanos() - anchor.ptsNanos());
            if (dt < MIN_WRIST_STEP_SECONDS) {
                continue;
            }
            double step = wristStep(anchor.wrists(), s.wrists());
            if (!Double.isNaN(step) && scale > 0) {
                sum += Math.min(clip, step / dt / scale);
                n++;
                if (firstUsed < 0) {
                    firstUsed = anchor.ptsNanos();
                }
            }
            anchor = s;
        }
        if (n < 2 || seconds(last.ptsNanos() - firstUsed) < 0.5 * window) {
            return Double.NaN;
        }
        return sum / n;
    }

    private static double wristStep(double[] a, double[] b) {
        double ll = dist(a, 0, b, 0), rr = dist(a, 2, b, 2), lr = dist(a, 0, b, 2), rl = dist(a, 2, b, 0);
        double same = Math.max(ll, rr);
        double swapped = Math.max(lr, rl);
        if (Double.isNaN(same) && Double.isNaN(swapped)) {
            // only one wrist seen in each frame: take whichever pairing exists
            double any = Double.NaN;
            for (double d : new double[]{ll, rr, lr, rl}) {
                if (!Double.isNaN(d)) {
                    any = Double.isNaN(any) ? d : Math.min(any, d);
                }
            }
            return any;
        }
        if (Double.isNaN(same)) {
            return swapped;
        }
        if (Double.isNaN(swapped)) {
            return same;
        }
        return Math.min(same, swapped);
    }

    private static double dist(double[] a, int i, double[] b, int j) {
        return Math.hypot(a[i] - b[j], a[i + 1] - b[j + 1]); // NaN when either is unseen
    }

    /** Tracks whether the feet are inside a restricted zone; returns seconds inside so far (0 when outside). */
    double zoneSeconds(boolean inside, long now) {
        if (!inside) {
            zoneInsideSince = null;
            return 0;
        }
        if (zoneInsideSince == null) {
            zoneInsideSince = now;
        }
        return seconds(now - zoneInsideSince);
    }

    /**
     * Records a normality ratio (1.0 = the model's threshold) and returns the smallest ratio over the last
     * {@code sustain} seconds, or 0 until that much time has been scored: an outlier must persist to count.
     */
    double sustainedNormality(double ratio, long now, double sustain) {
        double t = seconds(now);
        normalityRatios.addLast(new double[]{t, ratio});
        while (normalityRatios.size() > 1 && normalityRatios.peekFirst()[0] < t - sustain - 1) {
            normalityRatios.removeFirst();
        }
        double min = Double.POSITIVE_INFINITY;
        boolean covered = false;
        for (Iterator<double[]> it = normalityRatios.descendingIterator(); it.hasNext(); ) {
            double[] r = it.next();
            min = Math.min(min, r[1]);
            if (r[0] <= t - sustain) {
                covered = true;
                break;
            }
        }
        return covered || sustain == 0 ? min : 0;
    }
}
