package dev.vigil.media;

/**
 * The YUV to RGB conversions frames come in: BT.601 (standard definition) or BT.709 (HD), in
 * limited range (Y 16-235, what video codecs carry) or full range (Y 0-255, JPEG). Integer
 * arithmetic with 16-bit fixed-point coefficients, the same formulas GStreamer's videoconvert uses.
 */
public enum YuvMatrix {
    BT601(0.299, 0.114, false),
    BT709(0.2126, 0.0722, false),
    BT601_FULL(0.299, 0.114, true),
    BT709_FULL(0.2126, 0.0722, true);

    private final boolean fullRange;
    // YUV -> RGB, scaled by 65536
    private final int yScale;
    private final int vToR;
    private final int uToG;
    private final int vToG;
    private final int uToB;
    // RGB -> YUV, scaled by 65536
    private final int[] toY;
    private final int[] toU;
    private final int[] toV;

    YuvMatrix(double kr, double kb, boolean fullRange) {
        this.fullRange = fullRange;
        double kg = 1 - kr - kb;
        double yRange = fullRange ? 255.0 : 219.0;
        double cRange = fullRange ? 255.0 : 224.0;
        double ys = 255.0 / yRange;
        double cs = 255.0 / cRange;
        yScale = fixed(ys);
        vToR = fixed(cs * 2 * (1 - kr));
        uToB = fixed(cs * 2 * (1 - kb));
        uToG = fixed(cs * 2 * (1 - kb) * kb / kg);
        vToG = fixed(cs * 2 * (1 - kr) * kr / kg);
        toY = new int[] {fixed(kr / ys), fixed(kg / ys), fixed(kb / ys)};
        toU = new int[] {fixed(-kr / (2 * (1 - kb)) / cs), fixed(-kg / (2 * (1 - kb)) / cs), fixed(0.5 / cs)};
        toV = new int[] {fixed(0.5 / cs), fixed(-kg / (2 * (1 - kr)) / cs), fixed(-kb / (2 * (1 - kr)) / cs)};
    }

    private static int fixed(double value) {
        return (int) Math.round(value * 65536);
    }

    /**
     * The matrix of a GStreamer colorimetry: a name ("bt601", "bt709", "bt2020", "smpte240m") or
     * "range:matrix:transfer:primaries" (range 1 full, 2 limited; matrix 3 BT.709, 4 BT.601). Unknown
     * or absent: what GStreamer assumes for the size (BT.709 from 720 lines up, else BT.601, limited).
     * BT.2020 and SMPTE 240M are taken as BT.709, their nearest.
     */
    public static YuvMatrix of(String colorimetry, int height) {
        boolean hd = height >= 720;
        if (colorimetry == null || colorimetry.isBlank()) {
            return hd ? BT709 : BT601;
        }
        switch (colorimetry) {
            case "bt601":
                return BT601;
            case "bt709", "bt2020", "bt2100-pq", "bt2100-hlg", "smpte240m":
                return BT709;
            default:
                break;
        }
        String[] parts = colorimetry.split(":");
        if (parts.length != 4) {
            return hd ? BT709 : BT601;
        }
        boolean full = parts[0].equals("1");
        boolean bt709 = switch (parts[1]) {
            case "3", "5", "6" -> true;
            case "4", "2" -> false;
            default -> hd;
        };
        return bt709 ? (full ? BT709_FULL : BT709) : (full ? BT601_FULL : BT601);
    }

    public boolean fullRange() {
        return fullRange;
    }

    /** Packed RGB (0xRRGGBB, full range) of one YUV sample. */
    public int rgb(int y, int u, int v) {
        int c = ((fullRange ? y : y - 16) * yScale) + 32768;
        int d = u - 128;
        int e = v - 128;
        int r = clamp((c + vToR * e) >> 16);
        int g = clamp((c - uToG * d - vToG * e) >> 16);
        int b = clamp((c + uToB * d) >> 16);
        return r << 16 | g << 8 | b;
    }

    /** Y of a full-range RGB colour. */
    public int y(int r, int g, int b) {
        return clamp(((toY[0] * r + toY[1] * g + toY[2] * b + 32768) >> 16) + (fullRange ? 0 : 16));
    }

    /** U (Cb) of a full-range RGB colour. */
    public int u(int r, int g, int b) {
        return clamp(((toU[0] * r + toU[1] * g + toU[2] * b + 32768) >> 16) + 128);
    }

    /** V (Cr) of a full-range RGB colour. */
    public int v(int r, int g, int b) {
        return clamp(((toV[0] * r + toV[1] * g + toV[2] * b + 32768) >> 16) + 128);
    }

    private static int clamp(int value) {
        return value < 0 ? 0 : Math.min(value, 255);
    }
}
