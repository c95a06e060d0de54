package dev.vigil.analysis;

import dev.vigil.media.Frame;
import dev.vigil.vision.LumaGrid;

/**
 * Tells a still scene from one where something moved, for a few microseconds a frame instead of a
 * model run: a coarse grid of brightness averages of the frame is compared with the grid of the
 * frame the model last saw, after taking out the change of the whole picture's brightness (cameras
 * adjust their exposure all the time). Someone walking in changes many cells by a lot; sensor noise,
 * slight camera shake and flicker change few cells by a little (on the test clips: at most 1 cell in
 * 768 beyond the threshold, against 20 within half a second of a fall). Not thread-safe (one
 * stream's worker).
 */
final class MotionGate {
    static final int COLUMNS = LumaGrid.COLUMNS;
    static final int ROWS = LumaGrid.ROWS;
    /**
     * A cell has changed when its brightness (Y, 16..235 in video) moved by more than this beyond the
     * whole picture's (about 24 levels of full-range RGB).
     */
    static final int CELL_THRESHOLD = 21;
    /** The scene has changed when at least this many cells (1% of them) have. */
    static final int MIN_CHANGED_CELLS = COLUMNS * ROWS / 100;

    private final int[] reference = new int[COLUMNS * ROWS];
    private final int[] current = new int[COLUMNS * ROWS];
    private int referenceWidth = -1;
    private int referenceHeight = -1;

    /** Remembers this frame as the one the model last saw. */
    void remember(Frame frame) {
        sample(frame, reference);
        referenceWidth = frame.width();
        referenceHeight = frame.height();
    }

    /** Whether the frame differs enough from the remembered one to be worth a model run. */
    boolean moved(Frame frame) {
        if (frame.width() != referenceWidth || frame.height() != referenceHeight) {
            return true;
        }
        sample(frame, current);
        int shift = 0;
        for (int i = 0; i < current.length; i++) {
            shift += current[i] - reference[i];
        }
        shift /= current.length;
        int changed = 0;
        for (int i = 0; i < current.length; i++) {
            if (Math.abs(current[i] - reference[i] - shift) > CELL_THRESHOLD && ++changed >= MIN_CHANGED_CELLS) {
                return true;
            }
        }
        return false;
    }

    private static void sample(Frame frame, int[] grid) {
        LumaGrid.sample(frame, grid);
    }
}
