package com.digitstudio.cli;

import com.digitstudio.data.MnistData;
import com.digitstudio.data.MnistSet;
import com.digitstudio.eval.Evaluator;
import com.digitstudio.explain.Faithfulness;
import com.digitstudio.explain.LayerPicture;
import com.digitstudio.explain.LayerStats;
import com.digitstudio.explain.Saliency;
import com.digitstudio.ink.ImageDigits;
import com.digitstudio.model.Activations;
import com.digitstudio.model.CnnNetwork;
import com.digitstudio.model.DigitClassifier;
import com.digitstudio.support.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import javax.imageio.ImageIO;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Show every layer of the network reading an image, and which pixels made it choose its digit.",
                "With --faithfulness, measure the saliency map on MNIST test images: how much erasing the 10%% most "
                        + "salient ink lowers the digit's probability, against erasing as much random ink."})
final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ModelOption model;
    @Mixin
    DataOption data;
    @Parameters(arity = "0..1", paramLabel = "IMAGE", description = "Image file of a single digit (PNG, JPEG, GIF, BMP).")
    Path image;
    @Option(names = "--png", paramLabel = "FILE", description = "Also write a picture of all layers and the saliency map.")
    Path png;
    @Option(names = "--saliency", paramLabel = "METHOD", defaultValue = "gradient",
            description = "gradient (gradient × input) or integrated (integrated gradients). Default: ${DEFAULT-VALUE}, "
                    + "the more faithful of the two on the shipped model (docs/decisions/0007-saliency.md).")
    String method;
    @Option(names = "--faithfulness", description = "Measure the saliency map on MNIST test images instead.")
    boolean faithfulness;
    @Option(names = "--examples", paramLabel = "N", defaultValue = "500",
            description = "Test images measured with --faithfulness. Default: ${DEFAULT-VALUE}.")
    int examples;
    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Saliency saliency = parseMethod(method);
        if (faithfulness == (image != null)) {
            throw new ParameterException(spec.commandLine(), "Give an IMAGE, or --faithfulness, but not both.");
        }
        if (examples < 1) {
            throw new ParameterException(spec.commandLine(), "--examples must be at least 1, not " + examples + ".");
        }
        if (png != null && faithfulness) {
            throw new ParameterException(spec.commandLine(), "--png draws one IMAGE; it does not go with --faithfulness.");
        }
        Output output = new Output(spec.commandLine().getOut(), json);
        CnnNetwork network = network(model.load());
        return faithfulness ? measure(output, network, saliency) : explain(output, network, saliency);
    }

    private CnnNetwork network(DigitClassifier classifier) {
        if (classifier instanceof CnnNetwork network) {
            return network;
        }
        throw new ParameterException(spec.commandLine(), "explain shows the layers of Digit Studio's own network (.dsm files); "
                + classifier.info().name() + " is a " + classifier.info().engine() + ", whose layers it cannot show.");
    }

    private int explain(Output output, CnnNetwork network, Saliency saliency) throws Exception {
        Optional<float[]> input = ImageDigits.fromFile(image);
        if (input.isEmpty()) {
            throw new ParameterException(spec.commandLine(), image + " is blank: there is no digit to explain.");
        }
        Activations layers = network.activations(input.get());
        float[] p = layers.probabilities();
        int digit = Evaluator.argmax(p);
        double[] rounded = new double[p.length];
        for (int d = 0; d < p.length; d++) {
            rounded[d] = TrainCommand.round(p[d], 5);
        }
        List<Map<String, Object>> layerFields = new ArrayList<>();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%s: %d (%.1f%%)%n", image, digit, p[digit] * 100));
        for (LayerStats stats : LayerStats.of(layers)) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", stats.name());
            f.put("shape", stats.shape());
            f.put("min", TrainCommand.round(stats.min(), 5));
            f.put("max", TrainCommand.round(stats.max(), 5));
            f.put("mean", TrainCommand.round(stats.mean(), 5));
            layerFields.add(f);
            text.append(String.format(Locale.ROOT, "  %-7s %-12s min %9.4f  max %9.4f  mean %9.4f%n", stats.name(),
                    java.util.Arrays.toString(stats.shape()), stats.min(), stats.max(), stats.mean()));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("file", image.toString());
        fields.put("digit", digit);
        fields.put("probability", rounded[digit]);
        fields.put("probabilities", rounded);
        fields.put("layers", layerFields);
        if (png != null) {
            float[] attribution = saliency.attribute(network, input.get(), digit);
            var picture = LayerPicture.draw(layers, attribution, digit, saliency.label());
            AtomicFiles.write(png, out -> ImageIO.write(picture, "png", out));
            fields.put("png", png.toString());
            fields.put("saliency", saliency.label());
            text.append("  picture of the layers and the saliency map (").append(saliency.label()).append("): ").append(png).append('\n');
        }
        output.emit(fields, text.toString().stripTrailing());
        return 0;
    }

    private int measure(Output output, CnnNetwork network, Saliency saliency) throws Exception {
        MnistSet test = data.load(MnistData.Split.TEST, spec.commandLine().getErr());
        Faithfulness.Result result = Faithfulness.measure(network, saliency, test, examples, 42, f -> { }, () -> false);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("saliency", saliency.label());
        fields.put("examples", result.examples());
        fields.put("erase_share", 0.10);
        fields.put("erase_salient_drop", TrainCommand.round(result.salientDrop(), 4));
        fields.put("erase_random_drop", TrainCommand.round(result.randomDrop(), 4));
        fields.put("ratio", TrainCommand.round(result.ratio(), 2));
        fields.put("random_draws", Faithfulness.RANDOM_DRAWS);
        fields.put("seconds", TrainCommand.round(result.seconds(), 1));
        output.emit(fields, String.format(Locale.ROOT,
                "%s on %d test images: erasing the 10%% most salient ink lowers the digit's probability by %.3f on average, "
                        + "erasing as much random ink by %.3f (%.1f×).", saliency.label(), result.examples(),
                result.salientDrop(), result.randomDrop(), result.ratio()));
        return 0;
    }

    static Saliency parseMethod(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "integrated", "integrated-gradients", "ig" -> Saliency.INTEGRATED_GRADIENTS;
            case "gradient", "gradient-x-input", "gxi" -> Saliency.GRADIENT_TIMES_INPUT;
            default -> throw new IllegalArgumentException("Unknown saliency method '" + text + "'; choose integrated or gradient.");
        };
    }
}
