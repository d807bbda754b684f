package com.digitstudio.app.draw;

import com.digitstudio.model.Activations;
import com.digitstudio.model.DigitClassifier;

/**
 * What the model made of one input: the ten softmax probabilities, the exact 28×28 array it was given, and how
 * long the model call took.
 *
 * @param probabilities ten values that sum to about 1
 * @param input         the 784 pixels the model read (row-major, 0 = background, 1 = ink)
 * @param millis        the duration of the model call alone
 * @param layers        every layer's values from the same forward pass, when the model is Digit Studio's own
 *                      network (null for a model whose layers cannot be shown)
 */
public record Prediction(float[] probabilities, float[] input, double millis, Activations layers) {
    /** Below this top probability the answer is shown as unsure. */
    public static final double CONFIDENT = 0.6;
    /** Nor is it sure when the runner-up is this close. */
    public static final double CLEAR_MARGIN = 0.3;

    public Prediction(float[] probabilities, float[] input, double millis) {
        this(probabilities, input, millis, null);
    }

    public Prediction {
        if (probabilities.length != DigitClassifier.CLASSES) {
            throw new IllegalArgumentException("expected 10 probabilities, got " + probabilities.length);
        }
        if (input.length != DigitClassifier.INPUTS) {
            throw new IllegalArgumentException("expected 784 input pixels, got " + input.length);
        }
        probabilities = probabilities.clone();
        input = input.clone();
    }

    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }

    @Override
    public float[] input() {
        return input.clone();
    }

    public float probability(int digit) {
        return probabilities[digit];
    }

    /** The most probable digit. */
    public int digit() {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The top probability. */
    public float confidence() {
        return probabilities[digit()];
    }

    /** The second most probable digit. */
    public int runnerUp() {
        int top = digit();
        int second = top == 0 ? 1 : 0;
        for (int i = 0; i < probabilities.length; i++) {
            if (i != top && probabilities[i] > probabilities[second]) {
                second = i;
            }
        }
        return second;
    }

    /** True when the model is not clearly for one digit: a low top probability or a close runner-up. */
    public boolean isUnsure() {
        float top = confidence();
        return top < CONFIDENT || top - probabilities[runnerUp()] < CLEAR_MARGIN;
    }
}
