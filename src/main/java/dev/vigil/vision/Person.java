package dev.vigil.vision;

import java.util.List;

/**
 * One person found in a frame: box and keypoints in frame pixels, keypoints in COCO order
 * (see {@link Skeleton}), always 17 of them.
 */
public record Person(BBox bbox, double score, List<Keypoint> keypoints) {

    public Person {
        keypoints = List.copyOf(keypoints);
        if (keypoints.size() != Skeleton.KEYPOINT_COUNT) {
            throw new IllegalArgumentException("a person has " + Skeleton.KEYPOINT_COUNT
                    + " keypoints, got " + keypoints.size());
        }
    }

    public Keypoint keypoint(int index) {
        return keypoints.get(index);
    }
}
