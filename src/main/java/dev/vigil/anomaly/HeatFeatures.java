package dev.vigil.anomaly;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.vigil.vision.PoseHeat;

/**
 * The violence classifier's input: how the pose model's heatmaps ({@link PoseHeat}: where it sees person centres
 * and each of 17 joints) changed over the last {@link #FRAMES} heat frames, as {@link #COUNT} numbers. The heatmaps
 * hold bodies the pose decoding drops (blurred, tangled, half hidden: most people in a real CCTV fight), and their
 * change is motion of bodies and limbs rather than of pixels (lights, shadows, screens move pixels too).
 *
 * <p>Per heat frame: each channel's mean and peak, and the number of person-centre peaks at three strengths (people,
 * counted also where the decoding is unsure). Between consecutive frames: each channel's mean and largest change,
 * how concentrated the change is (share of the 10% most changing cells: a fight is one place churning, a crowd
 * walking is change spread out), and the change of seven body parts (centre, head, shoulders, elbows, wrists, hips,
 * legs). The window takes means and spreads of these (layout in {@link #vector}).
 *
 * <p>Heat frames are taken at most {@link #MIN_STEP_SECONDS} apart, about 10 a second as in training, whatever the
 * stream's analysis rate. Not thread-safe (one per stream).
 */
final class HeatFeatures {
    /** Heat frames in a window: 16, so 15 changes, 1.5 s at 10 a second. */
    static final int FRAMES = 16;
    static final double MIN_STEP_SECONDS = 0.08;
    /**
     * A heat frame this long after the last one kept starts a new window: the frames in between were not fetched
     * (the pose model hands its maps over only while the scene can matter, see StreamAnalyzer#wantsMaps), and a
     * window's changes are meant between neighbouring frames (in training they are 0.1 s apart).
     */
    static final double MAX_STEP_SECONDS = 0.5;
    static final int COUNT = 148;
    /** Centre-peak strengths counted per frame. */
    static final float[] PEAK_LEVELS = {0.1f, 0.2f, 0.3f};
    /** A second person is "there" for the gate when a second centre peak reaches this (the decoding's bar is 0.2 of a different score). */
    static final float GATE_PEAK_LEVEL = 0.05f;
    private static final int[][] PARTS = {{0}, {1, 2, 3, 4, 5}, {6, 7}, {8, 9}, {10, 11}, {12, 13}, {14, 15, 16, 17}};
    private static final int C = PoseHeat.CHANNELS;

    /** One heat frame's numbers; the change fields are those since the frame before (null on a window's first). */
    private record Step(PoseHeat heat, float[] mean, float[] peak, int[] centrePeaks, float[] change, float[] changePeak,
                        float concentration, float[] partChange) {
    }

    /** A heat frame kept, and its numbers once made (each frame's are made at most once). */
    private static final class Held {
        final PoseHeat heat;
        Step step;

        Held(PoseHeat heat) {
            this.heat = heat;
        }
    }

    /** The last FRAMES heat frames and the one before them (the first frame's change is against it). */
    private final Deque<Held> window = new ArrayDeque<>();
    private long previousT;

    /**
     * Adds one analysed frame's heat (null: a pose model without heatmaps; nothing is learned). Keeping it costs a
     * reference: the numbers are made only when {@link #vector} is asked for, on frames the gate lets through.
     */
    void add(PoseHeat heat, long t) {
        if (heat == null || heat.channels() != C) {
            return;
        }
        PoseHeat previous = window.isEmpty() ? null : window.peekLast().heat;
        if (previous != null && (previous.rows() != heat.rows() || previous.columns() != heat.columns()
                || (t - previousT) / 1e9 > MAX_STEP_SECONDS)) {
            window.clear();
            previous = null;
        }
        if (previous != null && (t - previousT) / 1e9 < MIN_STEP_SECONDS) {
            return;
        }
        window.addLast(new Held(heat));
        while (window.size() > FRAMES + 1) {
            window.removeFirst();
        }
        previousT = t;
    }

    boolean ready() {
        return window.size() >= FRAMES;
    }

    /** The window's steps: its last FRAMES heat frames, each with its change since the frame before it (if held). */
    private List<Step> steps() {
        Held[] held = window.toArray(new Held[0]);
        List<Step> steps = new ArrayList<>(FRAMES);
        for (int i = held.length - FRAMES; i < held.length; i++) {
            if (held[i].step == null || (i == 0 && held[i].step.change() != null)) {
                held[i].step = step(held[i].heat, i > 0 ? held[i - 1].heat : null);
            }
            steps.add(held[i].step);
        }
        return steps;
    }

    /** Person-centre peaks at least {@code level} strong on one frame's heat: people, sure or not. */
    static int centrePeaks(PoseHeat heat, float level) {
        int count = 0;
        for (int r = 0; r < heat.rows(); r++) {
            for (int c = 0; c < heat.columns(); c++) {
                float v = heat.at(0, r, c);
                if (v > level && isPeak(heat, r, c, v)) {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * The window's features: 0-17 channel means, 18-35 channel peaks (means over frames); 36-53 channel change means,
     * 54-71 their spread, 72-89 channel change peaks (mean); 90-91 change concentration mean and spread; 92-93 share
     * of frames whose centre peak passes 0.3 and 0.1; 94-96 centre peaks at 0.1/0.2/0.3 (mean), 97-99 their spread;
     * 100-106 body-part change means, 107-113 their spread. Changes over the window's {@link #FRAMES} - 1 steps.
     */
    float[] vector() {
        double[] v = new double[COUNT];
        int frames = 0;
        int changes = 0;
        double[] sq = new double[COUNT];
        List<Step> steps = steps();
        for (Step s : steps) {
            frames++;
            for (int c = 0; c < C; c++) {
                v[c] += s.mean()[c];
                v[18 + c] += s.peak()[c];
            }
            v[92] += s.peak()[0] > 0.3f ? 1 : 0;
            v[93] += s.peak()[0] > 0.1f ? 1 : 0;
            for (int k = 0; k < 3; k++) {
                v[94 + k] += s.centrePeaks()[k];
                sq[94 + k] += (double) s.centrePeaks()[k] * s.centrePeaks()[k];
            }
            if (s.change() == null) {
                continue;
            }
            changes++;
            for (int c = 0; c < C; c++) {
                v[36 + c] += s.change()[c];
                sq[36 + c] += (double) s.change()[c] * s.change()[c];
                v[72 + c] += s.changePeak()[c];
            }
            v[90] += s.concentration();
            sq[90] += (double) s.concentration() * s.concentration();
            for (int p = 0; p < PARTS.length; p++) {
                v[100 + p] += s.partChange()[p];
                sq[100 + p] += (double) s.partChange()[p] * s.partChange()[p];
            }
        }
        float[] out = new float[COUNT];
        for (int c = 0; c < C; c++) {
            out[c] = (float) (v[c] / frames);
            out[18 + c] = (float) (v[18 + c] / frames);
            out[36 + c] = (float) (v[36 + c] / changes);
            out[54 + c] = spread(v[36 + c], sq[36 + c], changes);
            out[72 + c] = (float) (v[72 + c] / changes);
        }
        out[90] = (float) (v[90] / changes);
        out[91] = spread(v[90], sq[90], changes);
        out[92] = (float) (v[92] / frames);
        out[93] = (float) (v[93] / frames);
        for (int k = 0; k < 3; k++) {
            out[94 + k] = (float) (v[94 + k] / frames);
            out[97 + k] = spread(v[94 + k], sq[94 + k], frames);
        }
        for (int p = 0; p < PARTS.length; p++) {
            out[100 + p] = (float) (v[100 + p] / changes);
            out[107 + p] = spread(v[100 + p], sq[100 + p], changes);
        }
        churn(out, steps);
        return out;
    }

    /**
     * 114-147: churn, change summed per cell over the window (a fight churns one place again and again; a walker
     * passes a cell once). 114 the most churning cell's churn (all channels), 115 the mean of the top 5% cells,
     * 116 that over the mean cell; 117-123 the most churning cell per body part; 124-141 per channel; 142-143 the top
     * 2% and top 10% over the mean; 144 the largest per-cell minimum of the two half windows' churn (churn that lasts),
     * 145 the top 5% of those, 146 the largest minimum over the three thirds, 147 (144) over the halves' largest churns.
     */
    private static void churn(float[] out, List<Step> window) {
        Step[] steps = window.toArray(new Step[0]);
        int rows = steps[0].heat().rows();
        int columns = steps[0].heat().columns();
        int cells = rows * columns;
        int diffs = steps.length - 1;
        int half = diffs / 2;
        int third = (diffs + 2) / 3; // numpy array_split: the first thirds take the remainder
        float[] total = new float[cells];
        float[] firstHalf = new float[cells];
        float[] secondHalf = new float[cells];
        float[][] thirds = new float[3][cells];
        float[][] part = new float[PARTS.length][cells];
        float[][] channel = new float[C][cells];
        for (int k = 1; k < steps.length; k++) {
            PoseHeat now = steps[k].heat();
            PoseHeat then = steps[k - 1].heat();
            int d = k - 1;
            int t = Math.min(2, d / third);
            for (int cell = 0; cell < cells; cell++) {
                int r = cell / columns;
                int x = cell % columns;
                float sum = 0;
                for (int c = 0; c < C; c++) {
                    float change = Math.abs(now.at(c, r, x) - then.at(c, r, x));
                    channel[c][cell] += change;
                    sum += change;
                }
                total[cell] += sum;
                (d < half ? firstHalf : secondHalf)[cell] += sum;
                thirds[t][cell] += sum;
                for (int p = 0; p < PARTS.length; p++) {
                    float a = 0;
                    float b = 0;
                    for (int c : PARTS[p]) {
                        a = Math.max(a, now.at(c, r, x));
                        b = Math.max(b, then.at(c, r, x));
                    }
                    part[p][cell] += Math.abs(a - b);
                }
            }
        }
        float[] sorted = total.clone();
        java.util.Arrays.sort(sorted);
        double mean = mean(sorted) + 1e-6;
        out[114] = sorted[cells - 1];
        out[115] = (float) topMean(sorted, Math.max(1, cells / 20));
        out[116] = (float) (out[115] / mean);
        for (int p = 0; p < PARTS.length; p++) {
            out[117 + p] = max(part[p]);
        }
        for (int c = 0; c < C; c++) {
            out[124 + c] = max(channel[c]);
        }
        out[142] = (float) (topMean(sorted, Math.max(1, cells / 50)) / mean);
        out[143] = (float) (topMean(sorted, Math.max(1, cells / 10)) / mean);
        float[] lasting = new float[cells];
        float[] allThirds = new float[cells];
        for (int cell = 0; cell < cells; cell++) {
            lasting[cell] = Math.min(firstHalf[cell], secondHalf[cell]);
            allThirds[cell] = Math.min(Math.min(thirds[0][cell], thirds[1][cell]), thirds[2][cell]);
        }
        float[] lastingSorted = lasting.clone();
        java.util.Arrays.sort(lastingSorted);
        out[144] = lastingSorted[cells - 1];
        out[145] = (float) topMean(lastingSorted, Math.max(1, cells / 20));
        out[146] = max(allThirds);
        out[147] = (float) (out[144] / (max(firstHalf) + max(secondHalf) + 1e-6));
    }

    private static double mean(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Mean of the {@code count} largest of ascending {@code sorted}. */
    private static double topMean(float[] sorted, int count) {
        double sum = 0;
        for (int i = sorted.length - count; i < sorted.length; i++) {
            sum += sorted[i];
        }
        return sum / count;
    }

    private static float max(float[] values) {
        float m = 0;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static float spread(double sum, double squares, int n) {
        double mean = sum / n;
        return (float) Math.sqrt(Math.max(0, squares / n - mean * mean));
    }

    private static Step step(PoseHeat heat, PoseHeat before) {
        int rows = heat.rows();
        int columns = heat.columns();
        int cells = rows * columns;
        float[] mean = new float[C];
        float[] peak = new float[C];
        for (int c = 0; c < C; c++) {
            double sum = 0;
            float max = 0;
            for (int r = 0; r < rows; r++) {
                for (int x = 0; x < columns; x++) {
                    float value = heat.at(c, r, x);
                    sum += value;
                    max = Math.max(max, value);
                }
            }
            mean[c] = (float) (sum / cells);
            peak[c] = max;
        }
        int[] peaks = new int[PEAK_LEVELS.length];
        for (int k = 0; k < PEAK_LEVELS.length; k++) {
            peaks[k] = centrePeaks(heat, PEAK_LEVELS[k]);
        }
        if (before == null) {
            return new Step(heat, mean, peak, peaks, null, null, 0, null);
        }
        float[] change = new float[C];
        float[] changePeak = new float[C];
        float[] total = new float[cells];
        for (int c = 0; c < C; c++) {
            double sum = 0;
            float max = 0;
            for (int r = 0; r < rows; r++) {
                for (int x = 0; x < columns; x++) {
                    float d = Math.abs(heat.at(c, r, x) - before.at(c, r, x));
                    sum += d;
                    max = Math.max(max, d);
                    total[r * columns + x] += d;
                }
            }
            change[c] = (float) (sum / cells);
            changePeak[c] = max;
        }
        float[] partChange = new float[PARTS.length];
        for (int p = 0; p < PARTS.length; p++) {
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                for (int x = 0; x < columns; x++) {
                    float now = 0;
                    float then = 0;
                    for (int c : PARTS[p]) {
                        now = Math.max(now, heat.at(c, r, x));
                        then = Math.max(then, before.at(c, r, x));
                    }
                    sum += Math.abs(now - then);
                }
            }
            partChange[p] = (float) (sum / cells);
        }
        return new Step(heat, mean, peak, peaks, change, changePeak, concentration(total), partChange);
    }

    /** Share of all change in the 10% of cells that changed most. */
    private static float concentration(float[] total) {
        float[] sorted = total.clone();
        java.util.Arrays.sort(sorted);
        int top = Math.max(1, sorted.length / 10);
        double all = 0;
        double most = 0;
        for (int i = 0; i < sorted.length; i++) {
            all += sorted[i];
            if (i >= sorted.length - top) {
                most += sorted[i];
            }
        }
        return (float) (most / (all + 1e-6));
    }

    /**
     * Whether (r, c) is a local maximum of the centre map: no neighbour higher, and none of the neighbours already
     * scanned (the row above, the cell to the left) as high, so a plateau of equal cells counts once.
     */
    private static boolean isPeak(PoseHeat heat, int r, int c, float v) {
        for (int dr = -1; dr <= 1; dr++) {
            for (int dc = -1; dc <= 1; dc++) {
                int rr = r + dr;
                int cc = c + dc;
                if ((dr == 0 && dc == 0) || rr < 0 || rr >= heat.rows() || cc < 0 || cc >= heat.columns()) {
                    continue;
                }
                float n = heat.at(0, rr, cc);
                boolean scanned = dr < 0 || (dr == 0 && dc < 0);
                if (n > v || (scanned && n == v)) {
                    return false;
                }
            }
        }
        return true;
    }
}
