package com.digitstudio.app.draw;

import com.digitstudio.ink.Ink;
import com.digitstudio.ink.InkRasterizer;
import com.digitstudio.model.Activations;
import com.digitstudio.model.CnnNetwork;
import com.digitstudio.model.DigitClassifier;
import javafx.concurrent.Task;

/**
 * Reads one input with one model, on the inference thread: a drawing goes through the shared {@link InkRasterizer}
 * (the one path from strokes to the 28×28 input), an image's pixels are used as they are.
 */
final class PredictTask extends Task<Prediction> {
    private final DigitClassifier model;
    private final Ink ink;
    private final float[] pixels;
    private final InkRasterizer rasterizer;

    private PredictTask(DigitClassifier model, Ink ink, float[] pixels, InkRasterizer rasterizer) {
        this.model = model;
        this.ink = ink;
        this.pixels = pixels;
        this.rasterizer = rasterizer;
        updateTitle("Reading the digit");
    }

    static PredictTask forInk(DigitClassifier model, Ink ink, InkRasterizer rasterizer) {
        return new PredictTask(model, ink, null, rasterizer);
    }

    static PredictTask forPixels(DigitClassifier model, float[] pixels) {
        return new PredictTask(model, null, pixels.clone(), null);
    }

    @Override
    protected Prediction call() {
        float[] input = pixels != null ? pixels
                : rasterizer.rasterize(ink).orElseThrow(() -> new IllegalStateException("an empty drawing has no input"));
        long start = System.nanoTime();
        if (model instanceof CnnNetwork network) {
            // the same forward pass, with every layer copied out for the Inside tab (~0.05 ms more)
            Activations layers = network.activations(input);
            return new Prediction(layers.probabilities(), input, (System.nanoTime() - start) / 1e6, layers);
        }
        float[] probabilities = model.predict(input);
        double millis = (System.nanoTime() - start) / 1e6;
        return new Prediction(probabilities, input, millis);
    }
}
