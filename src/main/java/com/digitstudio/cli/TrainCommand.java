package com.digitstudio.cli;

import com.digitstudio.data.MnistData;
import com.digitstudio.data.MnistSet;
import com.digitstudio.eval.Evaluation;
import com.digitstudio.model.ModelFiles;
import com.digitstudio.model.SavedModel;
import com.digitstudio.train.Optimizer;
import com.digitstudio.train.Preset;
import com.digitstudio.train.Schedule;
import com.digitstudio.train.Trainer;
import com.digitstudio.train.TrainingConfig;
import com.digitstudio.train.TrainingControl;
import com.digitstudio.train.TrainingListener;
import com.digitstudio.train.TrainingResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the CNN on MNIST, printing progress at every step, then save the model.")
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--preset", defaultValue = "fast", paramLabel = "NAME",
            description = "tutorial (SGD 0.001, batch 100, 20,000 steps), fast (99%% in minutes) or robust (the shipped model's recipe). Default: ${DEFAULT-VALUE}.")
    String preset;

    static final class Length {
        @Option(names = "--steps", paramLabel = "N", description = "Optimisation steps (batches).")
        Long steps;
        @Option(names = "--epochs", paramLabel = "E", description = "Passes over the training set (may be fractional).")
        Double epochs;
    }

    @ArgGroup(exclusive = true)
    Length length = new Length();

    @Option(names = "--batch", paramLabel = "B", description = "Batch size.")
    Integer batch;
    @Option(names = "--lr", paramLabel = "X", description = "Learning rate.")
    Double learningRate;
    @Option(names = "--optimizer", paramLabel = "NAME", description = "sgd, momentum or adam.")
    String optimizer;
    @Option(names = "--schedule", paramLabel = "NAME", description = "Learning-rate schedule: constant, linear or cosine.")
    String schedule;
    @Option(names = "--dropout", paramLabel = "P", description = "Dropout rate of the dense layer while training.")
    Double dropout;
    @Option(names = "--augment", negatable = true, description = "Distort training images (shift, rotation, scale, elastic, pen width).")
    Boolean augment;
    @Option(names = "--seed", paramLabel = "S", description = "Random seed.")
    Long seed;
    @Option(names = "--eval-every", paramLabel = "N", description = "Steps between test-set evaluations (0: at the end only).")
    Long evalEvery;
    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Steps between checkpoints (0: only when the run ends). Default: the preset's (200 for fast).")
    Long checkpointEvery;
    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Checkpoint file, written as training goes (default: the --out file with .ckpt.dsm).")
    Path checkpoint;
    @Option(names = "--out", paramLabel = "FILE", defaultValue = "digit-studio-model.dsm",
            description = "Where to save the trained model. Default: ${DEFAULT-VALUE}.")
    Path out;
    @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "Continue the run saved in this checkpoint.")
    Path resume;
    @Option(names = "--log-every", paramLabel = "N", defaultValue = "50",
            description = "Steps between progress lines in text mode (JSON mode prints every step). Default: ${DEFAULT-VALUE}.")
    int logEvery;
    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Mixin
    DataOption data;

    @Override
    public Integer call() throws Exception {
        Output output = new Output(spec.commandLine().getOut(), json);
        java.io.PrintWriter err = spec.commandLine().getErr();
        // everything a mistyped option can break is checked before MNIST is loaded (or downloaded)
        if (logEvery < 1) {
            throw new IllegalArgumentException("--log-every must be at least 1 (got " + logEvery + ").");
        }
        if (length.epochs != null && !(length.epochs > 0 && length.epochs <= 10_000)) {
            throw new IllegalArgumentException("--epochs must be a number above 0 and at most 10,000 (got " + length.epochs + ").");
        }
        SavedModel saved = resume != null ? ModelFiles.read(resume) : null;
        TrainingConfig config = overrides(saved != null ? Trainer.checkpointConfig(saved) : Preset.parse(preset).config());
        Path checkpointFile = checkpoint != null ? checkpoint : resume != null ? resume
                : out.resolveSibling(ModelFilesNames.checkpointName(out));
        OutputPaths.checkWritable(out, "--out");
        OutputPaths.checkWritable(checkpointFile, "--checkpoint");
        if (OutputPaths.same(out, checkpointFile)) {
            throw new IllegalArgumentException("--checkpoint and --out name the same file (" + out
                    + "); the checkpoint would overwrite the model, so give them different names.");
        }
        MnistSet train = data.load(MnistData.Split.TRAIN, err);
        if (length.epochs != null) {
            config = config.withSteps(TrainingConfig.stepsForEpochs(length.epochs, config.batchSize(), train.size())).validate();
        }
        MnistSet test = data.load(MnistData.Split.TEST, err);
        Trainer trainer = saved != null ? Trainer.resume(saved, config, train, test) : Trainer.start(config, train, test);
        trainer.checkpointTo(checkpointFile);

        TrainingResult result = trainer.run(new Printer(output), new TrainingControl());
        ModelFiles.save(out, trainer.model());

        Evaluation eval = result.evaluation();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("event", "summary");
        summary.put("preset", result.config().preset());
        summary.put("steps", result.steps());
        summary.put("accuracy", eval == null ? null : eval.accuracy());
        summary.put("loss", eval == null ? null : eval.loss());
        summary.put("train_loss", result.lastLoss());
        summary.put("samples_per_s", round(result.samplesPerSecond(), 1));
        summary.put("seconds", round(result.seconds(), 1));
        summary.put("median_step_ms", Double.isNaN(result.medianStepSeconds()) ? null : round(result.medianStepSeconds() * 1e3, 2));
        summary.put("model", out.toString());
        summary.put("checkpoint", checkpointFile.toString());
        output.emit(summary, String.format(
                "Done: %d steps in %.0f s (%.0f samples/s). Test accuracy %.2f%%, loss %.4f. Model saved to %s.",
                result.steps(), result.seconds(), result.samplesPerSecond(),
                eval == null ? Double.NaN : eval.accuracy() * 100, eval == null ? Double.NaN : eval.loss(), out));
        return 0;
    }

    /** The settings given on the command line over {@code config}, except --epochs (it needs the training set's size). */
    private TrainingConfig overrides(TrainingConfig config) {
        TrainingConfig c = config;
        if (batch != null) {
            c = c.withBatchSize(batch);
        }
        if (checkpointEvery != null) {
            c = c.withCheckpointEvery(checkpointEvery);
        }
        if (length.steps != null) {
            c = c.withSteps(length.steps);
        }
        if (learningRate != null) {
            c = c.withLearningRate(learningRate);
        }
        if (optimizer != null) {
            c = c.withOptimizer(parseEnum(Optimizer.class, optimizer, "optimizer", "sgd, momentum or adam"));
        }
        if (schedule != null) {
            c = c.withSchedule(parseEnum(Schedule.class, schedule, "schedule", "constant, linear or cosine"));
        }
        if (dropout != null) {
            c = c.withDropout(dropout);
        }
        if (augment != null) {
            c = c.withAugment(augment);
        }
        if (seed != null) {
            c = c.withSeed(seed);
        }
        if (evalEvery != null) {
            c = c.withEvalEvery(evalEvery);
        }
        return c.validate();
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String text, String what, String choices) {
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown " + what + " '" + text + "'; choose " + choices + ".");
        }
    }

    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    private final class Printer implements TrainingListener {
        private final Output output;

        Printer(Output output) {
            this.output = output;
        }

        @Override
        public void onStep(Step s) {
            if (!output.json() && s.step() % logEvery != 0 && s.step() != s.totalSteps()) {
                return;
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("event", "step");
            fields.put("step", s.step());
            fields.put("steps", s.totalSteps());
            fields.put("epoch", round(s.epoch(), 3));
            fields.put("loss", round(s.loss(), 5));
            fields.put("batch_accuracy", round(s.batchAccuracy(), 4));
            fields.put("samples_per_s", round(s.samplesPerSecond(), 1));
            fields.put("learning_rate", s.learningRate());
            fields.put("seconds", round(s.elapsedSeconds(), 1));
            output.emit(fields, String.format("step %6d/%d  epoch %5.2f  loss %.4f  batch acc %5.1f%%  %5.0f samples/s  lr %.2g  %6.0f s",
                    s.step(), s.totalSteps(), s.epoch(), s.loss(), s.batchAccuracy() * 100, s.samplesPerSecond(),
                    s.learningRate(), s.elapsedSeconds()));
        }

        @Override
        public void onEvaluation(long step, Evaluation e) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("event", "evaluation");
            fields.put("step", step);
            fields.put("accuracy", e.accuracy());
            fields.put("loss", round(e.loss(), 5));
            fields.put("examples", e.examples());
            output.emit(fields, String.format("  test after %d steps: accuracy %.2f%%, loss %.4f (%d examples)",
                    step, e.accuracy() * 100, e.loss(), e.examples()));
        }

        @Override
        public void onCheckpoint(long step, Path file) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("event", "checkpoint");
            fields.put("step", step);
            fields.put("file", file.toString());
            output.emit(fields, String.format("  checkpoint after %d steps: %s", step, file));
        }
    }
}
