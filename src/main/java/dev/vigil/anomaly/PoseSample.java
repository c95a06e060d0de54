package dev.vigil.anomaly;

import dev.vigil.vision.BBox;
import dev.vigil.vision.Keypoint;
import dev.vigil.vision.Person;

import static dev.vigil.vision.Skeleton.*;

/**
 * Body geometry of one person in one frame, measured from keypoints and robust to missing ones: values that
 * cannot be measured are NaN. Pixel units; {@link PersonHistory} turns them into body heights and per-second rates.
 *
 * @param ptsNanos       stream time of the frame
 * @param hipX           hip centre (box centre when no hip is visible)
 * @param hipY           hip centre, image y grows downwards
 * @param heightEstimate standing height from torso/thigh/shin lengths (they keep their length whatever the
 *                       orientation, unlike the box), NaN when no segment is visible
 * @param torsoAngle     degrees between the hip-to-shoulder line and straight up: 0 upright, 90 horizontal,
 *                       180 head down; NaN when shoulders or hips are not visible
 * @param aspect         box width / height
 * @param boxHeight      box height in pixels
 * @param wrists         left x,y then right x,y relative to the shoulder centre, NaN where not visible
 * @param footX          ankle centre, or the bottom centre of the box when no ankle is visible
 * @param footY          likewise
 * @param reliability    mean keypoint confidence over the body joints (shoulders to ankles), 0..1
 */
record PoseSample(long ptsNanos, double hipX, double hipY, double heightEstimate, double torsoAngle, double aspect,
                  double boxHeight, double[] wrists, double footX, double footY, double reliability) {

    /** Segment length as a fraction of standing height (anthropometric averages). */
    private static final double TORSO_FRACTION = 0.30;
    private static final double THIGH_FRACTION = 0.245;
    private static final double SHIN_FRACTION = 0.246;

    static PoseSample of(Person person, long ptsNanos, double minScore) {
        BBox box = person.bbox();
        double[] shoulders = centre(person, LEFT_SHOULDER, RIGHT_SHOULDER, minScore);
        double[] hips = centre(person, LEFT_HIP, RIGHT_HIP, minScore);
        double[] ankles = centre(person, LEFT_ANKLE, RIGHT_ANKLE, minScore);

        double torsoAngle = Double.NaN;
        double[] estimates = new double[5];
        int n = 0;
        if (shoulders != null && hips != null) {
            double dx = shoulders[0] - hips[0];
            double dy = shoulders[1] - hips[1];
            double torso = Math.hypot(dx, dy);
            if (torso > 0) {
                torsoAngle = Math.toDegrees(Math.atan2(Math.abs(dx), -dy));
                estimates[n++] = torso / TORSO_FRACTION;
            }
        }
        for (int[] seg : new int[][]{{LEFT_HIP, LEFT_KNEE}, {RIGHT_HIP, RIGHT_KNEE}}) {
            double len = segment(person, seg[0], seg[1], minScore);
            if (len > 0) {
                estimates[n++] = len / THIGH_FRACTION;
            }
        }
        for (int[] seg : new int[][]{{LEFT_KNEE, LEFT_ANKLE}, {RIGHT_KNEE, RIGHT_ANKLE}}) {
            double len = segment(person, seg[0], seg[1], minScore);
            if (len > 0) {
                estimates[n++] = len / SHIN_FRACTION;
            }
        }
        double heightEstimate = n == 0 ? Double.NaN : upperMedian(estimates, n);

        double[] wrists = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        if (shoulders != null) {
            int[] ws = {LEFT_WRIST, RIGHT_WRIST};
            for (int i = 0; i < 2; i++) {
                Keypoint w = person.keypoint(ws[i]);
                if (w.score() >= minScore) {
                    wrists[2 * i] = w.x() - shoulders[0];
                    wrists[2 * i + 1] = w.y() - shoulders[1];
                }
            }
        }

        double reliability = 0;
        for (int k = LEFT_SHOULDER; k <= RIGHT_ANKLE; k++) {
            reliability += person.keypoint(k).score();
        }
        reliability /= (RIGHT_ANKLE - LEFT_SHOULDER + 1);

        double hipX = hips != null ? hips[0] : box.centerX();
        double hipY = hips != null ? hips[1] : box.centerY();
        double footX = ankles != null ? ankles[0] : box.centerX();
        double footY = ankles != null ? ankles[1] : box.y() + box.h();
        double aspect = box.h() > 0 ? box.w() / box.h() : 1;
        return new PoseSample(ptsNanos, hipX, hipY, heightEstimate, torsoAngle, aspect, box.h(), wrists, footX, footY,
                reliability);
    }

    /** Foreshortening only ever shortens a segment, so of the estimates the larger ones are the better ones. */
    private static double upperMedian(double[] values, int n) {
        double[] v = java.util.Arrays.copyOf(values, n);
        java.util.Arrays.sort(v);
        return v[n / 2];
    }

    private static double[] centre(Person p, int a, int b, double minScore) {
        Keypoint ka = p.keypoint(a);
        Keypoint kb = p.keypoint(b);
        boolean okA = ka.score() >= minScore;
        boolean okB = kb.score() >= minScore;
        if (okA && okB) {
            return new double[]{(ka.x() + kb.x()) / 2, (ka.y() + kb.y()) / 2};
        }
        if (okA) {
            return new double[]{ka.x(), ka.y()};
        }
        if (okB) {
            return new double[]{kb.x(), kb.y()};
        }
        return null;
    }

    private static double segment(Person p, int a, int b, double minScore) {
        Keypoint ka = p.keypoint(a);
        Keypoint kb = p.keypoint(b);
        if (ka.score() < minScore || kb.score() < minScore) {
            return -1;
        }
        return Math.hypot(ka.x() - kb.x(), ka.y() - kb.y());
    }
}
