package com.digitstudio.cli;

import com.digitstudio.data.MnistSample;
import com.digitstudio.eval.Evaluation;
import com.digitstudio.eval.Evaluator;
import com.digitstudio.model.DigitClassifier;
import com.digitstudio.model.ModelInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Describe a model: what it is, its layers with output shapes and parameter counts, its input convention, and its accuracy on the 500 MNIST test images inside the app.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ModelOption model;
    @Option(names = "--json", description = "One JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        DigitClassifier classifier = model.load();
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        try {
            ModelInfo info = classifier.info();
            List<DigitClassifier.Layer> layers = classifier.layers();
            Evaluation sample = Evaluator.evaluate(classifier, MnistSample.get());
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("event", "info");
            fields.put("name", info.name());
            fields.put("architecture", info.architecture());
            fields.put("engine", info.engine());
            fields.put("input_convention", info.normalisation());
            List<Map<String, Object>> rows = new ArrayList<>();
            long total = 0;
            for (DigitClassifier.Layer layer : layers) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", layer.name());
                row.put("type", layer.type());
                row.put("output_shape", layer.outputShape());
                row.put("parameters", layer.parameters());
                rows.add(row);
                total += layer.parameters();
            }
            fields.put("layers", rows);
            fields.put("total_parameters", layers.isEmpty() ? null : total);
            fields.put("sample_accuracy", TrainCommand.round(sample.accuracy(), 4));
            fields.put("sample_images", sample.examples());
            fields.put("recorded_test_accuracy", info.testAccuracy());
            fields.put("load_seconds", TrainCommand.round(loadSeconds, 2));

            StringBuilder text = new StringBuilder();
            text.append(String.format(Locale.ROOT, "%s: %s (made with %s)%n", info.name(), info.architecture(), info.engine()));
            text.append("input: ").append(info.normalisation()).append('\n');
            for (DigitClassifier.Layer layer : layers) {
                text.append(String.format(Locale.ROOT, "  %-14s %-40s %-16s %,12d%n", layer.name(), layer.type(),
                        layer.outputShape().toString().replace(", ", "×").replace("[", "").replace("]", ""), layer.parameters()));
            }
            if (!layers.isEmpty()) {
                text.append(String.format(Locale.ROOT, "  %-14s %-40s %-16s %,12d%n", "total", "", "", total));
            }
            text.append(String.format(Locale.ROOT, "accuracy on the app's %d MNIST test images: %.1f%%%s",
                    sample.examples(), sample.accuracy() * 100,
                    info.testAccuracy() == null ? "" : String.format(Locale.ROOT, " (recorded on the full test set: %.2f%%)",
                            info.testAccuracy() * 100)));
            new Output(spec.commandLine().getOut(), json).emit(fields, text.toString());
        } finally {
            classifier.close();
        }
        return 0;
    }
}
