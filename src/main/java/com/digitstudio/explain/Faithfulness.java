package com.digitstudio.explain;

import com.digitstudio.data.MnistSet;
import com.digitstudio.eval.Evaluator;
import com.digitstudio.model.CnnNetwork;

import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/**
 * Measures a saliency method on MNIST test images: the mean fall of the predicted digit's probability when the
 * 10% most salient ink pixels are erased, against the mean fall when as many random ink pixels are erased
 * (averaged over {@link #RANDOM_DRAWS} draws per image).
 */
public final class Faithfulness {
    public static final int RANDOM_DRAWS = 5;

    /** {@code examples} images measured; {@code salientDrop} and {@code randomDrop} in probability (0..1). */
    public record Result(Saliency method, int examples, double salientDrop, double randomDrop, double seconds) {
        public double ratio() {
            return randomDrop <= 0 ? Double.POSITIVE_INFINITY : salientDrop / randomDrop;
        }
    }

    private Faithfulness() {
    }

    /** The first {@code examples} images of {@code test} (all of them if fewer); random draws from {@code seed}. */
    public static Result measure(CnnNetwork network, Saliency method, MnistSet test, int examples, long seed,
                                 DoubleConsumer progress, BooleanSupplier cancelled) {
        long start = System.nanoTime();
        int n = Math.min(examples, test.size());
        SplittableRandom random = new SplittableRandom(seed);
        double salientSum = 0;
        double randomSum = 0;
        int measured = 0;
        for (int i = 0; i < n && !cancelled.getAsBoolean(); i++) {
            float[] image = test.pixels(i);
            float[] before = network.predict(image);
            int digit = Evaluator.argmax(before);
            float[] attribution = method.attribute(network, image, digit);
            float salient = network.predict(Erasure.mostSalient(image, attribution))[digit];
            double randomAfter = 0;
            for (int d = 0; d < RANDOM_DRAWS; d++) {
                randomAfter += network.predict(Erasure.random(image, random))[digit];
            }
            salientSum += before[digit] - salient;
            randomSum += before[digit] - randomAfter / RANDOM_DRAWS;
            measured++;
            progress.accept((double) measured / n);
        }
        return new Result(method, measured, measured == 0 ? 0 : salientSum / measured,
                measured == 0 ? 0 : randomSum / measured, (System.nanoTime() - start) / 1e9);
    }
}
