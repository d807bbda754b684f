package com.digitstudio.cli;

import com.digitstudio.eval.ModelSummary;
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
            ModelSummary summary = ModelSummary.of(classifier);
            ModelInfo info = summary.info();
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("event", "info");
            fields.put("name", info.name());
            fields.put("architecture", info.architecture());
            fields.put("engine", info.engine());
            fields.put("input_convention", info.normalisation());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (DigitClassifier.Layer layer : summary.layers()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", layer.name());
                row.put("type", layer.type());
                row.put("output_shape", layer.outputShape());
                row.put("parameters", layer.parameters());
                rows.add(row);
            }
            fields.put("layers", rows);
            fields.put("total_parameters", summary.totalParameters());
            fields.put("sample_accuracy", TrainCommand.round(summary.sample().accuracy(), 4));
            fields.put("sample_images", summary.sample().examples());
            fields.put("recorded_test_accuracy", info.testAccuracy());
            fields.put("load_seconds", TrainCommand.round(loadSeconds, 2));
            new Output(spec.commandLine().getOut(), json).emit(fields, summary.text());
        } finally {
            classifier.close();
        }
        return 0;
    }
}
