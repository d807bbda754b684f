package com.digitstudio.eval;

import com.digitstudio.data.MnistSet;
import com.digitstudio.model.DigitClassifier;
import com.digitstudio.model.PixelScale;

import java.util.function.Function;

/**
 * Finds the pixel scaling a model made elsewhere was trained on, by scoring every candidate on test images with
 * the mean cross-entropy of the true labels, a proper scoring rule. Accuracy alone cannot tell: a ReLU network
 * without a final softmax reads 0..1 and 0..255 images almost alike (its scores only grow 255-fold; on the 500
 * built-in images such a fixture even read 8 more right at the wrong scale), but the wrong scale makes it absurdly
 * sure of its mistakes (cross-entropy 1.57 against 0.19), and a model fed pixels 255 times too small is unsure of
 * everything (close to ln 10).
 */
public final class InputScaling {
    private InputScaling() {
    }

    /** The scaling {@code classifierFor} was trained on, judged on {@code sample}; a tie keeps the earlier one. */
    public static PixelScale best(Function<PixelScale, DigitClassifier> classifierFor, MnistSet sample) {
        PixelScale best = PixelScale.UNIT;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (PixelScale scale : PixelScale.values()) {
            double loss = Evaluator.evaluate(classifierFor.apply(scale), sample).loss();
            if (loss < bestLoss) {
                bestLoss = loss;
                best = scale;
            }
        }
        return best;
    }
}
