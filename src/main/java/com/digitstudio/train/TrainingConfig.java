package com.digitstudio.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every setting of a training run. Immutable; {@link #validate()} says in one sentence what is wrong.
 *
 * @param preset          the preset these settings started from
 * @param steps           optimisation steps (batches) in the whole run
 * @param batchSize       examples per step
 * @param learningRate    the base learning rate
 * @param optimizer       the update rule
 * @param schedule        how the learning rate changes over the run
 * @param dropout         the fraction of the dense layer's units dropped while training (0.4 in the tutorial)
 * @param augment         whether to distort training images (shift, rotate, scale, shear, elastic, pen width)
 * @param seed            seed of every random choice: weights, order, dropout, augmentation
 * @param evalEvery       steps between evaluations on the test set (0: only at the end)
 * @param checkpointEvery steps between checkpoints (0: only when the run stops)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingConfig(String preset, long steps, int batchSize, double learningRate, Optimizer optimizer,
                             Schedule schedule, double dropout, boolean augment, long seed, long evalEvery,
                             long checkpointEvery) {

    /** Throws {@link IllegalArgumentException} with one sentence if a value is out of range. */
    public TrainingConfig validate() {
        if (steps < 1 || steps > 10_000_000) {
            throw new IllegalArgumentException("Steps must be between 1 and 10,000,000 (got " + steps + ").");
        }
        if (batchSize < 1 || batchSize > 4096) {
            throw new IllegalArgumentException("Batch size must be between 1 and 4096 (got " + batchSize + ").");
        }
        if (!(learningRate > 0 && learningRate <= 10) || Double.isNaN(learningRate)) {
            throw new IllegalArgumentException("Learning rate must be above 0 and at most 10 (got " + learningRate + ").");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("Dropout must be at least 0 and below 1 (got " + dropout + ").");
        }
        if (optimizer == null || schedule == null) {
            throw new IllegalArgumentException("An optimiser and a learning-rate schedule must be chosen.");
        }
        if (evalEvery < 0 || checkpointEvery < 0) {
            throw new IllegalArgumentException("Evaluation and checkpoint intervals cannot be negative.");
        }
        return this;
    }

    /** Steps that make {@code epochs} passes over {@code trainingExamples}. */
    public static long stepsForEpochs(double epochs, int batchSize, int trainingExamples) {
        return Math.max(1, (long) Math.ceil(epochs * trainingExamples / batchSize));
    }

    public TrainingConfig withSteps(long value) {
        return new TrainingConfig(preset, value, batchSize, learningRate, optimizer, schedule, dropout, augment, seed, evalEvery, checkpointEvery);
    }

    public TrainingConfig withBatchSize(int value) {
        return new TrainingConfig(preset, steps, value, learningRate, optimizer, schedule, dropout, augment, seed, evalEvery, checkpointEvery);
    }

    public TrainingConfig withLearningRate(double value) {
        return new TrainingConfig(preset, steps, batchSize, value, optimizer, schedule, dropout, augment, seed, evalEvery, checkpointEvery);
    }

    public TrainingConfig withOptimizer(Optimizer value) {
        return new TrainingConfig(preset, steps, batchSize, learningRate, value, schedule, dropout, augment, seed, evalEvery, checkpointEvery);
    }

    public TrainingConfig withSchedule(Schedule value) {
        return new TrainingConfig(preset, steps, batchSize, learningRate, optimizer, value, dropout, augment, seed, evalEvery, checkpointEvery);
    }

    public TrainingConfig withDropout(double value) {
        return new TrainingConfig(preset, steps, batchSize, learningRate, optimizer, schedule, value, augment, seed, evalEvery, checkpointEvery);
    }

    public TrainingConfig withAugment(boolean value) {
        return new TrainingConfig(preset, steps, batchSize, learningRate, optimizer, schedule, dropout, value, seed, evalEvery, checkpointEvery);
    }

    public TrainingConfig withSeed(long value) {
        return new TrainingConfig(preset, steps, batchSize, learningRate, optimizer, schedule, dropout, augment, value, evalEvery, checkpointEvery);
    }

    public TrainingConfig withEvalEvery(long value) {
        return new TrainingConfig(preset, steps, batchSize, learningRate, optimizer, schedule, dropout, augment, seed, value, checkpointEvery);
    }

    public TrainingConfig withCheckpointEvery(long value) {
        return new TrainingConfig(preset, steps, batchSize, learningRate, optimizer, schedule, dropout, augment, seed, evalEvery, value);
    }

    /** The settings as text, for a model file's description. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("steps", Long.toString(steps));
        out.put("batch_size", Integer.toString(batchSize));
        out.put("learning_rate", Double.toString(learningRate));
        out.put("optimizer", optimizer.label());
        out.put("schedule", schedule.label());
        out.put("dropout", Double.toString(dropout));
        out.put("augment", Boolean.toString(augment));
        out.put("seed", Long.toString(seed));
        return out;
    }
}
