package dev.vigil.track;

import dev.vigil.vision.BBox;
import dev.vigil.vision.Keypoint;
import dev.vigil.vision.Person;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Gives each person in one stream a stable id (1, 2, 3 ... never reused).
 *
 * <p>Each analysed frame, detections are linked to existing tracks by an association score mixing box overlap,
 * keypoint similarity and proximity, all measured against where each track is predicted to be now (constant
 * velocity from its recent motion), so a person missed for a while (occlusion, a missed detection) keeps their id
 * when they reappear within {@code maxGapSeconds} ({@code stillMaxGapSeconds} for someone who was not moving, such
 * as a person lying on the floor, whom pose models often lose for seconds). New detections start tentative tracks that get an id only after
 * {@code confirmHits} detections, so a one-frame false detection never burns one. Everything works on stream
 * timestamps, not frame counts: analysis runs at whatever irregular rate inference allows.
 *
 * <p>Not thread-safe: one instance per stream, used by one thread at a time.
 */
public final class Tracker {
    private static final double KEYPOINT_MIN_SCORE = 0.3;
    /** Two detections overlapping this much are one person detected twice; the second never starts a track. */
    private static final double DUPLICATE_IOU = 0.6;
    /** Velocity smoothing: weight of the newest measurement. */
    private static final double VELOCITY_GAIN = 0.5;
    /** No one moves their box by more than this many box sizes a second; faster is a detection glitch. */
    private static final double MAX_SIZES_PER_SECOND = 3.0;

    private final TrackerConfig config;
    private final List<Track> tracks = new ArrayList<>();
    private int lastIssuedId;

    public Tracker(TrackerConfig config) {
        this.config = config;
    }

    /** Links this frame's detections to tracks and returns the confirmed people seen in it, by ascending id. */
    public List<TrackedPerson> update(List<Person> detections, long ptsNanos) {
        List<Track> confirmed = tracks.stream().filter(Track::isConfirmed).toList();
        List<Track> tentative = tracks.stream().filter(t -> !t.isConfirmed()).toList();
        boolean[] used = new boolean[detections.size()];
        List<Person> matched = new ArrayList<>();
        // Confirmed tracks choose first, so a tentative track (maybe a false detection) never steals a known person.
        assign(confirmed, detections, used, ptsNanos, matched);
        assign(tentative, detections, used, ptsNanos, matched);

        for (int d = 0; d < detections.size(); d++) {
            if (used[d]) {
                continue;
            }
            Person person = detections.get(d);
            boolean duplicate = matched.stream().anyMatch(m -> m.bbox().iou(person.bbox()) > DUPLICATE_IOU);
            if (!duplicate) {
                tracks.add(new Track(person, ptsNanos));
                matched.add(person);
            }
        }

        List<TrackedPerson> seen = new ArrayList<>();
        for (Iterator<Track> it = tracks.iterator(); it.hasNext(); ) {
            Track track = it.next();
            if (!track.isConfirmed() && track.hits >= config.confirmHits()) {
                track.id = ++lastIssuedId;
            }
            double sinceSeen = (ptsNanos - track.lastSeenNanos) / 1e9;
            double age = (ptsNanos - track.firstSeenNanos) / 1e9;
            boolean expired = track.isConfirmed()
                    ? sinceSeen > (track.isStill() ? config.stillMaxGapSeconds() : config.maxGapSeconds())
                    : age > config.confirmWithinSeconds() || sinceSeen > config.maxGapSeconds();
            if (expired) {
                it.remove();
            } else if (track.isConfirmed() && track.lastSeenNanos == ptsNanos) {
                seen.add(new TrackedPerson(track.id, track.person, track.firstSeenNanos, track.lastSeenNanos, track.hits));
            }
        }
        seen.sort(Comparator.comparingInt(TrackedPerson::personId));
        return seen;
    }

    /** Ids of confirmed tracks still followed (seen now or within the gap allowance). */
    public Set<Integer> liveIds() {
        Set<Integer> ids = new HashSet<>();
        for (Track t : tracks) {
            if (t.isConfirmed()) {
                ids.add(t.id);
            }
        }
        return ids;
    }

    /** How many ids this stream has handed out so far. */
    public int idsIssued() {
        return lastIssuedId;
    }

    private void assign(List<Track> candidates, List<Person> detections, boolean[] used, long ptsNanos,
                        List<Person> matched) {
        record Pair(Track track, int detection, double score) {
        }
        List<Pair> pairs = new ArrayList<>();
        for (Track track : candidates) {
            for (int d = 0; d < detections.size(); d++) {
                if (!used[d]) {
                    double score = track.matchScore(detections.get(d), ptsNanos, config.maxGapSeconds());
                    if (score >= config.minMatchScore()) {
                        pairs.add(new Pair(track, d, score));
                    }
                }
            }
        }
        // Greedy best-first: with a handful of people per frame it rarely differs from an optimal assignment.
        pairs.sort(Comparator.comparingDouble(Pair::score).reversed());
        Set<Track> taken = new HashSet<>();
        for (Pair p : pairs) {
            if (!used[p.detection] && !taken.contains(p.track)) {
                used[p.detection] = true;
                taken.add(p.track);
                Person person = detections.get(p.detection);
                p.track.observe(person, ptsNanos);
                matched.add(person);
            }
        }
    }

    private static final class Track {
        int id; // 0 while tentative
        Person person;
        final long firstSeenNanos;
        long lastSeenNanos;
        int hits = 1;
        double vx, vy; // box centre velocity, pixels per second

        Track(Person person, long ptsNanos) {
            this.person = person;
            this.firstSeenNanos = ptsNanos;
            this.lastSeenNanos = ptsNanos;
        }

        boolean isConfirmed() {
            return id > 0;
        }

        /** Moving less than a quarter of its own size a second. */
        boolean isStill() {
            double size = Math.max(person.bbox().w(), person.bbox().h());
            return Math.hypot(vx, vy) < 0.25 * size;
        }

        void observe(Person next, long ptsNanos) {
            double dt = (ptsNanos - lastSeenNanos) / 1e9;
            if (dt > 0) {
                double mvx = (next.bbox().centerX() - person.bbox().centerX()) / dt;
                double mvy = (next.bbox().centerY() - person.bbox().centerY()) / dt;
                vx = VELOCITY_GAIN * mvx + (1 - VELOCITY_GAIN) * vx;
                vy = VELOCITY_GAIN * mvy + (1 - VELOCITY_GAIN) * vy;
                double limit = MAX_SIZES_PER_SECOND * Math.max(next.bbox().w(), next.bbox().h());
                double speed = Math.hypot(vx, vy);
                if (speed > limit) {
                    vx *= limit / speed;
                    vy *= limit / speed;
                }
            }
            person = next;
            lastSeenNanos = ptsNanos;
            hits++;
        }

        /**
         * 0..1: how well a detection fits this track: the better of where the track is predicted to be now and where
         * it was last seen, so one bad velocity estimate (a partial detection while someone falls) cannot lose them.
         */
        double matchScore(Person detection, long ptsNanos, double maxGapSeconds) {
            double dt = Math.min(Math.max(0, (ptsNanos - lastSeenNanos) / 1e9), maxGapSeconds);
            return Math.max(fit(detection, vx * dt, vy * dt), fit(detection, 0, 0));
        }

        /** 0..1: box overlap, keypoint similarity and proximity to this track shifted by (dx, dy) pixels. */
        private double fit(Person detection, double dx, double dy) {
            BBox last = person.bbox();
            BBox predicted = new BBox(last.x() + dx, last.y() + dy, last.w(), last.h());
            double iou = predicted.iou(detection.bbox());

            double size = Math.max(1, Math.max(predicted.w(), predicted.h()));
            double cx = detection.bbox().centerX() - predicted.centerX();
            double cy = detection.bbox().centerY() - predicted.centerY();
            double proximity = Math.exp(-(cx * cx + cy * cy) / (2 * Math.pow(0.5 * size, 2)));

            // Object-keypoint similarity with a loose per-joint tolerance (10% of the body size).
            double sum = 0;
            int n = 0;
            double tolerance2 = Math.pow(0.1 * size, 2);
            for (int k = 0; k < person.keypoints().size(); k++) {
                Keypoint a = person.keypoint(k);
                Keypoint b = detection.keypoint(k);
                if (a.score() >= KEYPOINT_MIN_SCORE && b.score() >= KEYPOINT_MIN_SCORE) {
                    double ex = b.x() - (a.x() + dx);
                    double ey = b.y() - (a.y() + dy);
                    sum += Math.exp(-(ex * ex + ey * ey) / (2 * tolerance2));
                    n++;
                }
            }
            double oks = n == 0 ? proximity : sum / n;
            return 0.4 * iou + 0.3 * oks + 0.3 * proximity;
        }
    }
}
