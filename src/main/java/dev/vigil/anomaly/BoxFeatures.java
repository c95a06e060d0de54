package dev.vigil.anomaly;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.vigil.vision.BBox;
import dev.vigil.vision.LumaGrid;

/**
 * The violence classifier's second input, beside {@link HeatFeatures}: where the person detector's boxes are and what
 * moves inside them, over the last {@link #WINDOW_SECONDS}, as {@link #COUNT} numbers. Boxes hold people the pose
 * model does not decode (boxes on 88% of survfight fight frames, skeletons on 77%), and they tell a place that churns
 * (two boxes in contact, pixels moving inside them, boxes changing shape while their centres stay put) from people
 * walking past each other (boxes that glide, keep their shape, and carry their motion along).
 *
 * <p>Per detector look: the number of boxes, pairs in contact, the closest pair (centre gap in box heights, overlap,
 * height ratio, share of moving grid cells inside the pair's joint box), the moving share inside and outside all
 * boxes, the most moving box and the boxes' share of the frame. Between two looks at most {@link #MATCH_SECONDS} apart
 * (boxes matched by overlap): centre speed, change of height and of shape, and the share of boxes that came or went.
 * On every frame: the moving share inside the last look's boxes and in the whole frame. The window takes means and
 * peaks (means and spreads for the per-frame numbers; layout in {@link #vector}).
 *
 * <p>Distances and speeds are in box heights, shares in grid cells, so the numbers do not depend on resolution.
 * Not thread-safe (one per stream).
 */
final class BoxFeatures {
    static final double WINDOW_SECONDS = 1.5;
    /** Two looks further apart than this are not compared (the detector runs every 250 ms while the gate is open). */
    static final double MATCH_SECONDS = 0.6;
    /** A box is the same person on the next look when they overlap by more than this. */
    static final double SAME_BOX_IOU = 0.3;
    /** Two boxes are in contact when they overlap by this share of the smaller, or their centres are this close. */
    static final double CONTACT_OVERLAP = 0.1;
    static final double CONTACT_GAP = 0.6;
    /** Caps that keep one crowded or empty look from dominating the window's mean. */
    static final int MAX_BOXES = 6;
    static final int MAX_CONTACTS = 4;
    static final double MAX_GAP = 3;
    static final int LOOK_NUMBERS = 11;
    static final int MATCH_NUMBERS = 6;
    static final int COUNT = 1 + 2 * LOOK_NUMBERS + 2 * MATCH_NUMBERS + 4;

    /**
     * One look's boxes (frame pixels) and the grid cells any of them holds (made once: every frame until the next look
     * reads them), its numbers (LOOK_NUMBERS) and its comparison with the look before (null when there was none near).
     */
    private record Look(long t, List<BBox> boxes, boolean[] inside, double[] numbers, double[] match) {
    }

    /** One frame's moving share inside the last look's boxes and in the whole frame. */
    private record FrameMotion(long t, double inBoxes, double whole) {
    }

    private final Deque<Look> looks = new ArrayDeque<>();
    private final Deque<FrameMotion> frames = new ArrayDeque<>();

    /**
     * Adds one analysed frame: {@code boxes}, the detector's people in frame pixels when it looked at this frame
     * (null when it did not), and {@code moved}, the grid cells that moved since the frame before (null: no pixels).
     */
    void add(List<BBox> boxes, boolean[] moved, int frameWidth, int frameHeight, long t) {
        long oldest = t - (long) (WINDOW_SECONDS * 1e9);
        while (!looks.isEmpty() && looks.peekFirst().t() <= oldest) {
            looks.removeFirst();
        }
        while (!frames.isEmpty() && frames.peekFirst().t() <= oldest) {
            frames.removeFirst();
        }
        if (boxes != null && frameWidth > 0 && frameHeight > 0) {
            List<boolean[]> cells = new ArrayList<>(boxes.size());
            boolean[] inside = new boolean[LumaGrid.COLUMNS * LumaGrid.ROWS];
            for (BBox b : boxes) {
                boolean[] one = cells(b, frameWidth, frameHeight);
                cells.add(one);
                for (int i = 0; i < inside.length; i++) {
                    inside[i] |= one[i];
                }
            }
            Look previous = looks.peekLast();
            double[] match = previous != null && (t - previous.t()) / 1e9 <= MATCH_SECONDS
                    ? match(previous.boxes(), boxes, (t - previous.t()) / 1e9) : null;
            looks.addLast(new Look(t, List.copyOf(boxes), inside,
                    look(boxes, cells, inside, moved, frameWidth, frameHeight), match));
        }
        if (moved != null) {
            double inBoxes = looks.isEmpty() ? 0 : share(moved, looks.peekLast().inside(), true);
            frames.addLast(new FrameMotion(t, inBoxes, share(moved, null, true)));
        }
    }

    /**
     * The window's features: 0 looks in the window; 1-22 per-look numbers, mean then peak of each (boxes, contacts,
     * closest gap, its IoU, its overlap, its height ratio, motion in its joint box, motion inside boxes, motion outside,
     * the most moving box, the boxes' area); 23-34 between-look numbers, mean then peak (centre speed mean and peak,
     * height change, shape change mean and peak, boxes that came or went); 35-38 motion inside the last boxes (mean,
     * spread) and in the whole frame (mean, spread), over frames. No look in the window reads as 0 boxes.
     */
    float[] vector() {
        float[] v = new float[COUNT];
        v[0] = looks.size();
        for (int k = 0; k < LOOK_NUMBERS; k++) {
            double sum = 0;
            double peak = Double.NEGATIVE_INFINITY;
            for (Look l : looks) {
                sum += l.numbers()[k];
                peak = Math.max(peak, l.numbers()[k]);
            }
            v[1 + 2 * k] = looks.isEmpty() ? (float) EMPTY_LOOK[k] : (float) (sum / looks.size());
            v[2 + 2 * k] = looks.isEmpty() ? (float) EMPTY_LOOK[k] : (float) peak;
        }
        int matched = 0;
        for (Look l : looks) {
            matched += l.match() == null ? 0 : 1;
        }
        for (int k = 0; k < MATCH_NUMBERS; k++) {
            double sum = 0;
            double peak = 0;
            for (Look l : looks) {
                if (l.match() != null) {
                    sum += l.match()[k];
                    peak = Math.max(peak, l.match()[k]);
                }
            }
            v[23 + 2 * k] = matched == 0 ? 0 : (float) (sum / matched);
            v[24 + 2 * k] = (float) peak;
        }
        double[] in = new double[frames.size()];
        double[] whole = new double[frames.size()];
        int i = 0;
        for (FrameMotion f : frames) {
            in[i] = f.inBoxes();
            whole[i++] = f.whole();
        }
        v[35] = (float) mean(in);
        v[36] = (float) spread(in);
        v[37] = (float) mean(whole);
        v[38] = (float) spread(whole);
        return v;
    }

    /** A look without boxes: nobody, no pair (the gap at its cap), no motion measured. */
    private static final double[] EMPTY_LOOK = {0, 0, MAX_GAP, 0, 0, 0, 0, 0, 0, 0, 0};

    private static double[] look(List<BBox> boxes, List<boolean[]> cells, boolean[] inside, boolean[] moved, int width,
                                 int height) {
        double[] n = EMPTY_LOOK.clone();
        n[0] = Math.min(boxes.size(), MAX_BOXES);
        int contacts = 0;
        double bestGap = Double.POSITIVE_INFINITY;
        BBox a = null;
        BBox b = null;
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                BBox p = boxes.get(i);
                BBox q = boxes.get(j);
                double gap = gap(p, q);
                if (overlap(p, q) > CONTACT_OVERLAP || gap < CONTACT_GAP) {
                    contacts++;
                }
                if (gap < bestGap) {
                    bestGap = gap;
                    a = p;
                    b = q;
                }
            }
        }
        n[1] = Math.min(contacts, MAX_CONTACTS);
        if (a != null) {
            n[2] = Math.min(bestGap, MAX_GAP);
            n[3] = a.iou(b);
            n[4] = overlap(a, b);
            n[5] = Math.min(a.h(), b.h()) / Math.max(Math.max(a.h(), b.h()), 1e-6);
            if (moved != null) {
                n[6] = share(moved, cells(a.union(b), width, height), true);
            }
        }
        if (moved != null && !boxes.isEmpty()) {
            double most = 0;
            for (boolean[] one : cells) {
                most = Math.max(most, share(moved, one, true));
            }
            n[7] = share(moved, inside, true);
            n[8] = share(moved, inside, false);
            n[9] = most;
            n[10] = share(inside, null, true);
        }
        return n;
    }

    /** Centre speed (box heights a second) mean and peak, height change, shape change mean and peak, churn. */
    private static double[] match(List<BBox> before, List<BBox> now, double seconds) {
        boolean[] used = new boolean[before.size()];
        List<double[]> moves = new ArrayList<>(); // speed, height change, shape change
        int unmatched = 0;
        for (BBox b : now) {
            int best = -1;
            double bestIou = SAME_BOX_IOU;
            for (int k = 0; k < before.size(); k++) {
                double iou = used[k] ? 0 : before.get(k).iou(b);
                if (iou > bestIou) {
                    bestIou = iou;
                    best = k;
                }
            }
            if (best < 0) {
                unmatched++;
                continue;
            }
            used[best] = true;
            BBox a = before.get(best);
            double h = (a.h() + b.h()) / 2;
            moves.add(new double[]{
                    Math.hypot(a.centerX() - b.centerX(), a.centerY() - b.centerY()) / Math.max(h, 1e-6) / seconds,
                    Math.abs(Math.log(Math.max(b.h(), 1e-4) / Math.max(a.h(), 1e-4))) / seconds,
                    Math.abs(Math.log(aspect(b) / aspect(a))) / seconds});
        }
        int lost = before.size() - moves.size();
        double[] m = new double[MATCH_NUMBERS];
        for (double[] mv : moves) {
            m[0] += mv[0] / moves.size();
            m[1] = Math.max(m[1], mv[0]);
            m[2] += mv[1] / moves.size();
            m[3] += mv[2] / moves.size();
            m[4] = Math.max(m[4], mv[2]);
        }
        m[5] = (double) (unmatched + lost) / Math.max(1, before.size() + now.size());
        return m;
    }

    private static double aspect(BBox b) {
        return Math.max(b.w() / Math.max(b.h(), 1e-4), 1e-4);
    }

    /** Centre distance in the pair's mean box height. */
    private static double gap(BBox a, BBox b) {
        return Math.hypot(a.centerX() - b.centerX(), a.centerY() - b.centerY()) / Math.max((a.h() + b.h()) / 2, 1e-6);
    }

    /** Intersection over the smaller box's area: 1 when one box is inside the other. */
    private static double overlap(BBox a, BBox b) {
        double w = Math.min(a.x() + a.w(), b.x() + b.w()) - Math.max(a.x(), b.x());
        double h = Math.min(a.y() + a.h(), b.y() + b.h()) - Math.max(a.y(), b.y());
        return w <= 0 || h <= 0 ? 0 : w * h / Math.max(Math.min(a.area(), b.area()), 1e-9);
    }

    /** The grid cells whose centre lies in {@code box} (frame pixels). */
    private static boolean[] cells(BBox box, int width, int height) {
        boolean[] cells = new boolean[LumaGrid.COLUMNS * LumaGrid.ROWS];
        for (int i = 0; i < cells.length; i++) {
            double x = (i % LumaGrid.COLUMNS + 0.5) * width / LumaGrid.COLUMNS;
            double y = (i / LumaGrid.COLUMNS + 0.5) * height / LumaGrid.ROWS;
            cells[i] = x >= box.x() && x <= box.x() + box.w() && y >= box.y() && y <= box.y() + box.h();
        }
        return cells;
    }

    /** Share of {@code values} set among the cells where {@code where} is {@code inside} (all cells when null). */
    private static double share(boolean[] values, boolean[] where, boolean inside) {
        int set = 0;
        int cells = 0;
        for (int i = 0; i < values.length; i++) {
            if (where == null || where[i] == inside) {
                cells++;
                set += values[i] ? 1 : 0;
            }
        }
        return cells == 0 ? 0 : (double) set / cells;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double x : values) {
            sum += x;
        }
        return values.length == 0 ? 0 : sum / values.length;
    }

    private static double spread(double[] values) {
        double m = mean(values);
        double sq = 0;
        for (double x : values) {
            sq += (x - m) * (x - m);
        }
        return values.length == 0 ? 0 : Math.sqrt(sq / values.length);
    }
}
