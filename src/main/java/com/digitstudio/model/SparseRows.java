package com.digitstudio.model;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One image's product {@code x · W} for a dense layer whose input {@code x} is mostly zeros, reading only the rows
 * of {@code W} that a non-zero input selects. The dense layer's input is the second pooling layer's output after
 * ReLU: 86% zeros for MNIST test digits with the shipped model (338-566 of 3,136 values non-zero). A matrix
 * product reads all of {@code W} (12.8 MB) for every image, and that read was ~60% of a prediction here
 * (docs/decisions/0006-speed.md); these rows are ~2 MB. The rows are read from the live weights each time, so a
 * network being trained or fine-tuned is never seen stale.
 * <p>Not thread-safe: it belongs to one single-image pass.
 */
final class SparseRows {
    /** Above this share of non-zero inputs, the full matrix product is quicker: reading a row costs a native call. */
    private static final double MAX_DENSITY = 0.5;

    private final FloatPointer weights;
    private final int inputs;
    private final int outputs;
    private final float[] x;
    private final float[] row;
    private final float[] sum;

    private SparseRows(INDArray w) {
        inputs = (int) w.size(0);
        outputs = (int) w.size(1);
        weights = new FloatPointer(w.data().addressPointer());
        x = new float[inputs];
        row = new float[outputs];
        sum = new float[outputs];
    }

    /** For a whole, row-major float matrix; null for anything else (a view, another layout), which keeps the product. */
    static SparseRows of(INDArray w) {
        boolean whole = w.rank() == 2 && w.dataType() == DataType.FLOAT && w.ordering() == 'c' && w.offset() == 0
                && w.data().length() == w.length() && w.elementWiseStride() == 1;
        return whole ? new SparseRows(w) : null;
    }

    /**
     * Writes {@code input · W} (input 1×inputs, flattened in any shape) into {@code output} (1×outputs) and returns
     * true; or returns false without writing when too few inputs are zero for this to pay.
     */
    boolean multiply(INDArray input, INDArray output) {
        NativeOp.get(input, x, 0, inputs);
        int nonZero = 0;
        for (float v : x) {
            if (v != 0f) {
                nonZero++;
            }
        }
        if (nonZero > MAX_DENSITY * inputs) {
            return false;
        }
        java.util.Arrays.fill(sum, 0f);
        for (int j = 0; j < inputs; j++) {
            float v = x[j];
            if (v != 0f) {
                weights.position((long) j * outputs).get(row, 0, outputs);
                for (int k = 0; k < outputs; k++) {
                    sum[k] += v * row[k];
                }
            }
        }
        weights.position(0);
        NativeOp.put(output, sum, 0, outputs);
        return true;
    }
}
