package com.digitstudio.eval;

import java.util.List;

/**
 * How a model did on a labelled set.
 *
 * @param confusion     confusion[actual][predicted] counts
 * @param misclassified the examples it got wrong, in set order
 */
public record Evaluation(int examples, int correct, double loss, int[][] confusion, List<Miss> misclassified) {

    /** An example the model got wrong: its index in the set, its label, what the model said and how sure it was. */
    public record Miss(int index, int actual, int predicted, float probability) {
    }

    public double accuracy() {
        return examples == 0 ? 0 : (double) correct / examples;
    }

    /** Accuracy among the examples labelled {@code digit}. */
    public double accuracyOf(int digit) {
        int total = 0;
        for (int count : confusion[digit]) {
            total += count;
        }
        return total == 0 ? 0 : (double) confusion[digit][digit] / total;
    }
}
