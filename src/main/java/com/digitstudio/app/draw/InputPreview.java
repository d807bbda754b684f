package com.digitstudio.app.draw;

import com.digitstudio.ink.InkRasterizer;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * Exactly what the model was given: the 28×28 input, each value a square of grey (ink dark on white, as drawn),
 * scaled up by whole pixels so nothing is smoothed.
 */
public final class InputPreview extends Region {
    private static final int SIDE = InkRasterizer.SIDE;
    private final Canvas canvas = new Canvas();
    private float[] pixels;

    public InputPreview() {
        getStyleClass().add("input-preview");
        getChildren().add(canvas);
    }

    /** Shows {@code input} (784 values in [0, 1]), or an empty grid for null. */
    public void show(float[] input) {
        this.pixels = input == null ? null : input.clone();
        draw();
    }

    /** The values shown, or null. */
    public float[] pixels() {
        return pixels == null ? null : pixels.clone();
    }

    @Override
    protected double computePrefWidth(double height) {
        return snappedLeftInset() + 4 * SIDE + snappedRightInset();
    }

    @Override
    protected double computePrefHeight(double width) {
        return snappedTopInset() + 4 * SIDE + snappedBottomInset();
    }

    @Override
    protected double computeMinWidth(double height) {
        return snappedLeftInset() + 2 * SIDE + snappedRightInset();
    }

    @Override
    protected double computeMinHeight(double width) {
        return snappedTopInset() + 2 * SIDE + snappedBottomInset();
    }

    @Override
    protected void layoutChildren() {
        double width = getWidth() - snappedLeftInset() - snappedRightInset();
        double height = getHeight() - snappedTopInset() - snappedBottomInset();
        int cell = Math.max(1, (int) Math.floor(Math.min(width, height) / SIDE));
        double size = cell * SIDE;
        canvas.relocate(snappedLeftInset() + Math.floor((width - size) / 2),
                snappedTopInset() + Math.floor((height - size) / 2));
        if (canvas.getWidth() != size) {
            canvas.setWidth(size);
            canvas.setHeight(size);
            draw();
        }
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double cell = canvas.getWidth() / SIDE;
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        if (pixels != null) {
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    float v = pixels[y * SIDE + x];
                    if (v > 0) {
                        g.setFill(Color.gray(1 - Math.min(1, v)));
                        g.fillRect(x * cell, y * cell, cell, cell);
                    }
                }
            }
        }
    }
}
