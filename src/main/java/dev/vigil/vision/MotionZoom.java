package dev.vigil.vision;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.vigil.media.Frame;

/**
 * A closer look where something moves and nobody was found. MultiPose sees the whole frame at 256 pixels: on a
 * 1080p CCTV frame a person 150 pixels tall becomes 35, and two people wrestling become one blob; it misses them.
 * When the frame's brightness grid shows a cluster of motion that no person found on this frame or the last one
 * explains, the pose model runs again on that region alone, scaled up to its input size, and the people it finds
 * there join the frame's people. On empty and one-person scenes the motion is explained (or there is none) and
 * this costs the grid comparison only; a closer look that found nobody (foliage, a flickering screen) waits
 * {@link #QUIET_AFTER_MISS_NANOS} before the next one.
 *
 * <p>The region choice ({@link #region}) is plain arithmetic on the grid; {@link #look} runs the detector. Not
 * thread-safe (one per stream).
 */
public final class MotionZoom {
    /** A cell has moved when its brightness changed by more than this beyond the whole picture's (as MotionGate). */
    static final int CELL_THRESHOLD = 21;
    /** The smallest cluster of unexplained moving cells worth a closer look (4 of 768 cells). */
    static final int MIN_CLUSTER_CELLS = 4;
    /** Cells at most this far apart (in cells, either axis) belong to one cluster: limbs of one body are not contiguous. */
    static final int CLUSTER_GAP = 2;
    /** Motion within this many box heights of someone's box (now or on the last frame) is theirs. */
    static final double EXPLAINED_MARGIN = 0.25;
    /** A region over this fraction of the frame is hardly magnified: the whole-frame pass saw it as well. */
    static final double MAX_REGION_FRACTION = 0.4;
    /** The region is at least this fraction of the frame's long side (at most ~5x magnification: MultiPose wants context). */
    static final double MIN_REGION_FRACTION = 0.2;
    /** A person found up close is new unless their box overlaps someone already found by this much. */
    static final double SAME_PERSON_IOU = 0.3;
    static final long QUIET_AFTER_MISS_NANOS = 500_000_000L;

    private LumaGrid previous;
    private List<Person> previousPeople = List.of();
    private long quietUntil = Long.MIN_VALUE;
    private BBox lastRegion;
    private int lastFound;
    private long looks;

    /**
     * The frame's people: {@code found} (the whole-frame pass), then whoever {@code detector} finds in the region of
     * unexplained motion, if there is one. {@code detector} runs the pose model on a region of this frame.
     */
    public List<Person> look(Frame frame, LumaGrid grid, List<Person> found, long t, Function<BBox, List<Person>> detector) {
        BBox region = t >= quietUntil ? region(grid, found) : null;
        remember(grid, found);
        lastRegion = region;
        lastFound = 0;
        if (region == null) {
            return found;
        }
        looks++;
        List<Person> people = new ArrayList<>(found);
        for (Person p : detector.apply(region)) {
            if (isNew(p, people)) {
                people.add(p);
                lastFound++;
            }
        }
        if (lastFound == 0) {
            quietUntil = t + QUIET_AFTER_MISS_NANOS;
        }
        previousPeople = List.copyOf(people);
        return people;
    }

    /** The region the last {@link #look} magnified (null: none) and how many people it added, for tracing. */
    public String trace() {
        return lastRegion == null ? "zoom=0" : String.format(java.util.Locale.ROOT, "zoom=1 region=%.0f,%.0f,%.0f,%.0f added=%d",
                lastRegion.x(), lastRegion.y(), lastRegion.w(), lastRegion.h(), lastFound);
    }

    /** Closer looks taken so far. */
    public long looks() {
        return looks;
    }

    /**
     * The region around the largest cluster of moving cells that nobody in {@code found} (or on the previous frame)
     * explains, grown to take in the whole body that moved; null when there is none worth a look.
     */
    BBox region(LumaGrid grid, List<Person> found) {
        if (previous == null || grid.width() != previous.width() || grid.height() != previous.height()) {
            return null;
        }
        int columns = LumaGrid.COLUMNS;
        int rows = LumaGrid.ROWS;
        boolean[] moved = grid.movedSince(previous, CELL_THRESHOLD);
        double cellW = (double) grid.width() / columns;
        double cellH = (double) grid.height() / rows;
        boolean[] unexplained = new boolean[moved.length];
        int count = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int i = r * columns + c;
                if (moved[i] && !explained((c + 0.5) * cellW, (r + 0.5) * cellH, found)
                        && !explained((c + 0.5) * cellW, (r + 0.5) * cellH, previousPeople)) {
                    unexplained[i] = true;
                    count++;
                }
            }
        }
        if (count < MIN_CLUSTER_CELLS) {
            return null;
        }
        int[] cluster = LumaGrid.largestCluster(unexplained, CLUSTER_GAP);
        if (cluster[4] < MIN_CLUSTER_CELLS) {
            return null;
        }
        // Moving cells are the parts that moved (an arm, the leading edge of a body): take in the rest of the body.
        BBox cells = grid.pixels(cluster);
        double x0 = cells.x();
        double y0 = cells.y();
        double x1 = cells.x() + cells.w();
        double y1 = cells.y() + cells.h();
        double w = Math.max(x1 - x0, (y1 - y0) * 0.5);
        double h = Math.max(y1 - y0, w);
        double minSide = MIN_REGION_FRACTION * Math.max(grid.width(), grid.height());
        w = Math.max(w * 2, minSide);
        h = Math.max(h * 2, minSide);
        double cx = (x0 + x1) / 2;
        double cy = (y0 + y1) / 2;
        w = Math.min(w, grid.width());
        h = Math.min(h, grid.height());
        double left = Math.min(Math.max(0, cx - w / 2), grid.width() - w);
        double top = Math.min(Math.max(0, cy - h / 2), grid.height() - h);
        if (w * h > MAX_REGION_FRACTION * grid.width() * grid.height()) {
            return null;
        }
        return new BBox(left, top, w, h);
    }

    private void remember(LumaGrid grid, List<Person> found) {
        previous = grid;
        previousPeople = List.copyOf(found);
    }

    private static boolean explained(double x, double y, List<Person> people) {
        for (Person p : people) {
            BBox b = p.bbox();
            double m = EXPLAINED_MARGIN * b.h();
            if (x >= b.x() - m && x <= b.x() + b.w() + m && y >= b.y() - m && y <= b.y() + b.h() + m) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNew(Person candidate, List<Person> people) {
        for (Person p : people) {
            if (p.bbox().iou(candidate.bbox()) > SAME_PERSON_IOU) {
                return false;
            }
        }
        return true;
    }
}
