package dev.vigil.vision;

import dev.vigil.media.Frame;

/**
 * A frame reduced to a coarse grid of brightness averages (the Y plane, a 4x4 lattice of pixels in each cell): a few
 * microseconds a frame, and enough to see where something moved between two frames. Used by the motion gate (is this
 * frame worth a model run?), the closer look ({@link MotionZoom}) and the violence gate (does something move that
 * nobody found explains, where is the scene active).
 *
 * @param cells   mean Y per cell, row-major, {@link #COLUMNS} x {@link #ROWS}
 * @param width   the frame's width in pixels (cells map back to pixels through it)
 * @param height  the frame's height in pixels
 */
public record LumaGrid(int[] cells, int width, int height) {
    public static final int COLUMNS = 32;
    public static final int ROWS = 24;
    private static final int SAMPLES = 4; // per cell and axis: 16 pixels a cell

    public LumaGrid {
        if (cells.length != COLUMNS * ROWS) {
            throw new IllegalArgumentException("a luma grid has " + COLUMNS * ROWS + " cells, got " + cells.length);
        }
    }

    public static LumaGrid of(Frame frame) {
        int[] cells = new int[COLUMNS * ROWS];
        sample(frame, cells);
        return new LumaGrid(cells, frame.width(), frame.height());
    }

    /** Cells whose brightness changed by more than {@code threshold} beyond the whole picture's since {@code previous}. */
    public boolean[] movedSince(LumaGrid previous, int threshold) {
        int[] before = previous.cells();
        int shift = 0;
        for (int i = 0; i < cells.length; i++) {
            shift += cells[i] - before[i];
        }
        shift /= cells.length;
        boolean[] moved = new boolean[cells.length];
        for (int i = 0; i < cells.length; i++) {
            moved[i] = Math.abs(cells[i] - before[i] - shift) > threshold;
        }
        return moved;
    }

    /**
     * The largest group of marked cells, cells at most {@code gap} apart on either axis counting as one group (the
     * moving limbs of one body are seldom contiguous): {minColumn, minRow, maxColumn, maxRow, cells}, all 0 if none.
     */
    public static int[] largestCluster(boolean[] marked, int gap) {
        boolean[] seen = new boolean[marked.length];
        int[] best = {0, 0, 0, 0, 0};
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
        for (int start = 0; start < marked.length; start++) {
            if (!marked[start] || seen[start]) {
                continue;
            }
            int[] box = {COLUMNS, ROWS, -1, -1, 0};
            seen[start] = true;
            queue.add(start);
            while (!queue.isEmpty()) {
                int i = queue.poll();
                int r = i / COLUMNS;
                int c = i % COLUMNS;
                box[0] = Math.min(box[0], c);
                box[1] = Math.min(box[1], r);
                box[2] = Math.max(box[2], c);
                box[3] = Math.max(box[3], r);
                box[4]++;
                for (int nr = Math.max(0, r - gap); nr <= Math.min(ROWS - 1, r + gap); nr++) {
                    for (int nc = Math.max(0, c - gap); nc <= Math.min(COLUMNS - 1, c + gap); nc++) {
                        int j = nr * COLUMNS + nc;
                        if (marked[j] && !seen[j]) {
                            seen[j] = true;
                            queue.add(j);
                        }
                    }
                }
            }
            if (box[4] > best[4]) {
                best = box;
            }
        }
        return best;
    }

    /** The box in frame pixels of a cluster from {@link #largestCluster}. */
    public BBox pixels(int[] cluster) {
        double cellW = (double) width / COLUMNS;
        double cellH = (double) height / ROWS;
        return new BBox(cluster[0] * cellW, cluster[1] * cellH, (cluster[2] - cluster[0] + 1) * cellW,
                (cluster[3] - cluster[1] + 1) * cellH);
    }

    /** Fills {@code grid} (COLUMNS x ROWS) with the frame's mean brightness per cell. */
    public static void sample(Frame frame, int[] grid) {
        byte[] luma = frame.i420();
        int width = frame.width();
        int height = frame.height();
        for (int row = 0; row < ROWS; row++) {
            for (int column = 0; column < COLUMNS; column++) {
                int sum = 0;
                for (int sy = 0; sy < SAMPLES; sy++) {
                    int y = (int) ((row * SAMPLES + sy + 0.5) * height / (ROWS * SAMPLES));
                    for (int sx = 0; sx < SAMPLES; sx++) {
                        int x = (int) ((column * SAMPLES + sx + 0.5) * width / (COLUMNS * SAMPLES));
                        sum += luma[y * width + x] & 0xff;
                    }
                }
                grid[row * COLUMNS + column] = sum / (SAMPLES * SAMPLES);
            }
        }
    }
}
