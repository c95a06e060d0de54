package dev.vigil.vision;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * People found where they are: the person detector ({@link PersonDetector}) looks at the frame, and each box no
 * person already found explains gets a pose pass of its own, on that box's crop (top-down: MultiPose sees one person
 * magnified instead of a crowd at 256 pixels). The people found there join the frame's, so two people in contact stay
 * two tracks. A box whose crop yields no skeleton adds nobody: everything downstream reasons on keypoints.
 *
 * <p>It costs a detector run (~25 ms on one core) and a pose pass per unexplained box, so the caller runs it only when
 * it can matter (the fight gate is open: two people within reach, unexplained motion, two people or person centres
 * found), and this class runs it at most every {@link #INTERVAL_NANOS}, and less often (1 s, 2 s, then every 4 s)
 * while its looks find nobody new; tracks carry people between looks. Not thread-safe (one per stream).
 */
public final class TopDownLook {
    /** A detector box is someone already found when it overlaps their box by this much. */
    static final double SAME_PERSON_IOU = 0.3;
    /** The crop is the box grown by this fraction of its height on every side (MultiPose wants some context). */
    static final double CROP_MARGIN = 0.2;
    /** Pose passes per look at most: the best-scoring unexplained boxes. */
    static final int MAX_CROPS = 3;
    static final long INTERVAL_NANOS = 250_000_000L;
    /**
     * After a look whose every box was someone already found, the next waits this long, twice as long after each
     * further such look up to {@link #MAX_EXPLAINED_INTERVAL_NANOS}: on a one-person scene the gate opens now and then
     * (a faint second centre in the heat, compression noise) and the detector would find the same person again.
     * A look that finds someone new goes back to {@link #INTERVAL_NANOS}.
     */
    static final long EXPLAINED_INTERVAL_NANOS = 1_000_000_000L;
    static final long MAX_EXPLAINED_INTERVAL_NANOS = 4_000_000_000L;

    private long nextLookAt = Long.MIN_VALUE;
    private long explainedInterval = EXPLAINED_INTERVAL_NANOS;
    private boolean looked;
    private int lastAdded;
    private List<PersonDetector.Detection> lastBoxes = List.of();
    private int lastWidth;
    private int lastHeight;
    private long looks;

    /** Whether a look at time {@code t} is allowed (the interval the last look set has passed). */
    public boolean due(long t) {
        return t >= nextLookAt;
    }

    /**
     * The frame's people: {@code found}, then the people {@code pose} finds on the crops of the boxes {@code detector}
     * finds that nobody in {@code found} explains. {@code pose} runs the pose model on a region of this frame.
     */
    public List<Person> look(List<Person> found, long t, int frameWidth, int frameHeight,
                             Supplier<List<PersonDetector.Detection>> detector, Function<BBox, List<Person>> pose) {
        looked = true;
        looks++;
        List<PersonDetector.Detection> boxes = detector.get();
        lastBoxes = boxes;
        lastWidth = frameWidth;
        lastHeight = frameHeight;
        lastAdded = 0;
        List<Person> people = new ArrayList<>(found);
        boolean unexplained = boxes.stream().anyMatch(d -> isNew(d.box(), found));
        if (unexplained) {
            nextLookAt = t + INTERVAL_NANOS;
            explainedInterval = EXPLAINED_INTERVAL_NANOS;
        } else {
            nextLookAt = t + explainedInterval;
            explainedInterval = Math.min(MAX_EXPLAINED_INTERVAL_NANOS, 2 * explainedInterval);
        }
        int crops = 0;
        for (PersonDetector.Detection d : boxes) { // best first
            if (crops == MAX_CROPS) {
                break;
            }
            if (!isNew(d.box(), people)) {
                continue;
            }
            crops++;
            Person best = null;
            for (Person p : pose.apply(crop(d.box(), frameWidth, frameHeight))) {
                if (p.bbox().iou(d.box()) > SAME_PERSON_IOU && (best == null || p.score() > best.score())) {
                    best = p; // the skeleton of the person the box is on, not a neighbour inside the crop
                }
            }
            if (best != null && isNew(best.bbox(), people)) {
                people.add(best);
                lastAdded++;
            }
        }
        return people;
    }

    /** Marks a frame without a look, for {@link #trace}. */
    public void skip() {
        looked = false;
    }

    /** The last frame's look (detector boxes, people added) or none, for tracing. */
    public String trace() {
        if (!looked) {
            return "detect=0";
        }
        StringBuilder boxes = new StringBuilder();
        for (PersonDetector.Detection d : lastBoxes) { // in frame fractions, for tools/violence
            BBox b = d.box();
            boxes.append(boxes.isEmpty() ? "" : ";").append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f,%.3f",
                    b.x() / lastWidth, b.y() / lastHeight, b.w() / lastWidth, b.h() / lastHeight, d.score()));
        }
        return String.format(Locale.ROOT, "detect=1 detected=%d topdown_added=%d boxes=%s", lastBoxes.size(), lastAdded,
                boxes.isEmpty() ? "-" : boxes);
    }

    /** How many boxes the detector found on the last look. */
    public int lastDetected() {
        return lastBoxes.size();
    }

    /** The boxes the detector found on the last look (best first, frame pixels), for the violence classifier. */
    public List<BBox> lastBoxes() {
        return lastBoxes.stream().map(PersonDetector.Detection::box).toList();
    }

    public long looks() {
        return looks;
    }

    /** The box grown by {@link #CROP_MARGIN} of its height on every side, clipped to the frame. */
    static BBox crop(BBox box, int frameWidth, int frameHeight) {
        double m = CROP_MARGIN * box.h();
        double x0 = Math.max(0, box.x() - m);
        double y0 = Math.max(0, box.y() - m);
        double x1 = Math.min(frameWidth, box.x() + box.w() + m);
        double y1 = Math.min(frameHeight, box.y() + box.h() + m);
        return new BBox(x0, y0, x1 - x0, y1 - y0);
    }

    private static boolean isNew(BBox box, List<Person> people) {
        for (Person p : people) {
            if (p.bbox().iou(box) > SAME_PERSON_IOU) {
                return false;
            }
        }
        return true;
    }
}
