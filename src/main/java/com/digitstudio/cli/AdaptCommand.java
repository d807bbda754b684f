package com.digitstudio.cli;

import com.digitstudio.adapt.AdaptConfig;
import com.digitstudio.adapt.FineTuner;
import com.digitstudio.data.MnistData;
import com.digitstudio.data.MnistSet;
import com.digitstudio.eval.Evaluator;
import com.digitstudio.ink.InkFiles;
import com.digitstudio.ink.InkRasterizer;
import com.digitstudio.ink.LabelledInk;
import com.digitstudio.model.CnnNetwork;
import com.digitstudio.model.DigitClassifier;
import com.digitstudio.model.ModelFormatException;
import com.digitstudio.support.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The "teach it your handwriting" machinery measured on real writers: for each writer, a copy of the model is
 * fine-tuned on the first K of their drawings of each digit and scored on the rest of their drawings, before and
 * after, and on MNIST's test set after.
 */
@Command(name = "adapt", mixinStandardHelpOptions = true,
        description = "Fine-tune a copy of the model on a few drawings of each writer and score it on that writer's other drawings.")
final class AdaptCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ModelOption model;
    @Mixin
    DataOption data;
    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "Labelled pen strokes, JSON Lines (.jsonl or .jsonl.gz), as `strokes` reads them.")
    Path input;
    @Option(names = "--by", required = true, paramLabel = "FIELD", description = "The field naming the writer (e.g. writer).")
    String by;
    @Option(names = "--shots", defaultValue = "2", paramLabel = "K",
            description = "Drawings per digit to learn from: each writer's first K of each digit, in file order (default 2).")
    int shots;
    @Option(names = "--min-drawings", defaultValue = "40", paramLabel = "M",
            description = "Only writers with at least this many drawings (default 40).")
    int minDrawings;
    @Option(names = "--mnist-test", defaultValue = "10000", paramLabel = "N",
            description = "MNIST test images each adapted model is scored on (default all 10,000).")
    int mnistTest;
    @Option(names = "--steps", paramLabel = "N", description = "Fine-tuning steps (default: the app's, 60).")
    Integer steps;
    @Option(names = "--lr", paramLabel = "X", description = "Adam's learning rate while fine-tuning (default: the app's, 1e-3).")
    Double learningRate;
    @Option(names = "--tune", paramLabel = "LAYERS", description = "dense (the two dense layers, the app's) or all.")
    String tune;
    @Option(names = "--json", description = "One JSON object per line: one per writer, then the summary.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (shots < 1 || shots > 100) {
            throw new IllegalArgumentException("--shots must be between 1 and 100 (got " + shots + ").");
        }
        if (minDrawings < 1 || mnistTest < 1 || mnistTest > 10_000) {
            throw new IllegalArgumentException("--min-drawings must be at least 1 and --mnist-test between 1 and 10,000.");
        }
        Output output = new Output(spec.commandLine().getOut(), json);
        DigitClassifier loaded = model.load();
        if (!(loaded instanceof CnnNetwork base)) {
            throw new ModelFormatException("adapt teaches Digit Studio's own network; " + loaded.info().name()
                    + " is a model made elsewhere.");
        }
        List<LabelledInk> drawings = InkFiles.read(input, by);
        MnistSet train = data.load(MnistData.Split.TRAIN, spec.commandLine().getErr());
        MnistSet test = data.load(MnistData.Split.TEST, spec.commandLine().getErr()).head(mnistTest);
        InkRasterizer rasterizer = new InkRasterizer();

        Map<String, List<FineTuner.Shot>> byWriter = new LinkedHashMap<>();
        for (LabelledInk drawing : drawings) {
            Optional<float[]> pixels = rasterizer.rasterize(drawing.ink());
            // drawings without the --by field ("(none)") belong to no writer
            if (pixels.isPresent() && drawing.group() != null && !drawing.group().equals("(none)")) {
                byWriter.computeIfAbsent(drawing.group(), g -> new ArrayList<>())
                        .add(new FineTuner.Shot(pixels.get(), drawing.label()));
            }
        }
        AdaptConfig d = AdaptConfig.standard();
        if (tune != null && !tune.equals("dense") && !tune.equals("all")) {
            throw new IllegalArgumentException("--tune must be dense or all (got " + tune + ").");
        }
        AdaptConfig config = new AdaptConfig(steps == null ? d.steps() : steps, d.batch(), d.userPerBatch(),
                learningRate == null ? d.learningRate() : learningRate, d.dropout(),
                tune == null ? d.tuneConvolutions() : tune.equals("all"), d.seed());
        int groups = 0;
        double beforeSum = 0;
        double afterSum = 0;
        double mnistSum = 0;
        double secondsSum = 0;
        for (Map.Entry<String, List<FineTuner.Shot>> writer : byWriter.entrySet()) {
            List<FineTuner.Shot> all = writer.getValue();
            if (all.size() < minDrawings) {
                continue;
            }
            List<FineTuner.Shot> learn = new ArrayList<>();
            List<FineTuner.Shot> held = new ArrayList<>();
            int[] taken = new int[10];
            for (FineTuner.Shot shot : all) {
                if (taken[shot.label()] < shots) {
                    taken[shot.label()]++;
                    learn.add(shot);
                } else {
                    held.add(shot);
                }
            }
            if (held.isEmpty()) {
                continue;
            }
            double before = FineTuner.accuracy(base, held);
            long t0 = System.nanoTime();
            CnnNetwork adapted = FineTuner.adapt(base, learn, train, config.withSeed(groups + 1), Progress.NONE);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double after = FineTuner.accuracy(adapted, held);
            double mnist = Evaluator.evaluate(adapted, test).accuracy();
            adapted.close();
            groups++;
            beforeSum += before;
            afterSum += after;
            mnistSum += mnist;
            secondsSum += seconds;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("writer", writer.getKey());
            row.put("learned_from", learn.size());
            row.put("scored_on", held.size());
            row.put("before", TrainCommand.round(before, 4));
            row.put("after", TrainCommand.round(after, 4));
            row.put("mnist_after", TrainCommand.round(mnist, 4));
            row.put("seconds", TrainCommand.round(seconds, 2));
            output.emit(row, String.format("%s: %d learned, %d scored: %.1f%% → %.1f%% (MNIST %.2f%%, %.1f s)",
                    writer.getKey(), learn.size(), held.size(), before * 100, after * 100, mnist * 100, seconds));
        }
        if (groups == 0) {
            throw new IllegalArgumentException("No writer in " + input.getFileName() + " has " + minDrawings
                    + " drawings or more (field \"" + by + "\").");
        }
        double before = beforeSum / groups;
        double after = afterSum / groups;
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("event", "summary");
        summary.put("groups", groups);
        summary.put("shots", shots);
        summary.put("before", TrainCommand.round(before, 4));
        summary.put("after", TrainCommand.round(after, 4));
        summary.put("error_reduction", TrainCommand.round(before >= 1 ? 0 : 1 - (1 - after) / (1 - before), 4));
        summary.put("mnist_after", TrainCommand.round(mnistSum / groups, 4));
        summary.put("mnist_images", test.size());
        summary.put("seconds_per_adaptation", TrainCommand.round(secondsSum / groups, 2));
        summary.put("steps", config.steps());
        summary.put("learning_rate", config.learningRate());
        summary.put("tuned", config.tuneConvolutions() ? "all" : "dense");
        output.emit(summary, String.format("%d writers, %d shots per digit: mean accuracy %.2f%% → %.2f%% (error %.0f%% lower); "
                        + "MNIST after %.2f%% (mean over the adapted models, %,d test images each); %.1f s per adaptation",
                groups, shots, before * 100, after * 100, (double) summary.get("error_reduction") * 100,
                mnistSum / groups * 100, test.size(), secondsSum / groups));
        return 0;
    }
}
