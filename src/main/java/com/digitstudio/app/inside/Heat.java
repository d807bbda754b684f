package com.digitstudio.app.inside;

import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;

/** The Inside tab's colour scales and the pictures made with them. */
final class Heat {
    private static final int GAP = 0xFFE2E8F0;

    private Heat() {
    }

    /** Dark blue (0) through teal to yellow (1), the same scale as {@code explain --png}. */
    static int argb(double v) {
        double t = Math.max(0, Math.min(1, v));
        return pack(-0.1 + 1.1 * t * t, 0.05 + 0.85 * t, 0.35 + 0.5 * t - 0.75 * t * t);
    }

    static Color color(double v) {
        int c = argb(v);
        return Color.rgb((c >> 16) & 0xFF, (c >> 8) & 0xFF, c & 0xFF);
    }

    /** Red for positive, blue for negative, white at 0; {@code v} in [-1, 1]. */
    static int diverging(double v) {
        double t = Math.max(-1, Math.min(1, v));
        return t >= 0 ? pack(1, 1 - t, 1 - t) : pack(1 + t, 1 + t, 1);
    }

    static int pack(double r, double g, double b) {
        return 0xFF000000 | channel(r) << 16 | channel(g) << 8 | channel(b);
    }

    private static int channel(double v) {
        return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
    }

    /**
     * {@code maps} maps of side {@code side} from NHWC {@code values}, in a grid {@code columns} wide with a
     * 1-pixel gap, each value divided by {@code max}.
     */
    static WritableImage grid(float[] values, int side, int maps, int columns, float max) {
        int rows = (maps + columns - 1) / columns;
        int width = columns * (side + 1) - 1;
        int height = rows * (side + 1) - 1;
        int[] pixels = new int[width * height];
        java.util.Arrays.fill(pixels, GAP);
        float scale = max > 0 ? 1 / max : 0;
        for (int m = 0; m < maps; m++) {
            int ox = (m % columns) * (side + 1);
            int oy = (m / columns) * (side + 1);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    pixels[(oy + y) * width + ox + x] = argb(values[(y * side + x) * maps + m] * scale);
                }
            }
        }
        return image(pixels, width, height);
    }

    /** One map ({@code map} of {@code maps}) as a side×side picture. */
    static WritableImage map(float[] values, int side, int maps, int map, float max) {
        float[] one = new float[side * side];
        for (int p = 0; p < one.length; p++) {
            one[p] = values[p * maps + map];
        }
        return grid(one, side, 1, 1, max);
    }

    /** A signed picture: red above 0, blue below, each divided by the largest magnitude. */
    static WritableImage signed(float[] values, int width, int height) {
        float max = 1e-9f;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        int[] pixels = new int[width * height];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = diverging(values[i] / max);
        }
        return image(pixels, width, height);
    }

    /** The picture with each pixel repeated {@code factor}×{@code factor} times: crisp at any renderer. */
    static WritableImage zoom(javafx.scene.image.Image source, int factor) {
        int w = (int) source.getWidth();
        int h = (int) source.getHeight();
        int[] in = new int[w * h];
        source.getPixelReader().getPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), in, 0, w);
        int zw = w * factor;
        int[] out = new int[zw * h * factor];
        for (int y = 0; y < h * factor; y++) {
            for (int x = 0; x < zw; x++) {
                out[y * zw + x] = in[(y / factor) * w + x / factor];
            }
        }
        return image(out, zw, h * factor);
    }

    /** A picture of {@code argb} pixels, row-major. */
    static WritableImage image(int[] argb, int width, int height) {
        WritableImage image = new WritableImage(width, height);
        image.getPixelWriter().setPixels(0, 0, width, height, javafx.scene.image.PixelFormat.getIntArgbInstance(), argb, 0, width);
        return image;
    }

    /** A 28×28 grey picture of an input: ink (1) black on white. */
    static WritableImage digit(float[] pixels) {
        int[] argb = new int[784];
        for (int p = 0; p < 784; p++) {
            double v = 1 - pixels[p];
            argb[p] = pack(v, v, v);
        }
        return image(argb, 28, 28);
    }

    static float max(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
