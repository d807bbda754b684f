package com.digitstudio.train;

import com.digitstudio.eval.Evaluation;

import java.nio.file.Path;

/** Receives a run's progress, on the training thread: keep these quick, hand work to another thread. */
public interface TrainingListener {

    /**
     * One optimisation step.
     *
     * @param step              steps done so far (1-based)
     * @param samplesPerSecond  training throughput over the last few steps
     * @param learningRate      the rate used for this step
     */
    record Step(long step, long totalSteps, double epoch, double loss, double batchAccuracy,
                double samplesPerSecond, double learningRate, double elapsedSeconds) {
    }

    default void onStart(TrainingConfig config, long firstStep) {
    }

    default void onStep(Step step) {
    }

    /** An evaluation on the test set after {@code step} steps. */
    default void onEvaluation(long step, Evaluation evaluation) {
    }

    default void onCheckpoint(long step, Path file) {
    }
}
