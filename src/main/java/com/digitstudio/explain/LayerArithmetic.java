package com.digitstudio.explain;

import com.digitstudio.model.Activations;

import java.util.Map;

/**
 * The arithmetic behind one value of a convolution or pooling layer, recomputed from the network's own
 * weights and the layer below's values: what the Inside tab shows when the pointer rests on a pixel of a map.
 * Layouts are those of {@link Activations} (NHWC) and of the weights (5×5×in×out).
 */
public final class LayerArithmetic {
    /** A 5×5 (×depth) window of the layer below, the kernel over it, and the result. Arrays are [ky][kx][c]. */
    public record Convolution(String layer, int y, int x, int map, int depth, float[] window, float[] kernel,
                              float bias, double sum, float value) {
        /** window × kernel, element by element. */
        public double[] products() {
            double[] out = new double[window.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (double) window[i] * kernel[i];
            }
            return out;
        }

        /** The products' sum before the bias. */
        public double dot() {
            return sum - bias;
        }
    }

    /** A 2×2 window of the layer below (row-major) and its maximum. */
    public record Pooling(String layer, int y, int x, int map, float[] window, float value) {
    }

    private final Map<String, float[]> weights;

    /** @param weights the network's parameters ({@code CnnNetwork.weights()}) */
    public LayerArithmetic(Map<String, float[]> weights) {
        this.weights = weights;
    }

    /** conv1 at (y, x) of map {@code map}: the input's 5×5 window around it. */
    public Convolution conv1(Activations layers, int y, int x, int map) {
        return convolution("conv1", layers.input(), 28, 1, weights.get("conv1_w"), weights.get("conv1_b"), 32, y, x, map);
    }

    /** conv2 at (y, x) of map {@code map}: pool1's 5×5×32 window around it. */
    public Convolution conv2(Activations layers, int y, int x, int map) {
        return convolution("conv2", layers.pool1(), 14, 32, weights.get("conv2_w"), weights.get("conv2_b"), 64, y, x, map);
    }

    public static Pooling pool1(Activations layers, int y, int x, int map) {
        return pooling("pool1", layers.conv1(), 28, 32, y, x, map);
    }

    public static Pooling pool2(Activations layers, int y, int x, int map) {
        return pooling("pool2", layers.conv2(), 14, 64, y, x, map);
    }

    /** The 5×5 kernel slices of one output map, [ky][kx][c] (c over the {@code depth} input maps). */
    public float[] kernel(String layer, int map) {
        boolean first = layer.equals("conv1");
        float[] w = weights.get(first ? "conv1_w" : "conv2_w");
        int depth = first ? 1 : 32;
        int maps = first ? 32 : 64;
        float[] out = new float[25 * depth];
        for (int k = 0; k < 25; k++) {
            for (int c = 0; c < depth; c++) {
                out[k * depth + c] = w[(k * depth + c) * maps + map];
            }
        }
        return out;
    }

    public float bias(String layer, int map) {
        return weights.get(layer.equals("conv1") ? "conv1_b" : "conv2_b")[map];
    }

    private Convolution convolution(String layer, float[] below, int side, int depth, float[] w, float[] b, int maps,
                                    int y, int x, int map) {
        check(y, x, side, map, maps);
        float[] window = new float[25 * depth];
        float[] kernel = new float[25 * depth];
        double sum = b[map];
        for (int ky = 0; ky < 5; ky++) {
            for (int kx = 0; kx < 5; kx++) {
                int sy = y + ky - 2;
                int sx = x + kx - 2;
                boolean inside = sy >= 0 && sy < side && sx >= 0 && sx < side;
                for (int c = 0; c < depth; c++) {
                    int k = (ky * 5 + kx) * depth + c;
                    window[k] = inside ? below[(sy * side + sx) * depth + c] : 0f;
                    kernel[k] = w[k * maps + map];
                    sum += (double) window[k] * kernel[k];
                }
            }
        }
        return new Convolution(layer, y, x, map, depth, window, kernel, b[map], sum, (float) Math.max(0, sum));
    }

    private static Pooling pooling(String layer, float[] below, int side, int depth, int y, int x, int map) {
        check(y, x, side / 2, map, depth);
        float[] window = new float[4];
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < 4; i++) {
            window[i] = below[((2 * y + i / 2) * side + 2 * x + i % 2) * depth + map];
            max = Math.max(max, window[i]);
        }
        return new Pooling(layer, y, x, map, window, max);
    }

    private static void check(int y, int x, int side, int map, int maps) {
        if (y < 0 || y >= side || x < 0 || x >= side || map < 0 || map >= maps) {
            throw new IllegalArgumentException("(" + y + ", " + x + ") of map " + map + " is outside a "
                    + side + "×" + side + "×" + maps + " layer");
        }
    }
}
