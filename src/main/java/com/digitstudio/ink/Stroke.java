package com.digitstudio.ink;

import java.util.List;

/** One pen-down trace: the points in the order they were sampled. Immutable. */
public record Stroke(List<InkPoint> points) {
    public Stroke {
        points = List.copyOf(points);
    }

    public static Stroke of(double... xy) {
        if (xy.length % 2 != 0) {
            throw new IllegalArgumentException("coordinates come in x, y pairs");
        }
        InkPoint[] points = new InkPoint[xy.length / 2];
        for (int i = 0; i < points.length; i++) {
            points[i] = new InkPoint(xy[2 * i], xy[2 * i + 1]);
        }
        return new Stroke(List.of(points));
    }

    public boolean isEmpty() {
        return points.isEmpty();
    }
}
