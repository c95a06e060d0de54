package dev.vigil.vision;

import dev.vigil.media.Frame;

/**
 * A frame reduced to a coarse grid of brightness averages (the Y plane, a 4x4 lattice of pixels in each cell): a few
 * microseconds a frame, and enough to see where something moved between two frames. Used by the motion gate (is this
 * frame worth a model run?) and by the violence features (how much moves around and between people).
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
