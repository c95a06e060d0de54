package dev.vigil.track;

import dev.vigil.vision.Person;

/**
 * A person the tracker has confirmed, as seen in the current frame.
 *
 * @param personId       stable id within the stream: 1, 2, 3 ... never reused
 * @param person         this frame's detection (box and keypoints in frame pixels)
 * @param firstSeenNanos stream time of the track's first detection (dwell time starts here)
 * @param lastSeenNanos  stream time of this detection
 * @param hits           detections linked to this track so far
 */
public record TrackedPerson(int personId, Person person, long firstSeenNanos, long lastSeenNanos, int hits) {

    public double dwellSeconds() {
        return (lastSeenNanos - firstSeenNanos) / 1e9;
    }
}
