package com.digitstudio.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The seed CNN of the TensorFlow "CNN with Estimators" MNIST tutorial:
 * <pre>
 * input 28×28×1 (NHWC)
 *  → conv 32@5×5 same, ReLU → max-pool 2×2/2      → 14×14×32
 *  → conv 64@5×5 same, ReLU → max-pool 2×2/2      → 7×7×64 = 3136
 *  → dense 1024, ReLU → dropout (training only)
 *  → dense 10 logits → softmax
 * </pre>
 * It runs as prepared calls of ND4J's native kernels on arrays allocated once ({@link CnnPass}): one pass for
 * single images (on one OpenMP thread), one for batches, one for training. See docs/decisions/0001-engine-samediff.md
 * and 0006-speed.md. Dropout is a Bernoulli mask passed in by the training loop (values 0 or 1/keep), so the loop
 * owns its random numbers (reproducible, resumable) and inference never sees it.
 * <p>Not thread-safe: use a network from one thread at a time.
 */
public final class CnnNetwork implements DigitClassifier {
    public static final String ARCHITECTURE = "tf-mnist-cnn: conv32@5x5-pool2-conv64@5x5-pool2-dense1024-dropout-dense10";
    public static final int HIDDEN = 1024;
    /** Images per call of the batch pass; larger batches run in chunks of this size. */
    static final int CHUNK = 250;

    /** Parameter names and shapes; weights in YXIO (conv) and in×out (dense) layout. */
    public static final Map<String, long[]> PARAM_SHAPES;

    static {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("conv1_w", new long[]{5, 5, 1, 32});
        shapes.put("conv1_b", new long[]{32});
        shapes.put("conv2_w", new long[]{5, 5, 32, 64});
        shapes.put("conv2_b", new long[]{64});
        shapes.put("dense_w", new long[]{7 * 7 * 64, HIDDEN});
        shapes.put("dense_b", new long[]{HIDDEN});
        shapes.put("logits_w", new long[]{HIDDEN, 10});
        shapes.put("logits_b", new long[]{10});
        PARAM_SHAPES = Collections.unmodifiableMap(shapes);
    }

    private final Map<String, INDArray> params = new LinkedHashMap<>();
    private ModelInfo info;
    private CnnPass single;
    private CnnPass batch;
    private CnnPass training;

    private CnnNetwork(Map<String, INDArray> values, ModelInfo info) {
        this.info = info;
        for (Map.Entry<String, long[]> entry : PARAM_SHAPES.entrySet()) {
            INDArray value = values.get(entry.getKey());
            if (value == null) {
                throw new IllegalArgumentException("missing parameter " + entry.getKey());
            }
            if (!java.util.Arrays.equals(value.shape(), entry.getValue())) {
                throw new IllegalArgumentException("parameter " + entry.getKey() + " has shape "
                        + java.util.Arrays.toString(value.shape()) + ", expected " + java.util.Arrays.toString(entry.getValue()));
            }
            params.put(entry.getKey(), value.castTo(DataType.FLOAT).dup('c'));
        }
    }

    /** A freshly initialised network: Glorot-uniform weights (TensorFlow's default), zero biases. */
    public static CnnNetwork initialise(long seed, ModelInfo info) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, INDArray> values = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> entry : PARAM_SHAPES.entrySet()) {
            long[] shape = entry.getValue();
            int size = (int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            float[] data = new float[size];
            if (shape.length > 1) {
                long receptive = shape.length == 4 ? shape[0] * shape[1] : 1;
                long fanIn = receptive * shape[shape.length - 2];
                long fanOut = receptive * shape[shape.length - 1];
                double limit = Math.sqrt(6.0 / (fanIn + fanOut));
                for (int i = 0; i < size; i++) {
                    data[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
                }
            }
            values.put(entry.getKey(), Nd4j.createFromArray(data).reshape(shape));
        }
        return new CnnNetwork(values, info);
    }

    /** A network with the given parameter values (copied). */
    public static CnnNetwork fromParameters(Map<String, INDArray> values, ModelInfo info) {
        return new CnnNetwork(values, info);
    }

    @Override
    public float[][] predict(float[] pixels, int n) {
        if (pixels.length != n * INPUTS) {
            throw new IllegalArgumentException("expected " + n * INPUTS + " pixels, got " + pixels.length);
        }
        float[][] out = new float[n][];
        if (n == 1) {
            out[0] = probabilities(singlePass().forward(pixels, 0, 1), 0);
            return out;
        }
        NativeOp.useThreads(NativeOp.defaultThreads());
        if (batch == null) {
            batch = new CnnPass(CHUNK, params, false);
        }
        for (int start = 0; start < n; start += CHUNK) {
            int count = Math.min(CHUNK, n - start);
            float[] logits = batch.forward(pixels, start * INPUTS, count);
            for (int i = 0; i < count; i++) {
                out[start + i] = probabilities(logits, i);
            }
        }
        return out;
    }

    /** One image's prediction with every layer's values, from one forward pass. */
    public Activations activations(float[] pixels) {
        if (pixels.length != INPUTS) {
            throw new IllegalArgumentException("expected " + INPUTS + " pixels, got " + pixels.length);
        }
        CnnPass pass = singlePass();
        float[] logits = pass.forward(pixels, 0, 1).clone();
        return new Activations(pixels.clone(), values(pass.conv1), values(pass.pool1), values(pass.conv2),
                values(pass.pool2), values(pass.dense), java.util.Arrays.copyOf(logits, CLASSES), probabilities(logits, 0));
    }

    private CnnPass singlePass() {
        NativeOp.useThreads(1);
        if (single == null) {
            single = new CnnPass(1, params, false);
        }
        return single;
    }

    private static float[] values(INDArray array) {
        float[] out = new float[(int) array.length()];
        NativeOp.get(array, out, 0, out.length);
        return out;
    }

    private static float[] probabilities(float[] logits, int row) {
        double[] p = CnnPass.softmax(java.util.Arrays.copyOfRange(logits, row * CLASSES, row * CLASSES + CLASSES));
        float[] out = new float[CLASSES];
        for (int i = 0; i < CLASSES; i++) {
            out[i] = (float) p[i];
        }
        return out;
    }

    /** The result of one forward and backward pass on a batch; the gradients are overwritten by the next step. */
    public record Step(double loss, float[][] logits, Map<String, INDArray> gradients) {
    }

    /**
     * Forward and backward pass on a batch: {@code pixels} n×784, {@code labels} n digits, {@code keepMask}
     * n×1024 (0 or 1/keepProbability; all ones for no dropout). The parameters are not changed.
     */
    public Step forwardBackward(float[] pixels, int[] labels, float[] keepMask) {
        return forwardBackward(TrainingBatch.of(pixels, labels, keepMask));
    }

    /** Forward and backward pass on a prepared batch. The parameters are not changed. */
    public Step forwardBackward(TrainingBatch input) {
        int n = input.size();
        NativeOp.useThreads(NativeOp.defaultThreads());
        if (training == null || training.batch != n) {
            if (training != null) {
                training.close();
            }
            training = new CnnPass(n, params, true);
        }
        return training.step(input);
    }

    /** The live parameter arrays, by name, in declaration order; updating them in place updates the model. */
    public Map<String, INDArray> parameters() {
        return Collections.unmodifiableMap(params);
    }

    public long parameterCount() {
        return params.values().stream().mapToLong(INDArray::length).sum();
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    public void setInfo(ModelInfo info) {
        this.info = info;
    }

    /** Frees the native buffers of the prepared passes (the parameters stay usable). */
    @Override
    public void close() {
        for (CnnPass pass : new CnnPass[]{single, batch, training}) {
            if (pass != null) {
                pass.close();
            }
        }
        single = null;
        batch = null;
        training = null;
    }
}
