package com.digitstudio.app.draw;

import com.digitstudio.ink.InkPoint;

import java.util.List;

/**
 * How a stroke is drawn, on the pad and in saved images alike: a centripetal Catmull-Rom curve through its points, as cubic
 * Bézier pieces. The curve passes through every sampled point, so what is shown follows the same path as the
 * polyline the model's input is made from, only without corners.
 */
final class StrokePath {
    /** Receives the path in pixels. */
    interface Sink {
        void moveTo(double x, double y);

        void curveTo(double x1, double y1, double x2, double y2, double x, double y);
    }

    private StrokePath() {
    }

    /** The whole stroke (two points or more), coordinates multiplied by {@code scale}. */
    static void trace(List<InkPoint> points, double scale, Sink sink) {
        sink.moveTo(points.get(0).x() * scale, points.get(0).y() * scale);
        for (int i = 0; i < points.size() - 1; i++) {
            piece(points, i, scale, sink);
        }
    }

    /**
     * The piece from point {@code i} to point {@code i + 1} (the path must already be at point {@code i}). Its shape
     * depends on the points on either side, so a piece is final once point {@code i + 2} exists. Control points after
 * Yuksel, Schaefer and Keyser, "Parameterization and applications of Catmull-Rom curves" (2011).
     */
    static void piece(List<InkPoint> points, int i, double scale, Sink sink) {
        InkPoint p0 = points.get(Math.max(0, i - 1));
        InkPoint p1 = points.get(i);
        InkPoint p2 = points.get(i + 1);
        InkPoint p3 = points.get(Math.min(points.size() - 1, i + 2));
        // centripetal parameterisation (alpha = 1/2): no loops or cusps however unevenly the points are spaced
        double d1 = Math.sqrt(Math.hypot(p1.x() - p0.x(), p1.y() - p0.y()));
        double d2 = Math.sqrt(Math.hypot(p2.x() - p1.x(), p2.y() - p1.y()));
        double d3 = Math.sqrt(Math.hypot(p3.x() - p2.x(), p3.y() - p2.y()));
        double x1 = p1.x();
        double y1 = p1.y();
        double x2 = p2.x();
        double y2 = p2.y();
        if (d1 > 0 && d2 > 0) {
            double k = 3 * d1 * (d1 + d2);
            double m = 2 * d1 * d1 + 3 * d1 * d2 + d2 * d2;
            x1 = (d1 * d1 * p2.x() - d2 * d2 * p0.x() + m * p1.x()) / k;
            y1 = (d1 * d1 * p2.y() - d2 * d2 * p0.y() + m * p1.y()) / k;
        }
        if (d3 > 0 && d2 > 0) {
            double k = 3 * d3 * (d3 + d2);
            double m = 2 * d3 * d3 + 3 * d3 * d2 + d2 * d2;
            x2 = (d3 * d3 * p1.x() - d2 * d2 * p3.x() + m * p2.x()) / k;
            y2 = (d3 * d3 * p1.y() - d2 * d2 * p3.y() + m * p2.y()) / k;
        }
        sink.curveTo(x1 * scale, y1 * scale, x2 * scale, y2 * scale, p2.x() * scale, p2.y() * scale);
    }
}
