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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The same network written as a SameDiff graph, with SameDiff's automatic differentiation: the independent
 * reference that {@link CnnPass}'s hand-wired forward and backward passes are checked against.
 */
final class SameDiffReference {
    private final SameDiff sd = SameDiff.create();
    private final List<String> names;

    SameDiffReference(Map<String, INDArray> parameters) {
        Map<String, SDVariable> p = new LinkedHashMap<>();
        parameters.forEach((name, value) -> p.put(name, sd.var(name, value.dup())));
        names = List.copyOf(p.keySet());
        SDVariable input = sd.placeHolder("input", DataType.FLOAT, -1, 784);
        SDVariable labels = sd.placeHolder("labels", DataType.FLOAT, -1, 10);
        SDVariable keep = sd.placeHolder("keep", DataType.FLOAT, -1, CnnNetwork.HIDDEN);
        SDVariable image = input.reshape(-1, 28, 28, 1);
        Conv2DConfig conv = Conv2DConfig.builder().kH(5).kW(5).sH(1).sW(1)
                .paddingMode(PaddingMode.SAME).dataFormat("NHWC").build();
        Pooling2DConfig pool = Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2)
                .paddingMode(PaddingMode.VALID).isNHWC(true).build();
        SDVariable c1 = sd.nn().relu(sd.cnn().conv2d(image, p.get("conv1_w"), p.get("conv1_b"), conv), 0);
        SDVariable p1 = sd.cnn().maxPooling2d(c1, pool);
        SDVariable c2 = sd.nn().relu(sd.cnn().conv2d(p1, p.get("conv2_w"), p.get("conv2_b"), conv), 0);
        SDVariable p2 = sd.cnn().maxPooling2d(c2, pool);
        SDVariable hidden = sd.nn().relu(p2.reshape(-1, 3136).mmul(p.get("dense_w")).add(p.get("dense_b")), 0);
        sd.nn().softmax("probabilities", hidden.mmul(p.get("logits_w")).add(p.get("logits_b")), 1);
        SDVariable logits = hidden.mul(keep).mmul(p.get("logits_w")).add("train_logits", p.get("logits_b"));
        sd.loss().softmaxCrossEntropy("loss", labels, logits, null);
        sd.setLossVariables("loss");
    }

    float[][] probabilities(float[] pixels, int n) {
        INDArray in = Nd4j.createFromArray(pixels).reshape(n, 784);
        return sd.output(Map.of("input", in), "probabilities").get("probabilities").toFloatMatrix();
    }

    /** Loss and gradients for one batch. */
    OutAndGrad gradients(float[] pixels, int[] labels, float[] keep) {
        int n = labels.length;
        float[] oneHot = new float[n * 10];
        for (int i = 0; i < n; i++) {
            oneHot[i * 10 + labels[i]] = 1;
        }
        Map<String, INDArray> feed = Map.of("input", Nd4j.createFromArray(pixels).reshape(n, 784),
                "labels", Nd4j.createFromArray(oneHot).reshape(n, 10),
                "keep", Nd4j.createFromArray(keep).reshape(n, CnnNetwork.HIDDEN));
        return sd.calculateGradientsAndOutputs(feed, List.of("loss"), names);
    }
}
