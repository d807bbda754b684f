package com.digitstudio.app.draw;

import com.digitstudio.ink.Ink;
import com.digitstudio.ink.InkPoint;
import com.digitstudio.ink.Stroke;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Clear drawings of a few digits as polylines in pad units (0..1 across the pad, y down), as a person draws them. */
public final class DrawnDigits {
    private DrawnDigits() {
    }

    /** A vertical bar with a small slant. */
    public static final double[][] ONE = {{0.52, 0.18, 0.50, 0.50, 0.48, 0.82}};
    /** A bar across the top and a long diagonal down to the left. */
    public static final double[][] SEVEN = {{0.30, 0.22, 0.50, 0.22, 0.70, 0.22, 0.58, 0.50, 0.45, 0.82}};
    /** An upright oval, drawn from the top anticlockwise and closed. */
    public static final double[][] ZERO = {oval(0.5, 0.5, 0.2, 0.3, 16)};
    /** Two strokes: an open corner, then the long down stroke. */
    public static final double[][] FOUR = {{0.40, 0.20, 0.30, 0.58, 0.72, 0.58}, {0.62, 0.30, 0.62, 0.84}};

    private static double[] oval(double cx, double cy, double rx, double ry, int n) {
        double[] xy = new double[2 * (n + 1)];
        for (int i = 0; i <= n; i++) {
            double t = 2 * Math.PI * i / n;
            xy[2 * i] = cx - rx * Math.sin(t);
            xy[2 * i + 1] = cy - ry * Math.cos(t);
        }
        return xy;
    }

    /** The drawing as Ink, each polyline densely sampled (as a mouse would report it). */
    public static Ink ink(double[][] strokes) {
        List<Stroke> out = new ArrayList<>();
        for (double[] polyline : strokes) {
            List<InkPoint> points = new ArrayList<>();
            for (double[] p : densify(polyline, 0.01)) {
                points.add(new InkPoint(p[0], p[1]));
            }
            out.add(new Stroke(points));
        }
        return new Ink(out);
    }

    /** Points along the polyline no further apart than {@code step}. */
    public static List<double[]> densify(double[] polyline, double step) {
        List<double[]> points = new ArrayList<>();
        points.add(new double[]{polyline[0], polyline[1]});
        for (int i = 2; i < polyline.length; i += 2) {
            double ax = polyline[i - 2];
            double ay = polyline[i - 1];
            double bx = polyline[i];
            double by = polyline[i + 1];
            int n = Math.max(1, (int) Math.ceil(Math.hypot(bx - ax, by - ay) / step));
            for (int k = 1; k <= n; k++) {
                points.add(new double[]{ax + (bx - ax) * k / n, ay + (by - ay) * k / n});
            }
        }
        return points;
    }

    public static String describe(double[][] strokes) {
        return Arrays.deepToString(strokes);
    }
}
