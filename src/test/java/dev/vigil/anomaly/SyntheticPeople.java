package dev.vigil.anomaly;

import dev.vigil.vision.BBox;
import dev.vigil.vision.Keypoint;
import dev.vigil.vision.Person;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.vigil.vision.Skeleton.*;

/**
 * Generates skeleton sequences the way a pose model would report them: 17 COCO keypoints in frame pixels with a
 * little per-frame jitter, at an irregular analysis rate. Bodies are built in body coordinates (origin at the hip
 * centre, y up, unit = standing height) and placed in the frame by a pivot point, a height in pixels and a rotation.
 */
public final class SyntheticPeople {
    public static final int FRAME_W = 1920;
    public static final int FRAME_H = 1080;

    /** One analysed frame: its timestamp and the people the pose model found. */
    public record Shot(long ptsNanos, List<Person> people) {
    }

    private SyntheticPeople() {
    }

    /** Upright, arms hanging, facing the camera. */
    public static double[][] standing() {
        double[][] j = new double[KEYPOINT_COUNT][];
        j[NOSE] = p(0, 0.43);
        j[LEFT_EYE] = p(0.02, 0.45);
        j[RIGHT_EYE] = p(-0.02, 0.45);
        j[LEFT_EAR] = p(0.05, 0.44);
        j[RIGHT_EAR] = p(-0.05, 0.44);
        j[LEFT_SHOULDER] = p(0.11, 0.30);
        j[RIGHT_SHOULDER] = p(-0.11, 0.30);
        j[LEFT_ELBOW] = p(0.13, 0.12);
        j[RIGHT_ELBOW] = p(-0.13, 0.12);
        j[LEFT_WRIST] = p(0.13, -0.05);
        j[RIGHT_WRIST] = p(-0.13, -0.05);
        j[LEFT_HIP] = p(0.07, 0);
        j[RIGHT_HIP] = p(-0.07, 0);
        j[LEFT_KNEE] = p(0.07, -0.24);
        j[RIGHT_KNEE] = p(-0.07, -0.24);
        j[LEFT_ANKLE] = p(0.07, -0.47);
        j[RIGHT_ANKLE] = p(-0.07, -0.47);
        return j;
    }

    /** A walking/running gait: legs and arms swing with {@code stride} (body heights) at gait phase {@code phase}. */
    public static double[][] gait(double phase, double stride) {
        double[][] j = standing();
        double s = Math.sin(phase);
        j[LEFT_ANKLE][0] += stride * s;
        j[RIGHT_ANKLE][0] -= stride * s;
        j[LEFT_KNEE][0] += 0.5 * stride * s;
        j[RIGHT_KNEE][0] -= 0.5 * stride * s;
        j[LEFT_WRIST][0] -= 0.5 * stride * s;
        j[RIGHT_WRIST][0] += 0.5 * stride * s;
        j[LEFT_ELBOW][0] -= 0.25 * stride * s;
        j[RIGHT_ELBOW][0] += 0.25 * stride * s;
        return j;
    }

    /** {@code k} of the way (0..1) from standing to seated on a chair; the feet stay put, the hips drop. */
    public static double[][] sitting(double k) {
        double[][] j = standing();
        double drop = 0.24 * k;
        for (int i = 0; i < KEYPOINT_COUNT; i++) {
            if (i != LEFT_ANKLE && i != RIGHT_ANKLE && i != LEFT_KNEE && i != RIGHT_KNEE) {
                j[i][1] -= drop;
            }
        }
        // knees come forward and up to hip height
        j[LEFT_KNEE] = p(0.07 + 0.22 * k, -0.24 - 0.0 * k + 0.0);
        j[RIGHT_KNEE] = p(-0.07 + 0.22 * k, -0.24);
        j[LEFT_ANKLE][0] += 0.2 * k;
        j[RIGHT_ANKLE][0] += 0.2 * k;
        // hands to the lap
        j[LEFT_WRIST] = p(0.13 + 0.15 * k, -0.05 - 0.2 * k);
        j[RIGHT_WRIST] = p(-0.13 + 0.15 * k, -0.05 - 0.2 * k);
        return j;
    }

    /** {@code k} of the way (0..1) into bending over from the hips to pick something off the floor; legs straight. */
    public static double[][] bending(double k) {
        double[][] j = standing();
        double angle = Math.toRadians(85 * k);
        double hipShift = -0.06 * k; // the hips go back and a little down to balance
        for (int i = 0; i < KEYPOINT_COUNT; i++) {
            if (i == LEFT_KNEE || i == RIGHT_KNEE || i == LEFT_ANKLE || i == RIGHT_ANKLE) {
                continue;
            }
            double x = j[i][0], y = j[i][1];
            if (y > 0 || i == LEFT_WRIST || i == RIGHT_WRIST) {
                // upper body rotates forward (to +x) about the hips
                double rx = x * Math.cos(angle) + y * Math.sin(angle);
                double ry = -x * Math.sin(angle) + y * Math.cos(angle);
                j[i][0] = rx + hipShift;
                j[i][1] = ry - 0.03 * k;
            } else {
                j[i][0] += hipShift;
                j[i][1] -= 0.03 * k;
            }
        }
        // hands reach down towards the floor
        j[LEFT_WRIST] = p(j[LEFT_SHOULDER][0] + 0.05 * k, j[LEFT_SHOULDER][1] - 0.35 * k);
        j[RIGHT_WRIST] = p(j[RIGHT_SHOULDER][0] + 0.05 * k, j[RIGHT_SHOULDER][1] - 0.35 * k);
        return j;
    }

    /** Sitting on the floor, legs stretched out in front (to +x), torso upright. */
    public static double[][] floorSitting() {
        double[][] j = standing();
        j[LEFT_KNEE] = p(0.24, 0.01);
        j[RIGHT_KNEE] = p(0.24, -0.01);
        j[LEFT_ANKLE] = p(0.47, 0.01);
        j[RIGHT_ANKLE] = p(0.47, -0.01);
        j[LEFT_WRIST] = p(0.10, 0.0);
        j[RIGHT_WRIST] = p(0.10, 0.0);
        j[LEFT_ELBOW] = p(0.10, 0.12);
        j[RIGHT_ELBOW] = p(-0.10, 0.12);
        return j;
    }

    /** Lying on the back, head to -x, legs to +x (the floor-sitting pose leaned back all the way). */
    public static double[][] lyingBack() {
        double[][] j = floorSitting();
        for (int i : new int[]{NOSE, LEFT_EYE, RIGHT_EYE, LEFT_EAR, RIGHT_EAR, LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_ELBOW,
                RIGHT_ELBOW, LEFT_WRIST, RIGHT_WRIST}) {
            double x = j[i][0], y = j[i][1];
            j[i] = p(-y, x * 0.3); // rotate the upper body back by 90 degrees about the hips
        }
        return j;
    }

    /** Squatting down on the knees to pick something up: hips drop, torso leans forward about 40 degrees. */
    public static double[][] squat(double k) {
        double[][] j = standing();
        double drop = 0.28 * k;
        double lean = Math.toRadians(40 * k);
        for (int i = 0; i < KEYPOINT_COUNT; i++) {
            if (i == LEFT_ANKLE || i == RIGHT_ANKLE) {
                continue;
            }
            if (i == LEFT_KNEE || i == RIGHT_KNEE) {
                j[i] = p(j[i][0] + 0.15 * k, j[i][1] - drop * 0.3);
                continue;
            }
            double x = j[i][0], y = j[i][1];
            double rx = y > 0 ? x * Math.cos(lean) + y * Math.sin(lean) : x;
            double ry = y > 0 ? -x * Math.sin(lean) + y * Math.cos(lean) : y;
            j[i] = p(rx, ry - drop);
        }
        j[LEFT_WRIST] = p(0.25 * k + 0.13 * (1 - k), -0.40 * k - 0.05 * (1 - k));
        j[RIGHT_WRIST] = p(0.25 * k - 0.13 * (1 - k), -0.40 * k - 0.05 * (1 - k));
        return j;
    }

    /** Linear blend of two poses, {@code k} = 0 gives {@code a}, 1 gives {@code b}. */
    public static double[][] blend(double[][] a, double[][] b, double k) {
        double[][] j = new double[KEYPOINT_COUNT][];
        for (int i = 0; i < KEYPOINT_COUNT; i++) {
            j[i] = p(a[i][0] + k * (b[i][0] - a[i][0]), a[i][1] + k * (b[i][1] - a[i][1]));
        }
        return j;
    }

    /** Arms raised above the head ("hands up"), otherwise a walking gait. */
    public static double[][] handsUp(double phase, double stride) {
        double[][] j = gait(phase, stride);
        j[LEFT_ELBOW] = p(0.17, 0.42);
        j[RIGHT_ELBOW] = p(-0.17, 0.42);
        j[LEFT_WRIST] = p(0.16, 0.58);
        j[RIGHT_WRIST] = p(-0.16, 0.58);
        return j;
    }

    /**
     * Places a body in the frame. {@code pivot} is a point in body coordinates that lands on pixel
     * ({@code px}, {@code py}); the body is rotated about it by {@code degrees} (positive: the head goes right).
     */
    public static Person place(double[][] body, double[] pivot, double px, double py, double heightPx, double degrees,
                               double jitter, Random random) {
        double a = Math.toRadians(degrees);
        double cos = Math.cos(a), sin = Math.sin(a);
        List<Keypoint> kps = new ArrayList<>();
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (double[] joint : body) {
            double bx = joint[0] - pivot[0], by = joint[1] - pivot[1];
            double rx = bx * cos + by * sin;
            double ry = -bx * sin + by * cos;
            double x = px + heightPx * (rx + jitter * random.nextGaussian());
            double y = py - heightPx * (ry + jitter * random.nextGaussian());
            kps.add(new Keypoint(x, y, 0.75 + 0.2 * random.nextDouble()));
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
        }
        double pad = 0.06 * heightPx;
        BBox box = new BBox(minX - pad, minY - pad, maxX - minX + 2 * pad, maxY - minY + 2 * pad);
        return new Person(box, 0.8, kps);
    }

    /**
     * How far (body heights) the lowest joint of a body rotated about {@code pivot} by {@code degrees} reaches
     * below the pivot: a body resting on the ground has that point on the floor.
     */
    public static double depthBelowPivot(double[][] body, double[] pivot, double degrees) {
        double a = Math.toRadians(degrees);
        double lowest = Double.NEGATIVE_INFINITY;
        for (double[] joint : body) {
            double bx = joint[0] - pivot[0], by = joint[1] - pivot[1];
            lowest = Math.max(lowest, -(-bx * Math.sin(a) + by * Math.cos(a)));
        }
        return lowest;
    }

    /** The ankle centre in body coordinates: the pivot of a person standing on the ground. */
    public static double[] feet(double[][] body) {
        return new double[]{(body[LEFT_ANKLE][0] + body[RIGHT_ANKLE][0]) / 2, (body[LEFT_ANKLE][1] + body[RIGHT_ANKLE][1]) / 2};
    }

    /** Frame times at about {@code fps}, each interval jittered by up to 30%, like a worker paced by inference. */
    public static List<Long> times(double seconds, double fps, Random random) {
        List<Long> t = new ArrayList<>();
        double now = 0;
        while (now <= seconds) {
            t.add((long) (now * 1e9));
            now += (1 / fps) * (0.7 + 0.6 * random.nextDouble());
        }
        return t;
    }

    private static double[] p(double x, double y) {
        return new double[]{x, y};
    }
}
