package com.digitstudio.train;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam's update and the step it makes, in one pass over each parameter's native memory: the same arithmetic as
 * ND4J's {@code Adam} updater followed by {@code param.subi(update)}, with the same state layout (first moments,
 * then second moments, in one array of twice the parameter's length), so checkpoints go either way. ND4J's
 * updater makes one pass for the moments and the update and another for the subtraction: 16-20 ms a training
 * step here, where this takes ~10 (docs/decisions/0006-speed.md). A second thread for the dense layer's weights
 * did not make it quicker inside a training step.
 * <p>Not thread-safe: it keeps one block of heap buffers.
 */
final class FusedAdam {
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;
    /** Values copied to the Java heap at a time: four arrays of it stay in a core's L2 cache. */
    static final int BLOCK = 8192;

    private final float[] g = new float[BLOCK];
    private final float[] p = new float[BLOCK];
    private final float[] m = new float[BLOCK];
    private final float[] v = new float[BLOCK];

    /**
     * Moves {@code param} by Adam's update for {@code gradient} at {@code iteration} (0 for the first step) and
     * {@code learningRate}, and updates {@code state} (2 × the parameter's length). The gradient is only read.
     * All three must be float arrays whose values are contiguous in row-major order.
     */
    void step(INDArray param, INDArray gradient, INDArray state, int iteration, double learningRate) {
        long n = param.length();
        if (gradient.length() != n || state.length() != 2 * n) {
            throw new IllegalArgumentException("a parameter of " + n + " values needs a gradient of as many and a state of "
                    + 2 * n + ", got " + gradient.length() + " and " + state.length());
        }
        FloatPointer pp = pointer(param);
        FloatPointer gp = pointer(gradient);
        FloatPointer sp = pointer(state); // first moments at [0, n), second at [n, 2n)
        // as ND4J: the bias corrections folded into the step size, ε outside the square root, float arithmetic
        float b1 = (float) BETA1;
        float b2 = (float) BETA2;
        float c1 = 1 - b1;
        float c2 = 1 - b2;
        float eps = (float) EPSILON;
        float rate = (float) (learningRate * Math.sqrt(1 - Math.pow(BETA2, iteration + 1)) / (1 - Math.pow(BETA1, iteration + 1)));
        if (!Float.isFinite(rate) || rate == 0f) {
            rate = eps;
        }
        for (long start = 0; start < n; start += BLOCK) {
            int len = (int) Math.min(BLOCK, n - start);
            gp.position(start).get(g, 0, len);
            pp.position(start).get(p, 0, len);
            sp.position(start).get(m, 0, len);
            sp.position(n + start).get(v, 0, len);
            for (int i = 0; i < len; i++) {
                float gi = g[i];
                float mi = b1 * m[i] + gi * c1;
                float vi = b2 * v[i] + gi * gi * c2;
                m[i] = mi;
                v[i] = vi;
                p[i] -= mi * rate / ((float) Math.sqrt(vi) + eps);
            }
            pp.position(start).put(p, 0, len);
            sp.position(start).put(m, 0, len);
            sp.position(n + start).put(v, 0, len);
        }
    }

    /**
     * A pointer to the first of the array's values, checked to be floats laid out one after the other. A view's
     * buffer already starts at the view's first value.
     */
    private static FloatPointer pointer(INDArray array) {
        if (array.dataType() != DataType.FLOAT || array.ordering() != 'c' || !rowMajor(array)
                || array.data().length() < array.length()) {
            throw new IllegalArgumentException("Adam's fused update needs contiguous float arrays");
        }
        return new FloatPointer(array.data().addressPointer());
    }

    private static boolean rowMajor(INDArray array) {
        long expected = 1;
        for (int d = array.rank() - 1; d >= 0; d--) {
            if (array.size(d) > 1 && array.stride(d) != expected) {
                return false;
            }
            expected *= array.size(d);
        }
        return true;
    }
}
