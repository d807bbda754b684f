package com.digitstudio.ink;

import java.util.ArrayList;
import java.util.List;

/** A drawing: its strokes in drawing order. Immutable; the source of truth for what the model sees. */
public record Ink(List<Stroke> strokes) {
    public static final Ink EMPTY = new Ink(List.of());

    public Ink {
        strokes = List.copyOf(strokes);
    }

    public static Ink of(Stroke... strokes) {
        return new Ink(List.of(strokes));
    }

    /** True when there is no point to draw: such a drawing gets no prediction. */
    public boolean isEmpty() {
        return strokes.stream().allMatch(Stroke::isEmpty);
    }

    public int pointCount() {
        return strokes.stream().mapToInt(s -> s.points().size()).sum();
    }

    public Ink withStroke(Stroke stroke) {
        List<Stroke> more = new ArrayList<>(strokes);
        more.add(stroke);
        return new Ink(more);
    }

    /** The drawing without its last stroke (undo). */
    public Ink withoutLastStroke() {
        return strokes.isEmpty() ? this : new Ink(strokes.subList(0, strokes.size() - 1));
    }
}
