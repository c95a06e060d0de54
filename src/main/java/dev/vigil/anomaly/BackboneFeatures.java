package dev.vigil.anomaly;

import java.util.ArrayDeque;
import java.util.Deque;

import dev.vigil.vision.PoseBackbone;

/**
 * The violence classifier's third input: how the pose model's backbone map ({@link PoseBackbone}: 1280 learned
 * channels describing what the scene looks like) looked and changed over the last {@link #FRAMES} frames, as
 * {@link #COUNT} numbers. The heatmaps say where joints are; these say what the network sees: bodies entangled,
 * a crowd walking, a court, and how fast that picture churns. The classifier reduces them to a few directions
 * learned from the training clips (a PCA inside the ONNX model), so this class only summarises.
 *
 * <p>Per frame, each channel's mean and peak over the map's cells, and its mean absolute change per cell since the
 * frame before; over the window, per channel: the mean of the means, the mean of the peaks, the mean and the
 * largest change, and the spread of the means (layout in {@link #vector}). Frames are taken at most
 * {@link HeatFeatures#MIN_STEP_SECONDS} apart, as the heat frames. A frame's numbers are made when it arrives
 * (one pass over its 1280 x cells values) so that only the previous map is kept. Not thread-safe (one per stream).
 */
final class BackboneFeatures {
    static final int FRAMES = HeatFeatures.FRAMES;
    private static final int C = PoseBackbone.CHANNELS;
    static final int COUNT = 5 * C;

    /** One frame's numbers per channel; change is null on the first frame after a (re)start. */
    private record Step(float[] mean, float[] peak, float[] change) {
    }

    private final Deque<Step> window = new ArrayDeque<>();
    private PoseBackbone previous;
    private long previousT;

    /** Adds one analysed frame's backbone map (null: not fetched this frame; nothing is learned). */
    void add(PoseBackbone map, long t) {
        if (map == null || map.channels() != C) {
            return;
        }
        if (previous != null && (previous.rows() != map.rows() || previous.columns() != map.columns()
                || (t - previousT) / 1e9 > HeatFeatures.MAX_STEP_SECONDS)) {
            window.clear(); // the stream changed size (the cells are other places now), or maps were not fetched
            previous = null;
        }
        if (previous != null && (t - previousT) / 1e9 < HeatFeatures.MIN_STEP_SECONDS) {
            return;
        }
        window.addLast(step(map, previous));
        while (window.size() > FRAMES) {
            window.removeFirst();
        }
        previous = map;
        previousT = t;
    }

    boolean ready() {
        return window.size() >= FRAMES;
    }

    private static Step step(PoseBackbone map, PoseBackbone before) {
        int cells = map.cells();
        float[] values = map.values();
        float[] mean = new float[C];
        float[] peak = new float[C];
        float[] change = before == null ? null : new float[C];
        for (int c = 0; c < C; c++) {
            int base = c * cells;
            double sum = 0;
            float max = 0;
            double moved = 0;
            for (int i = base; i < base + cells; i++) {
                float v = values[i];
                sum += v;
                max = Math.max(max, v);
                if (before != null) {
                    moved += Math.abs(v - before.values()[i]);
                }
            }
            mean[c] = (float) (sum / cells);
            peak[c] = max;
            if (change != null) {
                change[c] = (float) (moved / cells);
            }
        }
        return new Step(mean, peak, change);
    }

    /**
     * The window's numbers, per channel c: [c] mean of the frames' means, [C + c] mean of their peaks, [2C + c] mean
     * change, [3C + c] largest change, [4C + c] spread (population standard deviation) of the frames' means. Changes
     * over the frames that have one (all but the first frame of a stream). Only when {@link #ready}.
     */
    float[] vector() {
        double[] sum = new double[3 * C]; // means, peaks, changes
        float[] largestChange = new float[C];
        double[] squares = new double[C];
        int frames = 0;
        int changes = 0;
        for (Step s : window) {
            frames++;
            for (int c = 0; c < C; c++) {
                sum[c] += s.mean()[c];
                sum[C + c] += s.peak()[c];
                squares[c] += (double) s.mean()[c] * s.mean()[c];
            }
            if (s.change() == null) {
                continue;
            }
            changes++;
            for (int c = 0; c < C; c++) {
                sum[2 * C + c] += s.change()[c];
                largestChange[c] = Math.max(largestChange[c], s.change()[c]);
            }
        }
        float[] out = new float[COUNT];
        for (int c = 0; c < C; c++) {
            double mean = sum[c] / frames;
            out[c] = (float) mean;
            out[C + c] = (float) (sum[C + c] / frames);
            out[2 * C + c] = changes == 0 ? 0 : (float) (sum[2 * C + c] / changes);
            out[3 * C + c] = largestChange[c];
            out[4 * C + c] = (float) Math.sqrt(Math.max(0, squares[c] / frames - mean * mean));
        }
        return out;
    }
}
