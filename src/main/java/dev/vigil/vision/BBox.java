package dev.vigil.vision;

/** An axis-aligned box in frame pixels: top-left corner, width and height. */
public record BBox(double x, double y, double w, double h) {

    public double centerX() {
        return x + w / 2;
    }

    public double centerY() {
        return y + h / 2;
    }

    public double area() {
        return Math.max(0, w) * Math.max(0, h);
    }

    /** Intersection over union with another box, 0 when they do not touch. */
    public double iou(BBox other) {
        double ix = Math.max(0, Math.min(x + w, other.x + other.w) - Math.max(x, other.x));
        double iy = Math.max(0, Math.min(y + h, other.y + other.h) - Math.max(y, other.y));
        double inter = ix * iy;
        double union = area() + other.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /** The smallest box holding this one and {@code other}. */
    public BBox union(BBox other) {
        double ux = Math.min(x, other.x);
        double uy = Math.min(y, other.y);
        return new BBox(ux, uy, Math.max(x + w, other.x + other.w) - ux, Math.max(y + h, other.y + other.h) - uy);
    }
}
