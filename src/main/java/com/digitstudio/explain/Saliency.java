package com.digitstudio.explain;

import com.digitstudio.model.CnnNetwork;
import com.digitstudio.model.DigitClassifier;

/**
 * How much each pixel of a 28×28 input pushed one digit's score (its logit) up or down. Positive: this pixel's
 * value raised the score; negative: it lowered it. For an ink pixel that means "this ink speaks for the digit";
 * for an empty pixel, whose value is 0, both methods give 0, so they say nothing about where ink is missing.
 */
public enum Saliency {
    /** The logit's gradient times the input: one backward pass. */
    GRADIENT_TIMES_INPUT("gradient × input"),
    /**
     * Integrated gradients (Sundararajan et al., 2017): the input times the gradient averaged along the straight
     * path from a blank image to the input, here at {@link #STEPS} midpoints. Its attributions add up to the
     * logit's change from the blank image (completeness), which gradient × input does not promise.
     */
    INTEGRATED_GRADIENTS("integrated gradients");

    public static final int STEPS = 32;

    private final String label;

    Saliency(String label) {
        this.label = label;
    }

    /** The name shown to users. */
    public String label() {
        return label;
    }

    /** The attribution of each pixel of {@code pixels} (784 values) to {@code digit}'s logit. */
    public float[] attribute(CnnNetwork network, float[] pixels, int digit) {
        return attribute(network, pixels, new int[]{digit});
    }

    /** Attributions for n images at once ({@code pixels} n×784, one digit each), n×784 values. */
    public float[] attribute(CnnNetwork network, float[] pixels, int[] digits) {
        int n = digits.length;
        int size = DigitClassifier.INPUTS;
        if (this == GRADIENT_TIMES_INPUT) {
            float[] gradient = network.logitGradients(pixels, digits);
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] *= pixels[i];
            }
            return gradient;
        }
        float[] out = new float[n * size];
        for (int image = 0; image < n; image++) {
            float[] path = new float[STEPS * size];
            int[] repeated = new int[STEPS];
            for (int s = 0; s < STEPS; s++) {
                float alpha = (s + 0.5f) / STEPS;
                for (int p = 0; p < size; p++) {
                    path[s * size + p] = alpha * pixels[image * size + p];
                }
                repeated[s] = digits[image];
            }
            float[] gradients = network.logitGradients(path, repeated);
            for (int p = 0; p < size; p++) {
                double sum = 0;
                for (int s = 0; s < STEPS; s++) {
                    sum += gradients[s * size + p];
                }
                out[image * size + p] = (float) (pixels[image * size + p] * sum / STEPS);
            }
        }
        return out;
    }
}
