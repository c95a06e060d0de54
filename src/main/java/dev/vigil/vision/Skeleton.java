package dev.vigil.vision;

import java.util.List;

/** The 17 COCO keypoints in the order pose models emit them, and the bones between them. */
public final class Skeleton {
    public static final int KEYPOINT_COUNT = 17;

    public static final int NOSE = 0;
    public static final int LEFT_EYE = 1;
    public static final int RIGHT_EYE = 2;
    public static final int LEFT_EAR = 3;
    public static final int RIGHT_EAR = 4;
    public static final int LEFT_SHOULDER = 5;
    public static final int RIGHT_SHOULDER = 6;
    public static final int LEFT_ELBOW = 7;
    public static final int RIGHT_ELBOW = 8;
    public static final int LEFT_WRIST = 9;
    public static final int RIGHT_WRIST = 10;
    public static final int LEFT_HIP = 11;
    public static final int RIGHT_HIP = 12;
    public static final int LEFT_KNEE = 13;
    public static final int RIGHT_KNEE = 14;
    public static final int LEFT_ANKLE = 15;
    public static final int RIGHT_ANKLE = 16;

    public static final List<String> NAMES = List.of(
            "nose", "left_eye", "right_eye", "left_ear", "right_ear",
            "left_shoulder", "right_shoulder", "left_elbow", "right_elbow",
            "left_wrist", "right_wrist", "left_hip", "right_hip",
            "left_knee", "right_knee", "left_ankle", "right_ankle");

    /** Pairs of keypoint indices joined by a bone, for drawing. */
    public static final int[][] BONES = {
            {LEFT_SHOULDER, RIGHT_SHOULDER}, {LEFT_SHOULDER, LEFT_ELBOW}, {LEFT_ELBOW, LEFT_WRIST},
            {RIGHT_SHOULDER, RIGHT_ELBOW}, {RIGHT_ELBOW, RIGHT_WRIST},
            {LEFT_SHOULDER, LEFT_HIP}, {RIGHT_SHOULDER, RIGHT_HIP}, {LEFT_HIP, RIGHT_HIP},
            {LEFT_HIP, LEFT_KNEE}, {LEFT_KNEE, LEFT_ANKLE}, {RIGHT_HIP, RIGHT_KNEE}, {RIGHT_KNEE, RIGHT_ANKLE},
            {NOSE, LEFT_EYE}, {NOSE, RIGHT_EYE}, {LEFT_EYE, LEFT_EAR}, {RIGHT_EYE, RIGHT_EAR}};

    private Skeleton() {
    }
}
