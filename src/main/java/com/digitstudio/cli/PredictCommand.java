package com.digitstudio.cli;

import com.digitstudio.eval.Evaluator;
import com.digitstudio.ink.ImageDigits;
import com.digitstudio.model.DigitClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Read the digit in each image file (PNG, JPEG, GIF, BMP) and print the ten probabilities.")
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ModelOption model;
    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files of single digits.")
    List<Path> images;
    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Output output = new Output(spec.commandLine().getOut(), json);
        DigitClassifier classifier = model.load();
        for (Path image : images) {
            Optional<float[]> input = ImageDigits.fromFile(image);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("file", image.toString());
            if (input.isEmpty()) {
                fields.put("digit", null);
                fields.put("probabilities", null);
                output.emit(fields, image + ": no digit found (the image is blank)");
                continue;
            }
            float[] p = classifier.predict(input.get());
            int digit = Evaluator.argmax(p);
            double[] rounded = new double[p.length];
            StringBuilder text = new StringBuilder();
            for (int d = 0; d < p.length; d++) {
                rounded[d] = TrainCommand.round(p[d], 5);
                text.append(String.format(" %d:%.3f", d, p[d]));
            }
            fields.put("digit", digit);
            fields.put("probability", rounded[digit]);
            fields.put("probabilities", rounded);
            output.emit(fields, String.format("%s: %d (%.1f%%)  %s", image, digit, p[digit] * 100, text.toString().trim()));
        }
        return 0;
    }
}
