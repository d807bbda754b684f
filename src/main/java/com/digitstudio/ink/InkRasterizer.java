package com.digitstudio.ink;

import java.util.List;
import java.util.Optional;

/**
 * The one path from strokes to the network's 28×28 input, made the way MNIST itself was made: the drawing's
 * bounding box is scaled, keeping its aspect ratio, so that the ink fits a 20×20 box; the strokes are rendered
 * anti-aliased with a pen whose width is fixed in that 28×28 frame (so it does not depend on the size the user
 * drew at, nor on the canvas pen); then the image is moved so that its centre of mass is the frame's centre.
 * <p>
 * Rendering is analytic: each pixel's value is its coverage by the nearest stroke segment (a capsule of the pen's
 * radius, with a one-pixel anti-aliased edge), so no supersampling is needed and the cost grows with the ink,
 * not with the canvas. A drawing with no points gives no image.
 */
public final class InkRasterizer {
    public static final int SIDE = 28;
    /** MNIST's digits fit a 20×20 box. */
    public static final double BOX = 20;
    /** Default pen radius in 28×28 pixels: the ink of a drawing then weighs what an MNIST digit weighs (docs/decisions/0003-ink-preprocessing.md). */
    public static final double DEFAULT_PEN_RADIUS = 1.1;

    private final double penRadius;

    public InkRasterizer() {
        this(DEFAULT_PEN_RADIUS);
    }

    public InkRasterizer(double penRadius) {
        if (!(penRadius > 0 && penRadius < 6)) {
            throw new IllegalArgumentException("pen radius must be in (0, 6) pixels");
        }
        this.penRadius = penRadius;
    }

    public double penRadius() {
        return penRadius;
    }

    /** The 28×28 input (row-major, 0 = background, 1 = ink), or empty for a drawing with no points. */
    public Optional<float[]> rasterize(Ink ink) {
        if (ink.isEmpty()) {
            return Optional.empty();
        }
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (Stroke stroke : ink.strokes()) {
            for (InkPoint p : stroke.points()) {
                if (!Double.isFinite(p.x()) || !Double.isFinite(p.y())) {
                    throw new IllegalArgumentException("a point has a coordinate that is not a finite number");
                }
                minX = Math.min(minX, p.x());
                maxX = Math.max(maxX, p.x());
                minY = Math.min(minY, p.y());
                maxY = Math.max(maxY, p.y());
            }
        }
        double longest = Math.max(maxX - minX, maxY - minY);
        double scale = longest > 0 ? (BOX - 2 * penRadius) / longest : 0;
        double midX = (minX + maxX) / 2;
        double midY = (minY + maxY) / 2;

        float[] image = new float[SIDE * SIDE];
        render(ink, scale, midX, midY, 14.0, 14.0, image);
        CentreOfMass mass = CentreOfMass.of(image, 0, SIDE, SIDE);
        if (mass == null) {
            return Optional.of(image);
        }
        // render again, shifted so that the centre of mass lands on (14, 14) as in MNIST
        java.util.Arrays.fill(image, 0f);
        render(ink, scale, midX, midY, 14.0 + (14.0 - mass.x()), 14.0 + (14.0 - mass.y()), image);
        return Optional.of(image);
    }

    /** Draws every stroke, with point (midX, midY) of the drawing at (atX, atY) in the image. */
    private void render(Ink ink, double scale, double midX, double midY, double atX, double atY, float[] image) {
        for (Stroke stroke : ink.strokes()) {
            List<InkPoint> points = stroke.points();
            if (points.isEmpty()) {
                continue;
            }
            double px = (points.get(0).x() - midX) * scale + atX;
            double py = (points.get(0).y() - midY) * scale + atY;
            if (points.size() == 1) {
                segment(image, px, py, px, py);
            }
            for (int i = 1; i < points.size(); i++) {
                double qx = (points.get(i).x() - midX) * scale + atX;
                double qy = (points.get(i).y() - midY) * scale + atY;
                if (i < points.size() - 1 && Math.abs(qx - px) + Math.abs(qy - py) < 0.05) {
                    continue; // sub-pixel move: merge into the next segment
                }
                segment(image, px, py, qx, qy);
                px = qx;
                py = qy;
            }
        }
    }

    /** Coverage of a capsule from (ax, ay) to (bx, by): pixel centres are at integer coordinates. */
    private void segment(float[] image, double ax, double ay, double bx, double by) {
        double reach = penRadius + 0.5;
        int x0 = Math.max(0, (int) Math.floor(Math.min(ax, bx) - reach));
        int x1 = Math.min(SIDE - 1, (int) Math.ceil(Math.max(ax, bx) + reach));
        int y0 = Math.max(0, (int) Math.floor(Math.min(ay, by) - reach));
        int y1 = Math.min(SIDE - 1, (int) Math.ceil(Math.max(ay, by) + reach));
        double dx = bx - ax;
        double dy = by - ay;
        double lengthSquared = dx * dx + dy * dy;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double t = lengthSquared == 0 ? 0 : ((x - ax) * dx + (y - ay) * dy) / lengthSquared;
                t = t < 0 ? 0 : (t > 1 ? 1 : t);
                double ex = x - (ax + t * dx);
                double ey = y - (ay + t * dy);
                double coverage = reach - Math.sqrt(ex * ex + ey * ey);
                if (coverage > 0) {
                    int i = y * SIDE + x;
                    float v = (float) Math.min(1.0, coverage);
                    if (v > image[i]) {
                        image[i] = v;
                    }
                }
            }
        }
    }
}
