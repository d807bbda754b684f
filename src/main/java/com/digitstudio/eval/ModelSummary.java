package com.digitstudio.eval;

import com.digitstudio.data.MnistSample;
import com.digitstudio.model.DigitClassifier;
import com.digitstudio.model.ModelInfo;

import java.util.List;
import java.util.Locale;

/**
 * What a summary of a model shows, for {@code info} and the app's Model summary dialog alike: its description,
 * its layers, the total of their parameters, its input convention, and its accuracy on the 500 MNIST test images
 * inside the app ({@link MnistSample}).
 */
public record ModelSummary(ModelInfo info, List<DigitClassifier.Layer> layers, Long totalParameters, Evaluation sample) {

    /** Measures {@code model} on the sample (a fraction of a second for our network). */
    public static ModelSummary of(DigitClassifier model) {
        List<DigitClassifier.Layer> layers = model.layers();
        Long total = layers.isEmpty() ? null : layers.stream().mapToLong(DigitClassifier.Layer::parameters).sum();
        return new ModelSummary(model.info(), layers, total, Evaluator.evaluate(model, MnistSample.get()));
    }

    /** The summary as text, one layer a line. */
    public String text() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%s: %s (made with %s)%n", info.name(), info.architecture(), info.engine()));
        text.append("input: ").append(info.normalisation()).append('\n');
        for (DigitClassifier.Layer layer : layers) {
            text.append(String.format(Locale.ROOT, "  %-14s %-40s %-16s %,12d%n", layer.name(), layer.type(),
                    layer.outputShape().toString().replace(", ", "×").replace("[", "").replace("]", ""), layer.parameters()));
        }
        if (totalParameters != null) {
            text.append(String.format(Locale.ROOT, "  %-14s %-40s %-16s %,12d%n", "total", "", "", totalParameters));
        } else {
            text.append("  (this model does not list its layers)\n");
        }
        text.append(String.format(Locale.ROOT, "accuracy on the app's %d MNIST test images: %.1f%%%s",
                sample.examples(), sample.accuracy() * 100,
                info.testAccuracy() == null ? "" : String.format(Locale.ROOT, " (recorded on the full test set: %.2f%%)",
                        info.testAccuracy() * 100)));
        return text.toString();
    }
}
