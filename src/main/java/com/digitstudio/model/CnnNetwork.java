package com.digitstudio.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The seed CNN of the TensorFlow "CNN with Estimators" MNIST tutorial, as a SameDiff graph (see
 * docs/decisions/0001-engine.md for why SameDiff rather than MultiLayerNetwork):
 * <pre>
 * input 28×28×1 (NHWC)
 *  → conv 32@5×5 same, ReLU → max-pool 2×2/2      → 14×14×32
 *  → conv 64@5×5 same, ReLU → max-pool 2×2/2      → 7×7×64 = 3136
 *  → dense 1024, ReLU → dropout (training only)
 *  → dense 10 logits → softmax
 * </pre>
 * Dropout is a Bernoulli mask fed as a placeholder (values 0 or 1/keep), so the training loop owns its random
 * numbers (reproducible, resumable) and inference never sees it: {@code sd.nn.dropout} has no gradient in this
 * release.
 */
public final class CnnNetwork implements DigitClassifier {
    public static final String ARCHITECTURE = "tf-mnist-cnn: conv32@5x5-pool2-conv64@5x5-pool2-dense1024-dropout-dense10";
    static final String INPUT = "input";
    static final String LABELS = "labels";
    static final String KEEP = "keep";
    static final String PROBABILITIES = "probabilities";
    static final String TRAIN_LOGITS = "train_logits";
    static final String LOSS = "loss";
    public static final int HIDDEN = 1024;

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

    private final SameDiff sd;
    private final Map<String, SDVariable> params = new LinkedHashMap<>();
    private ModelInfo info;
    private boolean gradientsReady;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CnnNetwork.class);

    private CnnNetwork(Map<String, INDArray> values, ModelInfo info) {
        this.info = info;
        this.sd = SameDiff.create();
        for (Map.Entry<String, long[]> entry : PARAM_SHAPES.entrySet()) {
            INDArray value = values.get(entry.getKey());
            if (value == null) {
                throw new IllegalArgumentException("missing parameter " + entry.getKey());
            }
            if (!java.util.Arrays.equals(value.shape(), entry.getValue())) {
                throw new IllegalArgumentException("parameter " + entry.getKey() + " has shape "
                        + java.util.Arrays.toString(value.shape()) + ", expected " + java.util.Arrays.toString(entry.getValue()));
            }
            params.put(entry.getKey(), sd.var(entry.getKey(), value.castTo(DataType.FLOAT).dup()));
        }
        build();
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

    private void build() {
        SDVariable input = sd.placeHolder(INPUT, DataType.FLOAT, -1, INPUTS);
        SDVariable labels = sd.placeHolder(LABELS, DataType.FLOAT, -1, CLASSES);
        SDVariable keep = sd.placeHolder(KEEP, DataType.FLOAT, -1, HIDDEN);

        SDVariable image = input.reshape(-1, 28, 28, 1);
        Conv2DConfig conv = Conv2DConfig.builder().kH(5).kW(5).sH(1).sW(1)
                .paddingMode(PaddingMode.SAME).dataFormat("NHWC").build();
        Pooling2DConfig pool = Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2)
                .paddingMode(PaddingMode.VALID).isNHWC(true).build();

        SDVariable c1 = sd.nn().relu(sd.cnn().conv2d(image, params.get("conv1_w"), params.get("conv1_b"), conv), 0);
        SDVariable p1 = sd.cnn().maxPooling2d(c1, pool);                       // 14×14×32
        SDVariable c2 = sd.nn().relu(sd.cnn().conv2d(p1, params.get("conv2_w"), params.get("conv2_b"), conv), 0);
        SDVariable p2 = sd.cnn().maxPooling2d(c2, pool);                       // 7×7×64
        SDVariable flat = p2.reshape(-1, 7 * 7 * 64);
        SDVariable hidden = sd.nn().relu(flat.mmul(params.get("dense_w")).add(params.get("dense_b")), 0);

        SDVariable logits = hidden.mmul(params.get("logits_w")).add(params.get("logits_b"));
        sd.nn().softmax(PROBABILITIES, logits, 1);

        SDVariable trainLogits = hidden.mul(keep).mmul(params.get("logits_w")).add(TRAIN_LOGITS, params.get("logits_b"));
        sd.loss().softmaxCrossEntropy(LOSS, labels, trainLogits, null);
        sd.setLossVariables(LOSS);
    }

    /**
     * Builds the backward graph now. SameDiff 1.0.0-M2.1 prints a line to {@code System.out} for every op it
     * differentiates, which would corrupt the command line's JSON output; those lines go to the debug log instead.
     */
    private void createGradientsQuietly() {
        synchronized (System.class) {
            java.io.PrintStream stdout = System.out;
            java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
            System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                sd.createGradFunction();
            } finally {
                System.setOut(stdout);
            }
            LOG.debug("SameDiff gradient graph: {}", captured.toString(java.nio.charset.StandardCharsets.UTF_8).strip());
        }
    }

    @Override
    public float[][] predict(float[] pixels, int n) {
        if (pixels.length != n * INPUTS) {
            throw new IllegalArgumentException("expected " + n * INPUTS + " pixels, got " + pixels.length);
        }
        INDArray in = Nd4j.createFromArray(pixels).reshape(n, INPUTS);
        INDArray out = sd.output(Map.of(INPUT, in), PROBABILITIES).get(PROBABILITIES);
        return out.toFloatMatrix();
    }

    /** The result of one forward and backward pass on a batch. */
    public record Step(double loss, float[][] logits, Map<String, INDArray> gradients) {
    }

    /**
     * Forward and backward pass: {@code pixels} n×784, {@code oneHot} n×10, {@code keepMask} n×1024 (0 or
     * 1/keepProbability; all ones for no dropout). The parameters are not changed.
     */
    public Step forwardBackward(INDArray pixels, INDArray oneHot, INDArray keepMask) {
        if (!gradientsReady) {
            createGradientsQuietly();
            gradientsReady = true;
        }
        Map<String, INDArray> feed = Map.of(INPUT, pixels, LABELS, oneHot, KEEP, keepMask);
        OutAndGrad result = sd.calculateGradientsAndOutputs(feed, List.of(LOSS, TRAIN_LOGITS), params.keySet());
        double loss = result.getOutputs().get(LOSS).getDouble(0);
        float[][] logits = result.getOutputs().get(TRAIN_LOGITS).toFloatMatrix();
        return new Step(loss, logits, result.getGradients());
    }

    /** The live parameter arrays, by name, in declaration order; updating them in place updates the model. */
    public Map<String, INDArray> parameters() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        params.forEach((name, variable) -> out.put(name, variable.getArr()));
        return out;
    }

    public long parameterCount() {
        return params.values().stream().mapToLong(v -> v.getArr().length()).sum();
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    public void setInfo(ModelInfo info) {
        this.info = info;
    }
}
