package dev.vigil.anomaly;

import dev.vigil.vision.Person;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.vigil.anomaly.SyntheticPeople.*;

/**
 * Scenes of one or two people, as sequences of analysed frames. Everyone is 300 px tall, feet on y = 900 of a
 * 1920x1080 frame, jitter 0.8% of body height per keypoint per frame.
 */
public final class Scenarios {
    public static final double H = 300;
    public static final double GROUND = 900;
    private static final double JITTER = 0.008;

    /** What the scene shows at time t (seconds). */
    @FunctionalInterface
    public interface Scene {
        List<Person> at(double t, Random random);
    }

    public enum Case {
        WALKING(12), STANDING(12), SITTING_DOWN(12), BENDING(12), FALL_FORWARD(8), FALL_BACKWARD(8),
        FALL_SIDEWAYS(8), LYING_STILL(15), RUNNING(6), FIGHTING(6), HUG(9), WALKING_INTO_ZONE(12),
        /** Sits down on the floor over 1.5 s, stays 2 s, lies back over 1.2 s and stays 3 s: a fall look-alike. */
        LYING_DOWN_ON_PURPOSE(10),
        /** Squats to pick something up off the floor and stands up again, twice. */
        SQUATTING(10),
        /** Walks straight at the camera at 0.8 body heights a second. */
        WALKING_TOWARDS_CAMERA(7.5);

        public final double seconds;

        Case(double seconds) {
            this.seconds = seconds;
        }

        public Scene scene() {
            return switch (this) {
                case WALKING -> (t, r) -> List.of(walker(t, 0.8, 0.15, 300, r));
                case STANDING -> (t, r) -> List.of(upright(standing(), 900 + 3 * Math.sin(t), 0, r));
                case SITTING_DOWN -> (t, r) -> List.of(upright(sitting(ramp(t, 2, 0.8)), 900, 0, r));
                case BENDING -> (t, r) -> List.of(upright(bending(bendCycle(t)), 900, 0, r));
                case FALL_FORWARD -> (t, r) -> {
                    double u = ramp(t, 2, 0.8);
                    return List.of(upright(standing(), 900, 90 * u * u, r));
                };
                case FALL_BACKWARD -> (t, r) -> {
                    double u = ramp(t, 2, 0.9);
                    return List.of(upright(sitting(0.6 * u), 900, -85 * u * u, r));
                };
                case FALL_SIDEWAYS -> (t, r) -> {
                    double u = ramp(t, 2, 1.0);
                    // knees buckle first, then the body tips over sideways onto the floor (knees bent, pointing up)
                    return List.of(upright(sitting(0.6 * Math.min(1, 2 * u)), 900, -80 * Math.max(0, (u - 0.3) / 0.7), r));
                };
                case LYING_STILL -> (t, r) -> List.of(upright(standing(), 900, 90, r));
                case RUNNING -> (t, r) -> List.of(walker(t, 2.5, 0.3, 200, r));
                case FIGHTING -> (t, r) -> List.of(fighter(t, 850, 1, 0, r), fighter(t, 850 + 0.55 * H, -1, 1.3, r));
                case HUG -> (t, r) -> hug(t, r);
                case WALKING_INTO_ZONE -> (t, r) -> List.of(walker(t, 0.8, 0.15, 300, r));
                case LYING_DOWN_ON_PURPOSE -> (t, r) -> {
                    double[][] sitting = blend(standing(), floorSitting(), ramp(t, 1, 1.5));
                    return List.of(upright(blend(sitting, lyingBack(), ramp(t, 4.5, 1.2)), 900, 0, r));
                };
                case WALKING_TOWARDS_CAMERA -> (t, r) -> List.of(towardsCamera(t, 0.8, 0.15, r));
                case SQUATTING -> (t, r) -> {
                    double c = t % 5; // down over 0.8 s from 1 s, hold 1.5 s, up over 0.8 s
                    return List.of(upright(squat(ramp(c, 1, 0.8) - ramp(c, 3.3, 0.8)), 900, 0, r));
                };
            };
        }
    }

    private Scenarios() {
    }

    /** Runs a scene at about {@code fps} analysed frames a second. */
    public static List<Shot> shots(Scene scene, double seconds, double fps, long seed) {
        Random random = new Random(seed);
        List<Shot> shots = new ArrayList<>();
        for (long t : times(seconds, fps, random)) {
            shots.add(new Shot(t, scene.at(t / 1e9, random)));
        }
        return shots;
    }

    /** A person walking (or running) back and forth across the frame at {@code speed} body heights a second. */
    public static Person walker(double t, double speed, double stride, double startX, Random r) {
        double span = 1400;
        double travelled = (speed * H * t) % (2 * span);
        double x = startX + (travelled < span ? travelled : 2 * span - travelled);
        double cadence = speed < 1.5 ? 0.9 : 1.4; // gait cycles a second
        return upright(gait(2 * Math.PI * cadence * t, stride), x, 0, r);
    }

    /**
     * Someone walking or running along the camera axis, from 10 body heights away, seen by a 1920x1080 camera with
     * a 65 degree horizontal field of view mounted at one body height above the floor.
     */
    static Person towardsCamera(double t, double speed, double stride, Random r) {
        double f = SyntheticPeople.FRAME_W / 2.0 / Math.tan(Math.toRadians(65) / 2);
        double distance = 10 - speed * t;
        double height = f / distance;
        double feetY = SyntheticPeople.FRAME_H / 2.0 + f * 1.0 / distance;
        double cadence = speed < 1.5 ? 0.9 : 1.4;
        double[][] body = gait(2 * Math.PI * cadence * t, stride);
        return place(body, feet(body), 960, feetY, height, 0, JITTER, r);
    }

    /** A body standing on the ground at x, rotated about its feet (a fall is a rotation about the feet). */
    public static Person upright(double[][] body, double x, double degrees, Random r) {
        double[] pivot = feet(body);
        // whatever the posture, the body rests on the floor: its lowest joint is at ground level
        double y = GROUND - H * depthBelowPivot(body, pivot, degrees);
        return place(body, pivot, x, y, H, degrees, JITTER, r);
    }

    /** Punching towards {@code facing} (+1 right, -1 left), both arms, about 3 punches a second. */
    static Person fighter(double t, double x, int facing, double phase, Random r) {
        double[][] j = standing();
        double f = 3.0;
        double left = 0.5 * (1 + Math.sin(2 * Math.PI * f * t + phase));
        double right = 0.5 * (1 + Math.sin(2 * Math.PI * f * t + phase + Math.PI / 2));
        punch(j, dev.vigil.vision.Skeleton.LEFT_SHOULDER, dev.vigil.vision.Skeleton.LEFT_ELBOW,
                dev.vigil.vision.Skeleton.LEFT_WRIST, left, facing);
        punch(j, dev.vigil.vision.Skeleton.RIGHT_SHOULDER, dev.vigil.vision.Skeleton.RIGHT_ELBOW,
                dev.vigil.vision.Skeleton.RIGHT_WRIST, right, facing);
        double sway = 0.03 * H * Math.sin(2 * Math.PI * 1.1 * t + phase);
        return upright(j, x + sway, 4 * facing * Math.sin(2 * Math.PI * 0.7 * t), r);
    }

    private static void punch(double[][] j, int shoulder, int elbow, int wrist, double extension, int facing) {
        double sx = j[shoulder][0], sy = j[shoulder][1];
        // guard position by the chin, fist travels 0.35 body heights towards the opponent
        double reach = 0.08 + 0.35 * extension;
        j[wrist] = new double[]{sx + facing * reach, sy + 0.05};
        j[elbow] = new double[]{sx + facing * reach * 0.5, sy - 0.08 * (1 - extension)};
    }

    /** Two people walk towards each other, embrace slowly, hold, and let go: close contact, slow arms. */
    static List<Person> hug(double t, Random r) {
        double meet = 0.35 * H;
        double centre = 950;
        double approach = Math.max(0, 1 - t / 3.0); // 3 s walking in
        double gap = meet + approach * 900;
        double[][] a = approach > 0 ? gait(2 * Math.PI * 0.9 * t, 0.15) : standing();
        double[][] b = approach > 0 ? gait(2 * Math.PI * 0.9 * t + Math.PI, 0.15) : standing();
        double embrace = ramp(t, 3.2, 1.5) - ramp(t, 7.0, 1.5);
        embrace(a, embrace, 1);
        embrace(b, embrace, -1);
        double sway = 0.02 * H * Math.sin(2 * Math.PI * 0.4 * t);
        return List.of(upright(a, centre - gap / 2 + sway, 0, r), upright(b, centre + gap / 2 + sway, 0, r));
    }

    private static void embrace(double[][] j, double k, int facing) {
        int[][] arms = {{dev.vigil.vision.Skeleton.LEFT_ELBOW, dev.vigil.vision.Skeleton.LEFT_WRIST},
                {dev.vigil.vision.Skeleton.RIGHT_ELBOW, dev.vigil.vision.Skeleton.RIGHT_WRIST}};
        for (int[] arm : arms) {
            j[arm[0]][0] += facing * 0.15 * k;
            j[arm[0]][1] += 0.12 * k;
            j[arm[1]][0] += facing * 0.3 * k;
            j[arm[1]][1] += 0.33 * k;
        }
    }

    /** 0 before {@code start}, rising linearly to 1 over {@code duration} seconds. */
    public static double ramp(double t, double start, double duration) {
        return Math.max(0, Math.min(1, (t - start) / duration));
    }

    /** Bend over and back up every 5 s: 1 s down, 1.5 s held, 1 s up, 1.5 s upright. */
    static double bendCycle(double t) {
        double c = (t - 1.5) % 5.0;
        if (t < 1.5 || c >= 3.5) {
            return 0;
        }
        return c < 1 ? c : c < 2.5 ? 1 : 1 - (c - 2.5);
    }
}
