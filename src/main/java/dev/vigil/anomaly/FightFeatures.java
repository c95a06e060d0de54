package dev.vigil.anomaly;

import dev.vigil.track.TrackedPerson;
import dev.vigil.vision.BBox;
import dev.vigil.vision.Keypoint;
import dev.vigil.vision.LumaGrid;
import dev.vigil.vision.Person;
import dev.vigil.vision.Skeleton;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The violence classifier's input: what the people and the pixels of one stream did over the last
 * {@link #WINDOW_SECONDS}, as {@link #COUNT} numbers. Per analysed frame it measures the closest pair of people
 * (distance and box overlap in body heights, approach speed, wrist speed relative to the shoulders, how close a
 * wrist comes to the other person's head or torso, how sure the pose model is of their keypoints) and the motion
 * between this frame's {@link LumaGrid} and the previous one (everywhere, inside the pair's joint box, outside
 * everyone's box); the window aggregates them (means, maxima, spread). Everything is in seconds and body heights,
 * so it means the same near and far from the camera; motion is per analysed frame (trained at 10 a second).
 *
 * <p>{@link #gate()} says whether the classifier can matter: two people within reach, or motion that the tracked
 * people's boxes do not explain. Not thread-safe (one per stream).
 */
final class FightFeatures {
    static final double WINDOW_SECONDS = 1.5;
    /** The window must span this much before the classifier speaks. */
    static final double MIN_SPAN_SECONDS = 1.0;
    /** Two people are within reach when their hips are at most this many body heights apart. */
    static final double REACH = 1.0;
    /** A cell has moved when its brightness changed by more than this beyond the whole picture's (as MotionGate). */
    static final int CELL_THRESHOLD = 21;
    /** Motion outside everyone's box over this fraction of the frame's cells wakes the classifier (2%). */
    static final double UNEXPLAINED_MOTION = 0.02;
    /** Motion within this many box heights around a person's box is theirs (see {@link #grown}). */
    static final double EXPLAINED_MARGIN = 0.5;

    static final List<String> NAMES = List.of(
            "motion_mean", "motion_std", "changed_mean", "changed_max", "unexplained_mean",
            "pair_motion_mean", "pair_motion_max", "people_mean", "pair_distance_mean", "within_reach_fraction",
            "pair_iou_mean", "wrist_speed_mean", "wrist_speed_max", "wrist_to_other_mean", "approach_speed_mean",
            "keypoint_score_mean", "new_tracks_per_second", "people_std");
    static final int COUNT = NAMES.size();

    private static final double MAX_DISTANCE = 4;
    private static final double MAX_WRIST_SPEED = 10;
    private static final double MAX_WRIST_TO_OTHER = 2;
    private static final double MAX_APPROACH = 5;
    private static final double MAX_PEOPLE = 6;

    /** One analysed frame's measurements. */
    private record Step(long t, double motion, double changed, double unexplained, double pairMotion, int people,
                        double pairDistance, double pairIou, double wristSpeed, double wristToOther,
                        double approach, double keypointScore, int newTracks) {
    }

    private final Deque<Step> window = new ArrayDeque<>();
    private final Map<Integer, Person> previousPeople = new HashMap<>();
    private int[] previousCells;
    private int previousWidth;
    private int previousHeight;
    private long previousT;
    private double previousPairDistance = Double.NaN;
    private int highestId;
    private boolean withinReach;
    private double unexplained;

    /**
     * Adds one analysed frame. {@code bodyHeight} gives each person's body height in pixels (NaN if unknown);
     * {@code grid} may be null (no pixels: pose-only replays), which reads as no motion.
     */
    void add(List<TrackedPerson> people, IntFunction<Double> bodyHeight, LumaGrid grid, long t) {
        double dt = window.isEmpty() ? Double.NaN : (t - previousT) / 1e9;
        // Motion: |change| per cell after taking out the whole picture's brightness change.
        double motion = 0;
        double changed = 0;
        double unexplainedNow = 0;
        double pairMotion = 0;
        int[] diff = null;
        if (grid != null && previousCells != null && grid.width() == previousWidth && grid.height() == previousHeight) {
            int[] cells = grid.cells();
            int shift = 0;
            for (int i = 0; i < cells.length; i++) {
                shift += cells[i] - previousCells[i];
            }
            shift /= cells.length;
            diff = new int[cells.length];
            for (int i = 0; i < cells.length; i++) {
                diff[i] = Math.abs(cells[i] - previousCells[i] - shift);
            }
        }
        if (grid != null) {
            previousCells = grid.cells().clone();
            previousWidth = grid.width();
            previousHeight = grid.height();
        }

        // The closest pair, by hip (or box centre) distance in body heights.
        TrackedPerson a = null;
        TrackedPerson b = null;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < people.size(); i++) {
            for (int j = i + 1; j < people.size(); j++) {
                double d = distance(people.get(i), people.get(j), bodyHeight);
                if (d < best) {
                    best = d;
                    a = people.get(i);
                    b = people.get(j);
                }
            }
        }
        double pairDistance = Math.min(MAX_DISTANCE, best);
        withinReach = best <= REACH;

        if (diff != null) {
            int columns = LumaGrid.COLUMNS;
            int rows = LumaGrid.ROWS;
            double cellW = (double) grid.width() / columns;
            double cellH = (double) grid.height() / rows;
            BBox pairBox = a == null ? null : union(a.person().bbox(), b.person().bbox());
            long sum = 0;
            int moved = 0;
            int movedOutside = 0;
            long pairSum = 0;
            int pairCells = 0;
            for (int r = 0; r < rows; r++) {
                double cy = (r + 0.5) * cellH;
                for (int c = 0; c < columns; c++) {
                    double cx = (c + 0.5) * cellW;
                    int d = diff[r * columns + c];
                    sum += d;
                    boolean isMoved = d > CELL_THRESHOLD;
                    if (isMoved) {
                        moved++;
                        boolean explained = false;
                        for (TrackedPerson p : people) {
                            if (contains(grown(p.person().bbox()), cx, cy)) {
                                explained = true;
                                break;
                            }
                        }
                        if (!explained) {
                            movedOutside++;
                        }
                    }
                    if (pairBox != null && contains(pairBox, cx, cy)) {
                        pairSum += d;
                        pairCells++;
                    }
                }
            }
            motion = sum / 255.0 / diff.length;
            changed = (double) moved / diff.length;
            unexplainedNow = (double) movedOutside / diff.length;
            pairMotion = pairCells == 0 ? 0 : pairSum / 255.0 / pairCells;
        }
        unexplained = unexplainedNow;

        double pairIou = 0;
        double wristSpeed = 0;
        double wristToOther = MAX_WRIST_TO_OTHER;
        double keypointScore = 0;
        if (a != null) {
            pairIou = a.person().bbox().iou(b.person().bbox());
            wristSpeed = Math.max(wristSpeed(a, bodyHeight, dt), wristSpeed(b, bodyHeight, dt));
            wristToOther = Math.min(wristToOther(a, b, bodyHeight), wristToOther(b, a, bodyHeight));
            keypointScore = (meanScore(a.person()) + meanScore(b.person())) / 2;
        } else if (people.size() == 1) {
            wristSpeed = wristSpeed(people.get(0), bodyHeight, dt);
            keypointScore = meanScore(people.get(0).person());
        }
        double approach = 0;
        if (a != null && !Double.isNaN(previousPairDistance) && dt > 0) {
            approach = Math.min(MAX_APPROACH, Math.abs(pairDistance - previousPairDistance) / dt);
        }
        previousPairDistance = a == null ? Double.NaN : pairDistance;

        int newTracks = 0;
        for (TrackedPerson p : people) {
            if (p.personId() > highestId) {
                newTracks++;
                highestId = p.personId();
            }
        }
        previousPeople.clear();
        for (TrackedPerson p : people) {
            previousPeople.put(p.personId(), p.person());
        }
        previousT = t;

        window.addLast(new Step(t, motion, changed, unexplainedNow, pairMotion, people.size(), pairDistance, pairIou,
                wristSpeed, wristToOther, approach, keypointScore, newTracks));
        long horizon = t - (long) (WINDOW_SECONDS * 1e9);
        while (window.peekFirst().t() < horizon) {
            window.removeFirst();
        }
    }

    /** Whether the classifier can matter now: two people within reach, or motion nobody's box explains. */
    boolean gate() {
        return withinReach || unexplained >= UNEXPLAINED_MOTION;
    }

    /** This frame's share of moved cells outside everyone's box, and whether a pair is within reach (for tracing). */
    String gateTrace() {
        return String.format(java.util.Locale.ROOT, "reach=%d unexplained=%.4f", withinReach ? 1 : 0, unexplained);
    }

    /** Whether the window spans long enough to judge. */
    boolean ready() {
        return window.size() >= 2 && (window.peekLast().t() - window.peekFirst().t()) / 1e9 >= MIN_SPAN_SECONDS;
    }

    /** The window's {@link #COUNT} features, in {@link #NAMES} order. */
    float[] vector() {
        int n = window.size();
        double motionSum = 0, motionSq = 0, changedSum = 0, changedMax = 0, unexplainedSum = 0, pairMotionSum = 0,
                pairMotionMax = 0, peopleSum = 0, peopleSq = 0, distanceSum = 0, reach = 0, iouSum = 0, wristSum = 0,
                wristMax = 0, toOtherSum = 0, approachSum = 0, scoreSum = 0;
        int newTracks = 0;
        for (Step s : window) {
            motionSum += s.motion();
            motionSq += s.motion() * s.motion();
            changedSum += s.changed();
            changedMax = Math.max(changedMax, s.changed());
            unexplainedSum += s.unexplained();
            pairMotionSum += s.pairMotion();
            pairMotionMax = Math.max(pairMotionMax, s.pairMotion());
            double people = Math.min(MAX_PEOPLE, s.people());
            peopleSum += people;
            peopleSq += people * people;
            distanceSum += s.pairDistance();
            reach += s.pairDistance() <= REACH ? 1 : 0;
            iouSum += s.pairIou();
            wristSum += s.wristSpeed();
            wristMax = Math.max(wristMax, s.wristSpeed());
            toOtherSum += s.wristToOther();
            approachSum += s.approach();
            scoreSum += s.keypointScore();
            newTracks += s.newTracks();
        }
        double span = Math.max(MIN_SPAN_SECONDS, (window.peekLast().t() - window.peekFirst().t()) / 1e9);
        double motionMean = motionSum / n;
        double peopleMean = peopleSum / n;
        double[] v = {
                motionMean, Math.sqrt(Math.max(0, motionSq / n - motionMean * motionMean)), changedSum / n, changedMax,
                unexplainedSum / n, pairMotionSum / n, pairMotionMax, peopleMean, distanceSum / n, reach / n,
                iouSum / n, wristSum / n, wristMax, toOtherSum / n, approachSum / n, scoreSum / n, newTracks / span,
                Math.sqrt(Math.max(0, peopleSq / n - peopleMean * peopleMean))};
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
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

    /** Fastest wrist relative to the shoulder centre since the previous frame, in body heights a second. */
    private double wristSpeed(TrackedPerson p, IntFunction<Double> bodyHeight, double dt) {
        Person before = previousPeople.get(p.personId());
        if (before == null || !(dt > 0)) {
            return 0;
        }
        Person now = p.person();
        double[] sNow = shoulders(now);
        double[] sBefore = shoulders(before);
        if (sNow == null || sBefore == null) {
            return 0;
        }
        double fastest = 0;
        for (int w : new int[]{Skeleton.LEFT_WRIST, Skeleton.RIGHT_WRIST}) {
            Keypoint a = now.keypoint(w);
            Keypoint b = before.keypoint(w);
            if (a.score() < 0.3 || b.score() < 0.3) {
                continue;
            }
            double dx = (a.x() - sNow[0]) - (b.x() - sBefore[0]);
            double dy = (a.y() - sNow[1]) - (b.y() - sBefore[1]);
            fastest = Math.max(fastest, Math.hypot(dx, dy) / height(p, bodyHeight) / dt);
        }
        return Math.min(MAX_WRIST_SPEED, fastest);
    }

    private static double[] shoulders(Person p) {
        Keypoint l = p.keypoint(Skeleton.LEFT_SHOULDER);
        Keypoint r = p.keypoint(Skeleton.RIGHT_SHOULDER);
        if (l.score() < 0.3 || r.score() < 0.3) {
            return null;
        }
        return new double[]{(l.x() + r.x()) / 2, (l.y() + r.y()) / 2};
    }

    /** Closest either wrist of {@code p} comes to {@code q}'s head or torso centre, in body heights. */
    private static double wristToOther(TrackedPerson p, TrackedPerson q, IntFunction<Double> bodyHeight) {
        List<double[]> targets = new java.util.ArrayList<>();
        Keypoint nose = q.person().keypoint(Skeleton.NOSE);
        if (nose.score() >= 0.3) {
            targets.add(new double[]{nose.x(), nose.y()});
        }
        double[] s = shoulders(q.person());
        double[] h = hips(q.person());
        if (s != null) {
            targets.add(new double[]{(s[0] + h[0]) / 2, (s[1] + h[1]) / 2});
        }
        double best = MAX_WRIST_TO_OTHER;
        double height = height(p, bodyHeight);
        for (int w : new int[]{Skeleton.LEFT_WRIST, Skeleton.RIGHT_WRIST}) {
            Keypoint k = p.person().keypoint(w);
            if (k.score() < 0.3) {
                continue;
            }
            for (double[] target : targets) {
                best = Math.min(best, Math.hypot(k.x() - target[0], k.y() - target[1]) / height);
            }
        }
        return best;
    }

    private static double meanScore(Person p) {
        double sum = 0;
        for (Keypoint k : p.keypoints()) {
            sum += k.score();
        }
        return sum / p.keypoints().size();
    }

    private static BBox union(BBox a, BBox b) {
        double x = Math.min(a.x(), b.x());
        double y = Math.min(a.y(), b.y());
        return new BBox(x, y, Math.max(a.x() + a.w(), b.x() + b.w()) - x, Math.max(a.y() + a.h(), b.y() + b.h()) - y);
    }

    /**
     * A person's box grown by half its height on every side: a fast-moving body (someone falling, swinging an arm)
     * leaves the box the pose model drew a moment ago, and that motion is theirs, not unexplained.
     */
    private static BBox grown(BBox box) {
        double m = EXPLAINED_MARGIN * box.h();
        return new BBox(box.x() - m, box.y() - m, box.w() + 2 * m, box.h() + 2 * m);
    }

    private static boolean contains(BBox box, double x, double y) {
        return x >= box.x() && x <= box.x() + box.w() && y >= box.y() && y <= box.y() + box.h();
    }
}
