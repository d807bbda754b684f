package com.digitstudio.cli;

import com.digitstudio.data.MnistData;
import com.digitstudio.data.MnistSet;
import com.digitstudio.eval.Evaluation;
import com.digitstudio.eval.Evaluator;
import com.digitstudio.model.DigitClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Accuracy and loss of a model on the 10,000 MNIST test images.")
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ModelOption model;
    @Mixin
    DataOption data;
    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Output output = new Output(spec.commandLine().getOut(), json);
        long loadStart = System.nanoTime();
        DigitClassifier classifier = model.load();
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        MnistSet test = data.load(MnistData.Split.TEST, spec.commandLine().getErr());
        long start = System.nanoTime();
        Evaluation e = Evaluator.evaluate(classifier, test);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("model", classifier.info().name());
        fields.put("accuracy", e.accuracy());
        fields.put("loss", TrainCommand.round(e.loss(), 5));
        fields.put("examples", e.examples());
        fields.put("seconds", TrainCommand.round(seconds, 2));
        fields.put("load_seconds", TrainCommand.round(loadSeconds, 2));
        fields.put("input", classifier.info().normalisation());
        output.emit(fields, String.format("%s: accuracy %.2f%% (%d of %d), loss %.4f, in %.1f s",
                classifier.info().name(), e.accuracy() * 100, e.correct(), e.examples(), e.loss(), seconds));
        return 0;
    }
}
