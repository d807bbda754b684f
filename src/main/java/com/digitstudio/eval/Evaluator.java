package com.digitstudio.eval;

import com.digitstudio.data.MnistSet;
import com.digitstudio.model.DigitClassifier;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Scores a model on labelled 28×28 images, in batches. */
public final class Evaluator {
    public static final int BATCH = 1000;

    private Evaluator() {
    }

    public static Evaluation evaluate(DigitClassifier model, MnistSet set) {
        return evaluate(model, set, () -> false);
    }

    /** Evaluates on the whole set; {@code cancelled} is checked between batches (returns what was scored). */
    public static Evaluation evaluate(DigitClassifier model, MnistSet set, BooleanSupplier cancelled) {
        Accumulator acc = new Accumulator();
        float[] batch = new float[BATCH * MnistSet.PIXELS];
        for (int start = 0; start < set.size() && !cancelled.getAsBoolean(); start += BATCH) {
            int n = Math.min(BATCH, set.size() - start);
            for (int i = 0; i < n; i++) {
                set.copyPixels(start + i, batch, i * MnistSet.PIXELS);
            }
            float[] input = n == BATCH ? batch : java.util.Arrays.copyOf(batch, n * MnistSet.PIXELS);
            float[][] probabilities = model.predict(input, n);
            for (int i = 0; i < n; i++) {
                acc.add(start + i, set.label(start + i), probabilities[i]);
            }
        }
        return acc.result();
    }

    /** Adds up predictions one at a time; also used for pen strokes. */
    public static final class Accumulator {
        private final int[][] confusion = new int[10][10];
        private final List<Evaluation.Miss> misses = new ArrayList<>();
        private int examples;
        private int correct;
        private double lossSum;

        public void add(int index, int label, float[] probabilities) {
            int predicted = argmax(probabilities);
            confusion[label][predicted]++;
            examples++;
            lossSum += -Math.log(Math.max(probabilities[label], 1e-12f));
            if (predicted == label) {
                correct++;
            } else {
                misses.add(new Evaluation.Miss(index, label, predicted, probabilities[predicted]));
            }
        }

        public Evaluation result() {
            int[][] copy = new int[10][];
            for (int i = 0; i < 10; i++) {
                copy[i] = confusion[i].clone();
            }
            return new Evaluation(examples, correct, examples == 0 ? 0 : lossSum / examples, copy, List.copyOf(misses));
        }
    }

    public static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
