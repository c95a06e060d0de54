package dev.vigil.anomaly;

import java.util.List;
import java.util.function.IntFunction;

import dev.vigil.track.TrackedPerson;
import dev.vigil.vision.BBox;
import dev.vigil.vision.Keypoint;
import dev.vigil.vision.LumaGrid;
import dev.vigil.vision.Person;
import dev.vigil.vision.Skeleton;

/**
 * Whether the violence classifier can matter on this frame, from the tracked people and the frame's
 * {@link LumaGrid}: two people within reach of each other, or motion that nobody's box explains (people the pose model
 * does not find). Also says where the scene is most active (the largest cluster of moving cells, joined by the pair
 * within reach), which is where a verdict on the scene is boxed. Not thread-safe (one per stream).
 */
final class FightGate {
    /** Two people are within reach when their hips are at most this many body heights apart. */
    static final double REACH = 1.0;
    /** A cell has moved when its brightness changed by more than this beyond the whole picture's (as MotionGate). */
    static final int CELL_THRESHOLD = 21;
    /** Motion outside everyone's box over this fraction of the frame's cells opens the gate (2%). */
    static final double UNEXPLAINED_MOTION = 0.02;
    /** Motion within this many box heights around a person's box is theirs (see {@link #grown}). */
    static final double EXPLAINED_MARGIN = 0.5;
    /** A cluster of moving cells this large (of 768) marks where the scene is active. */
    static final int MIN_ACTIVE_CELLS = 3;

    private LumaGrid previous;
    private boolean withinReach;
    private double unexplained;
    private BBox activity;
    private boolean[] moved;

    /**
     * Adds one analysed frame. {@code bodyHeight} gives each person's body height in pixels (NaN if unknown);
     * {@code grid} may be null (no pixels: pose-only replays), which reads as no motion.
     */
    void add(List<TrackedPerson> people, IntFunction<Double> bodyHeight, LumaGrid grid) {
        BBox pair = null;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < people.size(); i++) {
            for (int j = i + 1; j < people.size(); j++) {
                double d = distance(people.get(i), people.get(j), bodyHeight);
                if (d < best) {
                    best = d;
                    pair = people.get(i).person().bbox().union(people.get(j).person().bbox());
                }
            }
        }
        withinReach = best <= REACH;
        unexplained = 0;
        moved = null;
        BBox moving = null;
        if (grid != null && previous != null && grid.width() == previous.width() && grid.height() == previous.height()) {
            moved = grid.movedSince(previous, CELL_THRESHOLD);
            double cellW = (double) grid.width() / LumaGrid.COLUMNS;
            double cellH = (double) grid.height() / LumaGrid.ROWS;
            int outside = 0;
            for (int i = 0; i < moved.length; i++) {
                if (moved[i] && !explained((i % LumaGrid.COLUMNS + 0.5) * cellW, (i / LumaGrid.COLUMNS + 0.5) * cellH, people)) {
                    outside++;
                }
            }
            unexplained = (double) outside / moved.length;
            int[] cluster = LumaGrid.largestCluster(moved, 2);
            if (cluster[4] >= MIN_ACTIVE_CELLS) {
                moving = grid.pixels(cluster);
            }
        }
        if (grid != null) {
            previous = grid;
        }
        BBox near = withinReach ? pair : null;
        activity = moving == null ? near : near == null ? moving : moving.union(near);
    }

    /** Whether the classifier can matter now: two people within reach, or motion nobody's box explains. */
    boolean gate() {
        return withinReach || unexplained >= UNEXPLAINED_MOTION;
    }

    /** The grid cells that moved since the frame before (null without two grids of one size); read, not changed. */
    boolean[] moved() {
        return moved;
    }

    /** Where the scene was most active on the last frame, in frame pixels; null when nothing moved and nobody was near. */
    BBox activity() {
        return activity;
    }

    /** This frame's share of moved cells outside everyone's box, and whether a pair is within reach (for tracing). */
    String gateTrace() {
        return String.format(java.util.Locale.ROOT, "reach=%d unexplained=%.4f", withinReach ? 1 : 0, unexplained);
    }

    private static boolean explained(double x, double y, List<TrackedPerson> people) {
        for (TrackedPerson p : people) {
            BBox b = grown(p.person().bbox());
            if (x >= b.x() && x <= b.x() + b.w() && y >= b.y() && y <= b.y() + b.h()) {
                return true;
            }
        }
        return false;
    }

    private static double height(TrackedPerson p, IntFunction<Double> bodyHeight) {
        Double h = bodyHeight.apply(p.personId());
        return h == null || Double.isNaN(h) || h <= 0 ? Math.max(1, p.person().bbox().h()) : h;
    }

    private static double distance(TrackedPerson p, TrackedPerson q, IntFunction<Double> bodyHeight) {
        double[] a = hips(p.person());
        double[] b = hips(q.person());
        double h = Math.max(height(p, bodyHeight), height(q, bodyHeight));
        return Math.hypot(a[0] - b[0], a[1] - b[1]) / h;
    }

    /** Hip centre, or the box centre when the hips are not seen. */
    private static double[] hips(Person p) {
        Keypoint l = p.keypoint(Skeleton.LEFT_HIP);
        Keypoint r = p.keypoint(Skeleton.RIGHT_HIP);
        if (l.score() >= 0.3 && r.score() >= 0.3) {
            return new double[]{(l.x() + r.x()) / 2, (l.y() + r.y()) / 2};
        }
        return new double[]{p.bbox().centerX(), p.bbox().centerY()};
    }

    /**
     * A person's box grown by half its height on every side: a fast-moving body (someone falling, swinging an arm)
     * leaves the box the pose model drew a moment ago, and that motion is theirs, not unexplained.
     */
    private static BBox grown(BBox box) {
        double m = EXPLAINED_MARGIN * box.h();
        return new BBox(box.x() - m, box.y() - m, box.w() + 2 * m, box.h() + 2 * m);
    }
}
