package com.digitstudio.ink;

/** A sampled pen position: any coordinate unit, y growing downwards; {@code time} in milliseconds (0 if unknown). */
public record InkPoint(double x, double y, long time) {
    public InkPoint(double x, double y) {
        this(x, y, 0);
    }
}
