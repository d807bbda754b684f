package com.digitstudio.eval;

import com.digitstudio.ink.InkRasterizer;
import com.digitstudio.ink.LabelledInk;
import com.digitstudio.model.DigitClassifier;

import java.util.List;
import java.util.Optional;

/** Replays labelled drawings through the shared ink → 28×28 path and a model. */
public final class StrokeEvaluation {
    private StrokeEvaluation() {
    }

    /**
     * @param evaluation    the scores (indices of misses refer to {@code samples})
     * @param skipped       samples with no ink (no prediction is made for them)
     * @param rasterNanos   total time spent turning strokes into 28×28 inputs
     * @param meanInk       mean sum of the 28×28 pixel values per drawing (MNIST's training images: 96.5)
     */
    public record Result(Evaluation evaluation, int skipped, long rasterNanos, double meanInk) {
        public double microsecondsPerDrawing() {
            int n = evaluation.examples() + skipped;
            return n == 0 ? 0 : rasterNanos / 1e3 / n;
        }
    }

    public static Result evaluate(DigitClassifier model, List<LabelledInk> samples, InkRasterizer rasterizer) {
        Evaluator.Accumulator acc = new Evaluator.Accumulator();
        int batch = Evaluator.BATCH;
        float[] pixels = new float[batch * DigitClassifier.INPUTS];
        int[] indices = new int[batch];
        int filled = 0;
        int skipped = 0;
        long rasterNanos = 0;
        double inkSum = 0;
        for (int i = 0; i < samples.size(); i++) {
            long t0 = System.nanoTime();
            Optional<float[]> input = rasterizer.rasterize(samples.get(i).ink());
            rasterNanos += System.nanoTime() - t0;
            if (input.isEmpty()) {
                skipped++;
                continue;
            }
            for (float v : input.get()) {
                inkSum += v;
            }
            System.arraycopy(input.get(), 0, pixels, filled * DigitClassifier.INPUTS, DigitClassifier.INPUTS);
            indices[filled++] = i;
            if (filled == batch) {
                flush(model, samples, acc, pixels, indices, filled);
                filled = 0;
            }
        }
        if (filled > 0) {
            flush(model, samples, acc, pixels, indices, filled);
        }
        Evaluation evaluation = acc.result();
        return new Result(evaluation, skipped, rasterNanos, evaluation.examples() == 0 ? 0 : inkSum / evaluation.examples());
    }

    private static void flush(DigitClassifier model, List<LabelledInk> samples, Evaluator.Accumulator acc,
                              float[] pixels, int[] indices, int n) {
        float[][] probabilities = model.predict(java.util.Arrays.copyOf(pixels, n * DigitClassifier.INPUTS), n);
        for (int k = 0; k < n; k++) {
            acc.add(indices[k], samples.get(indices[k]).label(), probabilities[k]);
        }
    }
}
