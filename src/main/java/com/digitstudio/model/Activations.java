package com.digitstudio.model;

/**
 * Every layer of the CNN for one image, from the same forward pass as its prediction, each row-major in NHWC
 * order (row, column, channel): {@code input} 28×28, {@code conv1} 28×28×32 after ReLU, {@code pool1} 14×14×32,
 * {@code conv2} 14×14×64 after ReLU, {@code pool2} 7×7×64, {@code dense} 1,024 after ReLU, {@code logits} 10 and
 * {@code probabilities} 10 (softmax of the logits). Dropout is inactive at inference and has no layer here.
 */
public record Activations(float[] input, float[] conv1, float[] pool1, float[] conv2, float[] pool2, float[] dense,
                          float[] logits, float[] probabilities) {
}
