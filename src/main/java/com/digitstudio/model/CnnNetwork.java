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
    /** Images per call of the input-gradient pass: integrated gradients' path in one call. */
    static final int GRADIENT_CHUNK = 32;

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
    private CnnPass gradient;
    private CnnPass singleGradient;

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
            batch = new CnnPass(CHUNK, params, CnnPass.Mode.INFERENCE);
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

    /**
     * For each of {@code n} images, the gradient of its logit for {@code digits[i]} with respect to each of its
     * 784 pixels (no dropout): what saliency methods are made of. Returns n×784 values.
     */
    public float[] logitGradients(float[] pixels, int[] digits) {
        int n = digits.length;
        if (pixels.length != n * INPUTS) {
            throw new IllegalArgumentException("expected " + n * INPUTS + " pixels, got " + pixels.length);
        }
        // a pass computes its whole batch, so one image gets a pass of its own, on one thread
        CnnPass pass;
        if (n == 1) {
            NativeOp.useThreads(1);
            if (singleGradient == null) {
                singleGradient = new CnnPass(1, params, CnnPass.Mode.INPUT_GRADIENT);
            }
            pass = singleGradient;
        } else {
            NativeOp.useThreads(NativeOp.defaultThreads());
            if (gradient == null) {
                gradient = new CnnPass(GRADIENT_CHUNK, params, CnnPass.Mode.INPUT_GRADIENT);
            }
            pass = gradient;
        }
        float[] out = new float[n * INPUTS];
        float[] chunkOut = new float[pass.batch * INPUTS];
        for (int start = 0; start < n; start += pass.batch) {
            int count = Math.min(pass.batch, n - start);
            float[] weights = new float[count * CLASSES];
            for (int i = 0; i < count; i++) {
                int digit = digits[start + i];
                if (digit < 0 || digit >= CLASSES) {
                    throw new IllegalArgumentException(digit + " is not a digit");
                }
                weights[i * CLASSES + digit] = 1f;
            }
            float[] chunk = java.util.Arrays.copyOfRange(pixels, start * INPUTS, (start + count) * INPUTS);
            pass.inputGradient(chunk, count, weights, chunkOut);
            System.arraycopy(chunkOut, 0, out, start * INPUTS, count * INPUTS);
        }
        return out;
    }

    /**
     * For each of {@code n} images: the largest value of each of conv2's 64 maps (after ReLU), then each of the
     * 1,024 dense units' values: n × 1,088 values, for finding the images that excite a unit most.
     */
    public float[] unitPeaks(float[] pixels, int n) {
        if (pixels.length != n * INPUTS) {
            throw new IllegalArgumentException("expected " + n * INPUTS + " pixels, got " + pixels.length);
        }
        NativeOp.useThreads(NativeOp.defaultThreads());
        if (batch == null) {
            batch = new CnnPass(CHUNK, params, CnnPass.Mode.INFERENCE);
        }
        int units = 64 + HIDDEN;
        float[] out = new float[n * units];
        float[] conv2 = new float[CHUNK * 14 * 14 * 64];
        float[] dense = new float[CHUNK * HIDDEN];
        for (int start = 0; start < n; start += CHUNK) {
            int count = Math.min(CHUNK, n - start);
            batch.forward(pixels, start * INPUTS, count);
            NativeOp.get(batch.conv2, conv2, 0, count * 14 * 14 * 64);
            NativeOp.get(batch.dense, dense, 0, count * HIDDEN);
            for (int i = 0; i < count; i++) {
                int row = (start + i) * units;
                for (int c = 0; c < 64; c++) {
                    float max = 0;
                    for (int p = 0; p < 14 * 14; p++) {
                        max = Math.max(max, conv2[(i * 196 + p) * 64 + c]);
                    }
                    out[row + c] = max;
                }
                System.arraycopy(dense, i * HIDDEN, out, row + 64, HIDDEN);
            }
        }
        return out;
    }

    /** The SHA-256 of the parameters' values (names and float32 bytes, in declaration order), in hex. */
    public String fingerprint() {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, float[]> entry : weights().entrySet()) {
                sha.update(entry.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(entry.getValue().length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                bytes.asFloatBuffer().put(entry.getValue());
                sha.update(bytes);
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The parameters' values, copied into Java arrays (row-major, the shapes of {@link #PARAM_SHAPES}). */
    public Map<String, float[]> weights() {
        Map<String, float[]> out = new LinkedHashMap<>();
        params.forEach((name, value) -> out.put(name, value.dup('c').data().asFloat()));
        return out;
    }

    private CnnPass singlePass() {
        NativeOp.useThreads(1);
        if (single == null) {
            single = new CnnPass(1, params, CnnPass.Mode.INFERENCE);
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
            training = new CnnPass(n, params, CnnPass.Mode.TRAINING);
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
    public java.util.List<Layer> layers() {
        return java.util.List.of(
                new Layer("input", "Input", java.util.List.of(28L, 28L, 1L), 0),
                new Layer("conv1", "Conv 5×5, ReLU", java.util.List.of(28L, 28L, 32L), count("conv1_w") + count("conv1_b")),
                new Layer("pool1", "MaxPool 2×2/2", java.util.List.of(14L, 14L, 32L), 0),
                new Layer("conv2", "Conv 5×5, ReLU", java.util.List.of(14L, 14L, 64L), count("conv2_w") + count("conv2_b")),
                new Layer("pool2", "MaxPool 2×2/2", java.util.List.of(7L, 7L, 64L), 0),
                new Layer("dense", "Dense, ReLU (dropout 0.4 while training)", java.util.List.of((long) HIDDEN),
                        count("dense_w") + count("dense_b")),
                new Layer("logits", "Dense", java.util.List.of(10L), count("logits_w") + count("logits_b")),
                new Layer("probabilities", "Softmax", java.util.List.of(10L), 0));
    }

    private static long count(String param) {
        long n = 1;
        for (long d : PARAM_SHAPES.get(param)) {
            n *= d;
        }
        return n;
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
        for (CnnPass pass : new CnnPass[]{single, batch, training, gradient, singleGradient}) {
            if (pass != null) {
                pass.close();
            }
        }
        single = null;
        batch = null;
        training = null;
        gradient = null;
        singleGradient = null;
    }
}
