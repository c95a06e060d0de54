package dev.vigil.alert;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.vigil.anomaly.Verdict;
import dev.vigil.media.Frame;
import dev.vigil.media.YuvMatrix;
import dev.vigil.track.TrackedPerson;
import dev.vigil.vision.BBox;
import dev.vigil.vision.Keypoint;
import dev.vigil.vision.Skeleton;

/**
 * Draws every tracked person onto a frame: box, skeleton and id; abnormal people in red with
 * their behaviours and score written next to them. Draws straight onto the I420 planes (each
 * colour converted once with the frame's matrix), so a snapshot costs no colour conversion.
 */
public final class Annotator {
    private static final int[] NORMAL = {40, 220, 90};
    private static final int[] ABNORMAL = {255, 40, 40};
    private static final int[] LABEL_TEXT = {255, 255, 255};
    private static final double MIN_KEYPOINT_SCORE = 0.3;

    private final byte[] yuv;
    private final int width;
    private final int height;
    private final int uStart;
    private final int vStart;
    private final int chromaWidth;
    private final int chromaHeight;
    private final int thickness;
    private final int textScale;
    private final int[] normal;
    private final int[] abnormal;
    private final int[] labelText;

    private Annotator(Frame frame) {
        this.yuv = frame.i420();
        this.width = frame.width();
        this.height = frame.height();
        this.uStart = frame.uOffset();
        this.vStart = frame.vOffset();
        this.chromaWidth = frame.chromaWidth();
        this.chromaHeight = frame.chromaHeight();
        this.thickness = Math.max(2, Math.min(width, height) / 240);
        this.textScale = Math.max(2, Math.min(width, height) / 240);
        YuvMatrix matrix = frame.matrix();
        this.normal = yuv(matrix, NORMAL);
        this.abnormal = yuv(matrix, ABNORMAL);
        this.labelText = yuv(matrix, LABEL_TEXT);
    }

    private static int[] yuv(YuvMatrix matrix, int[] rgb) {
        return new int[] {matrix.y(rgb[0], rgb[1], rgb[2]), matrix.u(rgb[0], rgb[1], rgb[2]), matrix.v(rgb[0], rgb[1], rgb[2])};
    }

    /** Draws in place onto the frame. */
    public static void draw(Frame frame, List<TrackedPerson> people, List<Verdict> verdicts) {
        Map<Integer, Verdict> byId = verdicts.stream()
                .collect(Collectors.toMap(Verdict::personId, Function.identity(), (a, b) -> a));
        Annotator annotator = new Annotator(frame);
        // Normal people first so the abnormal ones are drawn on top.
        people.stream().filter(p -> !abnormal(byId.get(p.personId()))).forEach(p -> annotator.person(p, null));
        people.stream().filter(p -> abnormal(byId.get(p.personId()))).forEach(p -> annotator.person(p, byId.get(p.personId())));
        // Verdicts nobody tracked carries (a fight of people too blurred to follow): their box, labelled "scene".
        java.util.Set<Integer> tracked = people.stream().map(TrackedPerson::personId).collect(Collectors.toSet());
        verdicts.stream().filter(v -> v.isAbnormal() && !tracked.contains(v.personId())).forEach(annotator::scene);
    }

    private void scene(Verdict verdict) {
        box(verdict.bbox(), abnormal);
        label("SCENE " + String.join("+", verdict.behaviours()).toUpperCase(Locale.ROOT)
                + " " + String.format(Locale.ROOT, "%.2f", verdict.score()), (int) verdict.bbox().x(),
                (int) verdict.bbox().y(), abnormal);
    }

    private void box(BBox box, int[] color) {
        int x0 = (int) box.x();
        int y0 = (int) box.y();
        int x1 = (int) (box.x() + box.w());
        int y1 = (int) (box.y() + box.h());
        line(x0, y0, x1, y0, thickness, color);
        line(x1, y0, x1, y1, thickness, color);
        line(x1, y1, x0, y1, thickness, color);
        line(x0, y1, x0, y0, thickness, color);
    }

    private static boolean abnormal(Verdict verdict) {
        return verdict != null && verdict.isAbnormal();
    }

    private void person(TrackedPerson tracked, Verdict abnormalVerdict) {
        int[] color = abnormalVerdict != null ? abnormal : normal;
        BBox box = tracked.person().bbox();
        List<Keypoint> keypoints = tracked.person().keypoints();
        for (int[] bone : Skeleton.BONES) {
            Keypoint a = keypoints.get(bone[0]);
            Keypoint b = keypoints.get(bone[1]);
            if (a.score() >= MIN_KEYPOINT_SCORE && b.score() >= MIN_KEYPOINT_SCORE) {
                line((int) a.x(), (int) a.y(), (int) b.x(), (int) b.y(), thickness, color);
            }
        }
        for (Keypoint k : keypoints) {
            if (k.score() >= MIN_KEYPOINT_SCORE) {
                fill((int) k.x() - thickness, (int) k.y() - thickness, 2 * thickness + 1, 2 * thickness + 1, labelText);
            }
        }
        box(box, color);
        int x0 = (int) box.x();
        int y0 = (int) box.y();
        String label = "#" + tracked.personId();
        if (abnormalVerdict != null) {
            label += " " + String.join("+", abnormalVerdict.behaviours()).toUpperCase(Locale.ROOT)
                    + " " + String.format(Locale.ROOT, "%.2f", abnormalVerdict.score());
        }
        label(label, x0, y0, color);
    }

    /** Text on a filled band in the person's colour, above the box (or inside it at the top edge). */
    private void label(String text, int x, int yAbove, int[] band) {
        int charWidth = (BitmapFont.WIDTH + 1) * textScale;
        int bandHeight = (BitmapFont.HEIGHT + 2) * textScale;
        int bandWidth = text.length() * charWidth + textScale;
        int top = yAbove - bandHeight >= 0 ? yAbove - bandHeight : yAbove;
        int left = Math.max(0, Math.min(x, width - bandWidth));
        fill(left, top, bandWidth, bandHeight, band);
        for (int i = 0; i < text.length(); i++) {
            int[] columns = BitmapFont.glyph(text.charAt(i));
            int gx = left + textScale + i * charWidth;
            for (int col = 0; col < BitmapFont.WIDTH; col++) {
                for (int row = 0; row < BitmapFont.HEIGHT; row++) {
                    if ((columns[col] >> row & 1) != 0) {
                        fill(gx + col * textScale, top + textScale + row * textScale, textScale, textScale, labelText);
                    }
                }
            }
        }
    }

    private void line(int x0, int y0, int x1, int y1, int width, int[] color) {
        int dx = Math.abs(x1 - x0);
        int dy = -Math.abs(y1 - y0);
        int sx = x0 < x1 ? 1 : -1;
        int sy = y0 < y1 ? 1 : -1;
        int err = dx + dy;
        int half = width / 2;
        int steps = 0;
        while (steps++ < 20_000) {
            fill(x0 - half, y0 - half, width, width, color);
            if (x0 == x1 && y0 == y1) {
                return;
            }
            int e2 = 2 * err;
            if (e2 >= dy) {
                err += dy;
                x0 += sx;
            }
            if (e2 <= dx) {
                err += dx;
                y0 += sy;
            }
        }
    }

    /** A rectangle in one colour (Y, U, V): every luma pixel, and every chroma cell it touches. */
    private void fill(int x, int y, int w, int h, int[] color) {
        int xStart = Math.max(0, x);
        int yStart = Math.max(0, y);
        int xEnd = Math.min(width, x + w);
        int yEnd = Math.min(height, y + h);
        if (xStart >= xEnd || yStart >= yEnd) {
            return;
        }
        for (int row = yStart; row < yEnd; row++) {
            Arrays.fill(yuv, row * width + xStart, row * width + xEnd, (byte) color[0]);
        }
        int cxStart = xStart / 2;
        int cxEnd = Math.min(chromaWidth, (xEnd + 1) / 2);
        for (int row = yStart / 2; row < Math.min(chromaHeight, (yEnd + 1) / 2); row++) {
            Arrays.fill(yuv, uStart + row * chromaWidth + cxStart, uStart + row * chromaWidth + cxEnd, (byte) color[1]);
            Arrays.fill(yuv, vStart + row * chromaWidth + cxStart, vStart + row * chromaWidth + cxEnd, (byte) color[2]);
        }
    }
}
