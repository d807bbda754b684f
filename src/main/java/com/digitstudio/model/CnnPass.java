package com.digitstudio.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.digitstudio.model.NativeOp.arrays;

/**
 * The CNN's forward pass (and, for training, its backward pass) for a fixed batch size, with every array
 * allocated once and every kernel call prepared once. Layout is NHWC throughout, as TensorFlow's tutorial has it:
 * <pre>
 * x 28×28×1 → conv1 28×28×32 (ReLU) → pool1 14×14×32 → conv2 14×14×64 (ReLU) → pool2 7×7×64 = 3136
 *   → dense 1024 (ReLU) → [× dropout mask, training only] → logits 10
 * </pre>
 * The loss (softmax cross-entropy, mean over the batch) and its gradient with respect to the logits are computed
 * in Java from the ten logits per image; everything else runs in libnd4j's kernels (oneDNN for the convolutions).
 * Not thread-safe: one thread uses a pass at a time.
 */
final class CnnPass implements AutoCloseable {
    enum Mode {
        /** Forward only. */
        INFERENCE,
        /** Forward with a dropout mask, backward to every parameter. */
        TRAINING,
        /** Forward without dropout, backward from chosen logits to the input image (for saliency). */
        INPUT_GRADIENT
    }

    private static final long[] CONV = {5, 5, 1, 1, 0, 0, 1, 1, 1, 1, 0}; // 5×5, stride 1, SAME, NHWC, weights YXIO
    private static final long[] POOL = {2, 2, 2, 2, 0, 0, 1, 1, 0, 0, 1}; // 2×2, stride 2, VALID, NHWC
    static final int FLAT = 7 * 7 * 64;

    final int batch;
    final Mode mode;
    final INDArray x;
    /** After ReLU in an inference pass; before it in a pass with a backward pass (see the constructor). */
    final INDArray conv1;
    final INDArray pool1;
    /** After ReLU in an inference pass; before it in a pass with a backward pass. */
    final INDArray conv2;
    final INDArray pool2;
    final INDArray dense;
    final INDArray logits;
    /** Dropout mask (0 or 1/keep), training only. */
    final INDArray keep;

    private final INDArray dropped;
    private final List<NativeOp> forward = new ArrayList<>();
    /** Where the dense layer's matrix product is in {@link #forward}. */
    private final int denseProduct;
    /** One image's dense layer computed from its non-zero inputs only ({@link SparseRows}); null: not used. */
    private final SparseRows sparse;
    private final List<NativeOp> backward = new ArrayList<>();
    private final List<INDArray> owned = new ArrayList<>();
    /** The batch's 5×5 patches (training only): see {@link TrainingBatch}. */
    private INDArray patches;
    private final float[] logitValues;
    private final float[] logitGradient;
    private INDArray dLogits;
    /** Gradients by parameter name, in {@link CnnNetwork#PARAM_SHAPES} order; overwritten by every step. */
    private final Map<String, INDArray> gradients = new java.util.LinkedHashMap<>();

    /** d(chosen logits)/d(input), batch × 28×28×1 (input-gradient mode only). */
    private INDArray dX;

    CnnPass(int batch, Map<String, INDArray> p, Mode mode) {
        this.batch = batch;
        this.mode = mode;
        boolean training = mode == Mode.TRAINING;
        x = array(batch, 28, 28, 1);
        conv1 = array(batch, 28, 28, 32);
        pool1 = array(batch, 14, 14, 32);
        conv2 = array(batch, 14, 14, 64);
        pool2 = array(batch, 7, 7, 64);
        dense = array(batch, CnnNetwork.HIDDEN);
        logits = array(batch, DigitClassifier.CLASSES);
        INDArray flat = pool2.reshape(batch, FLAT);
        logitValues = new float[batch * DigitClassifier.CLASSES];
        logitGradient = new float[batch * DigitClassifier.CLASSES];

        // ReLU and max-pooling commute (the largest of four values after ReLU is ReLU of the largest), so passes
        // with a backward pass apply ReLU to the 4× smaller pooled maps. Inference keeps ReLU on the full maps,
        // whose values the Inside view shows; conv1 and conv2 hold values before ReLU otherwise.
        boolean reluAfterPool = mode != Mode.INFERENCE;
        forward.add(NativeOp.of("conv2d", arrays(x, p.get("conv1_w"), p.get("conv1_b")), arrays(conv1), CONV));
        reluAndPool(conv1, pool1, reluAfterPool);
        forward.add(NativeOp.of("conv2d", arrays(pool1, p.get("conv2_w"), p.get("conv2_b")), arrays(conv2), CONV));
        reluAndPool(conv2, pool2, reluAfterPool);
        denseProduct = forward.size();
        forward.add(NativeOp.of("matmul", arrays(flat, p.get("dense_w")), arrays(dense)));
        sparse = mode == Mode.INFERENCE && batch == 1 ? SparseRows.of(p.get("dense_w")) : null;
        forward.add(NativeOp.of("biasadd", arrays(dense, p.get("dense_b")), arrays(dense)));
        forward.add(relu(dense));
        if (training) {
            keep = array(batch, CnnNetwork.HIDDEN);
            dropped = array(batch, CnnNetwork.HIDDEN);
            forward.add(NativeOp.of("multiply", arrays(dense, keep), arrays(dropped)));
        } else {
            keep = null;
            dropped = dense;
        }
        forward.add(NativeOp.of("matmul", arrays(dropped, p.get("logits_w")), arrays(logits)));
        forward.add(NativeOp.of("biasadd", arrays(logits, p.get("logits_b")), arrays(logits)));
        if (training) {
            buildBackward(p, flat);
        } else if (mode == Mode.INPUT_GRADIENT) {
            buildInputBackward(p, flat);
        }
    }

    private void buildInputBackward(Map<String, INDArray> p, INDArray flat) {
        dLogits = array(batch, DigitClassifier.CLASSES);
        INDArray dDense = array(batch, CnnNetwork.HIDDEN);
        backward.add(NativeOp.of("matmul", arrays(dLogits, p.get("logits_w")), arrays(dDense), 0, 1, 0));
        // the weights' gradients come with conv2d_bp; nobody reads them here
        INDArray dConv1 = backToConv1(p, flat, dDense, null,
                array(CnnNetwork.PARAM_SHAPES.get("conv2_w")), array(CnnNetwork.PARAM_SHAPES.get("conv2_b")));
        dX = array(batch, 28, 28, 1);
        backward.add(NativeOp.of("conv2d_bp", arrays(x, p.get("conv1_w"), p.get("conv1_b"), dConv1),
                arrays(dX, array(CnnNetwork.PARAM_SHAPES.get("conv1_w")), array(CnnNetwork.PARAM_SHAPES.get("conv1_b"))), CONV));
    }

    /**
     * The backward pass shared by training and input gradients, from {@code dDense} (the gradient at the dense
     * layer's ReLU output) down to the gradient at conv1's ReLU input, which it returns. With {@code g}, the
     * dense layer's weight and bias gradients go into it; conv2's go into {@code conv2w} and {@code conv2b}.
     */
    private INDArray backToConv1(Map<String, INDArray> p, INDArray flat, INDArray dDense, Map<String, INDArray> g,
                                 INDArray conv2w, INDArray conv2b) {
        INDArray dDenseIn = array(batch, CnnNetwork.HIDDEN);
        INDArray dFlat = array(batch, FLAT);
        INDArray dPool2 = dFlat.reshape(batch, 7, 7, 64);
        INDArray dPool2Live = array(batch, 7, 7, 64);
        INDArray dConv2 = array(batch, 14, 14, 64);
        INDArray dPool1 = array(batch, 14, 14, 32);
        INDArray dPool1Live = array(batch, 14, 14, 32);
        INDArray dConv1 = array(batch, 28, 28, 32);
        // dense = relu(flat · dense_w + dense_b)
        backward.add(NativeOp.withFloats("relu_bp", arrays(dense, dDense), arrays(dDenseIn), 0.0));
        if (g != null) {
            backward.add(NativeOp.of("matmul", arrays(flat, dDenseIn), arrays(g.get("dense_w")), 1, 0, 0));
            backward.add(NativeOp.withBools("reduce_sum", arrays(dDenseIn), arrays(g.get("dense_b")), new long[]{0}, false));
        }
        backward.add(NativeOp.of("matmul", arrays(dDenseIn, p.get("dense_w")), arrays(dFlat), 0, 1, 0));
        // pool2 = relu(maxpool(conv2d(pool1))). Unpooling sends a window's gradient to its largest value (found
        // in conv2, before ReLU), and only where the pooled value is above 0: the same gradient as ReLU's on the
        // full map followed by unpooling, where a window of values all at most 0 gets none either.
        backward.add(NativeOp.withFloats("relu_bp", arrays(pool2, dPool2), arrays(dPool2Live), 0.0));
        backward.add(NativeOp.of("maxpool2d_bp", arrays(conv2, dPool2Live), arrays(dConv2), POOL));
        backward.add(NativeOp.of("conv2d_bp", arrays(pool1, p.get("conv2_w"), p.get("conv2_b"), dConv2),
                arrays(dPool1, conv2w, conv2b), CONV));
        // pool1 = relu(maxpool(conv2d(x)))
        backward.add(NativeOp.withFloats("relu_bp", arrays(pool1, dPool1), arrays(dPool1Live), 0.0));
        backward.add(NativeOp.of("maxpool2d_bp", arrays(conv1, dPool1Live), arrays(dConv1), POOL));
        return dConv1;
    }

    /**
     * The gradient of {@code weights · logits} (per image, {@code weights} n×10) with respect to each input pixel,
     * for {@code n ≤ batch} images; written into {@code out[0 .. n·784)}. Input-gradient mode only.
     */
    void inputGradient(float[] pixels, int n, float[] weights, float[] out) {
        if (mode != Mode.INPUT_GRADIENT || n > batch) {
            throw new IllegalStateException("no input gradient for " + n + " images in a " + mode + " pass of " + batch);
        }
        forward(pixels, 0, n);
        java.util.Arrays.fill(logitGradient, 0f);
        System.arraycopy(weights, 0, logitGradient, 0, n * DigitClassifier.CLASSES);
        NativeOp.put(dLogits, logitGradient, 0, logitGradient.length);
        for (NativeOp op : backward) {
            op.run();
        }
        NativeOp.get(dX, out, 0, n * DigitClassifier.INPUTS);
    }

    private void buildBackward(Map<String, INDArray> p, INDArray flat) {
        Map<String, INDArray> g = gradients;
        for (Map.Entry<String, long[]> entry : CnnNetwork.PARAM_SHAPES.entrySet()) {
            if (!entry.getKey().startsWith("conv1_")) { // conv1's are views of one product, below
                g.put(entry.getKey(), array(entry.getValue()));
            }
        }
        dLogits = array(batch, DigitClassifier.CLASSES);
        patches = array((long) batch * 784, TrainingBatch.PATCH);
        INDArray dDropped = array(batch, CnnNetwork.HIDDEN);
        INDArray dDense = array(batch, CnnNetwork.HIDDEN);

        // logits = dropped · logits_w + logits_b; dropped = dense × keep
        backward.add(NativeOp.of("matmul", arrays(dropped, dLogits), arrays(g.get("logits_w")), 1, 0, 0));
        backward.add(NativeOp.withBools("reduce_sum", arrays(dLogits), arrays(g.get("logits_b")), new long[]{0}, false));
        backward.add(NativeOp.of("matmul", arrays(dLogits, p.get("logits_w")), arrays(dDropped), 0, 1, 0));
        backward.add(NativeOp.of("multiply", arrays(dDropped, keep), arrays(dDense)));
        INDArray dConv1 = backToConv1(p, flat, dDense, g, g.get("conv2_w"), g.get("conv2_b"));
        // conv1's input needs no gradient, so its weights' and bias's gradients are one matrix product instead of
        // conv2d_bp (which would also compute the input's, ~10× slower here): the batch's 5×5 patches with a
        // trailing 1 (TrainingBatch.patches, made off this thread), transposed, times the gradient at each
        // of the n·784 positions. Rows 0-24 of the product are the 5×5×1×32 weights' gradient, row 25 the bias's.
        INDArray conv1Gradients = array(TrainingBatch.PATCH, 32);
        backward.add(NativeOp.of("matmul", arrays(patches, dConv1.reshape((long) batch * 784, 32)), arrays(conv1Gradients), 1, 0, 0));
        g.put("conv1_w", conv1Gradients.get(NDArrayIndex.interval(0, 25), NDArrayIndex.all()).reshape(5, 5, 1, 32));
        g.put("conv1_b", conv1Gradients.get(NDArrayIndex.point(25), NDArrayIndex.all()).reshape(32));
        Map<String, INDArray> ordered = new java.util.LinkedHashMap<>();
        CnnNetwork.PARAM_SHAPES.keySet().forEach(name -> ordered.put(name, g.get(name)));
        g.clear();
        g.putAll(ordered);
    }

    /** Appends {@code pooled = maxpool(relu(map))}, with ReLU on the pooled values when {@code afterPool}. */
    private void reluAndPool(INDArray map, INDArray pooled, boolean afterPool) {
        NativeOp pool = NativeOp.of("maxpool2d", arrays(map), arrays(pooled), POOL);
        if (afterPool) {
            forward.add(pool);
            forward.add(relu(pooled));
        } else {
            forward.add(relu(map));
            forward.add(pool);
        }
    }

    private static NativeOp relu(INDArray values) {
        return NativeOp.withFloats("relu", arrays(values), arrays(values), 0.0);
    }

    private INDArray array(long... shape) {
        INDArray a = Nd4j.create(DataType.FLOAT, shape);
        owned.add(a);
        return a;
    }

    /** Runs the forward pass on {@code n ≤ batch} images from {@code pixels[offset...]}; returns the logits (n × 10). */
    float[] forward(float[] pixels, int offset, int n) {
        if (n > batch) {
            throw new IllegalArgumentException(n + " images for a pass of " + batch);
        }
        NativeOp.put(x, pixels, offset, n * DigitClassifier.INPUTS);
        for (int i = 0; i < forward.size(); i++) {
            if (i == denseProduct && sparse != null && sparse.multiply(pool2, dense)) {
                continue;
            }
            forward.get(i).run();
        }
        NativeOp.get(logits, logitValues, 0, n * DigitClassifier.CLASSES);
        return logitValues;
    }

    /**
     * One training step's arithmetic: forward with the batch's dropout mask, the mean softmax cross-entropy
     * against its labels, and the gradient of every parameter. The parameters are not
     * changed; the returned gradients are this pass's own arrays, overwritten by the next step.
     */
    CnnNetwork.Step step(TrainingBatch input) {
        if (mode != Mode.TRAINING || input.size() != batch) {
            throw new IllegalStateException("a training pass for batches of " + batch + " was given " + input.size());
        }
        int[] labels = input.labels();
        NativeOp.put(keep, input.keep(), 0, batch * CnnNetwork.HIDDEN);
        NativeOp.put(patches, input.patches(), 0, input.patches().length);
        float[] z = forward(input.pixels(), 0, batch);
        double loss = 0;
        float[][] rows = new float[batch][];
        int k = DigitClassifier.CLASSES;
        for (int i = 0; i < batch; i++) {
            float[] row = java.util.Arrays.copyOfRange(z, i * k, i * k + k);
            rows[i] = row;
            double[] p = softmax(row);
            loss -= Math.log(Math.max(p[labels[i]], Double.MIN_NORMAL));
            for (int c = 0; c < k; c++) {
                logitGradient[i * k + c] = (float) ((p[c] - (c == labels[i] ? 1 : 0)) / batch);
            }
        }
        NativeOp.put(dLogits, logitGradient, 0, logitGradient.length);
        for (NativeOp op : backward) {
            op.run();
        }
        return new CnnNetwork.Step(loss / batch, rows, gradients);
    }

    /** Softmax of one row of logits, computed stably in double precision. */
    static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    @Override
    public void close() {
        forward.forEach(NativeOp::close);
        backward.forEach(NativeOp::close);
        owned.forEach(INDArray::close);
    }
}
