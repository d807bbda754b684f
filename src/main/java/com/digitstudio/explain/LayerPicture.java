package com.digitstudio.explain;

import com.digitstudio.model.Activations;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * One picture of every layer for one input, left to right as the network runs, with the saliency map over the
 * input: what {@code explain --png} writes. Each layer has one colour scale (0 to its largest value, dark to
 * bright); the saliency map is red where ink raised the digit's score and blue where it lowered it.
 */
public final class LayerPicture {
    private static final int MARGIN = 16;
    private static final Color BACKGROUND = new Color(0xF5F7FA);
    private static final Color TEXT = new Color(0x1F2937);

    private LayerPicture() {
    }

    public static BufferedImage draw(Activations layers, float[] saliency, int digit, String method) {
        int width = 1590;
        int height = 540;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x = MARGIN;
        int top = 40;
        x = block(g, "input 28×28", layers.input(), 28, 1, 1, 5, x, top) + MARGIN;
        caption(g, "why " + digit + " (" + method + ")", x, top);
        drawSaliency(g, layers.input(), saliency, x, top + 8, 5);
        x += 28 * 5 + 2 * MARGIN;
        x = block(g, "conv1 28×28×32", layers.conv1(), 28, 32, 4, 2, x, top) + MARGIN;
        x = block(g, "pool1 14×14×32", layers.pool1(), 14, 32, 4, 3, x, top) + MARGIN;
        x = block(g, "conv2 14×14×64", layers.conv2(), 14, 64, 8, 2, x, top) + MARGIN;
        x = block(g, "pool2 7×7×64", layers.pool2(), 7, 64, 8, 3, x, top) + MARGIN;
        x = block(g, "dense 1024", layers.dense(), 32, 1, 1, 6, x, top) + MARGIN;
        drawBars(g, layers.probabilities(), x, top);
        g.setColor(TEXT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("Digit Studio · every layer reading one input · reads " + digit, MARGIN, 22);
        g.dispose();
        return image;
    }

    /** {@code maps} maps of side {@code side} (NHWC values), in a grid {@code columns} wide; returns the right edge. */
    private static int block(Graphics2D g, String title, float[] values, int side, int maps, int columns, int scale, int x, int y) {
        caption(g, title, x, y);
        float max = 1e-6f;
        for (float v : values) {
            max = Math.max(max, v);
        }
        int rows = (maps + columns - 1) / columns;
        int cell = side * scale + 2;
        for (int m = 0; m < maps; m++) {
            int ox = x + (m % columns) * cell;
            int oy = y + 8 + (m / columns) * cell;
            for (int py = 0; py < side; py++) {
                for (int px = 0; px < side; px++) {
                    float v = values[(py * side + px) * maps + m] / max;
                    g.setColor(heat(v));
                    g.fillRect(ox + px * scale, oy + py * scale, scale, scale);
                }
            }
        }
        g.setColor(TEXT);
        g.drawString(String.format("0 … %.3g", max), x, y + 8 + rows * cell + 14);
        return x + columns * cell;
    }

    private static void drawSaliency(Graphics2D g, float[] input, float[] saliency, int x, int y, int scale) {
        float max = 1e-9f;
        for (float v : saliency) {
            max = Math.max(max, Math.abs(v));
        }
        for (int p = 0; p < 784; p++) {
            float grey = 1 - 0.35f * input[p];
            float s = saliency[p] / max;
            float r = grey;
            float gr = grey;
            float b = grey;
            if (s > 0) {
                gr = grey * (1 - s);
                b = grey * (1 - s);
            } else if (s < 0) {
                r = grey * (1 + s);
                gr = grey * (1 + s);
            }
            g.setColor(new Color(clamp(r), clamp(gr), clamp(b)));
            g.fillRect(x + (p % 28) * scale, y + (p / 28) * scale, scale, scale);
        }
    }

    private static void drawBars(Graphics2D g, float[] probabilities, int x, int y) {
        caption(g, "softmax", x, y);
        for (int d = 0; d < 10; d++) {
            int by = y + 12 + d * 22;
            g.setColor(TEXT);
            g.drawString(Integer.toString(d), x, by + 12);
            g.setColor(new Color(0x4F46E5));
            g.fillRect(x + 14, by, Math.round(probabilities[d] * 90), 15);
        }
    }

    private static void caption(Graphics2D g, String text, int x, int y) {
        g.setColor(TEXT);
        g.drawString(text, x, y);
    }

    /** Dark blue (0) through teal to yellow (1): a perceptually ordered scale. */
    static Color heat(float v) {
        float t = Math.max(0, Math.min(1, v));
        float r = clamp(-0.1f + 1.1f * t * t);
        float gr = clamp(0.05f + 0.85f * t);
        float b = clamp(0.35f + 0.5f * t - 0.75f * t * t);
        return new Color(r, gr, b);
    }

    private static float clamp(float v) {
        return Math.max(0, Math.min(1, v));
    }
}
